//! The outline of a card still loading: the agent's skeleton is shaped like the template (as many
//! placeholder lines per section as it will show), so the card does not jump when data arrives.

use crate::spec::{Section, SectionBody, Template};

/// Most lines one block of the skeleton shows.
const BLOCK_LINES: usize = 6;
/// Most blocks a skeleton shows.
const BLOCKS: usize = 6;

fn lines(s: &Section) -> usize {
    let title = usize::from(s.title.is_some());
    let body = match &s.body {
        SectionBody::KeyValue { fields }
        | SectionBody::Badges { fields }
        | SectionBody::Repeating { fields, .. } => fields.len().max(1),
        SectionBody::Table { columns: _, .. } => 3,
        SectionBody::Text { .. } | SectionBody::Buttons { .. } | SectionBody::Links { .. } => 1,
        SectionBody::Separator => return 0,
        SectionBody::Group { sections } => sections.iter().map(lines).sum::<usize>().max(1),
    };
    (title + body).min(BLOCK_LINES)
}

/// Placeholder lines per block, top to bottom; `0` is a separator. Without a template (the
/// automatic layout) it is one block of three lines.
pub fn outline(template: Option<&Template>) -> Vec<u8> {
    let blocks: Vec<u8> = template
        .map(|t| {
            t.sections
                .iter()
                .take(BLOCKS)
                .map(|s| u8::try_from(lines(s)).unwrap_or(u8::MAX))
                .collect()
        })
        .unwrap_or_default();
    if blocks.iter().all(|&n| n == 0) {
        vec![3]
    } else {
        blocks
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets;

    #[test]
    fn the_skeleton_follows_the_template() {
        // Customer Information (title + 4 rows), separator, Financial Summary (title + 2),
        // Quick Actions (title + buttons).
        assert_eq!(outline(Some(&presets::customer_overview())), [5, 0, 3, 2]);
        assert_eq!(outline(None), [3]);
        assert_eq!(outline(Some(&Template::default())), [3]);
    }
}
