//! The dependency direction between the top-level folders of `src/` (ARCHITECTURE.md): a module
//! may use another only if that one never uses it back, directly or through others. Read from
//! the `crate::…` paths in the source, so a new import that closes a cycle fails `cargo test`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Graph = BTreeMap<String, BTreeSet<String>>;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file belongs to: `src/list/timeline/chart.rs` → `list`; the crate
/// root files (`lib.rs`, `main.rs`) belong to none.
fn top_module(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (!matches!(name, "lib" | "main")).then(|| name.to_string())
}

/// Every `crate::name` a text refers to (comments included: a doc link is a dependency too).
fn referenced_modules(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut rest = text;
    while let Some(i) = rest.find("crate::") {
        let after = &rest[i + "crate::".len()..];
        // `audit_crate::x` or `foo_crate::x` would not be ours.
        let before = rest[..i].chars().last();
        if !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
            if let Some(group) = after.strip_prefix('{') {
                // `use crate::{api::Event, list::query}`: each item of the group.
                found.extend(group_items(group));
            } else {
                let name = leading_name(after);
                if !name.is_empty() {
                    found.insert(name);
                }
            }
        }
        rest = after;
    }
    found
}

fn leading_name(text: &str) -> String {
    text.trim_start()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

/// The first name of each item of a `{…}` group (the text after its `{`), nested groups skipped.
fn group_items(group: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                items.push(leading_name(&group[start..i]));
                break;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(leading_name(&group[start..i]));
                start = i + 1;
            }
            _ => {}
        }
    }
    items.retain(|n| !n.is_empty() && n != "self");
    items
}

fn graph_of(src: &Path) -> Graph {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut graph = Graph::new();
    for file in files {
        let Some(from) = top_module(src, &file) else {
            continue;
        };
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        let uses = graph.entry(from.clone()).or_default();
        uses.extend(referenced_modules(&text).into_iter().filter(|m| *m != from));
    }
    graph
}

/// A cycle as the path around it (`a → b → a`), if the graph has one.
fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &Graph,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|n| n == node) {
            let mut cycle = path[start..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

fn assert_no_cycle(src: &Path, at_least: usize) {
    let graph = graph_of(src);
    assert!(
        graph.len() >= at_least,
        "{} was not read: {graph:?}",
        src.display()
    );
    if let Some(cycle) = find_cycle(&graph) {
        let uses: Vec<String> = graph
            .iter()
            .map(|(m, to)| {
                format!(
                    "  {m} uses {}",
                    to.iter().cloned().collect::<Vec<_>>().join(", ")
                )
            })
            .collect();
        panic!(
            "import cycle between top-level modules of {}: {}\n(dependencies point one way, see ARCHITECTURE.md)\n{}",
            src.display(),
            cycle.join(" → "),
            uses.join("\n")
        );
    }
}

#[test]
fn no_cycle_between_the_folders_of_src() {
    assert_no_cycle(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), 8);
}

/// demo-api's modules follow the same rule: its routes and its static files share what they
/// both need through a third module (`http`), not by importing each other.
#[test]
fn no_cycle_between_the_modules_of_demo_api() {
    assert_no_cycle(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("demo-api/src"),
        8,
    );
}

#[test]
fn the_check_finds_a_cycle_and_reads_paths() {
    let graph: Graph = [
        ("shell", vec!["list", "app"]),
        ("list", vec!["app", "compare"]),
        ("compare", vec!["app"]),
        ("app", vec!["api"]),
    ]
    .into_iter()
    .map(|(m, to)| (m.to_string(), to.into_iter().map(String::from).collect()))
    .collect();
    assert_eq!(find_cycle(&graph), None);
    let mut cyclic = graph.clone();
    cyclic.get_mut("app").unwrap().insert("list".into());
    assert_eq!(
        find_cycle(&cyclic).unwrap(),
        ["app", "list", "app"].map(String::from).to_vec()
    );
    assert_eq!(
        referenced_modules(
            "use crate::api::Event;\nlet x = crate::list::query::ListQuery::parse(s); my_crate::zz"
        ),
        ["api", "list"].into_iter().map(String::from).collect()
    );
    assert_eq!(
        referenced_modules("use crate::{\n    app::{a, b},\n    browser::zone,\n    common,\n};"),
        ["app", "browser", "common"]
            .into_iter()
            .map(String::from)
            .collect()
    );
}
