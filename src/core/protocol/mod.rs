//! The one typed protocol of the extension: every message that crosses
//! between its parts, and between the background script and the engine.
//!
//! ```text
//!   agent.js (page) ──FromAgent──▶ background.js ──Event + Stored──▶ engine::handle
//!        ▲                              │   ▲                              │
//!        └──────────ToAgent─────────────┘   └────────────Effects───────────┘
//!   panel (frame)  ──FromPanel──▶ background.js ──ToPanel──▶ panel
//!   options, popup, sheet ──*Request──▶ background.js ──*Reply──▶ page
//! ```
//!
//! Enums are externally tagged (`{"fill": {"id": 3, "value": "…"}}`, unit
//! variants as plain strings), so no serde buffering is needed to read them.
//! They cross the JavaScript boundary through serde-wasm-bindgen; TypeScript
//! declarations for the JavaScript side are generated from them
//! (`extension/types/`, `cargo make types`).

pub mod agent;
pub mod background;
pub mod pages;
pub mod panel;
#[cfg(feature = "ts")]
mod ts;

pub use agent::{
    Action, ActionResult, AgentError, FrameKind, FromAgent, Op, PageId, Place, Reason, ToAgent, UserRow,
    Validity,
};
pub use background::{
    AgentSend, BrowserOp, Context, Effects, Event, FrameId, Loaded, Memory, Needs, PanelSend, Reply, StoreOp,
    Stored, TabId,
};
pub use pages::{OptionsReply, OptionsRequest, PopupReply, PopupRequest, SheetReply, SheetRequest, TabInfo};
pub use panel::{FromPanel, PanelCommand, PanelView, ToPanel};
