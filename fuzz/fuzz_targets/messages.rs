//! The JSON the background hands the core (what the agent reported, the
//! stored flow and settings, the agent's results, the audit log): arbitrary
//! bytes never panic the decoding; what parses directly parses the same way
//! through a `serde_json::Value` (as the wasm bindings parse it) and survives
//! being written back; and an envelope
//! `{"flow", "snapshot", "page_id", "settings", "managed", "results", "panel_open"}`
//! drives the engine as the background does (engine_on_page, engine_on_results),
//! with the flow's promises checked across each call.

#![no_main]

use std::fmt::Debug;

use libfuzzer_sys::fuzz_target;
use passwright::audit::{self, AuditEntry};
use passwright::engine;
use passwright::flow::{ActionResult, Flow, Task};
use passwright::portal::outcome::Suggestion;
use passwright::portal::{Snapshot, UserInfo, learn};
use passwright::settings::{Settings, normalize_origin};
use passwright_fuzz::invariants::{self, Event};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Parses `text` as the bindings do (through a Value); checks it against the
/// direct parse and the round trip.
fn decode<T: DeserializeOwned + Serialize + PartialEq + Debug>(text: &str) -> Option<T> {
    let direct = serde_json::from_str::<T>(text);
    let value = serde_json::from_str::<Value>(text);
    // (A direct parse skips ignored fields without reading their numbers, so
    // it may accept a document a Value refuses, e.g. 1e999 in an unknown field.)
    let whole = value.is_ok();
    let via = value.and_then(serde_json::from_value::<T>);
    if let (Ok(d), true) = (&direct, whole) {
        match &via {
            Ok(v) => assert_eq!(d, v, "the two parses differ"),
            Err(e) => panic!("parses directly but not through a Value: {e}"),
        }
    }
    let value = via.ok()?;
    let json = serde_json::to_string(&value).expect("what parsed serializes");
    let back: T = serde_json::from_str(&json)
        .unwrap_or_else(|e| panic!("written back, it does not parse: {e}: {json}"));
    let (a, b) = (serde_json::to_value(&value).expect("value"), serde_json::to_value(&back).expect("back"));
    assert!(invariants::same_json(&a, &b), "changed through JSON: {json}");
    Some(value)
}

fn part<T: DeserializeOwned>(envelope: &serde_json::Map<String, Value>, key: &str) -> Option<Option<T>> {
    match envelope.get(key) {
        None | Some(Value::Null) => Some(None),
        Some(v) => serde_json::from_value(v.clone()).ok().map(Some),
    }
}

fn snapshot_alone(s: &Snapshot) {
    let d = engine::on_page(None, s, "p1", &Settings::default(), false);
    invariants::decision_serializes(&d);
    invariants::actions_fit_the_page(s, &d.actions, None, None);
    let _ = learn::learn(s);
    let _ = normalize_origin(&s.url);
    let task = Task { kind: passwright::Kind::Web, rebuild: true, reset_phone: true };
    let d = engine::start(task, "f1".into(), 0.0, s, "p1", &Settings::default());
    invariants::decision_serializes(&d);
    let flow = d.flow.as_ref().expect("start made a flow");
    invariants::actions_fit_the_page(
        s,
        &d.actions,
        flow.secret.as_deref().map(|x| x.as_str()),
        Some(&flow.origin),
    );
    invariants::no_secret_in_records(flow);
}

fn envelope(e: &serde_json::Map<String, Value>) -> Option<()> {
    let snapshot: Snapshot = part(e, "snapshot")??;
    let flow: Option<Flow> = part(e, "flow")?;
    let settings: Settings = part(e, "settings")?.unwrap_or_default();
    let managed: Option<Settings> = part(e, "managed")?;
    let results: Vec<ActionResult> = part(e, "results")?.unwrap_or_default();
    let page_id = e.get("page_id").and_then(Value::as_str).unwrap_or("p1");
    let panel_open = e.get("panel_open").and_then(Value::as_bool).unwrap_or(false);

    let settings = match managed {
        Some(m) => settings.with_managed(&m),
        None => settings,
    };
    let _ = settings.validate();
    let origin = |f: &Option<Flow>| f.as_ref().map(|f| f.origin.clone());

    let d = engine::on_page(flow.clone(), &snapshot, page_id, &settings, panel_open);
    invariants::transition(flow.as_ref(), d.flow.as_ref(), &d.actions, Event::Page, &snapshot, false);
    invariants::decision_serializes(&d);
    let same_origin =
        flow.as_ref().and_then(|f| f.user_url.as_deref()).map(passwright::portal::snapshot::origin_of)
            == origin(&flow);
    let flow_origin = origin(&d.flow).filter(|_| same_origin);
    let secret = d.flow.as_ref().and_then(|f| f.secret.as_deref()).map(|s| s.as_str());
    invariants::actions_fit_the_page(&snapshot, &d.actions, secret, flow_origin.as_deref());

    let r = engine::on_results(flow.clone(), &results, &snapshot);
    invariants::transition(flow.as_ref(), r.flow.as_ref(), &r.actions, Event::Results, &snapshot, false);
    invariants::decision_serializes(&r);
    Some(())
}

fuzz_target!(|text: &str| {
    if let Some(s) = decode::<Snapshot>(text) {
        snapshot_alone(&s);
    }
    let _ = decode::<Vec<ActionResult>>(text);
    if let Some(s) = decode::<Settings>(text) {
        let _ = s.validate();
        for p in &s.portals {
            let _ = s.spec_for(&p.origin);
        }
    }
    let _ = decode::<Flow>(text);
    let _ = decode::<Task>(text);
    let _ = decode::<UserInfo>(text);
    let _ = decode::<Suggestion>(text);
    if let Some(mut entries) = decode::<Vec<AuditEntry>>(text) {
        entries.iter_mut().for_each(AuditEntry::interrupt);
        let csv = audit::to_csv(&entries);
        assert!(csv.starts_with("time,"));
    }
    if let Ok(Value::Object(e)) = serde_json::from_str::<Value>(text) {
        envelope(&e);
    }
});
