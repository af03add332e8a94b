//! The one exception to the outbound rules: the built-in demo integration (`chatlane demo`) may
//! call the demo CRM that this server serves itself, at exactly `http://<own address>/demo/crm/…`.
//! The exception is a property of the call (only integrations flagged `builtin_demo` ask for it),
//! never of the destination: any other integration, webhook or download to the same address is
//! refused as before, and so is any other path, port or loopback address for the demo itself.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use url::{Host, Url};

/// The path every demo CRM call starts with.
pub const DEMO_CRM_PATH: &str = "/demo/crm/";

/// The address the server's own calls reach it at: its listen address, with an unspecified one
/// (`0.0.0.0`, `::`) replaced by loopback of the same family.
pub fn own_address(listen: SocketAddr) -> SocketAddr {
    let ip = match listen.ip() {
        IpAddr::V4(v4) if v4.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(v6) if v6.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    SocketAddr::new(ip, listen.port())
}

/// `http://<own address>` (no trailing slash): the origin of the demo CRM's URLs.
pub fn own_origin(own: SocketAddr) -> String {
    format!("http://{own}")
}

/// Whether `url` is a demo CRM URL on `own`: plain http (the server's own listener), that very
/// IP literal and port, no user info, and a path under [`DEMO_CRM_PATH`] after normalisation
/// (`..` segments are resolved by the URL parser before this check).
pub fn is_demo_crm_url(own: SocketAddr, url: &Url) -> bool {
    let host_matches = match (url.host(), own.ip()) {
        (Some(Host::Ipv4(ip)), IpAddr::V4(own_ip)) => ip == own_ip,
        (Some(Host::Ipv6(ip)), IpAddr::V6(own_ip)) => ip == own_ip,
        _ => false,
    };
    url.scheme() == "http"
        && host_matches
        && url.port_or_known_default() == Some(own.port())
        && url.username().is_empty()
        && url.password().is_none()
        && url.path().starts_with(DEMO_CRM_PATH)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> Url {
        Url::parse(text).unwrap_or_else(|_| Url::parse("http://invalid.example").expect("url"))
    }

    #[test]
    fn only_the_demo_path_on_the_servers_own_address_and_port_is_a_demo_crm_url() {
        let own = own_address("0.0.0.0:3000".parse().expect("addr"));
        assert_eq!(own_origin(own), "http://127.0.0.1:3000");
        assert!(is_demo_crm_url(
            own,
            &parsed("http://127.0.0.1:3000/demo/crm/customers/a%40b.example")
        ));
        for refused in [
            "http://127.0.0.1:3001/demo/crm/customers/x",
            "http://127.0.0.2:3000/demo/crm/customers/x",
            "http://localhost:3000/demo/crm/customers/x",
            "https://127.0.0.1:3000/demo/crm/customers/x",
            "http://u:p@127.0.0.1:3000/demo/crm/customers/x",
            "http://127.0.0.1:3000/api/v1/contacts",
            "http://127.0.0.1:3000/demo/crm/../../api/v1/contacts",
            "http://127.0.0.1:3000/demo/crm/%2e%2e/%2e%2e/api/v1/contacts",
            "http://127.0.0.1:3000/demo/crmx/customers",
            "http://[::1]:3000/demo/crm/customers/x",
            "http://10.0.0.1:3000/demo/crm/customers/x",
        ] {
            assert!(!is_demo_crm_url(own, &parsed(refused)), "{refused}");
        }
        let v6 = own_address("[::]:8080".parse().expect("addr"));
        assert!(is_demo_crm_url(
            v6,
            &parsed("http://[::1]:8080/demo/crm/c/x")
        ));
    }
}
