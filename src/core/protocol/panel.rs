//! Between the panel (and launcher) frame and the background, over a
//! `runtime.Port`. The panel sends the admin's commands; the background
//! answers with the whole [`PanelView`] to draw, computed by the engine.
//!
//! The panel holds no secret unless it is on show: the view carries the
//! secret only while it is revealed, and [`ToPanel::Copy`] hands it over for
//! one clipboard write.

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::agent::FrameKind;
use crate::flow::Task;
use crate::guard::PanelVisibility;
use crate::policy::Kind;

/// What the panel sends.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum FromPanel {
    /// The panel (or launcher) loaded and wants its view.
    Hello {
        /// Which frame it is.
        frame: FrameKind,
        /// The nonce of its address (the engine listens only to the frame it put there).
        nonce: String,
        /// What the panel's own visibility observer says (Chromium's
        /// IntersectionObserver v2), when the browser has one.
        visibility: PanelVisibility,
    },
    /// The admin clicked (a trusted event) one of the panel's controls.
    Command {
        /// What for.
        command: PanelCommand,
        /// The nonce of its address.
        nonce: String,
        /// The panel's own visibility observer at the click.
        visibility: PanelVisibility,
    },
    /// The panel's visibility observer changed its mind.
    Visibility(PanelVisibility),
    /// The panel's content changed height.
    Resize {
        /// CSS pixels.
        height: u32,
    },
    /// The clipboard write asked by [`ToPanel::Copy`] ended.
    Copied {
        /// Whether the browser took it.
        ok: bool,
    },
}

/// The admin's commands. Sensitive ones ([`PanelCommand::is_sensitive`]) take
/// effect only after the agent confirms the panel was visible and still.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum PanelCommand {
    /// Open the panel (the launcher's button).
    Open,
    /// Close the panel.
    Close,
    /// Open the settings page.
    Settings,
    /// Run the one-click reset.
    Start {
        /// What to do.
        task: Task,
    },
    /// Generate a secret and fill both fields, not submitting.
    Generate {
        /// Which secret.
        kind: Kind,
    },
    /// Choose between random and speakable web passwords for this portal's panel.
    Speakable {
        /// Speakable (words) or random.
        on: bool,
    },
    /// Stop the running flow.
    Cancel,
    /// Forget the finished flow's card (and its secret) or the generated secret.
    Dismiss,
    /// Show or hide the secret on the card.
    Reveal,
    /// Put the secret on the clipboard.
    Copy,
    /// Add the rules the portal's message named, and start again.
    AddRules,
    /// Learn the rules of this Password Rules page for this portal.
    Learn,
    /// Show or hide a password kept from a closed tab.
    RevealOrphan {
        /// The orphaned flow.
        id: String,
    },
    /// Forget a password kept from a closed tab.
    DismissOrphan {
        /// The orphaned flow.
        id: String,
    },
    /// A bulk run's command.
    Bulk(crate::bulk::BulkCommand),
    /// A teach-mode command.
    Teach(crate::teach::TeachCommand),
}

impl PanelCommand {
    /// Whether the command changes something on the portal, shows or moves a
    /// secret, changes a policy, or throws away a secret: what a click the
    /// admin could not see must never do.
    pub fn is_sensitive(&self) -> bool {
        use crate::bulk::BulkCommand as B;
        match self {
            PanelCommand::Open
            | PanelCommand::Close
            | PanelCommand::Settings
            | PanelCommand::Speakable { .. } => false,
            PanelCommand::Bulk(b) => !matches!(b, B::Pause | B::SelectAll | B::Cancel),
            PanelCommand::Teach(_) => false,
            _ => true,
        }
    }
}

/// What the background sends the panel.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ToPanel {
    /// Draw this.
    View(Box<PanelView>),
    /// Write this to the clipboard now (the admin's copy was allowed), then
    /// answer [`FromPanel::Copied`].
    Copy {
        /// The secret.
        #[cfg_attr(feature = "ts", ts(as = "String"))]
        text: Zeroizing<String>,
    },
}

/// The panel's status line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum StatusState {
    /// Waiting for the background.
    Loading,
    /// Nothing running.
    Idle,
    /// A flow is running.
    Running,
    /// The flow is done, confirmed by the portal.
    Done,
    /// The flow stopped on a problem.
    Failed,
}

/// How a step of the flow stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum StepState {
    /// Done.
    Done,
    /// Being done.
    Current,
    /// Stopped here.
    Failed,
    /// Not reached.
    Todo,
}

/// One line of the step list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StepView {
    /// In words.
    pub label: String,
    /// How it stands.
    pub state: StepState,
}

/// A checklist line's verdict, as drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ItemState {
    /// Nothing typed yet.
    Pending,
    /// Met.
    Pass,
    /// Not met.
    Fail,
    /// Not checkable here (the old password).
    NotChecked,
}

/// Where a rule of the checklist comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum RuleOrigin {
    /// The portal's configured policy.
    Policy,
    /// Printed on the Passwords page.
    Page,
    /// The password field's own constraints (maxlength, pattern).
    Field,
}

/// One line of the checklist.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ItemView {
    /// The rule in words (with the problem, when failing).
    pub label: String,
    /// How it stands.
    pub state: ItemState,
    /// The rule's id (`min-length`, `required-1`, ...).
    pub rule: String,
    /// Where the rule comes from.
    pub origin: RuleOrigin,
    /// "from the page" and the like, when not from the policy.
    pub origin_label: Option<String>,
}

/// The card of a new secret.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ResultView {
    /// The card's title.
    pub title: String,
    /// A warning colour: the portal may or may not hold it.
    pub warn: bool,
    /// How many characters (for the mask).
    pub length: u32,
    /// The secret, only while revealed.
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub secret: Option<Zeroizing<String>>,
    /// "Show" or "Hide".
    pub reveal_label: String,
    /// Revealed.
    pub revealed: bool,
    /// "96 bits of entropy".
    pub entropy: String,
    /// The reading over the phone (NATO, or the words), only while revealed.
    pub reading: Option<String>,
    /// What to tell the end user, once the portal confirmed.
    pub handoff: Option<String>,
}

/// A password kept from a closed tab.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OrphanView {
    /// The flow's id.
    pub id: String,
    /// "Password for Jane Smith (jsmith@…), kept from a closed tab".
    pub title: String,
    /// What is known of it: where the flow stopped, whether the portal may hold it.
    pub note: String,
    /// How many characters.
    pub length: u32,
    /// The secret, only while revealed.
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub secret: Option<Zeroizing<String>>,
    /// "Show" or "Hide".
    pub reveal_label: String,
}

/// The problem box.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProblemView {
    /// Our explanation.
    pub message: String,
    /// The portal's own words, verbatim.
    pub portal_text: Option<String>,
    /// The policy rules those words map to.
    pub rule: Option<String>,
    /// The rules to add, in words.
    pub suggestions: Vec<String>,
    /// The add button's label ("Add these rules and retry"), when there are rules to add.
    pub add_label: Option<String>,
}

/// A button or control: whether it shows and whether it answers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Control {
    /// Shown.
    pub shown: bool,
    /// Answers clicks.
    pub enabled: bool,
}

impl Control {
    /// Shown and enabled.
    pub const ON: Control = Control { shown: true, enabled: true };
    /// Shown, greyed out.
    pub const GREY: Control = Control { shown: true, enabled: false };
    /// Not shown.
    pub const OFF: Control = Control { shown: false, enabled: false };

    /// Shown and enabled when `on`, else not shown.
    pub fn when(on: bool) -> Control {
        if on { Control::ON } else { Control::OFF }
    }
}

/// The panel's controls.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Controls {
    /// The one-click section.
    pub oneclick: Control,
    /// Reset web access password.
    pub reset_web: Control,
    /// Set portal passcode.
    pub reset_passcode: Control,
    /// "then rebuild the phone's files".
    pub rebuild: Control,
    /// "and reset the phone".
    pub reset_phone: Control,
    /// Generate.
    pub generate: Control,
    /// The speakable toggle.
    pub speakable: Control,
    /// Whether speakable is chosen.
    pub speakable_on: bool,
    /// Learn these rules.
    pub learn: Control,
    /// Cancel.
    pub cancel: Control,
    /// Dismiss.
    pub dismiss: Control,
    /// Reveal and copy on the card.
    pub reveal: Control,
    /// Copy.
    pub copy: Control,
    /// Add the suggested rules.
    pub add_rules: Control,
}

/// Everything the panel draws, in the admin's language.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PanelView {
    /// The UI language (`en`, `fr`, `de`, `es`): the document's `lang`.
    pub lang: String,
    /// The fixed labels, by element id (`reset-web`: "Reset web access password").
    pub labels: Vec<(String, String)>,
    /// The user the page is about ("Jane Smith"), and their user ID.
    pub who: Option<(String, Option<String>)>,
    /// The status line's state.
    pub state: StatusState,
    /// The status line.
    pub status: String,
    /// A warning above everything (an http portal, a conflict of rules).
    pub warnings: Vec<String>,
    /// Why the panel's buttons are off (a page interfering with it).
    pub disarmed: Option<String>,
    /// Passwords kept from closed tabs of this portal.
    pub orphans: Vec<OrphanView>,
    /// What went wrong.
    pub problem: Option<ProblemView>,
    /// The new secret's card.
    pub result: Option<ResultView>,
    /// The flow's steps.
    pub steps: Vec<StepView>,
    /// The controls.
    pub controls: Controls,
    /// The checklist's title ("Rules (Broadsmart, web)").
    pub rules_title: String,
    /// The checklist.
    pub checklist: Vec<ItemView>,
    /// The kind the checklist and Generate are about.
    pub kind: Kind,
    /// A bulk run.
    pub bulk: Option<crate::bulk::BulkView>,
    /// Teach mode.
    pub teach: Option<crate::teach::TeachView>,
}
