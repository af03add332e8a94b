//! Which peers may tell us who the client is. Behind a reverse proxy every request comes from the
//! proxy's address, so per-address login limits would lock every user out together; an operator
//! lists the proxies (`CHATLANE_TRUSTED_PROXIES`, CIDRs), and only a request from one of them has
//! its `X-Forwarded-For` (and `X-Forwarded-Proto`) read. Nobody else can claim an address.

use ipnet::IpNet;
use std::net::IpAddr;
use std::sync::Arc;

/// The configured proxies (none by default).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Arc<Vec<IpNet>>);

impl TrustedProxies {
    /// Parses a comma-separated list of CIDRs or single addresses; `Err` names the first entry
    /// that is neither.
    pub fn parse(list: &str) -> Result<Self, String> {
        let mut nets = Vec::new();
        for entry in list.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let net = entry
                .parse::<IpNet>()
                .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
                .map_err(|_| format!("`{entry}` is not an address or CIDR like 10.0.0.0/8"))?;
            nets.push(net);
        }
        Ok(Self(Arc::new(nets)))
    }

    /// Whether `peer` is one of the proxies.
    pub fn trusts(&self, peer: IpAddr) -> bool {
        let peer = peer.to_canonical();
        self.0.iter().any(|n| n.contains(&peer))
    }

    /// The client's address: `peer` itself, unless it is a trusted proxy; then the right-most
    /// address of `X-Forwarded-For` (all its header lines, in order) that is not a trusted proxy.
    /// A header that does not parse gives the proxy's own address.
    pub fn client(&self, peer: IpAddr, forwarded_for: &[&str]) -> IpAddr {
        if !self.trusts(peer) {
            return peer;
        }
        let mut hops: Vec<IpAddr> = Vec::new();
        for entry in forwarded_for.iter().flat_map(|line| line.split(',')) {
            match entry.trim().parse::<IpAddr>() {
                Ok(ip) => hops.push(ip.to_canonical()),
                Err(_) => return peer,
            }
        }
        hops.iter()
            .rev()
            .find(|ip| !self.trusts(**ip))
            .or_else(|| hops.first())
            .copied()
            .unwrap_or(peer)
    }

    /// Whether a trusted proxy says the browser reached it over https.
    pub fn says_https(&self, peer: IpAddr, forwarded_proto: Option<&str>) -> bool {
        self.trusts(peer)
            && forwarded_proto.is_some_and(|p| {
                p.split(',')
                    .next()
                    .is_some_and(|first| first.trim().eq_ignore_ascii_case("https"))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap_or(IpAddr::from([0, 0, 0, 0]))
    }

    #[test]
    fn forwarded_for_is_read_only_from_a_trusted_proxy() {
        let none = TrustedProxies::default();
        assert_eq!(
            none.client(ip("10.0.0.5"), &["203.0.113.7"]),
            ip("10.0.0.5")
        );
        let proxies = TrustedProxies::parse("10.0.0.0/8, 192.168.1.1").unwrap_or_default();
        assert_eq!(
            proxies.client(ip("10.0.0.5"), &["203.0.113.7"]),
            ip("203.0.113.7")
        );
        assert_eq!(
            proxies.client(ip("198.51.100.1"), &["203.0.113.7"]),
            ip("198.51.100.1"),
            "an untrusted peer cannot claim an address"
        );
    }

    #[test]
    fn the_client_is_the_right_most_hop_that_is_not_a_proxy() {
        let proxies = TrustedProxies::parse("10.0.0.0/8").unwrap_or_default();
        // The client wrote a fake first hop; our proxy appended the address it saw.
        assert_eq!(
            proxies.client(ip("10.0.0.5"), &["1.1.1.1, 203.0.113.7", "10.0.0.9"]),
            ip("203.0.113.7")
        );
        assert_eq!(
            proxies.client(ip("10.0.0.5"), &["10.0.0.8"]),
            ip("10.0.0.8")
        );
        assert_eq!(
            proxies.client(ip("10.0.0.5"), &["not an address"]),
            ip("10.0.0.5")
        );
        assert_eq!(proxies.client(ip("10.0.0.5"), &[]), ip("10.0.0.5"));
    }

    #[test]
    fn a_bad_entry_is_named_and_https_is_believed_only_from_a_proxy() {
        let err = TrustedProxies::parse("10.0.0.0/8, proxy.local").err();
        assert!(err.is_some_and(|e| e.contains("proxy.local")));
        let proxies = TrustedProxies::parse("::1").unwrap_or_default();
        assert!(proxies.says_https(ip("::1"), Some("https")));
        assert!(!proxies.says_https(ip("::1"), Some("http")));
        assert!(!proxies.says_https(ip("127.0.0.2"), Some("https")));
    }
}
