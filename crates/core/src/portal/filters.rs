//! The portal's file filters (`a(sa(us))`: a name, and rules that are each
//! a shell pattern (0, `*.png`) or a MIME type (1, `image/png`)), as the
//! picker's accept rules, which grey out what no rule takes.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One filter the application offers ("Images", "All files").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, export_to = "PortalFilter.ts")]
pub struct Filter {
    pub name: String,
    /// Accept rules, as Settings writes them: `*.png`, `image/png`.
    pub accept: Vec<String>,
}

/// A rule as the portal sends it.
pub type FilterRule = (u32, String);

impl Filter {
    /// A filter from the portal's `(name, [(kind, rule)])`; a rule of a kind
    /// the portal does not define is dropped, and so is an empty one.
    pub fn from_portal(name: String, rules: Vec<FilterRule>) -> Filter {
        let accept = rules
            .into_iter()
            .filter_map(|(kind, rule)| {
                let rule = rule.trim().to_owned();
                match kind {
                    0 | 1 if !rule.is_empty() => Some(rule),
                    _ => None,
                }
            })
            .collect();
        Filter { name, accept }
    }

    /// As the portal answers it in `current_filter`.
    pub fn to_portal(&self) -> (String, Vec<FilterRule>) {
        let rules = self
            .accept
            .iter()
            .map(|rule| (u32::from(rule.contains('/')), rule.clone()))
            .collect();
        (self.name.clone(), rules)
    }

    /// Whether the filter takes every file (`*`, `*/*`, or no rule).
    pub fn takes_all(&self) -> bool {
        self.accept.is_empty() || self.accept.iter().any(|r| r == "*" || r == "*/*")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_portal_filter_becomes_accept_rules_and_goes_back_as_it_came() {
        let images = Filter::from_portal(
            "Images".into(),
            vec![
                (0, "*.png".into()),
                (1, "image/jpeg".into()),
                (7, "unknown kind".into()),
                (0, " ".into()),
            ],
        );
        assert_eq!(images.accept, ["*.png", "image/jpeg"]);
        assert_eq!(
            images.to_portal(),
            (
                "Images".to_owned(),
                vec![(0, "*.png".to_owned()), (1, "image/jpeg".to_owned())]
            )
        );
        assert!(!images.takes_all());
        assert!(Filter::from_portal("All files".into(), vec![(0, "*".into())]).takes_all());
    }
}
