//! The Content-Security-Policy every response carries. A page gets [`page_policy`] with the
//! nonce leptos_axum draws for each render (the hydration and resource scripts Leptos writes
//! carry it): scripts only from our origin or with that nonce, wasm compiled with
//! `'wasm-unsafe-eval'` (never `'unsafe-eval'`), styles only from our stylesheet, requests only
//! to our origin, no framing, no plugins, no `<base>`. Every other response (REST, assets, the API
//! reference) gets [`OTHER_POLICY`], which runs no script at all.

/// The policy of a server-rendered page whose inline scripts carry `nonce`.
pub fn page_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// The policy of every response that is not a page: no scripts, our stylesheet and images only.
pub const OTHER_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self'; \
     base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Puts the page policy, with this render's nonce, on the response being rendered.
#[cfg(feature = "ssr")]
pub fn apply_page_policy() {
    use leptos::prelude::use_context;
    let Some(nonce) = leptos::nonce::use_nonce() else {
        tracing::error!("no nonce while rendering a page: it is sent with the strict policy");
        return;
    };
    let Some(response) = use_context::<leptos_axum::ResponseOptions>() else {
        return;
    };
    match http::HeaderValue::from_str(&page_policy(&nonce)) {
        Ok(value) => response.insert_header(http::header::CONTENT_SECURITY_POLICY, value),
        Err(_) => tracing::error!("the page policy is not a valid header value"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_policy_allows_wasm_and_the_nonce_but_never_eval_or_inline() {
        let p = page_policy("abc123");
        assert!(p.contains("'nonce-abc123'"));
        assert!(p.contains("'wasm-unsafe-eval'"));
        assert!(p.contains("frame-ancestors 'none'"));
        for forbidden in ["'unsafe-eval'", "'unsafe-inline'", "*"] {
            assert!(
                !p.split(' ')
                    .any(|token| token.trim_end_matches(';') == forbidden),
                "{forbidden} in {p}"
            );
            assert!(!OTHER_POLICY.contains(forbidden), "{forbidden}");
        }
        assert!(
            !OTHER_POLICY.contains("script-src"),
            "no scripts outside pages"
        );
    }
}
