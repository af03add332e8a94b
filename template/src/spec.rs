//! The display template spec admins build: an ordered list of sections, each with an optional
//! title and show/hide condition. Versioned and serde-serialisable (stored as the integration's
//! `template` JSON).

use crate::condition::Condition;
use crate::format::{BadgeColor, Format};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The spec version this crate writes and reads.
pub const SPEC_VERSION: u32 = 1;

fn version() -> u32 {
    SPEC_VERSION
}

fn five() -> u32 {
    5
}

/// A display template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Template {
    /// The spec version.
    #[serde(default = "version")]
    pub version: u32,
    /// Sections, top to bottom.
    #[serde(default)]
    pub sections: Vec<Section>,
}

impl Default for Template {
    fn default() -> Self {
        Template {
            version: SPEC_VERSION,
            sections: Vec::new(),
        }
    }
}

/// One section of a card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    /// A heading above it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Shown only when this holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
    /// What it shows.
    #[serde(flatten)]
    pub body: SectionBody,
}

/// The kinds of section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum SectionBody {
    /// Rows of label and value.
    KeyValue {
        /// The rows.
        fields: Vec<Field>,
    },
    /// A paragraph (or heading) with `{{path}}` interpolation.
    Text {
        /// The text.
        text: String,
        /// Shown as a heading.
        #[serde(default)]
        heading: bool,
    },
    /// Values shown as badges (status colors).
    Badges {
        /// The badges.
        fields: Vec<Field>,
    },
    /// An array as a table.
    Table {
        /// The array.
        path: String,
        /// Columns; their paths are item-relative.
        columns: Vec<Field>,
    },
    /// An array as small cards, the first few shown.
    Repeating {
        /// The array.
        path: String,
        /// Each item's fields (item-relative paths).
        fields: Vec<Field>,
        /// Items shown before "Show N more".
        #[serde(default = "five")]
        show_first: u32,
    },
    /// Buttons.
    Buttons {
        /// The buttons.
        buttons: Vec<Action>,
    },
    /// Links.
    Links {
        /// The links.
        links: Vec<Action>,
    },
    /// A horizontal rule.
    Separator,
    /// A titled container of sections (one level deep).
    Group {
        /// The sections inside.
        sections: Vec<Section>,
    },
}

crate::string_enum!(
    /// The kinds of section, as stored in a section's `type`, in the order the builder's palette
    /// offers them. [`SectionBody::kind`] names a body's kind; [`crate::edit::blank`] makes one.
    pub enum SectionKind {
        /// [`SectionBody::KeyValue`].
        KeyValue => "key_value" as "Key-value list",
        /// [`SectionBody::Badges`].
        Badges => "badges" as "Badges",
        /// [`SectionBody::Text`].
        Text => "text" as "Text",
        /// [`SectionBody::Table`].
        Table => "table" as "Table",
        /// [`SectionBody::Repeating`].
        Repeating => "repeating" as "Repeating section",
        /// [`SectionBody::Buttons`].
        Buttons => "buttons" as "Buttons",
        /// [`SectionBody::Links`].
        Links => "links" as "Links",
        /// [`SectionBody::Separator`].
        Separator => "separator" as "Separator",
        /// [`SectionBody::Group`].
        Group => "group" as "Group",
    }
);

impl SectionBody {
    /// The body's kind (its stored `type`).
    pub fn kind(&self) -> SectionKind {
        match self {
            SectionBody::KeyValue { .. } => SectionKind::KeyValue,
            SectionBody::Text { .. } => SectionKind::Text,
            SectionBody::Badges { .. } => SectionKind::Badges,
            SectionBody::Table { .. } => SectionKind::Table,
            SectionBody::Repeating { .. } => SectionKind::Repeating,
            SectionBody::Buttons { .. } => SectionKind::Buttons,
            SectionBody::Links { .. } => SectionKind::Links,
            SectionBody::Separator => SectionKind::Separator,
            SectionBody::Group { .. } => SectionKind::Group,
        }
    }
}

/// A bound value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Field {
    /// Its label.
    pub label: String,
    /// Where its value is (item-relative inside tables and repeating sections).
    pub path: String,
    /// How it is shown.
    #[serde(default)]
    pub format: Format,
    /// For currency: the code (`USD` by default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// For status badges: value → color, replacing the defaults.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub colors: BTreeMap<String, BadgeColor>,
    /// Shown only when this holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
    /// Where a badge shown beside the value is (`Customer ID 12345 [Gold]`), colored like a
    /// status badge (by `colors`, else by its value); nothing is shown when it has no value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub badge: Option<String>,
}

impl Field {
    /// A field with the default format.
    pub fn new(label: &str, path: &str, format: Format) -> Self {
        Field {
            label: label.to_string(),
            path: path.to_string(),
            format,
            currency: None,
            colors: BTreeMap::new(),
            condition: None,
            badge: None,
        }
    }
}

/// A button's or link's look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionStyle {
    /// The main action.
    #[default]
    Primary,
    /// A quieter one.
    Secondary,
}

/// A button or link: label and URL, both may interpolate `{{path}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Action {
    /// What it says.
    pub label: String,
    /// Where it goes (only http, https, mailto and tel become clickable).
    pub url: String,
    /// Its look.
    #[serde(default)]
    pub style: ActionStyle,
    /// Shown only when this holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
}

impl Section {
    /// A section without title or condition.
    pub fn new(body: SectionBody) -> Self {
        Section {
            title: None,
            condition: None,
            body,
        }
    }

    /// The same section with a title.
    pub fn titled(mut self, title: &str) -> Self {
        self.title = Some(title.to_string());
        self
    }
}
