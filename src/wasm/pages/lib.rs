//! The extension's own pages' wasm module: the options page, the toolbar
//! popup and the hand-off sheet. Each draws a view the engine computed (in
//! the background) and sends the admin's requests back; no portal knowledge
//! and no policy code is here.
//!
//! Listeners and timers are RAII guards (gloo); nothing unwraps.
#![cfg(target_arch = "wasm32")]

mod options;
mod popup;
mod sheet;

pub use options::start_options;
pub use popup::start_popup;
pub use sheet::start_sheet;
