//! Settings server functions: every member has API tokens (admins see and revoke all of the
//! team's, agents their own); a channel's SMTP form refuses a security value it does not offer.

use crate::support::spawn_app;
use axum::http::StatusCode;
use serde_json::Value;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_creates_a_token_that_works_until_revoked() {
    let app = spawn_app().await;
    let cookie = app.login(&app.alpha.admin_email).await;
    let r = app
        .call(&cookie, "create_api_token", "name=Zapier+Integration")
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let created: Value = serde_json::from_str(&r.body).unwrap_or(Value::Null);
    let plain = created["plain"].as_str().unwrap_or_default().to_string();
    let id = created["token"]["id"].as_i64().unwrap_or_default();
    assert!(plain.starts_with(&format!("chl_{id}_")), "{plain}");
    assert!(plain.len() >= 4 + 1 + 43, "at least 32 random bytes");
    assert_eq!(
        app.get("/api/v1/inboxes", &plain).await.status,
        StatusCode::OK
    );

    let listed = app.call(&cookie, "list_api_tokens", "").await;
    assert!(
        listed.body.contains("Zapier Integration"),
        "{}",
        listed.body
    );
    assert!(
        !listed.body.contains(&plain),
        "the list never carries the secret"
    );

    let r = app
        .call(&cookie, "revoke_api_token", &format!("id={id}"))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        app.get("/api/v1/inboxes", &plain).await.status,
        StatusCode::UNAUTHORIZED
    );
    let listed = app.call(&cookie, "list_api_tokens", "").await;
    assert!(!listed.body.contains("Zapier Integration"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn names_are_required_and_another_teams_token_cannot_be_revoked() {
    let app = spawn_app().await;
    let admin = app.login(&app.alpha.admin_email).await;
    let r = app.call(&admin, "create_api_token", "name=+++").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("This field is required."), "{}", r.body);

    let bravo_token = app.admin_token(&app.bravo).await;
    let bravo_id = bravo_token
        .trim_start_matches("chl_")
        .split('_')
        .next()
        .unwrap_or_default()
        .to_string();
    // Another team's token cannot be revoked from here.
    let r = app
        .call(&admin, "revoke_api_token", &format!("id={bravo_id}"))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.get("/api/v1/inboxes", &bravo_token).await.status,
        StatusCode::OK
    );
}

/// Every member may have tokens ("Generating API Tokens"): an agent creates one that acts with the
/// agent's role (it cannot do what an agent cannot), sees and revokes only their own, and may
/// create one only for a team they belong to; an admin sees and revokes everyone's.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_agent_has_tokens_of_their_own_that_act_as_an_agent() {
    let app = spawn_app().await;
    let admin = app.login(&app.alpha.admin_email).await;
    let agent = app.login(&app.alpha.agent_email).await;
    let create = |cookie: String, form: &'static str| {
        let app = &app;
        async move { app.call(&cookie, "create_api_token", form).await }
    };
    let admins = create(admin.clone(), "name=Admin+script").await;
    assert_eq!(admins.status, StatusCode::OK, "{}", admins.body);
    let admins_id =
        serde_json::from_str::<Value>(&admins.body).unwrap_or(Value::Null)["token"]["id"]
            .as_i64()
            .unwrap_or_default();

    let r = create(agent.clone(), "name=My+Zapier").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let created: Value = serde_json::from_str(&r.body).unwrap_or(Value::Null);
    let plain = created["plain"].as_str().unwrap_or_default().to_string();
    let id = created["token"]["id"].as_i64().unwrap_or_default();
    assert_eq!(
        app.get("/api/v1/inboxes", &plain).await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.get("/api/v1/integrations", &plain).await.status,
        StatusCode::FORBIDDEN,
        "an agent's token cannot do what an agent cannot"
    );

    let mine = app.call(&agent, "list_api_tokens", "").await;
    assert!(mine.body.contains("My Zapier"), "{}", mine.body);
    assert!(
        !mine.body.contains("Admin script"),
        "only their own: {}",
        mine.body
    );
    let all = app.call(&admin, "list_api_tokens", "").await;
    assert!(
        all.body.contains("My Zapier") && all.body.contains("Admin script"),
        "{}",
        all.body
    );

    let r = app
        .call(&agent, "revoke_api_token", &format!("id={admins_id}"))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "not the agent's to revoke");
    let r = app
        .call(
            &agent,
            "create_api_token",
            &format!("name=Elsewhere&team_id={}", app.bravo.id),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.body.contains("You are not a member of this team."),
        "{}",
        r.body
    );

    let r = app
        .call(&agent, "revoke_api_token", &format!("id={id}"))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        app.get("/api/v1/inboxes", &plain).await.status,
        StatusCode::UNAUTHORIZED
    );
}

/// An SMTP security value the form does not offer is a field error next to Security, never a
/// silent STARTTLS; each offered value connects.
#[tokio::test]
async fn an_unknown_smtp_security_is_refused_next_to_the_field() {
    let app = spawn_app().await;
    let admin = app.login(&app.alpha.admin_email).await;
    let channel = backend::services::inboxes::InboxService::channels_of(
        &app.db,
        app.alpha.id,
        app.alpha.inbox_id,
    )
    .await
    .expect("channels")
    .into_iter()
    .find(|c| c.channel_type == "email")
    .expect("an email channel")
    .id;
    // As the browser's form sends it: `form[field]`, brackets percent-encoded.
    let form = |security: &str| {
        let fields = [
            ("driver", "smtp"),
            ("host", "smtp.alpha.example"),
            ("port", "587"),
            ("security", security),
            ("username", ""),
            ("from_email", "support@alpha.example"),
            ("from_name", "Alpha"),
            ("url", ""),
            ("secret", ""),
        ];
        let mut body = form_urlencoded::Serializer::new(String::new());
        body.append_pair("channel_id", &channel.to_string());
        for (name, value) in fields {
            body.append_pair(&format!("form[{name}]"), value);
        }
        body.finish()
    };
    let refused = app.call(&admin, "connect_channel", &form("ssl-ish")).await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains("settings.security"),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains("Choose STARTTLS, TLS or none."),
        "{}",
        refused.body
    );
    for security in ["starttls", "tls", "none"] {
        let r = app.call(&admin, "connect_channel", &form(security)).await;
        assert_eq!(r.status, StatusCode::OK, "{security}: {}", r.body);
    }
}
