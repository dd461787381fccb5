//! JSON at the JavaScript boundary, through `serde_json::Value`.
//!
//! Parsing text straight into each message type instantiates serde_json's
//! whole text deserializer once per type; parsing once into a `Value` and
//! converting from there instantiates only the (much smaller) `Value`
//! deserializer per type. Same behaviour, a markedly smaller wasm (measured
//! in benches/findings.md).

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Parses JSON text into `T`.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    serde_json::from_value(value).map_err(|e| e.to_string())
}

/// Writes `value` as JSON text.
pub fn write<T: Serialize>(value: &T) -> Result<String, String> {
    let value = serde_json::to_value(value).map_err(|e| e.to_string())?;
    Ok(value.to_string())
}
