//! The WebAssembly bindings: the core's API for JavaScript, and the Rust UIs
//! of the extension's pages and the standalone tool.
//!
//! Errors cross the boundary as `JsError`; nothing here unwraps. Listeners and
//! timers are held as RAII guards (gloo's `EventListener`, `Timeout`) so that
//! dropping a view removes everything it registered.

mod api;
mod dom;
mod engine;
mod host;
mod options;
mod panel;
mod popup;
mod port;
mod tool;

pub use api::{check, describe, generate, nato, presets};
pub use engine::*;
pub use options::start_options;
pub use panel::start_panel;
pub use popup::start_popup;
pub use tool::start_tool;
