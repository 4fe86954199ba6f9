//! Stone's JSON decoding, as Dropbox's servers apply it to a route's
//! argument: strict (an unknown field or union tag is an error), with the
//! decoder's own wording of each reason
//! (`stone/backends/python_rsrc/stone_serializers.py` and `stone_validators.py`,
//! the code Dropbox's SDKs and servers share).

use crate::specs::stone::{base_name, split_top, Def, Stone};
use regex::Regex;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Mutex;

/// Why a value does not decode: the message and the fields leading to it.
pub(super) struct Invalid {
    message: String,
    parents: Vec<String>,
}

impl Invalid {
    fn new(message: String) -> Invalid {
        Invalid {
            message,
            parents: Vec::new(),
        }
    }

    fn under(mut self, parent: &str) -> Invalid {
        self.parents.push(parent.to_owned());
        self
    }
}

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.parents.is_empty() {
            return f.write_str(&self.message);
        }
        let path: Vec<&str> = self.parents.iter().rev().map(String::as_str).collect();
        write!(f, "{}: {}", path.join("."), self.message)
    }
}

pub(super) type Decoded = Result<(), Invalid>;

/// Stone's `generic_type_name`.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_f64() => "float",
        Value::Number(_) => "integer",
        Value::Array(_) => "list",
        Value::String(_) => "string",
        Value::Null => "null",
        Value::Object(_) => "dict",
    }
}

/// Stone's `get_value_string`: strings bare, anything else as JSON.
fn shown(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The arguments of a constrained type: `String(min_length=1, pattern="a|b")`.
fn type_args(ty: &str) -> HashMap<String, String> {
    let Some(open) = ty.find('(') else {
        return HashMap::new();
    };
    let inner = ty[open + 1..].trim_end_matches('?').trim_end_matches(')');
    let (mut args, mut current, mut quoted, mut escaped, mut depth) =
        (HashMap::new(), String::new(), false, false, 0i32);
    let mut finish = |current: &mut String| {
        if let Some((key, value)) = current.split_once('=') {
            args.insert(key.trim().to_owned(), value.trim().to_owned());
        }
        current.clear();
    };
    for c in inner.chars() {
        if escaped {
            // Stone's string literals escape `\` and `"` with a backslash.
            if c != '\\' && c != '"' {
                current.push('\\');
            }
            current.push(c);
            escaped = false;
            continue;
        }
        match c {
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            ',' if !quoted && depth == 0 => finish(&mut current),
            '(' if !quoted => {
                depth += 1;
                current.push(c);
            }
            ')' if !quoted => {
                depth -= 1;
                current.push(c);
            }
            _ => current.push(c),
        }
    }
    finish(&mut current);
    args
}

pub(super) struct Decoder {
    pub(super) stone: Stone,
    /// Compiled `pattern=`s; `None` for one Rust's regex cannot compile.
    patterns: Mutex<HashMap<String, Option<Regex>>>,
}

impl Decoder {
    pub(super) fn new(stone: Stone) -> Decoder {
        Decoder {
            stone,
            patterns: Mutex::new(HashMap::new()),
        }
    }

    /// Decodes the JSON text `text` as the Stone type `ty`.
    pub(super) fn decode_text(&self, text: &[u8], ty: &str) -> Decoded {
        let value: Value = serde_json::from_slice(text)
            .map_err(|_| Invalid::new("could not decode input as JSON".to_owned()))?;
        self.decode(&value, ty)
    }

    /// Decodes `value` as the Stone type `ty` (`String(min_length=1)?`, `ListFolderArg`).
    fn decode(&self, value: &Value, ty: &str) -> Decoded {
        let (name, nullable) = base_name(ty);
        if value.is_null() && (nullable || name == "Void") {
            return Ok(());
        }
        let args = type_args(ty);
        match name.as_str() {
            "Void" => Err(Invalid::new(format!("expected null, got {}", kind(value)))),
            "String" => self.string(value, &args),
            "Boolean" if value.is_boolean() => Ok(()),
            "Boolean" => Err(Invalid::new(format!(
                "'{}' is not a valid boolean",
                shown(value)
            ))),
            "UInt32" => integer(value, &args, 0, u32::MAX.into()),
            "UInt64" => integer(value, &args, 0, u64::MAX.into()),
            "Int32" => integer(value, &args, i32::MIN.into(), i32::MAX.into()),
            "Int64" => integer(value, &args, i64::MIN.into(), i64::MAX.into()),
            "Float32" | "Float64" if value.is_number() => Ok(()),
            "Float32" | "Float64" => Err(Invalid::new(format!(
                "expected real number, got {}",
                kind(value)
            ))),
            "Timestamp" => timestamp(value),
            "Bytes" if value.is_string() => Ok(()),
            "Bytes" => Err(Invalid::new(format!(
                "expected bytes type, got {}",
                kind(value)
            ))),
            "List" => self.list(value, ty, &args),
            "Map" if value.is_object() => Ok(()),
            "Map" => Err(Invalid::new(format!(
                "{} is not a valid dict",
                shown(value)
            ))),
            other => match self.stone.lookup(other).map(|(_, def)| def) {
                Some(Def::Alias(target)) => self.decode(value, target),
                Some(Def::Struct { subtypes, .. }) if !subtypes.is_empty() => {
                    self.subtype(value, other, subtypes)
                }
                Some(Def::Struct { .. }) => self.structure(value, other),
                Some(Def::Union { .. }) => self.union(value, other),
                // A type this parser does not know is let through.
                None => Ok(()),
            },
        }
    }

    fn string(&self, value: &Value, args: &HashMap<String, String>) -> Decoded {
        let Some(text) = value.as_str() else {
            return Err(Invalid::new(format!(
                "'{}' expected to be a string, got {}",
                shown(value),
                kind(value)
            )));
        };
        let length = text.chars().count();
        let limit = |key: &str| args.get(key).and_then(|v| v.parse::<usize>().ok());
        if let Some(max) = limit("max_length").filter(|max| length > *max) {
            return Err(Invalid::new(format!(
                "'{text}' must be at most {max} characters, got {length}"
            )));
        }
        if let Some(min) = limit("min_length").filter(|min| length < *min) {
            return Err(Invalid::new(format!(
                "'{text}' must be at least {min} characters, got {length}"
            )));
        }
        if let Some(pattern) = args.get("pattern") {
            if !self.matches(pattern, text) {
                return Err(Invalid::new(format!(
                    "'{text}' did not match pattern '{pattern}'"
                )));
            }
        }
        Ok(())
    }

    /// Whether `text` matches all of `pattern`; true for a pattern Rust's regex
    /// cannot compile (look-around), which is then not checked.
    fn matches(&self, pattern: &str, text: &str) -> bool {
        let Ok(mut cache) = self.patterns.lock() else {
            return true;
        };
        let compiled = cache
            .entry(pattern.to_owned())
            .or_insert_with(|| Regex::new(&format!(r"\A(?:{pattern})\z")).ok());
        compiled.as_ref().is_none_or(|re| re.is_match(text))
    }

    fn list(&self, value: &Value, ty: &str, args: &HashMap<String, String>) -> Decoded {
        let Some(items) = value.as_array() else {
            return Err(Invalid::new(format!(
                "'{}' is not a valid list",
                shown(value)
            )));
        };
        let count = |key: &str| args.get(key).and_then(|v| v.parse::<usize>().ok());
        if let Some(max) = count("max_items").filter(|max| items.len() > *max) {
            return Err(Invalid::new(format!("'{value}' has more than {max} items")));
        }
        if let Some(min) = count("min_items").filter(|min| items.len() < *min) {
            return Err(Invalid::new(format!(
                "'{value}' has fewer than {min} items"
            )));
        }
        // `List(Inner, min_items=1)`: the first argument is the item type.
        let inner = ty.trim_end_matches('?');
        let inner = inner[inner.find('(').map_or(0, |i| i + 1)..].trim_end_matches(')');
        let inner = split_top(inner).into_iter().next().unwrap_or_default();
        items.iter().try_for_each(|item| self.decode(item, inner))
    }

    fn structure(&self, value: &Value, name: &str) -> Decoded {
        let Some(object) = value.as_object() else {
            return Err(Invalid::new(format!(
                "expected object, got {}",
                kind(value)
            )));
        };
        let fields = self.stone.all_fields(name);
        if let Some(unknown) = object
            .keys()
            .find(|k| !k.starts_with(".tag") && !fields.iter().any(|f| f.name == **k))
        {
            return Err(Invalid::new(format!("unknown field '{unknown}'")));
        }
        for field in &fields {
            match object.get(&field.name) {
                Some(item) => self
                    .decode(item, &field.ty)
                    .map_err(|e| e.under(&field.name))?,
                None if field.optional || field.has_default => {}
                None => {
                    return Err(Invalid::new(format!(
                        "missing required field '{}'",
                        field.name
                    )))
                }
            }
        }
        Ok(())
    }

    fn subtype(&self, value: &Value, name: &str, subtypes: &[(String, String)]) -> Decoded {
        let Some(object) = value.as_object() else {
            return Err(Invalid::new(format!(
                "expected object, got {}",
                kind(value)
            )));
        };
        let Some(tag) = object.get(".tag") else {
            return Err(Invalid::new("missing '.tag' key".to_owned()));
        };
        let tag = tag.as_str().unwrap_or_default();
        match subtypes.iter().find(|(t, _)| t == tag) {
            Some((_, sub)) => self.decode(value, sub),
            None => Err(Invalid::new(format!("unknown subtype '{tag}' of {name}"))),
        }
    }

    fn union(&self, value: &Value, name: &str) -> Decoded {
        let members = self.stone.union_members(name);
        let member = |tag: &str| {
            members
                .iter()
                .find(|(t, _)| t == tag)
                .map(|(_, ty)| ty.clone())
                .ok_or_else(|| Invalid::new(format!("unknown tag '{tag}'")))
        };
        let object = match value {
            Value::String(tag) => {
                return match member(tag)? {
                    Some(ty) if !ty.ends_with('?') => Err(Invalid::new(format!(
                        "expected object for '{tag}', got symbol"
                    ))),
                    _ => Ok(()),
                };
            }
            Value::Object(object) => object,
            other => {
                return Err(Invalid::new(format!(
                    "expected string or object, got {}",
                    kind(other)
                )))
            }
        };
        let tag = match object.get(".tag") {
            None => return Err(Invalid::new("missing '.tag' key".to_owned())),
            Some(Value::String(tag)) => tag.as_str(),
            Some(other) => {
                return Err(Invalid::new(format!(
                    "tag must be string, got {}",
                    kind(other)
                )))
            }
        };
        let Some(ty) = member(tag)? else {
            return match object.keys().find(|k| *k != ".tag") {
                Some(key) => Err(Invalid::new(format!("unexpected key '{key}'"))),
                None => Ok(()),
            };
        };
        // A member that is a struct without subtypes sits inline beside `.tag`.
        let inline = matches!(
            self.stone.lookup(&ty).map(|(_, def)| def),
            Some(Def::Struct { subtypes, .. }) if subtypes.is_empty()
        );
        if inline {
            return self.decode(value, &ty);
        }
        if let Some(key) = object.keys().find(|k| *k != ".tag" && *k != tag) {
            return Err(Invalid::new(format!("unexpected key '{key}'")));
        }
        match object.get(tag) {
            Some(inner) => self.decode(inner, &ty).map_err(|e| e.under(tag)),
            None if ty.ends_with('?') => Ok(()),
            None => Err(Invalid::new(format!("missing '{tag}' key"))),
        }
    }
}

fn integer(value: &Value, args: &HashMap<String, String>, min: i128, max: i128) -> Decoded {
    let number = match value {
        Value::Number(n) if !n.is_f64() => {
            n.as_i64().map(i128::from).or(n.as_u64().map(i128::from))
        }
        _ => None,
    };
    let Some(number) = number else {
        return Err(Invalid::new(format!(
            "expected integer, got {}",
            kind(value)
        )));
    };
    let bound = |key: &str, default: i128| {
        args.get(key)
            .and_then(|v| v.parse::<i128>().ok())
            .unwrap_or(default)
    };
    let (min, max) = (bound("min_value", min), bound("max_value", max));
    if number < min || number > max {
        return Err(Invalid::new(format!(
            "{number} is not within range [{min}, {max}]"
        )));
    }
    Ok(())
}

/// Dropbox's timestamps are `%Y-%m-%dT%H:%M:%SZ`.
fn timestamp(value: &Value) -> Decoded {
    let Some(text) = value.as_str() else {
        return Err(Invalid::new(format!(
            "expected timestamp, got {}",
            kind(value)
        )));
    };
    let digits = |range: std::ops::Range<usize>| {
        text.get(range)
            .is_some_and(|s| s.bytes().all(|b| b.is_ascii_digit()))
    };
    let shape = text.len() == 20
        && text.as_bytes()[4] == b'-'
        && text.as_bytes()[7] == b'-'
        && text.as_bytes()[10] == b'T'
        && text.as_bytes()[13] == b':'
        && text.as_bytes()[16] == b':'
        && text.ends_with('Z');
    if shape
        && digits(0..4)
        && digits(5..7)
        && digits(8..10)
        && digits(11..13)
        && digits(14..16)
        && digits(17..19)
    {
        Ok(())
    } else {
        Err(Invalid::new(format!(
            "timestamp '{text}' does not match format '%Y-%m-%dT%H:%M:%SZ'"
        )))
    }
}
