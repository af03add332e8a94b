//! `/settings/channels`: how each inbox channel sends (SMTP relay or webhook bridge), connected
//! and disconnected by admins.

use crate::errors::AppError;
use crate::layout::{AdminPage, Button};
use crate::layout::{FieldError, INPUT};
use crate::server_fns::settings::{ConnectChannel, DisconnectChannel, list_channels};
use crate::settings::SettingsNav;
use leptos::prelude::*;
use leptos_router::{LazyRoute, lazy_route};
use model::MessageType;
use model::channel::{ChannelView, DriverKind, DriverSettings, SmtpSecurity, SmtpSettings};

/// `/settings/channels`: how each inbox channel sends. Email through the team's SMTP relay, any
/// type through a webhook bridge; a channel without a driver cannot send. Agents get "Admins only".
///
/// A lazily loaded route: its data is requested while its code loads.
#[derive(Clone, Copy)]
pub struct ChannelsRoute {
    connect: ServerAction<ConnectChannel>,
    disconnect: ServerAction<DisconnectChannel>,
    editing: RwSignal<Option<i64>>,
    channels: Resource<Result<Vec<ChannelView>, AppError>>,
}

#[lazy_route]
impl LazyRoute for ChannelsRoute {
    fn data() -> Self {
        let connect = ServerAction::<ConnectChannel>::new();
        let disconnect = ServerAction::<DisconnectChannel>::new();
        let editing = RwSignal::new(None::<i64>);
        // Reload only after a save that worked: a refused one keeps the open form as the admin left it.
        let saved = RwSignal::new(0u32);
        Effect::new(move |_| {
            if let Some(Ok(())) = connect.value().get() {
                editing.set(None);
                saved.update(|n| *n += 1);
            }
        });
        let channels = Resource::new(
            move || (saved.get(), disconnect.version().get()),
            |_| list_channels(),
        );
        Self {
            connect,
            disconnect,
            editing,
            channels,
        }
    }

    fn view(this: Self) -> AnyView {
        view! { <ChannelsPage route=this /> }.into_any()
    }
}

#[component]
fn ChannelsPage(route: ChannelsRoute) -> impl IntoView {
    let ChannelsRoute {
        connect,
        disconnect,
        editing,
        channels,
    } = route;
    view! {
        <AdminPage
            title="Channels"
            data=channels
            body=move |list| {
                view! {
                    <div class="max-w-3xl space-y-3">
                        <h1 class="text-lg font-semibold">"Channels"</h1>
                        <p class="text-sm text-slate-600">
                            "Replies and API messages leave Chatlane through their channel's driver: your SMTP relay for email, or a webhook bridge (a POST of the message as JSON, signed when you set a secret) for any provider. Notes and call logs need none."
                        </p>
                        <ul class="space-y-3" data-testid="channel-list">
                            {list
                                .into_iter()
                                .map(|c| {
                                    view! { <ChannelCard channel=c editing connect disconnect /> }
                                })
                                .collect_view()}
                        </ul>
                    </div>
                }
            }
        >
            <SettingsNav />
        </AdminPage>
    }
}

fn summary(driver: &Option<DriverSettings>) -> String {
    match driver {
        Some(DriverSettings::Smtp(s)) => format!("SMTP {}:{} as {}", s.host, s.port, s.from_email),
        Some(DriverSettings::Webhook(w)) => format!("Webhook {}", w.url),
        None => String::new(),
    }
}

#[component]
fn ChannelCard(
    channel: ChannelView,
    editing: RwSignal<Option<i64>>,
    connect: ServerAction<ConnectChannel>,
    disconnect: ServerAction<DisconnectChannel>,
) -> impl IntoView {
    let id = channel.id;
    let delivered = channel.channel_type.is_delivered();
    let (badge, tone) = if !delivered {
        ("No delivery needed", "bg-slate-100 text-slate-600")
    } else if channel.sendable {
        ("Connected", "bg-emerald-50 text-emerald-700")
    } else if channel.driver.is_some() {
        ("Switched off", "bg-amber-50 text-amber-700")
    } else {
        ("Not connected", "bg-red-50 text-red-700")
    };
    let connected = channel.driver.is_some();
    let description = summary(&channel.driver);
    let form_channel = channel.clone();
    view! {
        <li
            class="rounded-lg border border-slate-200 bg-white p-4"
            data-testid="channel"
            data-channel-type=channel.channel_type.as_str()
        >
            <div class="flex flex-wrap items-center gap-2">
                <span class="font-medium">{channel.name.clone()}</span>
                <span class="text-xs text-slate-500">
                    {format!("{} · {}", channel.inbox_name, channel.channel_type.label())}
                </span>
                <span
                    class=format!("rounded-full px-2 py-0.5 text-xs font-medium {tone}")
                    data-testid="channel-status"
                >
                    {badge}
                </span>
                <span class="flex-1"></span>
                {delivered
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="rounded-md border border-slate-300 px-2.5 py-1 text-xs font-medium hover:bg-slate-50"
                                on:click=move |_| {
                                    editing
                                        .update(|e| {
                                            *e = if *e == Some(id) { None } else { Some(id) };
                                        })
                                }
                                data-testid="channel-edit"
                            >
                                {if connected { "Edit" } else { "Connect" }}
                            </button>
                        }
                    })}
                {connected
                    .then(|| {
                        view! {
                            <ActionForm action=disconnect>
                                <input type="hidden" name="channel_id" value=id.to_string() />
                                <button
                                    class="text-xs text-red-600 hover:underline"
                                    data-testid="channel-disconnect"
                                >
                                    "Disconnect"
                                </button>
                            </ActionForm>
                        }
                    })}
            </div>
            {(!description.is_empty())
                .then(|| {
                    view! {
                        <p
                            class="mt-1 break-all text-xs text-slate-500"
                            data-testid="channel-driver"
                        >
                            {description.clone()}
                        </p>
                    }
                })}
            <Show when=move || editing.get() == Some(id)>
                <DriverForm channel=form_channel.clone() connect />
            </Show>
        </li>
    }
}

#[component]
fn DriverForm(channel: ChannelView, connect: ServerAction<ConnectChannel>) -> impl IntoView {
    let email = channel.channel_type == MessageType::Email;
    let smtp = match &channel.driver {
        Some(DriverSettings::Smtp(s)) => Some(s.clone()),
        _ => None,
    };
    let url = match &channel.driver {
        Some(DriverSettings::Webhook(w)) => w.url.clone(),
        _ => String::new(),
    };
    let driver = RwSignal::new(
        if email && !matches!(channel.driver, Some(DriverSettings::Webhook(_))) {
            DriverKind::Smtp
        } else {
            DriverKind::Webhook
        },
    );
    let error = move |field: &'static str| connect_error(connect, field);
    let general = Signal::derive(move || match connect.value().get() {
        Some(Err(
            e @ (AppError::Message(_)
            | AppError::Internal
            | AppError::Transport(_)
            | AppError::Forbidden(_)
            | AppError::NotFound),
        )) => Some(e.to_string()),
        Some(Err(AppError::Unauthenticated | AppError::Validation(_))) | Some(Ok(_)) | None => None,
    });
    let secret_hint = if channel.has_secret {
        "Stored; leave empty to keep it (a new host or URL needs it again)"
    } else {
        "Optional"
    };
    view! {
        <ActionForm
            action=connect
            attr:class="mt-3 space-y-3 border-t border-slate-100 pt-3"
            attr:data-testid="driver-form"
        >
            <input type="hidden" name="channel_id" value=channel.id.to_string() />
            <DriverChoice email driver />
            {error("settings.driver")}
            <SmtpFields
                smtp=smtp.clone()
                connect
                hidden=Signal::derive(move || driver.get() != DriverKind::Smtp)
            />
            <div class:hidden=move || driver.get() != DriverKind::Webhook>
                <label class="text-xs font-medium text-slate-700">
                    "Bridge URL"
                    <input
                        name="form[url]"
                        class=INPUT
                        value=url.clone()
                        placeholder="https://bridge.example.com/chatlane"
                        data-testid="webhook-url"
                    /> {error("settings.url")}
                </label>
            </div>
            <label class="block text-xs font-medium text-slate-700">
                {move || {
                    if driver.get() == DriverKind::Smtp {
                        "Password"
                    } else {
                        "Signing secret (Standard Webhooks)"
                    }
                }}
                <input
                    name="form[secret]"
                    type="password"
                    class=INPUT
                    placeholder=secret_hint
                    autocomplete="new-password"
                    data-testid="driver-secret"
                /> {error("secret")}
            </label>
            <FieldError message=general />
            <button
                type="submit"
                class=Button::Primary.class()
                disabled=move || connect.pending().get()
                data-testid="driver-save"
            >
                "Save"
            </button>
        </ActionForm>
    }
}

/// The message the last connect gave for `field`, under it.
fn connect_error(connect: ServerAction<ConnectChannel>, field: &'static str) -> impl IntoView {
    let message = Signal::derive(move || match connect.value().get() {
        Some(Err(e)) => e.field(field),
        _ => None,
    });
    view! { <FieldError message testid=format!("error-{field}") small=true /> }
}

/// SMTP relay or webhook bridge (an email channel offers both, other channels the bridge only).
#[component]
fn DriverChoice(email: bool, driver: RwSignal<DriverKind>) -> impl IntoView {
    view! {
        <div class="flex gap-4 text-sm" role="radiogroup" aria-label="Driver">
            {email
                .then(|| {
                    view! {
                        <label class="inline-flex items-center gap-1.5">
                            <input
                                type="radio"
                                name="form[driver]"
                                value=DriverKind::Smtp.as_str()
                                prop:checked=move || driver.get() == DriverKind::Smtp
                                on:change=move |_| driver.set(DriverKind::Smtp)
                                data-testid="driver-smtp"
                            />
                            {DriverKind::Smtp.label()}
                        </label>
                    }
                })}
            <label class="inline-flex items-center gap-1.5">
                <input
                    type="radio"
                    name="form[driver]"
                    value=DriverKind::Webhook.as_str()
                    prop:checked=move || driver.get() == DriverKind::Webhook
                    on:change=move |_| driver.set(DriverKind::Webhook)
                    data-testid="driver-webhook"
                />
                {DriverKind::Webhook.label()}
            </label>
        </div>
    }
}

/// The SMTP relay's settings, filled with the stored ones (`smtp`); hidden while another driver
/// is chosen.
#[component]
fn SmtpFields(
    smtp: Option<SmtpSettings>,
    connect: ServerAction<ConnectChannel>,
    hidden: Signal<bool>,
) -> impl IntoView {
    let error = move |field: &'static str| connect_error(connect, field);
    let security = smtp.as_ref().map_or(SmtpSecurity::Starttls, |s| s.security);
    view! {
        <div class="grid grid-cols-2 gap-3" class:hidden=hidden>
            <label class="text-xs font-medium text-slate-700">
                "Host"
                <input
                    name="form[host]"
                    class=INPUT
                    value=smtp.as_ref().map(|s| s.host.clone())
                    placeholder="smtp.example.com"
                    data-testid="smtp-host"
                /> {error("settings.host")}
            </label>
            <label class="text-xs font-medium text-slate-700">
                "Port"
                <input
                    name="form[port]"
                    inputmode="numeric"
                    class=INPUT
                    value=smtp.as_ref().map_or("587".to_string(), |s| s.port.to_string())
                    data-testid="smtp-port"
                /> {error("settings.port")}
            </label>
            <label class="text-xs font-medium text-slate-700">
                "Security" <select name="form[security]" class=INPUT data-testid="smtp-security">
                    <option value="starttls" selected=security == SmtpSecurity::Starttls>
                        "STARTTLS (587)"
                    </option>
                    <option value="tls" selected=security == SmtpSecurity::Tls>
                        "TLS (465)"
                    </option>
                    <option value="none" selected=security == SmtpSecurity::None>
                        "None (trusted network only)"
                    </option>
                </select> {error("settings.security")}
            </label>
            <label class="text-xs font-medium text-slate-700">
                "Username"
                <input
                    name="form[username]"
                    class=INPUT
                    value=smtp.as_ref().map(|s| s.username.clone())
                    autocomplete="off"
                    data-testid="smtp-username"
                /> {error("settings.username")}
            </label>
            <label class="text-xs font-medium text-slate-700">
                "From address"
                <input
                    name="form[from_email]"
                    type="email"
                    class=INPUT
                    value=smtp.as_ref().map(|s| s.from_email.clone())
                    placeholder="support@example.com"
                    data-testid="smtp-from-email"
                /> {error("settings.from_email")}
            </label>
            <label class="text-xs font-medium text-slate-700">
                "From name"
                <input
                    name="form[from_name]"
                    class=INPUT
                    value=smtp.as_ref().map(|s| s.from_name.clone())
                    placeholder="Acme Support"
                    data-testid="smtp-from-name"
                /> {error("settings.from_name")}
            </label>
        </div>
    }
}
