//! Dropbox's Stone IDL, as far as checking a response needs: structs (with
//! inheritance and enumerated subtypes), unions and aliases, and a check that
//! a JSON value has exactly the declared fields with the declared types.

use super::Findings;
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;

#[derive(Debug, Clone)]
pub struct Field {
    pub name: String,
    pub ty: String,
    pub optional: bool,
    pub has_default: bool,
}

#[derive(Debug, Clone)]
pub enum Def {
    Struct {
        parent: Option<String>,
        fields: Vec<Field>,
        subtypes: Vec<(String, String)>,
    },
    Union {
        parent: Option<String>,
        members: Vec<(String, Option<String>)>,
    },
    Alias(String),
}

#[derive(Debug, Default)]
pub struct Stone {
    pub defs: HashMap<String, Def>,
}

/// `common.DropboxTimestamp` → `DropboxTimestamp`; `String(min_length=1)?` → (`String`, true).
fn base_name(ty: &str) -> (String, bool) {
    let optional = ty.ends_with('?');
    let ty = ty.trim_end_matches('?');
    let name = ty.split('(').next().unwrap_or(ty);
    let name = name.rsplit('.').next().unwrap_or(name);
    (name.to_owned(), optional)
}

impl Stone {
    pub fn load(dir: &Path) -> Stone {
        let mut stone = Stone::default();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "stone") {
                stone.parse(&std::fs::read_to_string(path).unwrap());
            }
        }
        stone
    }

    fn parse(&mut self, text: &str) {
        let mut current: Option<(String, Def)> = None;
        let mut in_example = false;
        let mut in_subtypes = false;
        let mut in_doc = false;
        for line in text.lines() {
            let indent = line.len() - line.trim_start().len();
            let trimmed = line.trim();
            // Doc strings may span lines at any indent: skip until the closing quote.
            let quotes = trimmed.matches('"').count() - trimmed.matches("\\\"").count();
            if in_doc {
                in_doc = quotes % 2 == 0;
                continue;
            }
            if trimmed.starts_with('"') {
                in_doc = quotes % 2 == 1;
                continue;
            }
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            if indent == 0 {
                if let Some((name, def)) = current.take() {
                    self.defs.insert(name, def);
                }
                in_example = false;
                in_subtypes = false;
                let words: Vec<&str> = trimmed.split_whitespace().collect();
                let parent = words
                    .iter()
                    .position(|w| *w == "extends")
                    .map(|i| base_name(words[i + 1]).0);
                match words.first().copied() {
                    Some("struct") => {
                        current = Some((
                            words[1].to_owned(),
                            Def::Struct {
                                parent,
                                fields: vec![],
                                subtypes: vec![],
                            },
                        ))
                    }
                    Some("union") | Some("union_closed") => {
                        current = Some((
                            words[1].to_owned(),
                            Def::Union {
                                parent,
                                members: vec![],
                            },
                        ))
                    }
                    Some("alias") => {
                        let target = trimmed
                            .split_once('=')
                            .map(|(_, t)| t.trim().to_owned())
                            .unwrap_or_default();
                        self.defs.insert(words[1].to_owned(), Def::Alias(target));
                    }
                    _ => {}
                }
                continue;
            }
            if indent != 4 || trimmed.starts_with('"') || trimmed.starts_with('@') {
                if indent == 8 && in_subtypes && !trimmed.starts_with('"') {
                    if let (Some((_, Def::Struct { subtypes, .. })), Some((tag, ty))) =
                        (current.as_mut(), trimmed.split_once(' '))
                    {
                        subtypes.push((tag.to_owned(), ty.trim().to_owned()));
                    }
                }
                continue;
            }
            in_subtypes = false;
            if trimmed.starts_with("example") {
                in_example = true;
                continue;
            }
            if in_example {
                continue;
            }
            if trimmed == "union" || trimmed == "union_closed" {
                in_subtypes = true;
                continue;
            }
            let mut parts = trimmed.splitn(2, ' ');
            let name = parts.next().unwrap_or_default().to_owned();
            let rest = parts.next().unwrap_or_default().trim();
            match current.as_mut() {
                Some((_, Def::Struct { fields, .. })) if !rest.is_empty() => {
                    let (ty, default) = match rest.split_once('=') {
                        Some((ty, _)) => (ty.trim().to_owned(), true),
                        None => (rest.to_owned(), false),
                    };
                    fields.push(Field {
                        optional: ty.ends_with('?'),
                        name,
                        ty,
                        has_default: default,
                    });
                }
                Some((_, Def::Union { members, .. })) => {
                    let ty =
                        (!rest.is_empty()).then(|| rest.trim_end_matches('*').trim().to_owned());
                    members.push((name.trim_end_matches('*').to_owned(), ty));
                }
                _ => {}
            }
        }
        if let Some((name, def)) = current.take() {
            self.defs.insert(name, def);
        }
    }

    fn all_fields(&self, name: &str) -> Vec<Field> {
        match self.defs.get(name) {
            Some(Def::Struct { parent, fields, .. }) => {
                let mut all = parent
                    .as_deref()
                    .map(|p| self.all_fields(p))
                    .unwrap_or_default();
                all.extend(fields.iter().cloned());
                all
            }
            _ => Vec::new(),
        }
    }

    fn union_members(&self, name: &str) -> Vec<(String, Option<String>)> {
        match self.defs.get(name) {
            Some(Def::Union { parent, members }) => {
                let mut all = parent
                    .as_deref()
                    .map(|p| self.union_members(p))
                    .unwrap_or_default();
                all.extend(members.iter().cloned());
                all
            }
            _ => Vec::new(),
        }
    }

    /// Checks `value` against the Stone type `ty`.
    pub fn check(&self, value: &Value, ty: &str, path: &str, findings: &Findings) {
        let (name, optional) = base_name(ty);
        if value.is_null() {
            if !optional {
                findings.push(path, format!("null where {ty} is required"));
            }
            return;
        }
        let raw = ty.trim_end_matches('?');
        match name.as_str() {
            "String" => expect(value.is_string(), value, "a string", path, findings),
            "Boolean" => expect(value.is_boolean(), value, "a boolean", path, findings),
            "UInt64" | "UInt32" => {
                expect(value.is_u64(), value, "an unsigned integer", path, findings)
            }
            "Int64" | "Int32" => expect(value.is_i64(), value, "an integer", path, findings),
            "Float64" | "Float32" => expect(value.is_number(), value, "a number", path, findings),
            "Timestamp" => {
                let ok = value
                    .as_str()
                    .is_some_and(|s| s.len() == 20 && s.ends_with('Z') && s.as_bytes()[10] == b'T');
                expect(ok, value, "a %Y-%m-%dT%H:%M:%SZ timestamp", path, findings);
            }
            "Void" => {}
            "List" => match value.as_array() {
                None => findings.push(path, format!("{value} is not a list")),
                Some(items) => {
                    let inner = raw.trim_start_matches("List(").trim_end_matches(')');
                    let inner = inner
                        .split(", min_items")
                        .next()
                        .unwrap_or(inner)
                        .split(", max_items")
                        .next()
                        .unwrap_or(inner);
                    for (i, item) in items.iter().enumerate() {
                        self.check(item, inner, &format!("{path}[{i}]"), findings);
                    }
                }
            },
            other => match self.defs.get(other) {
                Some(Def::Alias(target)) => self.check(value, target, path, findings),
                Some(Def::Struct { subtypes, .. }) if !subtypes.is_empty() => {
                    let tag = value
                        .get(".tag")
                        .and_then(Value::as_str)
                        .unwrap_or_default();
                    match subtypes.iter().find(|(t, _)| t == tag) {
                        Some((_, sub)) => {
                            self.check_struct(value, &base_name(sub).0, path, findings)
                        }
                        None => findings.push(
                            path,
                            format!("\".tag\" {tag:?} is not a subtype of {other}"),
                        ),
                    }
                }
                Some(Def::Struct { .. }) => self.check_struct(value, other, path, findings),
                Some(Def::Union { .. }) => self.check_union(value, other, path, findings),
                None => findings.push(path, format!("unknown type {other}")),
            },
        }
    }

    fn check_struct(&self, value: &Value, name: &str, path: &str, findings: &Findings) {
        let Some(object) = value.as_object() else {
            return findings.push(path, format!("{value} is not a {name} object"));
        };
        let fields = self.all_fields(name);
        for (key, item) in object {
            if key == ".tag" {
                continue;
            }
            match fields.iter().find(|f| f.name == *key) {
                Some(field) => self.check(item, &field.ty, &format!("{path}.{key}"), findings),
                None => findings.push(path, format!("{name} has no field {key:?}")),
            }
        }
        for field in fields.iter().filter(|f| !f.optional && !f.has_default) {
            if !object.contains_key(&field.name) {
                findings.push(
                    path,
                    format!("{name}.{} is required but missing", field.name),
                );
            }
        }
    }

    fn check_union(&self, value: &Value, name: &str, path: &str, findings: &Findings) {
        let members = self.union_members(name);
        let (tag, object) = match value {
            Value::String(tag) => (tag.as_str(), None),
            Value::Object(o) => (
                o.get(".tag").and_then(Value::as_str).unwrap_or_default(),
                Some(o),
            ),
            _ => return findings.push(path, format!("{value} is not a {name} union")),
        };
        let Some((_, ty)) = members.iter().find(|(t, _)| t == tag) else {
            return findings.push(path, format!("{tag:?} is not a member of {name}"));
        };
        if let (Some(ty), Some(object)) = (ty, object) {
            let (inner, _) = base_name(ty);
            match self.defs.get(&inner) {
                // A plain struct member sits inline; one with subtypes needs its
                // own `.tag`, so it goes under the member's name.
                Some(Def::Struct { subtypes, .. }) if subtypes.is_empty() => {
                    let mut fields = object.clone();
                    fields.remove(".tag");
                    self.check(
                        &Value::Object(fields),
                        ty,
                        &format!("{path}<{tag}>"),
                        findings,
                    );
                }
                _ => {
                    let inner_value = object.get(tag).cloned().unwrap_or(Value::Null);
                    self.check(&inner_value, ty, &format!("{path}.{tag}"), findings);
                }
            }
        }
    }
}

fn expect(ok: bool, value: &Value, what: &str, path: &str, findings: &Findings) {
    if !ok {
        findings.push(path, format!("{value} is not {what}"));
    }
}
