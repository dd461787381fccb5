//! Bulk resets: many users in one run, one after another in the same tab, by
//! the same flow as the single reset (every guarantee holds per user), with
//! progress, pause, resume and cancel, surviving page loads and
//! service-worker restarts, and a hand-off sheet made on the admin's click.

use serde::{Deserialize, Serialize};

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

/// A bulk run's commands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BulkCommand {
    /// The users ticked on the list, or pasted.
    Select {
        /// User IDs.
        users: Vec<String>,
    },
    /// Start a run for these users.
    Start {
        /// User IDs, in order.
        users: Vec<String>,
        /// What to do for each.
        task: BulkTask,
    },
    /// Pause after the current user.
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

/// A bulk run (session storage; its secrets only until the run is dismissed).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Run {
    /// Its id.
    pub id: String,
}

/// What the panel shows of a run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkView {
    /// Users done.
    pub done: u32,
    /// Users in all.
    pub total: u32,
}
