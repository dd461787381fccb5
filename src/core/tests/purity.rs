//! The core stays pure: no browser binding and no JSON library among its
//! normal dependencies, direct or not (the architecture issue's rule),
//! checked on Cargo's resolution of the core built alone (as `cargo build -p
//! passwright-core` resolves it: the wasm crates' features, such as
//! getrandom's `wasm_js`, are theirs), for the native target and for wasm32.

use std::collections::BTreeSet;
use std::process::Command;

/// Crates the core must never pull in (dev-dependencies aside).
const FORBIDDEN: [&str; 6] =
    ["wasm-bindgen", "web-sys", "js-sys", "serde_json", "serde-wasm-bindgen", "gloo-utils"];

/// The packages `passwright-core` depends on through normal dependencies, for `target`.
fn normal_closure(target: &str) -> BTreeSet<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["tree", "-p", "passwright-core", "-e", "normal", "--target", target, "--prefix", "none"])
        .args(["--format", "{p}", "--offline"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo tree runs");
    assert!(out.status.success(), "cargo tree: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_core_depends_on_no_browser_binding_and_no_json_library() {
    for target in ["x86_64-unknown-linux-gnu", "wasm32-unknown-unknown"] {
        let deps = normal_closure(target);
        assert!(deps.contains("serde") && deps.contains("zeroize"), "{target}: the tree is read: {deps:?}");
        let bad: Vec<_> = FORBIDDEN.iter().filter(|f| deps.contains(**f)).collect();
        assert!(bad.is_empty(), "{target}: passwright-core pulls in {bad:?} through {deps:?}");
    }
}

#[test]
fn the_check_sees_a_binding_where_there_is_one() {
    // Control: the background's module does depend on wasm-bindgen, and the same reading finds it.
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["tree", "-p", "passwright-background", "-e", "normal", "--target", "wasm32-unknown-unknown"])
        .args(["--prefix", "none", "--format", "{p}", "--offline"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo tree runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.lines().any(|l| l.starts_with("wasm-bindgen ")), "{text}");
}
