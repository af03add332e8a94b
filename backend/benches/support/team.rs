//! The benchmarks' team: an admin and a Support inbox.

use backend::entities::inbox;
use backend::services::inboxes::InboxService;
use backend::services::teams::TeamService;
use backend::{Actor, DatabaseConnection};
use model::{InboxType, MessageType, Role};

/// The benchmark team's admin (`bench@example.com`) and its Support inbox.
pub async fn admin_with_inbox(db: &DatabaseConnection) -> (Actor, inbox::Model) {
    let team = TeamService::ensure_team(db, "Bench", "bench")
        .await
        .expect("team");
    let user = TeamService::upsert_user(db, "bench@example.com", "Bench", "benchmark password")
        .await
        .expect("user");
    TeamService::set_membership(db, team.id, user.id, Role::Admin)
        .await
        .expect("member");
    let actor = Actor {
        user_id: user.id,
        team_id: team.id,
        role: Role::Admin,
    };
    let inbox = InboxService::create(
        db,
        team.id,
        "Support",
        InboxType::Standard,
        &[MessageType::Email],
    )
    .await
    .expect("inbox");
    (actor, inbox)
}
