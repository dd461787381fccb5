//! Bulk resets: many users in one run, one after another in the same tab, by
//! the same flow as the single reset (so every guarantee holds per user: a
//! form is never submitted twice, nothing is claimed that the portal did not
//! confirm, a secret the portal may hold is never lost), with progress, pause,
//! resume and cancel, surviving page loads and service-worker restarts.
//!
//! A [`Run`] holds no secret: it is kept in session storage with the tab,
//! and a copy in local storage so that after a browser restart the admin
//! learns which users were done, which was interrupted at which step, and
//! which were not started. The new secrets are in [`RunSecrets`], in session
//! storage only, until the hand-off sheet is closed or the run dismissed.

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::flow::{Step, Why};
use crate::policy::Kind;
use crate::protocol::{FrameId, TabId};

/// What to do for each user.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkTask {
    /// Set a new web access password.
    pub web: bool,
    /// Set a new portal passcode.
    pub passcode: bool,
    /// Then rebuild the phone's files.
    pub rebuild: bool,
    /// And reset the phone.
    pub reset_phone: bool,
}

impl BulkTask {
    /// The secrets to set, in order.
    pub fn kinds(&self) -> Vec<Kind> {
        let mut out = Vec::new();
        if self.web {
            out.push(Kind::Web);
        }
        if self.passcode {
            out.push(Kind::Passcode);
        }
        out
    }
}

/// A bulk run's commands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BulkCommand {
    /// Tick every user listed on this page.
    SelectAll,
    /// Start a run for the users ticked on the list and `pasted` (user IDs,
    /// one per line, or a CSV column).
    Start {
        /// What the admin pasted.
        pasted: String,
        /// What to do for each.
        task: BulkTask,
        /// Include every user when rebuilding every Nth (0: as `task` says).
        #[serde(default)]
        rebuild_every: u32,
    },
    /// Pause after the current step.
    Pause,
    /// Go on.
    Resume,
    /// Stop: what was done stays done, nothing after is touched.
    Cancel,
    /// Open the hand-off sheet.
    Sheet,
    /// Forget the run and its secrets.
    Dismiss,
}

/// How a user of a run stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UserState {
    /// Not started.
    Queued,
    /// Being reset.
    Running,
    /// Done, confirmed by the portal.
    Done,
    /// Failed (with the portal's words).
    Failed,
}

impl UserState {
    /// The `data-state` value of the user's row.
    pub fn as_str(self) -> &'static str {
        match self {
            UserState::Queued => "queued",
            UserState::Running => "running",
            UserState::Done => "done",
            UserState::Failed => "failed",
        }
    }
}

/// Why a user failed without a flow's problem.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Miss {
    /// The portal's users list does not have this user ID.
    NotFound,
    /// The run was cancelled before this user's turn.
    Cancelled,
    /// The browser stopped the run at this user.
    Interrupted,
    /// The user's page could not be reached.
    Unreachable,
}

/// One user of a run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BulkUser {
    /// The user ID.
    pub user_id: String,
    /// The name, when the list showed it.
    #[serde(default)]
    pub name: Option<String>,
    /// The extension, once read.
    #[serde(default)]
    pub extension: Option<String>,
    /// The user's page, when known.
    #[serde(default)]
    pub url: Option<String>,
    /// Rebuild this user's phone.
    #[serde(default)]
    pub rebuild: bool,
    /// How it stands.
    pub state: UserState,
    /// The secrets set so far.
    #[serde(default)]
    pub done: Vec<Kind>,
    /// The step reached (for an interruption).
    #[serde(default)]
    pub step: Option<Step>,
    /// Why it failed (a flow's problem).
    #[serde(default)]
    pub why: Option<Why>,
    /// Why it failed, otherwise.
    #[serde(default)]
    pub miss: Option<Miss>,
    /// The portal's words, verbatim.
    #[serde(default)]
    pub portal_text: Option<String>,
    /// The phone's files were rebuilt.
    #[serde(default)]
    pub rebuilt: bool,
    /// The phone was reset.
    #[serde(default)]
    pub phone_reset: bool,
    /// How long it took (ms).
    #[serde(default)]
    pub took_ms: f64,
}

/// How a run stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    /// Working.
    #[default]
    Running,
    /// Paused by the admin.
    Paused,
    /// Paused because the portal's session ended: log in and it goes on.
    LoggedOut,
    /// Every user was handled.
    Finished,
    /// The admin cancelled.
    Cancelled,
    /// The browser restarted mid-run.
    Interrupted,
    /// The run's tab was closed mid-run (its new secrets stay for the
    /// hand-off sheet until it is closed).
    TabClosed,
}

/// Where the run is with the current user.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Leg {
    /// Going to the user's page (or searching for it).
    #[default]
    Going,
    /// Searched the users list for the user.
    Searched,
    /// A flow is running for the user.
    Resetting,
    /// Waiting between users.
    Pausing,
}

/// A bulk run (no secret in it).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Run {
    /// Its id.
    pub id: String,
    /// The portal.
    pub origin: String,
    /// The tab it runs in.
    pub tab: TabId,
    /// The frame it runs in.
    pub frame: FrameId,
    /// What is done for each user.
    pub task: BulkTask,
    /// The users, in order.
    pub users: Vec<BulkUser>,
    /// How it stands.
    pub status: RunStatus,
    /// The user being handled.
    pub current: Option<usize>,
    /// Where with that user.
    pub leg: Leg,
    /// The users list it started from (to search pasted IDs).
    pub list_url: Option<String>,
    /// When it started (ms since the epoch).
    pub started_ms: f64,
    /// When the current user started.
    pub user_started_ms: f64,
    /// Milliseconds between users.
    pub pause_ms: u32,
    /// The last page acted on (page load, view), so a page is acted on once.
    pub acted: Option<(String, u32)>,
    /// When the pause between users ends (ms since the epoch).
    #[serde(default)]
    pub pause_until_ms: f64,
    /// Its new secrets are still kept (session storage) for the hand-off
    /// sheet, though its tab is closed.
    #[serde(default)]
    pub sheet_kept: bool,
}

impl Run {
    /// Stopped by a browser restart or a closed tab: shown on the portal's
    /// next panel until dismissed.
    pub fn stopped_outside(&self) -> bool {
        matches!(self.status, RunStatus::Interrupted | RunStatus::TabClosed)
    }

    /// Whether the run still works (or waits to).
    pub fn is_active(&self) -> bool {
        matches!(self.status, RunStatus::Running | RunStatus::Paused | RunStatus::LoggedOut)
    }

    /// Users finished (done or failed).
    pub fn finished(&self) -> usize {
        // Users a cancel left alone were not handled.
        self.users
            .iter()
            .filter(|u| {
                matches!(u.state, UserState::Done | UserState::Failed) && u.miss != Some(Miss::Cancelled)
            })
            .count()
    }

    /// The next user not started, after the current one.
    pub fn next_queued(&self) -> Option<usize> {
        self.users.iter().position(|u| u.state == UserState::Queued)
    }

    /// The estimated time left (ms), from the users done so far.
    pub fn eta_ms(&self) -> Option<f64> {
        let took: Vec<f64> = self.users.iter().filter(|u| u.took_ms > 0.0).map(|u| u.took_ms).collect();
        if took.is_empty() {
            return None;
        }
        let mean = took.iter().sum::<f64>() / took.len() as f64 + f64::from(self.pause_ms);
        let left =
            self.users.iter().filter(|u| matches!(u.state, UserState::Queued | UserState::Running)).count();
        Some(mean * left as f64)
    }

    /// After a browser restart: the user being handled was interrupted at its
    /// step, the ones not started stay so, and nothing is claimed.
    pub fn interrupt(&mut self) {
        self.stop_as(RunStatus::Interrupted);
    }

    /// Stopped from outside (a browser restart, its tab closed): the user
    /// being handled was interrupted at its step; nothing is claimed.
    pub fn stop_as(&mut self, status: RunStatus) {
        if !self.is_active() {
            return;
        }
        self.status = status;
        for u in &mut self.users {
            if u.state == UserState::Running {
                u.state = UserState::Failed;
                u.miss = Some(Miss::Interrupted);
            }
        }
    }
}

/// A secret set (or possibly set) during a run: session storage only.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunSecret {
    /// The user.
    pub user_id: String,
    /// Which secret.
    pub kind: Kind,
    /// The secret.
    pub secret: Zeroizing<String>,
    /// Made of words.
    #[serde(default)]
    pub speakable: bool,
    /// The portal confirmed it (else it may or may not hold it).
    pub confirmed: bool,
}

/// The secrets of a run.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RunSecrets {
    /// The run.
    pub run: String,
    /// The secrets.
    pub secrets: Vec<RunSecret>,
}

/// User IDs from what an admin pasted: one per line, or a column of CSV
/// (the cells that look like user IDs), each once, in order.
pub fn parse_pasted(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in text.lines() {
        let cells: Vec<&str> =
            line.split([',', ';', '\t']).map(|c| c.trim().trim_matches('"').trim()).collect();
        let id = if cells.len() > 1 {
            cells.iter().find(|c| c.contains('@') && !c.contains(' ')).copied()
        } else {
            cells.first().copied().filter(|c| !c.is_empty() && !c.contains(' '))
        };
        if let Some(id) = id.filter(|id| !id.is_empty() && id.len() <= 120) {
            if !out.iter().any(|o| o.eq_ignore_ascii_case(id)) {
                out.push(id.to_owned());
            }
        }
    }
    out
}

/// One user's row in the panel.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkRowView {
    /// The user ID (`data-user`).
    pub user: String,
    /// The name.
    pub name: String,
    /// `queued`, `running`, `done` or `failed` (`data-state`).
    pub state: String,
    /// The state in words, with the portal's words for a failure.
    pub detail: String,
}

/// What the panel shows of a run, or of the selection before one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkView {
    /// Choosing users (no run yet).
    pub choosing: bool,
    /// Users ticked on the list.
    pub selected: Vec<String>,
    /// Users listed on this page.
    pub listed: u32,
    /// Users done (`data-done`).
    pub done: u32,
    /// Users in all (`data-total`).
    pub total: u32,
    /// "12 of 25".
    pub progress: String,
    /// "Now: Jane Smith (jsmith@…), setting the web access password".
    pub current: Option<String>,
    /// "Elapsed 2 min 10 s, about 3 min left".
    pub timing: String,
    /// The run's status in words.
    pub status: String,
    /// Each user.
    pub rows: Vec<BulkRowView>,
    /// Whether the run goes on (pause shown), is paused (resume shown), or is over.
    pub running: bool,
    /// Paused.
    pub paused: bool,
    /// Over (finished, cancelled, interrupted).
    pub over: bool,
    /// Secrets are there for a hand-off sheet.
    pub sheet: bool,
    /// Fixed labels by element id.
    pub labels: Vec<(String, String)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_lists_and_csv_columns() {
        assert_eq!(parse_pasted("a@x\nb@x\n\na@x\n"), vec!["a@x", "b@x"]);
        let csv = "name,user,ext\n\"Smith, Jo\",jsmith@acme.example.com,1001\nMaria Garcia,mgarcia@acme.example.com,1002\n";
        assert_eq!(parse_pasted(csv), vec!["jsmith@acme.example.com", "mgarcia@acme.example.com"]);
        assert!(parse_pasted("John Smith\n").is_empty(), "a name is no user ID");
    }

    #[test]
    fn an_interrupted_run_claims_nothing() {
        let user = |state| BulkUser {
            user_id: "u".into(),
            name: None,
            extension: None,
            url: None,
            rebuild: false,
            state,
            done: Vec::new(),
            step: Some(Step::Submit),
            why: None,
            miss: None,
            portal_text: None,
            rebuilt: false,
            phone_reset: false,
            took_ms: 0.0,
        };
        let mut run = Run {
            users: vec![user(UserState::Done), user(UserState::Running), user(UserState::Queued)],
            ..Run::default()
        };
        run.interrupt();
        assert_eq!(run.status, RunStatus::Interrupted);
        assert_eq!(run.users[1].miss, Some(Miss::Interrupted));
        assert_eq!(run.users[2].state, UserState::Queued, "not started");
    }
}
