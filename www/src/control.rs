//! In-process access to what the test API offers, for tests that start the
//! simulator in their own process.

use serde::{Deserialize, Serialize};

use crate::faults::Faults;
use crate::scenario::Rules;
use crate::tenant::{AdminReport, Stats, Submission, UserReport};
use crate::web::App;

/// The active faults and how many failing submits are left.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaultsReport {
    /// Active faults.
    pub faults: Faults,
    /// Password submits still to fail under `fail_submit`.
    pub fail_submit_left: u32,
}

/// Reads and steers a running simulator: the same operations as the
/// `/__test/` HTTP API, without HTTP. Cheap to clone.
#[derive(Clone)]
pub struct Control {
    pub(crate) app: App,
}

impl Control {
    /// A user's state, or `None` if no user has that ID.
    pub fn user(&self, user_id: &str) -> Option<UserReport> {
        let t = self.app.lock();
        t.user_index(user_id).map(|i| t.report(i))
    }

    /// Whether the user's current web access password is `password`.
    pub fn check_password(&self, user_id: &str, password: &str) -> Option<bool> {
        let t = self.app.lock();
        t.user_index(user_id).map(|i| t.users[i].passwords.first().map(String::as_str) == Some(password))
    }

    /// A voice-portal login with a passcode (counts towards the passcode
    /// lockout): `(accepted, locked)`, or `None` for an unknown user.
    pub fn passcode_login(&self, user_id: &str, passcode: &str) -> Option<(bool, bool)> {
        let mut t = self.app.lock();
        let i = t.user_index(user_id)?;
        Some(t.passcode_login(i, passcode))
    }

    /// Whether the admin's current password is `password` (it changes only
    /// through the `lookalikes` Change my password page).
    pub fn check_admin_password(&self, password: &str) -> bool {
        self.app.lock().admin.password == password
    }

    /// The admin's own state (`lookalikes`).
    pub fn admin(&self) -> AdminReport {
        self.app.lock().admin_report()
    }

    /// Every form submission so far, oldest first (at most 1000): which
    /// form, whose, every field as posted, and what came of it.
    pub fn submissions(&self) -> Vec<Submission> {
        self.app.lock().submissions.clone()
    }

    /// The scenario's first user (the one the ungranted frame shows).
    pub fn first_user_id(&self) -> String {
        self.app.lock().users.first().map(|u| u.info.user_id.clone()).unwrap_or_default()
    }

    /// Server-wide counters.
    pub fn stats(&self) -> Stats {
        self.app.lock().stats.clone()
    }

    /// The active faults.
    pub fn faults(&self) -> FaultsReport {
        let t = self.app.lock();
        FaultsReport { faults: t.faults.clone(), fail_submit_left: t.fail_submit_left }
    }

    /// Replaces the active faults (`Faults::default()` clears them all).
    pub fn set_faults(&self, faults: Faults) -> Result<(), String> {
        faults.validate()?;
        self.app.lock().set_faults(faults);
        Ok(())
    }

    /// The rules in force.
    pub fn rules(&self) -> Rules {
        self.app.lock().rules.clone()
    }

    /// Ends every session now: the next request of each lands on the login
    /// page. Returns how many sessions ended.
    pub fn expire_sessions(&self) -> usize {
        let mut t = self.app.lock();
        let n = t.sessions.len();
        t.sessions.clear();
        n
    }

    /// Puts the tenant back as the scenario describes it (users, devices,
    /// rules, faults, counters) and ends every session.
    pub fn reset(&self) {
        self.app.lock().reset();
    }
}
