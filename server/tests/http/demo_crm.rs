//! The built-in demo as a newcomer gets it: `chatlane demo`, then `chatlane serve` with no
//! outbound allow list at all. Both demo cards fill from the CRM the server serves itself, the
//! unknown customer's cards fail with 404, an integration of the admin's own cannot reach the
//! same address, `chatlane demo --remove` leaves nothing allowed, and a server that never ran
//! the demo has no demo CRM.

use crate::support::binary::{client, sqlite_install};
use serde_json::{Value, json};

async fn get(client: &reqwest::Client, url: &str, token: &str) -> (u16, Value) {
    let r = client
        .get(url)
        .bearer_auth(token)
        .send()
        .await
        .expect("request");
    let status = r.status().as_u16();
    let text = r.text().await.unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

#[tokio::test]
async fn the_demo_crm_fills_the_demo_card_without_any_allow_list_and_remove_turns_it_off() {
    let dir = tempfile::tempdir().expect("dir");
    let install = sqlite_install(dir.path());
    let token = install.demo_with_token();
    // `chatlane demo` ran for port 3000; the server binds another and points the demo there.
    let served = install.serve(&[("CHATLANE_OUTBOUND_PUBLIC", "false")]);
    let http = client();
    served.healthy(&http).await;
    let base = &served.base;

    let (_, sarah) = get(&http, &format!("{base}/api/v1/contacts/1"), &token).await;
    assert_eq!(sarah["data"]["name"], "Sarah Chen");
    let (status, cards) = get(
        &http,
        &format!("{base}/api/v1/contacts/1/integration-data"),
        &token,
    )
    .await;
    assert_eq!(status, 200, "{cards}");
    let card = &cards["data"][0];
    assert_eq!(card["name"], "Customer Data Lookup");
    assert_eq!(card["status"], "ok", "{card}");
    assert_eq!(card["data"]["customer_id"], 12345);
    assert_eq!(card["data"]["subscription"]["plan"], "Enterprise");
    assert_eq!(card["data"]["support_tier"], "Priority");
    let orders = &cards["data"][1];
    assert_eq!(orders["name"], "Order History");
    assert_eq!(orders["status"], "ok", "{orders}");
    assert_eq!(orders["data"]["orders"][0]["id"], 48000);
    assert_eq!(orders["data"]["orders"][0]["amount"], "$90.00");

    let (_, olivia) = get(&http, &format!("{base}/api/v1/contacts/7"), &token).await;
    assert_eq!(olivia["data"]["name"], "Olivia Brown");
    let (_, failed) = get(
        &http,
        &format!("{base}/api/v1/contacts/7/integration-data"),
        &token,
    )
    .await;
    for card in failed["data"].as_array().cloned().unwrap_or_default() {
        assert_eq!(card["status"], "error", "{card}");
        assert_eq!(card["http_status"], 404);
        assert_eq!(card["error"], "API returned 404: Customer not found");
    }

    // The CRM wants the demo's token, and the API marks the integration as the built-in demo.
    let crm = format!("{base}/demo/crm/customers/sarah.chen@northwind.example");
    assert_eq!(get(&http, &crm, "wrong").await.0, 401);
    let (_, list) = get(&http, &format!("{base}/api/v1/integrations"), &token).await;
    let demo = &list["data"][0];
    assert_eq!(demo["builtin_demo"], true, "{list}");

    // The admin's own integration to the same URL is refused: not public.
    let copy = http
        .post(format!("{base}/api/v1/integrations"))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body(
            json!({
                "name": "Copy of the demo",
                "url": format!("{base}/demo/crm/customers/{{{{contact.email}}}}"),
            })
            .to_string(),
        )
        .send()
        .await
        .expect("request");
    assert_eq!(copy.status().as_u16(), 422);
    let problem: Value =
        serde_json::from_str(&copy.text().await.unwrap_or_default()).unwrap_or(Value::Null);
    assert!(
        problem["details"]["url"][0]
            .as_str()
            .is_some_and(|m| m.contains("not public")),
        "{problem}"
    );

    // Removed: the CRM no longer answers, and no integration is left to call it.
    let removed = install.run(&["demo", "--remove"]);
    assert!(removed.contains("Removed 2"), "{removed}");
    assert_eq!(
        get(&http, &crm, "demo-crm-token").await.0,
        404,
        "the CRM answers only while the demo integration exists"
    );
    let (_, after) = get(
        &http,
        &format!("{base}/api/v1/contacts/1/integration-data"),
        &token,
    )
    .await;
    assert_eq!(after["data"], json!([]), "{after}");
}

#[tokio::test]
async fn a_server_that_never_ran_the_demo_has_no_demo_crm() {
    let dir = tempfile::tempdir().expect("dir");
    let install = sqlite_install(dir.path());
    install.run(&["migrate"]);
    let served = install.serve(&[]);
    let http = client();
    served.healthy(&http).await;
    for path in [
        "/demo/crm/customers/sarah.chen@northwind.example",
        "/demo/crm/customers/sarah.chen@northwind.example/orders",
    ] {
        let (status, _) = get(&http, &format!("{}{path}", served.base), "demo-crm-token").await;
        assert_eq!(status, 404, "{path}");
    }
}
