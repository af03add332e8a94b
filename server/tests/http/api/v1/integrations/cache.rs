//! `GET` and `DELETE /api/v1/integrations/{id}/cache`.

use super::{attach_to_alpha, bridge_integration};
use crate::support::receivers::HttpReceiver;
use crate::support::spawn_app_with;
use axum::http::StatusCode;
use serde_json::json;

/// An admin sees how many answers are kept and how often they served, clears one contact's
/// (the next card calls again) and then all of them; the counts are never a reused answer,
/// another team's contact is refused, and agents may not.
#[tokio::test]
async fn an_admin_reads_and_clears_an_integrations_cache() {
    let app = spawn_app_with(&[("CHATLANE_OUTBOUND_ALLOW", "127.0.0.1")]).await;
    let admin = app.admin_token(&app.alpha).await;
    let receiver = HttpReceiver::start(200, r#"{"orders": [{"id": 1}]}"#).await;
    let id = bridge_integration(&app, &admin, &receiver, 30).await;
    attach_to_alpha(&app, &admin, &[id]).await;
    let cards = format!(
        "/api/v1/contacts/{}/integration-data?conversation_id={}",
        app.alpha.contact_id, app.alpha.conversation_id
    );
    let cache = format!("/api/v1/integrations/{id}/cache");

    let empty = app.get(&cache, &admin).await;
    assert_eq!(empty.status, StatusCode::OK, "{}", empty.json);
    assert_eq!(empty.header("cache-control"), Some("no-store"));
    assert_eq!(
        empty.json["data"],
        json!({"entries": 0, "hits": 0, "misses": 0, "hit_rate": null})
    );

    for _ in 0..3 {
        assert_eq!(app.get(&cards, &admin).await.status, StatusCode::OK);
    }
    assert_eq!(receiver.received().len(), 1, "one call, two cached answers");
    let used = app.get(&cache, &admin).await;
    assert_eq!(
        used.json["data"],
        json!({"entries": 1, "hits": 2, "misses": 1, "hit_rate": 2.0 / 3.0})
    );

    let cleared = app
        .delete(
            &format!("{cache}?contact_id={}", app.alpha.contact_id),
            &admin,
        )
        .await;
    assert_eq!(cleared.status, StatusCode::OK, "{}", cleared.json);
    assert_eq!(cleared.json["data"]["cleared"], 1);
    assert_eq!(app.get(&cards, &admin).await.status, StatusCode::OK);
    assert_eq!(
        receiver.received().len(),
        2,
        "the contact's card called again"
    );

    let all = app.delete(&cache, &admin).await;
    assert_eq!(all.json["data"]["cleared"], 1);
    assert_eq!(app.get(&cache, &admin).await.json["data"]["entries"], 0);

    let foreign = app
        .delete(
            &format!("{cache}?contact_id={}", app.bravo.contact_id),
            &admin,
        )
        .await;
    assert_eq!(
        foreign.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        foreign.json
    );
    let agent = app.agent_token(&app.alpha).await;
    assert_eq!(app.get(&cache, &agent).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.delete(&cache, &agent).await.status,
        StatusCode::FORBIDDEN
    );
}
