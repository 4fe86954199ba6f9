//! Operations of an OpenAPI 3 (Box) or Swagger 2 (Alfresco) document: the one
//! a method and a concrete path (`/folders/0/items`) name, its parameters and
//! the schema of its JSON request body.

use super::schema::Schemas;
use serde_json::Value;

/// One path template split into segments (`["folders", "{folder_id}", "items"]`).
struct Template {
    text: String,
    segments: Vec<String>,
}

impl Template {
    /// How well `path`'s segments fit: `None` when they do not, else the number
    /// of literal characters matched (a literal beats a variable).
    fn fit(&self, segments: &[&str]) -> Option<usize> {
        if segments.len() != self.segments.len() {
            return None;
        }
        let mut score = 0;
        for (template, actual) in self.segments.iter().zip(segments) {
            match (template.find('{'), template.rfind('}')) {
                (Some(open), Some(close)) => {
                    let (prefix, suffix) = (&template[..open], &template[close + 1..]);
                    let fits = actual.len() > prefix.len() + suffix.len()
                        && actual.starts_with(prefix)
                        && actual.ends_with(suffix);
                    if !fits {
                        return None;
                    }
                    score += prefix.len() + suffix.len();
                }
                _ if template == actual => score += template.len() + 1,
                _ => return None,
            }
        }
        Some(score)
    }
}

/// A parsed API document.
pub struct Api {
    schemas: Schemas,
    templates: Vec<Template>,
}

/// A query parameter as the spec declares it.
#[derive(Debug, Clone)]
pub struct Parameter<'a> {
    pub name: &'a str,
    pub required: bool,
    /// The value's schema (OpenAPI 3's `schema`, or Swagger 2's parameter itself).
    pub schema: &'a Value,
}

impl Api {
    pub fn new(root: Value) -> Api {
        let templates = root
            .get("paths")
            .and_then(Value::as_object)
            .into_iter()
            .flat_map(|paths| paths.keys())
            .map(|text| Template {
                text: text.clone(),
                segments: segments(text).map(str::to_owned).collect(),
            })
            .collect();
        Api {
            schemas: Schemas::new(root),
            templates,
        }
    }

    pub fn schemas(&self) -> &Schemas {
        &self.schemas
    }

    /// The template (`/folders/{folder_id}/items`) and operation object for
    /// `method` on `path` (relative to the API's base), if the spec has one.
    pub fn operation(&self, method: &str, path: &str) -> Option<(&str, &Value)> {
        let actual: Vec<&str> = segments(path).collect();
        let method = method.to_ascii_lowercase();
        self.templates
            .iter()
            .filter_map(|t| {
                let op = self.schemas.root()["paths"][&t.text].get(&method)?;
                Some((t.fit(&actual)?, t, op))
            })
            .max_by_key(|(score, _, _)| *score)
            .map(|(_, t, op)| (t.text.as_str(), op))
    }

    /// The operation's parameters `in` the given place (`query`, `path`,
    /// `header`), with the path item's own ones.
    pub fn parameters<'a>(
        &'a self,
        template: &str,
        op: &'a Value,
        place: &str,
    ) -> Vec<Parameter<'a>> {
        let shared = self.schemas.root()["paths"][template].get("parameters");
        [shared, op.get("parameters")]
            .into_iter()
            .flatten()
            .filter_map(Value::as_array)
            .flatten()
            .map(|p| self.schemas.resolve(p))
            .filter(|p| p.get("in").and_then(Value::as_str) == Some(place))
            .filter_map(|p| {
                Some(Parameter {
                    name: p.get("name")?.as_str()?,
                    required: p.get("required") == Some(&Value::Bool(true)),
                    schema: p.get("schema").unwrap_or(p),
                })
            })
            .collect()
    }

    /// The media types the operation's request body may have (Swagger 2's
    /// `consumes`, OpenAPI 3's `requestBody.content`); empty when it takes none.
    pub fn body_types<'a>(&'a self, op: &'a Value) -> Vec<&'a str> {
        let body = op.get("requestBody").map(|b| self.schemas.resolve(b));
        match body
            .and_then(|b| b.get("content"))
            .and_then(Value::as_object)
        {
            Some(content) => content.keys().map(String::as_str).collect(),
            None => op
                .get("consumes")
                .or_else(|| self.schemas.root().get("consumes"))
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect(),
        }
    }

    /// The schema of the operation's JSON request body, if it has one.
    pub fn json_body<'a>(&'a self, op: &'a Value) -> Option<&'a Value> {
        if let Some(body) = op.get("requestBody") {
            return self.schemas.resolve(body)["content"]
                .get("application/json")?
                .get("schema");
        }
        op.get("parameters")?
            .as_array()?
            .iter()
            .map(|p| self.schemas.resolve(p))
            .find(|p| p.get("in").and_then(Value::as_str) == Some("body"))?
            .get("schema")
    }
}

fn segments(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|s| !s.is_empty())
}
