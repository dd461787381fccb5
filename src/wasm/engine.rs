//! The background's calls into the core: the engine's decisions, settings,
//! suggestions and the audit log, JSON in and JSON out.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use passwright_core::audit::{self, AuditEntry};
use passwright_core::engine;
use passwright_core::flow::{ActionResult, Flow, Task};
use passwright_core::portal::outcome::Suggestion;
use passwright_core::portal::{Snapshot, UserInfo};
use passwright_core::settings::{Portal, Settings, normalize_origin};
use passwright_core::{Kind, nato};

fn parse<T: serde::de::DeserializeOwned>(what: &str, json: &str) -> Result<T, JsError> {
    super::json::parse(json).map_err(|e| JsError::new(&format!("bad {what}: {e}")))
}

fn flow(json: &str) -> Result<Option<Flow>, JsError> {
    if json.trim().is_empty() || json.trim() == "null" { Ok(None) } else { parse("flow", json).map(Some) }
}

fn settings(json: &str) -> Result<Settings, JsError> {
    if json.trim().is_empty() || json.trim() == "null" {
        Ok(Settings::default())
    } else {
        parse("settings", json)
    }
}

fn to_json<T: Serialize>(value: &T) -> Result<String, JsError> {
    super::json::write(value).map_err(|e| JsError::new(&e))
}

/// A page loaded or was described again: `{page, flow, actions, audit, settings_error}`.
#[wasm_bindgen]
pub fn engine_on_page(
    flow_json: &str,
    snapshot_json: &str,
    page_id: &str,
    settings_json: &str,
    panel_open: bool,
) -> Result<String, JsError> {
    let snapshot: Snapshot = parse("snapshot", snapshot_json)?;
    to_json(&engine::on_page(flow(flow_json)?, &snapshot, page_id, &settings(settings_json)?, panel_open))
}

/// The admin started a flow (`task`: `{"kind": "web", "rebuild": true, "reset_phone": false}`).
#[wasm_bindgen]
pub fn engine_start(
    task_json: &str,
    id: &str,
    now_ms: f64,
    snapshot_json: &str,
    page_id: &str,
    settings_json: &str,
) -> Result<String, JsError> {
    let task: Task = parse("task", task_json)?;
    let snapshot: Snapshot = parse("snapshot", snapshot_json)?;
    to_json(&engine::start(task, id.to_owned(), now_ms, &snapshot, page_id, &settings(settings_json)?))
}

/// The agent reported on a batch.
#[wasm_bindgen]
pub fn engine_on_results(
    flow_json: &str,
    results_json: &str,
    snapshot_json: &str,
) -> Result<String, JsError> {
    let results: Vec<ActionResult> = parse("results", results_json)?;
    let snapshot: Snapshot = parse("snapshot", snapshot_json)?;
    to_json(&engine::on_results(flow(flow_json)?, &results, &snapshot))
}

/// The admin closed the panel: the actions for the page (`snapshot_json`
/// may be `null` when no page was described yet).
#[wasm_bindgen]
pub fn engine_close_panel(snapshot_json: &str) -> Result<String, JsError> {
    let snapshot: Option<Snapshot> = parse("snapshot", snapshot_json)?;
    to_json(&engine::close_panel(snapshot.as_ref()))
}

/// The admin cancelled: `{flow, audit}` (`flow` is `null` when nothing was
/// submitted: there is nothing left to show).
#[wasm_bindgen]
pub fn engine_cancel(flow_json: &str) -> Result<String, JsError> {
    to_json(&engine::cancel(flow(flow_json)?))
}

/// The flow's tab went away: `{flow, audit}` with the flow stopped honestly.
#[wasm_bindgen]
pub fn engine_abandon(flow_json: &str, why: &str) -> Result<String, JsError> {
    let mut f = flow(flow_json)?;
    if let Some(f) = f.as_mut() {
        f.abandon(why);
    }
    #[derive(Serialize)]
    struct Out {
        audit: Option<AuditEntry>,
        flow: Option<Flow>,
    }
    to_json(&Out { audit: f.as_ref().map(AuditEntry::of), flow: f })
}

/// Generate on a Passwords page: `{password, entropy_bits, nato, actions}`.
#[wasm_bindgen]
pub fn engine_generate(
    kind: &str,
    snapshot_json: &str,
    settings_json: &str,
    user_json: &str,
) -> Result<String, JsError> {
    let kind: Kind = kind.parse().map_err(|e: passwright_core::PolicyError| JsError::new(&e.to_string()))?;
    let snapshot: Snapshot = parse("snapshot", snapshot_json)?;
    let user: UserInfo =
        if user_json.trim().is_empty() { UserInfo::default() } else { parse("user", user_json)? };
    let (generated, actions) = engine::generate_and_fill(kind, &snapshot, &settings(settings_json)?, &user)
        .map_err(|e| JsError::new(&e))?;
    #[derive(Serialize)]
    struct Out<'a> {
        password: &'a str,
        entropy_bits: f64,
        nato: Vec<String>,
        actions: Vec<passwright_core::flow::Action>,
    }
    to_json(&Out {
        password: &generated.secret,
        entropy_bits: generated.entropy_bits,
        nato: nato::words(&generated.secret),
        actions,
    })
}

/// Checks settings and returns them normalised (origins lowercased), or an error naming the problem.
#[wasm_bindgen]
pub fn settings_validate(settings_json: &str) -> Result<String, JsError> {
    let mut s = settings(settings_json)?;
    for portal in &mut s.portals {
        portal.origin = normalize_origin(&portal.origin).map_err(|e| JsError::new(&e.to_string()))?;
    }
    s.validate().map_err(|e| JsError::new(&e.to_string()))?;
    to_json(&s)
}

/// Settings with IT-deployed (managed) settings applied.
#[wasm_bindgen]
pub fn settings_merge_managed(settings_json: &str, managed_json: &str) -> Result<String, JsError> {
    to_json(&settings(settings_json)?.with_managed(&settings(managed_json)?))
}

/// Adds a rule the portal enforced to the policy of `origin`.
#[wasm_bindgen]
pub fn settings_apply_suggestion(
    settings_json: &str,
    origin: &str,
    suggestion_json: &str,
) -> Result<String, JsError> {
    let mut s = settings(settings_json)?;
    let suggestion: Suggestion = parse("suggestion", suggestion_json)?;
    let origin = normalize_origin(origin).map_err(|e| JsError::new(&e.to_string()))?;
    let mut spec = s.spec_for(&origin).map_err(|e| JsError::new(&e.to_string()))?;
    suggestion.apply(&mut spec);
    s.portals.retain(|p| p.origin != origin);
    s.portals.push(Portal { origin, policy: passwright_core::Source::Spec(spec) });
    s.validate().map_err(|e| JsError::new(&e.to_string()))?;
    to_json(&s)
}

/// Marks running audit entries as interrupted (after a browser restart).
#[wasm_bindgen]
pub fn audit_interrupt(entries_json: &str) -> Result<String, JsError> {
    let mut entries: Vec<AuditEntry> = parse("audit", entries_json)?;
    entries.iter_mut().for_each(AuditEntry::interrupt);
    to_json(&entries)
}

/// The audit log as CSV.
#[wasm_bindgen]
pub fn audit_csv(entries_json: &str) -> Result<String, JsError> {
    let entries: Vec<AuditEntry> = parse("audit", entries_json)?;
    Ok(audit::to_csv(&entries))
}

/// Learns a portal's rules from its Password Rules page and stores them as
/// that portal's policy: `{settings, rules: {web: [...], passcode: [...]}}`.
#[wasm_bindgen]
pub fn settings_learn(settings_json: &str, snapshot_json: &str) -> Result<String, JsError> {
    let mut s = settings(settings_json)?;
    let snapshot: Snapshot = parse("snapshot", snapshot_json)?;
    let spec = passwright_core::portal::learn::learn(&snapshot).map_err(|e| JsError::new(&e.to_string()))?;
    let origin = normalize_origin(&snapshot.url).map_err(|e| JsError::new(&e.to_string()))?;
    let describe = |kind: Kind| -> Vec<String> {
        spec.policy(kind)
            .map(|p| {
                passwright_core::check::rules(&p)
                    .into_iter()
                    .map(|r| passwright_core::check::label(&p, r))
                    .collect()
            })
            .unwrap_or_default()
    };
    let rules = serde_json::json!({ "web": describe(Kind::Web), "passcode": describe(Kind::Passcode) });
    s.portals.retain(|p| p.origin != origin);
    s.portals.push(Portal { origin, policy: passwright_core::Source::Spec(spec) });
    s.validate().map_err(|e| JsError::new(&e.to_string()))?;
    to_json(&serde_json::json!({ "settings": s, "rules": rules }))
}
