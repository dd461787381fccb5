//! Every fault: latency, session expiry, the server-only rule, transient
//! 500s on submit, a slow page, duplicate counting, and the API that
//! switches them.

mod common;

use std::time::{Duration, Instant};

use common::*;
use passwright_portal::{Config, FailSubmit, Faults, Scenario, ServerRule, ServerRuleTarget, Skin};
use reqwest::StatusCode;
use serde_json::json;

async fn set_faults(sim: &Sim, faults: serde_json::Value) {
    let resp = sim.api_post("/__test/faults", faults).await;
    assert_eq!(resp.status(), StatusCode::OK, "{}", resp.text().await.unwrap());
}

#[tokio::test]
async fn latency_delays_every_page() {
    let sim = sim(Skin::Classic).await;
    set_faults(&sim, json!({ "latency_ms": 300 })).await;
    let t = Instant::now();
    sim.get(sim.paths().login).await;
    assert!(t.elapsed() >= Duration::from_millis(300));
    set_faults(&sim, json!({})).await;
    let t = Instant::now();
    sim.get(sim.paths().login).await;
    assert!(t.elapsed() < Duration::from_millis(300));
}

#[tokio::test]
async fn a_slow_page_is_slow_and_the_others_are_not() {
    let sim = sim(Skin::Classic).await;
    sim.login_admin().await;
    set_faults(&sim, json!({ "slow_page_ms": 700, "slow_pages": ["passwords"] })).await;
    let t = Instant::now();
    sim.passwords_page(JSMITH).await;
    assert!(t.elapsed() >= Duration::from_millis(700));
    let t = Instant::now();
    sim.get(&sim.paths().user.href(JSMITH)).await;
    assert!(t.elapsed() < Duration::from_millis(700));
}

#[tokio::test]
async fn expiring_sessions_sends_the_next_request_to_login_and_applies_nothing() {
    let sim = sim(Skin::Classic).await;
    sim.login_admin().await;
    let page = sim.passwords_page(JSMITH).await;
    let token = page.hidden("formToken").unwrap();
    let resp = sim.api_post("/__test/expire-sessions", json!({})).await;
    assert_eq!(resp.json::<serde_json::Value>().await.unwrap()["expired"], 1);
    let page = sim.submit_passwords(JSMITH, &token, Kind::Web, "Harbor2026x", "Harbor2026x", Press::Ok).await;
    assert_eq!(page.path, "/Login/?expired=1");
    page.assert_has("Your session has expired. Please log in again.").assert_has("User ID");
    assert_eq!(sim.api_user(JSMITH).await.password_set_count, 0);
    assert!(sim.api_password_is(JSMITH, JSMITH_PASSWORD).await);
    // Any page now lands on the login page, until the admin logs in again.
    assert_eq!(sim.get(sim.paths().users).await.path, "/Login/?expired=1");
    sim.login_admin().await;
    assert_eq!(sim.get(sim.paths().users).await.path, sim.paths().users);
}

#[tokio::test]
async fn a_session_expires_after_its_request_budget() {
    let sim = sim(Skin::Classic).await;
    set_faults(&sim, json!({ "session_max_requests": 2 })).await;
    sim.login_admin().await; // the group home is request 1
    let page = sim.passwords_page(JSMITH).await; // request 2
    let token = page.hidden("formToken").unwrap();
    let page = sim.submit_passwords(JSMITH, &token, Kind::Web, "Harbor2026x", "Harbor2026x", Press::Ok).await;
    page.assert_has("Your session has expired.");
    assert_eq!(sim.api_user(JSMITH).await.password_set_count, 0);
    assert_eq!(sim.api_stats().await["expired_session_hits"], 1);
}

#[tokio::test]
async fn an_idle_session_expires() {
    let sim = sim(Skin::Classic).await;
    set_faults(&sim, json!({ "session_idle_secs": 1 })).await;
    sim.login_admin().await;
    assert_eq!(sim.get(sim.paths().users).await.path, sim.paths().users);
    tokio::time::sleep(Duration::from_millis(1300)).await;
    sim.get(sim.paths().users).await.assert_has("Your session has expired.");
}

#[tokio::test]
async fn a_server_only_rule_is_enforced_but_not_shown() {
    let sim = sim(Skin::Classic).await;
    sim.login_admin().await;
    set_faults(&sim, json!({ "server_rule": { "max_identical_run": 2 } })).await;
    sim.get(sim.paths().rules).await.assert_lacks("identical");
    let page = sim.set_secret(JSMITH, Kind::Web, "Baaab2026x", "Baaab2026x", Press::Ok).await;
    page.assert_has("The password cannot contain more than 2 identical characters in a row.");
    assert_eq!(sim.api_user(JSMITH).await.last_error_codes, ["max_identical_run"]);
    // Passcodes are not covered by default.
    sim.set_secret(JSMITH, Kind::Passcode, "44471", "44471", Press::Ok).await.assert_has("has been changed");
    sim.set_secret(JSMITH, Kind::Web, "Baab2026xy", "Baab2026xy", Press::Ok)
        .await
        .assert_has("has been changed");

    set_faults(&sim, json!({ "server_rule": { "max_length": 12 } })).await;
    sim.set_secret(JSMITH, Kind::Web, "Abcdefgh12345", "Abcdefgh12345", Press::Ok)
        .await
        .assert_has("The password cannot be longer than 12 characters.");
    set_faults(&sim, json!({ "server_rule": { "min_special": 1 } })).await;
    sim.set_secret(JSMITH, Kind::Web, "Plain2026ab", "Plain2026ab", Press::Ok)
        .await
        .assert_has("at least 1 non-alphanumeric character(s)");
    sim.set_secret(JSMITH, Kind::Web, "Plain#2026a", "Plain#2026a", Press::Ok)
        .await
        .assert_has("has been changed");

    set_faults(&sim, json!({ "server_rule": { "max_identical_run": 1, "applies_to": "passcode" } })).await;
    sim.set_secret(JSMITH, Kind::Passcode, "4417", "4417", Press::Ok)
        .await
        .assert_has("cannot contain more than 1 identical characters in a row");
    sim.set_secret(JSMITH, Kind::Web, "Baab2027xyz", "Baab2027xyz", Press::Ok)
        .await
        .assert_has("has been changed");
}

#[tokio::test]
async fn a_failing_submit_answers_500_and_applies_nothing() {
    let sim = sim(Skin::Classic).await;
    sim.login_admin().await;
    set_faults(&sim, json!({ "fail_submit": { "count": 1, "after_apply": false } })).await;
    let page = sim.passwords_page(JSMITH).await;
    let token = page.hidden("formToken").unwrap();
    let page = sim.submit_passwords(JSMITH, &token, Kind::Web, "Harbor2026x", "Harbor2026x", Press::Ok).await;
    assert_eq!(page.status, StatusCode::INTERNAL_SERVER_ERROR);
    page.assert_has("Internal Server Error");
    assert_eq!(sim.api_user(JSMITH).await.password_set_count, 0);
    assert!(sim.api_password_is(JSMITH, JSMITH_PASSWORD).await);
    // Transient: the retry (same form, as a browser reload would) works.
    let page = sim.submit_passwords(JSMITH, &token, Kind::Web, "Harbor2026x", "Harbor2026x", Press::Ok).await;
    page.assert_has("has been changed");
    let stats = sim.api_stats().await;
    assert_eq!(stats["server_errors"], 1);
    assert_eq!(stats["duplicate_submissions"], 0);
}

#[tokio::test]
async fn a_failing_submit_after_apply_shows_500_but_the_change_is_made() {
    let sim = sim(Skin::Classic).await;
    sim.login_admin().await;
    set_faults(&sim, json!({ "fail_submit": { "count": 1, "after_apply": true } })).await;
    let page = sim.set_secret(JSMITH, Kind::Web, "Harbor2026x", "Harbor2026x", Press::Ok).await;
    assert_eq!(page.status, StatusCode::INTERNAL_SERVER_ERROR);
    page.assert_lacks("has been changed");
    assert_eq!(sim.api_user(JSMITH).await.password_set_count, 1);
    assert!(sim.user_can_log_in(JSMITH, "Harbor2026x").await);
    // Only the next N submits fail.
    let faults: serde_json::Value =
        sim.client.get(sim.portal.url("/__test/faults")).send().await.unwrap().json().await.unwrap();
    assert_eq!(faults["fail_submit_left"], 0);
    sim.set_secret(JSMITH, Kind::Web, "Quartz2026z", "Quartz2026z", Press::Ok)
        .await
        .assert_has("has been changed");
}

#[tokio::test]
async fn scenario_faults_are_active_from_the_start() {
    let sim = sim_scenario("faulty").await;
    let faults: serde_json::Value =
        sim.client.get(sim.portal.url("/__test/faults")).send().await.unwrap().json().await.unwrap();
    assert_eq!(faults["faults"]["latency_ms"], 150);
    assert_eq!(faults["faults"]["server_rule"]["max_identical_run"], 2);
    assert_eq!(faults["fail_submit_left"], 1);
    // Config faults override the scenario's.
    let scenario = Scenario::builtin("faulty").unwrap();
    let faults = Faults {
        server_rule: Some(ServerRule {
            max_length: Some(20),
            applies_to: ServerRuleTarget::Both,
            ..ServerRule::default()
        }),
        fail_submit: Some(FailSubmit { count: 2, after_apply: false }),
        ..Faults::default()
    };
    let other = sim_with(Config::new(scenario).with_faults(faults.clone())).await;
    let report = other.portal.control().faults();
    assert_eq!(report.faults, faults);
    assert_eq!(report.fail_submit_left, 2);
}

#[tokio::test]
async fn the_faults_api_rejects_nonsense_and_reset_restores_the_tenant() {
    let sim = sim(Skin::Classic).await;
    let resp = sim.api_post("/__test/faults", json!({ "session_max_requests": 0 })).await;
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    assert!(resp.text().await.unwrap().contains("session_max_requests"));
    let resp = sim.api_post("/__test/faults", json!({ "latency": 5 })).await;
    assert!(resp.status().is_client_error());

    sim.login_admin().await;
    sim.set_secret(JSMITH, Kind::Web, "Harbor2026x", "Harbor2026x", Press::Ok).await;
    set_faults(&sim, json!({ "latency_ms": 50 })).await;
    let resp = sim.api_post("/__test/reset", json!({})).await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(sim.api_password_is(JSMITH, JSMITH_PASSWORD).await);
    assert_eq!(sim.api_user(JSMITH).await.password_set_count, 0);
    assert_eq!(sim.portal.control().faults().faults, Faults::default());
    assert_eq!(sim.api_stats().await["submissions"], 0);
    // Reset ends every session.
    sim.get(sim.paths().users).await.assert_has("Your session has expired.");
}

#[tokio::test]
async fn requests_are_counted_by_path() {
    let sim = sim(Skin::Classic).await;
    sim.login_admin().await;
    sim.passwords_page(JSMITH).await;
    sim.passwords_page(JSMITH).await;
    let stats = sim.api_stats().await;
    assert_eq!(stats["requests_by_path"]["/User/Passwords/"], 2);
    assert_eq!(stats["requests_by_path"]["/Login/"], 1);
    assert_eq!(stats["logins"], 1);
}
