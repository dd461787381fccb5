//! Between `extension/background.js` and the engine: one [`Event`] with the
//! stored state it needs ([`Needs`], loaded by the background into
//! [`Stored`]), and the [`Effects`] to apply. The background only stores,
//! carries and calls browser APIs; every decision is [`crate::engine::handle`]'s.
//!
//! The background applies effects in a fixed order: storage writes first
//! (awaited, so a flow's state is saved before any click reaches the page:
//! never submit twice), then memory, then messages to panels and agents, then
//! browser operations, then the reply.

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::agent::{FromAgent, ToAgent};
use super::pages::{OptionsReply, OptionsRequest, PopupReply, PopupRequest, SheetReply, SheetRequest};
use super::panel::{FromPanel, ToPanel};
use crate::audit::AuditEntry;
use crate::bulk::Run;
use crate::engine::TabState;
use crate::flow::Flow;
use crate::portal::map::PortalMap;
use crate::settings::{Pending, Settings};

/// A browser tab's id.
pub type TabId = i64;
/// A frame's id within its tab (0: the top frame).
pub type FrameId = i64;

/// Something happened.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
// Events are made once and handled once: boxing the big ones buys nothing.
#[allow(clippy::large_enum_variant)]
pub enum Event {
    /// An agent sent a message (the background checked it is our content
    /// script in an http(s) page of a tab).
    Agent {
        /// Its tab.
        tab: TabId,
        /// Its frame.
        frame: FrameId,
        /// The frame's URL, as the browser reports the sender.
        url: String,
        /// What it says.
        message: FromAgent,
    },
    /// A panel or launcher frame sent a message over its port.
    Panel {
        /// Its tab.
        tab: TabId,
        /// Its frame.
        frame: FrameId,
        /// What it says.
        message: FromPanel,
    },
    /// A panel's port disconnected (its page unloaded or was navigated away).
    PanelGone {
        /// Its tab.
        tab: TabId,
        /// Its frame.
        frame: FrameId,
    },
    /// The options page asks.
    Options(OptionsRequest),
    /// The toolbar popup asks.
    Popup(PopupRequest),
    /// The hand-off sheet asks.
    Sheet(SheetRequest),
    /// A tab was closed.
    TabClosed {
        /// Which.
        tab: TabId,
    },
    /// The browser started, or the extension was installed or updated:
    /// session storage is new, so flows that were running are gone.
    Started,
    /// The keyboard shortcut (Alt+Shift+P) in a tab.
    Shortcut {
        /// The active tab.
        tab: TabId,
    },
    /// The clipboard was emptied after a copy (or could not be).
    ClipboardCleared {
        /// Whether it worked.
        ok: bool,
    },
    /// A timer the engine asked for ([`BrowserOp::Wake`]) went off.
    Wake {
        /// The tab it was for.
        tab: TabId,
    },
}

/// What the background must load for an event.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Needs {
    /// The state of this tab (`tab:<id>` in session storage).
    pub tab: Option<TabId>,
    /// The state of every tab.
    pub all_tabs: bool,
    /// Settings, managed settings, portal maps, pending policies.
    pub settings: bool,
    /// The audit log.
    pub audit: bool,
    /// Secrets kept from closed tabs.
    pub orphans: bool,
    /// Bulk runs.
    pub runs: bool,
}

/// Read from storage, still to be validated by the engine: a record that
/// does not parse is reported and not used (no fallback to defaults).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Loaded<T> {
    /// Nothing stored.
    #[default]
    Missing,
    /// Read and parsed.
    Valid(T),
    /// Stored, but not readable as such: why.
    Invalid(String),
}

impl<T> Loaded<T> {
    /// The value, if valid.
    pub fn valid(&self) -> Option<&T> {
        match self {
            Loaded::Valid(v) => Some(v),
            _ => None,
        }
    }

    /// The problem, if invalid.
    pub fn problem(&self) -> Option<&str> {
        match self {
            Loaded::Invalid(p) => Some(p),
            _ => None,
        }
    }
}

/// What the background knows without storage.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct Context {
    /// Milliseconds since the epoch.
    pub now_ms: f64,
    /// The browser's UI language (`i18n.getUILanguage()`).
    pub ui_language: String,
    /// The panel page's URL (`runtime.getURL('panel.html')`).
    pub panel_url: String,
    /// Random bytes for ids (from `crypto.getRandomValues`), hex.
    pub nonce: String,
    /// Whether the browser has Chrome's offscreen documents (else Firefox's
    /// background page clears the clipboard itself).
    pub offscreen: bool,
}

/// What the background loaded for the event.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Stored {
    /// The event's tab.
    pub tab: Loaded<TabState>,
    /// Every tab, when asked for.
    pub tabs: Vec<(TabId, TabState)>,
    /// The admin's settings.
    pub settings: Loaded<Settings>,
    /// The IT department's settings (`storage.managed`).
    pub managed: Loaded<Settings>,
    /// The portal maps taught or imported (`storage.local`).
    pub maps: Loaded<Vec<PortalMap>>,
    /// Policies learned from pages, weaker than the current ones, awaiting the admin.
    pub pending: Loaded<Vec<Pending>>,
    /// The audit log.
    pub audit: Loaded<Vec<AuditEntry>>,
    /// Secrets kept from closed tabs.
    pub orphans: Vec<Flow>,
    /// Bulk runs (`storage.local`: no secret in them).
    pub runs: Vec<Run>,
    /// What the background keeps in memory for the event's tab (never stored).
    pub memory: Memory,
}

/// What the background keeps in memory only, per tab: never in storage.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct Memory {
    /// The watched password field's value (the live checklist).
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub field: Option<Zeroizing<String>>,
    /// A secret generated into the fields (not submitted), until dismissed.
    pub generated: Option<crate::engine::GeneratedCard>,
}

/// A storage write.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
#[allow(clippy::large_enum_variant)]
pub enum StoreOp {
    /// Write (or, with `None`, remove) a tab's state in session storage.
    Tab {
        /// Which tab.
        tab: TabId,
        /// Its state.
        state: Option<TabState>,
    },
    /// Replace the secrets kept from closed tabs (session storage).
    Orphans(Vec<Flow>),
    /// Replace the admin's settings (local storage).
    Settings(Settings),
    /// Replace the portal maps (local storage).
    Maps(Vec<PortalMap>),
    /// Replace the pending policies (local storage).
    Pending(Vec<Pending>),
    /// Add or update one audit record (local storage), keeping the last `keep`.
    Audit {
        /// The record.
        entry: AuditEntry,
        /// How many records to keep.
        keep: u32,
    },
    /// Replace the whole audit log.
    AuditAll(Vec<AuditEntry>),
    /// Write (or remove) a bulk run (`storage.local`, the last 10 kept: no secret in it).
    Run {
        /// The run's id.
        id: String,
        /// The run.
        run: Option<Run>,
    },
}

/// A message for the agent in a tab's frame.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AgentSend {
    /// The tab.
    pub tab: TabId,
    /// The frame.
    pub frame: FrameId,
    /// What to do; its answer ([`FromAgent::Results`]) is a new event.
    pub message: ToAgent,
}

/// A message for a tab's panel, if it has one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PanelSend {
    /// The tab.
    pub tab: TabId,
    /// What to send.
    pub message: ToPanel,
}

/// A browser operation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum BrowserOp {
    /// Register the agent for every origin the admin granted, and only those.
    SyncContentScripts,
    /// Inject the agent into a tab now (just enabled from the popup).
    InjectAgent {
        /// The tab.
        tab: TabId,
    },
    /// Open the options page.
    OpenOptions,
    /// Open the hand-off sheet of a bulk run in a new tab.
    OpenSheet {
        /// The run.
        run: String,
    },
    /// Empty the clipboard in `ms` milliseconds (whatever happens to the panel
    /// that copied), then send [`Event::ClipboardCleared`].
    ClearClipboardAfter {
        /// Delay.
        ms: u32,
    },
    /// Send [`Event::Wake`] for this tab in `ms` milliseconds (a bulk run's
    /// pause between users).
    WakeAfter {
        /// The tab.
        tab: TabId,
        /// Delay.
        ms: u32,
    },
    /// Remember which tab's panel copied. The background may ignore it: the
    /// clearing is told to every open panel (`Event::ClipboardCleared`).
    NoteClipboardTab {
        /// The tab.
        tab: TabId,
    },
}

/// The reply to the message that caused the event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Reply {
    /// For an agent's report.
    Agent(ToAgent),
    /// For the options page.
    Options(OptionsReply),
    /// For the popup.
    Popup(PopupReply),
    /// For the hand-off sheet.
    Sheet(SheetReply),
}

/// What to do about an event.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Effects {
    /// Storage writes, applied and awaited first.
    pub store: Vec<StoreOp>,
    /// The event's tab's new memory (`None`: unchanged).
    pub memory: Option<Memory>,
    /// Messages for panels.
    pub panels: Vec<PanelSend>,
    /// Messages for agents.
    pub agents: Vec<AgentSend>,
    /// Browser operations.
    pub browser: Vec<BrowserOp>,
    /// The reply to the sender.
    pub reply: Option<Reply>,
}
