//! Display formatting shared by server rendering and hydration (so both produce the same text).

use chrono::{DateTime, Utc};

/// `Nov 22, 14:05` (UTC), the same on server and client so hydration matches.
pub fn short_time(at: &DateTime<Utc>) -> String {
    at.format("%b %-d, %H:%M").to_string()
}

/// `Nov 22, 2026`.
pub fn short_date(at: &DateTime<Utc>) -> String {
    at.format("%b %-d, %Y").to_string()
}

/// Initials for an avatar: first letters of the first two words, uppercase.
pub fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .take(2)
        .flat_map(char::to_uppercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn times_and_initials() {
        let at = Utc
            .with_ymd_and_hms(2026, 11, 2, 9, 5, 0)
            .single()
            .unwrap_or_default();
        assert_eq!(short_time(&at), "Nov 2, 09:05");
        assert_eq!(short_date(&at), "Nov 2, 2026");
        assert_eq!(initials("Amélie dubois Xu"), "AD");
        assert_eq!(initials(""), "");
    }
}
