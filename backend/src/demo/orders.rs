//! The demo's custom entity: Orders (number, status, total), with a few records linked to demo
//! contacts, and the first order's receipt attached to the team's first message, so the records
//! API, an entity's settings and attachment downloads have something to show on first run.

use crate::actor::Actor;
use crate::entities::{attachment, message};
use crate::error::ServiceResult;
use crate::services::custom_entities::{
    CustomEntityService, NewCustomEntity, NewRecord, RecordService,
};
use crate::state::AppState;
use chrono::Utc;
use model::custom_entity::{AttributeDefinition, AttributeType};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::json;

fn attribute(key: &str, label: &str, kind: AttributeType) -> AttributeDefinition {
    AttributeDefinition {
        key: key.into(),
        label: label.into(),
        attribute_type: kind,
        required: false,
        options: Vec::new(),
        is_external_id: false,
    }
}

/// Creates the Orders entity and one order for each of the first `contacts`.
pub(super) async fn create(
    db: &DatabaseConnection,
    admin: &Actor,
    contacts: &[i64],
) -> ServiceResult<()> {
    let number = AttributeDefinition {
        is_external_id: true,
        ..attribute("order_number", "Order number", AttributeType::String)
    };
    let status = AttributeDefinition {
        options: vec!["pending".into(), "shipped".into(), "delivered".into()],
        ..attribute("status", "Status", AttributeType::Select)
    };
    let entity = CustomEntityService::create(
        db,
        admin,
        NewCustomEntity {
            name: "Orders".into(),
            slug: "orders".into(),
            attributes: vec![
                number,
                status,
                attribute("total", "Total", AttributeType::Number),
            ],
        },
    )
    .await?;
    const STATUSES: [&str; 3] = ["pending", "shipped", "delivered"];
    for (i, &contact_id) in contacts.iter().enumerate() {
        let values = json!({
            "order_number": format!("A-{}", 1040 + i),
            "status": STATUSES[i % STATUSES.len()],
            "total": 49.5 + 30.0 * i as f64,
        });
        let record = RecordService::create(
            db,
            admin,
            NewRecord {
                custom_entity_id: Some(entity.id),
                external_id: None,
                values: values.as_object().cloned(),
            },
        )
        .await?;
        RecordService::link_contact(db, admin.team_id, record.record.id, contact_id).await?;
    }
    Ok(())
}

/// Attaches the first order's receipt (a text file) to the team's first message.
pub(super) async fn attach_receipt(state: &AppState, team_id: i64) -> ServiceResult<()> {
    let Some(first) = message::Entity::find()
        .filter(message::Column::TeamId.eq(team_id))
        .order_by_asc(message::Column::Id)
        .one(&state.db)
        .await?
    else {
        return Ok(());
    };
    let receipt = b"Acme order A-1040\nStatus: pending\nTotal: 49.50 USD\n";
    let key = state
        .attachments
        .put(receipt)
        .await
        .map_err(|e| crate::error::ServiceError::Internal(format!("demo receipt: {e}")))?;
    attachment::ActiveModel {
        team_id: Set(team_id),
        message_id: Set(first.id),
        file_name: Set("receipt-A-1040.txt".into()),
        content_type: Set("text/plain".into()),
        size: Set(receipt.len() as i64),
        storage_key: Set(key),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&state.db)
    .await?;
    Ok(())
}
