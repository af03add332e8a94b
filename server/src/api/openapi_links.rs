//! OpenAPI links: how a client (and a stateful fuzzer) goes from an answer to the operations it
//! enables — a created webhook's id to reading, changing, testing and deleting it, a created
//! conversation's id to writing in it — and unique operation ids for the operations a handler
//! serves on two methods (PUT is `replace_…`, PATCH `update_…`), so each link names one operation.

use serde_json::Value;
use utoipa::Modify;
use utoipa::openapi::link::LinkBuilder;
use utoipa::openapi::path::Operation;
use utoipa::openapi::{OpenApi, RefOr};

/// The `id` in a single-resource answer.
const CREATED_ID: &str = "$response.body#/data/id";

/// One link: from an operation's answer with `status` to `to`, filling `parameters`.
struct Link {
    from: &'static str,
    status: &'static str,
    to: &'static str,
    parameters: &'static [(&'static str, &'static str)],
}

/// From a created resource to an operation on it (`{id}`).
const fn created(from: &'static str, to: &'static str) -> Link {
    Link {
        from,
        status: "201",
        to,
        parameters: &[("id", CREATED_ID)],
    }
}

/// Every link the document declares. None leads to an integration's cache: clearing it empties
/// it, and a fuzzer that follows DELETE with GET would take the empty cache still being there for
/// a resource that survived its deletion.
const LINKS: &[Link] = &[
    created("create_conversation", "get_conversation"),
    Link {
        from: "create_conversation",
        status: "201",
        to: "create_message",
        parameters: &[("conversationId", CREATED_ID)],
    },
    created("create_contact", "get_contact"),
    created("create_contact", "update_contact"),
    created("create_contact", "replace_contact"),
    created("create_contact", "get_integration_data"),
    created("create_record", "get_record"),
    created("create_record", "update_record"),
    created("create_record", "replace_record"),
    created("create_integration", "get_integration"),
    created("create_integration", "update_integration"),
    created("create_integration", "replace_integration"),
    created("create_integration", "test_integration"),
    created("create_integration", "delete_integration"),
    created("create_webhook", "get_webhook"),
    created("create_webhook", "update_webhook"),
    created("create_webhook", "send_test_event"),
    created("create_webhook", "rotate_webhook_secret"),
    created("create_webhook", "list_deliveries"),
    created("create_webhook", "delete_webhook"),
    Link {
        from: "send_test_event",
        status: "202",
        to: "redeliver",
        parameters: &[
            ("id", "$request.path.id"),
            ("delivery_id", "$response.body#/data/id"),
        ],
    },
    Link {
        from: "list_deliveries",
        status: "200",
        to: "redeliver",
        parameters: &[
            ("id", "$request.path.id"),
            ("delivery_id", "$response.body#/data/0/id"),
        ],
    },
];

/// Adds [`LINKS`] and makes operation ids unique.
pub struct Links;

fn operations(openapi: &mut OpenApi) -> impl Iterator<Item = (&'static str, &mut Operation)> {
    openapi.paths.paths.values_mut().flat_map(|item| {
        [
            ("get", &mut item.get),
            ("post", &mut item.post),
            ("put", &mut item.put),
            ("patch", &mut item.patch),
            ("delete", &mut item.delete),
        ]
        .into_iter()
        .filter_map(|(method, op)| op.as_mut().map(|op| (method, op)))
    })
}

impl Modify for Links {
    fn modify(&self, openapi: &mut OpenApi) {
        for (method, op) in operations(openapi) {
            if method == "put"
                && let Some(id) = op.operation_id.as_mut()
                && let Some(rest) = id.strip_prefix("update_")
            {
                *id = format!("replace_{rest}");
            }
        }
        for (_, op) in operations(openapi) {
            let Some(id) = op.operation_id.clone() else {
                continue;
            };
            for link in LINKS.iter().filter(|l| l.from == id) {
                let Some(RefOr::T(response)) = op.responses.responses.get_mut(link.status) else {
                    continue;
                };
                let mut built = LinkBuilder::new().operation_id(link.to);
                for (name, value) in link.parameters {
                    built = built.parameter(*name, *value);
                }
                response
                    .links
                    .insert(link.to.to_string(), RefOr::T(built.build()));
            }
        }
    }
}

/// Renames the keys of every link in the serialized `document` to the specification's camelCase
/// (`operationId`, `operationRef`, `requestBody`): utoipa 5.5 writes its field names as they are.
pub fn camel_case_links(document: &mut Value) {
    let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    let responses = paths
        .values_mut()
        .filter_map(Value::as_object_mut)
        .flat_map(|item| item.values_mut())
        .filter_map(|op| op.get_mut("responses").and_then(Value::as_object_mut))
        .flat_map(|r| r.values_mut());
    for response in responses {
        let Some(links) = response.get_mut("links").and_then(Value::as_object_mut) else {
            continue;
        };
        for link in links.values_mut().filter_map(Value::as_object_mut) {
            for (from, to) in [
                ("operation_id", "operationId"),
                ("operation_ref", "operationRef"),
                ("request_body", "requestBody"),
            ] {
                if let Some(v) = link.remove(from) {
                    link.insert(to.to_string(), v);
                }
            }
        }
    }
}
