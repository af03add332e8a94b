//! Connecting channels to drivers: admins only, validated per channel type, addresses checked at
//! save time, secrets sealed and kept across edits, on every database.

use crate::support::{allowing_loopback, on_every_database, state, world};
use backend::ServiceError;
use backend::entities::inbox_channel;
use backend::services::channels::{ChannelService, is_sendable};
use backend::services::inboxes::InboxService;
use model::channel::{DriverInput, DriverSettings, WebhookDriverSettings};
use sea_orm::EntityTrait;
use serde_json::json;

fn webhook(url: &str, secret: Option<&str>) -> DriverInput {
    DriverInput {
        settings: DriverSettings::Webhook(WebhookDriverSettings { url: url.into() }),
        secret: secret.map(str::to_string),
    }
}

#[tokio::test]
async fn admins_connect_channels_and_secrets_stay_sealed_across_edits() {
    on_every_database(async |db| {
        let w = world(&db, "acme").await;
        let app = state(&db);
        let channels = InboxService::channels_of(&db, w.admin.team_id, w.inbox_id)
            .await
            .expect("channels");
        let note = channels
            .iter()
            .find(|c| c.channel_type == "note")
            .expect("note");
        let email = channels
            .iter()
            .find(|c| c.channel_type == "email")
            .expect("email");

        let as_agent = ChannelService::configure(
            &db,
            &app.secrets,
            &app.outbound,
            &w.agent,
            email.id,
            webhook("https://b.example.com/x", None),
        )
        .await;
        assert!(matches!(as_agent, Err(ServiceError::Forbidden(_))));
        let for_notes = ChannelService::configure(
            &db,
            &app.secrets,
            &app.outbound,
            &w.admin,
            note.id,
            webhook("https://b.example.com/x", None),
        )
        .await;
        assert!(
            matches!(&for_notes, Err(ServiceError::Validation(e)) if e.get("settings.driver").is_some()),
            "{for_notes:?}"
        );
        let private = ChannelService::configure(
            &db,
            &app.secrets,
            &app.outbound,
            &w.admin,
            email.id,
            webhook("http://169.254.169.254/latest", None),
        )
        .await;
        assert!(
            matches!(&private, Err(ServiceError::Validation(e)) if e.get("settings.url").is_some_and(|m| m.contains("not public"))),
            "{private:?}"
        );

        let saved = ChannelService::configure(
            &db,
            &app.secrets,
            &app.outbound,
            &w.admin,
            email.id,
            webhook("https://b.example.com/x", Some("whsec_c2VjcmV0")),
        )
        .await
        .expect("connect");
        assert!(is_sendable(&saved));
        let stored = saved.driver_settings.clone().unwrap_or_default();
        assert!(
            !stored.contains("whsec_c2VjcmV0"),
            "the secret is sealed at rest: {stored}"
        );
        let opened = ChannelService::open_driver(&app.secrets, &saved)
            .expect("open")
            .expect("driver");
        assert_eq!(opened.secret.as_deref(), Some("whsec_c2VjcmV0"));

        // Saved again without a new secret keeps it (the secret is bound to the URL: another
        // URL needs it again); an empty one removes it.
        let moved = ChannelService::configure(
            &db,
            &app.secrets,
            &app.outbound,
            &w.admin,
            email.id,
            webhook("https://b.example.com/y", None),
        )
        .await;
        assert!(
            matches!(&moved, Err(ServiceError::Validation(e)) if e.get("secret").is_some()),
            "{moved:?}"
        );
        let edited = ChannelService::configure(
            &db,
            &app.secrets,
            &app.outbound,
            &w.admin,
            email.id,
            webhook("https://b.example.com/x", None),
        )
        .await
        .expect("edit");
        let opened = ChannelService::open_driver(&app.secrets, &edited)
            .expect("open")
            .expect("driver");
        assert_eq!(opened.secret.as_deref(), Some("whsec_c2VjcmV0"));
        let cleared = ChannelService::configure(
            &db,
            &app.secrets,
            &app.outbound,
            &w.admin,
            email.id,
            webhook("https://b.example.com/x", Some("")),
        )
        .await
        .expect("clear");
        assert_eq!(
            ChannelService::open_driver(&app.secrets, &cleared)
                .expect("open")
                .expect("driver")
                .secret,
            None
        );

        // A sealed secret copied onto another row does not open there.
        let sealed_row = ChannelService::configure(
            &db,
            &app.secrets,
            &app.outbound,
            &w.admin,
            email.id,
            webhook("https://b.example.com/y", Some("s3cret")),
        )
        .await
        .expect("seal");
        let mut moved: inbox_channel::Model = note.clone();
        moved.driver_settings = sealed_row.driver_settings.clone();
        assert!(ChannelService::open_driver(&app.secrets, &moved).is_err());

        let off = ChannelService::disconnect(&db, &w.admin, email.id)
            .await
            .expect("disconnect");
        assert!(!is_sendable(&off));
        let row = inbox_channel::Entity::find_by_id(email.id)
            .one(&db)
            .await
            .expect("query")
            .expect("row");
        assert_eq!(row.driver_settings, None);

        let listed = ChannelService::list(&db, &w.admin).await.expect("list");
        assert_eq!(listed.len(), 2);
        assert!(ChannelService::list(&db, &w.agent).await.is_err());
    })
    .await;
}

/// A kept SMTP password is bound to the host, port, username and transport security:
/// a new host or a switch from TLS (or STARTTLS) to none asks for it again; a change of the
/// sender's name keeps it.
#[tokio::test]
async fn a_kept_smtp_password_is_refused_after_a_host_change_or_a_downgrade() {
    let t = crate::support::sqlite().await;
    let app = allowing_loopback(&t.db);
    let w = world(&t.db, "smtp").await;
    let channel = crate::support::email_channel(&t.db, &w).await;
    let smtp = |host: &str, security: &str, from_name: &str, secret: Option<&str>| -> DriverInput {
        serde_json::from_value(json!({
            "settings": {
                "driver": "smtp",
                "host": host,
                "port": 587,
                "security": security,
                "username": "support@acme.example",
                "from_email": "support@acme.example",
                "from_name": from_name,
            },
            "secret": secret,
        }))
        .expect("driver input")
    };
    let configure = async |input: DriverInput| {
        ChannelService::configure(&t.db, &app.secrets, &app.outbound, &w.admin, channel, input)
            .await
    };
    let asks_again = |r: &Result<_, ServiceError>| matches!(r, Err(ServiceError::Validation(e)) if e.0.contains_key("secret"));
    for security in ["starttls", "tls"] {
        configure(smtp(
            "smtp.acme.example",
            security,
            "Acme",
            Some("hunter2-password"),
        ))
        .await
        .expect("configure with a password");
        let renamed = configure(smtp("smtp.acme.example", security, "Acme Support", None)).await;
        assert!(
            renamed.is_ok(),
            "{security}: a new sender name keeps it: {renamed:?}"
        );
        let downgraded = configure(smtp("smtp.acme.example", "none", "Acme Support", None)).await;
        assert!(
            asks_again(&downgraded),
            "{security} → none kept the password: {downgraded:?}"
        );
        let moved = configure(smtp(
            "smtp.elsewhere.example",
            security,
            "Acme Support",
            None,
        ))
        .await;
        assert!(
            asks_again(&moved),
            "a new host kept the password: {moved:?}"
        );
    }
    let row = ChannelService::find(&t.db, &w.admin, channel)
        .await
        .expect("channel");
    let open = ChannelService::open_driver(&app.secrets, &row);
    assert!(
        matches!(&open, Ok(Some(d)) if d.secret.as_deref() == Some("hunter2-password")),
        "the refused changes left the saved password in place"
    );
    t.finish().await;
}
