use super::*;
use backend::services::Listed;

fn query(q: &str) -> ApiQuery {
    ApiQuery(
        form_urlencoded::parse(q.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect(),
    )
}

fn url(q: &str) -> RequestUrl {
    let uri: Uri = format!("/api/v1/contacts?{q}")
        .parse()
        .unwrap_or_else(|_| Uri::from_static("/"));
    RequestUrl::new(
        Some("https://help.acme.example"),
        &HeaderMap::new(),
        &uri,
        &query(q),
    )
}

fn request(q: &str) -> Result<PageRequest, FieldErrors> {
    let mut errors = FieldErrors::new();
    let r = PageRequest::from_query(&query(q), &mut errors);
    errors.into_result().map(|()| r)
}

fn page_of(q: &str, total: u64) -> Paginated<u64> {
    let r = request(q).unwrap_or_else(|e| panic!("{q}: {e}"));
    let Window { offset, limit } = r.window;
    let rows = (offset..total.min(offset + limit)).collect();
    paginate(Listed { rows, total }, r, &url(q))
}

#[test]
fn limit_defaults_to_50_accepts_100_and_refuses_101_and_0() {
    assert_eq!(request("").map(|r| r.window.limit), Ok(50));
    assert_eq!(request("limit=100").map(|r| r.window.limit), Ok(100));
    for bad in ["limit=101", "limit=0", "limit=-1", "limit=ten", "limit="] {
        let e = request(bad).err();
        assert!(e.is_some_and(|e| e.get("limit").is_some()), "{bad}");
    }
}

#[test]
fn page_and_offset_both_select_rows_but_not_together() {
    assert_eq!(
        request("page=3&limit=20").map(|r| r.window),
        Ok(Window {
            offset: 40,
            limit: 20
        })
    );
    assert_eq!(
        request("offset=7").map(|r| r.window),
        Ok(Window {
            offset: 7,
            limit: 50
        })
    );
    assert!(request("page=0").is_err());
    // Beyond any real list, and beyond what the databases' signed integers hold.
    assert!(request("offset=18446744073709551615").is_err());
    assert!(request("page=184467440737095516&limit=100").is_err());
    assert!(request("offset=1000000000").is_ok());
    assert!(request("page=2&offset=10").is_err());
}

#[test]
fn an_empty_collection_has_one_page_and_no_positions() {
    let p = page_of("", 0);
    assert!(p.data.is_empty());
    assert_eq!(
        (
            p.meta.current_page,
            p.meta.last_page,
            p.meta.from,
            p.meta.to
        ),
        (1, 1, None, None)
    );
    assert_eq!(p.links.prev, None);
    assert_eq!(p.links.next, None);
    assert_eq!(
        p.links.first,
        "https://help.acme.example/api/v1/contacts?page=1"
    );
}

#[test]
fn the_last_page_is_partial_and_links_keep_other_parameters() {
    let p = page_of("email=a%40b.example&limit=2&page=3", 5);
    assert_eq!(p.data, vec![4]);
    assert_eq!(
        (
            p.meta.current_page,
            p.meta.last_page,
            p.meta.from,
            p.meta.to,
            p.meta.total
        ),
        (3, 3, Some(5), Some(5), 5)
    );
    assert_eq!(p.links.next, None);
    assert_eq!(
        p.links.prev.as_deref(),
        Some("https://help.acme.example/api/v1/contacts?email=a%40b.example&limit=2&page=2")
    );
    assert_eq!(
        p.links.last,
        "https://help.acme.example/api/v1/contacts?email=a%40b.example&limit=2&page=3"
    );
    assert_eq!(p.meta.path, "https://help.acme.example/api/v1/contacts");
}

#[test]
fn offset_paging_links_step_by_the_limit() {
    let p = page_of("offset=3&limit=2", 10);
    assert_eq!(p.data, vec![3, 4]);
    assert_eq!(
        p.links.next.as_deref(),
        Some("https://help.acme.example/api/v1/contacts?limit=2&offset=5")
    );
    assert_eq!(
        p.links.prev.as_deref(),
        Some("https://help.acme.example/api/v1/contacts?limit=2&offset=1")
    );
}

#[test]
fn links_use_the_host_when_no_public_url_is_set() {
    let mut headers = HeaderMap::new();
    headers.insert(
        header::HOST,
        "localhost:3000".parse().unwrap_or_else(|_| unreachable!()),
    );
    let uri = Uri::from_static("/api/v1/inboxes");
    let u = RequestUrl::new(None, &headers, &uri, &ApiQuery::default());
    assert_eq!(u.path, "http://localhost:3000/api/v1/inboxes");
}

#[test]
fn created_after_accepts_rfc3339_and_dates_and_names_bad_input() {
    let mut errors = FieldErrors::new();
    let t = created_after(
        &query("created_after=2026-01-26T10:00:00%2B02:00"),
        &mut errors,
    );
    assert_eq!(
        t.map(|t| t.to_rfc3339()),
        Some("2026-01-26T08:00:00+00:00".into())
    );
    let d = created_after(&query("created_after=2026-01-26"), &mut errors);
    assert_eq!(
        d.map(|t| t.to_rfc3339()),
        Some("2026-01-26T00:00:00+00:00".into())
    );
    assert!(errors.is_empty());
    created_after(&query("created_after=yesterday"), &mut errors);
    assert!(errors.get("created_after").is_some());
}
