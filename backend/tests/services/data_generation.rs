//! `teams.data_generation`: every write to a team's data bumps it, whoever makes it (a service, a
//! hand-written SQL statement, a cascade), and only for that team. The REST answer cache is only
//! as fresh as this counter.

use crate::support::{on_every_database, state, world};
use backend::DatabaseConnection;
use backend::entities::team;
use backend::services::contacts::{ContactService, NewContact};
use backend::services::conversations::ConversationService;
use model::ConversationStatus;
use sea_orm::{ConnectionTrait, EntityTrait};

async fn generation(db: &DatabaseConnection, team_id: i64) -> i64 {
    team::Entity::find_by_id(team_id)
        .one(db)
        .await
        .expect("query")
        .expect("team")
        .data_generation
}

#[tokio::test]
async fn every_write_to_a_teams_data_bumps_its_generation_and_no_other_teams() {
    on_every_database(async |db| {
        let a = world(&db, "gen-a").await;
        let b = world(&db, "gen-b").await;
        let (team_a, team_b) = (a.admin.team_id, b.admin.team_id);
        let other_before = generation(&db, team_b).await;

        // Each step is a different kind of write; each must move team A's counter.
        let mut last = generation(&db, team_a).await;
        let mut expect_bump = |now: i64, what: &str| {
            assert!(
                now > last,
                "{what}: generation stayed at {last} on {}",
                db_label(&db)
            );
            last = now;
        };

        ContactService::create(
            &state(&db),
            team_a,
            NewContact {
                name: "New Person".into(),
                email: "new.person@example.com".into(),
                ..Default::default()
            },
        )
        .await
        .expect("contact");
        expect_bump(
            generation(&db, team_a).await,
            "a contact created by a service",
        );

        ConversationService::set_status(
            &db,
            &a.agent,
            a.conversation_id,
            ConversationStatus::Closed,
        )
        .await
        .expect("status");
        expect_bump(
            generation(&db, team_a).await,
            "a conversation updated by a service",
        );

        ConversationService::add_tag(&db, &a.agent, a.conversation_id, "vip")
            .await
            .expect("tag");
        expect_bump(
            generation(&db, team_a).await,
            "a tag linked (conversation_tags)",
        );

        db.execute_unprepared(&format!(
            "UPDATE contacts SET name = 'Renamed by hand' WHERE id = {}",
            a.contact_id
        ))
        .await
        .expect("sql update");
        expect_bump(
            generation(&db, team_a).await,
            "a contact renamed by plain SQL",
        );

        db.execute_unprepared(&format!(
            "UPDATE users SET name = 'Ada Renamed' WHERE id = {}",
            a.admin.user_id
        ))
        .await
        .expect("rename user");
        expect_bump(generation(&db, team_a).await, "a member's user row renamed");

        db.execute_unprepared(&format!(
            "DELETE FROM conversations WHERE id = {}",
            a.conversation_id
        ))
        .await
        .expect("delete");
        expect_bump(
            generation(&db, team_a).await,
            "a conversation deleted (with cascades)",
        );

        assert_eq!(
            generation(&db, team_b).await,
            other_before,
            "team B's data did not change"
        );
    })
    .await;
}

fn db_label(db: &DatabaseConnection) -> &'static str {
    match db.get_database_backend() {
        sea_orm::DatabaseBackend::Postgres => "postgres",
        _ => "sqlite",
    }
}
