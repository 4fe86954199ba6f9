//! What each event says, in Filestack's webhook shapes: the envelope
//! `{id, action, timestamp, text}` and the `text` of each action.

use super::NewEvent;
use crate::pick::StoredFile;
use serde_json::{json, Value};

/// The envelope a receiver gets; `id` is the event's own, unique for this
/// Cloudpick, so that a receiver can drop a second delivery of it.
pub fn envelope(id: i64, action: &str, timestamp: i64, text: &Value) -> Value {
    json!({ "id": id, "action": action, "timestamp": timestamp, "text": text })
}

/// A drive's name as people know it, from Filestack's source name.
pub fn client(source: &str) -> &str {
    match source {
        "local_file_system" => crate::drives::registry::name_of(crate::drives::local::KIND),
        other => crate::drives::registry::name_of(other),
    }
}

/// `fp.upload`: a picked file stored (or linked).
pub fn upload(file: &StoredFile) -> NewEvent {
    let (hash, algorithm) = hash_of(file);
    NewEvent {
        action: "fp.upload",
        text: json!({
            "container": file.container,
            "url": file.url,
            "filename": file.filename,
            "client": client(&file.source),
            "key": file.key,
            "type": file.mimetype,
            "status": file.status,
            "size": file.size,
            "hash": hash,
            "hash_algorithm": algorithm,
        }),
    }
}

/// `fp.export`: a file saved to a drive; `client` is that drive's name.
pub fn export(file: &StoredFile, destination: &str) -> NewEvent {
    NewEvent {
        action: "fp.export",
        text: json!({
            "source": file.original_path,
            "client": destination,
            "filename": file.filename,
            "created": file.url,
        }),
    }
}

/// `fp.converse`'s `provider` for a file in the storage (Filestack's word).
pub const INTERNAL: &str = "internal";

/// `fp.converse`: a file converted and stored; `provider` is where it
/// resides: `internal` (the storage) or a drive's name ("Dropbox").
pub fn converse(file: &StoredFile, provider: &str) -> NewEvent {
    NewEvent {
        action: "fp.converse",
        text: json!({
            "url": file.url,
            "link": {
                "url": file.url,
                "handle": file.handle,
                "filename": file.filename,
                "mimetype": file.mimetype,
                "path": file.key,
                "provider": provider,
                "size": file.size,
            },
        }),
    }
}

/// `fp.picker_open`: the picker opened, offering `sources` (drive kinds)
/// and accepting `accept` (empty: everything).
pub fn picker_open(sources: &[String], accept: &[String]) -> NewEvent {
    NewEvent {
        action: super::PICKER_OPEN,
        text: json!({ "sources": sources, "accept": accept }),
    }
}

/// What "Send test event" sends.
pub fn test(url: &str) -> NewEvent {
    NewEvent {
        action: super::TEST_ACTION,
        text: json!({ "message": "A test event from Cloudpick's Settings", "url": url }),
    }
}

fn hash_of(file: &StoredFile) -> (Value, Value) {
    match &file.hash {
        Some(h) => (json!(h.value), json!(h.algorithm)),
        None => (Value::Null, Value::Null),
    }
}
