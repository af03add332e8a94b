//! The demo seed and the migrations, on every database.

use crate::support::on_every_database;
use backend::demo::{self, SeedOutcome};
use backend::entities::{attachment, contact, conversation, custom_entity_record, message};
use backend::{DatabaseConnection, db};
use sea_orm::{EntityTrait, PaginatorTrait};

/// Contacts, conversations and messages in the database.
async fn row_counts(db: &DatabaseConnection) -> (u64, u64, u64) {
    (
        contact::Entity::find().count(db).await.expect("count"),
        conversation::Entity::find().count(db).await.expect("count"),
        message::Entity::find().count(db).await.expect("count"),
    )
}

#[tokio::test]
async fn demo_seed_creates_the_demo_once() {
    on_every_database(async |db| {
        assert_eq!(
            demo::seed(&backend::AppState::for_tests(&db))
                .await
                .expect("seed"),
            SeedOutcome::Created
        );
        let counts = row_counts(&db).await;
        assert_eq!(counts.0, 25);
        assert_eq!(counts.1, 40);
        assert!(counts.2 >= 80 && counts.2 <= 320, "{counts:?}");
        // The Orders entity's records and the receipt the API's contract test reads by id.
        let records = custom_entity_record::Entity::find()
            .count(&db)
            .await
            .expect("count");
        assert_eq!(records, 3);
        let receipt = attachment::Entity::find_by_id(1)
            .one(&db)
            .await
            .expect("query")
            .expect("attachment 1 is the demo receipt");
        assert_eq!(receipt.file_name, "receipt-A-1040.txt");
        assert_eq!(
            demo::seed(&backend::AppState::for_tests(&db))
                .await
                .expect("seed again"),
            SeedOutcome::AlreadyThere
        );
        let again = row_counts(&db).await;
        assert_eq!(counts, again);
    })
    .await;
}

#[tokio::test]
async fn every_migration_goes_down_and_up_again() {
    on_every_database(async |db| {
        let (applied, pending) = db::migration_status(&db).await.expect("status");
        assert!(pending.is_empty());
        db::migrate_down(&db, applied.len() as u32)
            .await
            .expect("down");
        let (applied_after, _) = db::migration_status(&db).await.expect("status");
        assert!(applied_after.is_empty());
        db::migrate(&db).await.expect("up again");
        demo::seed(&backend::AppState::for_tests(&db))
            .await
            .expect("the schema works after the round trip");
    })
    .await;
}
