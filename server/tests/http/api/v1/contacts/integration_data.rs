//! `GET /api/v1/contacts/{id}/integration-data`.

use crate::api::v1::integrations::{attach_to_alpha, bridge_integration, last_body};
use crate::support::receivers::HttpReceiver;
use crate::support::spawn_app_with;
use axum::http::StatusCode;
use serde_json::json;

#[tokio::test]
async fn results_come_cached_until_refreshed_and_are_never_kept_by_the_answer_cache() {
    let app = spawn_app_with(&[("CHATLANE_OUTBOUND_ALLOW", "127.0.0.1")]).await;
    let admin = app.admin_token(&app.alpha).await;
    let receiver = HttpReceiver::start(200, r#"{"orders": [{"id": 1}]}"#).await;
    let id = bridge_integration(&app, &admin, &receiver, 30).await;
    attach_to_alpha(&app, &admin, &[id, app.alpha.integration_id]).await;
    let agent = app.agent_token(&app.alpha).await;
    let path = format!(
        "/api/v1/contacts/{}/integration-data?conversation_id={}",
        app.alpha.contact_id, app.alpha.conversation_id
    );
    let first = app.get(&path, &agent).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.json);
    assert_eq!(first.header("cache-control"), Some("no-store"));
    let results = first.json["data"].as_array().cloned().unwrap_or_default();
    assert_eq!(results.len(), 2);
    assert_eq!(
        (
            results[0]["name"].clone(),
            results[0]["status"].clone(),
            results[0]["from_cache"].clone()
        ),
        (json!("Orders"), json!("ok"), json!(false))
    );
    assert_eq!(results[0]["data"], json!({"orders": [{"id": 1}]}));
    assert_eq!(last_body(&receiver)["email"], "customer@alpha.example");
    // The seeded CRM lookup points at a host tests cannot reach: its failure is a result too.
    assert_eq!(results[1]["name"], "CRM lookup");
    assert_eq!(results[1]["status"], "error");
    assert!(results[1]["error"].is_string());

    let second = app.get(&path, &agent).await;
    assert_eq!(second.json["data"][0]["from_cache"], true);
    assert_eq!(receiver.received().len(), 1);
    let refreshed = app.get(&format!("{path}&refresh=true"), &agent).await;
    assert_eq!(refreshed.json["data"][0]["from_cache"], false);
    assert_eq!(receiver.received().len(), 2);

    let bad = app.get(&format!("{path}&refresh=yes"), &agent).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let wrong = app
        .get(
            &format!(
                "/api/v1/contacts/{}/integration-data?conversation_id={}",
                app.alpha.contact_id, app.bravo.conversation_id
            ),
            &agent,
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.json["details"]["conversation_id"].is_array());
}

#[tokio::test]
async fn a_contacts_new_email_warms_the_flagged_integrations() {
    let app = spawn_app_with(&[("CHATLANE_OUTBOUND_ALLOW", "127.0.0.1")]).await;
    let admin = app.admin_token(&app.alpha).await;
    let receiver = HttpReceiver::start(200, r#"{"tier": "gold"}"#).await;
    let id = bridge_integration(&app, &admin, &receiver, 30).await;
    app.patch(
        &format!("/api/v1/integrations/{id}"),
        &admin,
        json!({"run_when_email_known": true}),
    )
    .await;
    attach_to_alpha(&app, &admin, &[id]).await;
    let created = app
        .post("/api/v1/contacts", &admin, json!({"name": "Nell New"}))
        .await;
    let contact = created.json["data"]["id"].as_i64().unwrap_or_default();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(receiver.received().len(), 0, "no email, nothing to warm");
    app.patch(
        &format!("/api/v1/contacts/{contact}"),
        &admin,
        json!({"email": "nell@example.com"}),
    )
    .await;
    for _ in 0..50 {
        if !receiver.received().is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(receiver.received().len(), 1, "warmed in the background");
    assert_eq!(last_body(&receiver)["email"], "nell@example.com");
    let r = app
        .get(
            &format!(
                "/api/v1/contacts/{contact}/integration-data?inbox_id={}",
                app.alpha.inbox_id
            ),
            &admin,
        )
        .await;
    assert_eq!(r.json["data"][0]["from_cache"], true, "{}", r.json);
    assert_eq!(receiver.received().len(), 1);
}
