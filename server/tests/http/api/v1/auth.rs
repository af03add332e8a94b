//! Bearer tokens and per-token rate limits on every `/api/v1` route.

use crate::support::{spawn_app, spawn_app_with};
use axum::http::{Method, StatusCode};
use backend::auth::ApiTokenService;
use backend::entities::api_token;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

#[tokio::test]
async fn requests_without_a_valid_token_are_401_with_a_bearer_challenge() {
    let app = spawn_app().await;
    let good = app.agent_token(&app.alpha).await;
    let (id, _) = good
        .trim_start_matches("chl_")
        .split_once('_')
        .unwrap_or_default();
    let forged = format!("chl_{id}_{}", "A".repeat(43));
    for token in [
        None,
        Some("nonsense"),
        Some(forged.as_str()),
        Some("chl_999_abc"),
    ] {
        let r = app.api(Method::GET, "/api/v1/contacts", token, None).await;
        assert_eq!(
            (r.status, r.code()),
            (StatusCode::UNAUTHORIZED, "UNAUTHENTICATED"),
            "{token:?}"
        );
        assert_eq!(r.header("www-authenticate"), Some("Bearer"));
    }
    let r = app.get("/api/v1/contacts", &good).await;
    assert_eq!(r.status, StatusCode::OK);
}

#[tokio::test]
async fn a_revoked_token_is_refused_on_its_next_request_and_use_is_recorded() {
    let app = spawn_app().await;
    let token = app.admin_token(&app.alpha).await;
    assert_eq!(
        app.get("/api/v1/inboxes", &token).await.status,
        StatusCode::OK
    );
    let rows = api_token::Entity::find()
        .all(&app.db)
        .await
        .expect("tokens");
    let row = rows.last().expect("the token");
    assert!(row.last_used_at.is_some(), "last use is recorded");
    let secret = token.splitn(3, '_').nth(2).unwrap_or_default();
    assert!(
        !format!("{row:?}").contains(secret),
        "the secret itself is stored nowhere in the row"
    );
    ApiTokenService::revoke_by_id(&app.db, row.id)
        .await
        .expect("revoke");
    let r = app.get("/api/v1/inboxes", &token).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn each_token_has_its_own_budget_and_is_told_when_to_retry() {
    let app = spawn_app_with(&[
        ("CHATLANE_API_RATE_LIMIT", "60"),
        ("CHATLANE_API_RATE_BURST", "2"),
    ])
    .await;
    let first = app.agent_token(&app.alpha).await;
    let second = app.agent_token(&app.alpha).await;
    let r = app.get("/api/v1/inboxes", &first).await;
    assert_eq!(r.header("ratelimit-limit"), Some("2"));
    assert_eq!(r.header("ratelimit-remaining"), Some("1"));
    assert_eq!(r.header("ratelimit-policy"), Some("60;w=60;burst=2"));
    assert_eq!(
        app.get("/api/v1/inboxes", &first).await.status,
        StatusCode::OK
    );
    let r = app.get("/api/v1/inboxes", &first).await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::TOO_MANY_REQUESTS, "RATE_LIMITED")
    );
    assert_eq!(r.header("retry-after"), Some("1"));
    assert_eq!(r.header("ratelimit-remaining"), Some("0"));
    // Still refused; another token has its own budget.
    let r = app.get("/api/v1/inboxes", &first).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        app.get("/api/v1/inboxes", &second).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn tokens_of_a_user_who_left_the_team_stop_working() {
    let app = spawn_app().await;
    let token = app.agent_token(&app.alpha).await;
    let agent = backend::services::teams::TeamService::find_user(&app.db, &app.alpha.agent_email)
        .await
        .expect("query")
        .expect("agent");
    backend::entities::team_member::Entity::delete_many()
        .filter(backend::entities::team_member::Column::UserId.eq(agent.id))
        .exec(&app.db)
        .await
        .expect("remove");
    let r = app.get("/api/v1/inboxes", &token).await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::FORBIDDEN, "TEAM_ACCESS_DENIED")
    );
    // A wrong secret for the same token id still learns nothing.
    let last = if token.ends_with('x') { "y" } else { "x" };
    let forged = format!("{}{last}", &token[..token.len() - 1]);
    assert_eq!(
        app.get("/api/v1/inboxes", &forged).await.status,
        StatusCode::UNAUTHORIZED
    );
}
