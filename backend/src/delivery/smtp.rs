//! The `smtp` driver: an email channel's messages through the team's SMTP relay (lettre). The
//! relay's host is resolved under the outbound address rules and connected to by address, while
//! TLS still verifies the certificate against the host name.

use super::{Deliver, Delivered, DeliveryFailure, DriverContext, Outgoing};
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use model::channel::{SmtpSecurity, SmtpSettings};
use std::time::Duration;

/// Each SMTP command may take this long.
pub const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

/// An SMTP relay with its password.
#[derive(Clone)]
pub struct SmtpDriver {
    /// Relay settings.
    pub settings: SmtpSettings,
    /// Password for `settings.username`.
    pub password: Option<String>,
}

impl std::fmt::Debug for SmtpDriver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpDriver")
            .field("settings", &self.settings)
            .field("password", &self.password.as_ref().map(|_| "••••"))
            .finish()
    }
}

impl SmtpDriver {
    /// The email for `message`, with its Message-ID.
    async fn build(
        &self,
        message: &Outgoing,
        context: DriverContext<'_>,
    ) -> Result<(Message, String), DeliveryFailure> {
        let s = &self.settings;
        let to = message
            .recipient
            .as_ref()
            .and_then(|r| r.email.as_deref().map(|e| (r.name.clone(), e.to_string())))
            .ok_or_else(|| DeliveryFailure::permanent("The contact has no email address."))?;
        let bad = |what: &str| DeliveryFailure::permanent(format!("Invalid {what} address."));
        let from = Mailbox::new(
            Some(s.from_name.clone()).filter(|n| !n.is_empty()),
            s.from_email.parse().map_err(|_| bad("sender"))?,
        );
        let domain = s.from_email.rsplit('@').next().unwrap_or("chatlane.local");
        let message_id = format!("<{}.{}@{}>", message.conversation.uuid, message.id, domain);
        let mut builder = Message::builder()
            .from(from)
            .to(Mailbox::new(
                Some(to.0).filter(|n| !n.is_empty()),
                to.1.parse().map_err(|_| bad("recipient"))?,
            ))
            .subject(message.conversation.subject.clone())
            .message_id(Some(message_id.clone()));
        for cc in &message.cc {
            builder = builder.cc(cc.parse().map_err(|_| bad("cc"))?);
        }
        for bcc in &message.bcc {
            builder = builder.bcc(bcc.parse().map_err(|_| bad("bcc"))?);
        }
        let email = if message.attachments.is_empty() {
            builder
                .header(ContentType::TEXT_PLAIN)
                .body(message.body.clone())
        } else {
            let mut parts = MultiPart::mixed().singlepart(SinglePart::plain(message.body.clone()));
            for a in &message.attachments {
                let bytes = context.files.get(&a.storage_key).await.map_err(|_| {
                    DeliveryFailure::permanent(format!(
                        "The attachment {} is missing.",
                        a.file_name
                    ))
                })?;
                let content_type = ContentType::parse(&a.content_type).unwrap_or(
                    ContentType::parse("application/octet-stream")
                        .map_err(|_| bad("content type"))?,
                );
                parts = parts
                    .singlepart(Attachment::new(a.file_name.clone()).body(bytes, content_type));
            }
            builder.multipart(parts)
        }
        .map_err(|e| DeliveryFailure::permanent(format!("Could not build the email: {e}")))?;
        Ok((email, message_id))
    }
}

impl Deliver for SmtpDriver {
    async fn deliver(
        &self,
        message: &Outgoing,
        context: DriverContext<'_>,
    ) -> Result<Delivered, DeliveryFailure> {
        let s = &self.settings;
        let (email, message_id) = self.build(message, context).await?;
        let addrs = context
            .outbound
            .resolve_checked(&s.host, s.port)
            .await
            .map_err(|e| DeliveryFailure::permanent(format!("SMTP relay {}: {e}", s.host)))?;
        let Some(addr) = addrs.first() else {
            return Err(DeliveryFailure::transient(
                "The SMTP relay did not resolve.",
            ));
        };
        let tls_parameters = || {
            TlsParameters::new(s.host.clone())
                .map_err(|e| DeliveryFailure::permanent(format!("TLS setup: {e}")))
        };
        let tls = match s.security {
            SmtpSecurity::Starttls => Tls::Required(tls_parameters()?),
            SmtpSecurity::Tls => Tls::Wrapper(tls_parameters()?),
            SmtpSecurity::None => Tls::None,
        };
        let hello = s
            .from_email
            .rsplit('@')
            .next()
            .unwrap_or("localhost")
            .to_string();
        let mut builder =
            AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(addr.ip().to_string())
                .port(addr.port())
                .tls(tls)
                .hello_name(ClientId::Domain(hello))
                .timeout(Some(SMTP_TIMEOUT));
        if !s.username.is_empty() {
            builder = builder.credentials(Credentials::new(
                s.username.clone(),
                self.password.clone().unwrap_or_default(),
            ));
        }
        let transport = builder.build();
        match transport.send(email).await {
            Ok(_) => Ok(Delivered {
                external_id: Some(message_id),
            }),
            Err(e) => {
                // lettre's messages carry the relay's reply text, never our credentials.
                let reason = format!("SMTP relay {}: {e}", s.host);
                if e.is_permanent() {
                    Err(DeliveryFailure::permanent(reason))
                } else {
                    Err(DeliveryFailure::transient(reason))
                }
            }
        }
    }
}
