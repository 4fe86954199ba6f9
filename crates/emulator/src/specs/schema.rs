//! JSON Schema as OpenAPI 3 (Box) and Swagger 2 (Alfresco) use it: `$ref`,
//! `allOf`/`oneOf`/`anyOf`, types, `nullable`, `required`, `enum`. Stricter than
//! JSON Schema in one way: a property no branch declares is reported, so an
//! invented or misspelt field name cannot pass.

use super::Findings;
use serde_json::Value;
use std::collections::HashSet;

pub struct Schemas {
    root: Value,
}

/// What an unresolvable `$ref` stands for: a schema that allows anything.
static ANYTHING: Value = Value::Null;

impl Schemas {
    pub fn new(root: Value) -> Self {
        Schemas { root }
    }

    pub fn root(&self) -> &Value {
        &self.root
    }

    /// Follows `$ref`s within the document; one that leads nowhere allows anything.
    pub fn resolve<'a>(&'a self, schema: &'a Value) -> &'a Value {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(reference) => match self.root.pointer(reference.trim_start_matches('#')) {
                Some(target) if target != schema => self.resolve(target),
                _ => &ANYTHING,
            },
            None => schema,
        }
    }

    /// Every property name the schema (with its branches) declares, or `None`
    /// when it allows any.
    fn declared(&self, schema: &Value) -> Option<HashSet<String>> {
        let schema = self.resolve(schema);
        if schema
            .get("additionalProperties")
            .is_some_and(|a| a != &Value::Bool(false))
        {
            return None;
        }
        let mut names: HashSet<String> = schema
            .get("properties")
            .and_then(Value::as_object)
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default();
        let mut saw_shape = schema.get("properties").is_some();
        for key in ["allOf", "oneOf", "anyOf"] {
            for branch in schema
                .get(key)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                saw_shape = true;
                names.extend(self.declared(branch)?);
            }
        }
        saw_shape.then_some(names)
    }

    pub fn check(&self, value: &Value, schema: &Value, path: &str, findings: &Findings) {
        let schema = self.resolve(schema);
        if value.is_null() {
            let nullable = schema.get("nullable") == Some(&Value::Bool(true))
                || schema.get("x-nullable") == Some(&Value::Bool(true));
            if !nullable && schema.get("type").is_some() {
                findings.push(path, "null where the spec has no nullable");
            }
            return;
        }
        if let Some(branches) = schema.get("allOf").and_then(Value::as_array) {
            for branch in branches {
                self.check_shape(value, branch, path, findings);
            }
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(branches) = schema.get(key).and_then(Value::as_array) {
                let fits = branches.iter().any(|b| {
                    let trial = Findings::default();
                    self.check(value, b, path, &trial);
                    trial.is_empty()
                });
                if !fits {
                    findings.push(path, format!("matches none of the {key} branches"));
                }
            }
        }
        self.check_shape(value, schema, path, findings);
        if let (Some(object), Some(allowed)) = (value.as_object(), self.declared(schema)) {
            for key in object.keys().filter(|k| !allowed.contains(*k)) {
                findings.push(path, format!("property {key:?} is not in the spec"));
            }
        }
    }

    /// Type, enum, required and the declared properties' own schemas.
    fn check_shape(&self, value: &Value, schema: &Value, path: &str, findings: &Findings) {
        let schema = self.resolve(schema);
        if let Some(branches) = schema.get("allOf").and_then(Value::as_array) {
            for branch in branches {
                self.check_shape(value, branch, path, findings);
            }
        }
        if let Some(ty) = schema.get("type").and_then(Value::as_str) {
            let ok = match ty {
                "string" => value.is_string(),
                "integer" => value.is_i64() || value.is_u64(),
                "number" => value.is_number(),
                "boolean" => value.is_boolean(),
                "array" => value.is_array(),
                "object" => value.is_object(),
                _ => true,
            };
            if !ok {
                return findings.push(path, format!("{value} is not of type {ty}"));
            }
        }
        if let Some(options) = schema.get("enum").and_then(Value::as_array) {
            if !options.contains(value) {
                findings.push(path, format!("{value} is not one of {options:?}"));
            }
        }
        if schema.get("format").and_then(Value::as_str) == Some("date-time") {
            let ok = value
                .as_str()
                .is_some_and(|s| s.len() >= 20 && s.as_bytes()[10] == b'T');
            if !ok {
                findings.push(path, format!("{value} is not a date-time"));
            }
        }
        if let (Some(items), Some(array)) = (schema.get("items"), value.as_array()) {
            for (i, item) in array.iter().enumerate() {
                self.check(item, items, &format!("{path}[{i}]"), findings);
            }
        }
        let Some(object) = value.as_object() else {
            return;
        };
        if let Some(required) = schema.get("required").and_then(Value::as_array) {
            let declared = schema.get("properties").and_then(Value::as_object);
            for name in required.iter().filter_map(Value::as_str) {
                // A required name the schema never declares is a typo in the spec
                // (Box's shared link requires `accessed` but declares `access`).
                let undeclared = declared.is_some_and(|d| !d.contains_key(name));
                if !object.contains_key(name) && !undeclared {
                    findings.push(path, format!("required property {name:?} is missing"));
                }
            }
        }
        if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
            for (name, item) in object {
                if let Some(sub) = properties.get(name) {
                    self.check(item, sub, &format!("{path}.{name}"), findings);
                }
            }
        }
    }
}
