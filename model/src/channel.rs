//! How a channel sends: its delivery driver and the driver's settings, as the admin form and the
//! server exchange them, with the validation both share. Secrets (the SMTP password, the webhook
//! signing secret) travel only inwards: views say whether one is set, never what it is.

use crate::kinds::MessageType;
use crate::validation::{
    self, EmailAddress, FieldErrors, NAME_MAX, ValidationError, optional_text,
};
use serde::{Deserialize, Serialize};
use template::string_enum;

/// Longest host name (RFC 1035).
pub const HOST_MAX: usize = 253;
/// Longest URL or credential field.
pub const SETTING_MAX: usize = 2_000;

string_enum!(
    /// How an SMTP connection is protected.
    pub enum SmtpSecurity {
        /// Plain connection upgraded with STARTTLS, which is required (port 587).
        Starttls => "starttls",
        /// TLS from the first byte (port 465).
        Tls => "tls",
        /// No encryption: only for relays on a trusted network.
        None => "none",
    }
);

/// SMTP relay settings for an email channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SmtpSettings {
    /// Relay host name or IP.
    pub host: String,
    /// Relay port.
    pub port: u16,
    /// Transport security.
    pub security: SmtpSecurity,
    /// Login user (empty: no authentication).
    #[serde(default)]
    pub username: String,
    /// Envelope and `From:` address.
    pub from_email: String,
    /// `From:` display name.
    #[serde(default)]
    pub from_name: String,
}

/// Webhook driver settings: where outbound messages are POSTed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookDriverSettings {
    /// The bridge's URL (http or https; the server checks the address rules on save and send).
    pub url: String,
}

/// A channel's driver with its non-secret settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "driver", rename_all = "lowercase")]
pub enum DriverSettings {
    /// Email through an SMTP relay.
    Smtp(SmtpSettings),
    /// Any type through an HTTP bridge.
    Webhook(WebhookDriverSettings),
}

/// What an admin submits to connect a channel: settings plus a new secret (`None` keeps the stored
/// one, `Some("")` clears it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DriverInput {
    /// The driver and its settings.
    pub settings: DriverSettings,
    /// SMTP password or webhook signing secret.
    #[serde(default)]
    pub secret: Option<String>,
}

string_enum!(
    /// How a channel's messages leave: the `driver` of [`DriverSettings`].
    pub enum DriverKind {
        /// Email through an SMTP relay.
        Smtp => "smtp" as "SMTP relay",
        /// Any type through an HTTP bridge.
        Webhook => "webhook" as "Webhook bridge",
    }
);

/// The Settings → Channels form as submitted, every field as typed (the other driver's fields
/// are ignored); [`ChannelForm::parse`] turns it into a [`DriverInput`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelForm {
    /// `smtp` or `webhook`.
    #[serde(default)]
    pub driver: String,
    /// SMTP relay host.
    #[serde(default)]
    pub host: String,
    /// SMTP port, as typed.
    #[serde(default)]
    pub port: String,
    /// SMTP security: `starttls`, `tls` or `none`.
    #[serde(default)]
    pub security: String,
    /// SMTP login.
    #[serde(default)]
    pub username: String,
    /// SMTP `From:` address.
    #[serde(default)]
    pub from_email: String,
    /// SMTP `From:` name.
    #[serde(default)]
    pub from_name: String,
    /// The bridge's URL.
    #[serde(default)]
    pub url: String,
    /// A new password or signing secret; empty keeps the stored one.
    #[serde(default)]
    pub secret: String,
}

impl ChannelForm {
    /// The driver input the form asks for, or what to correct, keyed as the service keys its
    /// own errors (`settings.port`): an unknown driver or security value is the admin's to
    /// correct, never a silent default. The settings' own rules are checked by the server on
    /// save ([`DriverSettings::validate`]).
    pub fn parse(self) -> Result<DriverInput, FieldErrors> {
        let driver = self.driver.trim().parse::<DriverKind>().map_err(|_| {
            FieldErrors::from(ValidationError::new(
                "settings.driver",
                "Choose SMTP or Webhook.",
            ))
        })?;
        let settings = match driver {
            DriverKind::Smtp => {
                let mut errors = FieldErrors::new();
                let port = errors.check(
                    self.port
                        .trim()
                        .parse::<u16>()
                        .ok()
                        .filter(|p| *p > 0)
                        .ok_or_else(|| {
                            ValidationError::new(
                                "settings.port",
                                "Enter a port between 1 and 65535.",
                            )
                        }),
                );
                let security =
                    errors.check(self.security.trim().parse::<SmtpSecurity>().map_err(|_| {
                        ValidationError::new("settings.security", "Choose STARTTLS, TLS or none.")
                    }));
                let (port, security) = errors.finish(port.zip(security))?;
                DriverSettings::Smtp(SmtpSettings {
                    host: self.host,
                    port,
                    security,
                    username: self.username,
                    from_email: self.from_email,
                    from_name: self.from_name,
                })
            }
            DriverKind::Webhook => DriverSettings::Webhook(WebhookDriverSettings { url: self.url }),
        };
        let secret = Some(self.secret).filter(|s| !s.trim().is_empty());
        Ok(DriverInput { settings, secret })
    }
}

/// A channel as the Settings → Channels page shows it (never its secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelView {
    /// Channel id.
    pub id: i64,
    /// Its inbox's name.
    pub inbox_name: String,
    /// Its name.
    pub name: String,
    /// The message type it carries.
    pub channel_type: MessageType,
    /// Switched on by an admin.
    pub is_active: bool,
    /// Its driver's settings, when connected.
    pub driver: Option<DriverSettings>,
    /// Whether a password or signing secret is stored.
    pub has_secret: bool,
    /// Whether messages can go out through it now.
    pub sendable: bool,
}

impl DriverSettings {
    /// The driver's name as stored: `smtp` or `webhook`.
    pub fn name(&self) -> &'static str {
        match self {
            DriverSettings::Smtp(_) => "smtp",
            DriverSettings::Webhook(_) => "webhook",
        }
    }

    /// Where and how the driver's secret is sent: the SMTP server (host and port; the username
    /// too, since the password is that account's; and the transport security, so a password
    /// entered for TLS never goes out in the clear) or the bridge's URL. A kept secret is bound
    /// to it.
    pub fn destination(&self) -> String {
        match self {
            DriverSettings::Smtp(s) => format!(
                "smtp+{}://{}@{}:{}",
                s.security.as_str(),
                s.username.trim(),
                s.host.trim().to_ascii_lowercase(),
                s.port
            ),
            DriverSettings::Webhook(w) => w.url.trim().to_string(),
        }
    }

    /// Whether this driver can carry `channel_type`: SMTP carries email only, a webhook bridge
    /// any type that is delivered at all.
    pub fn carries(&self, channel_type: MessageType) -> bool {
        match self {
            DriverSettings::Smtp(_) => channel_type == MessageType::Email,
            DriverSettings::Webhook(_) => channel_type.is_delivered(),
        }
    }

    /// Checks every field for `channel_type`, trimming text; every problem names its field
    /// (`settings.host`, …).
    pub fn validate(self, channel_type: MessageType) -> Result<DriverSettings, FieldErrors> {
        let mut errors = FieldErrors::new();
        if !self.carries(channel_type) {
            errors.add(ValidationError::new(
                "settings.driver",
                format!(
                    "The {} driver cannot send {} messages.",
                    self.name(),
                    channel_type.label()
                ),
            ));
        }
        let checked = match self {
            DriverSettings::Smtp(s) => {
                let host = errors.check(host("settings.host", &s.host));
                if s.port == 0 {
                    errors.add(ValidationError::new(
                        "settings.port",
                        "Enter a port between 1 and 65535.",
                    ));
                }
                let username =
                    errors.check(optional_text("settings.username", &s.username, SETTING_MAX));
                let from_email =
                    errors.check(EmailAddress::parse("settings.from_email", &s.from_email));
                let from_name =
                    errors.check(optional_text("settings.from_name", &s.from_name, NAME_MAX));
                match (host, username, from_email, from_name) {
                    (Some(host), Some(username), Some(from_email), Some(from_name)) => {
                        Some(DriverSettings::Smtp(SmtpSettings {
                            host,
                            port: s.port,
                            security: s.security,
                            username: username.unwrap_or_default(),
                            from_email: from_email.into_string(),
                            from_name: from_name.unwrap_or_default(),
                        }))
                    }
                    _ => None,
                }
            }
            DriverSettings::Webhook(w) => errors
                .check(validation::http_url("settings.url", &w.url, SETTING_MAX))
                .map(|url| DriverSettings::Webhook(WebhookDriverSettings { url })),
        };
        match (errors.into_result(), checked) {
            (Ok(()), Some(s)) => Ok(s),
            (Err(e), _) => Err(e),
            (Ok(()), None) => Err(ValidationError::new("settings", "Invalid settings.").into()),
        }
    }
}

/// A host name or IP literal: letters, digits, dots, hyphens (and colons and brackets for IPv6).
fn host(field: &str, raw: &str) -> Result<String, ValidationError> {
    let v = raw.trim().to_ascii_lowercase();
    if v.is_empty() {
        return Err(ValidationError::new(field, "This field is required."));
    }
    let ok = v.len() <= HOST_MAX
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    if !ok {
        return Err(ValidationError::new(
            field,
            "Enter a host name like smtp.example.com, without a scheme or port.",
        ));
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn smtp(host: &str, from: &str) -> DriverSettings {
        DriverSettings::Smtp(SmtpSettings {
            host: host.into(),
            port: 587,
            security: SmtpSecurity::Starttls,
            username: " apikey ".into(),
            from_email: from.into(),
            from_name: "Support".into(),
        })
    }

    #[test]
    fn smtp_settings_are_trimmed_and_checked_field_by_field() {
        let ok = smtp(" SMTP.Example.com ", "Help@Example.com").validate(MessageType::Email);
        assert_eq!(
            ok,
            Ok(DriverSettings::Smtp(SmtpSettings {
                host: "smtp.example.com".into(),
                port: 587,
                security: SmtpSecurity::Starttls,
                username: "apikey".into(),
                from_email: "help@example.com".into(),
                from_name: "Support".into(),
            }))
        );
        let bad = smtp("smtp://x", "nope")
            .validate(MessageType::Email)
            .err()
            .unwrap_or_default();
        assert!(bad.get("settings.host").is_some());
        assert!(bad.get("settings.from_email").is_some());
    }

    #[test]
    fn smtp_only_carries_email_and_webhooks_anything_delivered() {
        let sms = smtp("smtp.example.com", "a@example.com").validate(MessageType::Sms);
        assert_eq!(
            sms.err()
                .and_then(|e| e.get("settings.driver").map(str::to_string)),
            Some("The smtp driver cannot send SMS messages.".to_string())
        );
        let hook = DriverSettings::Webhook(WebhookDriverSettings {
            url: "https://bridge.example.com/sms".into(),
        });
        assert!(hook.clone().validate(MessageType::Sms).is_ok());
        assert!(hook.validate(MessageType::Note).is_err());
    }

    #[test]
    fn webhook_urls_must_be_absolute_http() {
        for bad in [
            "",
            "ftp://x.example",
            "https://",
            "https:///path",
            "https://a b.example",
        ] {
            let r = DriverSettings::Webhook(WebhookDriverSettings { url: bad.into() })
                .validate(MessageType::Whatsapp);
            assert!(r.is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn the_driver_is_tagged_in_json() {
        let json = serde_json::to_value(DriverSettings::Webhook(WebhookDriverSettings {
            url: "https://b.example".into(),
        }))
        .unwrap_or_default();
        assert_eq!(
            json,
            serde_json::json!({"driver": "webhook", "url": "https://b.example"})
        );
    }

    #[test]
    fn the_channel_form_names_each_field_to_correct_and_never_defaults_a_choice() {
        let smtp = |port: &str, security: &str| ChannelForm {
            driver: "smtp".into(),
            host: "smtp.example.com".into(),
            port: port.into(),
            security: security.into(),
            from_email: "support@example.com".into(),
            ..ChannelForm::default()
        };
        let fields = |form: ChannelForm| -> Vec<&'static str> {
            let errors = form.parse().err().unwrap_or_default();
            ["settings.driver", "settings.port", "settings.security"]
                .into_iter()
                .filter(|f| errors.get(f).is_some())
                .collect()
        };
        assert_eq!(
            fields(smtp("0", "ssl")),
            ["settings.port", "settings.security"]
        );
        assert_eq!(fields(smtp("587", "STARTTLS ")), ["settings.security"]);
        let form = ChannelForm {
            driver: "pigeon".into(),
            ..ChannelForm::default()
        };
        assert_eq!(fields(form), ["settings.driver"]);
        let parsed = smtp(" 465 ", "tls").parse().expect("a valid form");
        assert_eq!(parsed.secret, None, "an empty secret keeps the stored one");
        assert!(matches!(
            parsed.settings,
            DriverSettings::Smtp(SmtpSettings {
                port: 465,
                security: SmtpSecurity::Tls,
                ..
            })
        ));
        let webhook = ChannelForm {
            driver: "webhook".into(),
            url: "https://bridge.example.com/out".into(),
            secret: "whsec_x".into(),
            ..ChannelForm::default()
        };
        assert_eq!(
            webhook.parse().map(|i| i.secret),
            Ok(Some("whsec_x".into()))
        );
    }
}
