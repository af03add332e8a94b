//! Calling the REST API as a client would: bearer tokens, JSON bodies, parsed JSON answers.

use super::{HOST, Team, TestApp};
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use backend::auth::ApiTokenService;
use backend::services::teams::TeamService;
use serde_json::Value;

/// A REST response with its body parsed as JSON (`Value::Null` when empty or not JSON).
#[derive(Debug)]
pub struct ApiResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub json: Value,
}

impl ApiResponse {
    /// The error `code`, for error responses.
    pub fn code(&self) -> &str {
        self.json["code"].as_str().unwrap_or_default()
    }

    /// A header as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// The `id`s of a collection response's rows, in order.
pub fn ids(response: &Value) -> Vec<i64> {
    response["data"]
        .as_array()
        .map(|rows| rows.iter().filter_map(|r| r["id"].as_i64()).collect())
        .unwrap_or_default()
}

/// Replaces every non-null `*_at` string with a placeholder, so snapshots do not depend on the clock.
pub fn stable(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let v = if k.ends_with("_at") && v.is_string() {
                        Value::String("[timestamp]".into())
                    } else {
                        stable(v)
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(stable).collect()),
        other => other.clone(),
    }
}

impl TestApp {
    /// A new API token of `team`'s admin.
    pub async fn admin_token(&self, team: &Team) -> String {
        self.token_of(team, &team.admin_email).await
    }

    /// A new API token of `team`'s agent.
    pub async fn agent_token(&self, team: &Team) -> String {
        self.token_of(team, &team.agent_email).await
    }

    async fn token_of(&self, team: &Team, email: &str) -> String {
        let user = TeamService::find_user(&self.db, email)
            .await
            .expect("query")
            .expect("user");
        ApiTokenService::create_for(&self.db, team.id, user.id, "tests")
            .await
            .expect("token")
            .plain
    }

    /// Sends `body` (as JSON when given) to the API with `token` as bearer.
    pub async fn api(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> ApiResponse {
        let (content_type, text) = match body {
            Some(b) => (Some("application/json"), b.to_string()),
            None => (None, String::new()),
        };
        self.api_raw(method, path, token, content_type, &text).await
    }

    /// Sends a raw body with any content type.
    pub async fn api_raw(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        content_type: Option<&str>,
        body: &str,
    ) -> ApiResponse {
        let mut builder = Request::builder()
            .method(method)
            .uri(path)
            .header(header::HOST, HOST)
            .header(header::ACCEPT, "application/json");
        if let Some(t) = token {
            builder = builder.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        if let Some(ct) = content_type {
            builder = builder.header(header::CONTENT_TYPE, ct);
        }
        let request = builder.body(Body::from(body.to_string())).expect("request");
        let (status, headers, bytes) = self.dispatch(request).await;
        ApiResponse {
            status,
            headers,
            json: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        }
    }

    /// `GET path` with `token`.
    pub async fn get(&self, path: &str, token: &str) -> ApiResponse {
        self.api(Method::GET, path, Some(token), None).await
    }

    /// `POST path` with `token` and a JSON body.
    pub async fn post(&self, path: &str, token: &str, body: Value) -> ApiResponse {
        self.api(Method::POST, path, Some(token), Some(body)).await
    }

    /// `PATCH path` with `token` and a JSON body.
    pub async fn patch(&self, path: &str, token: &str, body: Value) -> ApiResponse {
        self.api(Method::PATCH, path, Some(token), Some(body)).await
    }

    /// `PUT path` with `token` and a JSON body.
    pub async fn put(&self, path: &str, token: &str, body: Value) -> ApiResponse {
        self.api(Method::PUT, path, Some(token), Some(body)).await
    }

    /// `DELETE path` with `token`.
    pub async fn delete(&self, path: &str, token: &str) -> ApiResponse {
        self.api(Method::DELETE, path, Some(token), None).await
    }
}
