//! `/api/v1/openapi.json` describes the server as it is: every documented operation is routed,
//! every documented query parameter is read by its handler, and the tenant-isolation walk covers
//! every documented operation.

use super::isolation::{Ids, every_route};
use crate::support::{spawn_app, spawn_app_with};
use axum::http::{Method, StatusCode};
use serde_json::Value;
use std::collections::BTreeSet;

async fn document() -> Value {
    let app = spawn_app().await;
    let r = app
        .api(Method::GET, "/api/v1/openapi.json", None, None)
        .await;
    assert_eq!(r.status, StatusCode::OK, "public, no token needed");
    r.json
}

/// `(METHOD, /api/v1/path/{id})` for every documented operation.
fn operations(doc: &Value) -> BTreeSet<(String, String)> {
    doc["paths"]
        .as_object()
        .into_iter()
        .flatten()
        .flat_map(|(path, ops)| {
            ops.as_object()
                .into_iter()
                .flatten()
                .map(move |(method, _)| (method.to_uppercase(), path.clone()))
        })
        .collect()
}

#[tokio::test]
async fn the_document_is_openapi_3_1_with_bearer_security() {
    let doc = document().await;
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    for (method, path) in operations(&doc) {
        let op = &doc["paths"][&path][method.to_lowercase()];
        assert!(
            op["security"].is_array(),
            "{method} {path} names its security"
        );
        for status in ["401", "429"] {
            assert!(
                op["responses"][status].is_object(),
                "{method} {path} documents {status}"
            );
        }
    }
}

#[tokio::test]
async fn the_isolation_walk_covers_exactly_the_documented_operations() {
    let doc = document().await;
    let walked: BTreeSet<(String, String)> = every_route(Ids::all(1))
        .into_iter()
        .map(|(method, path, _)| {
            let template = path
                .split('/')
                .map(|seg| if seg == "1" { "{id}" } else { seg })
                .collect::<Vec<_>>()
                .join("/");
            (method.to_string(), template)
        })
        .collect();
    // Path parameters are compared by position, whatever the document names them.
    let documented: BTreeSet<(String, String)> = operations(&doc)
        .into_iter()
        .map(|(method, path)| {
            let template = path
                .split('/')
                .map(|seg| if seg.starts_with('{') { "{id}" } else { seg })
                .collect::<Vec<_>>()
                .join("/");
            (method, template)
        })
        .collect();
    assert_eq!(walked, documented);
}

#[tokio::test]
async fn every_documented_query_parameter_is_read_by_its_handler() {
    // One request per documented parameter: more than a token's default burst.
    let app = spawn_app_with(&[("CHATLANE_API_RATE_BURST", "1000")]).await;
    let token = app.agent_token(&app.alpha).await;
    let doc = document().await;
    for (method, path) in operations(&doc) {
        if method != "GET" || path.contains('{') {
            continue;
        }
        let params = doc["paths"][&path]["get"]["parameters"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert!(!params.is_empty(), "{path} documents its parameters");
        // Query parameters only (a header such as the stream's `Last-Event-ID` is not sent here).
        for p in params.iter().filter(|p| p["in"] == "query") {
            let name = p["name"].as_str().unwrap_or_default();
            let r = app
                .get(&format!("{path}?{name}=%25not%20valid%25"), &token)
                .await;
            assert_eq!(
                r.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{path}?{name}= garbage must be refused"
            );
            assert!(
                r.json["details"][name].is_array(),
                "{path}: the error names {name}: {}",
                r.json
            );
        }
    }
}

#[tokio::test]
async fn every_authenticated_operation_documents_401_403_and_429() {
    let doc = document().await;
    let mut checked = 0;
    for (path, ops) in doc["paths"].as_object().into_iter().flatten() {
        for (method, op) in ops.as_object().into_iter().flatten() {
            if op.get("security").is_none() {
                continue;
            }
            checked += 1;
            for status in ["401", "403", "429"] {
                assert!(
                    op["responses"].get(status).is_some(),
                    "{method} {path} does not document {status}"
                );
            }
        }
    }
    assert!(
        checked >= 18,
        "only {checked} authenticated operations found"
    );
}
