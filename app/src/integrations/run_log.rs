//! The editor's Run log tab: the integration's last 50 calls.

use crate::format::short_time;
use leptos::prelude::*;
use model::integration::RunLogEntry;

/// The run log, newest first.
#[component]
pub fn RunLogTab(runs: Vec<RunLogEntry>) -> impl IntoView {
    if runs.is_empty() {
        return view! {
            <p class="text-sm text-slate-500" data-testid="run-log-empty">
                "No runs yet. Runs appear here when agents open profile sheets, or when you test."
            </p>
        }
        .into_any();
    }
    view! {
        <table class="w-full text-left text-xs" data-testid="run-log">
            <thead class="text-slate-500">
                <tr>
                    <th class="py-1 pr-2">"When"</th>
                    <th class="pr-2">"Contact"</th>
                    <th class="pr-2">"By"</th>
                    <th class="pr-2">"Trigger"</th>
                    <th class="pr-2">"Result"</th>
                    <th class="pr-2">"Time"</th>
                    <th>"Error"</th>
                </tr>
            </thead>
            <tbody class="divide-y divide-slate-100">
                {runs
                    .into_iter()
                    .map(|r| {
                        view! {
                            <tr data-testid="run-log-row">
                                <td class="py-1 pr-2 whitespace-nowrap">{short_time(&r.at)}</td>
                                <td class="pr-2">
                                    {r.contact_name.clone().unwrap_or_else(|| "—".into())}
                                </td>
                                <td class="pr-2">
                                    {r.user_name.clone().unwrap_or_else(|| "background".into())}
                                </td>
                                <td class="pr-2">{r.trigger.as_str()}</td>
                                <td class="pr-2">
                                    {match r.http_status {
                                        Some(s) => format!("{} ({s})", r.status.as_str()),
                                        None => r.status.as_str().to_string(),
                                    }}
                                </td>
                                <td class="pr-2 whitespace-nowrap">
                                    {format!("{} ms", r.duration_ms)}
                                </td>
                                <td class="text-red-700">{r.error.clone().unwrap_or_default()}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
