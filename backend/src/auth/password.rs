//! Argon2id password hashing. Hashing is deliberately slow, so it runs on the blocking pool;
//! a login's check holds its [`HashSlot`] inside the blocking task, so the cap on concurrent
//! hashes holds even when the caller is cancelled mid-hash.

use crate::auth::limiter::HashSlot;
use crate::error::ServiceError;
use argon2::Argon2;
use argon2::password_hash::{
    PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng,
};

/// Hashes `password` with Argon2id and a random salt (PHC string).
pub async fn hash(password: String) -> Result<String, ServiceError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| ServiceError::Internal(format!("hashing failed: {e}")))
    })
    .await
    .map_err(|e| ServiceError::Internal(format!("hashing task failed: {e}")))?
}

/// Checks `password` against a stored PHC hash. With `None` it still does the work of a check (and
/// fails), so a missing account takes as long as a wrong password. `slot` is released when the
/// hash ends, even if the caller stopped waiting.
pub async fn verify(password: String, stored: Option<String>, slot: Option<HashSlot>) -> bool {
    tokio::task::spawn_blocking(move || {
        // The slot is held, and the hash counted, until this closure returns (the count drops
        // first: locals drop in reverse order).
        let counted = slot.as_ref().map(HashSlot::running);
        let _slot = slot;
        let _counted = counted;
        let stored = stored.unwrap_or_else(|| DUMMY_HASH.to_string());
        match PasswordHash::new(&stored) {
            Ok(parsed) => {
                let ok = Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok();
                ok && stored != DUMMY_HASH
            }
            Err(_) => false,
        }
    })
    .await
    .unwrap_or(false)
}

// A valid Argon2id hash of a random string nobody knows, with the default parameters.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$ZRaZWNbJkdc2p3ZnTeWSPe4M0ceTrl0nPfQcj5yjwT8";

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_and_nothing_else() {
        let h = hash("correct horse".to_string()).await.unwrap_or_default();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("correct horse".to_string(), Some(h.clone()), None).await);
        assert!(!verify("wrong horse".to_string(), Some(h), None).await);
        assert!(!verify("anything".to_string(), None, None).await);
    }
}
