//! `/contacts`: search the team's contacts by name, email or phone, and open one's profile sheet.

use crate::contacts::ContactProfileSheet;
use crate::errors::AppError;
use crate::layout::ErrorPanel;
use crate::server_fns::contacts::search_contacts;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{A, Form};
use leptos_router::hooks::use_query_map;
use leptos_router::{LazyRoute, lazy_route};
use model::contact::ContactSummary;
use model::page::Page;

fn contacts_href(q: &str, page: u64, profile: Option<i64>) -> String {
    let mut params = Vec::new();
    if !q.is_empty() {
        params.push(format!("q={}", encode_query_value(q)));
    }
    if page > 1 {
        params.push(format!("page={page}"));
    }
    if let Some(p) = profile {
        params.push(format!("profile={p}"));
    }
    if params.is_empty() {
        "/contacts".into()
    } else {
        format!("/contacts?{}", params.join("&"))
    }
}

/// Percent-encodes everything but unreserved characters.
fn encode_query_value(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// `/contacts`: search by name, email or phone; a row opens the profile sheet.
///
/// A lazily loaded route: its data is requested while its code loads.
#[derive(Clone, Copy)]
pub struct ContactsRoute {
    q: Memo<String>,
    page: Memo<u64>,
    profile: Memo<Option<i64>>,
    results: Resource<Result<Page<ContactSummary>, AppError>>,
}

#[lazy_route]
impl LazyRoute for ContactsRoute {
    fn data() -> Self {
        let query = use_query_map();
        let q = Memo::new(move |_| query.read().get("q").unwrap_or_default());
        let page = Memo::new(move |_| {
            query
                .read()
                .get("page")
                .and_then(|p| p.parse().ok())
                .unwrap_or(1u64)
        });
        let profile = Memo::new(move |_| {
            query
                .read()
                .get("profile")
                .and_then(|p| p.parse::<i64>().ok())
        });
        let results = Resource::new(
            move || (q.get(), page.get()),
            |(q, page)| search_contacts(q, page),
        );
        Self {
            q,
            page,
            profile,
            results,
        }
    }

    fn view(this: Self) -> AnyView {
        view! { <ContactsPage route=this /> }.into_any()
    }
}

#[component]
fn ContactsPage(route: ContactsRoute) -> impl IntoView {
    let ContactsRoute {
        q,
        page,
        profile,
        results,
    } = route;
    view! {
        <Title text="Contacts · Chatlane" />
        <div class="flex min-w-0 flex-1 flex-col overflow-y-auto">
            <div class="border-b border-slate-200 bg-white p-4">
                <h1 class="text-lg font-semibold">"Contacts"</h1>
                <Form method="GET" action="/contacts" attr:class="mt-3 flex gap-2">
                    <input
                        type="search"
                        name="q"
                        value=move || q.get()
                        placeholder="Search by name, email or phone"
                        maxlength="200"
                        class="w-full max-w-md rounded-md border border-slate-300 px-3 py-2 text-sm"
                        aria-label="Search contacts"
                        data-testid="contact-search"
                    />
                    <button class="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500">
                        "Search"
                    </button>
                </Form>
            </div>
            <Transition fallback=|| {
                view! { <p class="p-4 text-slate-500">"Loading…"</p> }
            }>
                {move || Suspend::new(async move {
                    match results.await {
                        Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                        Ok(p) if p.items.is_empty() => {
                            view! {
                                <p class="p-6 text-sm text-slate-500" data-testid="no-contacts">
                                    "No contacts match."
                                </p>
                            }
                                .into_any()
                        }
                        Ok(p) => {
                            let q_now = q.get_untracked();
                            let next = p
                                .has_next()
                                .then(|| contacts_href(&q_now, p.page + 1, None));
                            let prev = p
                                .has_prev()
                                .then(|| contacts_href(&q_now, p.page - 1, None));
                            view! {
                                <ul
                                    class="divide-y divide-slate-100 bg-white"
                                    data-testid="contact-list"
                                >
                                    {p
                                        .items
                                        .into_iter()
                                        .map(|c| {
                                            let href = contacts_href(&q_now, p.page, Some(c.id));
                                            view! {
                                                <li>
                                                    <A
                                                        href=href
                                                        attr:class="grid grid-cols-1 gap-1 px-4 py-3 hover:bg-slate-50 sm:grid-cols-3"
                                                        attr:data-testid="contact-row"
                                                    >
                                                        <span class="font-medium">{c.name.clone()}</span>
                                                        <span class="truncate text-sm text-slate-600">
                                                            {c.email.clone().unwrap_or_default()}
                                                        </span>
                                                        <span class="text-sm text-slate-600">
                                                            {c.phone.clone().unwrap_or_default()}
                                                        </span>
                                                    </A>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                                <div class="flex justify-between p-4 text-sm text-slate-500">
                                    <span>{format!("{} contacts", p.total)}</span>
                                    <span class="flex gap-3">
                                        {prev
                                            .map(|h| {
                                                view! {
                                                    <A href=h attr:class="text-indigo-600 hover:underline">
                                                        "Previous"
                                                    </A>
                                                }
                                            })}
                                        {next
                                            .map(|h| {
                                                view! {
                                                    <A href=h attr:class="text-indigo-600 hover:underline">
                                                        "Next"
                                                    </A>
                                                }
                                            })}
                                    </span>
                                </div>
                            }
                                .into_any()
                        }
                    }
                })}
            </Transition>
        </div>
        {move || {
            profile
                .get()
                .map(|contact_id| {
                    view! {
                        <ContactProfileSheet
                            contact_id
                            close_href=contacts_href(&q.get(), page.get(), None)
                        />
                    }
                })
        }}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_text_is_encoded_into_links() {
        assert_eq!(
            contacts_href("a&b c", 2, Some(5)),
            "/contacts?q=a%26b%20c&page=2&profile=5"
        );
        assert_eq!(contacts_href("", 1, None), "/contacts");
    }
}
