//! The JSON the background hands the engine: arbitrary bytes as an
//! [`Event`], a [`Context`], and each stored record (a tab's state, the
//! settings, the maps, the pending policies, the audit log, the orphans, the
//! memory), and as the agent's and the panel's messages. Decoding never
//! panics; what decodes directly decodes the same through a
//! `serde_json::Value`, and survives being written back. An envelope
//! `{"event", "context", "stored": {"tab", "tabs", "settings", "managed",
//! "maps", "pending", "audit", "orphans", "runs", "memory"}}` drives
//! `engine::handle` as the background's bindings do (each stored record read
//! on its own: missing, valid, or stored but unreadable; only what
//! `engine::needs` asks for), without panicking and with the promises of the
//! flow target checked across the call (those that hold from any state the
//! input can describe: see `drive::Tab::for_stored`).

#![no_main]

use std::fmt::Debug;

use libfuzzer_sys::fuzz_target;
use passwright::audit::{self, AuditEntry};
use passwright::engine::{self, TabState};
use passwright::flow::{Flow, Task};
use passwright::guard::GuardReport;
use passwright::i18n::Lang;
use passwright::portal::map::PortalMap;
use passwright::portal::outcome::Suggestion;
use passwright::portal::{Snapshot, UserInfo, analyze, learn, wants_full};
use passwright::protocol::panel::{FromPanel, PanelCommand};
use passwright::protocol::{ActionResult, Context, Event, FromAgent, Loaded, Memory, Stored};
use passwright::settings::{Pending, Settings, normalize_origin};
use passwright_fuzz::drive::Tab;
use passwright_fuzz::invariants;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// Whether a number in `v` overflows an f32 (it reads as infinite, which JSON
/// writes as null).
fn f32_overflow(v: &Value) -> bool {
    match v {
        Value::Number(n) => n.as_f64().is_some_and(|x| x.abs() > f64::from(f32::MAX)),
        Value::Array(a) => a.iter().any(f32_overflow),
        Value::Object(o) => o.values().any(f32_overflow),
        _ => false,
    }
}

/// Parses `text` as the bindings do (through a Value); checks it against the
/// direct parse and the round trip. `transient`: a message, never stored as
/// JSON (serde-wasm-bindgen carries it), whose f32 fields may be infinite.
fn decode<T: DeserializeOwned + Serialize + PartialEq + Debug>(text: &str, transient: bool) -> Option<T> {
    let direct = serde_json::from_str::<T>(text);
    let value = serde_json::from_str::<Value>(text);
    // (A direct parse skips ignored fields without reading their numbers, so
    // it may accept a document a Value refuses, e.g. 1e999 in an unknown field.)
    let whole = value.is_ok();
    let overflow = value.as_ref().is_ok_and(f32_overflow);
    let via = value.and_then(serde_json::from_value::<T>);
    if let (Ok(d), true) = (&direct, whole) {
        match &via {
            Ok(v) => assert!(
                d == v || invariants::same_json(&serde_json::to_value(d).unwrap(), &serde_json::to_value(v).unwrap()),
                "the two parses differ"
            ),
            Err(e) => panic!("parses directly but not through a Value: {e}"),
        }
    }
    let value = via.ok()?;
    let json = serde_json::to_string(&value).expect("what parsed serializes");
    match serde_json::from_str::<T>(&json) {
        Ok(back) => {
            let (a, b) = (serde_json::to_value(&value).expect("value"), serde_json::to_value(&back).expect("back"));
            assert!(invariants::same_json(&a, &b), "changed through JSON: {json}");
        }
        Err(_) if transient && overflow => {} // an infinite f32, written as null
        Err(e) => panic!("written back, it does not parse: {e}: {json}"),
    }
    Some(value)
}

fn part<T: DeserializeOwned>(v: Option<&Value>) -> Option<Option<T>> {
    match v {
        None | Some(Value::Null) => Some(None),
        Some(v) => serde_json::from_value(v.clone()).ok().map(Some),
    }
}

/// A stored record, as the bindings read it: missing, valid, or unreadable (and why).
fn loaded<T: DeserializeOwned>(v: Option<&Value>) -> Loaded<T> {
    match v {
        None | Some(Value::Null) => Loaded::Missing,
        Some(v) => match serde_json::from_value(v.clone()) {
            Ok(t) => Loaded::Valid(t),
            Err(e) => Loaded::Invalid(e.to_string()),
        },
    }
}

/// The records of an array that parse (others are dropped).
fn each<T: DeserializeOwned>(v: Option<&Value>) -> Vec<T> {
    match v {
        Some(Value::Array(a)) => a.iter().filter_map(|v| serde_json::from_value(v.clone()).ok()).collect(),
        _ => Vec::new(),
    }
}

fn envelope(text: &str, e: &Map<String, Value>) -> Option<()> {
    let event: Event = part(e.get("event"))??;
    let ctx: Context = part(e.get("context"))?.unwrap_or_default();
    let empty = Map::new();
    let s = e.get("stored").and_then(Value::as_object).unwrap_or(&empty);
    let needs = engine::needs(&event);
    invariants::round_trips(&needs, "what the engine needs");
    // The background loads what the engine needs, and only that.
    let stored = Stored {
        tab: if needs.tab.is_some() { loaded(s.get("tab")) } else { Loaded::Missing },
        tabs: if needs.all_tabs { each(s.get("tabs")) } else { Vec::new() },
        settings: if needs.settings { loaded(s.get("settings")) } else { Loaded::Missing },
        managed: if needs.settings { loaded(s.get("managed")) } else { Loaded::Missing },
        maps: if needs.settings { loaded(s.get("maps")) } else { Loaded::Missing },
        pending: if needs.settings { loaded(s.get("pending")) } else { Loaded::Missing },
        audit: if needs.audit { loaded(s.get("audit")) } else { Loaded::Missing },
        orphans: if needs.orphans { each(s.get("orphans")) } else { Vec::new() },
        runs: if needs.runs { each(s.get("runs")) } else { Vec::new() },
        memory: match (needs.tab, loaded::<Memory>(s.get("memory"))) {
            (Some(_), Loaded::Valid(m)) => m,
            _ => Memory::default(),
        },
    };
    // The page the event brings, when the engine records it (the sender's
    // origin is the snapshot's).
    let described = match &event {
        Event::Agent { frame, url, message: FromAgent::Page { page_id, snapshot, .. } | FromAgent::Results { page_id, snapshot, .. }, .. }
            if snapshot.origin() == passwright::portal::snapshot::origin_of(url) =>
        {
            Some((*frame, page_id.clone(), Snapshot { light: false, ..snapshot.clone() }))
        }
        _ => None,
    };
    let tab = needs.tab.unwrap_or(-1);
    let mut checks = Tab::for_stored(tab, &stored, &ctx, text, described);
    let fx = engine::handle(event.clone(), &ctx, stored);
    checks.check(&event, &fx);
    Some(())
}

fn snapshot_alone(s: &Snapshot) {
    let page = analyze(s, None);
    serde_json::to_value(&page).expect("a page serializes");
    let _ = wants_full(s);
    let _ = learn::learn(s);
    let _ = normalize_origin(&s.url);
}

fuzz_target!(|text: &str| {
    // Each record alone, as stored or sent.
    if let Some(event) = decode::<Event>(text, true) {
        invariants::round_trips(&engine::needs(&event), "what the engine needs");
    }
    let _ = decode::<Context>(text, false);
    let _ = decode::<TabState>(text, false);
    if let Some(s) = decode::<Settings>(text, false) {
        let _ = s.validate();
        let _ = s.prefs_valid();
        for p in &s.portals {
            let _ = s.spec_for(&p.origin);
            let _ = s.portal_problem(p);
        }
        let _ = s.clone().with_managed(&s);
    }
    if let Some(maps) = decode::<Vec<PortalMap>>(text, false) {
        let mut mine = Vec::new();
        let _ = passwright::portal::map::merge(&mut mine, maps, passwright::portal::map::MapSource::Imported);
        for m in &mine {
            assert!(m.validate().is_ok(), "merged a map that does not validate");
        }
    }
    let _ = decode::<Vec<Pending>>(text, false);
    if let Some(mut entries) = decode::<Vec<AuditEntry>>(text, false) {
        entries.iter_mut().for_each(AuditEntry::interrupt);
        let csv = audit::to_csv(&entries, |a| engine::words::audit(Lang::En, a));
        assert!(csv.starts_with("time,"));
    }
    let _ = decode::<Vec<Flow>>(text, false);
    let _ = decode::<Memory>(text, false);
    if let Some(s) = decode::<Snapshot>(text, false) {
        snapshot_alone(&s);
    }
    let _ = decode::<FromAgent>(text, true);
    let _ = decode::<FromPanel>(text, true);
    let _ = decode::<PanelCommand>(text, true);
    let _ = decode::<Vec<ActionResult>>(text, true);
    let _ = decode::<GuardReport>(text, true);
    let _ = decode::<Task>(text, false);
    let _ = decode::<UserInfo>(text, false);
    let _ = decode::<Suggestion>(text, false);
    // An envelope: the event with what the background loaded for it.
    if let Ok(Value::Object(e)) = serde_json::from_str::<Value>(text) {
        envelope(text, &e);
    }
});
