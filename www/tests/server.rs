//! Server-wide behaviour: CSP, the test API switch, the tool mount,
//! scenario validation, the library API and the command line.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use common::*;
use passwright_portal::{
    Config, Error, PAGE_CSP, Scenario, ScenarioError, Skin, TOOL_CSP, start, start_in_thread,
};
use reqwest::StatusCode;

fn demo() -> Scenario {
    Scenario::builtin("demo").unwrap()
}

#[tokio::test]
async fn every_page_sends_the_strict_csp_by_default() {
    let sim = sim_with(Config::new(demo())).await;
    assert_eq!(PAGE_CSP, "default-src 'self'; script-src 'self'");
    for path in ["/Login/", "/css/commpilot.css", "/nowhere"] {
        let page = sim.get(path).await;
        assert_eq!(page.headers["content-security-policy"], PAGE_CSP, "{path}");
    }
    let page = sim.login_admin().await;
    assert_eq!(page.headers["content-security-policy"], PAGE_CSP);
    assert_eq!(page.headers["cache-control"], "no-store");
}

#[tokio::test]
async fn the_csp_can_be_turned_off() {
    let sim = sim_with(Config::new(demo()).with_csp(false)).await;
    let page = sim.get("/Login/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.headers.contains_key("content-security-policy"));
}

#[tokio::test]
async fn the_test_api_is_404_without_the_flag() {
    let sim = sim_with(Config::new(demo())).await;
    for path in ["/__test/stats", &format!("/__test/users/{JSMITH}")] {
        assert_eq!(sim.get(path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    let resp = sim.api_post("/__test/reset", serde_json::json!({})).await;
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    // The in-process control still works for tests that start the server.
    assert!(sim.portal.control().check_password(JSMITH, JSMITH_PASSWORD).unwrap());
}

#[tokio::test]
async fn the_test_api_reports_a_user() {
    let sim = sim(Skin::Classic).await;
    let v: serde_json::Value = sim
        .client
        .get(sim.portal.url(&format!("/__test/users/{JSMITH}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["user_id"], JSMITH);
    assert_eq!(v["password_set_count"], 0);
    assert_eq!(v["passcode"], "018159");
    assert_eq!(v["locked"], false);
    assert_eq!(v["devices"][0]["name"], "jsmith-phone");
    assert_eq!(v["devices"][0]["rebuild_count"], 0);
    assert_eq!(v["last_error"], serde_json::Value::Null);
    let missing = sim.get("/__test/users/ghost@x").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let rules: serde_json::Value =
        sim.client.get(sim.portal.url("/__test/rules")).send().await.unwrap().json().await.unwrap();
    assert_eq!(rules["web"]["min_length"], 8);
    assert_eq!(rules["passcode"]["forbid_extension"], true);
}

#[tokio::test]
async fn the_tool_dir_is_served_with_its_own_csp_and_mime_types() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("index.html"), "<!doctype html><title>tool</title>").unwrap();
    std::fs::write(dir.path().join("app.js"), "export {};").unwrap();
    std::fs::write(dir.path().join("core.wasm"), b"\0asm\x01\0\0\0").unwrap();
    let sim = sim_with(Config::new(demo()).with_tool_dir(dir.path())).await;
    let index = sim.get("/tool/").await;
    assert_eq!(index.status, StatusCode::OK);
    assert!(index.body.contains("<title>tool</title>"));
    assert_eq!(index.headers["content-security-policy"], TOOL_CSP);
    assert!(index.headers["content-type"].to_str().unwrap().starts_with("text/html"));
    let redirected = sim.get("/tool").await;
    assert_eq!(redirected.path, "/tool/");
    let js = sim.get("/tool/app.js").await;
    assert_eq!(js.headers["content-type"], "text/javascript; charset=utf-8");
    let wasm = sim.get("/tool/core.wasm").await;
    assert_eq!(wasm.headers["content-type"], "application/wasm");
    assert_eq!(wasm.headers["content-security-policy"], TOOL_CSP);
    assert_eq!(sim.get("/tool/missing.js").await.status, StatusCode::NOT_FOUND);
    // Portal pages keep the strict policy.
    assert_eq!(sim.get("/Login/").await.headers["content-security-policy"], PAGE_CSP);
    // Without a tool dir there is no /tool/.
    let plain = sim_with(Config::new(demo())).await;
    assert_eq!(plain.get("/tool/").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_missing_tool_dir_is_an_error() {
    let err = start(Config::new(demo()).with_tool_dir("/nonexistent/tool")).await.err().expect("refused");
    assert!(matches!(err, Error::ToolDir(_)));
}

fn invalid(toml: &str) -> String {
    match Scenario::from_toml(toml, "bad.toml") {
        Err(e) => e.to_string(),
        Ok(_) => panic!("accepted:\n{toml}"),
    }
}

const GOOD: &str = r#"
[admin]
user_id = "admin"
password = "pw"
[group]
id = "g"
name = "G"
domain = "g.example.com"
[[devices]]
name = "d1"
type = "Polycom VVX 450"
[[users]]
user_id = "a@g.example.com"
first_name = "A"
last_name = "B"
phone_number = "2125550000"
extension = "100"
password = "pw1"
device = "d1"
"#;

#[test]
fn invalid_scenarios_are_rejected_naming_the_field() {
    assert!(Scenario::from_toml(GOOD, "good.toml").is_ok());
    let cases = [
        (GOOD.replace(r#"extension = "100""#, r#"extension = "1x0""#), "users[0].extension: expected digits"),
        (GOOD.replace(r#"device = "d1""#, r#"device = "d9""#), r#"users[0].device: no device named "d9""#),
        (GOOD.replace(r#"phone_number = "2125550000""#, r#"phone_number = "12""#), "users[0].phone_number"),
        (
            format!("{GOOD}\n[rules.web]\nmin_length = 2\n"),
            "rules.web.min_length: 2 is out of range; the portal accepts 3 to 40",
        ),
        (format!("{GOOD}\n[rules.web]\nmin_digits = 11\n"), "rules.web.min_digits: 11 is out of range"),
        (format!("{GOOD}\n[rules.web]\nexpires_after_days = 200\n"), "rules.web.expires_after_days"),
        (
            format!("{GOOD}\n[rules.passcode]\nmin_length = 1\n"),
            "rules.passcode.min_length: 1 is out of range; the portal accepts 2 to 15",
        ),
        (format!("{GOOD}\n[rules.passcode]\nmin_length = 10\nmax_length = 8\n"), "rules.passcode.max_length"),
        (format!("{GOOD}\n[rules.passcode]\nmax_ascending = 6\n"), "rules.passcode.max_ascending"),
        (format!("{GOOD}\n[rules.passcode]\nlockout_after = 1\n"), "rules.passcode.lockout_after"),
        (format!("{GOOD}\n[faults]\nsession_max_requests = 0\n"), "faults.session_max_requests"),
        (format!("{GOOD}\n[rules.web]\nmin_lenght = 8\n"), "min_lenght"),
        (format!("skin = \"purple\"\n{GOOD}"), "purple"),
        (format!("base = \"nope\"\n{GOOD}"), "base: unknown built-in scenario \"nope\""),
        (GOOD.replace(r#"password = "pw1""#, r#"password = """#), "users[0].password"),
        (
            GOOD.replace(r#"user_id = "a@g.example.com""#, r#"user_id = "admin""#),
            "users[0].user_id: same as the admin",
        ),
        (GOOD.replace("[admin]\nuser_id = \"admin\"\npassword = \"pw\"\n", ""), "admin: missing"),
    ];
    for (toml, expected) in cases {
        let message = invalid(&toml);
        assert!(message.contains(expected), "expected {expected:?} in {message:?}");
        assert!(message.starts_with("bad.toml"), "{message}");
    }
    // Duplicates are caught too.
    let dup = format!(
        "{GOOD}\n[[users]]\nuser_id = \"A@g.example.com\"\nfirst_name = \"C\"\nlast_name = \"D\"\nphone_number = \"2125550001\"\nextension = \"101\"\npassword = \"x\"\n"
    );
    assert!(invalid(&dup).contains("users[1].user_id: duplicate user ID"));
}

#[test]
fn scenarios_load_from_files_and_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.toml");
    std::fs::write(&path, GOOD).unwrap();
    let s = Scenario::from_file(&path).unwrap();
    assert_eq!(s.name, "mine");
    assert_eq!(s.users.len(), 1);
    assert_eq!(Scenario::load(path.to_str().unwrap()).unwrap().name, "mine");
    assert_eq!(Scenario::load("demo").unwrap().users.len(), 28);
    let err = Scenario::load("no-such-scenario").unwrap_err();
    assert!(matches!(err, ScenarioError::Unknown(_)));
    assert!(err.to_string().contains("demo, legacy, reskin, francais, modern, bell, sinch, bt"));
}

#[test]
fn a_background_portal_serves_synchronous_callers_and_stops_on_drop() {
    let portal = start_in_thread(Config::new(demo()).with_skin(Skin::Modern)).unwrap();
    let url = portal.login_url();
    assert!(url.ends_with("/app/sign-in"));
    let body = std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async { reqwest::get(&url).await.unwrap().text().await.unwrap() })
    })
    .join()
    .unwrap();
    assert!(body.contains("Skyline UC Admin"));
    assert_eq!(portal.control().user(JSMITH).unwrap().password_set_count, 0);
    let addr = portal.addr();
    drop(portal);
    assert!(std::net::TcpStream::connect(addr).is_err(), "stopped on drop");
}

#[tokio::test]
async fn shutdown_stops_the_server() {
    let portal = start(Config::new(demo())).await.unwrap();
    let addr = portal.addr();
    assert!(portal.base_url().starts_with("http://127.0.0.1:"));
    portal.shutdown().await.unwrap();
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());
}

#[test]
fn the_command_line_prints_the_url_and_the_admin_credentials() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_passwright-portal"))
        .args(["--scenario", "demo", "--addr", "127.0.0.1:0", "--skin", "legacy", "--quiet"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut out = Vec::new();
    for _ in 0..3 {
        out.push(lines.next().unwrap().unwrap());
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let out = out.join("\n");
    assert!(out.contains("scenario demo, skin legacy"), "{out}");
    assert!(out.contains("URL:      http://127.0.0.1:"), "{out}");
    assert!(out.contains("/servlet/Login"), "{out}");
    assert!(out.contains("Admin:    admin / CommPilot-Demo-2026"), "{out}");

    let bad =
        Command::new(env!("CARGO_BIN_EXE_passwright-portal")).args(["--scenario", "nope"]).output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown scenario \"nope\""));
}

#[tokio::test]
async fn a_page_script_is_served_and_loaded_by_every_page() {
    let config = passwright_portal::Config::new(passwright_portal::Scenario::builtin("demo").unwrap())
        .with_page_script("window.__hostile = true;");
    let portal = passwright_portal::start(config).await.unwrap();
    let login = reqwest::get(portal.login_url()).await.unwrap();
    let csp = login.headers().get("content-security-policy").cloned();
    let html = login.text().await.unwrap();
    assert!(html.contains(r#"<script src="/__page-script.js"></script></head>"#), "{html}");
    assert!(csp.is_some(), "the CSP still applies: the script is same-origin");
    let script = reqwest::get(portal.url("/__page-script.js")).await.unwrap().text().await.unwrap();
    assert_eq!(script, "window.__hostile = true;");
}

#[tokio::test]
async fn no_page_script_unless_configured() {
    let portal = passwright_portal::start(passwright_portal::Config::new(
        passwright_portal::Scenario::builtin("demo").unwrap(),
    ))
    .await
    .unwrap();
    let html = reqwest::get(portal.login_url()).await.unwrap().text().await.unwrap();
    assert!(!html.contains("__page-script"));
    assert_eq!(reqwest::get(portal.url("/__page-script.js")).await.unwrap().status(), 404);
}
