//! The import graph of a crate's source files, read from its `crate::`,
//! `super::` and `self::` paths (the way `cargo-modules` draws it), and the
//! figures ARCHITECTURE.md states about it: loops, imports that run back up
//! the layers, and the number of layers.
//!
//! A node is a source file. An edge `a → b` means a file names something
//! that `b` defines; a name that a `mod.rs` (or `lib.rs`) only re-exports
//! is followed to the file that defines it. Unit tests (`#[cfg(test)] mod
//! tests`) are left out: they are not part of the layering.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Files by module path (`["pick", "copy"]`), with the paths each one names.
#[derive(Debug, Default)]
pub struct Graph {
    /// Module path → file, relative to `src/`.
    pub files: BTreeMap<Vec<String>, String>,
    /// File → the files it imports from.
    pub edges: BTreeMap<String, BTreeSet<String>>,
}

/// The figures of a graph, for the files under `outside` (all when empty).
#[derive(Debug, PartialEq, Eq)]
pub struct Figures {
    /// Groups of files that import each other, round a loop.
    pub loops: Vec<Vec<String>>,
    /// Imports that run back up: the edges a depth-first walk finds closing a loop.
    pub back: Vec<(String, String)>,
    /// The longest chain of imports, once each loop counts as one file.
    pub layers: usize,
}

impl Graph {
    /// Reads every `.rs` file under `src`.
    pub fn read(src: &Path) -> Graph {
        let mut graph = Graph::default();
        let mut texts = BTreeMap::new();
        for file in rust_files(src) {
            let relative = file
                .strip_prefix(src)
                .expect("under src")
                .to_string_lossy()
                .into_owned();
            let text = code_only(&std::fs::read_to_string(&file).expect("readable source"));
            graph.files.insert(module_path(&relative), relative.clone());
            texts.insert(relative, text);
        }
        let reexports: BTreeMap<String, Vec<(String, Vec<String>)>> = texts
            .iter()
            .map(|(file, text)| (file.clone(), graph.reexports(file, text)))
            .collect();
        for (file, text) in &texts {
            let mut targets = BTreeSet::new();
            let module = module_path(file);
            let children: Vec<String> = graph
                .files
                .keys()
                .filter(|m| m.len() == module.len() + 1 && m.starts_with(&module))
                .filter_map(|m| m.last().cloned())
                .collect();
            // In a mod.rs, `client::Client` names the child module `client`.
            let local = children.iter().flat_map(|child| {
                relative_paths(text, child).into_iter().map(|p| {
                    std::iter::once("self".to_owned())
                        .chain(p)
                        .collect::<Vec<_>>()
                })
            });
            for path in paths_named(text).into_iter().chain(local) {
                if let Some(absolute) = graph.absolute(file, &path) {
                    if let Some(target) = graph.resolve(&absolute, &reexports, 0) {
                        if &target != file {
                            targets.insert(target);
                        }
                    }
                }
            }
            graph.edges.insert(file.clone(), targets);
        }
        graph
    }

    /// `pub use` names of `file`: (name, absolute path it stands for).
    fn reexports(&self, file: &str, text: &str) -> Vec<(String, Vec<String>)> {
        let mut names = Vec::new();
        for statement in text.split(';') {
            let statement = statement.trim();
            let Some(rest) = statement
                .strip_prefix("pub use ")
                .or_else(|| statement.strip_prefix("pub(crate) use "))
            else {
                continue;
            };
            for path in expand(rest) {
                let last = path.last().cloned().unwrap_or_default();
                let path = if ["crate", "super", "self"].contains(&path[0].as_str()) {
                    path
                } else {
                    // `pub use client::Client;` in a mod.rs: relative to the module.
                    std::iter::once("self".to_owned()).chain(path).collect()
                };
                if let Some(absolute) = self.absolute(file, &path) {
                    names.push((last, absolute));
                }
            }
        }
        names
    }

    /// `path` as a path from the crate root, seen from `file`.
    fn absolute(&self, file: &str, path: &[String]) -> Option<Vec<String>> {
        let mut module = module_path(file);
        let mut rest = path;
        match path.first()?.as_str() {
            "crate" => {
                module.clear();
                rest = &path[1..];
            }
            "self" => rest = &path[1..],
            "super" => {
                while rest.first().map(String::as_str) == Some("super") {
                    module.pop()?;
                    rest = &rest[1..];
                }
            }
            _ => return None,
        }
        module.extend(rest.iter().cloned());
        Some(module)
    }

    /// The file that defines what `path` names, following re-exports.
    fn resolve(
        &self,
        path: &[String],
        reexports: &BTreeMap<String, Vec<(String, Vec<String>)>>,
        depth: usize,
    ) -> Option<String> {
        // The longest prefix of `path` that is a module file.
        let (length, file) = (0..=path.len())
            .rev()
            .find_map(|n| self.files.get(&path[..n]).map(|f| (n, f.clone())))?;
        if depth < 8 {
            if let Some(name) = path.get(length) {
                if let Some((_, target)) = reexports[&file].iter().find(|(n, _)| n == name) {
                    let mut followed = target.clone();
                    followed.extend(path[length + 1..].iter().cloned());
                    if followed != path {
                        return self.resolve(&followed, reexports, depth + 1).or(Some(file));
                    }
                }
            }
        }
        Some(file)
    }

    /// The figures for the files not under any of `excluded` (folders such as "app/").
    pub fn figures(&self, excluded: &[&str]) -> Figures {
        let keep = |f: &String| !excluded.iter().any(|e| f.starts_with(e));
        let nodes: Vec<String> = self.edges.keys().filter(|f| keep(f)).cloned().collect();
        let index: BTreeMap<&String, usize> =
            nodes.iter().enumerate().map(|(i, f)| (f, i)).collect();
        let adjacency: Vec<Vec<usize>> = nodes
            .iter()
            .map(|f| {
                self.edges[f]
                    .iter()
                    .filter_map(|t| index.get(t).copied())
                    .collect()
            })
            .collect();
        let components = tarjan(&adjacency);
        let loops = components
            .iter()
            .filter(|c| c.len() > 1)
            .map(|c| {
                let mut names: Vec<String> = c.iter().map(|&i| nodes[i].clone()).collect();
                names.sort();
                names
            })
            .collect();
        let back = back_edges(&adjacency)
            .into_iter()
            .map(|(a, b)| (nodes[a].clone(), nodes[b].clone()))
            .collect();
        Figures {
            loops,
            back,
            layers: longest_chain(&adjacency, &components),
        }
    }
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("a source folder")
        .map(|e| e.expect("an entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// `pick/copy.rs` → `["pick", "copy"]`; `pick/mod.rs` → `["pick"]`; `lib.rs` → `[]`.
fn module_path(relative: &str) -> Vec<String> {
    let mut parts: Vec<String> = relative
        .trim_end_matches(".rs")
        .split('/')
        .map(str::to_owned)
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// The text without comments, string contents and unit tests.
fn code_only(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => &text[..at],
        None => text,
    };
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                let mut last = ' ';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
            }
            '"' => {
                out.push('"');
                let mut escaped = false;
                for c in chars.by_ref() {
                    if !escaped && c == '"' {
                        break;
                    }
                    escaped = !escaped && c == '\\';
                }
                out.push('"');
            }
            _ => out.push(c),
        }
    }
    out
}

/// Every path that starts with `crate::`, `super::` or `self::`, with `{…}` groups expanded.
fn paths_named(text: &str) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    let bytes = text.as_bytes();
    for start in ["crate::", "super::", "self::"] {
        for (at, _) in text.match_indices(start) {
            let before = at.checked_sub(1).map(|i| bytes[i]);
            if before.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b':') {
                continue;
            }
            paths.extend(expand(use_tree(&text[at..])));
        }
    }
    paths
}

/// Every path that starts with `child::`, not after another segment.
fn relative_paths(text: &str, child: &str) -> Vec<Vec<String>> {
    let bytes = text.as_bytes();
    let start = format!("{child}::");
    text.match_indices(&start)
        .filter(|(at, _)| {
            !at.checked_sub(1)
                .map(|i| bytes[i])
                .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b':')
        })
        .flat_map(|(at, _)| expand(use_tree(&text[at..])))
        .collect()
}

/// The use tree at the start of `text`: a path, possibly ending in a `{…}` group.
fn use_tree(text: &str) -> &str {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => return &text[..i],
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return &text[..=i];
                }
            }
            c if depth == 0 && !(c.is_alphanumeric() || c == '_' || c == ':') => return &text[..i],
            _ => {}
        }
    }
    text
}

/// `a::{b, c::{d, e}}` → `[a,b]`, `[a,c,d]`, `[a,c,e]`; `a::b as c` reads as `a::b`.
fn expand(tree: &str) -> Vec<Vec<String>> {
    let tree = tree.trim();
    let (head, group) = match tree.find('{') {
        Some(open) => (
            &tree[..open],
            Some(&tree[open + 1..tree.rfind('}').unwrap_or(tree.len())]),
        ),
        None => (tree, None),
    };
    let head = head.split(" as ").next().unwrap_or(head);
    let prefix: Vec<String> = head
        .split("::")
        .map(str::trim)
        .filter(|s| !s.is_empty() && *s != "*")
        .map(str::to_owned)
        .collect();
    let Some(group) = group else {
        return vec![prefix];
    };
    let mut paths = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    let mut items = Vec::new();
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&group[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&group[start..]);
    for item in items.into_iter().map(str::trim).filter(|i| !i.is_empty()) {
        for tail in expand(item) {
            let mut path = prefix.clone();
            path.extend(tail.into_iter().filter(|s| s != "self"));
            paths.push(path);
        }
    }
    paths
}

/// Strongly connected components (Tarjan), each a list of node indices.
fn tarjan(adjacency: &[Vec<usize>]) -> Vec<Vec<usize>> {
    struct State<'a> {
        adjacency: &'a [Vec<usize>],
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on_stack: Vec<bool>,
        stack: Vec<usize>,
        next: usize,
        components: Vec<Vec<usize>>,
    }
    fn visit(s: &mut State, v: usize) {
        s.index[v] = Some(s.next);
        s.low[v] = s.next;
        s.next += 1;
        s.stack.push(v);
        s.on_stack[v] = true;
        for &w in &s.adjacency[v] {
            match s.index[w] {
                None => {
                    visit(s, w);
                    s.low[v] = s.low[v].min(s.low[w]);
                }
                Some(i) if s.on_stack[w] => s.low[v] = s.low[v].min(i),
                Some(_) => {}
            }
        }
        if Some(s.low[v]) == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack[w] = false;
                component.push(w);
                if w == v {
                    break;
                }
            }
            s.components.push(component);
        }
    }
    let n = adjacency.len();
    let mut state = State {
        adjacency,
        index: vec![None; n],
        low: vec![0; n],
        on_stack: vec![false; n],
        stack: Vec::new(),
        next: 0,
        components: Vec::new(),
    };
    for v in 0..n {
        if state.index[v].is_none() {
            visit(&mut state, v);
        }
    }
    state.components
}

/// The edges a depth-first walk (nodes in name order) finds pointing back to a node still on its path.
fn back_edges(adjacency: &[Vec<usize>]) -> Vec<(usize, usize)> {
    fn walk(v: usize, adjacency: &[Vec<usize>], colour: &mut [u8], back: &mut Vec<(usize, usize)>) {
        colour[v] = 1;
        for &w in &adjacency[v] {
            match colour[w] {
                0 => walk(w, adjacency, colour, back),
                1 => back.push((v, w)),
                _ => {}
            }
        }
        colour[v] = 2;
    }
    let mut colour = vec![0u8; adjacency.len()];
    let mut back = Vec::new();
    for v in 0..adjacency.len() {
        if colour[v] == 0 {
            walk(v, adjacency, &mut colour, &mut back);
        }
    }
    back
}

/// The number of files on the longest import chain, each loop counted once.
fn longest_chain(adjacency: &[Vec<usize>], components: &[Vec<usize>]) -> usize {
    let mut component_of = vec![0; adjacency.len()];
    for (c, members) in components.iter().enumerate() {
        for &v in members {
            component_of[v] = c;
        }
    }
    // Tarjan emits components in reverse topological order: what a component imports comes first.
    let mut depth = vec![1usize; components.len()];
    for (c, members) in components.iter().enumerate() {
        for &v in members {
            for &w in &adjacency[v] {
                let d = component_of[w];
                if d != c {
                    depth[c] = depth[c].max(depth[d] + 1);
                }
            }
        }
    }
    depth.into_iter().max().unwrap_or(0)
}
