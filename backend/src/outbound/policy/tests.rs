use super::*;
use proptest::prelude::*;
use url::{Host, Url};

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
}

/// The IP a URL's host parses to, as the HTTP client will see it.
fn url_ip(u: &str) -> Option<IpAddr> {
    match Url::parse(u).ok()?.host()? {
        Host::Ipv4(v4) => Some(IpAddr::V4(v4)),
        Host::Ipv6(v6) => Some(IpAddr::V6(v6)),
        Host::Domain(_) => None,
    }
}

#[test]
fn every_listed_range_is_blocked_at_its_edges() {
    for blocked in [
        "0.0.0.0",
        "0.255.255.255",
        "10.0.0.1",
        "10.255.255.255",
        "100.64.0.0",
        "100.127.255.255",
        "127.0.0.1",
        "127.255.255.254",
        "169.254.169.254",
        "172.16.0.1",
        "172.31.255.255",
        "192.0.0.8",
        "192.0.2.1",
        "192.168.1.1",
        "198.18.0.1",
        "198.19.255.255",
        "198.51.100.7",
        "203.0.113.9",
        "224.0.0.1",
        "239.255.255.255",
        "240.0.0.1",
        "255.255.255.255",
        "::",
        "::1",
        "64:ff9b::1.2.3.4",
        "100::1",
        "2001::1",
        "2001:db8::1",
        "2002::1",
        "fc00::1",
        "fd12:3456::1",
        "fe80::1",
        "ff02::1",
    ] {
        assert!(!is_public(ip(blocked)), "{blocked} must be blocked");
    }
    for public in [
        "1.1.1.1",
        "9.255.255.255",
        "11.0.0.0",
        "100.63.255.255",
        "100.128.0.0",
        "172.15.255.255",
        "172.32.0.0",
        "192.0.1.1",
        "192.169.0.1",
        "198.17.255.255",
        "198.20.0.0",
        "223.255.255.255",
        "2606:4700::1111",
        "2a00:1450::1",
    ] {
        assert!(is_public(ip(public)), "{public} is public");
    }
}

#[test]
fn ipv4_hidden_in_ipv6_is_checked_as_ipv4() {
    for hidden in [
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "::127.0.0.1",
        "::ffff:169.254.169.254",
    ] {
        assert!(!is_public(ip(hidden)), "{hidden}");
    }
    assert!(is_public(ip("::ffff:8.8.8.8")));
}

#[test]
fn every_ipv4_spelling_the_url_parser_accepts_is_caught() {
    for u in [
        "http://127.1/",
        "http://0177.0.0.1/",
        "http://2130706433/",
        "http://0x7f.0.0.1/",
        "http://0x7f000001/",
        "http://[::ffff:7f00:1]/",
        "http://[::1]/",
        "http://169.254.169.254/latest/meta-data",
    ] {
        let parsed = url_ip(u);
        assert!(parsed.is_some(), "{u} parses as an IP literal");
        assert!(!parsed.is_some_and(is_public), "{u} must be blocked");
    }
}

#[test]
fn operators_allow_ranges_addresses_and_names() {
    let policy = DestinationPolicy::new(&[
        "10.1.0.0/16".into(),
        "127.0.0.1".into(),
        "CRM.internal".into(),
    ])
    .unwrap_or_default();
    assert!(policy.allows_ip(ip("10.1.2.3")));
    assert!(!policy.allows_ip(ip("10.2.0.1")));
    assert!(policy.allows_ip(ip("127.0.0.1")));
    assert!(policy.allows_ip(ip("::ffff:127.0.0.1")));
    assert!(!policy.allows_ip(ip("127.0.0.2")));
    assert!(policy.allows_host("crm.internal."));
    assert!(!policy.allows_host("crm.internal.evil.example"));
    assert!(policy.allows_ip(ip("8.8.8.8")), "public stays allowed");
    assert_eq!(
        DestinationPolicy::new(&["10.0.0.0/33".into()]),
        Err(BadAllowEntry("10.0.0.0/33".into()))
    );
    assert!(DestinationPolicy::new(&["http://x".into()]).is_err());
}

proptest! {
    #[test]
    fn no_address_in_a_blocked_ipv4_range_is_public(a in any::<u32>()) {
        let v4 = Ipv4Addr::from(a);
        let blocked = BLOCKED_V4.iter().any(|r| in_v4(v4, *r));
        prop_assert_eq!(is_public(IpAddr::V4(v4)), !blocked);
        // The same address mapped into IPv6 gets the same answer.
        prop_assert_eq!(is_public(IpAddr::V6(v4.to_ipv6_mapped())), !blocked);
    }
}

#[test]
fn without_public_destinations_only_the_allow_list_is_reached_and_nothing_else_resolved() {
    let closed = DestinationPolicy::new(&[])
        .expect("policy")
        .without_public();
    assert!(!closed.allows_ip("93.184.216.34".parse().expect("ip")));
    assert!(
        !closed.may_resolve("crm.example.com"),
        "no DNS lookup at all"
    );
    let named = DestinationPolicy::new(&["crm.internal".to_string()])
        .expect("policy")
        .without_public();
    assert!(named.may_resolve("crm.internal"));
    assert!(!named.may_resolve("example.com"));
    let ranged = DestinationPolicy::new(&["10.20.0.0/16".to_string()])
        .expect("policy")
        .without_public();
    assert!(ranged.allows_ip("10.20.1.2".parse().expect("ip")));
    assert!(!ranged.allows_ip("8.8.8.8".parse().expect("ip")));
    assert!(
        ranged.may_resolve("anything.example"),
        "a name may resolve into the range"
    );
    assert!(DestinationPolicy::default().may_resolve("example.com"));
}
