//! How long the inbox's list queries take with 10,000 conversations (SQLite file, and PostgreSQL
//! when DATABASE_URL_TEST_PG is set). Run with `make bench`; prints medians, asserts nothing.

use backend::db;
use backend::entities::{conversation, inbox, message};
use backend::services::conversations::ConversationService;
use backend::services::inboxes::InboxService;
use backend::services::teams::TeamService;
use backend::{Actor, DatabaseConnection};
use chrono::{Duration, Utc};
use model::conversation::ConversationFilter;
use model::{ConversationStatus, InboxType, MessageType, Role};
use sea_orm::{EntityTrait, Set};
use std::time::Instant;

#[path = "support/postgres.rs"]
mod scratch_postgres;

const CONVERSATIONS: usize = 10_000;
const RUNS: usize = 30;

async fn seed(db: &DatabaseConnection) -> (Actor, i64) {
    let team = TeamService::ensure_team(db, "Bench", "bench")
        .await
        .expect("team");
    let user = TeamService::upsert_user(db, "bench@example.com", "Bench", "benchmark password")
        .await
        .expect("user");
    TeamService::set_membership(db, team.id, user.id, Role::Agent)
        .await
        .expect("member");
    let inbox: inbox::Model = InboxService::create(
        db,
        team.id,
        "Support",
        InboxType::Standard,
        &[MessageType::Email],
    )
    .await
    .expect("inbox");
    let now = Utc::now();
    for chunk in (0..CONVERSATIONS).collect::<Vec<_>>().chunks(500) {
        let rows = chunk.iter().map(|i| {
            let at = now - Duration::minutes(*i as i64);
            conversation::ActiveModel {
                uuid: Set(uuid::Uuid::new_v4().to_string()),
                team_id: Set(team.id),
                inbox_id: Set(inbox.id),
                contact_id: Set(None),
                assignee_id: Set(None),
                subject: Set(format!("Conversation {i}")),
                status: Set(ConversationStatus::ALL[i % 3].as_str().to_string()),
                is_read: Set(i % 4 != 0),
                is_archived: Set(false),
                is_starred: Set(false),
                last_message_at: Set(Some(at)),
                created_at: Set(at),
                updated_at: Set(at),
                ..Default::default()
            }
        });
        conversation::Entity::insert_many(rows)
            .exec(db)
            .await
            .expect("conversations");
    }
    let first_ids: Vec<i64> = (1..=CONVERSATIONS as i64).collect();
    for chunk in first_ids.chunks(500) {
        let rows = chunk.iter().map(|id| message::ActiveModel {
            team_id: Set(team.id),
            conversation_id: Set(*id),
            inbox_channel_id: Set(None),
            message_type: Set("email".into()),
            body: Set(format!("Message for conversation {id}")),
            is_draft: Set(false),
            delivery_status: Set(None),
            sender_type: Set("contact".into()),
            sender_id: Set(None),
            cc: Set(serde_json::json!([])),
            bcc: Set(serde_json::json!([])),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        });
        message::Entity::insert_many(rows)
            .exec(db)
            .await
            .expect("messages");
    }
    (
        Actor {
            user_id: user.id,
            team_id: team.id,
            role: Role::Agent,
        },
        inbox.id,
    )
}

async fn median_ms<F, Fut>(mut f: F) -> f64
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let start = Instant::now();
        f().await;
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    times[RUNS / 2]
}

async fn run(label: &str, db: &DatabaseConnection) {
    let (actor, inbox_id) = seed(db).await;
    let last_page = (CONVERSATIONS as u64).div_ceil(50);
    let cases: Vec<(&str, ConversationFilter)> = vec![
        (
            "first page, all",
            ConversationFilter {
                page: 1,
                ..Default::default()
            },
        ),
        (
            "last page, all",
            ConversationFilter {
                page: last_page,
                ..Default::default()
            },
        ),
        (
            "first page, pending in inbox",
            ConversationFilter {
                page: 1,
                inbox_id: Some(inbox_id),
                status: Some(ConversationStatus::Pending),
            },
        ),
    ];
    for (name, filter) in cases {
        let ms = median_ms(|| async {
            ConversationService::list(db, &actor, &filter)
                .await
                .expect("list");
        })
        .await;
        println!(
            "{label:>8}  {name:<32} median {ms:7.2} ms over {RUNS} runs ({CONVERSATIONS} conversations)"
        );
    }
    let ms = median_ms(|| async {
        InboxService::list_with_unread(db, &actor)
            .await
            .expect("unread");
    })
    .await;
    println!(
        "{label:>8}  {:<32} median {ms:7.2} ms over {RUNS} runs",
        "sidebar unread counts"
    );
}

#[tokio::main]
async fn main() {
    let dir = std::env::temp_dir().join(format!("chatlane-bench-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let sqlite = db::connect(&format!("sqlite://{}/bench.db?mode=rwc", dir.display()))
        .await
        .expect("sqlite");
    db::migrate(&sqlite).await.expect("migrate");
    run("sqlite", &sqlite).await;
    let _ = std::fs::remove_dir_all(&dir);

    if let Some(pg) = scratch_postgres::ScratchPostgres::create().await {
        run("postgres", &pg.db).await;
        pg.drop().await;
    }
}
