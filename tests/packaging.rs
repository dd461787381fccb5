//! What `cargo make build` ships: one manifest source, generated per browser;
//! the dev variants differ only in the hosts granted; the permissions are the
//! minimal expected set. Needs `cargo make build` (dist/).
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

fn dist() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("dist");
    assert!(
        dir.join("chrome/manifest.json").is_file(),
        "run `cargo make build` first: {} is missing",
        dir.display()
    );
    dir
}

fn manifest(variant: &str) -> Value {
    let text = std::fs::read_to_string(dist().join(variant).join("manifest.json")).expect("manifest");
    serde_json::from_str(&text).expect("valid JSON")
}

fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("readable dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).expect("inside").display().to_string();
                out.insert(rel, std::fs::read(&path).expect("readable file"));
            }
        }
    }
    out
}

#[test]
fn dev_variants_differ_only_in_the_granted_hosts() {
    for browser in ["chrome", "firefox"] {
        let mut prod = manifest(browser);
        let mut dev = manifest(&format!("{browser}-dev"));
        assert_eq!(prod["host_permissions"], json!([]), "{browser}: no host access at install");
        assert_eq!(
            dev["host_permissions"],
            json!(["http://127.0.0.1/*", "http://localhost/*"]),
            "{browser}-dev"
        );
        prod.as_object_mut().unwrap().remove("host_permissions");
        dev.as_object_mut().unwrap().remove("host_permissions");
        assert_eq!(prod, dev, "{browser}: nothing else differs in the manifest");
        let mut a = files(&dist().join(browser));
        let mut b = files(&dist().join(format!("{browser}-dev")));
        a.remove("manifest.json");
        b.remove("manifest.json");
        assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>(), "{browser}: the same files");
        assert!(a == b, "{browser}: every other file is identical");
    }
}

#[test]
fn one_source_two_browsers() {
    let chrome = manifest("chrome");
    let firefox = manifest("firefox");
    assert_eq!(chrome["background"], json!({ "service_worker": "background.js", "type": "module" }));
    assert_eq!(firefox["background"], json!({ "scripts": ["background.js"], "type": "module" }));
    assert!(chrome.get("browser_specific_settings").is_none());
    assert_eq!(firefox["browser_specific_settings"]["gecko"]["id"], "passwright@passwright.dev");
    assert!(firefox["browser_specific_settings"]["gecko"]["strict_min_version"].is_string());
    for m in [&chrome, &firefox] {
        assert_eq!(m["manifest_version"], 3);
        assert_eq!(m["version"], chrome["version"]);
    }
}

/// Least privilege, pinned: adding a permission fails here and needs a reason
/// in the same commit.
#[test]
fn permissions_are_the_minimal_expected_set() {
    // clipboardWrite: the background clears a copied password when the time is
    // up, after the panel that copied is gone or unfocused (a page may only
    // write the clipboard with the focus or a recent click). Chrome does it in
    // an offscreen document (offscreen), Firefox on an alarm (alarms).
    let expected = [
        ("chrome", json!(["storage", "scripting", "activeTab", "clipboardWrite", "offscreen"])),
        ("firefox", json!(["storage", "scripting", "activeTab", "clipboardWrite", "alarms"])),
    ];
    for (browser, permissions) in expected {
        let m = manifest(browser);
        assert_eq!(m["permissions"], permissions, "{browser}");
        assert_eq!(m["optional_host_permissions"], json!(["https://*/*", "http://*/*"]), "{browser}");
        assert_eq!(
            m["content_security_policy"],
            json!({ "extension_pages": "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'" }),
            "{browser}"
        );
        assert!(
            m.get("content_scripts").is_none(),
            "{browser}: the agent is registered per granted portal, not declared"
        );
        assert!(m.get("externally_connectable").is_none(), "{browser}: no page may message the extension");
        let war = &m["web_accessible_resources"];
        assert_eq!(war.as_array().map(Vec::len), Some(1), "{browser}");
        assert_eq!(
            war[0]["resources"],
            json!(["panel.html", "panel.js", "panel.css", "passwright_panel.js", "passwright_panel_bg.wasm"]),
            "{browser}: only the panel page and its assets"
        );
    }
    assert_eq!(manifest("chrome")["web_accessible_resources"][0]["use_dynamic_url"], true);
}

#[test]
fn the_packages_exist_for_both_browsers() {
    let version = manifest("chrome")["version"].as_str().unwrap().to_owned();
    for browser in ["chrome", "firefox"] {
        let zip = dist().join(format!("passwright-{version}-{browser}.zip"));
        let bytes = std::fs::read(&zip).unwrap_or_else(|e| panic!("{}: {e}", zip.display()));
        assert_eq!(&bytes[..4], b"PK\x03\x04", "{browser}: a zip archive");
    }
}
