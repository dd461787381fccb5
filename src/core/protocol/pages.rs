//! Between the extension's own pages (options, toolbar popup, hand-off sheet)
//! and the background, over `runtime.sendMessage`: a request, and a view to
//! draw (or a file to save) as the reply.

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::policy::{PolicySpec, Source};
use crate::portal::map::PortalMap;
use crate::settings::Prefs;

/// What the options page asks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum OptionsRequest {
    /// The page opened.
    Load,
    /// Save the portals and preferences as edited. A change that weakens a
    /// portal's policy is only saved with `confirmed` (after the page showed
    /// the before/after the engine sent back).
    Save {
        /// The portals as edited (the managed ones are not sent).
        portals: Vec<PortalForm>,
        /// The preferences.
        prefs: Prefs,
        /// The admin confirmed the weakening shown.
        confirmed: bool,
    },
    /// Apply a pending policy (learned from a page, weaker than the current
    /// one) after seeing its before/after.
    ConfirmPending {
        /// The portal.
        origin: String,
    },
    /// Throw a pending policy away.
    RejectPending {
        /// The portal.
        origin: String,
    },
    /// Learn the rules from a tab showing this portal's Password Rules page.
    Learn {
        /// The portal.
        origin: String,
    },
    /// The audit log as CSV.
    ExportAudit,
    /// Empty the audit log.
    ClearAudit,
    /// The portal maps (teach mode) as a JSON-compatible object.
    ExportMaps,
    /// Add portal maps from an exported file (parsed by the page's JSON.parse).
    ImportMaps {
        /// The maps.
        maps: Vec<PortalMap>,
    },
    /// Remove a portal's map.
    DeleteMap {
        /// The portal.
        origin: String,
    },
}

/// A portal as edited in the options page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PortalForm {
    /// What the admin typed as the address.
    pub origin: String,
    /// Its policy.
    pub policy: Source,
    /// Speakable web passwords for this portal.
    #[serde(default)]
    pub speakable: bool,
}

/// The options page's replies.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum OptionsReply {
    /// Draw this.
    View(Box<OptionsView>),
    /// Save this file.
    File {
        /// Its name.
        name: String,
        /// Its MIME type.
        mime: String,
        /// Its text.
        text: String,
    },
}

/// One line of a before/after.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DiffLine {
    /// The rule, in words.
    pub rule: String,
    /// Before.
    pub before: String,
    /// After.
    pub after: String,
    /// Whether the change makes the policy weaker.
    pub weaker: bool,
}

/// A portal, as the options page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PortalView {
    /// Its origin.
    pub origin: String,
    /// Its policy.
    pub policy: Source,
    /// The rule sets the policy stands for (the JSON editor's content).
    pub spec: Option<PolicySpec>,
    /// Its rules in words, one line per kind.
    pub description: Vec<String>,
    /// Set by the IT department: read-only.
    pub managed: bool,
    /// Over http: passwords cross the network in clear.
    pub insecure: bool,
    /// Speakable web passwords chosen for it.
    pub speakable: bool,
    /// A policy learned from a page that is weaker than this one, waiting
    /// for the admin: its before/after.
    pub pending: Vec<DiffLine>,
    /// Where the pending policy came from ("the Password Rules page").
    pub pending_from: Option<String>,
    /// What is wrong with it, if it failed validation when read.
    pub problem: Option<String>,
}

/// A portal map, as the options page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MapView {
    /// Its origin.
    pub origin: String,
    /// What it says, in words (one line per page and element taught).
    pub lines: Vec<String>,
    /// Deployed by the IT department: read-only.
    pub managed: bool,
    /// The map itself (for the editor).
    pub map: PortalMap,
}

/// One audit record, as shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AuditRow {
    /// ISO 8601, UTC.
    pub time: String,
    /// The portal.
    pub origin: String,
    /// The user.
    pub who: String,
    /// web or passcode.
    pub kind: String,
    /// The steps.
    pub steps: String,
    /// How it ended.
    pub outcome: String,
}

/// Everything the options page draws, in the admin's language.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OptionsView {
    /// The UI language.
    pub lang: String,
    /// Fixed labels by element id.
    pub labels: Vec<(String, String)>,
    /// The presets: name and title.
    pub presets: Vec<(String, String)>,
    /// The portals: the IT department's first, then the admin's.
    pub portals: Vec<PortalView>,
    /// The preferences.
    pub prefs: Prefs,
    /// Which preferences the IT department set (read-only here).
    pub managed_prefs: Vec<String>,
    /// The policy floor in words.
    pub floor: Vec<String>,
    /// The portal maps.
    pub maps: Vec<MapView>,
    /// The audit log, newest first.
    pub audit: Vec<AuditRow>,
    /// Stored data that failed validation (not used).
    pub problems: Vec<String>,
    /// A save that weakens a policy: the before/after to confirm.
    pub confirm: Vec<DiffLine>,
    /// The result of the last request.
    pub message: Option<Note>,
}

/// A one-line result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Note {
    /// The text.
    pub text: String,
    /// An error (else a success).
    pub error: bool,
}

/// What the toolbar popup asks. The permission request itself is the
/// popup's (it must run inside the admin's click).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum PopupRequest {
    /// The popup opened on this tab.
    Load {
        /// The active tab.
        tab: Option<TabInfo>,
        /// Whether the extension has the host permission for the tab's site.
        enabled: bool,
    },
    /// The permission was granted (or refused) for the tab's site.
    Enabled {
        /// The active tab.
        tab: TabInfo,
        /// Granted.
        granted: bool,
    },
    /// The permission was removed.
    Disabled {
        /// The active tab.
        tab: TabInfo,
    },
    /// Open the panel in the tab.
    OpenPanel {
        /// The tab.
        tab: TabInfo,
    },
    /// Teach this portal.
    Teach {
        /// The tab.
        tab: TabInfo,
        /// What to teach.
        command: crate::teach::TeachCommand,
    },
}

/// A tab, as the popup sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TabInfo {
    /// The browser's id.
    pub id: i64,
    /// Its URL.
    pub url: String,
}

/// What the popup draws.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PopupView {
    /// The UI language.
    pub lang: String,
    /// Fixed labels by element id.
    pub labels: Vec<(String, String)>,
    /// The site ("https://portal.example.com", or "This page").
    pub site: String,
    /// The status line.
    pub state: String,
    /// A warning (the site is http).
    pub warning: Option<String>,
    /// The permission pattern to ask for ("https://portal.example.com/*"), when the page can be enabled.
    pub pattern: Option<String>,
    /// Show "Enable on this portal".
    pub enable: bool,
    /// Show "Disable".
    pub disable: bool,
    /// Show "Open the panel" and the teach buttons.
    pub open: bool,
}

/// What the popup's replies carry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum PopupReply {
    /// Draw this.
    View(Box<PopupView>),
    /// Close the popup (the admin goes on in the page).
    Close,
}

/// What the hand-off sheet asks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum SheetRequest {
    /// The sheet opened for this run.
    Load {
        /// The bulk run.
        run: String,
    },
    /// The sheet is closing: wipe what it showed.
    Close {
        /// The bulk run.
        run: String,
    },
}

/// One user's card on the hand-off sheet.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HandoffRow {
    /// The user ID.
    pub user: String,
    /// The name.
    pub name: Option<String>,
    /// The extension.
    pub extension: Option<String>,
    /// The new web password.
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub password: Option<Zeroizing<String>>,
    /// Its reading over the phone.
    pub password_reading: Option<String>,
    /// The new portal passcode.
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub passcode: Option<Zeroizing<String>>,
    /// Its reading.
    pub passcode_reading: Option<String>,
    /// What to tell the user (the reboot note after a rebuild).
    pub note: String,
}

/// The hand-off sheet.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum SheetReply {
    /// Draw this.
    View(Box<SheetView>),
    /// Nothing to show (the run is gone or was dismissed).
    Gone {
        /// Why, in words.
        message: String,
    },
}

/// What the sheet draws.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SheetView {
    /// The UI language.
    pub lang: String,
    /// Fixed labels by element id.
    pub labels: Vec<(String, String)>,
    /// The title ("Passwords for 25 users, Acme, 1 Dec 2026").
    pub title: String,
    /// One card per user.
    pub rows: Vec<HandoffRow>,
    /// The same as CSV, for the download.
    #[cfg_attr(feature = "ts", ts(as = "String"))]
    pub csv: Zeroizing<String>,
}
