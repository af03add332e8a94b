//! Device cookies (OWASP's defence against account lock-out): a browser that signed in to an
//! account gets a cookie naming that account, sealed with the server's key. Later attempts from
//! that browser are counted under the cookie instead of the account, so an attacker who locks the
//! account by guessing does not lock its owner out of their own browser.

use crate::auth::sealed::SecretBox;
use sha2::{Digest, Sha256};

/// The device cookie's name (with `__Host-` in front when served over https).
pub const DEVICE_COOKIE: &str = "chatlane_device";

/// How long a browser stays known, in days.
pub const DEVICE_COOKIE_DAYS: i64 = 365;

const BINDING: &str = "device-cookie";

/// The account a device cookie is about: the email, trimmed and lower-cased.
fn account(email: &str) -> String {
    email.trim().to_lowercase()
}

/// A new device cookie value for a browser that just signed in as `email`.
pub fn issue(secrets: &SecretBox, email: &str) -> String {
    secrets.seal(&account(email), BINDING)
}

/// The id the limiter counts `cookie` under, when it is a device cookie this server issued for
/// `email`; `None` for anything else (forged, another account's, sealed under an old key).
pub fn device_id(secrets: &SecretBox, cookie: &str, email: &str) -> Option<String> {
    if cookie.len() > 512 {
        return None;
    }
    let named = secrets.open(cookie, BINDING).ok()?;
    (named == account(email)).then(|| {
        Sha256::digest(cookie.as_bytes())
            .iter()
            .take(12)
            .map(|b| format!("{b:02x}"))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_cookie_is_valid_only_for_its_own_account_and_key() {
        let secrets = SecretBox::new(&[7; 32]);
        let cookie = issue(&secrets, " Ana@Example.com ");
        let id = device_id(&secrets, &cookie, "ana@example.com");
        assert!(id.as_ref().is_some_and(|i| i.len() == 24));
        assert_eq!(device_id(&secrets, &cookie, "ANA@example.com"), id);
        assert_eq!(device_id(&secrets, &cookie, "bob@example.com"), None);
        assert_eq!(device_id(&secrets, "forged", "ana@example.com"), None);
        let other_key = SecretBox::new(&[8; 32]);
        assert_eq!(device_id(&other_key, &cookie, "ana@example.com"), None);
        assert_ne!(
            issue(&secrets, "ana@example.com"),
            cookie,
            "each browser gets its own"
        );
    }
}
