//! Dropbox's Stone IDL: structs (with inheritance and enumerated subtypes),
//! unions, aliases and routes (`route files/list_folder (Arg, Result, Error)`
//! with its `host` and `style`), and a check that a JSON value has exactly the
//! declared fields with the declared types.

mod check;

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

/// A route as its `route` declaration and `attrs` describe it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// The argument type (`ListFolderArg`, `Void`, `async.PollArg`).
    pub arg: String,
    /// `api` (RPC, JSON body) or `content` (argument in `Dropbox-API-Arg`).
    pub host: String,
    /// `rpc`, `upload` or `download`.
    pub style: String,
}

#[derive(Debug, Default)]
pub struct Stone {
    pub defs: HashMap<String, Def>,
    /// By URL path below `/2/`: `files/list_folder`, `files/search_v2`.
    pub routes: HashMap<String, Route>,
}

/// Splits `Type(args) = default` at the `=` outside parentheses and quotes.
fn split_default(rest: &str) -> (&str, Option<&str>) {
    match top_level(rest, '=').next() {
        Some(i) => (rest[..i].trim(), Some(rest[i + 1..].trim())),
        None => (rest.trim(), None),
    }
}

/// Where `separator` stands in `text` outside parentheses and quoted strings.
fn top_level(text: &str, separator: char) -> impl Iterator<Item = usize> + '_ {
    let (mut depth, mut quoted, mut escaped) = (0i32, false, false);
    text.char_indices().filter_map(move |(i, c)| {
        if std::mem::take(&mut escaped) {
            return None;
        }
        match c {
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => depth -= 1,
            c if c == separator && !quoted && depth == 0 => return Some(i),
            _ => {}
        }
        None
    })
}

/// `route upload_session/finish:2 (Arg, Result, Error)` → (`upload_session/finish_v2`, `Arg`).
fn route_declaration(namespace: &str, line: &str) -> Option<(String, String)> {
    let rest = line.strip_prefix("route ")?;
    let (name, types) = rest.split_once('(')?;
    let name = name.trim();
    let name = match name.split_once(':') {
        Some((base, version)) if version != "1" => format!("{base}_v{version}"),
        Some((base, _)) => base.to_owned(),
        None => name.to_owned(),
    };
    let arg = types.split(',').next()?.trim().to_owned();
    Some((format!("{namespace}/{name}"), arg))
}

/// `String(min_length=1)?` → (`String`, true); `files.Path` stays qualified.
pub fn base_name(ty: &str) -> (String, bool) {
    let optional = ty.ends_with('?');
    let ty = ty.trim_end_matches('?');
    let name = ty.split('(').next().unwrap_or(ty).trim();
    (name.to_owned(), optional)
}

const PRIMITIVES: [&str; 13] = [
    "String",
    "Boolean",
    "UInt32",
    "UInt64",
    "Int32",
    "Int64",
    "Float32",
    "Float64",
    "Timestamp",
    "Bytes",
    "Void",
    "List",
    "Map",
];

/// Qualifies the user-defined types `ty` names with `namespace`, so that
/// `sharing.Path` and `files.Path` stay apart: `List(Foo, max_items=3)?` in
/// `files` → `List(files.Foo, max_items=3)?`.
fn qualify(namespace: &str, ty: &str) -> String {
    let (body, optional) = match ty.strip_suffix('?') {
        Some(body) => (body.trim(), "?"),
        None => (ty.trim(), ""),
    };
    let (name, args) = match body.find('(') {
        Some(open) => (body[..open].trim(), &body[open..]),
        None => (body, ""),
    };
    if matches!(name, "List" | "Map") {
        let inner = args.trim_start_matches('(').trim_end_matches(')');
        let parts: Vec<String> = split_top(inner)
            .into_iter()
            .map(|part| {
                if part.contains('=') {
                    part.to_owned()
                } else {
                    qualify(namespace, part)
                }
            })
            .collect();
        return format!("{name}({}){optional}", parts.join(", "));
    }
    if PRIMITIVES.contains(&name) || name.contains('.') || namespace.is_empty() {
        return format!("{body}{optional}");
    }
    format!("{namespace}.{name}{args}{optional}")
}

/// Splits `A, B(x=1, y=2)` at the commas outside parentheses and quotes.
pub fn split_top(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    for i in top_level(text, ',') {
        parts.push(text[start..i].trim());
        start = i + 1;
    }
    parts.push(text[start..].trim());
    parts
}

impl Stone {
    /// Reads every `.stone` file in `dir`.
    pub fn load(dir: &Path) -> std::io::Result<Stone> {
        let mut stone = Stone::default();
        let entries = std::fs::read_dir(dir).map_err(|e| super::unreadable(dir, e))?;
        for entry in entries {
            let path = entry.map_err(|e| super::unreadable(dir, e))?.path();
            if path.extension().is_some_and(|e| e == "stone") {
                stone.parse(&super::read(&path)?);
            }
        }
        if stone.routes.is_empty() {
            return Err(super::unreadable(dir, "no Stone routes found"));
        }
        Ok(stone)
    }

    fn parse(&mut self, text: &str) {
        let mut current: Option<(String, Def)> = None;
        let mut namespace = String::new();
        // The route being read, while its `attrs` follow.
        let mut route: Option<String> = None;
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
                    self.defs.insert(format!("{namespace}.{name}"), def);
                }
                in_example = false;
                in_subtypes = false;
                route = None;
                if let Some(name) = trimmed.strip_prefix("namespace ") {
                    namespace = name.trim().to_owned();
                }
                if let Some((name, arg)) = route_declaration(&namespace, trimmed) {
                    self.routes.insert(
                        name.clone(),
                        Route {
                            arg: qualify(&namespace, &arg),
                            host: "api".to_owned(),
                            style: "rpc".to_owned(),
                        },
                    );
                    route = Some(name);
                    continue;
                }
                let words: Vec<&str> = trimmed.split_whitespace().collect();
                let parent = words
                    .iter()
                    .position(|w| *w == "extends")
                    .map(|i| qualify(&namespace, words[i + 1]));
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
                            .map(|(_, t)| qualify(&namespace, t.trim()))
                            .unwrap_or_default();
                        self.defs
                            .insert(format!("{namespace}.{}", words[1]), Def::Alias(target));
                    }
                    _ => {}
                }
                continue;
            }
            if let Some(declared) = route.as_ref().and_then(|r| self.routes.get_mut(r)) {
                if let Some((key, value)) = trimmed.split_once('=') {
                    let value = value.trim().trim_matches('"').to_owned();
                    match key.trim() {
                        "host" => declared.host = value,
                        "style" => declared.style = value,
                        _ => {}
                    }
                }
                continue;
            }
            if indent != 4 || trimmed.starts_with('"') || trimmed.starts_with('@') {
                if indent == 8 && in_subtypes && !trimmed.starts_with('"') {
                    if let (Some((_, Def::Struct { subtypes, .. })), Some((tag, ty))) =
                        (current.as_mut(), trimmed.split_once(' '))
                    {
                        subtypes.push((tag.to_owned(), qualify(&namespace, ty.trim())));
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
                    let (ty, default) = split_default(rest);
                    fields.push(Field {
                        optional: ty.ends_with('?'),
                        name,
                        ty: qualify(&namespace, ty),
                        has_default: default.is_some(),
                    });
                }
                Some((_, Def::Union { members, .. })) => {
                    let ty = (!rest.is_empty())
                        .then(|| qualify(&namespace, rest.trim_end_matches('*').trim()));
                    members.push((name.trim_end_matches('*').to_owned(), ty));
                }
                _ => {}
            }
        }
        if let Some((name, def)) = current.take() {
            self.defs.insert(format!("{namespace}.{name}"), def);
        }
    }

    /// The definition a type names, with its qualified name: `files.Path`
    /// exactly, a bare `FileMetadata` wherever it is declared.
    pub fn lookup(&self, ty: &str) -> Option<(&str, &Def)> {
        let (name, _) = base_name(ty);
        if let Some((key, def)) = self.defs.get_key_value(&name) {
            return Some((key, def));
        }
        let suffix = format!(".{name}");
        let mut found: Vec<(&String, &Def)> = self
            .defs
            .iter()
            .filter(|(key, _)| key.ends_with(&suffix))
            .collect();
        found.sort_by_key(|(key, _)| key.as_str());
        found.first().map(|(key, def)| (key.as_str(), *def))
    }

    /// A struct's fields, its ancestors' first.
    pub fn all_fields(&self, name: &str) -> Vec<Field> {
        match self.lookup(name).map(|(_, def)| def) {
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

    /// A union's members (tag, type; `None` for void), its ancestors' first.
    pub fn union_members(&self, name: &str) -> Vec<(String, Option<String>)> {
        match self.lookup(name).map(|(_, def)| def) {
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
}
