//! Which destinations outbound calls may reach: public addresses only, unless the operator allows
//! private ranges or host names with `CHATLANE_OUTBOUND_ALLOW`.

use ipnet::IpNet;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// IPv4 ranges that are never public (docs/OUTBOUND.md).
const BLOCKED_V4: &[(u8, u8, u8, u8, u8)] = &[
    (0, 0, 0, 0, 8),
    (10, 0, 0, 0, 8),
    (100, 64, 0, 0, 10),
    (127, 0, 0, 0, 8),
    (169, 254, 0, 0, 16),
    (172, 16, 0, 0, 12),
    (192, 0, 0, 0, 24),
    (192, 0, 2, 0, 24),
    (192, 168, 0, 0, 16),
    (198, 18, 0, 0, 15),
    (198, 51, 100, 0, 24),
    (203, 0, 113, 0, 24),
    (224, 0, 0, 0, 4),
    // Includes 255.255.255.255.
    (240, 0, 0, 0, 4),
];

/// IPv6 ranges that are never public (docs/OUTBOUND.md); `::/96` and `::ffff:0:0/96` are checked as
/// the IPv4 address they embed.
const BLOCKED_V6: &[(u128, u8)] = &[
    (0x0064_ff9b_0000_0000_0000_0000_0000_0000, 96),
    (0x0100_0000_0000_0000_0000_0000_0000_0000, 64),
    (0x2001_0000_0000_0000_0000_0000_0000_0000, 32),
    (0x2001_0db8_0000_0000_0000_0000_0000_0000, 32),
    (0x2002_0000_0000_0000_0000_0000_0000_0000, 16),
    (0xfc00_0000_0000_0000_0000_0000_0000_0000, 7),
    (0xfe80_0000_0000_0000_0000_0000_0000_0000, 10),
    (0xff00_0000_0000_0000_0000_0000_0000_0000, 8),
];

fn in_v4(ip: Ipv4Addr, (a, b, c, d, len): (u8, u8, u8, u8, u8)) -> bool {
    let net = u32::from(Ipv4Addr::new(a, b, c, d));
    let mask = u32::MAX.checked_shl(32 - u32::from(len)).unwrap_or(0);
    u32::from(ip) & mask == net
}

fn in_v6(ip: Ipv6Addr, (net, len): (u128, u8)) -> bool {
    let mask = u128::MAX.checked_shl(128 - u32::from(len)).unwrap_or(0);
    u128::from(ip) & mask == net
}

/// The IPv4 address an IPv6 address carries: IPv4-mapped (`::ffff:a.b.c.d`) or IPv4-compatible
/// (`::a.b.c.d`, which also covers `::` and `::1`).
fn embedded_v4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    let bits = u128::from(ip);
    let high = bits >> 32;
    if high == 0 || high == 0xffff {
        Some(Ipv4Addr::from((bits & 0xffff_ffff) as u32))
    } else {
        None
    }
}

/// Whether `ip` is a public address (in none of the blocked ranges, in any encoding).
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => !BLOCKED_V4.iter().any(|r| in_v4(v4, *r)),
        IpAddr::V6(v6) => match embedded_v4(v6) {
            Some(v4) => is_public(IpAddr::V4(v4)),
            None => !BLOCKED_V6.iter().any(|r| in_v6(v6, *r)),
        },
    }
}

/// An entry of `CHATLANE_OUTBOUND_ALLOW` that is neither a CIDR, an address nor a host name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a CIDR (10.0.0.0/8), an address or a host name")]
pub struct BadAllowEntry(pub String);

/// Public destinations (unless the operator turned them off) plus what the operator allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DestinationPolicy {
    nets: Vec<IpNet>,
    hosts: Vec<String>,
    public: bool,
}

impl Default for DestinationPolicy {
    fn default() -> Self {
        DestinationPolicy {
            nets: Vec::new(),
            hosts: Vec::new(),
            public: true,
        }
    }
}

impl DestinationPolicy {
    /// Parses `CHATLANE_OUTBOUND_ALLOW` entries: CIDRs, single addresses, host names.
    pub fn new(allow: &[String]) -> Result<Self, BadAllowEntry> {
        let mut policy = DestinationPolicy::default();
        for raw in allow {
            let entry = raw.trim();
            if let Ok(net) = entry.parse::<IpNet>() {
                policy.nets.push(net);
            } else if let Ok(ip) = entry.parse::<IpAddr>() {
                policy.nets.push(IpNet::from(ip));
            } else if is_host_name(entry) {
                policy.hosts.push(entry.to_ascii_lowercase());
            } else {
                return Err(BadAllowEntry(raw.clone()));
            }
        }
        Ok(policy)
    }

    /// The same policy without public destinations (`CHATLANE_OUTBOUND_PUBLIC=false`): only what
    /// the allow list names can be reached.
    pub fn without_public(mut self) -> Self {
        self.public = false;
        self
    }

    /// Whether `host` could be allowed at all, before resolving it: without public destinations
    /// and allowed ranges, a name that is not allowed is refused without a DNS lookup.
    pub fn may_resolve(&self, host: &str) -> bool {
        self.public || !self.nets.is_empty() || self.allows_host(host)
    }

    /// Whether the operator allowed `host` by name (then any address it resolves to is allowed).
    pub fn allows_host(&self, host: &str) -> bool {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        self.hosts.contains(&host)
    }

    /// Whether a connection to `ip` is allowed: public, or inside an allowed range. IPv4 embedded in
    /// IPv6 is matched against IPv4 ranges too.
    pub fn allows_ip(&self, ip: IpAddr) -> bool {
        let v4 = match ip {
            IpAddr::V6(v6) => embedded_v4(v6).map(IpAddr::V4),
            IpAddr::V4(_) => None,
        };
        (self.public && is_public(ip))
            || self
                .nets
                .iter()
                .any(|n| n.contains(&ip) || v4.is_some_and(|v| n.contains(&v)))
    }
}

fn is_host_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 253
        && s.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

#[cfg(test)]
mod tests;
