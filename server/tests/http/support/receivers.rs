//! Local stand-ins for the outside world the delivery drivers and `file_urls` talk to: an HTTP
//! receiver (bridge webhooks, file servers) and an SMTP listener, both on loopback, both recording
//! what they got.

use axum::http::{HeaderMap, Method};
use backend::test_support::stub::{Reply, Stub};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// One request an [`HttpReceiver`] got.
#[derive(Debug, Clone)]
pub struct Received {
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

/// An HTTP server on loopback (backend's scripted stub): POSTs anywhere are recorded and answered
/// with a fixed status and body; `GET /files/{name}` serves `name`'s text as a file (`GET
/// /files/big` serves 11 MiB, `GET /files/missing` is 404).
pub struct HttpReceiver {
    pub base: String,
    stub: Stub,
}

fn file(name: &str) -> Reply {
    match name {
        "big" => Reply::status(200)
            .header("content-type", "application/octet-stream")
            .body(vec![b'x'; 11 * 1024 * 1024]),
        "missing" => Reply::status(404),
        _ => Reply::text(200, format!("contents of {name}")),
    }
}

impl HttpReceiver {
    /// Starts a receiver answering POSTs with `status` and `body`.
    pub async fn start(status: u16, body: &str) -> Self {
        // JSON answers say so, as real APIs do (integrations read text/plain answers as text).
        let answer = if body.starts_with(['{', '[']) {
            Reply::json(status, body)
        } else {
            Reply::text(status, body)
        };
        let stub = Stub::start(move |r| match r.route().strip_prefix("files/") {
            Some(name) if r.method == Method::GET => file(name),
            _ => answer.clone(),
        })
        .await;
        HttpReceiver {
            base: stub.base().to_string(),
            stub,
        }
    }

    /// The POSTs it received so far.
    pub fn received(&self) -> Vec<Received> {
        self.stub
            .requests()
            .into_iter()
            .filter(|r| r.method == Method::POST)
            .map(|r| Received {
                headers: r.headers,
                body: r.body,
            })
            .collect()
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
