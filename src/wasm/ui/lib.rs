//! The extension pages' wasm module: the panel and launcher, the options page
//! and the toolbar popup. Each draws a view the engine computed (in the
//! background) and sends the admin's commands back; no portal knowledge and
//! no policy code is here, so the module compiled on every portal page stays
//! small.
//!
//! Listeners and timers are RAII guards (gloo); nothing unwraps.
#![cfg(target_arch = "wasm32")]

mod options;
mod panel;
mod popup;

pub use options::start_options;
pub use panel::start_panel;
pub use popup::start_popup;
