//! The server's modules depend one way: each `crate::` path a module names is in its own layer
//! or one below (`http` > `state` > `config` > `domain` > `store` > `error`), and no modules
//! name each other in a circle. Read from the sources, so a new import that breaks either
//! fails here.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The layers, bottom first.
const LAYERS: &[&str] = &["error", "store", "domain", "config", "state", "http"];

/// Every module (`http::sign_in`) and its source, from `src/`.
fn modules(dir: &Path, prefix: &str, found: &mut BTreeMap<String, String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_str().unwrap().to_owned();
        let module = match (prefix, name.as_str()) {
            (_, "main") if prefix.is_empty() => continue,
            (_, "mod") => prefix.trim_end_matches("::").to_owned(),
            _ => format!("{prefix}{name}"),
        };
        if path.is_dir() {
            modules(&path, &format!("{module}::"), found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.insert(module, std::fs::read_to_string(&path).unwrap());
        }
    }
}

/// The paths after each `crate::` in `source`, with `{a, b::{c}}` groups expanded.
fn crate_paths(source: &str) -> Vec<String> {
    fn path(text: &str, prefix: &str, out: &mut Vec<String>) -> usize {
        let mut end = 0;
        let bytes = text.as_bytes();
        while end < bytes.len()
            && (bytes[end].is_ascii_alphanumeric() || b"_:".contains(&bytes[end]))
        {
            end += 1;
        }
        let head = format!("{prefix}{}", &text[..end]);
        if bytes.get(end) != Some(&b'{') {
            out.push(head);
            return end;
        }
        let mut at = end + 1;
        loop {
            while bytes[at].is_ascii_whitespace() || bytes[at] == b',' {
                at += 1;
            }
            if bytes[at] == b'}' {
                return at + 1;
            }
            at += path(&text[at..], &head, out);
        }
    }
    let mut out = Vec::new();
    for (at, _) in source.match_indices("crate::") {
        path(&source[at + "crate::".len()..], "", &mut out);
    }
    out
}

#[test]
fn modules_depend_one_way_and_in_no_circle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut sources = BTreeMap::new();
    modules(&src, "", &mut sources);
    assert!(sources.contains_key("http::sign_in") && sources.contains_key("store"));
    let layer = |module: &str| {
        let top = module.split("::").next().unwrap();
        LAYERS
            .iter()
            .position(|l| *l == top)
            .unwrap_or_else(|| panic!("{module} is in no layer"))
    };
    let mut edges: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for (module, source) in &sources {
        for path in crate_paths(source) {
            // The longest prefix of the path that is a module is what this one depends on.
            let segments: Vec<&str> = path.split("::").collect();
            let target = (1..=segments.len())
                .rev()
                .map(|n| segments[..n].join("::"))
                .find(|candidate| sources.contains_key(candidate));
            let Some(target) = target.filter(|t| t != module) else {
                continue;
            };
            assert!(
                layer(&target) <= layer(module),
                "{module} depends on {target}, a layer above it"
            );
            edges.entry(module).or_default().insert(target);
        }
    }
    // A depth-first walk that meets a module still on its path has found a circle.
    fn visit<'a>(
        module: &'a str,
        edges: &'a BTreeMap<&str, BTreeSet<String>>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) {
        if let Some(start) = path.iter().position(|m| *m == module) {
            panic!(
                "modules in a circle: {} -> {module}",
                path[start..].join(" -> ")
            );
        }
        if !done.insert(module) {
            return;
        }
        path.push(module);
        for next in edges.get(module).into_iter().flatten() {
            visit(next, edges, path, done);
        }
        path.pop();
    }
    let mut done = BTreeSet::new();
    for module in sources.keys() {
        visit(module, &edges, &mut Vec::new(), &mut done);
    }
}

#[test]
fn only_the_store_runs_sql() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut sources = BTreeMap::new();
    modules(&src, "", &mut sources);
    sources.insert(
        "main".into(),
        std::fs::read_to_string(src.join("main.rs")).unwrap(),
    );
    let sql = [
        ".execute(",
        ".query_row(",
        ".prepare(",
        "execute_batch",
        "SELECT ",
        "INSERT INTO",
    ];
    for (module, source) in sources.iter().filter(|(m, _)| !m.starts_with("store")) {
        for needle in sql {
            assert!(
                !source.contains(needle),
                "{module} runs SQL ({needle}): the store's job"
            );
        }
    }
}
