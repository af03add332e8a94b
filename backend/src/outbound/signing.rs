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
