//! `POST /api/v1/conversations/{id}/messages`: sending through both drivers, drafts, notes,
//! attachments, and every error code of the endpoint.

use crate::support::api::stable;
use crate::support::receivers::{HttpReceiver, SmtpReceiver};
use crate::support::{TestApp, spawn_app_with};
use axum::http::StatusCode;
use backend::entities::{attachment, message};
use backend::services::contacts::{ContactService, NewContact};
use backend::services::conversations::{ConversationService, NewConversation};
use backend::services::inboxes::InboxService;
use chrono::Utc;
use model::{ConversationStatus, InboxType, MessageType};
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::{Value, json};

/// An app whose outbound and download rules allow loopback, where the receivers run.
async fn app() -> TestApp {
    spawn_app_with(&[
        ("CHATLANE_OUTBOUND_ALLOW", "127.0.0.1"),
        ("CHATLANE_DOWNLOAD_ALLOW", "127.0.0.1"),
    ])
    .await
}

async fn post(
    app: &TestApp,
    token: &str,
    conversation_id: i64,
    body: Value,
) -> crate::support::api::ApiResponse {
    app.post(
        &format!("/api/v1/conversations/{conversation_id}/messages"),
        token,
        body,
    )
    .await
}

async fn message_count(app: &TestApp) -> u64 {
    message::Entity::find().count(&app.db).await.expect("count")
}

#[tokio::test]
async fn an_email_goes_out_through_the_webhook_bridge_signed_and_becomes_sent() {
    let app = app().await;
    let bridge = HttpReceiver::start(200, r#"{"id": "prov-123"}"#).await;
    let secret = "whsec_c2VjcmV0LWZvci10ZXN0cw==";
    app.connect_email_webhook(&app.alpha, &format!("{}/bridge", bridge.base), Some(secret))
        .await;
    let token = app.agent_token(&app.alpha).await;

    let r = post(
        &app,
        &token,
        app.alpha.conversation_id,
        json!({
            "body": "Thank you for your inquiry!",
            "type": "email",
            "cc": "boss@alpha.example",
        }),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.json);
    assert_eq!(r.json["data"]["delivery_status"], "sending");
    assert_eq!(r.json["data"]["sender"]["name"], "Ari Agent");
    insta::assert_json_snapshot!("created_sending", stable(&r.json));

    let id = r.json["data"]["id"].as_i64().expect("id");
    let row = app.settled(id).await;
    assert_eq!(row.delivery_status.as_deref(), Some("sent"));
    assert_eq!(row.external_message_id.as_deref(), Some("prov-123"));

    let got = bridge.received();
    assert_eq!(got.len(), 1);
    let payload: Value = serde_json::from_slice(&got[0].body).expect("json");
    assert_eq!(payload["type"], "message.outbound");
    assert_eq!(payload["data"]["body"], "Thank you for your inquiry!");
    assert_eq!(payload["data"]["cc"], json!(["boss@alpha.example"]));
    assert_eq!(
        payload["data"]["recipient"]["email"],
        "customer@alpha.example"
    );
    // The receiver can verify the Standard Webhooks signature with the shared secret.
    let header = |n: &str| {
        got[0]
            .headers
            .get(n)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    let timestamp: i64 = header("webhook-timestamp").parse().expect("timestamp");
    let expected = backend::outbound::signing::signature(
        secret,
        &header("webhook-id"),
        timestamp,
        &got[0].body,
    );
    assert_eq!(header("webhook-signature"), expected);
    assert_eq!(header("webhook-id"), format!("msg_chatlane_{id}"));

    let shown = app.get(&format!("/api/v1/messages/{id}"), &token).await;
    assert_eq!(shown.json["data"]["delivery_status"], "sent");
    assert_eq!(shown.json["data"]["external_message_id"], "prov-123");
}

#[tokio::test]
async fn an_email_goes_out_through_smtp_with_its_attachment() {
    let app = app().await;
    let relay = SmtpReceiver::start(false).await;
    let files = HttpReceiver::start(200, "").await;
    app.connect_email_smtp(&app.alpha, relay.port).await;
    let token = app.admin_token(&app.alpha).await;

    let r = post(
        &app,
        &token,
        app.alpha.conversation_id,
        json!({
            "body": "Your invoice is attached.",
            "type": "email",
            "bcc": "audit@alpha.example",
            "file_urls": [format!("{}/files/invoice-42.txt", files.base)],
        }),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.json);
    let attachment = &r.json["data"]["attachments"][0];
    assert_eq!(attachment["file_name"], "invoice-42.txt");
    assert_eq!(attachment["content_type"], "text/plain");
    assert_eq!(attachment["size"], 26);

    let id = r.json["data"]["id"].as_i64().expect("id");
    let row = app.settled(id).await;
    assert_eq!(
        row.delivery_status.as_deref(),
        Some("sent"),
        "{:?}",
        row.delivery_error
    );
    let message_id = row.external_message_id.expect("Message-ID");
    assert!(message_id.ends_with("@alpha.example>"), "{message_id}");

    let mails = relay.mails();
    assert_eq!(mails.len(), 1);
    let mail = &mails[0];
    assert_eq!(mail.from, "<support@alpha.example>");
    assert_eq!(
        mail.to,
        ["<customer@alpha.example>", "<audit@alpha.example>"]
    );
    assert!(
        mail.data.contains("Subject: alpha secret subject"),
        "{}",
        mail.data
    );
    assert!(mail.data.contains("Your invoice is attached."));
    assert!(mail.data.contains("invoice-42.txt"));
    assert!(
        !mail.data.contains("audit@alpha.example"),
        "Bcc must not be in the headers"
    );
    assert!(mail.data.contains(&format!("Message-ID: {message_id}")));
}

#[tokio::test]
async fn a_refusal_is_a_failed_delivery_with_the_reason() {
    let app = app().await;
    let relay = SmtpReceiver::start(true).await;
    app.connect_email_smtp(&app.alpha, relay.port).await;
    let token = app.agent_token(&app.alpha).await;
    let r = post(
        &app,
        &token,
        app.alpha.conversation_id,
        json!({"body": "Hi", "type": "email"}),
    )
    .await;
    let id = r.json["data"]["id"].as_i64().expect("id");
    let row = app.settled(id).await;
    assert_eq!(row.delivery_status.as_deref(), Some("failed"));
    assert_eq!(
        row.delivery_attempts, 1,
        "a permanent refusal is not retried"
    );
    let shown = app.get(&format!("/api/v1/messages/{id}"), &token).await;
    assert_eq!(shown.json["data"]["delivery_status"], "failed");
    assert!(
        shown.json["data"]["delivery_error"]
            .as_str()
            .unwrap_or_default()
            .contains("No such user"),
        "{}",
        shown.json
    );

    let bridge = HttpReceiver::start(400, r#"{"error": "unknown number"}"#).await;
    app.connect_email_webhook(&app.alpha, &format!("{}/x", bridge.base), None)
        .await;
    let r = post(
        &app,
        &token,
        app.alpha.conversation_id,
        json!({"body": "Hi again", "type": "email"}),
    )
    .await;
    let row = app
        .settled(r.json["data"]["id"].as_i64().expect("id"))
        .await;
    assert_eq!(row.delivery_status.as_deref(), Some("failed"));
    assert_eq!(
        row.delivery_error.as_deref(),
        Some("Webhook: API returned 400: unknown number")
    );
}

#[tokio::test]
async fn drafts_notes_and_messages_from_the_contact_are_not_delivered() {
    let app = app().await;
    let bridge = HttpReceiver::start(200, "{}").await;
    app.connect_email_webhook(&app.alpha, &format!("{}/b", bridge.base), None)
        .await;
    let token = app.agent_token(&app.alpha).await;
    let c = app.alpha.conversation_id;

    let draft = post(
        &app,
        &token,
        c,
        json!({"body": "Draft", "type": "email", "is_draft": true}),
    )
    .await;
    assert_eq!(draft.status, StatusCode::CREATED);
    assert_eq!(draft.json["data"]["delivery_status"], "draft");
    assert_eq!(draft.json["data"]["is_draft"], true);

    let note = post(
        &app,
        &token,
        c,
        json!({"body": "Called them back", "type": "note"}),
    )
    .await;
    assert_eq!(note.status, StatusCode::CREATED, "{}", note.json);
    assert_eq!(note.json["data"]["delivery_status"], Value::Null);

    let inbound = post(
        &app,
        &token,
        c,
        json!({
            "body": "Imported reply", "type": "email",
            "sender_type": "contact", "sender_id": app.alpha.contact_id,
        }),
    )
    .await;
    assert_eq!(inbound.status, StatusCode::CREATED, "{}", inbound.json);
    assert_eq!(inbound.json["data"]["delivery_status"], Value::Null);
    assert_eq!(inbound.json["data"]["is_read"], false);
    assert_eq!(inbound.json["data"]["sender"]["name"], "alpha Customer");

    // One more sent message proves the worker ran after the three above were stored.
    let sent = post(
        &app,
        &token,
        c,
        json!({"body": "Real one", "type": "email"}),
    )
    .await;
    app.settled(sent.json["data"]["id"].as_i64().expect("id"))
        .await;
    let bodies: Vec<Value> = bridge
        .received()
        .iter()
        .map(|r| serde_json::from_slice::<Value>(&r.body).expect("json")["data"]["body"].clone())
        .collect();
    assert_eq!(bodies, [json!("Real one")]);
}

#[tokio::test]
async fn a_failed_download_fails_the_request_and_writes_nothing() {
    let app = app().await;
    let files = HttpReceiver::start(200, "").await;
    let token = app.agent_token(&app.alpha).await;
    let before = message_count(&app).await;
    let files_before = attachment::Entity::find()
        .count(&app.db)
        .await
        .expect("count");
    for (url, why) in [
        (format!("{}/files/missing", files.base), "API returned 404"),
        (
            format!("{}/files/big", files.base),
            "Response larger than 10 MiB",
        ),
        (
            "http://10.0.0.1/file.pdf".to_string(),
            "Blocked: the address is not public",
        ),
    ] {
        let r = post(
            &app,
            &token,
            app.alpha.conversation_id,
            json!({
                "body": "With files", "type": "note",
                "file_urls": [format!("{}/files/ok.txt", files.base), url],
            }),
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(r.code(), "ATTACHMENT_DOWNLOAD_FAILED");
        let message = r.json["error"].as_str().unwrap_or_default();
        assert!(
            message.starts_with("file_urls.1: could not download the file"),
            "{message}"
        );
        assert!(message.contains(why), "{message}");
    }
    assert_eq!(message_count(&app).await, before);
    assert_eq!(
        attachment::Entity::find()
            .count(&app.db)
            .await
            .expect("count"),
        files_before
    );
    let stored = std::fs::read_dir(app.data_dir().join("attachments"))
        .map(|d| d.count())
        .unwrap_or(0);
    assert_eq!(
        stored, 0,
        "downloaded files are removed when the request fails"
    );
}

#[tokio::test]
async fn every_rule_has_its_code() {
    let app = app().await;
    let token = app.agent_token(&app.alpha).await;
    let c = app.alpha.conversation_id;
    let refusal = |conversation: i64, body: Value| {
        let app = &app;
        let token = token.clone();
        async move {
            let r = post(app, &token, conversation, body).await;
            (r.status, r.code().to_string(), r.json["details"].clone())
        }
    };
    let invalid = StatusCode::UNPROCESSABLE_ENTITY;

    // Channel and body rules, while the email channel exists but has no driver (not active).
    let email = app.channel_id(&app.alpha, MessageType::Email).await;
    let note = app.channel_id(&app.alpha, MessageType::Note).await;
    let too_long = "x".repeat(1601);
    let other_team_user = app.admin_actor(&app.bravo).await.user_id;
    let channel_rules = [
        (json!({"body": "x", "type": "email"}), "NO_CHANNEL_FOUND"),
        (
            json!({"body": "x", "type": "email", "inbox_channel_id": email}),
            "INVALID_CHANNEL",
        ),
        (
            json!({"body": "x", "type": "email", "inbox_channel_id": note}),
            "INVALID_CHANNEL",
        ),
        (json!({"body": "x", "type": "sms"}), "NO_CHANNEL_FOUND"),
        (
            json!({"body": "x", "type": "note", "is_draft": true}),
            "NOTE_CANNOT_BE_DRAFT",
        ),
        (
            json!({"body": too_long, "type": "whatsapp"}),
            "MESSAGE_TOO_LONG",
        ),
        (
            json!({"type": "fax", "sender_type": "user"}),
            "VALIDATION_ERROR",
        ),
        (
            json!({"body": "x", "type": "note", "sender_type": "user", "sender_id": other_team_user}),
            "VALIDATION_ERROR",
        ),
    ];
    let mut details = Vec::new();
    for (body, expected) in channel_rules {
        let (status, code, d) = refusal(c, body.clone()).await;
        assert_eq!((status, code.as_str()), (invalid, expected), "{body}");
        details.push(d);
    }
    assert_eq!(
        details[5]["body"][0],
        "WhatsApp messages may be at most 1600 characters; this one has 1601."
    );
    insta::assert_json_snapshot!("validation_details", details[6]);
    assert_eq!(
        details[7]["sender_id"][0],
        "No user with this id in your team."
    );

    // Recipient rules, once email can be sent.
    let bridge = HttpReceiver::start(200, "{}").await;
    app.connect_email_webhook(&app.alpha, &format!("{}/b", bridge.base), None)
        .await;
    let phone_only = ContactService::create(
        &app.state,
        app.alpha.id,
        NewContact {
            name: "Phone Only".into(),
            phone: "+441234567890".into(),
            ..Default::default()
        },
    )
    .await
    .expect("contact");
    let conversation = |inbox_id: i64, contact_id: Option<i64>, subject: &'static str| {
        let app = &app;
        async move {
            ConversationService::create_with_messages(
                &app.db,
                app.alpha.id,
                NewConversation {
                    inbox_id,
                    contact_id,
                    assignee_id: None,
                    subject: subject.into(),
                    status: ConversationStatus::Active,
                    created_at: Utc::now(),
                },
                vec![],
            )
            .await
            .expect("conversation")
            .id
        }
    };
    let with_phone_only = conversation(app.alpha.inbox_id, Some(phone_only.id), "Call me").await;
    let entity_inbox = InboxService::create(
        &app.db,
        app.alpha.id,
        "Orders",
        InboxType::Entity,
        &[MessageType::Email],
    )
    .await
    .expect("inbox");
    let about_a_record = conversation(entity_inbox.id, None, "Order 42").await;
    let email_body = json!({"body": "x", "type": "email"});
    let recipient_rules = [
        // A contact without an email address cannot be emailed.
        (
            with_phone_only,
            email_body.clone(),
            invalid,
            "NO_EMAIL_ADDRESS",
        ),
        // Another of the team's contacts is not this conversation's.
        (
            c,
            json!({"body": "x", "type": "email", "contact_id": phone_only.id}),
            invalid,
            "CONTACT_NOT_ASSOCIATED",
        ),
        // Entity inbox conversations name their recipient.
        (about_a_record, email_body, invalid, "CONTACT_REQUIRED"),
        // Another team's conversation does not exist.
        (
            app.bravo.conversation_id,
            json!({"body": "x", "type": "note"}),
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
        ),
    ];
    for (conversation, body, status, expected) in recipient_rules {
        let (s, code, _) = refusal(conversation, body.clone()).await;
        assert_eq!(
            (s, code.as_str()),
            (status, expected),
            "{conversation}: {body}"
        );
    }
}

#[tokio::test]
async fn a_temporary_failure_is_retried_later_and_says_why_meanwhile() {
    let app = app().await;
    let bridge = HttpReceiver::start(503, r#"{"error": "try later"}"#).await;
    app.connect_email_webhook(&app.alpha, &format!("{}/busy", bridge.base), None)
        .await;
    let token = app.agent_token(&app.alpha).await;
    let r = post(
        &app,
        &token,
        app.alpha.conversation_id,
        json!({"body": "Hello", "type": "email"}),
    )
    .await;
    let id = r.json["data"]["id"].as_i64().expect("id");
    let mut row = None;
    for _ in 0..200 {
        let current = message::Entity::find_by_id(id)
            .one(&app.db)
            .await
            .expect("query")
            .expect("message");
        if current.delivery_attempts > 0 {
            row = Some(current);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let row = row.expect("one attempt within 20 s");
    assert_eq!(
        row.delivery_status.as_deref(),
        Some("sending"),
        "kept for a retry"
    );
    assert_eq!(
        row.delivery_error.as_deref(),
        Some("Webhook: API returned 503: try later")
    );
    let due = row.delivery_due_at.expect("a retry is scheduled");
    assert!(due > Utc::now() + chrono::Duration::seconds(5), "{due}");
    assert_eq!(bridge.received().len(), 1, "not retried before it is due");
    let shown = app.get(&format!("/api/v1/messages/{id}"), &token).await;
    assert_eq!(shown.json["data"]["delivery_status"], "sending");
    assert_eq!(
        shown.json["data"]["delivery_error"],
        "Webhook: API returned 503: try later"
    );
}

/// `file_urls` downloads have their own destination rules. An agent token cannot read a
/// service inside the integrations' allow list through an attachment; a download the operator
/// allows streams to disk, and a refused or too-large one leaves no file behind.
#[tokio::test]
async fn attachments_do_not_reach_the_integrations_allow_list_and_leave_no_file_when_refused() {
    use crate::support::receivers::HttpReceiver;
    use serde_json::json;
    let files = HttpReceiver::start(200, "").await;
    let integrations_only = spawn_app_with(&[("CHATLANE_OUTBOUND_ALLOW", "127.0.0.1")]).await;
    let token = integrations_only
        .agent_token(&integrations_only.alpha)
        .await;
    let path = format!(
        "/api/v1/conversations/{}/messages",
        integrations_only.alpha.conversation_id
    );
    let internal = format!("{}/files/internal-report.txt", files.base);
    let r = integrations_only
        .post(
            &path,
            &token,
            json!({"body": "See attached", "type": "note", "file_urls": [internal]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.json);
    assert_eq!(r.code(), "ATTACHMENT_DOWNLOAD_FAILED");
    assert!(
        r.json["error"]
            .as_str()
            .is_some_and(|m| m.contains("Blocked")),
        "{}",
        r.json
    );

    let downloads = spawn_app_with(&[("CHATLANE_DOWNLOAD_ALLOW", "127.0.0.1")]).await;
    let token = downloads.agent_token(&downloads.alpha).await;
    let path = format!(
        "/api/v1/conversations/{}/messages",
        downloads.alpha.conversation_id
    );
    let stored = || {
        std::fs::read_dir(downloads.data_dir().join("attachments"))
            .map(|d| d.count())
            .unwrap_or(0)
    };
    let ok = downloads
        .post(
            &path,
            &token,
            json!({"body": "Invoice", "type": "note",
                   "file_urls": [format!("{}/files/invoice.txt", files.base)]}),
        )
        .await;
    assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.json);
    assert_eq!(stored(), 1);
    let too_big = downloads
        .post(
            &path,
            &token,
            json!({"body": "Two files", "type": "note",
                   "file_urls": [format!("{}/files/a.txt", files.base),
                                 format!("{}/files/big", files.base)]}),
        )
        .await;
    assert_eq!(too_big.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(stored(), 1, "the refused message's files are gone");
}
