//! `GET /docs/api`: the REST API reference, rendered on the server from the same OpenAPI
//! document the API serves, so it cannot drift from it. Works offline (our own stylesheet, no
//! scripts, no CDN); every text from the document is escaped.

use crate::api::openapi;
use crate::api::pagination::base_url;
use crate::assets::stylesheet_href;
use crate::state::ServerState;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Html;
use html_escape::{encode_double_quoted_attribute as attr, encode_text as text};
use serde_json::Value;
use std::fmt::Write;

/// Error codes the API answers with, and what they mean.
const ERROR_CODES: &[(&str, u16, &str)] = &[
    ("UNAUTHENTICATED", 401, "No valid API token was sent."),
    (
        "UNAUTHORIZED",
        403,
        "The token is valid but its user may not do this.",
    ),
    (
        "TEAM_ACCESS_DENIED",
        403,
        "The token is genuine but its user is no longer a member of the token's team.",
    ),
    (
        "NOT_FOUND",
        404,
        "No such resource in the token's team (another team's ids are not found either).",
    ),
    (
        "METHOD_NOT_ALLOWED",
        405,
        "The path exists, the method does not.",
    ),
    ("MALFORMED_REQUEST", 400, "The body is not valid JSON."),
    (
        "UNSUPPORTED_MEDIA_TYPE",
        415,
        "The body was not sent as application/json.",
    ),
    (
        "VALIDATION_ERROR",
        422,
        "Fields or parameters are invalid; `details` lists the messages per field.",
    ),
    (
        "DUPLICATE_EMAIL",
        422,
        "Another contact of the team has this email.",
    ),
    (
        "DUPLICATE_PHONE",
        422,
        "Another contact of the team has this phone number.",
    ),
    (
        "INVALID_CHANNEL",
        422,
        "The channel given is not active (switched off, or not connected to a driver) or does not carry the message's type.",
    ),
    (
        "NO_CHANNEL_FOUND",
        422,
        "The conversation's inbox has no active channel of the message's type.",
    ),
    (
        "CONTACT_REQUIRED",
        422,
        "A contact must be specified for entity record conversations.",
    ),
    (
        "CONTACT_NOT_ASSOCIATED",
        422,
        "The contact given is not associated with the conversation (or its entity record).",
    ),
    (
        "NO_EMAIL_ADDRESS",
        422,
        "The contact does not have an email address.",
    ),
    (
        "NOTE_CANNOT_BE_DRAFT",
        422,
        "Notes cannot be saved as drafts.",
    ),
    (
        "MESSAGE_TOO_LONG",
        422,
        "The body exceeds the type's limit: 1,600 characters for SMS and WhatsApp, 2,000 for Facebook, 1,000 for Instagram.",
    ),
    (
        "ATTACHMENT_DOWNLOAD_FAILED",
        422,
        "A `file_urls` entry could not be downloaded (not public, over 10 MiB, over 30 s, or not a 2xx); nothing was saved.",
    ),
    (
        "RATE_LIMITED",
        429,
        "Too many requests with this token; wait `Retry-After` seconds.",
    ),
    ("SERVER_ERROR", 500, "Something failed on our side."),
];

/// Escapes `raw` and turns `backticked` spans into `<code>` (descriptions use Markdown's code marks).
fn prose(raw: &str) -> String {
    let escaped = text(raw);
    let mut out = String::with_capacity(escaped.len() + 16);
    for (i, part) in escaped.split('`').enumerate() {
        if i % 2 == 1 {
            let _ = write!(
                out,
                r#"<code class="rounded bg-slate-100 px-1">{part}</code>"#
            );
        } else {
            out.push_str(part);
        }
    }
    out
}

fn method_class(method: &str) -> &'static str {
    match method {
        "get" => "bg-emerald-100 text-emerald-800",
        "post" => "bg-indigo-100 text-indigo-800",
        "put" | "patch" => "bg-amber-100 text-amber-800",
        _ => "bg-red-100 text-red-800",
    }
}

/// Resolves `{"$ref": "#/components/schemas/X"}` against the document.
fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(r) => r
            .strip_prefix("#/components/schemas/")
            .map_or(schema, |name| &doc["components"]["schemas"][name]),
        None => schema,
    }
}

/// A JSON type as a short label (`string | null`, `array of Tag`).
fn type_label(schema: &Value) -> String {
    if let Some(r) = schema["$ref"].as_str() {
        return r.rsplit('/').next().unwrap_or(r).to_string();
    }
    match &schema["type"] {
        Value::String(t) if t == "array" => format!("array of {}", type_label(&schema["items"])),
        Value::String(t) => t.clone(),
        Value::Array(types) => types
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(" | "),
        _ => "object".into(),
    }
}

fn curl(base: &str, method: &str, path: &str, example: Option<&Value>) -> String {
    let path = path.replace("{id}", "1");
    let mut out = format!(
        "curl -X {} \"{base}{path}\" \\\n  -H \"Authorization: Bearer {{your-token}}\"",
        method.to_uppercase()
    );
    if let Some(body) = example {
        let pretty = serde_json::to_string_pretty(body).unwrap_or_default();
        let _ = write!(
            out,
            " \\\n  -H \"Content-Type: application/json\" \\\n  -d '{pretty}'"
        );
    }
    out
}

fn render_operation(
    out: &mut String,
    doc: &Value,
    base: &str,
    path: &str,
    method: &str,
    op: &Value,
) {
    let id = format!("{method}-{}", path.replace(['/', '{', '}'], "-"));
    let _ = write!(
        out,
        r#"<section id="{}" class="mt-6 rounded-lg border border-slate-200 bg-white p-4" data-testid="api-operation">
<h3 class="flex items-center gap-2 text-base font-semibold"><span class="rounded px-2 py-0.5 font-mono text-xs uppercase {}">{}</span><code class="font-mono text-sm">{}</code></h3>
<p class="mt-1 text-sm text-slate-700">{}</p>"#,
        attr(&id),
        method_class(method),
        text(method),
        text(path),
        prose(op["summary"].as_str().unwrap_or_default()),
    );
    if let Some(params) = op["parameters"].as_array().filter(|p| !p.is_empty()) {
        out.push_str(r#"<h4 class="mt-3 text-sm font-semibold">Parameters</h4><table class="mt-1 w-full text-left text-sm"><tbody>"#);
        for p in params {
            let _ = write!(
                out,
                r#"<tr class="border-t border-slate-100"><td class="py-1 pr-3 font-mono">{}</td><td class="py-1 pr-3 text-slate-500">{} · {}</td><td class="py-1 text-slate-700">{}</td></tr>"#,
                text(p["name"].as_str().unwrap_or_default()),
                text(p["in"].as_str().unwrap_or_default()),
                text(&type_label(&p["schema"])),
                prose(p["description"].as_str().unwrap_or_default()),
            );
        }
        out.push_str("</tbody></table>");
    }
    let body_schema = &op["requestBody"]["content"]["application/json"]["schema"];
    let body = resolve(doc, body_schema);
    if let Some(props) = body["properties"].as_object() {
        out.push_str(r#"<h4 class="mt-3 text-sm font-semibold">Body (JSON)</h4><table class="mt-1 w-full text-left text-sm"><tbody>"#);
        for (name, prop) in props {
            let _ = write!(
                out,
                r#"<tr class="border-t border-slate-100"><td class="py-1 pr-3 font-mono">{}</td><td class="py-1 pr-3 text-slate-500">{}</td><td class="py-1 text-slate-700">{}</td></tr>"#,
                text(name),
                text(&type_label(prop)),
                prose(prop["description"].as_str().unwrap_or_default()),
            );
        }
        out.push_str("</tbody></table>");
    }
    if let Some(responses) = op["responses"].as_object() {
        out.push_str(
            r#"<h4 class="mt-3 text-sm font-semibold">Responses</h4><ul class="mt-1 text-sm">"#,
        );
        for (status, r) in responses {
            let _ = write!(
                out,
                r#"<li><span class="font-mono">{}</span> {}</li>"#,
                text(status),
                prose(r["description"].as_str().unwrap_or_default()),
            );
        }
        out.push_str("</ul>");
    }
    let example = body.get("example").filter(|e| !e.is_null());
    let _ = write!(
        out,
        r#"<h4 class="mt-3 text-sm font-semibold">Example</h4><pre class="mt-1 overflow-x-auto rounded bg-slate-900 p-3 text-xs text-slate-100" data-testid="curl-example">{}</pre></section>"#,
        text(&curl(base, method, path, example)),
    );
}

/// Renders the whole reference for `base` (the URL the reader reaches this server at).
pub fn render(base: &str) -> String {
    let doc = openapi::document();
    let mut body = String::new();
    let tags: Vec<String> = doc["tags"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| t["name"].as_str().map(str::to_string))
        .collect();
    for tag in &tags {
        let _ = write!(
            body,
            r#"<h2 class="mt-10 text-lg font-semibold" id="{}">{}</h2>"#,
            attr(&tag.to_lowercase()),
            text(tag)
        );
        for (path, ops) in doc["paths"].as_object().into_iter().flatten() {
            for (method, op) in ops.as_object().into_iter().flatten() {
                let in_tag = op["tags"]
                    .as_array()
                    .is_some_and(|t| t.iter().any(|x| x.as_str() == Some(tag)));
                if in_tag {
                    render_operation(&mut body, doc, base, path, method, op);
                }
            }
        }
    }
    let mut codes = String::new();
    for (code, status, meaning) in ERROR_CODES {
        let _ = write!(
            codes,
            r#"<tr class="border-t border-slate-100"><td class="py-1 pr-3 font-mono">{}</td><td class="py-1 pr-3">{status}</td><td class="py-1">{}</td></tr>"#,
            text(code),
            prose(meaning)
        );
    }
    format!(
        r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>API reference · Chatlane</title><link rel="stylesheet" href="{css}"><link rel="icon" type="image/svg+xml" href="/favicon.svg"></head>
<body class="bg-slate-50 text-slate-900"><main class="mx-auto max-w-4xl p-6">
<h1 class="text-2xl font-semibold">Chatlane REST API v1</h1>
<p class="mt-2 text-sm text-slate-700">{description}</p>
<p class="mt-4 flex flex-wrap gap-3 text-sm">
<a href="/api/v1/openapi.json" download="chatlane-openapi.json" class="rounded-md bg-indigo-600 px-3 py-1.5 font-medium text-white hover:bg-indigo-500" data-testid="postman-download">Import into Postman (OpenAPI file)</a>
<a href="/settings/api-tokens" class="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium hover:bg-slate-100">Create an API token</a>
</p>
<p class="mt-2 text-xs text-slate-500">In Postman: Import → File → choose chatlane-openapi.json. Set the collection's Bearer token to yours.</p>
<h2 class="mt-8 text-lg font-semibold">Authentication</h2>
<p class="mt-1 text-sm">Send <code class="rounded bg-slate-100 px-1">Authorization: Bearer &lt;token&gt;</code> with every request. Base URL: <code class="rounded bg-slate-100 px-1">{base}/api/v1/</code></p>
{body}
<h2 class="mt-10 text-lg font-semibold" id="errors">Error codes</h2>
<p class="mt-1 text-sm">Errors answer <code class="rounded bg-slate-100 px-1">{{"error": "…", "code": "…", "details": {{…}}}}</code>.</p>
<table class="mt-2 w-full text-left text-sm" data-testid="error-codes"><tbody>{codes}</tbody></table>
</main></body></html>"#,
        css = attr(&stylesheet_href()),
        description = prose(doc["info"]["description"].as_str().unwrap_or_default()),
        base = text(base),
    )
}

/// `GET /docs/api`.
pub async fn api_reference(State(state): State<ServerState>, headers: HeaderMap) -> Html<String> {
    Html(render(&base_url(state.api.public_url.as_deref(), &headers)))
}

#[cfg(test)]
mod tests {
    use super::{prose, render};

    #[test]
    fn prose_escapes_before_marking_code() {
        assert_eq!(
            prose("use `a<b>` & <i>"),
            r#"use <code class="rounded bg-slate-100 px-1">a&lt;b&gt;</code> &amp; &lt;i&gt;"#
        );
    }

    #[test]
    fn the_reference_escapes_the_base_url_and_lists_every_operation() {
        let html = render("http://evil\"><script>x</script>");
        assert!(!html.contains("<script>"));
        assert_eq!(html.matches(r#"data-testid="api-operation""#).count(), 41);
        assert!(html.contains("curl -X POST"));
    }
}
