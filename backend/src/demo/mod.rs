//! Demo data for trying Chatlane out (never for production): team "Acme Support", an admin and an
//! agent with fixed passwords, two inboxes, ~25 contacts, ~40 conversations (the first message
//! with a receipt attached), an Orders custom entity with three records, and the built-in
//! "Customer Data Lookup" integration against the demo CRM this server serves itself ([`crm`],
//! [`integration`]). Idempotent: a second run finds the team and only resets the two demo
//! passwords.

mod contacts;
pub mod crm;
pub mod integration;
mod orders;

use contacts::CONTACTS;

use crate::actor::Actor;
use crate::entities::{agent, conversation};
use crate::error::ServiceResult;
use crate::services::contacts::{ContactService, NewContact};
use crate::services::conversations::{ConversationService, NewConversation, NewMessage};
use crate::services::inboxes::InboxService;
use crate::services::teams::TeamService;
use crate::state::AppState;
use chrono::{Duration, Utc};
use model::visitor::Visitor;
use model::{ConversationStatus, InboxType, MessageType, Role, SenderType};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use serde_json::json;

/// The demo team's slug.
pub const TEAM_SLUG: &str = "acme-support";
/// The demo admin's login.
pub const ADMIN_EMAIL: &str = "admin@acme.example";
/// The demo admin's password.
pub const ADMIN_PASSWORD: &str = "chatlane-admin";
/// The demo agent's login.
pub const AGENT_EMAIL: &str = "agent@acme.example";
/// The demo agent's password.
pub const AGENT_PASSWORD: &str = "chatlane-agent";

/// The credentials lines `chatlane demo` prints, the same on every run.
pub fn credentials_text() -> String {
    format!(
        "team: {TEAM_SLUG}\nadmin: {ADMIN_EMAIL} {ADMIN_PASSWORD}\nagent: {AGENT_EMAIL} {AGENT_PASSWORD}\n"
    )
}

/// What seeding did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeedOutcome {
    /// The demo was created now.
    Created,
    /// It existed; nothing but the demo passwords was touched.
    AlreadyThere,
}

const SUBJECTS: &[&str] = &[
    "Can't log in after password reset",
    "Invoice shows the wrong VAT number",
    "Question about upgrading to Pro",
    "Export to CSV is missing columns",
    "Refund for duplicate charge",
    "Webhook deliveries failing since Monday",
    "How do I add a teammate?",
    "Order #48213 has not arrived",
    "Feature request: dark mode",
    "API rate limit questions",
];

const CUSTOMER_LINES: &[&str] = &[
    "Hi there, I'm having trouble with this since this morning. Could you take a look?",
    "Thanks for the quick reply! I tried that, but it still happens.",
    "Here is the screenshot you asked for. It shows the error right after I click Save.",
    "That fixed it, thank you so much!",
    "Any update on this? Our finance team is waiting for it.",
    "Could you also check whether this affects our second account?",
];

const AGENT_LINES: &[&str] = &[
    "Thanks for reaching out! I'm looking into this now and will get back to you shortly.",
    "Could you tell me which browser and version you are using?",
    "I've reset the setting on our side. Could you try again and let me know?",
    "Good news: the fix has been deployed. Everything should work as expected now.",
    "I've passed this on to our billing team; you'll hear from us within one business day.",
];

/// Creates the demo once; on later runs it only makes sure the demo logins work (and that the
/// built-in integration, if still there, points at this server).
pub async fn seed(state: &AppState) -> ServiceResult<SeedOutcome> {
    let db = &state.db;
    let existing = TeamService::find_by_slug(db, TEAM_SLUG).await?;
    let team = TeamService::ensure_team(db, "Acme Support", TEAM_SLUG).await?;
    let admin = TeamService::upsert_user(db, ADMIN_EMAIL, "Alex Morgan", ADMIN_PASSWORD).await?;
    let agent_user =
        TeamService::upsert_user(db, AGENT_EMAIL, "Jamie Rivera", AGENT_PASSWORD).await?;
    TeamService::set_membership(db, team.id, admin.id, Role::Admin).await?;
    TeamService::set_membership(db, team.id, agent_user.id, Role::Agent).await?;
    let already_seeded = existing.is_some()
        && conversation::Entity::find()
            .filter(conversation::Column::TeamId.eq(team.id))
            .count(db)
            .await?
            > 0;
    if already_seeded {
        integration::repoint(state).await?;
        return Ok(SeedOutcome::AlreadyThere);
    }

    let channels = [MessageType::Email, MessageType::Note];
    let support =
        InboxService::create(db, team.id, "Support", InboxType::Standard, &channels).await?;
    let billing =
        InboxService::create(db, team.id, "Billing", InboxType::Standard, &channels).await?;
    let bot = agent::ActiveModel {
        team_id: Set(team.id),
        name: Set("Acme Bot".into()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;

    let mut contact_ids = Vec::new();
    for (i, (name, email, phone, company, plan)) in CONTACTS.iter().enumerate() {
        let mut attributes = serde_json::Map::new();
        attributes.insert("plan".into(), json!(plan));
        attributes.insert(
            "support_tier".into(),
            json!(if *plan == "enterprise" {
                "priority"
            } else {
                "standard"
            }),
        );
        if !company.is_empty() {
            attributes.insert("company".into(), json!(company));
        }
        attributes.insert(
            "lifetime_value".into(),
            json!(((i as u64 * 733) % 9000 + 120) as f64 + 0.5),
        );
        if i % 4 == 0 {
            attributes.insert("labels".into(), json!(["vip", "beta-user"]));
        }
        let visitor = Visitor {
            ip: Some(format!("203.0.113.{}", 10 + i)),
            page_url: Some(format!(
                "https://www.acme.example/{}",
                ["pricing", "docs/api", "account/billing", "help"][i % 4]
            )),
            user_agent: Some(
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Safari/605.1.15"
                    .into(),
            ),
            referrer: (i % 2 == 0).then(|| "https://www.google.com/".to_string()),
            location: Some(
                [
                    "Lisbon, Portugal",
                    "Austin, Texas, United States",
                    "Toronto, Ontario, Canada",
                    "Berlin, Germany",
                ][i % 4]
                    .into(),
            ),
        };
        let c = ContactService::insert(
            db,
            team.id,
            NewContact {
                name: (*name).into(),
                email: (*email).into(),
                phone: (*phone).into(),
                custom_attributes: attributes,
                visitor,
            },
        )
        .await?;
        contact_ids.push(c.id);
    }

    let now = Utc::now();
    for i in 0..40usize {
        let contact_id = contact_ids[(i * 7) % contact_ids.len()];
        let inbox_id = if i % 3 == 2 { billing.id } else { support.id };
        let status = match i % 5 {
            0..=2 => ConversationStatus::Active,
            3 => ConversationStatus::Pending,
            _ => ConversationStatus::Closed,
        };
        let started = now - Duration::minutes((i as i64) * 173 + 30);
        let count = 2 + (i * 5) % 7;
        let mut messages = Vec::with_capacity(count);
        for k in 0..count {
            let at = started + Duration::minutes((k as i64) * 11 + 1);
            let (sender_type, sender_id, message_type, body) = if k % 2 == 0 {
                (
                    SenderType::Contact,
                    Some(contact_id),
                    MessageType::Email,
                    CUSTOMER_LINES[(i + k) % CUSTOMER_LINES.len()].to_string(),
                )
            } else if k == 3 {
                (
                    SenderType::User,
                    Some(agent_user.id),
                    MessageType::Note,
                    "Internal: checked the logs, this matches the known issue.".into(),
                )
            } else if k == 1 && i % 6 == 0 {
                (
                    SenderType::Agent,
                    Some(bot.id),
                    MessageType::Email,
                    "Thanks! A member of our team will reply shortly.".into(),
                )
            } else {
                (
                    SenderType::User,
                    Some(agent_user.id),
                    MessageType::Email,
                    AGENT_LINES[(i + k) % AGENT_LINES.len()].to_string(),
                )
            };
            messages.push(NewMessage {
                message_type,
                body,
                sender_type,
                sender_id,
                created_at: at,
            });
        }
        ConversationService::create_with_messages(
            db,
            team.id,
            NewConversation {
                inbox_id,
                contact_id: Some(contact_id),
                assignee_id: if i % 2 == 0 {
                    Some(agent_user.id)
                } else {
                    None
                },
                subject: SUBJECTS[i % SUBJECTS.len()].to_string(),
                status,
                created_at: started,
            },
            messages,
        )
        .await?;
    }
    let admin_actor = Actor {
        user_id: admin.id,
        team_id: team.id,
        role: Role::Admin,
    };
    integration::create(state, &admin_actor, &[support.id, billing.id]).await?;
    orders::create(
        db,
        &admin_actor,
        contact_ids.get(..3).unwrap_or(&contact_ids),
    )
    .await?;
    orders::attach_receipt(state, team.id).await?;
    Ok(SeedOutcome::Created)
}
