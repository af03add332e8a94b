//! Services, Query/Mutation style over `&DatabaseConnection`. Every call that reads team data takes
//! an [`Actor`](crate::Actor) and filters by its team, so another team's id is simply not found.

pub mod channels;
pub mod contacts;
pub mod conversations;
pub mod custom_entities;
pub mod inboxes;
pub mod integrations;
pub mod messages;
pub mod senders;
pub mod teams;
pub mod webhooks;

/// A slice of an ordered list: skip `offset` rows, return at most `limit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// Rows to skip.
    pub offset: u64,
    /// Most rows to return.
    pub limit: u64,
}

/// One window of rows, and how many rows match in all.
#[derive(Debug, Clone, PartialEq)]
pub struct Listed<T> {
    /// The window's rows, in the list's order.
    pub rows: Vec<T>,
    /// Rows matching the filter, over every window.
    pub total: u64,
}

impl<T> Listed<T> {
    /// The same window with each row converted.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Listed<U> {
        Listed {
            rows: self.rows.into_iter().map(f).collect(),
            total: self.total,
        }
    }
}

/// Counts the rows of `filtered` and fetches one `window` of them oldest first (`created_at`, then
/// `id`, the API's stable polling order), both queries at once.
pub(crate) async fn oldest_first<E>(
    db: &sea_orm::DatabaseConnection,
    filtered: sea_orm::Select<E>,
    (created_at, id): (E::Column, E::Column),
    window: Window,
) -> crate::error::ServiceResult<Listed<E::Model>>
where
    E: sea_orm::EntityTrait,
    E::Model: Send + Sync,
{
    use sea_orm::{PaginatorTrait, QueryOrder, QuerySelect};
    let count = filtered.clone().count(db);
    let page = filtered
        .order_by_asc(created_at)
        .order_by_asc(id)
        .offset(window.offset)
        .limit(window.limit)
        .all(db);
    let (total, rows) = tokio::try_join!(count, page)?;
    Ok(Listed { rows, total })
}

/// A LIKE pattern matching `query` anywhere, with `%`, `_` and `\` escaped so user text matches
/// literally (SQLite has no default escape character, so it is declared).
pub(crate) fn like_pattern(query: &str) -> sea_orm::sea_query::LikeExpr {
    sea_orm::sea_query::LikeExpr::new(like_text(query)).escape('\\')
}

fn like_text(query: &str) -> String {
    let mut escaped = String::with_capacity(query.len() + 2);
    escaped.push('%');
    for c in query.chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped.push('%');
    escaped
}

#[cfg(test)]
mod tests {
    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(super::like_text("50%_a\\"), "%50\\%\\_a\\\\%");
    }
}
