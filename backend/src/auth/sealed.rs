//! Secrets at rest: admin-entered credentials (integration headers, channel passwords, webhook
//! signing keys) are sealed with XChaCha20-Poly1305 under `CHATLANE_SECRET_KEY` before they reach
//! the database, and opened only where a request needs them. Sealed text is
//! `v1:<base64(nonce ‖ ciphertext)>`; the version leaves room for key rotation.

use base64::Engine;
use base64::engine::general_purpose::STANDARD_NO_PAD;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;
use std::fmt;

const PREFIX: &str = "v1:";
const NONCE_LEN: usize = 24;

/// Seals and opens secrets with the server's key. `Debug` never shows the key.
#[derive(Clone)]
pub struct SecretBox {
    cipher: XChaCha20Poly1305,
}

impl fmt::Debug for SecretBox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretBox(..)")
    }
}

/// Sealed text that cannot be opened: not ours, tampered with, or sealed under another key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a stored secret cannot be decrypted (was CHATLANE_SECRET_KEY changed?)")]
pub struct Unopenable;

impl SecretBox {
    /// A box for the 32-byte key.
    pub fn new(key: &[u8; 32]) -> Self {
        SecretBox {
            cipher: XChaCha20Poly1305::new(key.into()),
        }
    }

    /// Seals `plain` with a fresh random nonce.
    pub fn seal(&self, plain: &str) -> String {
        let mut nonce = [0u8; NONCE_LEN];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        // Encryption with a valid key and nonce length cannot fail; an empty output would only
        // make the secret unopenable, never leak it.
        let sealed = self
            .cipher
            .encrypt(XNonce::from_slice(&nonce), plain.as_bytes())
            .unwrap_or_default();
        let mut out = Vec::with_capacity(NONCE_LEN + sealed.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        format!("{PREFIX}{}", STANDARD_NO_PAD.encode(out))
    }

    /// Opens text made by [`seal`](Self::seal) with the same key.
    pub fn open(&self, sealed: &str) -> Result<String, Unopenable> {
        let encoded = sealed.strip_prefix(PREFIX).ok_or(Unopenable)?;
        let bytes = STANDARD_NO_PAD.decode(encoded).map_err(|_| Unopenable)?;
        if bytes.len() < NONCE_LEN {
            return Err(Unopenable);
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE_LEN);
        let plain = self
            .cipher
            .decrypt(XNonce::from_slice(nonce), ciphertext)
            .map_err(|_| Unopenable)?;
        String::from_utf8(plain).map_err(|_| Unopenable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sealer(byte: u8) -> SecretBox {
        SecretBox::new(&[byte; 32])
    }

    #[test]
    fn sealed_text_hides_the_secret_and_opens_with_the_same_key_only() {
        let b = sealer(7);
        let sealed = b.seal("Bearer sk_live_123");
        assert!(sealed.starts_with("v1:"));
        assert!(!sealed.contains("sk_live"));
        assert_eq!(b.open(&sealed), Ok("Bearer sk_live_123".to_string()));
        assert_eq!(sealer(8).open(&sealed), Err(Unopenable));
        assert_ne!(b.seal("same"), b.seal("same"), "a fresh nonce every time");
        assert_eq!(format!("{b:?}"), "SecretBox(..)");
    }

    #[test]
    fn tampered_or_foreign_text_does_not_open() {
        let b = sealer(1);
        let sealed = b.seal("password");
        let mut bytes = sealed.into_bytes();
        let last = bytes.len() - 1;
        bytes[last] = if bytes[last] == b'A' { b'B' } else { b'A' };
        let tampered = String::from_utf8(bytes).unwrap_or_default();
        for bad in [tampered.as_str(), "password", "v1:", "v1:!!!", "v2:abcd"] {
            assert_eq!(b.open(bad), Err(Unopenable), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn every_secret_round_trips(secret in ".{0,200}") {
            let b = sealer(3);
            prop_assert_eq!(b.open(&b.seal(&secret)), Ok(secret));
        }
    }
}
