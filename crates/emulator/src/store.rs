//! One drive's files: a tree of folders and files whose bytes live in blob
//! files in a temp dir (`blob_dir`), so memory stays flat whatever the file sizes. Every
//! provider emulation keeps its own `Store` and maps it to its own wire format.

use crate::hashes::{HashKind, Hasher};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use std::time::SystemTime;

/// Hashes a file on disk with one algorithm, streaming it.
pub fn hash_file(path: &Path, kind: HashKind) -> std::io::Result<String> {
    use std::io::Read;
    let mut hasher = Hasher::new(kind);
    let mut file = std::fs::File::open(path)?;
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            return Ok(hasher.finish());
        }
        hasher.update(&buf[..n]);
    }
}

/// A file's content hashes, each computed the first time a reply needs it:
/// every provider reports one algorithm, and hashing costs as much as reading.
#[derive(Debug, Default)]
pub struct Hashes {
    sha1: OnceLock<String>,
    md5: OnceLock<String>,
    quickxor: OnceLock<String>,
    dropbox: OnceLock<String>,
    sha256: OnceLock<String>,
}

#[derive(Debug, Clone)]
pub struct Node {
    pub id: String,
    pub name: String,
    pub parent: Option<String>,
    pub is_folder: bool,
    pub size: u64,
    pub created: SystemTime,
    pub modified: SystemTime,
    /// Bumped on every change of the bytes.
    pub revision: u64,
    pub blob: Option<PathBuf>,
    /// Computed from the blob the first time a reply needs them.
    hashes: Arc<Hashes>,
}

impl Hashes {
    fn cell(&self, kind: HashKind) -> &OnceLock<String> {
        match kind {
            HashKind::Sha1 => &self.sha1,
            HashKind::Md5 => &self.md5,
            HashKind::QuickXor => &self.quickxor,
            HashKind::DropboxContent => &self.dropbox,
            HashKind::Sha256 => &self.sha256,
        }
    }
}

impl Node {
    /// The file's hash in the provider's format (empty for folders).
    pub fn hash(&self, kind: HashKind) -> &str {
        self.hashes.cell(kind).get_or_init(|| {
            self.blob
                .as_deref()
                .and_then(|b| hash_file(b, kind).ok())
                .unwrap_or_default()
        })
    }
}

/// What to do when a name is taken in the target folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnConflict {
    Fail,
    Replace,
    /// Keep both, naming the new one by the provider's rule.
    Rename(RenameStyle),
}

/// How a provider names the second file of a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RenameStyle {
    /// `report (1).pdf` (Dropbox, Box).
    Parenthesised,
    /// `report 1.pdf` (OneDrive).
    Spaced,
    /// `report-1.pdf` (Alfresco).
    Dashed,
}

#[derive(Debug, PartialEq, Eq)]
pub enum StoreError {
    NotFound,
    NotAFolder,
    /// The name is taken; the id of what holds it.
    NameTaken(String),
    /// The drive's quota would be exceeded.
    QuotaExceeded,
    Io(String),
}

pub struct Store {
    nodes: HashMap<String, Node>,
    /// Folder id → its children, keyed by lower-cased name (unique in a folder).
    children: HashMap<String, BTreeMap<String, String>>,
    root: String,
    blobs: tempfile::TempDir,
    next_id: u64,
    id_prefix: &'static str,
    /// Bytes the account may hold; `None` for no limit.
    quota: Option<u64>,
}

impl Store {
    /// An empty drive whose ids start with `id_prefix`.
    pub fn new(id_prefix: &'static str) -> std::io::Result<Store> {
        let mut store = Store {
            nodes: HashMap::new(),
            children: HashMap::new(),
            root: String::new(),
            blobs: crate::blob_dir::create()?,
            next_id: 0,
            id_prefix,
            quota: None,
        };
        let root = store.fresh_id();
        let now = SystemTime::now();
        store.nodes.insert(
            root.clone(),
            folder_node(root.clone(), String::new(), None, now),
        );
        store.children.insert(root.clone(), BTreeMap::new());
        store.root = root;
        Ok(store)
    }

    /// A drive holding a copy of the folder `seed`.
    pub fn seeded(id_prefix: &'static str, seed: &Path) -> std::io::Result<Store> {
        let mut store = Store::new(id_prefix)?;
        let root = store.root.clone();
        store.copy_in(seed, &root)?;
        Ok(store)
    }

    /// Copies the folder `dir` into the folder `parent`.
    pub fn copy_in(&mut self, dir: &Path, parent: &str) -> std::io::Result<()> {
        let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let name = entry.file_name().to_string_lossy().into_owned();
            let meta = entry.metadata()?;
            if meta.is_dir() {
                let id = self
                    .create_folder(parent, &name, OnConflict::Fail)
                    .map_err(to_io)?;
                self.copy_in(&entry.path(), &id)?;
            } else if meta.is_file() {
                let blob = self.new_blob_path();
                // A hard link costs nothing; a copy where the seed is on another disk.
                if std::fs::hard_link(entry.path(), &blob).is_err() {
                    std::fs::copy(entry.path(), &blob)?;
                }
                self.install_file(parent, &name, blob, OnConflict::Fail)
                    .map_err(to_io)?;
            }
        }
        Ok(())
    }

    /// Limits what the drive may hold (fault injection: a full drive).
    pub fn set_quota(&mut self, bytes: Option<u64>) {
        self.quota = bytes;
    }

    pub fn quota(&self) -> Option<u64> {
        self.quota
    }

    pub fn root(&self) -> &str {
        &self.root
    }

    fn fresh_id(&mut self) -> String {
        self.next_id += 1;
        // Ids look like the provider's: opaque, and never reused.
        format!(
            "{}{:012x}",
            self.id_prefix,
            self.next_id.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 16
        )
    }

    /// A path in the blob folder where a new file's bytes can be written.
    pub fn new_blob_path(&mut self) -> PathBuf {
        self.next_id += 1;
        self.blobs.path().join(format!("blob-{}", self.next_id))
    }

    pub fn blob_dir(&self) -> &Path {
        self.blobs.path()
    }

    pub fn get(&self, id: &str) -> Option<&Node> {
        self.nodes.get(id)
    }

    /// Children in name order, folders and files mixed, as the APIs list them.
    pub fn children(&self, id: &str) -> Result<Vec<&Node>, StoreError> {
        let node = self.nodes.get(id).ok_or(StoreError::NotFound)?;
        if !node.is_folder {
            return Err(StoreError::NotAFolder);
        }
        Ok(self.children[id]
            .values()
            .filter_map(|c| self.nodes.get(c))
            .collect())
    }

    /// The child named `name` (case-insensitively, as the providers compare).
    pub fn child_named(&self, parent: &str, name: &str) -> Option<&Node> {
        let id = self.children.get(parent)?.get(&name.to_lowercase())?;
        self.nodes.get(id)
    }

    /// Finds an item by a `/`-separated path from the root (`""` or `/` is the root).
    pub fn by_path(&self, path: &str) -> Option<&Node> {
        let mut node = self.nodes.get(&self.root)?;
        for part in path.split('/').filter(|p| !p.is_empty()) {
            node = self.child_named(&node.id, part)?;
        }
        Some(node)
    }

    /// The names from the root down to `id`, excluding the root: `["Photos", "a.jpg"]`.
    pub fn path_of(&self, id: &str) -> Vec<String> {
        let mut parts = Vec::new();
        let mut current = self.nodes.get(id);
        while let Some(node) = current {
            if node.parent.is_none() {
                break;
            }
            parts.push(node.name.clone());
            current = node.parent.as_ref().and_then(|p| self.nodes.get(p));
        }
        parts.reverse();
        parts
    }

    /// `/Photos/a.jpg`, as the path APIs show it.
    pub fn display_path(&self, id: &str) -> String {
        format!("/{}", self.path_of(id).join("/"))
    }

    fn resolve_name(
        &self,
        parent: &str,
        name: &str,
        on_conflict: OnConflict,
    ) -> Result<(String, Option<String>), StoreError> {
        let Some(existing) = self.child_named(parent, name) else {
            return Ok((name.to_owned(), None));
        };
        match on_conflict {
            OnConflict::Fail => Err(StoreError::NameTaken(existing.id.clone())),
            OnConflict::Replace => Ok((existing.name.clone(), Some(existing.id.clone()))),
            OnConflict::Rename(style) => {
                let (stem, ext) = split_extension(name);
                (1..)
                    .map(|n| match style {
                        RenameStyle::Parenthesised => format!("{stem} ({n}){ext}"),
                        RenameStyle::Spaced => format!("{stem} {n}{ext}"),
                        RenameStyle::Dashed => format!("{stem}-{n}{ext}"),
                    })
                    .find(|candidate| self.child_named(parent, candidate).is_none())
                    .map(|free| (free, None))
                    .ok_or(StoreError::NameTaken(existing.id.clone()))
            }
        }
    }

    pub fn create_folder(
        &mut self,
        parent: &str,
        name: &str,
        on_conflict: OnConflict,
    ) -> Result<String, StoreError> {
        self.check_folder(parent)?;
        let (name, existing) = self.resolve_name(parent, name, on_conflict)?;
        if let Some(existing) = existing {
            return Ok(existing);
        }
        let id = self.fresh_id();
        let node = folder_node(id.clone(), name, Some(parent.to_owned()), SystemTime::now());
        self.attach(node);
        self.children.insert(id.clone(), BTreeMap::new());
        Ok(id)
    }

    /// Takes ownership of a blob written to [`Store::new_blob_path`] and files it
    /// under `name`. Replacing keeps the item's id and bumps its revision.
    /// Records a hash computed while the file's bytes came in, so that no
    /// reply reads the file again for it. Returns the store, to go on.
    pub fn know_hash(&self, id: &str, kind: HashKind, value: String) -> &Self {
        if let Some(node) = self.nodes.get(id) {
            let _ = node.hashes.cell(kind).set(value);
        }
        self
    }

    pub fn install_file(
        &mut self,
        parent: &str,
        name: &str,
        blob: PathBuf,
        on_conflict: OnConflict,
    ) -> Result<String, StoreError> {
        self.check_folder(parent)?;
        let (name, existing) = match self.resolve_name(parent, name, on_conflict) {
            Ok(resolved) => resolved,
            Err(err) => {
                let _ = std::fs::remove_file(&blob);
                return Err(err);
            }
        };
        let size = std::fs::metadata(&blob)
            .map_err(|e| StoreError::Io(e.to_string()))?
            .len();
        let replaced = existing
            .as_ref()
            .and_then(|id| self.nodes.get(id))
            .map_or(0, |n| n.size);
        if self
            .quota
            .is_some_and(|q| self.used_bytes() - replaced + size > q)
        {
            let _ = std::fs::remove_file(&blob);
            return Err(StoreError::QuotaExceeded);
        }
        let now = SystemTime::now();
        if let Some(id) = existing {
            let node = self.nodes.get_mut(&id).ok_or(StoreError::NotFound)?;
            if node.is_folder {
                let _ = std::fs::remove_file(&blob);
                return Err(StoreError::NameTaken(id));
            }
            if let Some(old) = node.blob.replace(blob) {
                let _ = std::fs::remove_file(old);
            }
            node.size = size;
            node.hashes = Arc::default();
            node.modified = now;
            node.revision += 1;
            return Ok(id);
        }
        let id = self.fresh_id();
        self.attach(Node {
            id: id.clone(),
            name,
            parent: Some(parent.to_owned()),
            is_folder: false,
            size,
            created: now,
            modified: now,
            revision: 1,
            blob: Some(blob),
            hashes: Arc::default(),
        });
        Ok(id)
    }

    /// Deletes an item and, for a folder, everything below it.
    pub fn delete(&mut self, id: &str) -> Result<(), StoreError> {
        let node = self.nodes.get(id).ok_or(StoreError::NotFound)?;
        let parent = node.parent.clone().ok_or(StoreError::NotFound)?;
        let key = node.name.to_lowercase();
        if let Some(siblings) = self.children.get_mut(&parent) {
            siblings.remove(&key);
        }
        let mut stack = vec![id.to_owned()];
        while let Some(current) = stack.pop() {
            if let Some(kids) = self.children.remove(&current) {
                stack.extend(kids.into_values());
            }
            if let Some(Node {
                blob: Some(blob), ..
            }) = self.nodes.remove(&current)
            {
                let _ = std::fs::remove_file(blob);
            }
        }
        Ok(())
    }

    /// Every file and folder whose name contains `query`, case-insensitively.
    pub fn search(&self, query: &str) -> Vec<&Node> {
        let lower = query.to_lowercase();
        let mut hits: Vec<&Node> = self
            .nodes
            .values()
            .filter(|n| n.parent.is_some() && n.name.to_lowercase().contains(&lower))
            .collect();
        hits.sort_by_key(|n| (n.name.to_lowercase(), n.id.clone()));
        hits
    }

    /// Bytes used by all files.
    pub fn used_bytes(&self) -> u64 {
        self.nodes.values().map(|n| n.size).sum()
    }

    fn check_folder(&self, id: &str) -> Result<(), StoreError> {
        match self.nodes.get(id) {
            None => Err(StoreError::NotFound),
            Some(n) if !n.is_folder => Err(StoreError::NotAFolder),
            Some(_) => Ok(()),
        }
    }

    fn attach(&mut self, node: Node) {
        if let Some(parent) = &node.parent {
            self.children
                .entry(parent.clone())
                .or_default()
                .insert(node.name.to_lowercase(), node.id.clone());
        }
        self.nodes.insert(node.id.clone(), node);
    }
}

fn folder_node(id: String, name: String, parent: Option<String>, now: SystemTime) -> Node {
    Node {
        id,
        name,
        parent,
        is_folder: true,
        size: 0,
        created: now,
        modified: now,
        revision: 1,
        blob: None,
        hashes: Arc::default(),
    }
}

fn to_io(err: StoreError) -> std::io::Error {
    std::io::Error::other(format!("{err:?}"))
}

/// `report.pdf` → (`report`, `.pdf`): the providers number a renamed copy
/// before its last extension (`report (1).pdf`); a name that starts with its
/// only dot (`.env`) has no extension.
fn split_extension(name: &str) -> (&str, &str) {
    match name.rfind('.') {
        Some(dot) if dot > 0 => name.split_at(dot),
        _ => (name, ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn put(
        store: &mut Store,
        parent: &str,
        name: &str,
        bytes: &[u8],
        on: OnConflict,
    ) -> Result<String, StoreError> {
        let blob = store.new_blob_path();
        std::fs::write(&blob, bytes).unwrap();
        store.install_file(parent, name, blob, on)
    }

    #[test]
    fn seeds_a_tree_and_finds_items_by_path_case_insensitively() {
        let seed = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(seed.path().join("Photos/2024")).unwrap();
        std::fs::write(seed.path().join("Photos/2024/beach.jpg"), b"jpeg").unwrap();
        let store = Store::seeded("id:", seed.path()).unwrap();
        let beach = store.by_path("/photos/2024/BEACH.JPG").unwrap();
        assert_eq!(beach.name, "beach.jpg");
        assert_eq!(beach.size, 4);
        assert_eq!(
            beach.hash(HashKind::Sha1),
            "14993722cfd06f0e85fcc82a9dc489400beeabb9"
        );
        assert_eq!(store.display_path(&beach.id), "/Photos/2024/beach.jpg");
    }

    #[test]
    fn conflicts_follow_the_policy() {
        let mut store = Store::new("x").unwrap();
        let root = store.root().to_owned();
        let first = put(&mut store, &root, "a.txt", b"1", OnConflict::Fail).unwrap();
        assert_eq!(
            put(&mut store, &root, "A.TXT", b"2", OnConflict::Fail),
            Err(StoreError::NameTaken(first.clone()))
        );
        let spaced = put(
            &mut store,
            &root,
            "a.txt",
            b"2",
            OnConflict::Rename(RenameStyle::Spaced),
        )
        .unwrap();
        assert_eq!(store.get(&spaced).unwrap().name, "a 1.txt");
        let paren = put(
            &mut store,
            &root,
            "a.txt",
            b"3",
            OnConflict::Rename(RenameStyle::Parenthesised),
        )
        .unwrap();
        assert_eq!(store.get(&paren).unwrap().name, "a (1).txt");
        let replaced = put(&mut store, &root, "a.txt", b"new", OnConflict::Replace).unwrap();
        assert_eq!(replaced, first, "replacing keeps the id");
        assert_eq!(store.get(&first).unwrap().revision, 2);
        assert_eq!(store.get(&first).unwrap().size, 3);
    }

    #[test]
    fn deleting_a_folder_removes_its_blobs() {
        let mut store = Store::new("x").unwrap();
        let root = store.root().to_owned();
        let folder = store.create_folder(&root, "F", OnConflict::Fail).unwrap();
        let file = put(&mut store, &folder, "f.bin", b"abc", OnConflict::Fail).unwrap();
        let blob = store.get(&file).unwrap().blob.clone().unwrap();
        store.delete(&folder).unwrap();
        assert!(store.get(&file).is_none());
        assert!(!blob.exists());
        assert!(store.children(&root).unwrap().is_empty());
    }
}
