//! Calls into a page's host object: the few extension APIs a page needs,
//! passed in by its bootstrap script as promise-returning functions, so the
//! Rust side is the same in Chrome (`chrome.*`) and Firefox (`browser.*`).

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// Calls `host[name](...args)` and awaits the result if it is a promise.
pub async fn call(host: &JsValue, name: &str, args: &[JsValue]) -> Result<JsValue, JsError> {
    let value = start(host, name, args)?;
    if value.is_instance_of::<js_sys::Promise>() {
        JsFuture::from(js_sys::Promise::from(value)).await.map_err(|e| {
            let message = js_sys::Reflect::get(&e, &"message".into()).ok().and_then(|m| m.as_string());
            JsError::new(&message.unwrap_or_else(|| format!("{name} failed")))
        })
    } else {
        Ok(value)
    }
}

/// Calls `host[name](...args)` now, without awaiting: for APIs that must run
/// inside the user's click (permission requests).
pub fn start(host: &JsValue, name: &str, args: &[JsValue]) -> Result<JsValue, JsError> {
    let f: js_sys::Function = js_sys::Reflect::get(host, &name.into())
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or_else(|| JsError::new(&format!("the page's host has no {name}")))?;
    let array: js_sys::Array = args.iter().collect();
    f.apply(host, &array).map_err(|_| JsError::new(&format!("{name} threw")))
}

/// Awaits a value returned by [`start`].
pub async fn finish(value: JsValue) -> Result<JsValue, JsError> {
    if value.is_instance_of::<js_sys::Promise>() {
        JsFuture::from(js_sys::Promise::from(value)).await.map_err(|_| JsError::new("the browser refused"))
    } else {
        Ok(value)
    }
}

/// A property of a JS object, as a string.
pub fn string(value: &JsValue, key: &str) -> Option<String> {
    js_sys::Reflect::get(value, &key.into()).ok()?.as_string()
}
