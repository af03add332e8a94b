//! Custom entities and records: admins define entities (slugs unique per team), records follow the
//! definitions, and another team's entities and records are never reachable, on every database.

use crate::support::{on_every_database, world};
use backend::ServiceError;
use backend::services::Window;
use backend::services::custom_entities::{
    CustomEntityChanges, CustomEntityService, NewCustomEntity, NewRecord, RecordQuery,
    RecordService, RecordUpdate,
};
use serde_json::json;

fn orders() -> NewCustomEntity {
    NewCustomEntity {
        name: "Orders".into(),
        slug: String::new(),
        attributes: serde_json::from_value(json!([
            {"key": "number", "label": "Number", "type": "string", "required": true, "is_external_id": true},
            {"key": "total", "label": "Total", "type": "number"}
        ]))
        .unwrap_or_default(),
    }
}

#[tokio::test]
async fn entities_are_admin_defined_and_records_stay_in_their_team() {
    on_every_database(async |db| {
        let a = world(&db, "alpha").await;
        let b = world(&db, "bravo").await;
        assert!(matches!(
            CustomEntityService::create(&db, &a.agent, orders()).await,
            Err(ServiceError::Forbidden(_))
        ));
        let entity = CustomEntityService::create(&db, &a.admin, orders())
            .await
            .expect("entity");
        assert_eq!(entity.slug, "orders");
        let again = CustomEntityService::create(&db, &a.admin, orders()).await;
        assert!(
            matches!(&again, Err(ServiceError::Validation(e)) if e.get("slug") == Some("Another entity has this slug.")),
            "{again:?}"
        );
        // Another team may use the same slug.
        let theirs = CustomEntityService::create(&db, &b.admin, orders())
            .await
            .expect("bravo entity");

        let record = RecordService::create(
            &db,
            &a.agent,
            NewRecord {
                custom_entity_id: Some(entity.id),
                external_id: None,
                values: json!({"number": "A-1", "total": 10}).as_object().cloned(),
            },
        )
        .await
        .expect("record");
        assert_eq!(record.record.external_id.as_deref(), Some("A-1"));
        let into_theirs = RecordService::create(
            &db,
            &a.agent,
            NewRecord {
                custom_entity_id: Some(theirs.id),
                external_id: None,
                values: json!({"number": "A-2"}).as_object().cloned(),
            },
        )
        .await;
        assert!(
            matches!(&into_theirs, Err(ServiceError::Validation(e)) if e.get("custom_entity_id").is_some())
        );

        let updated = RecordService::update(
            &db,
            &a.agent,
            record.record.id,
            RecordUpdate {
                values: json!({"number": "A-1b", "total": null})
                    .as_object()
                    .cloned(),
                ..Default::default()
            },
        )
        .await
        .expect("update");
        assert_eq!(updated.record.external_id.as_deref(), Some("A-1b"));
        assert_eq!(updated.record.values, json!({"number": "A-1b"}));

        assert!(matches!(
            RecordService::find_with_links(&db, &b.admin, record.record.id).await,
            Err(ServiceError::NotFound)
        ));
        assert!(matches!(
            RecordService::update(&db, &b.admin, record.record.id, RecordUpdate::default())
                .await,
            Err(ServiceError::NotFound)
        ));
        let listed = RecordService::list_oldest_first(
            &db,
            &b.admin,
            &RecordQuery::default(),
            Window {
                offset: 0,
                limit: 50,
            },
        )
        .await
        .expect("list");
        assert_eq!(listed.total, 0);
    })
    .await;
}

#[tokio::test]
async fn admins_edit_and_delete_entities_without_breaking_their_records() {
    on_every_database(async |db| {
        let a = world(&db, "alpha").await;
        let b = world(&db, "bravo").await;
        let entity = CustomEntityService::create(&db, &a.admin, orders())
            .await
            .expect("entity");
        let mut attributes = orders().attributes;
        attributes[1].label = "Order total".into();
        let edit = |attributes: Vec<_>| CustomEntityChanges {
            name: "Shop orders".into(),
            attributes,
        };
        assert!(matches!(
            CustomEntityService::update(&db, &a.agent, entity.id, edit(attributes.clone()))
                .await,
            Err(ServiceError::Forbidden(_))
        ));
        assert!(matches!(
            CustomEntityService::update(&db, &b.admin, entity.id, edit(attributes.clone()))
                .await,
            Err(ServiceError::NotFound)
        ));
        let edited =
            CustomEntityService::update(&db, &a.admin, entity.id, edit(attributes.clone()))
                .await
                .expect("edit");
        assert_eq!(
            (edited.name.as_str(), edited.slug.as_str()),
            ("Shop orders", "orders")
        );

        RecordService::create(
            &db,
            &a.agent,
            NewRecord {
                custom_entity_id: Some(entity.id),
                external_id: None,
                values: json!({"number": "A-1", "total": 10}).as_object().cloned(),
            },
        )
        .await
        .expect("record");
        let mut retyped = attributes.clone();
        retyped[1].attribute_type = model::custom_entity::AttributeType::String;
        let refused =
            CustomEntityService::update(&db, &a.admin, entity.id, edit(retyped)).await;
        assert!(
            matches!(&refused, Err(ServiceError::Validation(e)) if e.get("attributes.1.type").is_some()),
            "{refused:?}"
        );
        let views = CustomEntityService::views(&db, &a.admin)
            .await
            .expect("views");
        assert_eq!(views[0].record_count, 1);

        assert!(matches!(
            CustomEntityService::delete(&db, &b.admin, entity.id).await,
            Err(ServiceError::NotFound)
        ));
        assert_eq!(
            CustomEntityService::delete(&db, &a.admin, entity.id)
                .await
                .expect("delete"),
            1
        );
        assert!(
            CustomEntityService::views(&db, &a.admin)
                .await
                .expect("views")
                .is_empty()
        );
        let records = RecordService::count_of_entity(&db, &a.admin, entity.id)
            .await
            .expect("count");
        assert_eq!(records, 0, "the records went with their entity");
    })
    .await;
}
