//! Reuse of REST GET answers while the team's data is unchanged.
//!
//! An answer is stored under the caller (team, user, role), the team's data generation read by the
//! token check, the base URL its links are built on and the request's path and query. Database
//! triggers bump the generation on every insert, update or delete of the team's data, whoever
//! makes it (this process, another replica, the CLI), so a stored answer is only ever found while
//! it is still exactly what the handler would answer; older generations are simply never asked for
//! again and age out. Tokens are still checked against the database on every request, so caching
//! never delays a revocation.
//!
//! Only `200` JSON resources up to [`MAX_ANSWER_BYTES`] are kept; downloads (with a
//! `Content-Disposition`) and answers marked `Cache-Control: no-store` (integration data, which
//! depends on other systems) never are.

use crate::api::caller::ApiCaller;
use crate::api::errors::internal;
use crate::api::pagination::base_url;
use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use model::Role;
use moka::sync::Cache;
use std::sync::Arc;
use std::time::Duration;

/// Answers larger than this are not kept (a page of 100 rich records is far smaller).
pub const MAX_ANSWER_BYTES: u64 = 1024 * 1024;

/// How long an answer may be kept at most; superseded generations are never read again, so this
/// only bounds how long they occupy memory when the cache is not full.
const KEEP_FOR: Duration = Duration::from_secs(600);

/// Everything an answer depends on.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct AnswerKey {
    team_id: i64,
    user_id: i64,
    role: Role,
    data_generation: i64,
    base_url: String,
    path_and_query: String,
}

/// A kept answer: its headers and JSON body.
#[derive(Debug)]
struct KeptAnswer {
    headers: HeaderMap,
    body: Bytes,
}

/// What the answer cache's layer reads: the store, and the public URL (answers hold absolute
/// links, so they are kept per base URL).
#[derive(Clone)]
pub struct AnswerReuse {
    /// The store.
    pub answers: AnswerCache,
    /// `CHATLANE_PUBLIC_URL`, if set.
    pub public_url: Option<String>,
}

/// The per-process store of answers (cheap to clone; clones share it).
#[derive(Clone)]
pub struct AnswerCache {
    answers: Option<Cache<AnswerKey, Arc<KeptAnswer>>>,
}

impl AnswerCache {
    /// A cache bounded to about `megabytes` MiB of answers; 0 keeps nothing.
    pub fn new(megabytes: u32) -> Self {
        let answers = (megabytes > 0).then(|| {
            Cache::builder()
                .max_capacity(u64::from(megabytes) * 1024 * 1024)
                .weigher(|key: &AnswerKey, answer: &Arc<KeptAnswer>| {
                    let bytes = answer.body.len() + key.path_and_query.len() + key.base_url.len();
                    u32::try_from(bytes).unwrap_or(u32::MAX)
                })
                .time_to_live(KEEP_FOR)
                .build()
        });
        Self { answers }
    }

    /// Answers kept right now (after pending maintenance), for tests and metrics.
    pub fn len(&self) -> u64 {
        self.answers.as_ref().map_or(0, |c| {
            c.run_pending_tasks();
            c.entry_count()
        })
    }

    /// Whether nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Whether `response` is a JSON resource small enough to keep.
fn keepable(response: &Response) -> bool {
    let json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes() == b"application/json");
    response.status() == StatusCode::OK
        && json
        && !response.headers().contains_key(header::CONTENT_DISPOSITION)
        && !response
            .headers()
            .get(header::CACHE_CONTROL)
            .is_some_and(|v| v.as_bytes().windows(8).any(|w| w == b"no-store"))
        && response
            .body()
            .size_hint()
            .exact()
            .is_some_and(|n| n <= MAX_ANSWER_BYTES)
}

/// Middleware (inside authentication): answers an authenticated GET from the cache when the same
/// caller asked the same thing at the same data generation, and keeps what the handler answers.
pub async fn reuse_answers(
    State(api): State<Arc<AnswerReuse>>,
    request: Request,
    next: Next,
) -> Response {
    let cache = &api.answers;
    let (Some(answers), Some(caller)) = (
        cache.answers.as_ref(),
        request.extensions().get::<ApiCaller>().copied(),
    ) else {
        return next.run(request).await;
    };
    if request.method() != Method::GET {
        return next.run(request).await;
    }
    let key = AnswerKey {
        team_id: caller.actor.team_id,
        user_id: caller.actor.user_id,
        role: caller.actor.role,
        data_generation: caller.data_generation,
        base_url: base_url(api.public_url.as_deref(), request.headers()),
        path_and_query: request
            .uri()
            .path_and_query()
            .map_or_else(String::new, |p| p.as_str().to_string()),
    };
    if let Some(kept) = answers.get(&key) {
        let mut response = Response::new(Body::from(kept.body.clone()));
        *response.headers_mut() = kept.headers.clone();
        return response;
    }
    let response = next.run(request).await;
    if !keepable(&response) {
        return response;
    }
    let (parts, body) = response.into_parts();
    match axum::body::to_bytes(body, MAX_ANSWER_BYTES as usize).await {
        Ok(bytes) => {
            answers.insert(
                key,
                Arc::new(KeptAnswer {
                    headers: parts.headers.clone(),
                    body: bytes.clone(),
                }),
            );
            Response::from_parts(parts, Body::from(bytes))
        }
        Err(e) => {
            tracing::error!(error = %e, "could not read an API answer to cache it");
            internal().into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{AnswerCache, AnswerReuse, reuse_answers};
    use crate::api::caller::ApiCaller;
    use axum::Router;
    use axum::body::Body;
    use axum::extract::Request;
    use axum::http::{Method, StatusCode, header};
    use axum::middleware::{Next, from_fn, from_fn_with_state};
    use axum::response::{IntoResponse, Response};
    use axum::routing::get;
    use backend::Actor;
    use model::Role;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use tower::ServiceExt;

    /// A router whose `/json` and `/download` handlers count their runs; the caller (and its data
    /// generation) comes from the `x-generation` and `x-user` test headers.
    fn app(cache: AnswerCache, runs: Arc<AtomicUsize>) -> Router {
        let api = Arc::new(AnswerReuse {
            public_url: None,
            answers: cache,
        });
        let json_runs = runs.clone();
        let download_runs = runs;
        Router::new()
            .route(
                "/json",
                get(move || {
                    let n = json_runs.fetch_add(1, Ordering::SeqCst) + 1;
                    async move { axum::Json(serde_json::json!({ "run": n })) }
                })
                .post(|| async { axum::Json(serde_json::json!({ "posted": true })) }),
            )
            .route(
                "/download",
                get(move || {
                    download_runs.fetch_add(1, Ordering::SeqCst);
                    async {
                        (
                            [
                                (header::CONTENT_TYPE, "application/json"),
                                (header::CONTENT_DISPOSITION, "attachment"),
                            ],
                            "{}",
                        )
                            .into_response()
                    }
                }),
            )
            .route_layer(from_fn_with_state(api, reuse_answers))
            .route_layer(from_fn(as_caller))
    }

    fn number(request: &Request, name: &str) -> i64 {
        request
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(1)
    }

    async fn as_caller(mut request: Request, next: Next) -> Response {
        let caller = ApiCaller {
            token_id: 1,
            actor: Actor {
                user_id: number(&request, "x-user"),
                team_id: 1,
                role: Role::Agent,
            },
            data_generation: number(&request, "x-generation"),
        };
        request.extensions_mut().insert(caller);
        next.run(request).await
    }

    async fn call(
        router: &Router,
        method: Method,
        uri: &str,
        generation: i64,
        user: i64,
    ) -> String {
        let request = Request::builder()
            .method(method)
            .uri(uri)
            .header("host", "chatlane.test")
            .header("x-generation", generation.to_string())
            .header("x-user", user.to_string())
            .body(Body::empty())
            .expect("request");
        let response = router.clone().oneshot(request).await.expect("response");
        assert_eq!(response.status(), StatusCode::OK);
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .expect("body");
        String::from_utf8_lossy(&bytes).into_owned()
    }

    #[tokio::test]
    async fn an_answer_is_reused_only_for_the_same_caller_query_and_generation() {
        let runs = Arc::new(AtomicUsize::new(0));
        let router = app(AnswerCache::new(8), runs.clone());
        let first = call(&router, Method::GET, "/json?limit=5", 7, 1).await;
        assert_eq!(
            call(&router, Method::GET, "/json?limit=5", 7, 1).await,
            first
        );
        assert_eq!(
            runs.load(Ordering::SeqCst),
            1,
            "the second GET was answered from the cache"
        );

        call(&router, Method::GET, "/json?limit=6", 7, 1).await;
        call(&router, Method::GET, "/json?limit=5", 8, 1).await;
        call(&router, Method::GET, "/json?limit=5", 7, 2).await;
        assert_eq!(
            runs.load(Ordering::SeqCst),
            4,
            "another query, a newer generation and another user each ran the handler"
        );
    }

    #[tokio::test]
    async fn writes_downloads_and_a_disabled_cache_are_never_answered_from_memory() {
        let runs = Arc::new(AtomicUsize::new(0));
        let router = app(AnswerCache::new(8), runs.clone());
        call(&router, Method::GET, "/download", 1, 1).await;
        call(&router, Method::GET, "/download", 1, 1).await;
        assert_eq!(runs.load(Ordering::SeqCst), 2, "downloads are not kept");
        assert_eq!(
            call(&router, Method::POST, "/json", 1, 1).await,
            r#"{"posted":true}"#
        );

        let runs = Arc::new(AtomicUsize::new(0));
        let cache = AnswerCache::new(0);
        let router = app(cache.clone(), runs.clone());
        call(&router, Method::GET, "/json", 1, 1).await;
        call(&router, Method::GET, "/json", 1, 1).await;
        assert_eq!(
            runs.load(Ordering::SeqCst),
            2,
            "CHATLANE_API_CACHE_MB=0 keeps nothing"
        );
        assert!(cache.is_empty());
    }
}
