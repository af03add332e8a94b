use super::*;
use crate::webhook::transcript::TranscriptContact;
use crate::webhook::transcript::tests::transcript;

/// Chatlio's documented sample payload (transcript-webhook-chatlio, "Example of the JSON payload
/// sent to the webhook"), its one comment removed.
const SAMPLE: &str = include_str!("sample.json");

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Every difference in field names and JSON types between `ours` and `theirs`, by path; arrays
/// are compared item by item against the sample's first item. `visitorTraits` holds the site's
/// own keys, so only its type is compared.
fn differences(path: &str, ours: &Value, theirs: &Value, out: &mut Vec<String>) {
    match (ours, theirs) {
        (Value::Object(a), Value::Object(b)) if path != "visitorTraits" => {
            for key in b.keys().filter(|k| !a.contains_key(*k)) {
                out.push(format!("{path}.{key}: missing"));
            }
            for key in a.keys().filter(|k| !b.contains_key(*k)) {
                out.push(format!("{path}.{key}: not in Chatlio's payload"));
            }
            for (key, value) in a {
                if let Some(expected) = b.get(key) {
                    let at = if path.is_empty() {
                        key.clone()
                    } else {
                        format!("{path}.{key}")
                    };
                    differences(&at, value, expected, out);
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            if let Some(first) = b.first() {
                for (i, item) in a.iter().enumerate() {
                    differences(&format!("{path}[{i}]"), item, first, out);
                }
            }
        }
        (a, b) if kind(a) != kind(b) => {
            out.push(format!(
                "{path}: {} where Chatlio sends {}",
                kind(a),
                kind(b)
            ));
        }
        _ => {}
    }
}

fn context() -> ChatlioContext {
    ChatlioContext {
        archive_url: "https://help.acme.example/inbox/7".into(),
        visitor_created_at: Some("2026-11-30T09:00:00Z".into()),
    }
}

fn compared(payload: &ChatlioTranscript) -> Vec<String> {
    let mut sample: Value = serde_json::from_str(SAMPLE).expect("the sample is JSON");
    // Chatlane has no Slack team: the one field that is null by design.
    sample["slackTeamID"] = Value::Null;
    let ours = serde_json::to_value(payload).expect("json");
    let mut out = Vec::new();
    differences("", &ours, &sample, &mut out);
    out
}

#[test]
fn every_field_of_chatlios_sample_is_sent_with_the_samples_json_type() {
    let payload = ChatlioTranscript::new(&transcript("Hi! I love your webhooks!"), context());
    assert_eq!(compared(&payload), Vec::<String>::new());
}

#[test]
fn what_chatlane_does_not_know_is_chatlios_empty_value_never_null() {
    let mut bare = transcript("Hi");
    bare.agent_name = None;
    bare.agent_email = None;
    bare.ended_at = None;
    bare.contact = TranscriptContact::default();
    let bare = bare.with_bodies();
    let payload = ChatlioTranscript::new(&bare, ChatlioContext::default());
    assert_eq!(compared(&payload), Vec::<String>::new());
    let v = serde_json::to_value(&payload).expect("json");
    assert_eq!(v["agentEmail"], "");
    assert_eq!(v["endedAt"], "");
    assert_eq!(v["replyToEmail"], "");
    assert_eq!(v["visitorTraits"], serde_json::json!({}));
    assert_eq!(v["extraData"], serde_json::json!([]));
    assert_eq!(v["slackTeamID"], Value::Null);
}

#[test]
fn values_come_from_the_conversation() {
    let mut t = transcript("Hi! I love your webhooks!");
    t.visitor.ip_address = Some("64.145.94.51".into());
    t.visitor.location = Some("Costa Mesa, California, United States".into());
    let payload = ChatlioTranscript::new(&t, context());
    assert_eq!(payload.archive_url, "https://help.acme.example/inbox/7");
    assert_eq!(
        payload.conversation_uuid,
        "e3d1800d-2d9e-4966-4500-9ff986cfa197"
    );
    assert_eq!(payload.channel_id, "1");
    assert_eq!(payload.channel_name, "Support");
    assert_eq!(payload.agent_name, "Some One");
    assert_eq!(payload.visitor_email, "sam@example.com");
    assert_eq!(payload.reply_to_email, "sam@example.com");
    assert_eq!(
        payload.visitor_traits,
        serde_json::json!({"plan": "Premium"})
    );
    let visitor_says = &payload.messages[0];
    assert_eq!(visitor_says.ts, "1796119200.000000");
    assert!(visitor_says.is_visitor_msg);
    assert_eq!(
        visitor_says.user_id, "",
        "Chatlio leaves the visitor's user id empty"
    );
    assert_eq!(payload.messages[1].user_id, "user:2");
    assert_eq!(payload.visitor.uuid, "3");
    assert_eq!(payload.visitor.ip_address, "64.145.94.51");
    assert_eq!(payload.visitor.created_at, "2026-11-30T09:00:00Z");
    assert!(payload.html_body.contains("Hi! I love your webhooks!"));
}
