//! Between the content-script agent (`extension/agent.js`) and the background.
//!
//! The agent describes its page ([`FromAgent::Page`]) and performs the
//! primitive [`Action`]s the engine decides ([`ToAgent::Perform`]), reporting
//! each one's [`ActionResult`]. Every action that names page elements is bound
//! to the page load it was decided on (`page_id`): an agent on another load
//! refuses the whole batch.

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::guard::GuardReport;
use crate::portal::snapshot::{ElementId, Snapshot};
use crate::teach::{Pick, PickTarget};

/// One page load in one frame: drawn at random by the agent when it starts.
pub type PageId = String;

/// Why the agent describes its page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The page loaded (the agent's first report).
    Load,
    /// Forms or content appeared or changed after load.
    Changed,
    /// A single-page portal moved to another view (history navigation).
    Navigated,
    /// The background asked.
    Asked,
}

/// What the agent sends.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum FromAgent {
    /// The page, described.
    Page {
        /// This page load.
        page_id: PageId,
        /// Why now.
        reason: Reason,
        /// What it shows.
        snapshot: Snapshot,
    },
    /// What came of a batch of actions, and the page as it is after them.
    Results {
        /// This page load.
        page_id: PageId,
        /// One per action performed, in order; the first failure ends the batch.
        results: Vec<ActionResult>,
        /// The page after the batch.
        snapshot: Snapshot,
    },
    /// The watched password field's value changed (the live checklist). Kept in
    /// memory only, never stored.
    Field {
        /// This page load.
        page_id: PageId,
        /// What the field holds.
        #[cfg_attr(feature = "ts", ts(as = "String"))]
        value: Zeroizing<String>,
    },
    /// In teach mode, the admin clicked an element of the page.
    Picked {
        /// This page load.
        page_id: PageId,
        /// What was picked.
        pick: Pick,
    },
    /// The admin ticked or unticked users on a users list (bulk resets).
    Selection {
        /// This page load.
        page_id: PageId,
        /// The user IDs ticked, in the page's order.
        users: Vec<String>,
        /// How many times the admin ticked or unticked on this page load,
        /// this change included: see [`Action::MarkUsers`].
        #[serde(default)]
        tick: u32,
    },
}

impl FromAgent {
    /// The page load the message comes from.
    pub fn page_id(&self) -> &str {
        match self {
            FromAgent::Page { page_id, .. }
            | FromAgent::Results { page_id, .. }
            | FromAgent::Field { page_id, .. }
            | FromAgent::Picked { page_id, .. }
            | FromAgent::Selection { page_id, .. } => page_id,
        }
    }
}

/// What the background tells an agent (as the reply to its report, or pushed).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ToAgent {
    /// Nothing to do.
    #[default]
    Idle,
    /// Perform these in order, stopping at the first failure, then report
    /// [`FromAgent::Results`]. Refused whole by an agent on another page load.
    Perform {
        /// The page load the actions were decided on.
        page_id: PageId,
        /// What to do.
        actions: Vec<Action>,
    },
    /// Describe the page again in full: the light look could be the portal's.
    /// Meanwhile draw `provisional` (frames only), which the full answer
    /// confirms or takes back.
    DescribeFully {
        /// The frames to draw now.
        provisional: Vec<Action>,
    },
}

/// The extension's frames in a page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum FrameKind {
    /// The panel.
    Panel,
    /// The compact launcher beside the user's name.
    Launcher,
}

impl FrameKind {
    /// The value of the panel page's `mode` parameter.
    pub fn as_str(self) -> &'static str {
        match self {
            FrameKind::Panel => "panel",
            FrameKind::Launcher => "launcher",
        }
    }
}

/// Where a frame goes, in the page's coordinates (CSS pixels from the
/// document's top left corner), as decided by [`crate::layout`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Place {
    /// Left edge.
    pub left: i32,
    /// Top edge.
    pub top: i32,
    /// Width.
    pub width: u32,
    /// Height.
    pub height: u32,
}

/// A primitive action for the agent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Type `value` into a field (with the events frameworks listen for),
    /// check the field's own validity and read it back.
    Fill {
        /// The field.
        id: ElementId,
        /// What to type.
        #[cfg_attr(feature = "ts", ts(as = "String"))]
        value: Zeroizing<String>,
    },
    /// Type a text that is no secret (a user ID into a search field), with
    /// the same events as [`Action::Fill`].
    TypeText {
        /// The field (never a password field).
        id: ElementId,
        /// What to type.
        text: String,
    },
    /// Choose a radio button.
    Choose {
        /// The radio.
        id: ElementId,
    },
    /// Click a button.
    Click {
        /// The button.
        id: ElementId,
    },
    /// Follow a link.
    Follow {
        /// The link.
        id: ElementId,
    },
    /// Choose the option of a select whose text means `meaning` (the engine
    /// gives the option's exact text).
    SelectOption {
        /// The select.
        id: ElementId,
        /// The option's text.
        text: String,
    },
    /// Go to a URL of the page's own origin.
    Navigate {
        /// Where.
        url: String,
    },
    /// Show one of our frames (or move it), loading `src` if it is new.
    Inject {
        /// Which frame.
        frame: FrameKind,
        /// The extension page it shows (the agent checks it stays so).
        src: String,
        /// Where.
        place: Place,
    },
    /// Remove one of our frames.
    Remove {
        /// Which frame.
        frame: FrameKind,
    },
    /// Report a password field's value on every input (the live checklist).
    Watch {
        /// The field.
        id: ElementId,
    },
    /// Report what the agent sees of our frames now ([`GuardReport`]).
    Guard,
    /// Show a checkbox beside each of these users' rows (bulk resets).
    MarkUsers {
        /// The rows: the user ID and the element (a link or a cell) to sit beside.
        rows: Vec<UserRow>,
        /// The admin's last tick on this page load the rows' `checked` take
        /// into account (the [`FromAgent::Selection`] `tick`). A box the admin
        /// ticked after it keeps what the admin made it: the rows were decided
        /// before that tick arrived.
        #[serde(default)]
        ticks_seen: u32,
    },
    /// Teach mode: highlight what the pointer is over and report the
    /// admin's click on an element of this kind.
    Teach {
        /// What the admin is asked to pick.
        target: PickTarget,
    },
    /// Leave teach mode.
    StopTeaching,
}

/// A users list row that gets a checkbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UserRow {
    /// The user ID (the checkbox's `data-user`).
    pub user: String,
    /// The row the checkbox sits beside.
    pub anchor: ElementId,
    /// Whether it starts ticked.
    pub checked: bool,
    /// Its accessible name ("Select John Smith for a bulk reset").
    pub label: String,
}

/// The kind of an action, as the agent reports it back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Op {
    /// [`Action::Fill`].
    Fill,
    /// [`Action::TypeText`].
    TypeText,
    /// [`Action::Choose`].
    Choose,
    /// [`Action::Click`].
    Click,
    /// [`Action::Follow`].
    Follow,
    /// [`Action::SelectOption`].
    SelectOption,
    /// [`Action::Navigate`].
    Navigate,
    /// [`Action::Inject`].
    Inject,
    /// [`Action::Remove`].
    Remove,
    /// [`Action::Watch`].
    Watch,
    /// [`Action::Guard`].
    Guard,
    /// [`Action::MarkUsers`].
    MarkUsers,
    /// [`Action::Teach`].
    Teach,
    /// [`Action::StopTeaching`].
    StopTeaching,
}

impl From<crate::portal::classify::Choice> for Action {
    /// The action that makes a Passwords form's choice of secret.
    fn from(choice: crate::portal::classify::Choice) -> Self {
        match choice {
            crate::portal::classify::Choice::Radio(id) => Action::Choose { id },
            crate::portal::classify::Choice::Option { select, text } => {
                Action::SelectOption { id: select, text }
            }
        }
    }
}

impl Action {
    /// Its kind.
    pub fn op(&self) -> Op {
        match self {
            Action::Fill { .. } => Op::Fill,
            Action::TypeText { .. } => Op::TypeText,
            Action::Choose { .. } => Op::Choose,
            Action::Click { .. } => Op::Click,
            Action::Follow { .. } => Op::Follow,
            Action::SelectOption { .. } => Op::SelectOption,
            Action::Navigate { .. } => Op::Navigate,
            Action::Inject { .. } => Op::Inject,
            Action::Remove { .. } => Op::Remove,
            Action::Watch { .. } => Op::Watch,
            Action::Guard => Op::Guard,
            Action::MarkUsers { .. } => Op::MarkUsers,
            Action::Teach { .. } => Op::Teach,
            Action::StopTeaching => Op::StopTeaching,
        }
    }

    /// Whether the action names elements of one page load (and must be bound to it).
    pub fn names_elements(&self) -> bool {
        matches!(
            self,
            Action::Fill { .. }
                | Action::TypeText { .. }
                | Action::Choose { .. }
                | Action::SelectOption { .. }
                | Action::Click { .. }
                | Action::Follow { .. }
                | Action::Watch { .. }
                | Action::MarkUsers { .. }
        )
    }

    /// Whether the action changes something on the portal (or may: a link
    /// the portal answers, a page it serves).
    pub fn acts_on_portal(&self) -> bool {
        matches!(
            self,
            Action::Fill { .. }
                | Action::TypeText { .. }
                | Action::Choose { .. }
                | Action::SelectOption { .. }
                | Action::Click { .. }
                | Action::Follow { .. }
                | Action::Navigate { .. }
        )
    }
}

/// Why the agent could not perform an action.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum AgentError {
    /// The element is gone or was replaced by another since it was described.
    Replaced,
    /// The field did not hold what was typed when read back (the page rewrote it).
    ReadBack,
    /// The field's own constraints refuse the value (maxlength, pattern, ...).
    Invalid {
        /// What the browser's validity check says.
        validity: Validity,
    },
    /// The radio could not be checked.
    NotChecked,
    /// A navigation to another origin was refused.
    CrossOrigin,
    /// The batch was decided on another page load of this frame.
    PageChanged,
    /// Anything else, in the browser's words.
    Other {
        /// The message.
        message: String,
    },
}

/// A field's validity after filling (the browser's `ValidityState`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct Validity {
    /// Longer than `maxlength`.
    pub too_long: bool,
    /// Shorter than `minlength`.
    pub too_short: bool,
    /// Does not match `pattern`.
    pub pattern_mismatch: bool,
    /// Not of the input's type (a number field given letters).
    pub type_mismatch: bool,
}

/// What the agent reports for one action.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ActionResult {
    /// The action's kind.
    pub op: Op,
    /// Why it failed; `None` when it worked.
    #[serde(default)]
    pub error: Option<AgentError>,
    /// For [`Action::Guard`]: what the agent sees of our frames.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guard: Option<GuardReport>,
}

impl ActionResult {
    /// A success.
    pub fn ok(op: Op) -> ActionResult {
        ActionResult { op, error: None, guard: None }
    }

    /// A failure.
    pub fn failed(op: Op, error: AgentError) -> ActionResult {
        ActionResult { op, error: Some(error), guard: None }
    }

    /// Whether it worked.
    pub fn is_ok(&self) -> bool {
        self.error.is_none()
    }
}
