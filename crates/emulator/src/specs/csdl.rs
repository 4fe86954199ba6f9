//! Microsoft Graph's CSDL: entity and complex types with their base types,
//! enum types, bound actions with their parameters, and a check that a JSON
//! value uses only declared properties with their types.

use super::Findings;
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;

#[derive(Debug, Default)]
pub struct Csdl {
    /// `driveItem` → (base type, property → type)
    types: HashMap<String, (Option<String>, HashMap<String, String>)>,
    enums: HashMap<String, Vec<String>>,
    /// (`microsoft.graph.driveItem`, `createLink`) → its parameters but the
    /// binding one, as (name, type).
    actions: HashMap<(String, String), Vec<(String, String)>>,
}

/// `graph.driveItem` → `microsoft.graph.driveItem` (the schema's alias expanded).
fn full(name: &str) -> String {
    match name.strip_prefix("graph.") {
        Some(rest) => format!("microsoft.graph.{rest}"),
        None => name.to_owned(),
    }
}

impl Csdl {
    pub fn load(file: &Path) -> std::io::Result<Csdl> {
        let text = super::read(file)?;
        let doc = roxmltree::Document::parse_with_options(
            &text,
            roxmltree::ParsingOptions {
                allow_dtd: true,
                ..Default::default()
            },
        )
        .map_err(|e| super::unreadable(file, e))?;
        let mut csdl = Csdl::default();
        for node in doc.descendants() {
            let namespace = node
                .ancestors()
                .find(|a| a.tag_name().name() == "Schema")
                .and_then(|s| s.attribute("Namespace"))
                .unwrap_or("microsoft.graph");
            match node.tag_name().name() {
                "EntityType" | "ComplexType" => {
                    let name =
                        format!("{namespace}.{}", node.attribute("Name").unwrap_or_default());
                    let base = node.attribute("BaseType").map(full);
                    let props = node
                        .children()
                        .filter(|c| {
                            matches!(c.tag_name().name(), "Property" | "NavigationProperty")
                        })
                        .filter_map(|c| {
                            Some((
                                c.attribute("Name")?.to_owned(),
                                c.attribute("Type")?.to_owned(),
                            ))
                        })
                        .collect();
                    csdl.types.insert(name, (base, props));
                }
                "EnumType" => {
                    let members = node
                        .children()
                        .filter_map(|c| c.attribute("Name").map(str::to_owned))
                        .collect();
                    csdl.enums.insert(
                        format!("{namespace}.{}", node.attribute("Name").unwrap_or_default()),
                        members,
                    );
                }
                "Action" if node.attribute("IsBound") == Some("true") => {
                    let mut parameters = node
                        .children()
                        .filter(|c| c.tag_name().name() == "Parameter")
                        .filter_map(|c| {
                            Some((
                                c.attribute("Name")?.to_owned(),
                                c.attribute("Type")?.to_owned(),
                            ))
                        });
                    let Some((_, binding)) = parameters.next() else {
                        continue;
                    };
                    let name = node.attribute("Name").unwrap_or_default().to_owned();
                    csdl.actions
                        .insert((full(&binding), name), parameters.collect());
                }
                _ => {}
            }
        }
        if !csdl.types.contains_key("microsoft.graph.driveItem") {
            return Err(super::unreadable(file, "no driveItem entity type"));
        }
        Ok(csdl)
    }

    /// Whether `ty` (`microsoft.graph.driveItem`) is a declared entity or complex type.
    pub fn has_type(&self, ty: &str) -> bool {
        self.types.contains_key(ty)
    }

    /// The parameters (but the binding one) of the action `name` bound to `ty`.
    pub fn action(&self, ty: &str, name: &str) -> Option<&[(String, String)]> {
        self.actions
            .get(&(ty.to_owned(), name.to_owned()))
            .map(Vec::as_slice)
    }

    /// The type of `ty`'s property (or navigation property) `name`, looking
    /// through its base types.
    pub fn property(&self, ty: &str, name: &str) -> Option<String> {
        let (base, props) = self.types.get(ty)?;
        props
            .get(name)
            .cloned()
            .or_else(|| base.as_deref().and_then(|b| self.property(b, name)))
    }

    pub fn check(&self, value: &Value, ty: &str, path: &str, findings: &Findings) {
        if value.is_null() {
            return;
        }
        if let Some(inner) = ty
            .strip_prefix("Collection(")
            .and_then(|t| t.strip_suffix(')'))
        {
            match value.as_array() {
                Some(items) => items
                    .iter()
                    .enumerate()
                    .for_each(|(i, v)| self.check(v, inner, &format!("{path}[{i}]"), findings)),
                None => findings.push(path, format!("{value} is not a collection")),
            }
            return;
        }
        let ok = match ty {
            "Edm.String" | "Edm.Guid" | "Edm.Duration" | "Edm.Binary" | "Edm.Date"
            | "Edm.TimeOfDay" => value.is_string(),
            "Edm.DateTimeOffset" => value
                .as_str()
                .is_some_and(|s| s.len() >= 20 && s.as_bytes()[10] == b'T'),
            "Edm.Int64" | "Edm.Int32" | "Edm.Int16" | "Edm.Byte" => {
                value.is_i64() || value.is_u64()
            }
            "Edm.Double" | "Edm.Single" | "Edm.Decimal" => value.is_number(),
            "Edm.Boolean" => value.is_boolean(),
            "Edm.Stream" => true,
            other => {
                let name = full(other);
                if let Some(members) = self.enums.get(&name) {
                    value
                        .as_str()
                        .is_some_and(|s| members.iter().any(|m| m == s))
                } else if self.types.contains_key(&name) {
                    let Some(object) = value.as_object() else {
                        return findings.push(path, format!("{value} is not a {name} object"));
                    };
                    for (key, item) in object {
                        if key.starts_with('@') || key.contains("@odata.") {
                            continue;
                        }
                        match self.property(&name, key) {
                            Some(t) => self.check(item, &t, &format!("{path}.{key}"), findings),
                            None => findings.push(path, format!("{name} has no property {key:?}")),
                        }
                    }
                    true
                } else {
                    findings.push(path, format!("unknown type {other}"));
                    true
                }
            }
        };
        if !ok {
            findings.push(path, format!("{value} is not {ty}"));
        }
    }
}
