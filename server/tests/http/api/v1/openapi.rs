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

#[tokio::test]
async fn operation_ids_are_unique_and_every_link_names_one_with_its_parameters() {
    let doc = document().await;
    let mut ids: BTreeSet<String> = BTreeSet::new();
    let mut params: std::collections::BTreeMap<String, BTreeSet<String>> = Default::default();
    for (method, path) in operations(&doc) {
        let op = &doc["paths"][&path][method.to_lowercase()];
        let id = op["operationId"].as_str().unwrap_or_default().to_string();
        assert!(
            ids.insert(id.clone()),
            "{method} {path}: `{id}` is not unique"
        );
        let names = op["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|p| p["in"] == "path")
            .filter_map(|p| p["name"].as_str().map(str::to_string))
            .collect();
        params.insert(id, names);
    }
    let mut links = 0;
    for (method, path) in operations(&doc) {
        let op = &doc["paths"][&path][method.to_lowercase()];
        for (status, response) in op["responses"].as_object().into_iter().flatten() {
            for (name, link) in response["links"].as_object().into_iter().flatten() {
                links += 1;
                let target = link["operationId"].as_str().unwrap_or_default();
                let Some(needed) = params.get(target) else {
                    panic!("{method} {path} {status} links `{name}` to no operation: {link}");
                };
                let given: BTreeSet<String> = link["parameters"]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(k, _)| k.clone())
                    .collect();
                assert_eq!(&given, needed, "{method} {path} → {target}");
            }
        }
    }
    // Created conversations, contacts, records, integrations and webhooks lead somewhere.
    assert!(links >= 20, "{links} links");
    assert_eq!(
        doc["paths"]["/api/v1/webhooks"]["post"]["responses"]["201"]["links"]["get_webhook"]["parameters"]
            ["id"],
        "$response.body#/data/id"
    );
}

#[tokio::test]
async fn the_documented_formats_are_the_ones_the_server_checks() {
    let doc = document().await;
    let schema = |name: &str| doc["components"]["schemas"][name].clone();
    let url = schema("VisitorResource")["properties"]["page_url"]["pattern"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert_eq!(url, server::api::formats::HTTP_URL_PATTERN);
    assert_eq!(
        schema("WebhookBody")["properties"]["url"]["pattern"],
        server::api::formats::HTTP_URL_PATTERN
    );
    let ip = &schema("VisitorResource")["properties"]["ip"]["oneOf"];
    assert_eq!(ip[0]["format"], "ipv4");
    assert_eq!(ip[1]["format"], "ipv6");
    let conversation = schema("CreateConversationBody");
    assert_eq!(conversation["properties"]["subject"]["maxLength"], 255);
    assert_eq!(
        conversation["properties"]["status"]["pattern"],
        "^(active|pending|closed)$"
    );
    assert_eq!(
        conversation["properties"]["tags"]["items"]["maxLength"],
        backend::services::conversations::TAG_NAME_MAX
    );
}
