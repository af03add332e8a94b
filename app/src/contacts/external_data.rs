//! The profile sheet's External Data: one card per integration the conversation's inbox runs,
//! filled the moment each result arrives (streamed), with a refresh button per card and Refresh
//! All. A card shows its result laid out by the integration's display template (all text escaped
//! by Leptos); while it loads, a skeleton shaped like that template.

use super::card_diagnosis::CardDiagnosisPanel;
use crate::integrations::TemplateView;
use crate::layout::Button;
use crate::live::use_live_feed;
use crate::server_fns::contacts::run_contact_integrations;
use leptos::prelude::*;
use model::integration::stream::{FeedReader, PlannedCard, RunEvent};
use model::integration::{IntegrationResult, RunStatus};

/// The result laid out by its integration's template (automatically without one). Relative times
/// are reckoned from when the server produced the result (the browser's clock is not read).
fn rendered(r: &IntegrationResult) -> Vec<template::Rendered> {
    let spec: Option<template::Template> = r
        .template
        .clone()
        .and_then(|t| serde_json::from_value(t).ok());
    let ctx = template::RenderContext {
        now: r.served_at.or(r.fetched_at).unwrap_or_default(),
    };
    template::render_result(
        spec.as_ref(),
        r.data.as_ref().unwrap_or(&serde_json::Value::Null),
        &ctx,
    )
}

/// "updated 12 min ago" for an answer from the cache (how old it was when it arrived).
fn cached_note(r: &IntegrationResult) -> String {
    if !r.from_cache {
        return String::new();
    }
    r.fetched_at
        .zip(r.served_at)
        .map(|(at, served)| {
            let age = (served - at).num_minutes();
            if age < 1 {
                "updated just now".to_string()
            } else {
                format!("updated {age} min ago")
            }
        })
        .unwrap_or_default()
}

/// A card: what is coming, and its result once there.
#[derive(Debug, Clone, PartialEq)]
struct Card {
    planned: PlannedCard,
    result: Option<IntegrationResult>,
    loading: bool,
}

/// Applies one event of a run to the cards (`only`: the one card a refresh is for).
fn apply(cards: &mut Vec<Card>, event: RunEvent, only: Option<i64>) -> Option<String> {
    match event {
        RunEvent::Planned(planned) if only.is_none() => {
            *cards = planned
                .into_iter()
                .map(|planned| Card {
                    planned,
                    result: None,
                    loading: true,
                })
                .collect();
            None
        }
        RunEvent::Planned(_) => None,
        RunEvent::Result(result) => {
            if let Some(card) = cards
                .iter_mut()
                .find(|c| c.planned.integration_id == result.integration_id)
            {
                card.result = Some(*result);
                card.loading = false;
            }
            None
        }
        RunEvent::Failed(message) => Some(message),
    }
}

/// External Data for `contact_id`, run in the context of `conversation_id` (its inbox decides
/// which integrations run).
#[component]
pub fn ExternalData(contact_id: i64, conversation_id: Option<i64>) -> impl IntoView {
    let cards = RwSignal::new(Vec::<Card>::new());
    let started = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let run = move |only: Option<i64>, all: bool| {
        failure.set(None);
        cards.update(|cs| {
            for c in cs.iter_mut() {
                if only.is_none_or(|id| id == c.planned.integration_id) {
                    c.loading = true;
                }
            }
        });
        leptos::task::spawn_local(async move {
            use futures_util::StreamExt;
            match run_contact_integrations(contact_id, conversation_id, only, all).await {
                Ok(feed) => {
                    let mut reader = FeedReader::new();
                    let mut chunks = feed.into_inner();
                    while let Some(chunk) = chunks.next().await {
                        match chunk {
                            Ok(text) => {
                                for event in reader.push(&text) {
                                    let mut message = None;
                                    cards.update(|cs| message = apply(cs, event, only));
                                    if message.is_some() {
                                        failure.set(message);
                                    }
                                }
                            }
                            Err(e) => {
                                failure.set(Some(e.to_string()));
                                break;
                            }
                        }
                    }
                }
                Err(e) => failure.set(Some(e.to_string())),
            }
            started.set(true);
            cards.update(|cs| cs.iter_mut().for_each(|c| c.loading = false));
        });
    };
    // Runs in the browser once the sheet is hydrated (effects never run during server rendering).
    Effect::new(move |_| run(None, false));
    // The contact's email became known or changed (an agent, the REST API), or events were
    // missed: the integrations run again now, without the agent touching anything.
    if let Some(feed) = use_live_feed() {
        feed.on_event(move |event| {
            if event.reruns_integrations_of(contact_id) {
                run(None, false);
            }
        });
    }
    view! {
        <section class="mt-6" data-testid="external-data">
            <div class="flex items-center justify-between">
                <h4 class="text-xs font-semibold uppercase tracking-wider text-slate-500">
                    "External Data"
                </h4>
                <button
                    type="button"
                    class=Button::SecondarySmall.class()
                    disabled=move || cards.get().iter().any(|c| c.loading)
                    on:click=move |_| run(None, true)
                    data-testid="refresh-all"
                >
                    "Refresh All"
                </button>
            </div>
            <CardDiagnosisPanel contact_id conversation_id />
            {move || {
                failure
                    .get()
                    .map(|m| {
                        view! {
                            <p
                                class="mt-2 text-sm text-red-700"
                                role="alert"
                                data-testid="external-data-error"
                            >
                                {m}
                            </p>
                        }
                    })
            }}
            {move || {
                (started.get() && cards.get().is_empty() && failure.get().is_none())
                    .then(|| {
                        view! {
                            <p class="mt-1 text-sm text-slate-500" data-testid="no-integrations">
                                "No integrations run for this inbox. Admins attach them under Integrations."
                            </p>
                        }
                    })
            }}
            <ul class="mt-2 space-y-3">
                <For
                    each=move || cards.get()
                    key=|c| (
                        c.planned.integration_id,
                        c.loading,
                        c.result.as_ref().and_then(|r| r.fetched_at),
                    )
                    let:card
                >
                    <IntegrationCard
                        card
                        on_refresh=Callback::new(move |id| run(Some(id), false))
                    />
                </For>
            </ul>
        </section>
    }
    .into_any()
}

/// Placeholder lines in the template's shape (`outline`: lines per block, `0` a separator).
#[component]
fn Skeleton(outline: Vec<u8>) -> impl IntoView {
    const WIDTHS: [&str; 4] = ["w-2/3", "w-1/2", "w-3/4", "w-2/5"];
    let blocks = if outline.is_empty() { vec![3] } else { outline };
    view! {
        <div class="mt-2 animate-pulse space-y-3" aria-label="Loading" data-testid="card-skeleton">
            {blocks
                .into_iter()
                .enumerate()
                .map(|(b, lines)| match lines {
                    0 => view! { <hr class="border-slate-200" /> }.into_any(),
                    n => {
                        view! {
                            <div class="space-y-2" data-testid="skeleton-block">
                                {(0..usize::from(n))
                                    .map(|i| {
                                        view! {
                                            <div class=format!(
                                                "h-3 rounded bg-slate-200 {}",
                                                WIDTHS[(b + i) % WIDTHS.len()],
                                            )></div>
                                        }
                                    })
                                    .collect_view()}
                            </div>
                        }
                            .into_any()
                    }
                })
                .collect_view()}
        </div>
    }
    .into_any()
}

#[component]
fn IntegrationCard(card: Card, on_refresh: Callback<i64>) -> impl IntoView {
    let id = card.planned.integration_id;
    let (status, body) = match (&card.result, card.loading) {
        (_, true) | (None, _) => (
            String::new(),
            Some(view! { <Skeleton outline=card.planned.outline.clone() /> }.into_any()),
        ),
        (Some(r), false) => match r.status {
            RunStatus::Ok => (
                if r.revalidating {
                    format!("{} · updating…", cached_note(r))
                } else if r.stale.is_some() {
                    String::new()
                } else {
                    cached_note(r)
                },
                Some(
                    view! {
                        {r
                            .stale_label()
                            .map(|label| {
                                view! {
                                    <p
                                        class="mt-2 flex flex-wrap items-center gap-2 rounded bg-amber-50 px-2 py-1 text-xs text-amber-900"
                                        role="status"
                                        data-testid="card-stale"
                                    >
                                        <span>{label}</span>
                                        <button
                                            type="button"
                                            class="font-medium underline"
                                            on:click=move |_| on_refresh.run(id)
                                            data-testid="card-retry"
                                        >
                                            "Retry"
                                        </button>
                                    </p>
                                }
                            })}
                        <div class="mt-2">
                            <TemplateView sections=rendered(r) />
                        </div>
                    }
                        .into_any(),
                ),
            ),
            RunStatus::Error => (
                format!("Failed · {} ms", r.duration_ms),
                Some(
                    view! {
                        <div class="mt-2 rounded bg-red-50 p-2 text-sm text-red-800">
                            <p data-testid="card-error">
                                "⚠️ " {r.error.clone().unwrap_or_default()}
                            </p>
                            {r
                                .explanation()
                                .map(|text| {
                                    view! {
                                        <p class="mt-2" data-testid="card-explanation">
                                            {text}
                                        </p>
                                    }
                                })}
                        </div>
                    }
                    .into_any(),
                ),
            ),
            RunStatus::Skipped => (
                "Skipped".to_string(),
                Some(
                    view! {
                        <p class="mt-2 text-sm text-slate-500" data-testid="card-skipped">
                            {r.error.clone().unwrap_or_default()}
                        </p>
                    }
                    .into_any(),
                ),
            ),
        },
    };
    view! {
        <li
            class="rounded-lg border border-slate-200 p-3"
            data-testid="integration-card"
            data-integration-id=id.to_string()
        >
            <div class="flex items-center justify-between gap-2">
                <span class="text-sm font-medium" data-testid="card-name">
                    {card.planned.name.clone()}
                </span>
                <span class="ml-auto text-xs text-slate-500" data-testid="card-status">
                    {status}
                </span>
                <button
                    type="button"
                    class="rounded p-1 text-slate-500 hover:bg-slate-100 disabled:opacity-50"
                    aria-label=format!("Refresh {}", card.planned.name)
                    disabled=card.loading
                    on:click=move |_| on_refresh.run(id)
                    data-testid="card-refresh"
                >
                    "⟲"
                </button>
            </div>
            {body}
        </li>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn planned(id: i64) -> PlannedCard {
        PlannedCard {
            integration_id: id,
            name: format!("I{id}"),
            position: 0,
            outline: Vec::new(),
        }
    }

    fn result(id: i64) -> IntegrationResult {
        IntegrationResult {
            integration_id: id,
            name: format!("I{id}"),
            position: 0,
            status: RunStatus::Ok,
            http_status: Some(200),
            data: None,
            content_type: None,
            error: None,
            duration_ms: 1,
            fetched_at: None,
            from_cache: false,
            served_at: None,
            stale: None,
            failure: None,
            retry_after_secs: None,
            revalidating: false,
            template: None,
        }
    }

    #[test]
    fn a_full_run_replaces_the_cards_and_a_refresh_fills_only_its_own() {
        let mut cards = Vec::new();
        apply(
            &mut cards,
            RunEvent::Planned(vec![planned(1), planned(2)]),
            None,
        );
        assert!(cards.iter().all(|c| c.loading && c.result.is_none()));
        apply(&mut cards, RunEvent::Result(Box::new(result(2))), None);
        assert!(!cards[1].loading && cards[1].result.is_some());
        assert!(cards[0].loading, "the other card still waits");

        // A refresh of card 1 plans only card 1: the list stays as it is.
        apply(&mut cards, RunEvent::Planned(vec![planned(1)]), Some(1));
        assert_eq!(cards.len(), 2);
        apply(&mut cards, RunEvent::Result(Box::new(result(9))), Some(1));
        assert!(
            cards.iter().all(|c| c.planned.integration_id != 9),
            "unknown results are ignored"
        );
        assert_eq!(
            apply(&mut cards, RunEvent::Failed("No such contact".into()), None),
            Some("No such contact".to_string())
        );
    }
}
