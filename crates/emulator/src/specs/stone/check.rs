//! Checks a response against the Stone types: exactly the declared fields,
//! each with its declared type.

use super::{base_name, Def, Stone};
use crate::specs::Findings;
use serde_json::Value;

impl Stone {
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
            other => match self.lookup(other).map(|(_, def)| def) {
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
            match self.lookup(ty).map(|(_, def)| def) {
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
