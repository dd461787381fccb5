//! The panel and launcher's wasm module: the only one compiled on portal
//! pages, so it holds only what they draw. It draws the engine's panel view
//! and sends the admin's commands back; no portal knowledge, no policy code.
//!
//! Listeners and timers are RAII guards (gloo); nothing unwraps.
#![cfg(target_arch = "wasm32")]

mod panel;

pub use panel::start_panel;
