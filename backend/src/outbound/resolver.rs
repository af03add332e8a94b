//! DNS pinning: names are resolved once, every address is checked, and the HTTP client connects to
//! exactly the checked addresses (it is given no other way to resolve). Where names are looked up
//! is a [`Lookup`]: the system's resolver in the server, a stub in tests.

use crate::outbound::policy::DestinationPolicy;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::Arc;

/// A name resolved to at least one address that policy forbids.
#[derive(Debug, thiserror::Error)]
#[error("Blocked: the address is not public")]
pub struct BlockedAddress;

/// A name that resolves to nothing.
#[derive(Debug, thiserror::Error)]
#[error("Could not resolve {0}")]
pub struct Unresolvable(pub String);

/// What a [`Lookup`] answers.
pub type LookupFuture = Pin<Box<dyn Future<Output = std::io::Result<Vec<IpAddr>>> + Send>>;

/// Looks names up.
pub trait Lookup: Send + Sync + std::fmt::Debug {
    /// Every address `host` has.
    fn lookup(&self, host: &str) -> LookupFuture;
}

/// The system's resolver.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemLookup;

impl Lookup for SystemLookup {
    fn lookup(&self, host: &str) -> LookupFuture {
        let host = host.to_string();
        Box::pin(async move {
            Ok(tokio::net::lookup_host((host.as_str(), 0))
                .await?
                .map(|a| a.ip())
                .collect())
        })
    }
}

/// Why a name may not be reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// It resolves to an address the policy forbids (or could never be allowed).
    Blocked,
    /// It resolves to nothing.
    Unresolvable,
}

/// `host`'s addresses, each checked against `policy`: one blocked address blocks the whole name
/// (no racing between good and bad answers), and a name that could never be allowed is refused
/// without a lookup.
pub async fn checked_addresses(
    policy: &DestinationPolicy,
    lookup: &dyn Lookup,
    host: &str,
) -> Result<Vec<IpAddr>, Refusal> {
    if !policy.may_resolve(host) {
        return Err(Refusal::Blocked);
    }
    let addrs = lookup
        .lookup(host)
        .await
        .map_err(|_| Refusal::Unresolvable)?;
    if addrs.is_empty() {
        return Err(Refusal::Unresolvable);
    }
    if !policy.allows_host(host) && addrs.iter().any(|ip| !policy.allows_ip(*ip)) {
        return Err(Refusal::Blocked);
    }
    Ok(addrs)
}

/// The client's only resolver.
#[derive(Debug, Clone)]
pub struct PinnedResolver {
    policy: Arc<DestinationPolicy>,
    lookup: Arc<dyn Lookup>,
}

impl PinnedResolver {
    /// A resolver enforcing `policy` over `lookup`'s answers.
    pub fn new(policy: Arc<DestinationPolicy>, lookup: Arc<dyn Lookup>) -> Self {
        PinnedResolver { policy, lookup }
    }
}

impl Resolve for PinnedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let policy = self.policy.clone();
        let lookup = self.lookup.clone();
        Box::pin(async move {
            let host = name.as_str().to_string();
            match checked_addresses(&policy, lookup.as_ref(), &host).await {
                Ok(ips) => {
                    let addrs: Addrs = Box::new(ips.into_iter().map(|ip| SocketAddr::new(ip, 0)));
                    Ok(addrs)
                }
                Err(Refusal::Blocked) => Err(BlockedAddress.into()),
                Err(Refusal::Unresolvable) => Err(Unresolvable(host).into()),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// Answers each lookup of a name with the next of its scripted answers.
    #[derive(Debug, Default)]
    struct Scripted(Mutex<Vec<(String, Vec<IpAddr>)>>);

    impl Lookup for Scripted {
        fn lookup(&self, host: &str) -> LookupFuture {
            let next = self.0.lock().ok().and_then(|mut s| {
                let i = s.iter().position(|(h, _)| h == host)?;
                Some(s.remove(i).1)
            });
            Box::pin(async move { Ok(next.unwrap_or_default()) })
        }
    }

    fn ips(list: &[&str]) -> Vec<IpAddr> {
        list.iter().filter_map(|s| s.parse().ok()).collect()
    }

    #[tokio::test]
    async fn every_answer_is_checked_so_a_public_then_private_name_is_caught_the_second_time() {
        let policy = DestinationPolicy::default();
        let lookup = Scripted(Mutex::new(vec![
            ("rebind.example".into(), ips(&["93.184.216.34"])),
            ("rebind.example".into(), ips(&["127.0.0.1"])),
            ("mixed.example".into(), ips(&["93.184.216.34", "10.0.0.7"])),
            ("mapped.example".into(), ips(&["::ffff:169.254.169.254"])),
        ]));
        assert_eq!(
            checked_addresses(&policy, &lookup, "rebind.example").await,
            Ok(ips(&["93.184.216.34"])),
            "the first answer is public and is what the client connects to"
        );
        assert_eq!(
            checked_addresses(&policy, &lookup, "rebind.example").await,
            Err(Refusal::Blocked)
        );
        assert_eq!(
            checked_addresses(&policy, &lookup, "mixed.example").await,
            Err(Refusal::Blocked),
            "one private record blocks the name"
        );
        assert_eq!(
            checked_addresses(&policy, &lookup, "mapped.example").await,
            Err(Refusal::Blocked)
        );
        assert_eq!(
            checked_addresses(&policy, &lookup, "nothing.example").await,
            Err(Refusal::Unresolvable)
        );
    }
}
