//! The `webhook` driver: POSTs the outgoing message as JSON to the channel's URL through the
//! guarded client, signed per Standard Webhooks when the channel has a secret, so a team can
//! bridge any SMS, WhatsApp or social provider. A 2xx is sent (its JSON `id` or
//! `external_message_id` becomes the message's external id); 4xx other than 408/429 is a
//! permanent failure; anything else is retried.

use super::{Deliver, Delivered, DeliveryFailure, DriverContext, Outgoing};
use crate::outbound::{Limits, OutboundError, OutboundRequest, signing};
use chrono::Utc;
use model::channel::WebhookDriverSettings;

/// The event name in the posted JSON.
pub const EVENT_TYPE: &str = "message.outbound";

/// A bridge URL with its optional signing secret.
#[derive(Clone)]
pub struct WebhookDriver {
    /// Where to POST.
    pub settings: WebhookDriverSettings,
    /// Signing secret (`whsec_…` or plain), if set.
    pub secret: Option<String>,
}

impl std::fmt::Debug for WebhookDriver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookDriver")
            .field("settings", &self.settings)
            .field("secret", &self.secret.as_ref().map(|_| "••••"))
            .finish()
    }
}

/// The provider's id from a JSON answer: `id`, `external_message_id` or `message_id` (string or
/// number, at most 255 characters).
fn external_id(body: &[u8]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    ["external_message_id", "message_id", "id"]
        .iter()
        .find_map(|k| match value.get(k)? {
            serde_json::Value::String(s) if !s.is_empty() => Some(s.clone()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
        .map(|s| s.chars().take(255).collect())
}

impl Deliver for WebhookDriver {
    async fn deliver(
        &self,
        message: &Outgoing,
        context: DriverContext<'_>,
    ) -> Result<Delivered, DeliveryFailure> {
        let now = Utc::now();
        let payload = serde_json::json!({
            "type": EVENT_TYPE,
            "timestamp": now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            "data": message,
        });
        let body = serde_json::to_vec(&payload).map_err(|e| {
            DeliveryFailure::permanent(format!("Could not encode the message: {e}"))
        })?;
        let mut headers = vec![("content-type".to_string(), "application/json".to_string())];
        if let Some(secret) = &self.secret {
            // Stable across retries: the receiver's idempotency key.
            let id = format!("msg_chatlane_{}", message.id);
            headers.extend(signing::headers(secret, &id, now.timestamp(), &body));
        }
        let response = context
            .outbound
            .send(
                OutboundRequest {
                    method: reqwest::Method::POST,
                    url: self.settings.url.clone(),
                    headers,
                    body: Some(body),
                    body_secret: false,
                },
                Limits::webhook(),
            )
            .await
            .and_then(|r| r.error_for_status());
        match response {
            Ok(r) => Ok(Delivered {
                external_id: external_id(&r.body),
            }),
            Err(e) => {
                let permanent = match &e {
                    OutboundError::Status { status, .. } => {
                        (400..500).contains(status) && *status != 408 && *status != 429
                    }
                    OutboundError::InvalidUrl(_)
                    | OutboundError::InvalidHeader(_)
                    | OutboundError::Blocked
                    | OutboundError::Redirected(_)
                    | OutboundError::InsecureRedirect
                    | OutboundError::SecretBodyRedirect(_) => true,
                    OutboundError::Unresolvable
                    | OutboundError::Connect
                    | OutboundError::TimedOut(_)
                    | OutboundError::TooLarge(_)
                    | OutboundError::Storage(_) => false,
                };
                let reason = format!("Webhook: {e}");
                Err(if permanent {
                    DeliveryFailure::permanent(reason)
                } else {
                    DeliveryFailure::transient(reason)
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bridges_id_is_taken_from_its_answer() {
        assert_eq!(external_id(br#"{"id": "SM123"}"#), Some("SM123".into()));
        assert_eq!(external_id(br#"{"message_id": 42}"#), Some("42".into()));
        assert_eq!(
            external_id(br#"{"id": 1, "external_message_id": "wamid.X"}"#),
            Some("wamid.X".into())
        );
        assert_eq!(external_id(b"OK"), None);
        assert_eq!(external_id(br#"{"id": ""}"#), None);
    }
}
