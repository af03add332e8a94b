//! Which URLs may become links and buttons: `http`, `https`, `mailto` and `tel` only, read the way
//! browsers read them (control characters, tabs and line breaks removed anywhere, surrounding
//! spaces trimmed, the scheme case-insensitive). Anything else stays text.

/// Every scheme a template link may use.
pub const LINK_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// `raw` cleaned as a browser would, when its scheme is one of `schemes`; `None` otherwise
/// (relative URLs included: a card has no base to resolve them against).
pub fn safe_href(raw: &str, schemes: &[&str]) -> Option<String> {
    let cleaned: String = raw.chars().filter(|c| !c.is_control()).collect();
    let cleaned = cleaned.trim_matches(|c: char| c.is_whitespace());
    let (scheme, rest) = cleaned.split_once(':')?;
    let scheme = scheme.to_ascii_lowercase();
    if !scheme
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        || !schemes.contains(&scheme.as_str())
        || rest.trim().is_empty()
    {
        return None;
    }
    if matches!(scheme.as_str(), "http" | "https") && !rest.starts_with("//") {
        return None;
    }
    Some(format!("{scheme}:{rest}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn only_web_mail_and_phone_links_pass() {
        assert_eq!(
            safe_href(" HTTPS://a.example/x ", LINK_SCHEMES).as_deref(),
            Some("https://a.example/x")
        );
        assert_eq!(
            safe_href("mailto:a@b.example", LINK_SCHEMES).as_deref(),
            Some("mailto:a@b.example")
        );
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "\u{0}javascript:alert(1)",
            "data:text/html,<script>",
            "vbscript:msgbox(1)",
            "/relative/path",
            "https:evil",
            "http:",
        ] {
            assert_eq!(safe_href(bad, LINK_SCHEMES), None, "{bad:?}");
        }
    }

    proptest! {
        #[test]
        fn a_script_scheme_never_passes_however_it_is_spelled(
            noise in proptest::collection::vec(prop_oneof![Just('\t'), Just('\n'), Just('\r'), Just('\u{0}'), Just('\u{1f}')], 0..4),
            upper in any::<u32>(),
            scheme in prop_oneof![Just("javascript"), Just("data"), Just("vbscript")],
        ) {
            let mut spelled: String = scheme
                .chars()
                .enumerate()
                .map(|(i, c)| if upper >> (i % 32) & 1 == 1 { c.to_ascii_uppercase() } else { c })
                .collect();
            for (i, c) in noise.iter().enumerate() {
                let at = (i * 3) % (spelled.len() + 1);
                spelled.insert(at, *c);
            }
            let url = format!(" {spelled}:alert(1)");
            prop_assert_eq!(safe_href(&url, LINK_SCHEMES), None);
        }
    }
}
