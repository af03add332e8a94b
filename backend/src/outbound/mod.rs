//! The one outbound HTTP client (docs/OUTBOUND.md). Every call an admin's URL causes — integrations,
//! webhooks, `file_urls` downloads — goes through [`OutboundClient::send`]: http(s) only, no
//! userinfo, public destinations only (checked after DNS, pinned), no proxy, no redirects unless
//! asked for (each hop checked again), time and size limits, and errors safe to show.

pub mod own_demo;
pub mod policy;
pub mod resolver;
pub mod signing;

use policy::{BadAllowEntry, DestinationPolicy};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use resolver::{
    BlockedAddress, Lookup, PinnedResolver, Refusal, SystemLookup, Unresolvable, checked_addresses,
};
use std::error::Error as _;
use std::sync::Arc;
use std::time::Duration;
use url::{Host, Url};

/// Connecting may take this long at most.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// 1 MiB: the most an integration's answer may be.
pub const INTEGRATION_MAX_BODY: usize = 1024 * 1024;
/// 10 MiB: the most a downloaded attachment may be.
pub const DOWNLOAD_MAX_BODY: usize = 10 * 1024 * 1024;

/// Headers admins may not set.
const FORBIDDEN_HEADERS: &[&str] = &["host", "content-length", "transfer-encoding", "connection"];

/// How long a call may take, how much it may read, how many redirects it may follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Total time for connecting, sending and reading the whole answer.
    pub timeout: Duration,
    /// Largest answer body; a larger one is an error, never truncated.
    pub max_body: usize,
    /// Redirects to follow (0: a redirect is a failed call).
    pub max_redirects: u8,
}

impl Limits {
    /// An integration call: 1–30 s (default 10), 1 MiB, redirects only if the integration opts in
    /// (then up to 3).
    pub fn integration(timeout_secs: u64, follow_redirects: bool) -> Self {
        Limits {
            timeout: Duration::from_secs(timeout_secs.clamp(1, 30)),
            max_body: INTEGRATION_MAX_BODY,
            max_redirects: if follow_redirects { 3 } else { 0 },
        }
    }

    /// A webhook delivery: 15 s, 1 MiB of answer, no redirects.
    pub fn webhook() -> Self {
        Limits {
            timeout: Duration::from_secs(15),
            max_body: INTEGRATION_MAX_BODY,
            max_redirects: 0,
        }
    }

    /// A `file_urls` download: 30 s, 10 MiB, no redirects.
    pub fn download() -> Self {
        Limits {
            timeout: Duration::from_secs(30),
            max_body: DOWNLOAD_MAX_BODY,
            max_redirects: 0,
        }
    }
}

/// A request to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboundRequest {
    /// `GET`, `POST`, ...
    pub method: reqwest::Method,
    /// The full URL (already built from variables by context).
    pub url: String,
    /// Extra headers (names and values checked before sending).
    pub headers: Vec<(String, String)>,
    /// Body bytes, if any.
    pub body: Option<Vec<u8>>,
    /// Whether the body holds a secret: it is then never sent to another origin (a 307/308
    /// redirect there stops the call instead).
    pub body_secret: bool,
}

/// A received answer (any status; see [`OutboundResponse::error_for_status`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboundResponse {
    /// HTTP status.
    pub status: u16,
    /// `Content-Type`, if sent.
    pub content_type: Option<String>,
    /// The whole body (at most the limit).
    pub body: Vec<u8>,
    /// The URL that answered (after redirects).
    pub final_url: String,
    /// `Retry-After`, as sent (seconds or an HTTP date), if it was.
    pub retry_after: Option<String>,
}

/// Why a call failed, in words safe to show an admin (no header values, no body dumps).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OutboundError {
    /// Not http(s), userinfo present, no host, or unparsable.
    #[error("Invalid URL: {0}")]
    InvalidUrl(String),
    /// A header the admin may not set, or a value with CR, LF or NUL.
    #[error("Invalid header {0}")]
    InvalidHeader(String),
    /// The destination is private (or resolves to a private address).
    #[error("Blocked: the address is not public")]
    Blocked,
    /// The host name does not resolve.
    #[error("Could not resolve the host")]
    Unresolvable,
    /// Connecting or the exchange failed.
    #[error("Could not connect to the API")]
    Connect,
    /// The whole call took too long.
    #[error("Timed out after {0} s")]
    TimedOut(u64),
    /// A redirect, and redirects are not followed (or too many). The target is shown without its
    /// query (which may hold credentials).
    #[error("API redirected to {0}")]
    Redirected(String),
    /// A redirect from https to plain http, always refused.
    #[error("API redirected from https to http; refused")]
    InsecureRedirect,
    /// A redirect that would carry a secret body to another origin, always refused. The target
    /// is shown without its query.
    #[error("API redirected to {0}, another server; the secret body is not sent there")]
    SecretBodyRedirect(String),
    /// The body exceeded the limit.
    #[error("Response larger than {0}")]
    TooLarge(String),
    /// The answer could not be written to disk.
    #[error("Could not store the file")]
    Storage(String),
    /// A non-2xx answer, with the reason the API gave (its JSON `error`/`message`), if any.
    #[error("API returned {status}{}", reason.as_ref().map(|r| format!(": {r}")).unwrap_or_default())]
    Status {
        /// The status code.
        status: u16,
        /// A short reason from the body.
        reason: Option<String>,
        /// Its `Retry-After`, as sent.
        retry_after: Option<String>,
    },
}

use model::integration::stale::{FailureKind, Unavailability};

impl OutboundError {
    /// Whether the other side is not answering now (a timeout, no connection, a name that does
    /// not resolve, a 5xx or a 429) — worth showing an earlier answer for — rather than refusing
    /// this call for good.
    /// What kind of failure it is, for the words a failed card shows.
    pub fn failure(&self) -> FailureKind {
        match self {
            OutboundError::Status { .. } => FailureKind::Status,
            OutboundError::TimedOut(_) => FailureKind::TimedOut,
            OutboundError::Connect | OutboundError::Unresolvable => FailureKind::Unreachable,
            OutboundError::Blocked => FailureKind::Blocked,
            OutboundError::InvalidUrl(_)
            | OutboundError::InvalidHeader(_)
            | OutboundError::Redirected(_)
            | OutboundError::InsecureRedirect
            | OutboundError::SecretBodyRedirect(_)
            | OutboundError::TooLarge(_)
            | OutboundError::Storage(_) => FailureKind::Other,
        }
    }

    pub fn unavailability(&self) -> Option<Unavailability> {
        match self {
            OutboundError::Status { status, .. } => {
                (*status >= 500 || *status == 429).then_some(Unavailability::Status)
            }
            OutboundError::TimedOut(_) => Some(Unavailability::TimedOut),
            OutboundError::Connect | OutboundError::Unresolvable => {
                Some(Unavailability::Unreachable)
            }
            OutboundError::InvalidUrl(_)
            | OutboundError::InvalidHeader(_)
            | OutboundError::Blocked
            | OutboundError::Redirected(_)
            | OutboundError::InsecureRedirect
            | OutboundError::SecretBodyRedirect(_)
            | OutboundError::TooLarge(_)
            | OutboundError::Storage(_) => None,
        }
    }
}

impl OutboundResponse {
    /// `Ok(self)` for 2xx; otherwise the status with the reason from a JSON body's `error` or
    /// `message` field (at most 200 characters; the body itself is never shown).
    pub fn error_for_status(self) -> Result<Self, OutboundError> {
        if (200..300).contains(&self.status) {
            return Ok(self);
        }
        let reason = serde_json::from_slice::<serde_json::Value>(&self.body)
            .ok()
            .and_then(|v| {
                ["error", "message"]
                    .iter()
                    .find_map(|k| v.get(k).and_then(|m| m.as_str()).map(str::to_string))
            })
            .map(|r| r.chars().take(200).collect());
        Err(OutboundError::Status {
            status: self.status,
            reason,
            retry_after: self.retry_after,
        })
    }
}

fn size_label(bytes: usize) -> String {
    if bytes >= 1024 * 1024 && bytes.is_multiple_of(1024 * 1024) {
        format!("{} MiB", bytes / (1024 * 1024))
    } else {
        format!("{bytes} bytes")
    }
}

/// The guarded client (cheap to clone).
#[derive(Debug, Clone)]
pub struct OutboundClient {
    client: reqwest::Client,
    policy: Arc<DestinationPolicy>,
    lookup: Arc<dyn Lookup>,
    /// The server's own address, when it serves the demo CRM ([`own_demo`]).
    own_demo: Option<std::net::SocketAddr>,
}

impl OutboundClient {
    /// A client allowing public destinations plus `allow` (`CHATLANE_OUTBOUND_ALLOW` entries).
    pub fn new(allow: &[String]) -> Result<Self, OutboundSetupError> {
        Self::with_policy(DestinationPolicy::new(allow)?)
    }

    /// A client enforcing `policy`, resolving names with the system's resolver.
    pub fn with_policy(policy: DestinationPolicy) -> Result<Self, OutboundSetupError> {
        Self::with_lookup(policy, Arc::new(SystemLookup))
    }

    /// A client enforcing `policy` over `lookup`'s answers (tests script DNS with this).
    pub fn with_lookup(
        policy: DestinationPolicy,
        lookup: Arc<dyn Lookup>,
    ) -> Result<Self, OutboundSetupError> {
        let policy = Arc::new(policy);
        let client = reqwest::Client::builder()
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(CONNECT_TIMEOUT)
            .dns_resolver(Arc::new(PinnedResolver::new(
                policy.clone(),
                lookup.clone(),
            )))
            .user_agent(concat!("Chatlane/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| OutboundSetupError::Client(e.to_string()))?;
        Ok(OutboundClient {
            client,
            policy,
            lookup,
            own_demo: None,
        })
    }

    /// The same client, knowing the server's own address (see [`own_demo::own_address`]) so the
    /// built-in demo integration can reach the demo CRM there.
    pub fn with_own_demo(mut self, own: std::net::SocketAddr) -> Self {
        self.own_demo = Some(own);
        self
    }

    /// The demo CRM's origin on this server (`http://127.0.0.1:3000`), if known.
    pub fn own_demo_origin(&self) -> Option<String> {
        self.own_demo.map(own_demo::own_origin)
    }

    /// Checks a built-in demo integration's URL: only the demo CRM on the server's own address
    /// ([`own_demo::is_demo_crm_url`]); anything else is [`OutboundError::Blocked`].
    pub fn check_own_demo_url(&self, raw: &str) -> Result<Url, OutboundError> {
        let url = Url::parse(raw).map_err(|e| OutboundError::InvalidUrl(e.to_string()))?;
        match self.own_demo {
            Some(own) if own_demo::is_demo_crm_url(own, &url) => Ok(url),
            _ => Err(OutboundError::Blocked),
        }
    }

    /// Sends a built-in demo integration's request: the URL must pass
    /// [`check_own_demo_url`](Self::check_own_demo_url), and no redirect is followed.
    pub async fn send_own_demo(
        &self,
        request: OutboundRequest,
        limits: Limits,
    ) -> Result<OutboundResponse, OutboundError> {
        let limits = Limits {
            max_redirects: 0,
            ..limits
        };
        let secs = limits.timeout.as_secs();
        tokio::time::timeout(
            limits.timeout,
            self.exchange(request, limits, Route::OwnDemo),
        )
        .await
        .map_err(|_| OutboundError::TimedOut(secs))?
    }

    /// Checks a URL before any connection: scheme, userinfo, and IP-literal hosts (which never
    /// reach the resolver).
    pub fn check_url(&self, raw: &str) -> Result<Url, OutboundError> {
        let url = Url::parse(raw).map_err(|e| OutboundError::InvalidUrl(e.to_string()))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(OutboundError::InvalidUrl("only http and https".into()));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(OutboundError::InvalidUrl(
                "credentials in the URL are not allowed".into(),
            ));
        }
        match url.host() {
            None => return Err(OutboundError::InvalidUrl("no host".into())),
            Some(Host::Ipv4(ip)) if !self.policy.allows_ip(ip.into()) => {
                return Err(OutboundError::Blocked);
            }
            Some(Host::Ipv6(ip)) if !self.policy.allows_ip(ip.into()) => {
                return Err(OutboundError::Blocked);
            }
            Some(_) => {}
        }
        Ok(url)
    }

    /// Resolves `host` for a transport other than HTTP (SMTP) under the same address rules: the
    /// caller connects to exactly these addresses.
    pub async fn resolve_checked(
        &self,
        host: &str,
        port: u16,
    ) -> Result<Vec<std::net::SocketAddr>, OutboundError> {
        let bare = host.trim_start_matches('[').trim_end_matches(']');
        if let Ok(ip) = bare.parse::<std::net::IpAddr>() {
            return if self.policy.allows_ip(ip) {
                Ok(vec![std::net::SocketAddr::new(ip, port)])
            } else {
                Err(OutboundError::Blocked)
            };
        }
        match checked_addresses(&self.policy, self.lookup.as_ref(), bare).await {
            Ok(ips) => Ok(ips
                .into_iter()
                .map(|ip| std::net::SocketAddr::new(ip, port))
                .collect()),
            Err(Refusal::Blocked) => Err(OutboundError::Blocked),
            Err(Refusal::Unresolvable) => Err(OutboundError::Unresolvable),
        }
    }

    /// Sends `request` within `limits`, following redirects only as allowed.
    pub async fn send(
        &self,
        request: OutboundRequest,
        limits: Limits,
    ) -> Result<OutboundResponse, OutboundError> {
        let secs = limits.timeout.as_secs();
        tokio::time::timeout(
            limits.timeout,
            self.exchange(request, limits, Route::Guarded),
        )
        .await
        .map_err(|_| OutboundError::TimedOut(secs))?
    }

    /// Sends `request` within `limits` and streams the answer's body into the new file `path`
    /// (the size cap applies as it is written; the file is removed on any failure). Any status is
    /// an answer, as with [`send`](Self::send); the body file then holds what it said.
    pub async fn send_to_file(
        &self,
        request: OutboundRequest,
        limits: Limits,
        path: &std::path::Path,
    ) -> Result<FileResponse, OutboundError> {
        let secs = limits.timeout.as_secs();
        let written = tokio::time::timeout(limits.timeout, async {
            let (mut response, final_url) = self.answer(request, &limits, Route::Guarded).await?;
            let head = Head::of(&response, &limits)?;
            let mut file = tokio::fs::File::create(path)
                .await
                .map_err(|e| OutboundError::Storage(e.to_string()))?;
            let mut size = 0usize;
            while let Some(chunk) = response.chunk().await.map_err(classify)? {
                size += chunk.len();
                if size > limits.max_body {
                    return Err(OutboundError::TooLarge(size_label(limits.max_body)));
                }
                tokio::io::AsyncWriteExt::write_all(&mut file, &chunk)
                    .await
                    .map_err(|e| OutboundError::Storage(e.to_string()))?;
            }
            tokio::io::AsyncWriteExt::flush(&mut file)
                .await
                .map_err(|e| OutboundError::Storage(e.to_string()))?;
            Ok(FileResponse {
                status: head.status,
                content_type: head.content_type,
                size,
                final_url,
            })
        })
        .await
        .map_err(|_| OutboundError::TimedOut(secs))
        .and_then(|r| r);
        if written.is_err() {
            let _ = tokio::fs::remove_file(path).await;
        }
        written
    }

    async fn exchange(
        &self,
        request: OutboundRequest,
        limits: Limits,
        route: Route,
    ) -> Result<OutboundResponse, OutboundError> {
        let (mut response, final_url) = self.answer(request, &limits, route).await?;
        let head = Head::of(&response, &limits)?;
        let mut collected = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(classify)? {
            if collected.len() + chunk.len() > limits.max_body {
                return Err(OutboundError::TooLarge(size_label(limits.max_body)));
            }
            collected.extend_from_slice(&chunk);
        }
        Ok(OutboundResponse {
            status: head.status,
            content_type: head.content_type,
            body: collected,
            final_url,
            retry_after: head.retry_after,
        })
    }

    /// Sends `request`, following redirects as `limits` allow, and returns the final answer
    /// (its body unread) with the URL that gave it.
    async fn answer(
        &self,
        request: OutboundRequest,
        limits: &Limits,
        route: Route,
    ) -> Result<(reqwest::Response, String), OutboundError> {
        let mut headers = HeaderMap::new();
        for (name, value) in &request.headers {
            let lower = name.trim().to_ascii_lowercase();
            if FORBIDDEN_HEADERS.contains(&lower.as_str()) {
                return Err(OutboundError::InvalidHeader(format!(
                    "{name}: set by Chatlane"
                )));
            }
            // CR, LF and NUL would split or end the header; HeaderValue refuses them too.
            let header_name = HeaderName::from_bytes(lower.as_bytes())
                .map_err(|_| OutboundError::InvalidHeader(name.clone()))?;
            let header_value = HeaderValue::from_str(value)
                .map_err(|_| OutboundError::InvalidHeader(format!("{name}: bad characters")))?;
            headers.append(header_name, header_value);
        }
        let mut url = match route {
            Route::Guarded => self.check_url(&request.url)?,
            Route::OwnDemo => self.check_own_demo_url(&request.url)?,
        };
        let mut method = request.method.clone();
        let mut body = request.body.clone();
        let mut hops = 0u8;
        loop {
            let mut builder = self
                .client
                .request(method.clone(), url.clone())
                .headers(headers.clone());
            if let Some(b) = &body {
                builder = builder.body(b.clone());
            }
            let response = builder.send().await.map_err(classify)?;
            let status = response.status();
            if status.is_redirection() {
                let location = response
                    .headers()
                    .get(reqwest::header::LOCATION)
                    .and_then(|l| l.to_str().ok())
                    .unwrap_or_default()
                    .to_string();
                let next = url
                    .join(&location)
                    .map_err(|_| OutboundError::Redirected("an unreadable location".into()))?;
                if hops >= limits.max_redirects {
                    return Err(OutboundError::Redirected(shown(&next)));
                }
                hops += 1;
                let next = self.check_url(next.as_str())?;
                if status == reqwest::StatusCode::SEE_OTHER
                    || ((status == reqwest::StatusCode::MOVED_PERMANENTLY
                        || status == reqwest::StatusCode::FOUND)
                        && method == reqwest::Method::POST)
                {
                    method = reqwest::Method::GET;
                    body = None;
                }
                match redirect_hop(&url, &next) {
                    RedirectHop::SameOrigin => {}
                    // A secret body (a 307/308 keeps it) never travels to another origin.
                    RedirectHop::OtherOrigin if request.body_secret && body.is_some() => {
                        return Err(OutboundError::SecretBodyRedirect(shown(&next)));
                    }
                    // Custom headers (tokens) never travel to another origin.
                    RedirectHop::OtherOrigin => headers.clear(),
                    RedirectHop::Downgrade => return Err(OutboundError::InsecureRedirect),
                }
                url = next;
                continue;
            }
            return Ok((response, url.to_string()));
        }
    }
}

/// Which rule the first URL of a call is checked by (every redirect hop is checked by the
/// outbound rules, and the demo route follows none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Route {
    /// The outbound rules: public addresses plus the operator's allow list.
    Guarded,
    /// The demo CRM on the server's own address, and nothing else.
    OwnDemo,
}

/// What is read from an answer before its body.
struct Head {
    status: u16,
    content_type: Option<String>,
    retry_after: Option<String>,
}

impl Head {
    /// The status and headers of `response`; a declared length over the limit is refused now.
    fn of(response: &reqwest::Response, limits: &Limits) -> Result<Head, OutboundError> {
        if response
            .content_length()
            .is_some_and(|n| n > limits.max_body as u64)
        {
            return Err(OutboundError::TooLarge(size_label(limits.max_body)));
        }
        let text = |name| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        Ok(Head {
            status: response.status().as_u16(),
            content_type: text(reqwest::header::CONTENT_TYPE),
            retry_after: text(reqwest::header::RETRY_AFTER),
        })
    }
}

/// An answer whose body went to a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileResponse {
    /// The status code.
    pub status: u16,
    /// `Content-Type`, if sent.
    pub content_type: Option<String>,
    /// Bytes written.
    pub size: usize,
    /// The URL that answered.
    pub final_url: String,
}

/// What following a redirect from `from` to `to` means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RedirectHop {
    /// Same scheme, host and port: the request's headers go along.
    SameOrigin,
    /// Another origin: the admin's headers (tokens) are dropped.
    OtherOrigin,
    /// From https to http: refused.
    Downgrade,
}

/// Classifies a redirect by origin (scheme, host, port).
pub fn redirect_hop(from: &Url, to: &Url) -> RedirectHop {
    if from.scheme() == "https" && to.scheme() != "https" {
        return RedirectHop::Downgrade;
    }
    let origin = |u: &Url| {
        (
            u.scheme().to_string(),
            u.host_str().map(str::to_ascii_lowercase),
            u.port_or_known_default(),
        )
    };
    if origin(from) == origin(to) {
        RedirectHop::SameOrigin
    } else {
        RedirectHop::OtherOrigin
    }
}

/// A URL as errors and logs may show it: scheme, host, port and path, never its query,
/// fragment or user info.
pub fn shown(url: &Url) -> String {
    let mut shown = url.clone();
    shown.set_query(None);
    shown.set_fragment(None);
    let _ = shown.set_username("");
    let _ = shown.set_password(None);
    shown.to_string()
}

/// Maps a client error to what users see, finding our resolver's verdicts in its causes.
fn classify(err: reqwest::Error) -> OutboundError {
    let mut source = err.source();
    while let Some(cause) = source {
        if cause.is::<BlockedAddress>() {
            return OutboundError::Blocked;
        }
        if cause.is::<Unresolvable>() {
            return OutboundError::Unresolvable;
        }
        source = cause.source();
    }
    OutboundError::Connect
}

/// The client could not be built from the configuration.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OutboundSetupError {
    /// A bad `CHATLANE_OUTBOUND_ALLOW` entry.
    #[error("CHATLANE_OUTBOUND_ALLOW: {0}")]
    Allow(#[from] BadAllowEntry),
    /// The TLS stack could not start.
    #[error("outbound HTTP client: {0}")]
    Client(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).unwrap_or_else(|_| Url::parse("http://invalid.example").expect("url"))
    }

    #[test]
    fn a_redirect_keeps_headers_only_within_its_origin_and_never_downgrades() {
        let from = url("https://api.example.com/v1/x?api_key=k");
        for (to, hop) in [
            ("https://API.example.com/v2/y", RedirectHop::SameOrigin),
            ("https://api.example.com:443/z", RedirectHop::SameOrigin),
            ("https://api.example.com:8443/z", RedirectHop::OtherOrigin),
            ("https://evil.example.com/z", RedirectHop::OtherOrigin),
            ("http://api.example.com/z", RedirectHop::Downgrade),
        ] {
            assert_eq!(redirect_hop(&from, &url(to)), hop, "{to}");
        }
        let plain = url("http://127.0.0.1:8080/a");
        assert_eq!(
            redirect_hop(&plain, &url("http://127.0.0.1:9090/a")),
            RedirectHop::OtherOrigin
        );
        assert_eq!(
            redirect_hop(&plain, &url("https://127.0.0.1:8080/a")),
            RedirectHop::OtherOrigin
        );
    }

    #[test]
    fn a_shown_url_has_no_query_fragment_or_user_info() {
        assert_eq!(
            shown(&url(
                "https://u:p@api.example.com:8443/v1/x?api_key=secret#frag"
            )),
            "https://api.example.com:8443/v1/x"
        );
    }
}
