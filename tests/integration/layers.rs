//! The engine's layering, as ARCHITECTURE.md states it: `impl Cloudpick`
//! lives only in `app/`, nothing below `app/` imports it, no import loop
//! remains outside it, and the figures the document gives are today's.

use cloudpick_tests::import_graph::Graph;
use std::path::{Path, PathBuf};

fn core_src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates/core/src")
}

#[test]
fn the_facade_lives_in_app_and_nothing_below_imports_it() {
    let src = core_src();
    let graph = Graph::read(&src);
    for (file, targets) in &graph.edges {
        if file.starts_with("app/") || file == "lib.rs" {
            continue;
        }
        let text = std::fs::read_to_string(src.join(file)).unwrap();
        assert!(
            !text.contains("impl Cloudpick") && !text.contains("impl crate::app::Cloudpick"),
            "{file} writes impl Cloudpick: it belongs in app/"
        );
        let up: Vec<&String> = targets.iter().filter(|t| t.starts_with("app/")).collect();
        assert!(up.is_empty(), "{file} imports the facade: {up:?}");
    }
}

#[test]
fn no_loop_outside_app_and_at_most_two_imports_back_up() {
    let graph = Graph::read(&core_src());
    let below = graph.figures(&["app/"]);
    assert!(below.loops.is_empty(), "import loops: {:#?}", below.loops);
    let all = graph.figures(&[]);
    assert!(all.back.len() <= 2, "imports back up: {:#?}", all.back);
}

/// The line of ARCHITECTURE.md that gives the figures, with today's.
#[test]
fn architecture_states_todays_figures() {
    let graph = Graph::read(&core_src());
    let all = graph.figures(&[]);
    let below = graph.figures(&["app/"]);
    let today = format!(
        "Import graph of `crates/core/src`: {} files, {} loops outside `app/`, {} imports back up the layers, {} layers.",
        graph.edges.len(),
        below.loops.len(),
        all.back.len(),
        all.layers
    );
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../ARCHITECTURE.md"))
            .unwrap();
    assert!(
        doc.lines().any(|l| l.trim() == today),
        "ARCHITECTURE.md should say, on a line of its own:\n{today}"
    );
}

/// The checker itself finds a loop and the import that closes it.
#[test]
fn finds_a_loop_in_a_small_tree() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path();
    std::fs::create_dir_all(src.join("app")).unwrap();
    std::fs::write(src.join("lib.rs"), "pub mod a;\npub mod b;\npub mod app;\n").unwrap();
    std::fs::write(src.join("a.rs"), "use crate::b::{self, Bee};\n").unwrap();
    std::fs::write(
        src.join("b.rs"),
        "pub struct Bee;\nfn f() { crate::a::g(); }\n",
    )
    .unwrap();
    std::fs::write(src.join("app/mod.rs"), "pub use crate::a::*;\nmod x;\n").unwrap();
    std::fs::write(src.join("app/x.rs"), "use super::Thing;\n").unwrap();
    let graph = Graph::read(src);
    let figures = graph.figures(&["app/"]);
    assert_eq!(
        figures.loops,
        vec![vec!["a.rs".to_owned(), "b.rs".to_owned()]]
    );
    assert_eq!(figures.back.len(), 1);
    assert!(graph.edges["app/x.rs"].contains("app/mod.rs"));
}
