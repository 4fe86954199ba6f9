//! Parsing driveItem addresses: `root`, `items/{id}`, `root:/a/b:` and
//! `items/{id}:/name:`, followed by an action such as `/children`.

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Address {
    Root,
    Id(String),
    /// `/a/b`, from the root.
    Path(String),
    /// `items/{id}:/name:` or `items/{id}:/a/b/name:`: an item by its path
    /// below another, which may not exist yet.
    Child {
        parent: Box<Address>,
        name: String,
    },
}

/// Splits what follows `/me/drive/` or `/drives/{id}/` into the address and
/// the action (`""`, `/children`, `/content`, `/createUploadSession`, ...).
/// `items/root` is the root, as Graph takes it; a drive-wide
/// `search(q='...')` searches from the root.
pub fn parse(rest: &str) -> Option<(Address, String)> {
    if rest.starts_with("search(q=") {
        return Some((Address::Root, format!("/{rest}")));
    }
    let (base, after) = if let Some(after) = rest.strip_prefix("items/") {
        let end = after.find(['/', ':']).unwrap_or(after.len());
        let id = &after[..end];
        if id.is_empty() {
            return None;
        }
        let base = if id == "root" {
            Address::Root
        } else {
            Address::Id(id.to_owned())
        };
        (base, &after[end..])
    } else if let Some(after) = rest.strip_prefix("root:") {
        let (path, tail) = after.split_once(':').unwrap_or((after, ""));
        return Some((Address::Path(decode(path)), tail.to_owned()));
    } else if let Some(after) = rest.strip_prefix("root") {
        (Address::Root, after)
    } else {
        return None;
    };
    if let Some(child) = after.strip_prefix(":/") {
        let (name, tail) = child.split_once(':').unwrap_or((child, ""));
        let address = Address::Child {
            parent: Box::new(base),
            name: decode(name),
        };
        return Some((address, tail.to_owned()));
    }
    Some((base, after.to_owned()))
}

/// The router has already percent-decoded the path: decoding again would
/// turn a literal `%41` or `&` in a name into something else.
fn decode(text: &str) -> String {
    text.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_addressing_form() {
        assert_eq!(parse("root"), Some((Address::Root, String::new())));
        assert_eq!(
            parse("root/children"),
            Some((Address::Root, "/children".into()))
        );
        assert_eq!(
            parse("items/AB12/content"),
            Some((Address::Id("AB12".into()), "/content".into()))
        );
        assert_eq!(
            parse("root:/Photos/a b.jpg:"),
            Some((Address::Path("/Photos/a b.jpg".into()), String::new()))
        );
        assert_eq!(
            parse("root:/Photos x:/children"),
            Some((Address::Path("/Photos x".into()), "/children".into()))
        );
        assert_eq!(
            parse("items/P1:/new.bin:/createUploadSession"),
            Some((
                Address::Child {
                    parent: Box::new(Address::Id("P1".into())),
                    name: "new.bin".into()
                },
                "/createUploadSession".into()
            ))
        );
        assert_eq!(
            parse("root/search(q='tax')"),
            Some((Address::Root, "/search(q='tax')".into()))
        );
        assert_eq!(parse("nonsense"), None);
        assert_eq!(
            parse("items/root/children"),
            Some((Address::Root, "/children".into()))
        );
        assert_eq!(
            parse("items/root:/Docs/a.txt:/content"),
            Some((
                Address::Child {
                    parent: Box::new(Address::Root),
                    name: "Docs/a.txt".into()
                },
                "/content".into()
            ))
        );
        assert_eq!(
            parse("search(q='tax')"),
            Some((Address::Root, "/search(q='tax')".into()))
        );
    }
}
