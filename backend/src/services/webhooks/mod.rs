//! Outgoing webhooks: admins configure endpoints (this module); changes write events into the
//! outbox in their own transaction ([`outbox`]); workers deliver them, signed, with retries
//! ([`worker`]); every attempt lands in the delivery log ([`deliveries`]).

pub mod deliveries;
pub mod outbox;
pub mod payload;
pub mod worker;

use crate::actor::Actor;
use crate::entities::webhook;
use crate::error::{ServiceError, ServiceResult};
use crate::outbound::{OutboundError, signing};
use crate::state::AppState;
use chrono::{Duration, Utc};
use model::webhook::{EventType, WebhookInput, WebhookView};
use outbox::events_of;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

/// How long the previous secret still signs after a rotation.
pub const ROTATION_WINDOW: Duration = Duration::hours(24);

/// Configuring webhooks (admins only).
pub struct WebhookService;

/// The associated data that binds a webhook's secrets to its row.
fn binding(uuid: &str) -> String {
    format!("webhook:{uuid}:secret")
}

/// What admins see of a row (`secret` only when just created or rotated).
pub fn view(row: &webhook::Model, secret: Option<String>) -> ServiceResult<WebhookView> {
    Ok(WebhookView {
        id: row.id,
        url: row.url.clone(),
        description: row.description.clone(),
        events: events_of(row)
            .into_iter()
            .map(|e| e.as_str().to_string())
            .collect(),
        is_active: row.is_active,
        include_internal_notes: row.include_internal_notes,
        payload_format: row.payload_format()?,
        disabled_reason: row.disabled_reason.clone(),
        last_success_at: row.last_success_at,
        created_at: row.created_at,
        updated_at: row.updated_at,
        secret,
    })
}

/// The secrets a delivery is signed with now: the current one, and the previous one during its
/// rotation window.
pub fn signing_secrets(
    state: &AppState,
    row: &webhook::Model,
    now: chrono::DateTime<Utc>,
) -> ServiceResult<Vec<String>> {
    let open = |sealed: &str| {
        state
            .secrets
            .open(sealed, &binding(&row.uuid))
            .map_err(|_| ServiceError::Internal("a webhook secret cannot be opened".into()))
    };
    let mut secrets = vec![open(&row.sealed_secret)?];
    if let (Some(previous), Some(until)) =
        (&row.sealed_previous_secret, row.previous_secret_expires_at)
        && until > now
    {
        secrets.push(open(previous)?);
    }
    Ok(secrets)
}

/// The URL must be allowed by the outbound rules now: an address that is not public (also a
/// name that resolves to one) is refused at save time, not only at every delivery.
async fn check_destination(state: &AppState, url: &str) -> ServiceResult<()> {
    let refuse = |message: &str| Err(ServiceError::invalid("url", message));
    let parsed = match state.outbound.check_url(url) {
        Ok(u) => u,
        Err(OutboundError::Blocked) => {
            return refuse(
                "This address is not public; an operator can allow it with CHATLANE_OUTBOUND_ALLOW.",
            );
        }
        Err(e) => return refuse(&format!("{e}.")),
    };
    let (Some(host), Some(port)) = (parsed.host_str(), parsed.port_or_known_default()) else {
        return refuse("Invalid URL: no host.");
    };
    match state.outbound.resolve_checked(host, port).await {
        Ok(_) => Ok(()),
        Err(OutboundError::Blocked) => refuse(
            "This address is not public; an operator can allow it with CHATLANE_OUTBOUND_ALLOW.",
        ),
        Err(OutboundError::Unresolvable) => refuse("This host name does not resolve."),
        Err(e) => refuse(&format!("{e}.")),
    }
}

fn event_names(events: &[EventType]) -> serde_json::Value {
    serde_json::Value::from(events.iter().map(|e| e.as_str()).collect::<Vec<_>>())
}

/// A change to a webhook; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WebhookChange {
    /// A new URL.
    pub url: Option<String>,
    /// A new description.
    pub description: Option<String>,
    /// New subscriptions.
    pub events: Option<Vec<String>>,
    /// Switch on or off (switching on clears a server's reason for switching it off).
    pub is_active: Option<bool>,
    /// Send internal notes too, or stop sending them.
    pub include_internal_notes: Option<bool>,
    /// A new payload format.
    pub payload_format: Option<String>,
}

impl WebhookService {
    /// Creates a webhook with a new signing secret, returned in this answer only.
    pub async fn create(
        state: &AppState,
        actor: &Actor,
        input: WebhookInput,
    ) -> ServiceResult<WebhookView> {
        actor.require_admin()?;
        let subscription = input.validate()?;
        let url = input.url.trim().to_string();
        check_destination(state, &url).await?;
        let uuid = uuid::Uuid::new_v4().to_string();
        let secret = signing::new_secret();
        let now = Utc::now();
        let row = webhook::ActiveModel {
            sealed_secret: Set(state.secrets.seal(&secret, &binding(&uuid))),
            uuid: Set(uuid),
            team_id: Set(actor.team_id),
            url: Set(url),
            description: Set(input.description.trim().to_string()),
            events: Set(event_names(&subscription.events)),
            is_active: Set(input.is_active),
            include_internal_notes: Set(input.include_internal_notes),
            payload_format: Set(subscription.format.as_str().to_string()),
            sealed_previous_secret: Set(None),
            previous_secret_expires_at: Set(None),
            disabled_reason: Set(None),
            failing_since: Set(None),
            last_success_at: Set(None),
            created_by: Set(Some(actor.user_id)),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&state.db)
        .await?;
        view(&row, Some(secret))
    }

    /// The team's webhooks, oldest first.
    pub async fn list(state: &AppState, actor: &Actor) -> ServiceResult<Vec<webhook::Model>> {
        actor.require_admin()?;
        Ok(webhook::Entity::find()
            .filter(webhook::Column::TeamId.eq(actor.team_id))
            .order_by_asc(webhook::Column::Id)
            .all(&state.db)
            .await?)
    }

    /// One of the team's webhooks.
    pub async fn find(state: &AppState, actor: &Actor, id: i64) -> ServiceResult<webhook::Model> {
        actor.require_admin()?;
        webhook::Entity::find_by_id(id)
            .filter(webhook::Column::TeamId.eq(actor.team_id))
            .one(&state.db)
            .await?
            .ok_or(ServiceError::NotFound)
    }

    /// Changes the given fields, checked as on create.
    pub async fn update(
        state: &AppState,
        actor: &Actor,
        id: i64,
        change: WebhookChange,
    ) -> ServiceResult<WebhookView> {
        let row = Self::find(state, actor, id).await?;
        let merged = WebhookInput {
            url: change.url.clone().unwrap_or_else(|| row.url.clone()),
            description: change
                .description
                .clone()
                .unwrap_or_else(|| row.description.clone()),
            events: change.events.clone().unwrap_or_else(|| {
                events_of(&row)
                    .into_iter()
                    .map(|e| e.as_str().to_string())
                    .collect()
            }),
            is_active: change.is_active.unwrap_or(row.is_active),
            include_internal_notes: change
                .include_internal_notes
                .unwrap_or(row.include_internal_notes),
            payload_format: change
                .payload_format
                .clone()
                .unwrap_or_else(|| row.payload_format.clone()),
        };
        let subscription = merged.validate()?;
        let url = merged.url.trim().to_string();
        if change.url.is_some() {
            check_destination(state, &url).await?;
        }
        let switched_on = change.is_active == Some(true) && !row.is_active;
        let mut active: webhook::ActiveModel = row.into();
        active.url = Set(url);
        active.description = Set(merged.description.trim().to_string());
        active.events = Set(event_names(&subscription.events));
        active.is_active = Set(merged.is_active);
        active.include_internal_notes = Set(merged.include_internal_notes);
        active.payload_format = Set(subscription.format.as_str().to_string());
        if switched_on {
            active.disabled_reason = Set(None);
            active.failing_since = Set(None);
        }
        active.updated_at = Set(Utc::now());
        let row = active.update(&state.db).await?;
        view(&row, None)
    }

    /// Deletes a webhook with its deliveries and their log.
    pub async fn delete(state: &AppState, actor: &Actor, id: i64) -> ServiceResult<()> {
        let row = Self::find(state, actor, id).await?;
        webhook::Entity::delete_by_id(row.id)
            .exec(&state.db)
            .await?;
        Ok(())
    }

    /// A new signing secret (returned once); the old one keeps signing, beside it, for
    /// [`ROTATION_WINDOW`] so receivers can switch without losing events.
    pub async fn rotate_secret(
        state: &AppState,
        actor: &Actor,
        id: i64,
    ) -> ServiceResult<WebhookView> {
        let row = Self::find(state, actor, id).await?;
        let binding = binding(&row.uuid);
        let current = state
            .secrets
            .open(&row.sealed_secret, &binding)
            .map_err(|_| ServiceError::Internal("a webhook secret cannot be opened".into()))?;
        let secret = signing::new_secret();
        let now = Utc::now();
        let mut active: webhook::ActiveModel = row.into();
        active.sealed_previous_secret = Set(Some(state.secrets.seal(&current, &binding)));
        active.previous_secret_expires_at = Set(Some(now + ROTATION_WINDOW));
        active.sealed_secret = Set(state.secrets.seal(&secret, &binding));
        active.updated_at = Set(now);
        let row = active.update(&state.db).await?;
        view(&row, Some(secret))
    }
}
