//! Local stand-ins for the outside world the delivery drivers and `file_urls` talk to: an HTTP
//! receiver (bridge webhooks, file servers) and an SMTP listener, both on loopback, both recording
//! what they got.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// One request an [`HttpReceiver`] got.
#[derive(Debug, Clone)]
pub struct Received {
    pub path: String,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

#[derive(Clone)]
struct Shared {
    seen: Arc<Mutex<Vec<Received>>>,
    answer: (StatusCode, String),
}

/// An HTTP server on loopback: POSTs anywhere are recorded and answered with a fixed status and
/// body; `GET /files/{name}` serves `name`'s text as a file (`GET /files/big` serves 11 MiB).
pub struct HttpReceiver {
    pub base: String,
    seen: Arc<Mutex<Vec<Received>>>,
}

async fn record(
    State(s): State<Shared>,
    Path(path): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> impl IntoResponse {
    if let Ok(mut l) = s.seen.lock() {
        l.push(Received {
            path,
            headers,
            body: body.to_vec(),
        });
    }
    // JSON answers say so, as real APIs do (integrations read text/plain answers as text).
    let content_type = if s.answer.1.starts_with(['{', '[']) {
        "application/json"
    } else {
        "text/plain; charset=utf-8"
    };
    (
        s.answer.0,
        [(axum::http::header::CONTENT_TYPE, content_type)],
        s.answer.1.clone(),
    )
}

async fn file(Path(name): Path<String>) -> impl IntoResponse {
    if name == "big" {
        return (
            [("content-type", "application/octet-stream")],
            vec![b'x'; 11 * 1024 * 1024],
        )
            .into_response();
    }
    if name == "missing" {
        return StatusCode::NOT_FOUND.into_response();
    }
    (
        [("content-type", "text/plain; charset=utf-8")],
        format!("contents of {name}").into_bytes(),
    )
        .into_response()
}

impl HttpReceiver {
    /// Starts a receiver answering POSTs with `status` and `body`.
    pub async fn start(status: u16, body: &str) -> Self {
        let seen: Arc<Mutex<Vec<Received>>> = Arc::default();
        let shared = Shared {
            seen: seen.clone(),
            answer: (
                StatusCode::from_u16(status).expect("status"),
                body.to_string(),
            ),
        };
        let router = Router::new()
            .route("/files/{name}", axum::routing::get(file))
            .route("/{*path}", axum::routing::post(record))
            .with_state(shared);
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        HttpReceiver { base, seen }
    }

    /// What it received so far.
    pub fn received(&self) -> Vec<Received> {
        self.seen.lock().map(|l| l.clone()).unwrap_or_default()
    }
}

/// One email an [`SmtpReceiver`] accepted.
#[derive(Debug, Clone, Default)]
pub struct Mail {
    pub from: String,
    pub to: Vec<String>,
    pub data: String,
}

/// A minimal SMTP server on loopback (no TLS, no auth): accepts every message, or refuses every
/// recipient with 550 when `refuse` is set.
pub struct SmtpReceiver {
    pub port: u16,
    mails: Arc<Mutex<Vec<Mail>>>,
}

impl SmtpReceiver {
    pub async fn start(refuse: bool) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let mails: Arc<Mutex<Vec<Mail>>> = Arc::default();
        let store = mails.clone();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let store = store.clone();
                tokio::spawn(async move {
                    let (read, mut write) = socket.into_split();
                    let mut lines = BufReader::new(read).lines();
                    let _ = write.write_all(b"220 test.local ESMTP\r\n").await;
                    let mut mail = Mail::default();
                    while let Ok(Some(line)) = lines.next_line().await {
                        let upper = line.to_ascii_uppercase();
                        let reply: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO")
                        {
                            b"250-test.local\r\n250 8BITMIME\r\n"
                        } else if upper.starts_with("MAIL FROM:") {
                            mail.from = line[10..].trim().to_string();
                            b"250 OK\r\n"
                        } else if upper.starts_with("RCPT TO:") {
                            if refuse {
                                b"550 5.1.1 No such user\r\n"
                            } else {
                                mail.to.push(line[8..].trim().to_string());
                                b"250 OK\r\n"
                            }
                        } else if upper == "DATA" {
                            let _ = write.write_all(b"354 Go ahead\r\n").await;
                            while let Ok(Some(l)) = lines.next_line().await {
                                if l == "." {
                                    break;
                                }
                                mail.data.push_str(&l);
                                mail.data.push('\n');
                            }
                            if let Ok(mut m) = store.lock() {
                                m.push(std::mem::take(&mut mail));
                            }
                            b"250 Queued\r\n"
                        } else if upper == "QUIT" {
                            let _ = write.write_all(b"221 Bye\r\n").await;
                            return;
                        } else {
                            b"250 OK\r\n"
                        };
                        if write.write_all(reply).await.is_err() {
                            return;
                        }
                    }
                });
            }
        });
        SmtpReceiver { port, mails }
    }

    /// The emails accepted so far.
    pub fn mails(&self) -> Vec<Mail> {
        self.mails.lock().map(|m| m.clone()).unwrap_or_default()
    }
}
