//! The standalone page's wasm module (`www/tool/`, `dist/web/`): the same
//! core as the extension, for admins who cannot install it. Its API takes and
//! returns plain JavaScript objects (serde-wasm-bindgen).
#![cfg(target_arch = "wasm32")]

mod api;
mod page;

pub use api::{Generator, check, describe, generate, nato, presets};
pub use page::start_tool;
