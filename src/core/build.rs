//! Compiles the extension's message catalogue (`extension/_locales/*/messages.json`,
//! the WebExtension format the browsers read for the manifest's strings) into
//! Rust tables, so the engine writes the UI's texts in the admin's language
//! (the browser's, or the one chosen in the options) without parsing JSON at
//! run time. English is the reference: its keys are the [`Key`] enum; a key
//! missing from another locale is listed in `MISSING` (a test fails on it).

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

const LANGS: [&str; 4] = ["en", "fr", "de", "es"];

fn variant(key: &str) -> String {
    key.split('_')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut c = p.chars();
            c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
        })
        .collect()
}

fn load(dir: &Path, lang: &str) -> BTreeMap<String, String> {
    let path = dir.join(lang).join("messages.json");
    println!("cargo::rerun-if-changed={}", path.display());
    let Ok(text) = std::fs::read_to_string(&path) else { return BTreeMap::new() };
    let value: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: not JSON: {e}", path.display()));
    let object = value.as_object().unwrap_or_else(|| panic!("{}: not an object", path.display()));
    object
        .iter()
        .map(|(k, v)| {
            let message = v["message"]
                .as_str()
                .unwrap_or_else(|| panic!("{}: {k} has no message", path.display()))
                .to_owned();
            (k.clone(), message)
        })
        .collect()
}

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dir = Path::new(&manifest).join("../../extension/_locales");
    println!("cargo::rerun-if-changed={}", dir.display());
    let tables: Vec<BTreeMap<String, String>> = LANGS.iter().map(|l| load(&dir, l)).collect();
    let en = &tables[0];
    assert!(!en.is_empty(), "{}: the English catalogue is missing", dir.display());
    let mut out = String::new();
    out.push_str("/// A text of the extension's UI: a key of `extension/_locales/en/messages.json`.\n");
    out.push_str("#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]\n#[allow(missing_docs)]\npub enum Key {\n");
    for key in en.keys() {
        writeln!(out, "    {},", variant(key)).unwrap();
    }
    out.push_str("}\n\n/// Every key, in the catalogue's order.\npub const ALL: &[Key] = &[\n");
    for key in en.keys() {
        writeln!(out, "    Key::{},", variant(key)).unwrap();
    }
    out.push_str("];\n\nimpl Key {\n    /// The key as written in messages.json.\n    pub fn name(self) -> &'static str {\n        match self {\n");
    for key in en.keys() {
        writeln!(out, "            Key::{} => {key:?},", variant(key)).unwrap();
    }
    out.push_str("        }\n    }\n}\n\n");
    for (lang, table) in LANGS.iter().zip(&tables) {
        writeln!(out, "static {}: [Option<&str>; {}] = [", lang.to_uppercase(), en.len()).unwrap();
        for key in en.keys() {
            match table.get(key) {
                Some(m) => writeln!(out, "    Some({m:?}),").unwrap(),
                None => out.push_str("    None,\n"),
            }
        }
        out.push_str("];\n");
    }
    out.push_str("\n/// The text of `key` in `lang`, if that locale has it.\nfn lookup(lang: Lang, key: Key) -> Option<&'static str> {\n    let i = key as usize;\n    match lang {\n");
    for lang in LANGS {
        let variant = variant(lang);
        writeln!(out, "        Lang::{variant} => {}[i],", lang.to_uppercase()).unwrap();
    }
    out.push_str("    }\n}\n\n/// Keys missing from a locale: (language, key).\npub const MISSING: &[(&str, &str)] = &[\n");
    for (lang, table) in LANGS.iter().zip(&tables).skip(1) {
        for key in en.keys().filter(|k| !table.contains_key(*k)) {
            writeln!(out, "    ({lang:?}, {key:?}),").unwrap();
        }
    }
    out.push_str("];\n\n/// Keys a locale has that English does not: (language, key).\npub const EXTRA: &[(&str, &str)] = &[\n");
    for (lang, table) in LANGS.iter().zip(&tables).skip(1) {
        for key in table.keys().filter(|k| !en.contains_key(*k)) {
            writeln!(out, "    ({lang:?}, {key:?}),").unwrap();
        }
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("catalogue.rs");
    std::fs::write(dest, out).expect("OUT_DIR is writable");
}
