//! The background's wasm module: `extension/background.js` calls [`needs`]
//! to know what to load for an event, then [`handle`] with it, and applies
//! the effects. Every decision is the engine's ([`passwright_core::engine`]).
//!
//! Stored records are read one by one, so that one that does not parse is
//! reported (and not used) instead of failing the event.
#![cfg(target_arch = "wasm32")]

use passwright_core::engine;
use passwright_core::protocol::{Context, Event, Loaded, Memory, Stored};
use passwright_glue::{from_js, get, to_js};
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;

/// What to load for `event` (a `Needs`).
#[wasm_bindgen]
pub fn needs(event: JsValue) -> Result<JsValue, JsError> {
    let event: Event = from_js(event, "event")?;
    to_js(&engine::needs(&event))
}

/// A stored record: missing, valid, or stored but unreadable (and why).
fn loaded<T: DeserializeOwned>(value: JsValue) -> Loaded<T> {
    if value.is_undefined() || value.is_null() {
        return Loaded::Missing;
    }
    match serde_wasm_bindgen_from(value) {
        Ok(v) => Loaded::Valid(v),
        Err(e) => Loaded::Invalid(e),
    }
}

fn serde_wasm_bindgen_from<T: DeserializeOwned>(value: JsValue) -> Result<T, String> {
    from_js(value, "record").map_err(|e| JsValue::from(e).as_string().unwrap_or_else(|| "unreadable".into()))
}

/// The records of an array that parse (others are dropped).
fn each<T: DeserializeOwned>(value: JsValue) -> Vec<T> {
    let Ok(array) = value.dyn_into::<js_sys::Array>() else { return Vec::new() };
    array.iter().filter_map(|v| serde_wasm_bindgen_from(v).ok()).collect()
}

/// Decides about `event`: `context` is what the background knows
/// (`Context`), `stored` what it loaded (`{tab, tabs, settings, managed,
/// maps, pending, audit, orphans, runs, memory}`, each as stored). Returns
/// the `Effects`.
#[wasm_bindgen]
pub fn handle(event: JsValue, context: JsValue, stored: JsValue) -> Result<JsValue, JsError> {
    let event: Event = from_js(event, "event")?;
    let context: Context = from_js(context, "context")?;
    let stored = Stored {
        tab: loaded(get(&stored, "tab")),
        tabs: each(get(&stored, "tabs")),
        settings: loaded(get(&stored, "settings")),
        managed: loaded(get(&stored, "managed")),
        maps: loaded(get(&stored, "maps")),
        pending: loaded(get(&stored, "pending")),
        audit: loaded(get(&stored, "audit")),
        orphans: each(get(&stored, "orphans")),
        runs: each(get(&stored, "runs")),
        memory: match loaded::<Memory>(get(&stored, "memory")) {
            Loaded::Valid(m) => m,
            _ => Memory::default(),
        },
    };
    to_js(&engine::handle(event, &context, stored))
}

use wasm_bindgen::JsCast;
