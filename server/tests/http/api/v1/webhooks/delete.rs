//! `DELETE /api/v1/webhooks/{id}`, and another team's token.

use super::{a_webhook_path, app_allowing_loopback};
use axum::http::{Method, StatusCode};

#[tokio::test]
async fn delete_removes_it_and_another_teams_token_finds_nothing() {
    let app = app_allowing_loopback().await;
    let admin = app.admin_token(&app.alpha).await;
    let path = a_webhook_path(&app, &admin).await;

    // Another team's token: not found, never forbidden.
    let bravo = app.admin_token(&app.bravo).await;
    for method in [Method::GET, Method::DELETE] {
        let r = app.api(method, &path, Some(&bravo), None).await;
        assert_eq!((r.status, r.code()), (StatusCode::NOT_FOUND, "NOT_FOUND"));
    }
    let r = app.get(&format!("{path}/deliveries"), &bravo).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    let r = app.delete(&path, &admin).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let r = app.get(&path, &admin).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}
