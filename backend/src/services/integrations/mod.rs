//! Contact integrations: admins configure them (this module), attach them to inboxes
//! ([`inbox_links`]), test them ([`testing`]); agents run them for a contact ([`runner`]), every
//! call landing in the run log ([`run_log`]) and in the per-minute health tallies ([`health`]).
//! Secrets are sealed at rest ([`stored`]).

pub mod breaker;
pub mod budget;
pub mod cache;
mod cache_admin;
pub(crate) mod call;
pub mod diagnosis;
pub mod health;
pub mod inbox_links;
pub mod plan;
pub mod run_log;
pub mod runner;
pub mod stored;
mod subject;
pub mod testing;
pub mod upstream_budget;

use crate::actor::Actor;
use crate::entities::{inbox_integration, integration};
use crate::error::{ServiceError, ServiceResult};
use crate::outbound::OutboundError;
use crate::services::contacts::ContactService;
use crate::services::inboxes::InboxService;
use crate::state::AppState;
use chrono::Utc;
use model::integration::view::{IntegrationEditorData, host_of};
use model::integration::{IntegrationInput, IntegrationSummary, IntegrationView};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait,
};
use std::collections::HashMap;
pub use stored::OpenIntegration;

/// Configuring integrations (admins only).
pub struct IntegrationService;

/// The stored URL's origin must be reachable under the outbound rules: an IP-literal host that
/// is not public is refused now rather than at every run. The built-in demo's URL must stay on
/// the demo CRM of this server (its origin and its `/demo/crm/` path).
fn check_destination(
    state: &AppState,
    input: &IntegrationInput,
    builtin_demo: bool,
) -> ServiceResult<()> {
    let Some((origin, path, _)) = model::integration::request::split_url(&input.url) else {
        return Ok(());
    };
    if builtin_demo {
        // The path up to its first variable: what the URL is certain to start with.
        let fixed = path.split("{{").next().unwrap_or_default();
        return match state
            .outbound
            .check_own_demo_url(&format!("{origin}{fixed}"))
        {
            Ok(_) => Ok(()),
            Err(_) => Err(ServiceError::invalid(
                "url",
                "The built-in demo can only call the demo CRM this server serves (its /demo/crm/ path).",
            )),
        };
    }
    match state.outbound.check_url(&format!("{origin}/")) {
        Err(OutboundError::Blocked) => Err(ServiceError::invalid(
            "url",
            "This address is not public; an operator can allow it with CHATLANE_OUTBOUND_ALLOW.",
        )),
        Err(OutboundError::InvalidUrl(why)) => {
            Err(ServiceError::invalid("url", format!("Invalid URL: {why}.")))
        }
        _ => Ok(()),
    }
}

/// Validates `input` after keeping masked secrets of `previous` (whose built-in demo flag it
/// keeps).
fn checked(
    state: &AppState,
    input: IntegrationInput,
    previous: Option<&OpenIntegration>,
) -> ServiceResult<IntegrationInput> {
    let builtin_demo = previous.is_some_and(|p| p.row.builtin_demo);
    checked_as(state, input, previous, builtin_demo)
}

/// Validates a new integration's `input`.
fn checked_new(
    state: &AppState,
    input: IntegrationInput,
    builtin_demo: bool,
) -> ServiceResult<IntegrationInput> {
    checked_as(state, input, None, builtin_demo)
}

fn checked_as(
    state: &AppState,
    mut input: IntegrationInput,
    previous: Option<&OpenIntegration>,
    builtin_demo: bool,
) -> ServiceResult<IntegrationInput> {
    let unmasked = stored::unmask(&mut input, previous);
    let mut errors = input.validate().err().unwrap_or_default();
    if let Err(e) = unmasked {
        for (k, v) in e.0 {
            errors.add(model::ValidationError::new(k, v));
        }
    }
    // The display template is checked (and stored) in the template crate's own shape.
    if let Some(raw) = input.template.as_ref().filter(|t| !t.is_null()) {
        match template::validate(raw) {
            Ok(valid) => {
                input.template = serde_json::to_value(valid).ok();
            }
            Err(problems) => {
                for (path, message) in problems {
                    errors.add(model::ValidationError::new(
                        format!("template.{path}"),
                        message,
                    ));
                }
            }
        }
    }
    errors.into_result()?;
    check_destination(state, &input, builtin_demo)?;
    input.name = input.name.trim().to_string();
    input.url = input.url.trim().to_string();
    Ok(input)
}

fn to_i32(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

impl IntegrationService {
    /// Creates an integration (admins only); version 1.
    pub async fn create(
        state: &AppState,
        actor: &Actor,
        input: IntegrationInput,
    ) -> ServiceResult<OpenIntegration> {
        Self::insert(state, actor, input, false).await
    }

    /// Creates an integration attached to `inboxes` (`(inbox, Some(enabled))`; `None` leaves an
    /// inbox alone), in one step: another team's inbox is refused before anything is written, and
    /// the integration is removed again if attaching fails.
    pub async fn create_attached(
        state: &AppState,
        actor: &Actor,
        input: IntegrationInput,
        inboxes: &[(i64, Option<bool>)],
    ) -> ServiceResult<OpenIntegration> {
        actor.require_admin()?;
        for (inbox_id, _) in inboxes.iter().filter(|(_, wanted)| wanted.is_some()) {
            InboxService::find(&state.db, actor, *inbox_id)
                .await
                .map_err(|e| match e {
                    ServiceError::NotFound => {
                        ServiceError::invalid("inboxes", "No such inbox in this team.")
                    }
                    other => other,
                })?;
        }
        let created = Self::create(state, actor, input).await?;
        if let Err(e) = inbox_links::InboxLinkService::set_for_integration(
            &state.db,
            actor,
            created.row.id,
            inboxes,
        )
        .await
        {
            Self::delete(state, actor, created.row.id).await?;
            return Err(e);
        }
        Ok(created)
    }

    /// Creates an integration; `builtin_demo` only for the one `chatlane demo` creates.
    pub(crate) async fn insert(
        state: &AppState,
        actor: &Actor,
        input: IntegrationInput,
        builtin_demo: bool,
    ) -> ServiceResult<OpenIntegration> {
        actor.require_admin()?;
        let input = checked_new(state, input, builtin_demo)?;
        let uuid = uuid::Uuid::new_v4().to_string();
        let sealed = stored::seal(&state.secrets, &uuid, &input)?;
        let now = Utc::now();
        let row = integration::ActiveModel {
            uuid: Set(uuid),
            team_id: Set(actor.team_id),
            name: Set(input.name.clone()),
            description: Set(input.description.clone()),
            method: Set(input.method.as_str().to_string()),
            url: Set(sealed.url),
            headers: Set(sealed.headers),
            query_params: Set(sealed.query_params),
            sealed_secrets: Set(sealed.sealed_secrets),
            cache_minutes: Set(to_i32(input.cache_minutes)),
            stale_minutes: Set(to_i32(input.stale_minutes)),
            revalidate: Set(input.revalidate),
            calls_per_minute: Set(to_i32(input.calls_per_minute)),
            breaker_failures: Set(to_i32(input.breaker_failures)),
            breaker_cooldown_seconds: Set(to_i32(input.breaker_cooldown_seconds)),
            timeout_seconds: Set(to_i32(input.timeout_seconds)),
            follow_redirects: Set(input.follow_redirects),
            is_active: Set(input.is_active),
            display_enabled: Set(input.display_enabled),
            run_when_email_known: Set(input.run_when_email_known),
            run_conditions: Set(conditions_json(&input.run_conditions)),
            skipped_card: Set(input.skipped_card.as_str().to_string()),
            builtin_demo: Set(builtin_demo),
            template: Set(input.template.clone()),
            sample_data: Set(None),
            version: Set(1),
            created_by: Set(Some(actor.user_id)),
            updated_by: Set(Some(actor.user_id)),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&state.db)
        .await?;
        stored::open(&state.secrets, row)
    }

    /// Replaces an integration's configuration (admins only); masked secret values keep what is
    /// stored. The version goes up, so no cached result of the old configuration is used again.
    pub async fn update(
        state: &AppState,
        actor: &Actor,
        id: i64,
        input: IntegrationInput,
    ) -> ServiceResult<OpenIntegration> {
        let current = Self::find(state, actor, id).await?;
        let input = checked(state, input, Some(&current))?;
        let sealed = stored::seal(&state.secrets, &current.row.uuid, &input)?;
        let version = current.row.version + 1;
        let mut row: integration::ActiveModel = current.row.into();
        row.name = Set(input.name.clone());
        row.description = Set(input.description.clone());
        row.method = Set(input.method.as_str().to_string());
        row.url = Set(sealed.url);
        row.headers = Set(sealed.headers);
        row.query_params = Set(sealed.query_params);
        row.sealed_secrets = Set(sealed.sealed_secrets);
        row.cache_minutes = Set(to_i32(input.cache_minutes));
        row.stale_minutes = Set(to_i32(input.stale_minutes));
        row.revalidate = Set(input.revalidate);
        row.calls_per_minute = Set(to_i32(input.calls_per_minute));
        row.breaker_failures = Set(to_i32(input.breaker_failures));
        row.breaker_cooldown_seconds = Set(to_i32(input.breaker_cooldown_seconds));
        row.timeout_seconds = Set(to_i32(input.timeout_seconds));
        row.follow_redirects = Set(input.follow_redirects);
        row.is_active = Set(input.is_active);
        row.display_enabled = Set(input.display_enabled);
        row.run_when_email_known = Set(input.run_when_email_known);
        row.run_conditions = Set(conditions_json(&input.run_conditions));
        row.skipped_card = Set(input.skipped_card.as_str().to_string());
        row.template = Set(input.template.clone());
        row.version = Set(version);
        row.updated_by = Set(Some(actor.user_id));
        row.updated_at = Set(Utc::now());
        let row = row.update(&state.db).await?;
        stored::open(&state.secrets, row)
    }

    /// Switches an integration on or off (admins only).
    pub async fn set_active(
        state: &AppState,
        actor: &Actor,
        id: i64,
        active: bool,
    ) -> ServiceResult<OpenIntegration> {
        let current = Self::find(state, actor, id).await?;
        let mut input = current.input();
        input.is_active = active;
        Self::update(state, actor, id, input).await
    }

    /// Deletes an integration with its inbox attachments and run log (admins only).
    pub async fn delete(state: &AppState, actor: &Actor, id: i64) -> ServiceResult<()> {
        let current = Self::find(state, actor, id).await?;
        let txn = state.db.begin().await?;
        inbox_integration::Entity::delete_many()
            .filter(inbox_integration::Column::TeamId.eq(actor.team_id))
            .filter(inbox_integration::Column::IntegrationId.eq(current.row.id))
            .exec(&txn)
            .await?;
        integration::Entity::delete_by_id(current.row.id)
            .filter(integration::Column::TeamId.eq(actor.team_id))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        Ok(())
    }

    /// One of the team's integrations, opened (admins only).
    pub async fn find(state: &AppState, actor: &Actor, id: i64) -> ServiceResult<OpenIntegration> {
        actor.require_admin()?;
        let row = integration::Entity::find_by_id(id)
            .filter(integration::Column::TeamId.eq(actor.team_id))
            .one(&state.db)
            .await?
            .ok_or(ServiceError::NotFound)?;
        stored::open(&state.secrets, row)
    }

    /// One integration as admins read it (secrets masked).
    pub async fn view(state: &AppState, actor: &Actor, id: i64) -> ServiceResult<IntegrationView> {
        let open = Self::find(state, actor, id).await?;
        let inboxes = inbox_links::inboxes_by_integration(&state.db, actor).await?;
        Ok(view_of(&open, &inboxes))
    }

    /// Every integration of the team as admins read them, by name (secrets masked).
    pub async fn views(state: &AppState, actor: &Actor) -> ServiceResult<Vec<IntegrationView>> {
        let rows = team_rows(state, actor).await?;
        let inboxes = inbox_links::inboxes_by_integration(&state.db, actor).await?;
        rows.into_iter()
            .map(|row| Ok(view_of(&stored::open(&state.secrets, row)?, &inboxes)))
            .collect()
    }

    /// The admin list: name, method and host, active, inbox count, last run (admins only).
    pub async fn summaries(
        state: &AppState,
        actor: &Actor,
    ) -> ServiceResult<Vec<IntegrationSummary>> {
        let rows = team_rows(state, actor).await?;
        let inboxes = inbox_links::inboxes_by_integration(&state.db, actor).await?;
        let last = run_log::last_statuses(&state.db, actor).await?;
        rows.into_iter()
            .map(|row| {
                Ok(IntegrationSummary {
                    method: row.method()?,
                    host: host_of(&row.url),
                    inbox_count: inboxes
                        .get(&row.id)
                        .map_or(0, |v| u32::try_from(v.len()).unwrap_or(u32::MAX)),
                    last_run: last.get(&row.id).copied(),
                    is_active: row.is_active,
                    builtin_demo: row.builtin_demo,
                    name: row.name,
                    id: row.id,
                })
            })
            .collect()
    }

    /// What the editor shows for `id` (a new integration without one): the integration, the
    /// team's inboxes with the attachment state, the run log, the contacts' attribute keys
    /// (admins only).
    pub async fn editor(
        state: &AppState,
        actor: &Actor,
        id: Option<i64>,
    ) -> ServiceResult<IntegrationEditorData> {
        let integration = match id {
            Some(id) => Some(Self::view(state, actor, id).await?),
            None => {
                actor.require_admin()?;
                None
            }
        };
        let runs = match id {
            Some(id) => run_log::entries(&state.db, actor, id).await?,
            None => Vec::new(),
        };
        Ok(IntegrationEditorData {
            integration,
            inboxes: inbox_links::choices(&state.db, actor, id).await?,
            runs,
            attribute_keys: ContactService::attribute_keys(&state.db, actor).await?,
        })
    }

    /// Keeps `data` as the integration's sample (the template builder's field list and preview).
    pub(crate) async fn keep_sample(
        state: &AppState,
        actor: &Actor,
        id: i64,
        data: serde_json::Value,
    ) -> ServiceResult<()> {
        integration::Entity::update_many()
            .col_expr(
                integration::Column::SampleData,
                sea_orm::sea_query::Expr::value(data),
            )
            .filter(integration::Column::TeamId.eq(actor.team_id))
            .filter(integration::Column::Id.eq(id))
            .exec(&state.db)
            .await?;
        Ok(())
    }
}

/// The team's integrations by name (admins only).
async fn team_rows(state: &AppState, actor: &Actor) -> ServiceResult<Vec<integration::Model>> {
    actor.require_admin()?;
    Ok(integration::Entity::find()
        .filter(integration::Column::TeamId.eq(actor.team_id))
        .order_by_asc(integration::Column::Name)
        .order_by_asc(integration::Column::Id)
        .all(&state.db)
        .await?)
}

/// Run conditions as stored: none is NULL.
fn conditions_json(conditions: &[template::condition::Condition]) -> Option<serde_json::Value> {
    (!conditions.is_empty()).then(|| serde_json::json!(conditions))
}

/// The admin's view of an opened integration.
pub fn view_of(open: &OpenIntegration, inboxes: &HashMap<i64, Vec<i64>>) -> IntegrationView {
    let row = &open.row;
    IntegrationView {
        id: row.id,
        name: row.name.clone(),
        description: row.description.clone(),
        method: open.method,
        url: open.masked_url(),
        headers: open.masked_headers(),
        query_params: open.masked_query_params(),
        body: open.masked_body(),
        body_secret: open.body_secret,
        cache_minutes: u32::try_from(row.cache_minutes).unwrap_or(0),
        stale_minutes: u32::try_from(row.stale_minutes).unwrap_or(0),
        revalidate: row.revalidate,
        calls_per_minute: u32::try_from(row.calls_per_minute).unwrap_or(0),
        breaker_failures: u32::try_from(row.breaker_failures).unwrap_or(0),
        breaker_cooldown_seconds: u32::try_from(row.breaker_cooldown_seconds).unwrap_or(0),
        timeout_seconds: u32::try_from(row.timeout_seconds).unwrap_or(10),
        follow_redirects: row.follow_redirects,
        is_active: row.is_active,
        display_enabled: row.display_enabled,
        run_when_email_known: row.run_when_email_known,
        run_conditions: open.run_conditions.clone(),
        skipped_card: open.skipped_card,
        builtin_demo: row.builtin_demo,
        template: row.template.clone(),
        sample_data: row.sample_data.clone(),
        version: row.version,
        inbox_ids: inboxes.get(&row.id).cloned().unwrap_or_default(),
        created_by: row.created_by,
        updated_by: row.updated_by,
        created_at: row.created_at,
        updated_at: row.updated_at,
    }
}
