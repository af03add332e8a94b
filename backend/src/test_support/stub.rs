//! One scripted HTTP server on loopback for tests and benchmarks: it records every request it
//! gets and answers each from a script (a list of replies used up in order) and then from a
//! function of the request. It stands in for a team's CRM, a webhook receiver, a bridge, a file
//! server or a redirecting host; the outbound rules block loopback, so callers allow
//! `127.0.0.1` (`AppState::allowing`).

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One request the stub received.
#[derive(Debug, Clone)]
pub struct Request {
    /// Its method.
    pub method: Method,
    /// Its path with the query (`/customers/a@b.c?x=1`).
    pub path: String,
    /// Its headers.
    pub headers: HeaderMap,
    /// Its body.
    pub body: Vec<u8>,
}

impl Request {
    /// The path without its query and leading slash, percent-decoded (`customers/a@b.c`).
    pub fn route(&self) -> String {
        let path = self.path.split('?').next().unwrap_or_default();
        let path = path.strip_prefix('/').unwrap_or(path);
        percent_encoding::percent_decode_str(path)
            .decode_utf8_lossy()
            .into_owned()
    }

    /// Header `name`'s value as text (empty when absent).
    pub fn header(&self, name: &str) -> String {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// What the stub answers one request with.
#[derive(Debug, Clone)]
pub struct Reply {
    status: StatusCode,
    headers: Vec<(HeaderName, HeaderValue)>,
    body: Vec<u8>,
    without_length: bool,
    delay: Option<Duration>,
}

impl Reply {
    /// `status` with an empty body.
    pub fn status(status: u16) -> Self {
        Reply {
            status: StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            headers: Vec::new(),
            body: Vec::new(),
            without_length: false,
            delay: None,
        }
    }

    /// `status` with a JSON `body` (given as text, so a test can send broken JSON too).
    pub fn json(status: u16, body: impl Into<String>) -> Self {
        Reply::status(status)
            .header("content-type", "application/json")
            .body(body.into().into_bytes())
    }

    /// 200 with `{"ok": true}`.
    pub fn ok() -> Self {
        Reply::json(200, r#"{"ok": true}"#)
    }

    /// `status` with a plain-text `body`.
    pub fn text(status: u16, body: impl Into<String>) -> Self {
        Reply::status(status)
            .header("content-type", "text/plain; charset=utf-8")
            .body(body.into().into_bytes())
    }

    /// A redirect (`status` 301, 302, 303, 307 or 308) to `location`.
    pub fn redirect(status: u16, location: impl AsRef<str>) -> Self {
        Reply::status(status).header("location", location.as_ref())
    }

    /// A request the stub never answers (it holds the connection for a minute).
    pub fn silent() -> Self {
        Reply::ok().after(Duration::from_secs(60))
    }

    /// With header `name: value` (an invalid one is left out).
    pub fn header(mut self, name: &str, value: &str) -> Self {
        if let (Ok(n), Ok(v)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            self.headers.push((n, v));
        }
        self
    }

    /// With `Retry-After: value`.
    pub fn retry_after(self, value: &str) -> Self {
        self.header(header::RETRY_AFTER.as_str(), value)
    }

    /// With `body`.
    pub fn body(mut self, body: Vec<u8>) -> Self {
        self.body = body;
        self
    }

    /// Sent without a `Content-Length` (streamed), so only reading it tells its size.
    pub fn without_length(mut self) -> Self {
        self.without_length = true;
        self
    }

    /// Answered only after `delay`.
    pub fn after(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }

    fn into_response(self) -> Response {
        let body = if self.without_length {
            let chunks = self
                .body
                .chunks(64 * 1024)
                .map(|c| Ok::<_, std::convert::Infallible>(Bytes::copy_from_slice(c)))
                .collect::<Vec<_>>();
            Body::from_stream(futures_util::stream::iter(chunks))
        } else {
            Body::from(self.body)
        };
        let mut response = (self.status, body).into_response();
        for (name, value) in self.headers {
            response.headers_mut().append(name, value);
        }
        response
    }
}

type Answer = dyn Fn(&Request) -> Reply + Send + Sync;

struct Shared {
    script: Mutex<VecDeque<Reply>>,
    answer: Box<Answer>,
    seen: Mutex<Vec<Request>>,
}

/// The running stub; it serves until the test's runtime ends.
#[derive(Clone)]
pub struct Stub {
    base: String,
    shared: Arc<Shared>,
}

async fn serve(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let request = Request {
        method,
        path: uri
            .path_and_query()
            .map_or_else(|| uri.path().to_string(), |p| p.as_str().to_string()),
        headers,
        body: body.to_vec(),
    };
    let scripted = shared.script.lock().ok().and_then(|mut s| s.pop_front());
    let reply = scripted.unwrap_or_else(|| (shared.answer)(&request));
    if let Ok(mut seen) = shared.seen.lock() {
        seen.push(request);
    }
    if let Some(delay) = reply.delay {
        tokio::time::sleep(delay).await;
    }
    reply.into_response()
}

impl Stub {
    /// A stub on a free loopback port answering every request with `answer(request)`.
    pub async fn start(answer: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> Stub {
        Stub::scripted(Vec::new(), answer).await
    }

    /// A stub answering with `script`'s replies in order, one per request, then with
    /// `answer(request)`.
    pub async fn scripted(
        script: impl IntoIterator<Item = Reply>,
        answer: impl Fn(&Request) -> Reply + Send + Sync + 'static,
    ) -> Stub {
        let shared = Arc::new(Shared {
            script: Mutex::new(script.into_iter().collect()),
            answer: Box::new(answer),
            seen: Mutex::new(Vec::new()),
        });
        let router = Router::new().fallback(serve).with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a free loopback port");
        let base = format!(
            "http://{}",
            listener.local_addr().expect("the bound address")
        );
        tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        Stub { base, shared }
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// The URL of `path` (which starts with `/`) on the stub.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Its port.
    pub fn port(&self) -> u16 {
        self.base
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or(0)
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<Request> {
        self.shared
            .seen
            .lock()
            .map(|s| s.clone())
            .unwrap_or_default()
    }

    /// How many requests were received for `route` (path without query and leading slash).
    pub fn hits(&self, route: &str) -> usize {
        self.requests()
            .iter()
            .filter(|r| r.route() == route)
            .count()
    }

    /// How many requests were received in all.
    pub fn total(&self) -> usize {
        self.shared.seen.lock().map(|s| s.len()).unwrap_or(0)
    }
}
