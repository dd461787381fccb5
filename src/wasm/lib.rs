//! The WebAssembly bindings: the core's API for JavaScript, and the Rust UIs
//! of the extension's pages and the standalone tool.
//!
//! Two builds: `--features extension` (the background's engine, the panel,
//! options and popup pages) and `--features tool` (the standalone page and
//! the JSON API), so that neither ships the other's code.
//!
//! Errors cross the boundary as `JsError`; nothing here unwraps. Listeners and
//! timers are held as RAII guards (gloo's `EventListener`, `Timeout`) so that
//! dropping a view removes everything it registered.
//!
//! Natively the crate is empty: it exists for `wasm32-unknown-unknown`.
#![cfg(target_arch = "wasm32")]

mod dom;
mod json;

#[cfg(feature = "tool")]
mod api;
#[cfg(feature = "extension")]
mod engine;
#[cfg(feature = "extension")]
mod host;
#[cfg(feature = "extension")]
mod options;
#[cfg(feature = "extension")]
mod panel;
#[cfg(feature = "extension")]
mod popup;
#[cfg(feature = "extension")]
mod port;
#[cfg(feature = "tool")]
mod tool;

#[cfg(feature = "tool")]
pub use api::{Generator, check, describe, generate, nato, presets};
#[cfg(feature = "extension")]
pub use engine::*;
#[cfg(feature = "extension")]
pub use options::start_options;
#[cfg(feature = "extension")]
pub use panel::start_panel;
#[cfg(feature = "extension")]
pub use popup::start_popup;
#[cfg(feature = "tool")]
pub use tool::start_tool;
