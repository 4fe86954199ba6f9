//! Cloud Drive's query filters: `field:value` terms joined by ` AND `, with
//! special characters (space included) escaped by a backslash and a final
//! unescaped `*` for a prefix match. Supported fields: `kind`, `isRoot`,
//! `name` and `parents`, the ones a file browser needs.

use crate::store::Node;

#[derive(Debug, Default, PartialEq)]
pub struct Filters {
    pub kind: Option<String>,
    pub is_root: bool,
    pub name: Option<NameMatch>,
    pub parent: Option<String>,
}

#[derive(Debug, PartialEq)]
pub struct NameMatch {
    /// Lower case, unescaped.
    pub text: String,
    pub prefix: bool,
}

/// Parses a `filters` query value; an unknown field is an error.
pub fn parse(filters: &str) -> Result<Filters, String> {
    let mut parsed = Filters::default();
    for term in split_and(filters) {
        let (field, value) = term
            .split_once(':')
            .ok_or_else(|| format!("Filter term '{term}' has no field"))?;
        let (value, prefix) = unescape(value);
        match field {
            "kind" => parsed.kind = Some(value),
            "isRoot" => parsed.is_root = value == "true",
            "parents" => parsed.parent = Some(value),
            "name" => {
                parsed.name = Some(NameMatch {
                    text: value.to_lowercase(),
                    prefix,
                })
            }
            other => return Err(format!("Unsupported filter field '{other}'")),
        }
    }
    Ok(parsed)
}

impl Filters {
    pub fn matches(&self, node: &Node) -> bool {
        let kind = if node.is_folder { "FOLDER" } else { "FILE" };
        self.kind.as_deref().is_none_or(|k| k == kind)
            && (!self.is_root || node.parent.is_none())
            && self
                .parent
                .as_deref()
                .is_none_or(|p| node.parent.as_deref() == Some(p))
            && self.name.as_ref().is_none_or(|m| {
                let name = node.name.to_lowercase();
                if m.prefix {
                    name.starts_with(&m.text)
                } else {
                    name == m.text
                }
            })
    }
}

/// Splits on ` AND ` outside escapes (an escaped space is part of a value).
fn split_and(filters: &str) -> Vec<String> {
    let mut terms = vec![String::new()];
    let mut chars = filters.chars().peekable();
    while let Some(c) = chars.next() {
        let current = terms.last_mut().expect("one term at least");
        if c == '\\' {
            current.push(c);
            if let Some(next) = chars.next() {
                current.push(next);
            }
        } else if c == ' ' && current.ends_with(" AND") {
            current.truncate(current.len() - 4);
            terms.push(String::new());
        } else {
            current.push(c);
        }
    }
    terms
        .into_iter()
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
        .collect()
}

/// The value without escapes, and whether it ended in an unescaped `*`.
fn unescape(value: &str) -> (String, bool) {
    let mut out = String::new();
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            '*' if chars.peek().is_none() => return (out, true),
            c => out.push(c),
        }
    }
    (out, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_spaces_and_and_stay_in_the_name() {
        let f = parse(r"kind:FILE AND name:a\ AND\ b\*.txt AND parents:P1").unwrap();
        assert_eq!(f.kind.as_deref(), Some("FILE"));
        assert_eq!(f.parent.as_deref(), Some("P1"));
        assert_eq!(
            f.name,
            Some(NameMatch {
                text: "a and b*.txt".into(),
                prefix: false
            })
        );
    }

    #[test]
    fn a_final_star_is_a_prefix() {
        let f = parse("name:deep*").unwrap();
        assert_eq!(
            f.name,
            Some(NameMatch {
                text: "deep".into(),
                prefix: true
            })
        );
        assert!(parse("owner:me").is_err());
    }
}
