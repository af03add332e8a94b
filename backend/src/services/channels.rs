//! Connecting an inbox channel to a delivery driver (admins), and reading a channel's driver back
//! with its secret opened (the delivery worker). A channel of a delivered type without a driver is
//! not active: nothing can be sent through it.

use crate::actor::Actor;
use crate::auth::sealed::SecretBox;
use crate::entities::{inbox, inbox_channel};
use crate::error::{ServiceError, ServiceResult};
use crate::outbound::{OutboundClient, OutboundError};
use model::channel::{ChannelView, DriverInput, DriverSettings};
use model::validation::optional_text;
use model::{FieldErrors, MessageType, ValidationError};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::{Deserialize, Serialize};

/// Longest driver secret (SMTP password, signing secret).
pub const DRIVER_SECRET_MAX: usize = 2_000;

/// Channel driver configuration.
pub struct ChannelService;

/// What `inbox_channels.driver_settings` holds.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct StoredDriver {
    settings: DriverSettings,
    /// The secret, sealed for this row.
    #[serde(default)]
    sealed_secret: Option<String>,
}

/// A channel's driver as the delivery worker needs it.
#[derive(Debug, Clone)]
pub struct OpenDriver {
    /// The settings.
    pub settings: DriverSettings,
    /// The opened secret, if one is set.
    pub secret: Option<String>,
}

/// The associated data binding a channel's sealed secret to its row.
fn secret_binding(channel_id: i64) -> String {
    format!("inbox_channel:{channel_id}:driver_secret")
}

/// Whether messages can go out through `channel` now: switched on and, for delivered types,
/// connected to a driver.
pub fn is_sendable(channel: &inbox_channel::Model) -> bool {
    let delivered = match channel.channel_type.parse::<MessageType>() {
        Ok(kind) => kind.is_delivered(),
        // A type this build does not know cannot be sent through: say so instead of guessing.
        Err(_) => {
            tracing::error!(
                channel_id = channel.id,
                channel_type = %channel.channel_type,
                "channel of an unknown type: not sendable"
            );
            return false;
        }
    };
    channel.is_active && (!delivered || channel.driver.is_some())
}

impl ChannelService {
    /// Connects one of the team's channels to a driver (admins only). `None` as the secret keeps
    /// the stored one while the destination stays the same (the same driver, SMTP host, port,
    /// username and transport security, or bridge URL); a new destination of the same driver with a stored secret is a
    /// `secret` field error (enter it again), so a secret never follows a changed destination;
    /// another driver starts without one. `Some("")` removes it.
    /// A webhook URL must pass the outbound address rules now, not only at send time.
    pub async fn configure(
        db: &DatabaseConnection,
        secrets: &SecretBox,
        outbound: &OutboundClient,
        actor: &Actor,
        channel_id: i64,
        input: DriverInput,
    ) -> ServiceResult<inbox_channel::Model> {
        actor.require_admin()?;
        let channel = Self::find(db, actor, channel_id).await?;
        let channel_type: MessageType = channel
            .channel_type
            .parse()
            .map_err(|_| ServiceError::Internal(format!("channel {channel_id} type")))?;
        let settings = input.settings.validate(channel_type)?;
        if let DriverSettings::Webhook(w) = &settings {
            outbound.check_url(&w.url).map_err(|e| {
                let why = match e {
                    OutboundError::Blocked => {
                        "This address is not public; an operator can allow it with CHATLANE_OUTBOUND_ALLOW.".to_string()
                    }
                    other => other.to_string(),
                };
                ServiceError::invalid("settings.url", why)
            })?;
        }
        let previous = channel
            .driver_settings
            .as_deref()
            .and_then(|s| serde_json::from_str::<StoredDriver>(s).ok());
        let sealed_secret = match input.secret {
            None => match previous {
                Some(p) if p.settings.destination() == settings.destination() => p.sealed_secret,
                // Another driver kind starts without a secret, as before.
                Some(p) if p.settings.name() == settings.name() && p.sealed_secret.is_some() => {
                    return Err(ValidationError::new(
                        "secret",
                        "The destination changed: enter the password or signing secret again.",
                    )
                    .into());
                }
                _ => None,
            },
            Some(raw) => {
                let checked = optional_text("secret", &raw, DRIVER_SECRET_MAX)
                    .map_err(|e| FieldErrors::from(ValidationError::new("secret", e.message)))?;
                checked.map(|s| secrets.seal(&s, &secret_binding(channel.id)))
            }
        };
        let stored = StoredDriver {
            settings,
            sealed_secret,
        };
        let json = serde_json::to_string(&stored)
            .map_err(|e| ServiceError::Internal(format!("driver settings: {e}")))?;
        let mut active: inbox_channel::ActiveModel = channel.into();
        active.driver = Set(Some(stored.settings.name().to_string()));
        active.driver_settings = Set(Some(json));
        Ok(active.update(db).await?)
    }

    /// Disconnects a channel from its driver (admins only).
    pub async fn disconnect(
        db: &DatabaseConnection,
        actor: &Actor,
        channel_id: i64,
    ) -> ServiceResult<inbox_channel::Model> {
        actor.require_admin()?;
        let channel = Self::find(db, actor, channel_id).await?;
        let mut active: inbox_channel::ActiveModel = channel.into();
        active.driver = Set(None);
        active.driver_settings = Set(None);
        Ok(active.update(db).await?)
    }

    /// The team's channels with their inboxes' names, by inbox then channel (admins only).
    pub async fn list(db: &DatabaseConnection, actor: &Actor) -> ServiceResult<Vec<ChannelView>> {
        actor.require_admin()?;
        let inboxes: std::collections::HashMap<i64, String> = inbox::Entity::find()
            .filter(inbox::Column::TeamId.eq(actor.team_id))
            .all(db)
            .await?
            .into_iter()
            .map(|i| (i.id, i.name))
            .collect();
        let channels = inbox_channel::Entity::find()
            .filter(inbox_channel::Column::TeamId.eq(actor.team_id))
            .order_by_asc(inbox_channel::Column::InboxId)
            .order_by_asc(inbox_channel::Column::Id)
            .all(db)
            .await?;
        channels
            .into_iter()
            .map(|c| {
                let channel_type = c.channel_type()?;
                let inbox_name = inboxes.get(&c.inbox_id).cloned().unwrap_or_default();
                Ok(Self::view(c, channel_type, inbox_name))
            })
            .collect()
    }

    fn view(c: inbox_channel::Model, channel_type: MessageType, inbox_name: String) -> ChannelView {
        let (driver, has_secret) = match Self::settings_of(&c) {
            Some((settings, has_secret)) => (Some(settings), has_secret),
            None => (None, false),
        };
        ChannelView {
            sendable: is_sendable(&c),
            id: c.id,
            inbox_name,
            name: c.name,
            channel_type,
            is_active: c.is_active,
            driver,
            has_secret,
        }
    }

    /// One of the team's channels.
    pub async fn find(
        db: &DatabaseConnection,
        actor: &Actor,
        channel_id: i64,
    ) -> ServiceResult<inbox_channel::Model> {
        inbox_channel::Entity::find_by_id(channel_id)
            .filter(inbox_channel::Column::TeamId.eq(actor.team_id))
            .one(db)
            .await?
            .ok_or(ServiceError::NotFound)
    }

    /// The non-secret settings of a channel's driver, and whether a secret is stored.
    pub fn settings_of(channel: &inbox_channel::Model) -> Option<(DriverSettings, bool)> {
        let stored: StoredDriver =
            serde_json::from_str(channel.driver_settings.as_deref()?).ok()?;
        Some((stored.settings, stored.sealed_secret.is_some()))
    }

    /// The channel's driver with its secret opened, for sending. `Ok(None)`: not connected.
    pub fn open_driver(
        secrets: &SecretBox,
        channel: &inbox_channel::Model,
    ) -> Result<Option<OpenDriver>, String> {
        let Some(raw) = channel.driver_settings.as_deref() else {
            return Ok(None);
        };
        let stored: StoredDriver = serde_json::from_str(raw)
            .map_err(|_| "The channel's settings are unreadable.".to_string())?;
        let secret = match stored.sealed_secret {
            None => None,
            Some(sealed) => Some(
                secrets
                    .open(&sealed, &secret_binding(channel.id))
                    .map_err(|e| e.to_string())?,
            ),
        };
        Ok(Some(OpenDriver {
            settings: stored.settings,
            secret,
        }))
    }
}
