//! The wire format of every event type, pinned by snapshots: what the live streams send, what
//! the outbox stores and what a webhook receives.

use super::*;
use chrono::TimeZone;

fn at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 3, 10, 0, 0)
        .single()
        .expect("a valid time")
}

/// A recorded event of each type, as the services record them.
fn sample(event: EventType) -> EventData {
    match event {
        EventType::ConversationCreated => EventData::ConversationCreated(ResourceRef { id: 3 }),
        EventType::ConversationStatusChanged => {
            EventData::ConversationStatusChanged(StatusChanged {
                id: 3,
                status: ConversationStatus::Closed,
                previous_status: ConversationStatus::Active,
            })
        }
        EventType::ConversationClosed => EventData::ConversationClosed(ResourceRef { id: 3 }),
        EventType::ConversationUpdated => EventData::ConversationUpdated(ConversationUpdated {
            id: 3,
            changed: vec![ConversationChange::Tags],
        }),
        EventType::MessageCreated => EventData::MessageCreated(MessageCreated {
            id: 70,
            conversation_id: 3,
            message_type: MessageType::Email,
            sender_type: SenderType::Contact,
        }),
        EventType::ContactCreated => EventData::ContactCreated(ResourceRef { id: 4 }),
        EventType::ContactUpdated => EventData::ContactUpdated(ContactUpdated {
            id: 4,
            email_changed: true,
        }),
        EventType::ConversationTranscript => {
            EventData::ConversationTranscript(ResourceRef { id: 3 })
        }
        EventType::IntegrationHealthChanged => {
            EventData::IntegrationHealthChanged(IntegrationHealthChanged {
                id: 2,
                name: "Customer Data Lookup".into(),
                health: IntegrationHealth::Degraded,
                reason: "5 calls in a row failed: the CRM is not answering (503).".into(),
                failures_in_a_row: 5,
                breaker_threshold: 5,
                http_status: Some(503),
                retry_at: Some(at() + chrono::Duration::seconds(30)),
            })
        }
    }
}

#[test]
fn every_event_type_streams_as_documented() {
    let lines: Vec<String> = EventType::ALL
        .iter()
        .enumerate()
        .map(|(n, &event)| {
            let envelope = Envelope {
                id: Some(n as i64 + 1),
                timestamp: at(),
                body: sample(event),
            };
            assert_eq!(envelope.body.event_type(), event);
            envelope.to_json()
        })
        .collect();
    insta::assert_snapshot!(lines.join("\n"));
}

#[test]
fn a_webhook_body_has_no_log_id_and_carries_the_rendered_resource_or_the_reference() {
    let envelope = Envelope::new(at(), sample(EventType::ConversationStatusChanged));
    let rendered = envelope.rendered(Some(serde_json::json!({"id": 3, "status": "closed"})));
    let gone = envelope.rendered(None);
    insta::assert_snapshot!(format!(
        "reference: {}\nrendered: {}\ngone: {}",
        envelope.to_json(),
        rendered.to_json(),
        gone.to_json()
    ));
}

#[test]
fn every_event_reads_back_as_it_was_written() {
    for &event in EventType::ALL {
        let envelope = Envelope {
            id: Some(9),
            timestamp: at(),
            body: sample(event),
        };
        let back: Envelope = serde_json::from_str(&envelope.to_json()).expect("it parses");
        assert_eq!(back, envelope);
        let stored = EventData::from_parts(event, envelope.body.to_value()).expect("it fits");
        assert_eq!(stored, envelope.body);
        assert_eq!(stored.resource_id(), envelope.body.resource_id());
    }
}

#[test]
fn an_unknown_type_or_data_that_does_not_fit_does_not_parse() {
    let read = |json: &str| serde_json::from_str::<Envelope>(json);
    assert!(read(r#"{"id": 1, "type": "robot.dance", "timestamp": "2026-12-03T10:00:00Z", "data": {"id": 1}}"#).is_err());
    assert!(read(r#"{"id": 1, "type": "contact.updated", "timestamp": "2026-12-03T10:00:00Z", "data": {"id": "x"}}"#).is_err());
    assert!(read(r#"{"id": 1, "type": "conversation.status_changed", "timestamp": "2026-12-03T10:00:00Z", "data": {"id": 1, "status": "gone", "previous_status": "active"}}"#).is_err());
    let test_event = r#"{"type": "webhook.test", "timestamp": "2026-12-03T10:00:00Z", "data": {"webhook_id": 2}}"#;
    let rendered: Envelope<Rendered> = serde_json::from_str(test_event).expect("any type renders");
    assert_eq!(rendered.body.event_type, "webhook.test");
}
