//! The one configuration struct, read from the environment (and `.env`). Every variable is
//! listed with its default in `.env.example` and the README.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rand::RngCore;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// Everything the server reads from its environment.
#[derive(Debug, Clone)]
pub struct Config {
    /// `CHATLANE_ADDR`: listen address (default `127.0.0.1:3000`, or cargo-leptos's `LEPTOS_SITE_ADDR`).
    pub addr: SocketAddr,
    /// `CHATLANE_DATA_DIR`: SQLite file, generated key (default `data`).
    pub data_dir: PathBuf,
    /// `DATABASE_URL`: `sqlite://…` or `postgres://…` (default the SQLite file in the data folder).
    pub database_url: String,
    /// `CHATLANE_SECRET_KEY`: base64 of 32 bytes; generated into the data folder in development.
    pub secret_key: Option<String>,
    /// `CHATLANE_OUTBOUND_ALLOW`: private CIDRs and host names outbound calls may reach.
    pub outbound_allow: Vec<String>,
    /// `CHATLANE_DOWNLOAD_ALLOW`: private CIDRs and host names `file_urls` downloads may reach
    /// (default none: public addresses only; the integrations' allow list never applies).
    pub download_allow: Vec<String>,
    /// `CHATLANE_OUTBOUND_PUBLIC`: whether outbound calls may reach public addresses (default
    /// true); `false` leaves only what `CHATLANE_OUTBOUND_ALLOW` names (self-hosted systems only,
    /// or no calls at all).
    pub outbound_public: bool,
    /// `CHATLANE_PUBLIC_URL`: the URL users reach the server at (cookies are `Secure` when https;
    /// API links are built on it). Unset: links use the request's `Host`.
    pub public_url: Option<String>,
    /// `CHATLANE_API_RATE_LIMIT`: REST requests per minute per token (default 120).
    pub api_rate_per_minute: u32,
    /// `CHATLANE_API_RATE_BURST`: requests a token may send at once before the rate applies
    /// (default 30).
    pub api_rate_burst: u32,
    /// `CHATLANE_API_CACHE_MB`: memory for cached REST answers (default 64; 0 turns the cache off).
    pub api_cache_mb: u32,
    /// `CHATLANE_INTEGRATION_CACHE_MB`: memory for cached integration answers (default 64, at
    /// least 1; an integration with cache duration 0 is never cached).
    pub integration_cache_mb: u32,
    /// `CHATLANE_LIVE_KEEPALIVE_SECS`: seconds between keep-alives on an idle live stream, and
    /// between checks of its session or token however busy it is (default 20: under the usual
    /// 30–60 s idle timeouts of proxies).
    pub live_keep_alive_secs: u32,
    /// `CHATLANE_LIVE_POLL_MS`: how often the event log is read without a wake-up (default 25 on
    /// SQLite; 1000 on PostgreSQL, where `NOTIFY` wakes the reader and the poll is a safety net).
    pub live_poll_ms: Option<u32>,
    /// `CHATLANE_SITE_ROOT`: the built site folder (wasm, JS, assets); default cargo-leptos's
    /// `LEPTOS_SITE_ROOT`, else `target/site`.
    pub site_root: PathBuf,
    /// `CHATLANE_ENV`: `production` makes a missing secret key an error.
    pub production: bool,
    /// `CHATLANE_METRICS_TOKEN`: the bearer token `/metrics` wants (at least 16 characters).
    /// Unset: `/metrics` answers only when the server binds a loopback address.
    pub metrics_token: Option<String>,
    /// `CHATLANE_TRUSTED_PROXIES`: the reverse proxies (CIDRs or addresses, comma-separated)
    /// whose `X-Forwarded-For` and `X-Forwarded-Proto` are believed. Unset: none; the peer
    /// address is the client.
    pub trusted_proxies: backend::auth::TrustedProxies,
}

/// Shortest `CHATLANE_METRICS_TOKEN` accepted.
const METRICS_TOKEN_MIN: usize = 16;

/// A whole number of at least 1, or `default` when unset.
fn positive(
    get: &impl Fn(&str) -> Option<String>,
    variable: &'static str,
    default: u32,
) -> Result<u32, ConfigError> {
    match get(variable) {
        None => Ok(default),
        Some(text) => match text.trim().parse::<u32>() {
            Ok(n) if n >= 1 => Ok(n),
            _ => Err(ConfigError {
                variable,
                message: format!("`{text}` is not a whole number of at least 1"),
            }),
        },
    }
}

/// A whole number (0 allowed), or `default` when unset.
fn whole(
    get: &impl Fn(&str) -> Option<String>,
    variable: &'static str,
    default: u32,
) -> Result<u32, ConfigError> {
    match get(variable) {
        None => Ok(default),
        Some(text) => text.trim().parse::<u32>().map_err(|_| ConfigError {
            variable,
            message: format!("`{text}` is not a whole number"),
        }),
    }
}

/// A setting that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("{variable}: {message}")]
pub struct ConfigError {
    /// The environment variable.
    pub variable: &'static str,
    /// What is wrong with it.
    pub message: String,
}

impl Config {
    /// Reads `.env` (if present) and then the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        let _ = dotenvy::dotenv();
        Self::from_lookup(|name| std::env::var(name).ok().filter(|v| !v.trim().is_empty()))
    }

    /// Builds the configuration from any variable lookup (tests pass a map).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let addr_text = get("CHATLANE_ADDR")
            .or_else(|| get("LEPTOS_SITE_ADDR"))
            .unwrap_or_else(|| "127.0.0.1:3000".into());
        let addr: SocketAddr = addr_text.trim().parse().map_err(|_| ConfigError {
            variable: "CHATLANE_ADDR",
            message: format!("`{addr_text}` is not an address like 127.0.0.1:3000"),
        })?;
        let data_dir = PathBuf::from(get("CHATLANE_DATA_DIR").unwrap_or_else(|| "data".into()));
        let database_url = get("DATABASE_URL").unwrap_or_else(|| sqlite_url(&data_dir));
        if !(database_url.starts_with("sqlite:")
            || database_url.starts_with("postgres://")
            || database_url.starts_with("postgresql://"))
        {
            return Err(ConfigError {
                variable: "DATABASE_URL",
                message: "must start with sqlite: or postgres://".into(),
            });
        }
        let production = get("CHATLANE_ENV").is_some_and(|e| e.eq_ignore_ascii_case("production"));
        let allow_list = |variable: &'static str| -> Result<Vec<String>, ConfigError> {
            let list: Vec<String> = get(variable)
                .map(|v| {
                    v.split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            backend::outbound::policy::DestinationPolicy::new(&list).map_err(|e| ConfigError {
                variable,
                message: e.to_string(),
            })?;
            Ok(list)
        };
        let outbound_allow = allow_list("CHATLANE_OUTBOUND_ALLOW")?;
        let download_allow = allow_list("CHATLANE_DOWNLOAD_ALLOW")?;
        let public_url =
            get("CHATLANE_PUBLIC_URL").map(|u| u.trim().trim_end_matches('/').to_string());
        if let Some(url) = &public_url
            && !(url.starts_with("http://") || url.starts_with("https://"))
        {
            return Err(ConfigError {
                variable: "CHATLANE_PUBLIC_URL",
                message: "must start with http:// or https://".into(),
            });
        }
        let outbound_public = match get("CHATLANE_OUTBOUND_PUBLIC").as_deref().map(str::trim) {
            None | Some("true") => true,
            Some("false") => false,
            Some(other) => {
                return Err(ConfigError {
                    variable: "CHATLANE_OUTBOUND_PUBLIC",
                    message: format!("`{other}` is neither true nor false"),
                });
            }
        };
        let api_rate_per_minute = positive(&get, "CHATLANE_API_RATE_LIMIT", 120)?;
        let api_rate_burst = positive(&get, "CHATLANE_API_RATE_BURST", 30)?;
        let api_cache_mb = whole(&get, "CHATLANE_API_CACHE_MB", 64)?;
        let integration_cache_mb = positive(&get, "CHATLANE_INTEGRATION_CACHE_MB", 64)?;
        let live_keep_alive_secs = positive(&get, "CHATLANE_LIVE_KEEPALIVE_SECS", 20)?;
        let live_poll_ms = match get("CHATLANE_LIVE_POLL_MS") {
            None => None,
            Some(_) => Some(positive(&get, "CHATLANE_LIVE_POLL_MS", 1)?),
        };
        let site_root = PathBuf::from(
            get("CHATLANE_SITE_ROOT")
                .or_else(|| get("LEPTOS_SITE_ROOT"))
                .unwrap_or_else(|| "target/site".into()),
        );
        let metrics_token = get("CHATLANE_METRICS_TOKEN").map(|t| t.trim().to_string());
        if metrics_token
            .as_ref()
            .is_some_and(|t| t.chars().count() < METRICS_TOKEN_MIN)
        {
            return Err(ConfigError {
                variable: "CHATLANE_METRICS_TOKEN",
                message: format!("must be at least {METRICS_TOKEN_MIN} characters"),
            });
        }
        let trusted_proxies = backend::auth::TrustedProxies::parse(
            &get("CHATLANE_TRUSTED_PROXIES").unwrap_or_default(),
        )
        .map_err(|message| ConfigError {
            variable: "CHATLANE_TRUSTED_PROXIES",
            message,
        })?;
        Ok(Self {
            addr,
            data_dir,
            database_url,
            secret_key: get("CHATLANE_SECRET_KEY"),
            outbound_allow,
            download_allow,
            outbound_public,
            public_url,
            api_rate_per_minute,
            api_rate_burst,
            api_cache_mb,
            integration_cache_mb,
            live_keep_alive_secs,
            live_poll_ms,
            site_root,
            production,
            metrics_token,
            trusted_proxies,
        })
    }

    /// Who may read `/metrics`: the token holder when a token is set, else anyone on a loopback
    /// bind, else nobody.
    pub fn metrics_access(&self) -> crate::handlers::metrics::MetricsAccess {
        crate::handlers::metrics::MetricsAccess::for_bind(self.addr, self.metrics_token.as_deref())
    }

    /// The outbound destination rules: public addresses (unless turned off) and the allow list.
    pub fn outbound_policy(&self) -> backend::outbound::policy::DestinationPolicy {
        let policy = backend::outbound::policy::DestinationPolicy::new(&self.outbound_allow)
            .unwrap_or_default();
        if self.outbound_public {
            policy
        } else {
            policy.without_public()
        }
    }

    /// The rules for `file_urls` downloads: public addresses (unless turned off) and only the
    /// download allow list.
    pub fn download_policy(&self) -> backend::outbound::policy::DestinationPolicy {
        let policy = backend::outbound::policy::DestinationPolicy::new(&self.download_allow)
            .unwrap_or_default();
        if self.outbound_public {
            policy
        } else {
            policy.without_public()
        }
    }

    /// Whether session cookies must carry `Secure`.
    pub fn secure_cookies(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://"))
    }

    /// The secret key: the configured one, or in development one generated once into the data folder.
    pub fn resolve_secret_key(&self) -> Result<[u8; 32], ConfigError> {
        let err = |message: String| ConfigError {
            variable: "CHATLANE_SECRET_KEY",
            message,
        };
        let text = match &self.secret_key {
            Some(k) => k.clone(),
            None if self.production => {
                return Err(err("required when CHATLANE_ENV=production".into()));
            }
            None => load_or_create_key(&self.data_dir.join("secret.key"))
                .map_err(|e| err(format!("cannot use the generated key: {e}")))?,
        };
        let bytes = STANDARD
            .decode(text.trim())
            .map_err(|_| err("must be base64".into()))?;
        bytes
            .try_into()
            .map_err(|_| err("must decode to exactly 32 bytes (openssl rand -base64 32)".into()))
    }
}

fn sqlite_url(data_dir: &Path) -> String {
    format!(
        "sqlite://{}?mode=rwc",
        data_dir.join("chatlane.db").display()
    )
}

fn load_or_create_key(path: &Path) -> std::io::Result<String> {
    if let Ok(existing) = std::fs::read_to_string(path) {
        return Ok(existing);
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let mut key = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut key);
    let text = STANDARD.encode(key);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    use std::io::Write;
    options.open(path)?.write_all(text.as_bytes())?;
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults_point_at_the_sqlite_file_in_the_data_folder() {
        let c = config(&[]).expect("defaults");
        assert_eq!(c.addr.to_string(), "127.0.0.1:3000");
        assert_eq!(c.database_url, "sqlite://data/chatlane.db?mode=rwc");
        assert!(!c.secure_cookies());
        assert_eq!((c.api_rate_per_minute, c.api_rate_burst), (120, 30));
        assert_eq!(c.api_cache_mb, 64);
        assert_eq!(c.integration_cache_mb, 64);
        assert!(c.outbound_public);
        assert_eq!(c.public_url, None);
    }

    #[test]
    fn an_https_public_url_makes_cookies_secure_and_loses_its_trailing_slash() {
        let c = config(&[("CHATLANE_PUBLIC_URL", "https://help.acme.example/")]).expect("config");
        assert!(c.secure_cookies());
        assert_eq!(c.public_url.as_deref(), Some("https://help.acme.example"));
    }

    #[test]
    fn a_metrics_token_shorter_than_16_characters_is_refused() {
        assert_eq!(
            config(&[("CHATLANE_METRICS_TOKEN", "short")])
                .err()
                .map(|e| e.variable),
            Some("CHATLANE_METRICS_TOKEN")
        );
    }

    #[test]
    fn bad_values_name_their_variable() {
        assert_eq!(
            config(&[("CHATLANE_ADDR", "nope")])
                .err()
                .map(|e| e.variable),
            Some("CHATLANE_ADDR")
        );
        assert_eq!(
            config(&[("DATABASE_URL", "mysql://x")])
                .err()
                .map(|e| e.variable),
            Some("DATABASE_URL")
        );
        for (variable, value) in [
            ("CHATLANE_API_RATE_LIMIT", "0"),
            ("CHATLANE_API_RATE_BURST", "many"),
            ("CHATLANE_API_CACHE_MB", "-1"),
            ("CHATLANE_PUBLIC_URL", "help.acme.example"),
            ("CHATLANE_OUTBOUND_ALLOW", "10.0.0.0/8, not a host!"),
            ("CHATLANE_TRUSTED_PROXIES", "10.0.0.0/8, proxy.internal"),
            ("CHATLANE_DOWNLOAD_ALLOW", "not a host!"),
        ] {
            assert_eq!(
                config(&[(variable, value)]).err().map(|e| e.variable),
                Some(variable)
            );
        }
    }

    #[test]
    fn production_requires_a_secret_key_and_keys_must_be_32_bytes() {
        let c = config(&[("CHATLANE_ENV", "production")]).expect("config");
        assert!(c.resolve_secret_key().is_err());
        let c = config(&[("CHATLANE_SECRET_KEY", "c2hvcnQ=")]).expect("config");
        assert!(c.resolve_secret_key().is_err());
    }

    #[test]
    fn a_development_key_is_generated_once_and_reused() {
        let dir = std::env::temp_dir().join(format!("chatlane-key-{}", std::process::id()));
        let c = config(&[("CHATLANE_DATA_DIR", dir.to_str().unwrap_or("x"))]).expect("config");
        let first = c.resolve_secret_key().expect("generated");
        let second = c.resolve_secret_key().expect("reused");
        assert_eq!(first, second);
        let _ = std::fs::remove_dir_all(dir);
    }
}
