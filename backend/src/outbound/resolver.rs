//! DNS pinning: names are resolved once, every address is checked, and the HTTP client connects to
//! exactly the checked addresses (it is given no other way to resolve).

use crate::outbound::policy::DestinationPolicy;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use std::net::SocketAddr;
use std::sync::Arc;

/// A name resolved to at least one address that policy forbids.
#[derive(Debug, thiserror::Error)]
#[error("Blocked: the address is not public")]
pub struct BlockedAddress;

/// A name that resolves to nothing.
#[derive(Debug, thiserror::Error)]
#[error("Could not resolve {0}")]
pub struct Unresolvable(pub String);

/// The client's only resolver.
#[derive(Debug, Clone)]
pub struct PinnedResolver {
    policy: Arc<DestinationPolicy>,
}

impl PinnedResolver {
    /// A resolver enforcing `policy`.
    pub fn new(policy: Arc<DestinationPolicy>) -> Self {
        PinnedResolver { policy }
    }
}

impl Resolve for PinnedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let policy = self.policy.clone();
        Box::pin(async move {
            let host = name.as_str().to_string();
            if !policy.may_resolve(&host) {
                return Err(BlockedAddress.into());
            }
            let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await
                .map_err(|_| Unresolvable(host.clone()))?
                .collect();
            if addrs.is_empty() {
                return Err(Unresolvable(host).into());
            }
            // One blocked address blocks the whole name (no racing between good and bad answers).
            let named = policy.allows_host(&host);
            if !named && addrs.iter().any(|a| !policy.allows_ip(a.ip())) {
                return Err(BlockedAddress.into());
            }
            let addrs: Addrs = Box::new(addrs.into_iter());
            Ok(addrs)
        })
    }
}
