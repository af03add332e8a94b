//! `GET /api/v1/attachments/{id}`: a message's file, downloaded with a token of its team only,
//! never rendered by the browser.

use crate::support::receivers::HttpReceiver;
use crate::support::spawn_app_with;
use axum::http::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn attachments_download_with_the_same_token_only() {
    let app = spawn_app_with(&[("CHATLANE_DOWNLOAD_ALLOW", "127.0.0.1")]).await;
    let files = HttpReceiver::start(200, "").await;
    let token = app.agent_token(&app.alpha).await;
    let r = app
        .post(
            &format!(
                "/api/v1/conversations/{}/messages",
                app.alpha.conversation_id
            ),
            &token,
            json!({
                "body": "See attached", "type": "note",
                "file_urls": [format!("{}/files/r%C3%A9sum%C3%A9.txt", files.base)],
            }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.json);
    let url = r.json["data"]["attachments"][0]["url"]
        .as_str()
        .expect("url")
        .to_string();
    let path = url
        .strip_prefix("http://chatlane.test")
        .expect("absolute URL on our host");
    assert_eq!(r.json["data"]["attachments"][0]["file_name"], "résumé.txt");

    let (status, headers, bytes) = app
        .dispatch(
            axum::http::Request::get(path)
                .header("host", "chatlane.test")
                .header("authorization", format!("Bearer {token}"))
                .body(axum::body::Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(&bytes[..], "contents of résumé.txt".as_bytes());
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert!(
        headers["content-disposition"]
            .to_str()
            .unwrap_or_default()
            .starts_with("attachment;")
    );

    assert_eq!(
        app.api(Method::GET, path, None, None).await.status,
        StatusCode::UNAUTHORIZED
    );
    let other = app.admin_token(&app.bravo).await;
    assert_eq!(app.get(path, &other).await.status, StatusCode::NOT_FOUND);
}
