//! Page-based lists.

use serde::{Deserialize, Serialize};

/// One page of a list, with what the UI needs to offer "previous" and "next".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    /// The rows on this page.
    pub items: Vec<T>,
    /// 1-based page number.
    pub page: u64,
    /// Rows per page.
    pub per_page: u64,
    /// Rows across all pages.
    pub total: u64,
}

impl<T> Page<T> {
    /// The number of the last page (at least 1).
    pub fn last_page(&self) -> u64 {
        if self.per_page == 0 {
            1
        } else {
            self.total.div_ceil(self.per_page).max(1)
        }
    }

    /// Whether a later page exists.
    pub fn has_next(&self) -> bool {
        self.page < self.last_page()
    }

    /// Whether an earlier page exists.
    pub fn has_prev(&self) -> bool {
        self.page > 1
    }
}

/// Clamps a requested page number to at least 1 and turns it into a row offset.
pub fn offset_for(page: u64, per_page: u64) -> u64 {
    page.max(1).saturating_sub(1).saturating_mul(per_page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_page_and_neighbours() {
        let p = Page::<u8> {
            items: vec![],
            page: 2,
            per_page: 50,
            total: 101,
        };
        assert_eq!(p.last_page(), 3);
        assert!(p.has_next() && p.has_prev());
        let empty = Page::<u8> {
            items: vec![],
            page: 1,
            per_page: 50,
            total: 0,
        };
        assert_eq!(empty.last_page(), 1);
        assert!(!empty.has_next() && !empty.has_prev());
        assert_eq!(offset_for(0, 50), 0);
        assert_eq!(offset_for(3, 50), 100);
    }
}
