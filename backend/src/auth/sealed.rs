//! Secrets at rest: admin-entered credentials (integration headers and bodies, channel passwords,
//! webhook signing keys) are sealed with XChaCha20-Poly1305 under `CHATLANE_SECRET_KEY` before
//! they reach the database, and opened only where a request needs them. Sealed text is
//! `v1.<key id>:<base64(nonce ‖ ciphertext)>`: the key id (from a hash of the key) says which key
//! sealed it, so rotation can keep old keys around; the caller's associated data (the row's
//! identity, e.g. `integration:12:header:Authorization`) binds a secret to its row, so a sealed
//! value copied into another row does not open.

use base64::Engine;
use base64::engine::general_purpose::STANDARD_NO_PAD;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::fmt;

const VERSION: &str = "v1";
const NONCE_LEN: usize = 24;

/// Seals and opens secrets with the server's key. `Debug` never shows the key.
#[derive(Clone)]
pub struct SecretBox {
    cipher: XChaCha20Poly1305,
    key_id: String,
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
        // The id names the key without revealing it: 8 hex digits of a hash of a derived value.
        let digest = Sha256::digest([b"chatlane key id:".as_slice(), key.as_slice()].concat());
        SecretBox {
            cipher: XChaCha20Poly1305::new(key.into()),
            key_id: digest.iter().take(4).map(|b| format!("{b:02x}")).collect(),
        }
    }

    /// The id written beside everything this box seals.
    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    /// Seals `plain` for the row `associated` names, with a fresh random nonce.
    pub fn seal(&self, plain: &str, associated: &str) -> String {
        let mut nonce = [0u8; NONCE_LEN];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let payload = Payload {
            msg: plain.as_bytes(),
            aad: associated.as_bytes(),
        };
        // Encryption with a valid key and nonce length cannot fail; an empty output would only
        // make the secret unopenable, never leak it.
        let sealed = self
            .cipher
            .encrypt(XNonce::from_slice(&nonce), payload)
            .unwrap_or_default();
        let mut out = Vec::with_capacity(NONCE_LEN + sealed.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        format!("{VERSION}.{}:{}", self.key_id, STANDARD_NO_PAD.encode(out))
    }

    /// Opens text made by [`seal`](Self::seal) with the same key and associated data.
    pub fn open(&self, sealed: &str, associated: &str) -> Result<String, Unopenable> {
        let (header, encoded) = sealed.split_once(':').ok_or(Unopenable)?;
        if header != format!("{VERSION}.{}", self.key_id) {
            return Err(Unopenable);
        }
        let bytes = STANDARD_NO_PAD.decode(encoded).map_err(|_| Unopenable)?;
        if bytes.len() < NONCE_LEN {
            return Err(Unopenable);
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE_LEN);
        let payload = Payload {
            msg: ciphertext,
            aad: associated.as_bytes(),
        };
        let plain = self
            .cipher
            .decrypt(XNonce::from_slice(nonce), payload)
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

    const ROW: &str = "integration:12:header:Authorization";

    #[test]
    fn sealed_text_names_its_key_hides_the_secret_and_opens_with_the_same_key_only() {
        let b = sealer(7);
        let sealed = b.seal("Bearer sk_live_123", ROW);
        assert!(sealed.starts_with(&format!("v1.{}:", b.key_id())));
        assert_eq!(b.key_id().len(), 8);
        assert_ne!(b.key_id(), sealer(8).key_id());
        assert!(!sealed.contains("sk_live"));
        assert_eq!(b.open(&sealed, ROW), Ok("Bearer sk_live_123".to_string()));
        assert_eq!(sealer(8).open(&sealed, ROW), Err(Unopenable));
        assert_ne!(
            b.seal("same", ROW),
            b.seal("same", ROW),
            "a fresh nonce every time"
        );
        assert_eq!(format!("{b:?}"), "SecretBox(..)");
    }

    #[test]
    fn a_secret_moved_to_another_row_does_not_open() {
        let b = sealer(2);
        let sealed = b.seal("password", ROW);
        assert_eq!(
            b.open(&sealed, "integration:13:header:Authorization"),
            Err(Unopenable)
        );
    }

    #[test]
    fn tampered_or_foreign_text_does_not_open() {
        let b = sealer(1);
        let sealed = b.seal("password", ROW);
        let mut bytes = sealed.into_bytes();
        let last = bytes.len() - 1;
        bytes[last] = if bytes[last] == b'A' { b'B' } else { b'A' };
        let tampered = String::from_utf8(bytes).unwrap_or_default();
        let other_version = format!("v2.{}:abcd", b.key_id());
        for bad in [
            tampered.as_str(),
            "password",
            "v1:",
            "v1.x:!!!",
            other_version.as_str(),
        ] {
            assert_eq!(b.open(bad, ROW), Err(Unopenable), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn every_secret_round_trips(secret in ".{0,200}", row in "[a-z:0-9]{0,40}") {
            let b = sealer(3);
            prop_assert_eq!(b.open(&b.seal(&secret, &row), &row), Ok(secret));
        }
    }
}
