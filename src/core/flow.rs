//! The one-click flow as a state machine: from the user page to Passwords,
//! fill and press OK once, read the outcome, then optionally rebuild the
//! phone's files and reset it.
//!
//! The state is plain data (kept by the background in session storage across
//! page loads and service-worker restarts); every page the agent describes is
//! fed to [`Flow::on_page`], which returns the primitive actions to perform.
//! The form is never submitted twice: `submitted` is set in the state that is
//! saved before the click is sent, and nothing ever clears it.

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::check::RuleId;
use crate::generate::{self, Options};
use crate::policy::{Kind, PolicySpec};
use crate::portal::classify::{DeviceAction, Page, PageKind, UserInfo};
use crate::portal::outcome::{self, Suggestion};
use crate::portal::snapshot::ElementId;

/// More pages than any flow needs: past this, something is looping.
const MAX_PAGES: u32 = 25;

/// A primitive action for the agent. Only ever written (to the agent), so only
/// `Serialize`: deserializing an internally tagged enum would pull serde's
/// buffering into the wasm.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "op", rename_all = "kebab-case")]
pub enum Action {
    /// Type `value` into a field (events dispatched, value read back).
    Fill {
        /// The field.
        id: ElementId,
        /// What to type.
        value: Zeroizing<String>,
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
    /// Go to a URL of the same origin.
    Navigate {
        /// Where.
        url: String,
    },
    /// Show the panel or the launcher beside an element.
    Inject {
        /// Which frame.
        mode: Frame,
        /// The element to place it beside.
        anchor: Option<ElementId>,
    },
    /// Remove the panel or the launcher.
    Remove {
        /// Which frame.
        mode: Frame,
    },
    /// Report a field's value on every input (the live checklist).
    Watch {
        /// The field.
        id: ElementId,
    },
}

/// The extension's frames in the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Frame {
    /// The panel.
    Panel,
    /// The compact launcher.
    Launcher,
}

/// What the agent reports for one action.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ActionResult {
    /// The action's op.
    pub op: String,
    /// Whether it worked.
    pub ok: bool,
    /// Why not.
    pub error: Option<String>,
}

/// What the admin asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
#[serde(rename_all = "kebab-case")]
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

impl Step {
    /// The step in the panel's words.
    pub fn label(self, kind: Kind) -> &'static str {
        match (self, kind) {
            (Step::ReadProfile, _) => "Read the user's profile",
            (Step::OpenPasswords, _) => "Open Passwords",
            (Step::Submit, Kind::Web) => "Set the web access password",
            (Step::Submit, Kind::Passcode) => "Set the portal passcode",
            (Step::Verify, _) => "Portal confirms",
            (Step::OpenDevice, _) => "Open the device profile",
            (Step::Rebuild, _) => "Rebuild the phone's files",
            (Step::Reset, _) => "Reset the phone",
            (Step::Done, _) => "Done",
        }
    }
}

/// Where a device action is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
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
#[serde(rename_all = "kebab-case")]
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

/// What went wrong, for the panel.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// Our explanation.
    pub message: String,
    /// The portal's own words, verbatim.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub portal_text: Option<String>,
    /// The policy rule the portal's words map to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// A rule the policy did not know, to add.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<Suggestion>,
    /// The suggestion in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion_label: Option<String>,
}

/// A line of the flow's history (also what the audit log records).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The step.
    pub step: Step,
    /// What happened, without secrets.
    pub note: String,
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
    /// The Passwords form was submitted. Never cleared: never submit twice.
    pub submitted: bool,
    /// The portal accepted the secret (`Some(true)`), rejected it
    /// (`Some(false)`), or did not say (`None`).
    pub accepted: Option<bool>,
    /// Pages seen.
    pub pages: u32,
    /// A navigation was made in this step (to avoid loops).
    pub navigated: bool,
    /// Steps taken.
    pub log: Vec<Entry>,
    /// What went wrong.
    pub problem: Option<Problem>,
    /// When it started (ms since the epoch).
    pub started_ms: f64,
    /// The page load last acted on.
    #[serde(default)]
    pub last_page: Option<String>,
}

/// Generation preferences from the settings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Prefs {
    /// Web password length (`None`: the default).
    pub length: Option<usize>,
    /// Leave out look-alikes.
    pub exclude_look_alikes: bool,
}

impl Flow {
    /// Starts a flow from `page` (a user page or a Passwords page).
    pub fn start(id: String, task: Task, page: &Page, spec: &PolicySpec, now_ms: f64) -> Flow {
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
            submitted: false,
            accepted: None,
            pages: 0,
            navigated: false,
            log: Vec::new(),
            problem: None,
            started_ms: now_ms,
            last_page: None,
        };
        if flow.needs_profile(spec) && page.profile_link.is_some() && page.kind != PageKind::Passwords {
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

    /// What the admin tells the end user, beside the new secret (which the
    /// card shows itself): where it works and, after a rebuild, the reboot.
    pub fn handoff(&self) -> Option<String> {
        let secret_ok = self.accepted == Some(true) && self.secret.is_some();
        if !secret_ok {
            return None;
        }
        let mut text = match self.task.kind {
            Kind::Web => "Your web access password has been reset. Use it to sign in to the portal and to UC-One, Call Center and Receptionist.".to_owned(),
            Kind::Passcode => "Your portal passcode has been reset. Use it for Hoteling and the voice portal.".to_owned(),
        };
        let rebuilt =
            self.log.iter().any(|e| e.step == Step::Rebuild && e.note.starts_with("the portal confirmed"));
        let reset =
            self.log.iter().any(|e| e.step == Step::Reset && e.note.starts_with("the portal confirmed"));
        if reset {
            text.push_str(" Your phone is restarting to pick up the change; call logs and the directory work again once it is back.");
        } else if rebuilt || self.task.rebuild {
            text.push_str(" Please restart your phone (unplug it for a few seconds) so that call logs and the directory work again.");
        }
        Some(text)
    }

    /// Whether the policy's user rules need details the flow does not have.
    fn needs_profile(&self, spec: &PolicySpec) -> bool {
        let Ok(policy) = spec.policy(self.task.kind) else { return false };
        let u = &self.user;
        (policy.forbid_user_id && u.user_id.is_none())
            || ((policy.forbid_extension || policy.forbid_extension_reversed) && u.extension.is_none())
            || ((policy.forbid_phone || policy.forbid_phone_reversed) && u.phone.is_none())
    }

    /// Still working.
    pub fn is_running(&self) -> bool {
        self.status == Status::Running
    }

    fn note(&mut self, note: impl Into<String>) {
        self.log.push(Entry { step: self.step, note: note.into() });
    }

    fn advance(&mut self, step: Step) {
        self.step = step;
        self.phase = Phase::Start;
        self.navigated = false;
    }

    fn fail(&mut self, message: impl Into<String>) -> Vec<Action> {
        let message = message.into();
        self.note(format!("stopped: {message}"));
        self.problem = Some(Problem { message, ..Problem::default() });
        self.status = Status::Failed;
        Vec::new()
    }

    fn finish(&mut self) -> Vec<Action> {
        self.advance(Step::Done);
        self.status = Status::Done;
        self.note("done");
        Vec::new()
    }

    /// Stops at the admin's request. After a submission, the secret stays
    /// (the portal may have taken it).
    pub fn cancel(&mut self) {
        if self.is_running() {
            self.note("cancelled by the admin");
            self.status = Status::Cancelled;
            if !self.submitted {
                self.secret = None;
            }
        }
    }

    /// Stops a running flow that lost its page (the tab was closed): says at
    /// which step, keeps the secret only if the portal may hold it, claims nothing.
    pub fn abandon(&mut self, why: &str) {
        if !self.is_running() {
            return;
        }
        let step = self.step.label(self.task.kind);
        let message = if self.submitted {
            format!(
                "{why} at step \"{step}\", after the form was submitted: the portal may or may not have saved the new password. Keep it until you have checked."
            )
        } else {
            self.secret = None;
            format!("{why} at step \"{step}\"; nothing was submitted.")
        };
        self.note(format!("interrupted: {why}"));
        self.problem = Some(Problem { message, ..Problem::default() });
        self.status = Status::Failed;
    }

    /// Decides what to do on `page`.
    pub fn on_page(&mut self, page: &Page, spec: &PolicySpec, prefs: &Prefs) -> Vec<Action> {
        if !self.is_running() {
            return Vec::new();
        }
        // Saturating: a stored count at its limit must stop the flow, not overflow.
        self.pages = self.pages.saturating_add(1);
        if self.pages > MAX_PAGES {
            return self.fail("The portal kept sending pages the flow did not expect; it stopped.");
        }
        if matches!(page.kind, PageKind::User | PageKind::Profile) {
            self.user.merge(&page.user);
        }
        if page.kind == PageKind::User && self.user_url.is_none() {
            self.user_url = Some(page.url.clone());
        }
        if page.kind == PageKind::Login && self.step < Step::Verify && !self.submitted {
            return self.fail("The portal's session ended (it shows the login page). Nothing was changed: log in and start again.");
        }
        match self.step {
            Step::ReadProfile => match page.kind {
                PageKind::Profile => {
                    self.note("read the user's details");
                    self.advance(Step::OpenPasswords);
                    self.go_to_passwords(page)
                }
                _ => match &page.profile_link {
                    Some(link) if !self.navigated => {
                        self.navigated = true;
                        vec![Action::Follow { id: link.id }]
                    }
                    _ => {
                        self.note("the profile could not be read; continuing");
                        self.advance(Step::OpenPasswords);
                        self.go_to_passwords(page)
                    }
                },
            },
            Step::OpenPasswords | Step::Submit if !self.submitted => {
                if page.kind == PageKind::Passwords {
                    if self.step == Step::OpenPasswords {
                        self.note("opened Passwords");
                    }
                    self.advance(Step::Submit);
                    self.submit(page, spec, prefs)
                } else {
                    self.go_to_passwords(page)
                }
            }
            Step::OpenPasswords | Step::Submit | Step::Verify => self.verify(page, spec),
            Step::OpenDevice => self.open_device(page),
            Step::Rebuild | Step::Reset => self.device_action(page),
            Step::Done => Vec::new(),
        }
    }

    fn go_to_passwords(&mut self, page: &Page) -> Vec<Action> {
        if let Some(link) = &page.passwords_link {
            return vec![Action::Follow { id: link.id }];
        }
        match &self.user_url {
            Some(url) if !self.navigated && url != &page.url => {
                self.navigated = true;
                vec![Action::Navigate { url: url.clone() }]
            }
            _ => self.fail("The Passwords page cannot be reached from this page; nothing was changed."),
        }
    }

    fn submit(&mut self, page: &Page, spec: &PolicySpec, prefs: &Prefs) -> Vec<Action> {
        let Some(form) = &page.passwords else { return self.fail("The Passwords form is not on this page.") };
        if form.current.is_some() {
            return self.fail("This Passwords page asks for the current password: it is the user's own view. Open the user from the admin portal.");
        }
        let radio = match self.task.kind {
            Kind::Web => form.web_radio,
            Kind::Passcode => form.passcode_radio,
        };
        if radio.is_none() && (self.task.kind == Kind::Passcode || form.passcode_radio.is_some()) {
            return self.fail(format!(
                "This Passwords page has no option for the {}; nothing was changed.",
                if self.task.kind == Kind::Web { "web access password" } else { "portal passcode" }
            ));
        }
        let Some(button) = form.submit() else {
            return self.fail("The Passwords page has no OK or Save button; nothing was changed.");
        };
        if self.secret.is_none() {
            let policy = match spec.policy(self.task.kind) {
                Ok(policy) => policy,
                Err(e) => return self.fail(format!("The policy for this portal is impossible: {e}")),
            };
            let opts = Options {
                length: if self.task.kind == Kind::Web { prefs.length } else { None },
                exclude_look_alikes: prefs.exclude_look_alikes,
            };
            match generate::generate(&policy, &self.user.context(), &opts) {
                Ok(generated) => {
                    self.entropy_bits = generated.entropy_bits;
                    self.secret = Some(generated.secret);
                }
                Err(e) => return self.fail(format!("No compliant secret: {e}")),
            }
        }
        let Some(secret) = self.secret.clone() else { return Vec::new() };
        // Saved (by the caller) before the click is sent: a restart never resubmits.
        self.submitted = true;
        self.note("filled both fields and pressed OK");
        let mut actions = Vec::new();
        if let Some(id) = radio {
            actions.push(Action::Choose { id });
        }
        actions.push(Action::Fill { id: form.new, value: secret.clone() });
        actions.push(Action::Fill { id: form.retype, value: secret });
        actions.push(Action::Click { id: button });
        actions
    }

    /// The agent's report on the last batch.
    pub fn on_results(&mut self, results: &[ActionResult]) {
        let Some(failed) = results.iter().find(|r| !r.ok) else { return };
        let error = failed.error.clone().unwrap_or_default();
        let clicked = results.iter().any(|r| r.ok && r.op == "click");
        if self.step == Step::Submit && !clicked {
            // Nothing reached the portal.
            self.submitted = false;
            let why = if error.contains("replaced") || error.contains("read-back") {
                "The page changed its password fields while they were filled (replaced or rewritten); nothing was submitted."
            } else {
                "The password fields could not be filled; nothing was submitted."
            };
            self.fail(format!("{why} ({error})"));
        } else if self.is_running() {
            self.fail(format!("A step could not be performed on the page ({error})."));
        }
    }

    fn accepted(&mut self, page: &Page) -> Vec<Action> {
        self.accepted = Some(true);
        self.advance(Step::Verify);
        self.note("the portal accepted the new secret");
        if self.task.rebuild {
            self.advance(Step::OpenDevice);
            self.open_device(page)
        } else {
            self.finish()
        }
    }

    fn verify(&mut self, page: &Page, spec: &PolicySpec) -> Vec<Action> {
        self.advance(Step::Verify);
        match page.kind {
            PageKind::Login => self.fail(
                "The portal's session ended before it confirmed the change. The new password may not have been saved: log in, open the user's Passwords page and check.",
            ),
            PageKind::ServerError => self.fail(
                "The portal answered with a server error. The new password may or may not have been saved: keep it until you have checked.",
            ),
            PageKind::Passwords if page.first_error().is_some() => self.rejected(page, spec),
            PageKind::Passwords if page.has_success() => self.accepted(page),
            PageKind::Passwords => {
                self.fail("The portal returned to the Passwords page without saying whether it saved the change.")
            }
            _ if page.first_error().is_some() => {
                let text = page.first_error().map(|n| n.text.clone());
                let actions = self.fail("The portal reported an error after the submission.");
                if let Some(problem) = &mut self.problem {
                    problem.portal_text = text;
                }
                actions
            }
            // OK saves and goes back: leaving the Passwords page without an error is the portal's yes.
            _ => self.accepted(page),
        }
    }

    fn rejected(&mut self, page: &Page, spec: &PolicySpec) -> Vec<Action> {
        self.accepted = Some(false);
        let errors: Vec<String> = page.errors().map(|n| n.text.clone()).collect();
        // The shortest messages first: single lines name one rule each, while
        // a container's text runs several together.
        let mut by_length: Vec<&String> = errors.iter().collect();
        by_length.sort_by_key(|e| e.len());
        let causes: Vec<outcome::Cause> = by_length
            .iter()
            .map(|e| outcome::cause_of(e))
            .filter(|c| *c != outcome::Cause::Unknown)
            .fold(Vec::new(), |mut all, c| {
                if !all.contains(&c) {
                    all.push(c);
                }
                all
            });
        // Verbatim, but only the lines that say something: not a container that
        // repeats its lines, not a bare "Error" heading when rule lines exist.
        let leaves: Vec<&String> =
            errors.iter().filter(|e| !errors.iter().any(|o| o != *e && e.contains(o.as_str()))).collect();
        let meaningful: Vec<&String> =
            leaves.iter().copied().filter(|e| outcome::cause_of(e) != outcome::Cause::Unknown).collect();
        let shown: Vec<String> = if meaningful.is_empty() {
            leaves.into_iter().cloned().collect()
        } else {
            meaningful.into_iter().cloned().collect()
        };
        let policy = spec.policy(self.task.kind).ok();
        // Every rule the portal named that the policy has; and the first it named that the policy lacks.
        let rules: Vec<String> = policy
            .as_ref()
            .map(|p| {
                causes
                    .iter()
                    .filter_map(|&c| outcome::matching_rule(p, c).map(|r: RuleId| crate::check::label(p, r)))
                    .collect()
            })
            .unwrap_or_default();
        let rule = (!rules.is_empty()).then(|| rules.join("; "));
        let suggestion = policy.as_ref().and_then(|p| causes.iter().find_map(|&c| outcome::suggest(p, c)));
        self.note("the portal rejected the new secret");
        self.status = Status::Failed;
        self.secret = None; // rejected: it is nobody's password
        self.problem = Some(Problem {
            message: format!(
                "The portal rejected the new {}; nothing was changed.",
                if self.task.kind == Kind::Web { "password" } else { "passcode" }
            ),
            // Verbatim, without repeating what a container already says line by line.
            portal_text: Some(if shown.is_empty() { errors.join(" ") } else { shown.join(" ") }),
            rule,
            suggestion_label: suggestion.map(|s| s.describe()),
            suggestion,
        });
        Vec::new()
    }

    fn open_device(&mut self, page: &Page) -> Vec<Action> {
        match page.kind {
            PageKind::DeviceProfile => {
                self.note("opened the device profile");
                self.advance(Step::Rebuild);
                self.device_action(page)
            }
            PageKind::Addresses => match &page.device_link {
                Some(link) => vec![Action::Follow { id: link.id }],
                None => {
                    self.fail("The password is set, but this user has no Identity/Device Profile to rebuild.")
                }
            },
            _ => {
                if let Some(link) = &page.addresses_link {
                    return vec![Action::Follow { id: link.id }];
                }
                match &self.user_url {
                    Some(url) if !self.navigated && url != &page.url => {
                        self.navigated = true;
                        vec![Action::Navigate { url: url.clone() }]
                    }
                    _ => self.fail("The password is set, but the user's Addresses page cannot be reached to rebuild the phone's files."),
                }
            }
        }
    }

    fn device_action(&mut self, page: &Page) -> Vec<Action> {
        let which = if self.step == Step::Rebuild { DeviceAction::Rebuild } else { DeviceAction::Reset };
        let what =
            if which == DeviceAction::Rebuild { "rebuild of the phone's files" } else { "phone reset" };
        match (self.phase, page.kind) {
            (Phase::Start, PageKind::DeviceProfile) => {
                let target = page.device.as_ref().and_then(|d| match which {
                    DeviceAction::Rebuild => d.rebuild,
                    DeviceAction::Reset => d.reset,
                });
                match target {
                    Some(id) => {
                        self.phase = Phase::Clicked;
                        vec![Action::Click { id }]
                    }
                    None => self.fail(format!("The password is set, but the device page offers no {what}.")),
                }
            }
            (Phase::Clicked, PageKind::Confirm) => match &page.confirm {
                Some(confirm) => {
                    self.phase = Phase::Confirmed;
                    self.note(format!("confirmed the {what}"));
                    vec![Action::Click { id: confirm.yes }]
                }
                None => self.fail(format!("The {what} asked for a confirmation the flow could not read.")),
            },
            (_, _) if page.first_error().is_some() => {
                let text = page.first_error().map(|n| n.text.clone());
                let actions = self.fail(format!("The password is set, but the portal refused the {what}."));
                if let Some(problem) = &mut self.problem {
                    problem.portal_text = text;
                }
                actions
            }
            (Phase::Clicked | Phase::Confirmed, _) if page.has_success() => {
                self.note(format!("the portal confirmed the {what}"));
                if which == DeviceAction::Rebuild && self.task.reset_phone {
                    self.advance(Step::Reset);
                    if page.kind == PageKind::DeviceProfile {
                        return self.device_action(page);
                    }
                    return self.fail(
                        "The files are rebuilt, but the device page is gone; reset the phone by hand.",
                    );
                }
                self.finish()
            }
            (Phase::Clicked | Phase::Confirmed, PageKind::Login) => self.fail(format!(
                "The password is set, but the session ended during the {what}: check the device."
            )),
            _ => self.fail(format!("The password is set, but the portal did not confirm the {what}.")),
        }
    }
}
