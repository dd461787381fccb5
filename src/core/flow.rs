//! The one-click flow as a state machine: from the user page to Passwords
//! (even several links away), fill and press OK once, read the outcome,
//! then optionally rebuild the phone's files and reset it.
//!
//! The state is plain data, kept by the background in session storage across
//! page loads and service-worker restarts. Every page a frame of the tab
//! describes is fed to [`Flow::on_page`], which returns the primitive actions
//! to perform, in that frame or another of the tab's. The form is never
//! submitted twice: [`Flow::submitted`] is set in the state saved before the
//! click is sent, and only a report that the click never happened clears it.

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::audit::Outcome;
use crate::generate::{self, Options, Style};
use crate::policy::{Kind, Policy};
use crate::portal::classify::{Confidence, DeviceAction, NavLink, Page, PageKind, UserInfo};
use crate::portal::outcome::{self, Cause, Suggestion};
use crate::protocol::{Action, ActionResult, AgentError, FrameId, Op, PageId, Validity};

/// More pages than any flow needs: past this, something is looping.
const MAX_PAGES: u32 = 25;
/// Links followed, at most, from the user's page to the Passwords form.
pub const MAX_HOPS: u32 = 4;
/// How long a page may stay without what the flow needs before it stops:
/// scripts build forms after load, single-page portals answer late.
pub const PATIENCE_MS: f64 = 4000.0;
/// How long the flow gives the page a Passwords link led to for its script to
/// build the form, before it looks further (once per page).
pub const SETTLE_MS: f64 = 2000.0;

/// What a waiting flow does when its timer goes off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Waiting {
    /// Still waiting: look again after this many milliseconds.
    Still(u32),
    /// The page had its time: decide again on what it shows now.
    Again,
    /// Waited too long: the flow has stopped.
    Stopped,
}

/// What the admin asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Task {
    /// Web password or passcode.
    pub kind: Kind,
    /// Then rebuild the phone's configuration files.
    #[serde(default)]
    pub rebuild: bool,
    /// And reset (reboot) the phone.
    #[serde(default)]
    pub reset_phone: bool,
}

/// The flow's steps, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// Read the user's ID, extension and phone number from the Profile.
    ReadProfile,
    /// Get to the Passwords page.
    OpenPasswords,
    /// Choose the kind, fill both fields, press OK.
    Submit,
    /// Read the portal's answer.
    Verify,
    /// Follow Addresses to the Identity/Device Profile.
    OpenDevice,
    /// Rebuild the device's files, confirm, read the answer.
    Rebuild,
    /// Reset the phone, confirm, read the answer.
    Reset,
    /// Finished.
    Done,
}

/// Where a device action is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Not clicked yet.
    #[default]
    Start,
    /// The action was clicked; a confirmation may follow.
    Clicked,
    /// The confirmation was clicked.
    Confirmed,
}

/// How the flow stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Working.
    Running,
    /// Everything asked for was done and confirmed.
    Done,
    /// Stopped on a problem (see `problem`).
    Failed,
    /// The admin cancelled.
    Cancelled,
}

/// Why a flow stopped. Written out in the admin's language by
/// [`crate::engine::words`]; never matched as text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Why {
    /// The portal kept serving pages the flow did not expect.
    Looping,
    /// The login page came back before anything was submitted.
    SessionEndedBefore,
    /// The login page came back after the submission, before the portal's answer.
    SessionEndedAfter,
    /// No way to the Passwords page from here.
    NoWayToPasswords,
    /// The Passwords page has no form the flow can fill.
    NoForm,
    /// The form asks for the current password (the user's own view, or the admin's own).
    AsksCurrent,
    /// The form may not be the portal's web-password or passcode form.
    NotConfident(Confidence),
    /// The form offers no choice for this kind of secret.
    NoChoice(Kind),
    /// No OK, Save or Apply button.
    NoButton,
    /// The policy (with the page's own rules) admits no secret.
    Impossible(String),
    /// The field's own limits and the policy cannot both be met.
    Conflict(String),
    /// The page changed the password fields while they were being filled.
    FieldsReplaced,
    /// The fields could not be filled.
    FillFailed,
    /// The portal's fields refused the secret (maxlength, pattern).
    FieldRefused(Validity),
    /// An action after the submission failed.
    StepFailed,
    /// An action on the portal's page could not be performed.
    ActionFailed {
        /// Which.
        op: Op,
        /// Why, in the agent's terms.
        error: AgentError,
    },
    /// The portal answered with a server error after the submission.
    ServerError,
    /// The portal showed the Passwords page again without saying whether it saved.
    Unconfirmed,
    /// The portal showed an error after the submission, outside the Passwords page.
    ErrorAfterSubmit,
    /// The portal rejected the secret.
    Rejected(Kind),
    /// The user has no device profile.
    NoDevice,
    /// The Addresses page cannot be reached.
    NoAddresses,
    /// The device page offers no such action.
    NoDeviceAction(DeviceAction),
    /// The confirmation could not be read.
    ConfirmUnreadable(DeviceAction),
    /// The portal refused the device action.
    DeviceRefused(DeviceAction),
    /// The portal did not confirm the device action.
    DeviceUnconfirmed(DeviceAction),
    /// The session ended during the device action.
    SessionEndedDevice(DeviceAction),
    /// The files were rebuilt but the device page is gone before the reset.
    ResetPageGone,
    /// The flow's tab went away (closed, or the browser restarted).
    Interrupted {
        /// The step it was at.
        step: Step,
        /// Whether the form had been submitted.
        submitted: bool,
    },
}

/// What went wrong, for the panel.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// Why.
    pub why: Why,
    /// The portal's own words, verbatim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub portal_text: Option<String>,
    /// The causes the portal's words name (each once).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub causes: Vec<Cause>,
    /// The rules the policy did not know, to add ("Add these rules and retry").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suggestions: Vec<Suggestion>,
}

impl Problem {
    fn new(why: Why) -> Problem {
        Problem { why, portal_text: None, causes: Vec::new(), suggestions: Vec::new() }
    }
}

/// What happened at a step (the flow's log, and the audit's steps). Never a secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Note {
    /// The user's details were read.
    ReadProfile,
    /// The profile could not be read; the flow went on.
    ProfileUnread,
    /// A link was followed on the way to Passwords.
    Followed(String),
    /// The Passwords page is open.
    OpenedPasswords,
    /// Both fields filled and OK pressed.
    Submitted,
    /// The portal took the secret.
    Accepted,
    /// The portal refused the secret.
    Rejected,
    /// The device profile is open.
    OpenedDevice,
    /// A device action's confirmation was answered.
    ConfirmedQuestion(DeviceAction),
    /// The portal confirmed a device action.
    DeviceDone(DeviceAction),
    /// The admin cancelled.
    Cancelled,
    /// The flow stopped.
    Stopped,
    /// The flow's tab went away.
    Interrupted,
    /// Everything asked was done.
    Done,
}

/// A line of the flow's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The step.
    pub step: Step,
    /// What happened.
    pub note: Note,
}

/// Generation preferences from the settings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Prefs {
    /// Web password length (`None`: the default).
    pub length: Option<usize>,
    /// Leave out look-alikes.
    pub exclude_look_alikes: bool,
    /// Words rather than random characters, for web passwords.
    pub speakable: bool,
}

/// The pages of the tab a decision can use: the one just described, and the
/// latest of every other frame on the flow's origin (a frameset's navigation
/// frame holds the links, its content frame the user's pages).
#[derive(Clone, Copy, Debug)]
pub struct Pages<'a> {
    /// The frame that described `page`.
    pub frame: FrameId,
    /// The page just described.
    pub page: &'a Page,
    /// The other frames' latest pages.
    pub others: &'a [(FrameId, &'a Page)],
    /// The page load and view number of `page`.
    pub view: (&'a str, u32),
}

/// Actions for one frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Batch {
    /// The frame.
    pub frame: FrameId,
    /// What to do there.
    pub actions: Vec<Action>,
}

/// What a page brought: actions, nothing yet (wait for the page to change),
/// or nothing at all (the flow finished or stopped).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Progress {
    /// Do this.
    Act(Batch),
    /// The page lacks what the flow needs; it may still come (a script builds
    /// the form, a single-page portal answers late). If not, stop for `why`.
    Wait(Why),
    /// Nothing to do.
    Idle,
}

/// The policy a Passwords page asks for, as the engine worked it out from the
/// portal's settings, the page's printed rules and the fields' constraints.
#[derive(Clone, Debug)]
pub struct PagePolicy {
    /// The policy, or why there is none.
    pub policy: Result<Policy, Why>,
    /// The length to generate (the floor and the field's limits applied).
    pub length: Option<usize>,
}

/// One run of the one-click flow.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Flow {
    /// Identifies the run (and its audit entry).
    pub id: String,
    /// What was asked.
    pub task: Task,
    /// The portal's origin.
    pub origin: String,
    /// The user, as learned along the way.
    pub user: UserInfo,
    /// The user's page, to return to.
    pub user_url: Option<String>,
    /// The current step.
    pub step: Step,
    /// Within a device step.
    pub phase: Phase,
    /// How it stands.
    pub status: Status,
    /// The new secret: in session storage only while the flow lives.
    pub secret: Option<Zeroizing<String>>,
    /// Its entropy.
    pub entropy_bits: f64,
    /// Made of words (speakable).
    #[serde(default)]
    pub speakable: bool,
    /// The Passwords form was submitted. Cleared only when the agent reports
    /// that the click never happened: never submit twice.
    pub submitted: bool,
    /// The portal accepted the secret (`Some(true)`), rejected it
    /// (`Some(false)`), or did not say (`None`).
    pub accepted: Option<bool>,
    /// Pages seen.
    pub pages: u32,
    /// Links followed on the way to Passwords, by their text.
    #[serde(default)]
    pub path: Vec<String>,
    /// Pages visited on the way (URLs), never visited twice.
    #[serde(default)]
    pub visited: Vec<String>,
    /// A navigation back to the user's page was made in this step.
    pub navigated: bool,
    /// Steps taken.
    pub log: Vec<Entry>,
    /// What went wrong.
    pub problem: Option<Problem>,
    /// When it started (ms since the epoch).
    pub started_ms: f64,
    /// The page view last acted on (page load and view number).
    #[serde(default)]
    pub acted: Option<(PageId, u32)>,
    /// Since when the flow has been waiting for a page to show what it needs.
    #[serde(default)]
    pub waiting_since: Option<f64>,
    /// What it waits for: why it stops if the page never shows it.
    #[serde(default)]
    pub waiting_for: Option<Why>,
    /// The wait is the page's time to build its form ([`SETTLE_MS`]), after
    /// which the flow decides again rather than stops.
    #[serde(default)]
    pub settling: bool,
    /// The last link followed was the Passwords link: the page it leads to
    /// is expected to hold the form.
    #[serde(default)]
    pub expect_form: bool,
    /// Pages already given their time to build ([`SETTLE_MS`]).
    #[serde(default)]
    pub settled: Vec<String>,
    /// The frame the flow works in (a wrapper's or a frameset's portal frame).
    #[serde(default)]
    pub frame: FrameId,
    /// Where the form was submitted: the frame and page load.
    #[serde(default)]
    pub submitted_on: Option<(FrameId, PageId)>,
    /// The messages the Passwords page showed before the submission: on the
    /// same page load (a single-page portal), only new ones are its answer.
    #[serde(default)]
    pub before: Vec<String>,
}

impl Flow {
    /// Starts a flow from `page` (a user page or a Passwords page).
    pub fn start(
        id: String,
        task: Task,
        (frame, page): (FrameId, &Page),
        needs_profile: bool,
        now_ms: f64,
    ) -> Flow {
        let origin = crate::portal::snapshot::origin_of(&page.url);
        let mut flow = Flow {
            id,
            task,
            origin,
            user: page.user.clone(),
            // From the Passwords page, the page the admin came from is the user's.
            user_url: match page.kind {
                PageKind::User => Some(page.url.clone()),
                PageKind::Passwords => page.referrer.clone(),
                _ => None,
            },
            step: Step::OpenPasswords,
            phase: Phase::Start,
            status: Status::Running,
            secret: None,
            entropy_bits: 0.0,
            speakable: false,
            submitted: false,
            accepted: None,
            pages: 0,
            path: Vec::new(),
            visited: vec![page.url.clone()],
            navigated: false,
            log: Vec::new(),
            problem: None,
            started_ms: now_ms,
            acted: None,
            waiting_since: None,
            waiting_for: None,
            settling: false,
            expect_form: false,
            settled: Vec::new(),
            frame,
            submitted_on: None,
            before: Vec::new(),
        };
        if needs_profile && page.profile_link.is_some() && page.kind != PageKind::Passwords {
            flow.step = Step::ReadProfile;
        }
        flow
    }

    /// The steps this flow will go through, in order.
    pub fn plan(&self) -> Vec<Step> {
        let mut steps = Vec::new();
        if self.step == Step::ReadProfile || self.log.iter().any(|e| e.step == Step::ReadProfile) {
            steps.push(Step::ReadProfile);
        }
        steps.extend([Step::OpenPasswords, Step::Submit, Step::Verify]);
        if self.task.rebuild {
            steps.extend([Step::OpenDevice, Step::Rebuild]);
            if self.task.reset_phone {
                steps.push(Step::Reset);
            }
        }
        steps
    }

    /// Whether the portal confirmed a device action.
    pub fn device_done(&self, which: DeviceAction) -> bool {
        self.log.iter().any(|e| e.note == Note::DeviceDone(which))
    }

    /// Whether the secret may be handed to the end user: the portal took it.
    pub fn confirmed(&self) -> bool {
        self.accepted == Some(true) && self.secret.is_some()
    }

    /// Still working.
    pub fn is_running(&self) -> bool {
        self.status == Status::Running
    }

    /// How it ended, for the audit log.
    pub fn outcome(&self) -> Outcome {
        match self.status {
            Status::Running => Outcome::Running,
            Status::Done => Outcome::Done,
            Status::Cancelled => Outcome::Cancelled { submitted: self.submitted },
            Status::Failed => Outcome::Failed {
                why: self.problem.as_ref().map_or(Why::StepFailed, |p| p.why.clone()),
                accepted: self.accepted,
                submitted: self.submitted,
            },
        }
    }

    fn note(&mut self, note: Note) {
        self.log.push(Entry { step: self.step, note });
    }

    fn advance(&mut self, step: Step) {
        self.step = step;
        self.phase = Phase::Start;
        self.navigated = false;
        self.waiting_since = None;
    }

    /// Stops the flow for `why`.
    pub fn fail(&mut self, why: Why) {
        self.fail_with(Problem::new(why));
    }

    fn fail_with(&mut self, problem: Problem) {
        self.note(Note::Stopped);
        self.problem = Some(problem);
        self.status = Status::Failed;
        self.waiting_since = None;
    }

    fn finish(&mut self) {
        self.advance(Step::Done);
        self.status = Status::Done;
        self.note(Note::Done);
    }

    /// Stops at the admin's request. After a submission, the secret stays
    /// (the portal may have taken it).
    pub fn cancel(&mut self) {
        if self.is_running() {
            self.note(Note::Cancelled);
            self.status = Status::Cancelled;
            self.waiting_since = None;
            if !self.submitted {
                self.secret = None;
            }
        }
    }

    /// Stops a running flow that lost its page (the tab was closed): says at
    /// which step, keeps the secret only if the portal may hold it, claims nothing.
    pub fn abandon(&mut self) {
        if !self.is_running() {
            return;
        }
        if !self.submitted {
            self.secret = None;
        }
        self.note(Note::Interrupted);
        self.problem = Some(Problem::new(Why::Interrupted { step: self.step, submitted: self.submitted }));
        self.status = Status::Failed;
    }

    /// Called while the flow waits: starts the clock, or, once the page has
    /// stayed without what the flow needs for [`PATIENCE_MS`], stops it; a
    /// page given time to build its form ([`SETTLE_MS`]) is decided on again.
    pub fn wait(&mut self, now_ms: f64) -> Waiting {
        if !self.is_running() {
            return Waiting::Stopped;
        }
        let limit = if self.settling { SETTLE_MS } else { PATIENCE_MS };
        match self.waiting_since {
            None => {
                self.waiting_since = Some(now_ms);
                Waiting::Still(limit as u32)
            }
            Some(since) if now_ms - since < limit - 50.0 => {
                Waiting::Still((limit - (now_ms - since)).max(50.0) as u32)
            }
            Some(_) if self.settling => {
                self.settling = false;
                self.waiting_since = None;
                self.waiting_for = None;
                Waiting::Again
            }
            Some(_) => {
                let why = self.waiting_for.take().unwrap_or(Why::StepFailed);
                self.fail(why);
                Waiting::Stopped
            }
        }
    }

    /// Decides what to do on a page of the tab. `policy` is what the engine
    /// worked out for the page when it is a Passwords page.
    pub fn on_page(&mut self, pages: Pages<'_>, policy: &PagePolicy, prefs: &Prefs) -> Progress {
        let view = pages.view;
        if !self.is_running() {
            return Progress::Idle;
        }
        // One decision per described view of a page: the same view described
        // again (the panel asking) never repeats a step.
        if self.acted.as_ref().is_some_and(|(p, v)| p == view.0 && *v == view.1) {
            return Progress::Idle;
        }
        let page = pages.page;
        // Saturating: a stored count at its limit must stop the flow, not overflow.
        self.pages = self.pages.saturating_add(1);
        if self.pages > MAX_PAGES {
            self.fail(Why::Looping);
            return Progress::Idle;
        }
        if matches!(page.kind, PageKind::User | PageKind::Profile) {
            self.user.merge(&page.user);
        }
        if page.kind == PageKind::User && self.user_url.is_none() {
            self.user_url = Some(page.url.clone());
        }
        if page.kind == PageKind::Login && self.step < Step::Verify && !self.submitted {
            self.fail(Why::SessionEndedBefore);
            return Progress::Idle;
        }
        let progress = match self.step {
            Step::ReadProfile => self.read_profile(pages),
            Step::OpenPasswords | Step::Submit if !self.submitted => {
                if page.kind == PageKind::Passwords {
                    if self.step == Step::OpenPasswords {
                        self.note(Note::OpenedPasswords);
                    }
                    self.advance(Step::Submit);
                    self.submit(pages, policy, prefs)
                } else {
                    self.go_to_passwords(pages)
                }
            }
            Step::OpenPasswords | Step::Submit | Step::Verify => self.verify(pages),
            Step::OpenDevice => self.open_device(pages),
            Step::Rebuild | Step::Reset => self.device_action(pages),
            Step::Done => Progress::Idle,
        };
        match &progress {
            Progress::Act(_) => {
                self.acted = Some((view.0.to_owned(), view.1));
                self.waiting_since = None;
                self.waiting_for = None;
                self.settling = false;
            }
            Progress::Wait(why) => self.waiting_for = Some(why.clone()),
            Progress::Idle => {
                self.waiting_since = None;
                self.waiting_for = None;
                self.settling = false;
            }
        }
        progress
    }

    fn act(&self, frame: FrameId, actions: Vec<Action>) -> Progress {
        Progress::Act(Batch { frame, actions })
    }

    fn read_profile(&mut self, pages: Pages<'_>) -> Progress {
        let page = pages.page;
        if page.kind == PageKind::Profile {
            self.note(Note::ReadProfile);
            self.advance(Step::OpenPasswords);
            return self.go_to_passwords(pages);
        }
        match &page.profile_link {
            Some(link) if !self.navigated => {
                self.navigated = true;
                self.act(pages.frame, vec![Action::Follow { id: link.id }])
            }
            _ => {
                self.note(Note::ProfileUnread);
                self.advance(Step::OpenPasswords);
                self.go_to_passwords(pages)
            }
        }
    }

    /// The next link towards the Passwords form: Passwords itself, in this
    /// frame or another of the tab's; else, within [`MAX_HOPS`], a link whose
    /// text means Profile / Passwords / Manage passwords (never one that logs
    /// out, deletes or changes anything, never a page already visited); else
    /// back to the user's page.
    fn go_to_passwords(&mut self, pages: Pages<'_>) -> Progress {
        let page = pages.page;
        if !self.visited.contains(&page.url) && self.visited.len() < 32 {
            self.visited.push(page.url.clone());
        }
        let frames = std::iter::once((pages.frame, page)).chain(pages.others.iter().copied());
        for (frame, p) in frames.clone() {
            if let Some(link) = &p.passwords_link {
                if !self.visited.contains(&link.href) || link.href.is_empty() {
                    self.path.push(link.text.clone());
                    self.note(Note::Followed(link.text.clone()));
                    self.expect_form = true;
                    return self.act(frame, vec![Action::Follow { id: link.id }]);
                }
            }
        }
        // The Passwords link led here and there is no form yet: the page's
        // script may still be building it. Its time, once, before going on.
        if self.expect_form {
            if self.settling && self.settled.last() == Some(&page.url) {
                // Still within its time (the page changed, no form yet).
                return Progress::Wait(Why::NoForm);
            }
            if !self.settled.contains(&page.url) && self.settled.len() < 8 {
                self.settled.push(page.url.clone());
                self.settling = true;
                self.waiting_since = None;
                return Progress::Wait(Why::NoForm);
            }
        }
        self.expect_form = false;
        if (self.path.len() as u32) < MAX_HOPS {
            // The best link by meaning across the tab's frames, not yet
            // visited; of equals, the first (tabs and menus come first).
            let best = frames
                .flat_map(|(frame, p)| p.nav.iter().map(move |n| (frame, n)))
                .filter(|(_, n)| !n.href.is_empty() && !self.visited.contains(&n.href))
                .fold(None::<(FrameId, &NavLink)>, |best, (f, n)| match best {
                    Some((_, b)) if b.score >= n.score => best,
                    _ => Some((f, n)),
                });
            if let Some((frame, link)) = best {
                self.path.push(link.text.clone());
                self.note(Note::Followed(link.text.clone()));
                return self.act(frame, vec![Action::Follow { id: link.id }]);
            }
        }
        match &self.user_url {
            Some(url) if !self.navigated && url != &page.url => {
                self.navigated = true;
                let url = url.clone();
                self.act(pages.frame, vec![Action::Navigate { url }])
            }
            _ => Progress::Wait(Why::NoWayToPasswords),
        }
    }

    fn submit(&mut self, pages: Pages<'_>, page_policy: &PagePolicy, prefs: &Prefs) -> Progress {
        let page = pages.page;
        let Some(form) = &page.passwords else { return Progress::Wait(Why::NoForm) };
        if form.current.is_some() {
            self.fail(Why::AsksCurrent);
            return Progress::Idle;
        }
        if form.confidence != Confidence::Portal {
            self.fail(Why::NotConfident(form.confidence));
            return Progress::Idle;
        }
        // Tabs: only the shown tab's fields are known, so only its secret is
        // set; for the other, the admin opens its tab (or Generate does).
        if form.tabs.as_ref().is_some_and(|t| t.to_open(self.task.kind).is_some()) {
            self.fail(Why::NoChoice(self.task.kind));
            return Progress::Idle;
        }
        let choice = form.choice(self.task.kind);
        // Nothing to choose is fine for a web-only form (or a secret with its
        // own fields); never for a passcode in shared fields, and never when
        // the form could set the other secret instead.
        if form.lacks_choice(self.task.kind) {
            self.fail(Why::NoChoice(self.task.kind));
            return Progress::Idle;
        }
        let target = form.fields_for(self.task.kind);
        let Some(button) = target.submit else { return Progress::Wait(Why::NoButton) };
        if self.secret.is_none() {
            let policy = match &page_policy.policy {
                Ok(policy) => policy,
                Err(why) => {
                    self.fail(why.clone());
                    return Progress::Idle;
                }
            };
            let speakable = prefs.speakable && self.task.kind == Kind::Web;
            let opts = Options {
                length: if speakable { None } else { page_policy.length },
                exclude_look_alikes: prefs.exclude_look_alikes,
                style: if speakable { Style::Words } else { Style::Random },
            };
            match generate::generate_styled(policy, &self.user.context(), &opts, opts.style) {
                Ok(generated) => {
                    self.entropy_bits = generated.entropy_bits;
                    self.secret = Some(generated.secret);
                    self.speakable = speakable;
                }
                Err(e) => {
                    self.fail(Why::Impossible(e.to_string()));
                    return Progress::Idle;
                }
            }
        }
        let Some(secret) = self.secret.clone() else { return Progress::Idle };
        // Saved (by the caller) before the click is sent: a restart never resubmits.
        self.submitted = true;
        self.submitted_on = Some((pages.frame, pages.view.0.to_owned()));
        self.before = page.notices.iter().map(|n| n.text.clone()).collect();
        self.note(Note::Submitted);
        let mut actions = Vec::new();
        actions.extend(choice.map(Action::from));
        actions.push(Action::Fill { id: target.new, value: secret.clone() });
        actions.push(Action::Fill { id: target.retype, value: secret });
        actions.push(Action::Click { id: button });
        self.act(pages.frame, actions)
    }

    /// The agent's report on the last batch.
    pub fn on_results(&mut self, results: &[ActionResult]) {
        // Only what acts on the portal counts: our frames and the checklist's
        // watch are not the flow's.
        let portal = |op: Op| {
            matches!(op, Op::Fill | Op::Choose | Op::SelectOption | Op::Click | Op::Follow | Op::Navigate)
        };
        let Some(failed) = results.iter().find(|r| !r.is_ok() && portal(r.op)) else { return };
        let clicked = results.iter().any(|r| r.is_ok() && r.op == Op::Click);
        if self.step == Step::Submit && !clicked && self.is_running() {
            // Nothing reached the portal: the click was never made.
            self.submitted = false;
            self.secret = None;
            let why = match &failed.error {
                Some(AgentError::Replaced | AgentError::ReadBack) => Why::FieldsReplaced,
                Some(AgentError::Invalid { validity }) => Why::FieldRefused(*validity),
                _ => Why::FillFailed,
            };
            self.fail(why);
        } else if self.is_running() {
            let error = failed.error.clone().unwrap_or(AgentError::Other { message: String::new() });
            self.fail(Why::ActionFailed { op: failed.op, error });
        }
    }

    fn accepted(&mut self, pages: Pages<'_>) -> Progress {
        self.accepted = Some(true);
        self.advance(Step::Verify);
        self.note(Note::Accepted);
        if self.task.rebuild {
            self.advance(Step::OpenDevice);
            self.open_device(pages)
        } else {
            self.finish();
            Progress::Idle
        }
    }

    fn verify(&mut self, pages: Pages<'_>) -> Progress {
        // Only messages that were not on the Passwords page before the
        // submission are the portal's answer: the rules it prints, a help
        // text, an old error stay out (on the page load that was submitted,
        // a single-page portal answering in place, and on the next one).
        let fresh = pages.page.without_notices(&self.before);
        let page = &fresh;
        let pages = Pages { page, ..pages };
        self.step = Step::Verify;
        match page.kind {
            PageKind::Login => {
                self.fail(Why::SessionEndedAfter);
                Progress::Idle
            }
            PageKind::ServerError => {
                self.fail(Why::ServerError);
                Progress::Idle
            }
            _ if page.errors().next().is_some() && page.kind == PageKind::Passwords => {
                self.rejected(page);
                Progress::Idle
            }
            PageKind::Passwords if page.has_success() => self.accepted(pages),
            // The Passwords page again, saying nothing (yet: a single-page
            // portal may answer in a moment).
            PageKind::Passwords => Progress::Wait(Why::Unconfirmed),
            _ if page.errors().next().is_some() => {
                let mut problem = Problem::new(Why::ErrorAfterSubmit);
                problem.portal_text = Some(verbatim(page));
                self.fail_with(problem);
                Progress::Idle
            }
            // OK saves and goes back: leaving the Passwords page without an error is the portal's yes.
            _ => self.accepted(pages),
        }
    }

    fn rejected(&mut self, page: &Page) {
        self.accepted = Some(false);
        let errors: Vec<&str> = page.errors().map(|n| n.text.as_str()).collect();
        // The shortest messages first: single lines name one rule each, while
        // a container's text runs several together.
        let mut by_length = errors.clone();
        by_length.sort_by_key(|e| e.len());
        let mut causes: Vec<Cause> = Vec::new();
        for e in &by_length {
            for c in outcome::causes_of(e) {
                if !causes.contains(&c) {
                    causes.push(c);
                }
            }
        }
        self.note(Note::Rejected);
        self.secret = None; // rejected: it is nobody's password
        let mut problem = Problem::new(Why::Rejected(self.task.kind));
        problem.portal_text = Some(verbatim(page));
        problem.causes = causes;
        self.fail_with(problem);
    }

    fn open_device(&mut self, pages: Pages<'_>) -> Progress {
        let page = pages.page;
        match page.kind {
            PageKind::DeviceProfile => {
                self.note(Note::OpenedDevice);
                self.advance(Step::Rebuild);
                self.device_action(pages)
            }
            PageKind::Addresses => match &page.device_link {
                Some(link) => self.act(pages.frame, vec![Action::Follow { id: link.id }]),
                None => Progress::Wait(Why::NoDevice),
            },
            _ => {
                let frames = std::iter::once((pages.frame, page)).chain(pages.others.iter().copied());
                for (frame, p) in frames {
                    if let Some(link) = &p.addresses_link {
                        return self.act(frame, vec![Action::Follow { id: link.id }]);
                    }
                }
                match &self.user_url {
                    Some(url) if !self.navigated && url != &page.url => {
                        self.navigated = true;
                        let url = url.clone();
                        self.act(pages.frame, vec![Action::Navigate { url }])
                    }
                    _ => Progress::Wait(Why::NoAddresses),
                }
            }
        }
    }

    fn device_action(&mut self, pages: Pages<'_>) -> Progress {
        let page = pages.page;
        let which = if self.step == Step::Rebuild { DeviceAction::Rebuild } else { DeviceAction::Reset };
        match (self.phase, page.kind) {
            (Phase::Start, PageKind::DeviceProfile) => {
                let target = page.device.as_ref().and_then(|d| match which {
                    DeviceAction::Rebuild => d.rebuild,
                    DeviceAction::Reset => d.reset,
                });
                match target {
                    Some(id) => {
                        self.phase = Phase::Clicked;
                        self.act(pages.frame, vec![Action::Click { id }])
                    }
                    None => Progress::Wait(Why::NoDeviceAction(which)),
                }
            }
            (Phase::Clicked, PageKind::Confirm) => match &page.confirm {
                Some(confirm) => {
                    self.phase = Phase::Confirmed;
                    self.note(Note::ConfirmedQuestion(which));
                    self.act(pages.frame, vec![Action::Click { id: confirm.yes }])
                }
                None => {
                    self.fail(Why::ConfirmUnreadable(which));
                    Progress::Idle
                }
            },
            (_, _) if page.errors().next().is_some() => {
                let mut problem = Problem::new(Why::DeviceRefused(which));
                problem.portal_text = Some(verbatim(page));
                self.fail_with(problem);
                Progress::Idle
            }
            (Phase::Clicked | Phase::Confirmed, _) if page.has_success() => {
                self.note(Note::DeviceDone(which));
                if which == DeviceAction::Rebuild && self.task.reset_phone {
                    self.advance(Step::Reset);
                    if page.kind == PageKind::DeviceProfile {
                        return self.device_action(pages);
                    }
                    self.fail(Why::ResetPageGone);
                    return Progress::Idle;
                }
                self.finish();
                Progress::Idle
            }
            (Phase::Clicked | Phase::Confirmed, PageKind::Login) => {
                self.fail(Why::SessionEndedDevice(which));
                Progress::Idle
            }
            _ => Progress::Wait(Why::DeviceUnconfirmed(which)),
        }
    }

    /// Adds the rules the portal named to the suggestions, with the policy the
    /// flow used (the engine calls this once the problem is known).
    pub fn suggest(&mut self, policy: Option<&Policy>) {
        let Some(problem) = self.problem.as_mut() else { return };
        let Some(policy) = policy else { return };
        problem.suggestions = problem.causes.iter().filter_map(|&c| outcome::suggest(policy, c)).collect();
    }
}

/// The portal's error words, verbatim, each once: the lines that say
/// something, not a container that repeats them, not a bare "Error" heading
/// when rule lines exist.
pub fn verbatim(page: &Page) -> String {
    let errors: Vec<&str> = page.errors().map(|n| n.text.as_str()).collect();
    let leaves: Vec<&str> =
        errors.iter().copied().filter(|e| !errors.iter().any(|o| o != e && e.contains(o))).collect();
    let meaningful: Vec<&str> =
        leaves.iter().copied().filter(|e| !outcome::causes_of(e).is_empty()).collect();
    let shown = if meaningful.is_empty() { leaves } else { meaningful };
    let mut out: Vec<&str> = Vec::new();
    for s in shown {
        if !out.contains(&s) {
            out.push(s);
        }
    }
    if out.is_empty() { errors.join(" ") } else { out.join(" ") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rejection_keeps_nothing_and_names_its_causes() {
        let page = Page {
            kind: PageKind::Passwords,
            notices: vec![crate::portal::classify::Notice {
                text: "The password must contain at least 1 non-alphanumeric character(s).".into(),
                tone: crate::portal::classify::Tone::Error,
            }],
            ..Page::default()
        };
        let mut flow = Flow::start(
            "f".into(),
            Task { kind: Kind::Web, rebuild: false, reset_phone: false },
            (0, &page),
            false,
            0.0,
        );
        flow.secret = Some(Zeroizing::new("x".into()));
        flow.submitted = true;
        flow.step = Step::Verify;
        flow.rejected(&page);
        assert_eq!(flow.secret, None);
        let problem = flow.problem.unwrap();
        assert_eq!(problem.causes, vec![Cause::MinSpecial(1)]);
        assert_eq!(problem.why, Why::Rejected(Kind::Web));
    }
}
