//! What Passwright's wasm modules share: values crossing the JavaScript
//! boundary through serde-wasm-bindgen, small DOM helpers, a `runtime.Port`
//! with RAII listeners, and calls into a page's host object.
//!
//! Errors cross the boundary as `JsError`; nothing here unwraps. Natively the
//! crate is empty: it exists for `wasm32-unknown-unknown`.
#![cfg(target_arch = "wasm32")]

pub mod dom;
pub mod host;
pub mod port;

use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsError, JsValue};

/// Reads a JavaScript value as `T`; the error names `what` was being read.
pub fn from_js<T: DeserializeOwned>(value: JsValue, what: &str) -> Result<T, JsError> {
    serde_wasm_bindgen::from_value(value).map_err(|e| JsError::new(&format!("bad {what}: {e}")))
}

/// Writes `value` as plain JavaScript objects and arrays (what extension
/// storage and `postMessage` take: no `Map`s, no `BigInt`s).
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&format!("cannot write a message: {e}")))
}

/// A property of a JavaScript object (`undefined` when absent).
pub fn get(object: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}
