//! Standard Webhooks v1 signatures (<https://www.standardwebhooks.com/>): HMAC-SHA256 over
//! `"{id}.{timestamp}.{body}"`, sent as `webhook-signature: v1,<base64>`. Used by the webhook
//! channel driver and by outgoing webhooks.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The prefix of secrets in the spec's format (`whsec_` + base64 of the key bytes).
pub const SECRET_PREFIX: &str = "whsec_";

/// The key bytes of `secret`: base64-decoded after `whsec_`, else the text itself (so a
/// provider's plain shared secret works too).
fn key_bytes(secret: &str) -> Vec<u8> {
    secret
        .strip_prefix(SECRET_PREFIX)
        .and_then(|b64| STANDARD.decode(b64).ok())
        .unwrap_or_else(|| secret.as_bytes().to_vec())
}

/// A new signing secret in the spec's format: `whsec_` and the base64 of 32 random bytes.
pub fn new_secret() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    format!("{SECRET_PREFIX}{}", STANDARD.encode(bytes))
}

/// The `webhook-signature` value signed with every one of `secrets` (space-separated, as the
/// spec allows during a key rotation: receivers accept any one that verifies).
pub fn signatures(secrets: &[&str], id: &str, timestamp: i64, body: &[u8]) -> String {
    secrets
        .iter()
        .map(|s| signature(s, id, timestamp, body))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The `webhook-signature` value for one attempt.
pub fn signature(secret: &str, id: &str, timestamp: i64, body: &[u8]) -> String {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = match Hmac::<Sha256>::new_from_slice(&key_bytes(secret)) {
        Ok(m) => m,
        Err(_) => return String::new(),
    };
    mac.update(format!("{id}.{timestamp}.").as_bytes());
    mac.update(body);
    format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()))
}

/// The three headers for one attempt: `webhook-id`, `webhook-timestamp`, `webhook-signature`.
pub fn headers(secret: &str, id: &str, timestamp: i64, body: &[u8]) -> Vec<(String, String)> {
    vec![
        ("webhook-id".to_string(), id.to_string()),
        ("webhook-timestamp".to_string(), timestamp.to_string()),
        (
            "webhook-signature".to_string(),
            signature(secret, id, timestamp, body),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_secrets_are_in_the_specs_format_and_sign_for_each_key_in_a_rotation() {
        let a = new_secret();
        let b = new_secret();
        assert!(a.starts_with(SECRET_PREFIX) && a != b);
        assert_eq!(key_bytes(&a).len(), 32);
        let both = signatures(&[&a, &b], "msg_1", 1, b"{}");
        let parts: Vec<&str> = both.split(' ').collect();
        assert_eq!(
            parts,
            [
                signature(&a, "msg_1", 1, b"{}"),
                signature(&b, "msg_1", 1, b"{}")
            ]
        );
    }

    #[test]
    fn the_specifications_example_verifies() {
        let sig = signature(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1_614_265_330,
            br#"{"test": 2432232314}"#,
        );
        assert_eq!(sig, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    #[test]
    fn any_change_to_id_time_or_body_changes_the_signature() {
        let base = signature("whsec_c2VjcmV0", "msg_1", 10, b"{}");
        assert_ne!(base, signature("whsec_c2VjcmV0", "msg_2", 10, b"{}"));
        assert_ne!(base, signature("whsec_c2VjcmV0", "msg_1", 11, b"{}"));
        assert_ne!(base, signature("whsec_c2VjcmV0", "msg_1", 10, b"{ }"));
        assert_ne!(base, signature("whsec_b3RoZXI=", "msg_1", 10, b"{}"));
    }
}
