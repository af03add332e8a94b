//! Inbox URLs: filters live in the query string so every view is a link that works without JS.

/// Where the inbox is looking: selected conversation, inbox and status filters, page, profile sheet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InboxView {
    /// The open conversation.
    pub conversation: Option<i64>,
    /// Only this inbox.
    pub inbox: Option<i64>,
    /// Only this status (`active`, `pending`, `closed`).
    pub status: Option<String>,
    /// List page (1 is the default and is left out).
    pub page: u64,
    /// The contact whose profile sheet is open.
    pub profile: Option<i64>,
}

impl InboxView {
    /// The URL of this view.
    pub fn href(&self) -> String {
        let mut path = match self.conversation {
            Some(id) => format!("/inbox/{id}"),
            None => "/inbox".to_string(),
        };
        let mut params = Vec::new();
        if let Some(inbox) = self.inbox {
            params.push(format!("inbox={inbox}"));
        }
        if let Some(status) = self.status.as_deref().filter(|s| !s.is_empty()) {
            // Statuses are fixed words; anything else is dropped rather than echoed into a URL.
            if status.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                params.push(format!("status={status}"));
            }
        }
        if self.page > 1 {
            params.push(format!("page={}", self.page));
        }
        if let Some(profile) = self.profile {
            params.push(format!("profile={profile}"));
        }
        if !params.is_empty() {
            path.push('?');
            path.push_str(&params.join("&"));
        }
        path
    }

    /// The same view with another conversation open (and the profile sheet closed).
    pub fn with_conversation(&self, id: Option<i64>) -> Self {
        Self {
            conversation: id,
            profile: None,
            ..self.clone()
        }
    }

    /// The same view on another list page.
    pub fn with_page(&self, page: u64) -> Self {
        Self {
            page,
            ..self.clone()
        }
    }

    /// The same view filtered to another status (back to page 1).
    pub fn with_status(&self, status: Option<&str>) -> Self {
        Self {
            status: status.map(str::to_string),
            page: 1,
            ..self.clone()
        }
    }

    /// The same view with the profile sheet open for `contact` (or closed).
    pub fn with_profile(&self, contact: Option<i64>) -> Self {
        Self {
            profile: contact,
            ..self.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_keep_filters_and_drop_defaults() {
        let v = InboxView {
            inbox: Some(2),
            status: Some("pending".into()),
            page: 1,
            ..Default::default()
        };
        assert_eq!(v.href(), "/inbox?inbox=2&status=pending");
        assert_eq!(
            v.with_conversation(Some(9)).href(),
            "/inbox/9?inbox=2&status=pending"
        );
        assert_eq!(
            v.with_page(3).href(),
            "/inbox?inbox=2&status=pending&page=3"
        );
        assert_eq!(
            v.with_conversation(Some(9)).with_profile(Some(4)).href(),
            "/inbox/9?inbox=2&status=pending&profile=4"
        );
        assert_eq!(v.with_page(3).with_status(None).href(), "/inbox?inbox=2");
        assert_eq!(InboxView::default().href(), "/inbox");
    }

    #[test]
    fn odd_status_text_never_reaches_the_url() {
        let v = InboxView {
            status: Some("x&inbox=1".into()),
            ..Default::default()
        };
        assert_eq!(v.href(), "/inbox");
    }
}
