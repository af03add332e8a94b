//! HTML escaping ([`escape`], used by transcripts' `htmlBody`) and the render tree as HTML text
//! ([`to_html`]). The app draws cards from the render tree with Leptos views, which escape on
//! their own; `to_html` serves no page today: it is the reference rendering this crate's tests
//! check escaping, links and layout against, kept for a server-rendered card (email, API) later.
//! Everything from the data is escaped; only checked URLs become `href`s, opening in a new tab
//! with `rel="noopener noreferrer"`.

use crate::format::{BadgeColor, Inline};
use crate::render::{ActionNode, Body, Rendered, Row};
use crate::spec::ActionStyle;
use std::fmt::Write;

/// Escapes text for element content and attribute values alike.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The badge's color class suffix.
pub fn color_name(color: BadgeColor) -> &'static str {
    match color {
        BadgeColor::Green => "green",
        BadgeColor::Amber => "amber",
        BadgeColor::Red => "red",
        BadgeColor::Blue => "blue",
        BadgeColor::Grey => "grey",
    }
}

fn inline(out: &mut String, i: &Inline) {
    match i {
        Inline::Text { text } => out.push_str(&escape(text)),
        Inline::Badge { text, color } => {
            let _ = write!(
                out,
                r#"<span class="badge badge-{}">{}</span>"#,
                color_name(*color),
                escape(text)
            );
        }
        Inline::Link { text, href } => {
            let _ = write!(
                out,
                r#"<a href="{}" target="_blank" rel="noopener noreferrer">{}</a>"#,
                escape(href),
                escape(text)
            );
        }
    }
}

fn inlines(out: &mut String, list: &[Inline]) {
    for (n, i) in list.iter().enumerate() {
        if n > 0 {
            out.push(' ');
        }
        inline(out, i);
    }
}

fn rows(out: &mut String, rows: &[Row]) {
    out.push_str("<dl>");
    for r in rows {
        out.push_str("<div><dt>");
        out.push_str(&escape(&r.label));
        out.push_str("</dt><dd>");
        inlines(out, &r.value);
        out.push_str("</dd></div>");
    }
    out.push_str("</dl>");
}

fn action(out: &mut String, a: &ActionNode) {
    let class = match (a.button, a.style) {
        (true, ActionStyle::Primary) => "button button-primary",
        (true, ActionStyle::Secondary) => "button button-secondary",
        (false, _) => "link",
    };
    match &a.href {
        Some(href) => {
            let _ = write!(
                out,
                r#"<a class="{class}" href="{}" target="_blank" rel="noopener noreferrer">{}</a>"#,
                escape(href),
                escape(&a.label)
            );
        }
        None => {
            let _ = write!(out, r#"<span class="{class}">{}</span>"#, escape(&a.label));
        }
    }
}

fn section(out: &mut String, r: &Rendered) {
    out.push_str("<section>");
    if let Some(t) = &r.title {
        let _ = write!(out, "<h3>{}</h3>", escape(t));
    }
    match &r.body {
        Body::KeyValue { rows: list } => rows(out, list),
        Body::Text {
            text,
            heading: true,
        } => {
            let _ = write!(out, "<h4>{}</h4>", escape(text));
        }
        Body::Text {
            text,
            heading: false,
        } => {
            let _ = write!(out, "<p>{}</p>", escape(text));
        }
        Body::Badges { badges } => {
            out.push_str("<p>");
            inlines(out, badges);
            out.push_str("</p>");
        }
        Body::Table {
            columns,
            rows: table,
        } => {
            out.push_str("<table><thead><tr>");
            for c in columns {
                let _ = write!(out, "<th>{}</th>", escape(c));
            }
            out.push_str("</tr></thead><tbody>");
            for row in table {
                out.push_str("<tr>");
                for cell in row {
                    out.push_str("<td>");
                    inlines(out, cell);
                    out.push_str("</td>");
                }
                out.push_str("</tr>");
            }
            out.push_str("</tbody></table>");
        }
        Body::Repeating { items, show_first } => {
            out.push_str("<ul>");
            for item in items.iter().take(*show_first) {
                out.push_str("<li>");
                rows(out, item);
                out.push_str("</li>");
            }
            out.push_str("</ul>");
            let more = items.len().saturating_sub(*show_first);
            if more > 0 {
                let _ = write!(out, "<p class=\"more\">Show {more} more</p>");
            }
        }
        Body::Actions { actions } => {
            out.push_str("<p>");
            for (n, a) in actions.iter().enumerate() {
                if n > 0 {
                    out.push(' ');
                }
                action(out, a);
            }
            out.push_str("</p>");
        }
        Body::Separator => out.push_str("<hr>"),
        Body::Group { sections } => {
            for s in sections {
                section(out, s);
            }
        }
        Body::Preformatted { text } => {
            let _ = write!(out, "<pre>{}</pre>", escape(text));
        }
    }
    out.push_str("</section>");
}

/// The rendered sections as HTML.
pub fn to_html(sections: &[Rendered]) -> String {
    let mut out = String::new();
    for s in sections {
        section(&mut out, s);
    }
    out
}
