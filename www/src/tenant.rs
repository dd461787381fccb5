//! The live tenant: users with their current secrets and counters, devices,
//! rules, faults, statistics and sessions. Everything sits behind one mutex
//! in the server; nothing here awaits.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use crate::faults::Faults;
use crate::rules::{self, Secret, UserFacts, Violation};
use crate::scenario::{Admin, Device, Group, Rules, Scenario, User};
use crate::sessions::{MustChange, Sessions};

/// How many old secrets are remembered (the largest history rule is 10).
const HISTORY_KEPT: usize = 11;

/// A user with live state.
#[derive(Clone, Debug)]
pub struct UserState {
    /// Profile data from the scenario (its `password`/`passcode` are the
    /// initial values only).
    pub info: User,
    /// Web passwords, most recent (current) first.
    pub passwords: Vec<String>,
    /// When the current password was set.
    pub password_set_at: SystemTime,
    /// Passcodes, most recent (current) first.
    pub passcodes: Vec<String>,
    /// Web passwords set through the portal.
    pub password_set_count: u32,
    /// Passcodes set through the portal.
    pub passcode_set_count: u32,
    /// Consecutive failed web logins.
    pub failed_logins: u32,
    /// Locked out of web login.
    pub locked: bool,
    /// Consecutive failed voice-portal logins.
    pub passcode_failed_logins: u32,
    /// Locked out of the voice portal.
    pub passcode_locked: bool,
    /// An admin reset forces a change at the next login.
    pub force_change: bool,
    /// The last rejection on the Passwords page.
    pub last_error: Option<LastError>,
    /// Submissions per form (`lookalikes` and the Passwords forms).
    pub forms: FormCounts,
    /// Risky links followed (`deep-passwords`).
    pub risky: RiskyCounts,
    /// The phone's SIP authentication credentials (`lookalikes`).
    pub authentication: Authentication,
    /// The voice mail password (`lookalikes`), once set.
    pub voice_mail_password: Option<String>,
}

/// How many times each form was submitted, whatever came of it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FormCounts {
    /// The Passwords form with the web access password chosen (any layout:
    /// the skin's page, `script-form`, `deep-passwords`, `single-page`).
    pub passwords_web: u32,
    /// The Passwords form with the portal passcode chosen.
    pub passwords_passcode: u32,
    /// `lookalikes`: the Authentication (SIP credentials) form.
    pub authentication: u32,
    /// `lookalikes`: the Voice mail password form.
    pub voice_mail: u32,
    /// `lookalikes`: the admin's own Change my password form.
    pub admin_password: u32,
    /// `lookalikes`: the newsletter page with two password fields.
    pub generic: u32,
}

/// How many times each risky link (`deep-passwords`) was followed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RiskyCounts {
    /// "Delete user".
    pub delete_user: u32,
    /// "Reset voice mail".
    pub reset_voice_mail: u32,
    /// "Remove device".
    pub remove_device: u32,
}

/// A user's SIP authentication credentials.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Authentication {
    /// Authentication user name.
    pub user_name: String,
    /// Authentication password (demo data: reported on purpose).
    pub password: String,
    /// Times it was changed.
    pub set_count: u32,
}

/// Which form a submission went to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FormKind {
    /// A user's Passwords form (web password or passcode).
    Passwords,
    /// The Authentication (SIP credentials) form.
    Authentication,
    /// The Voice mail password form.
    VoiceMail,
    /// The admin's own Change my password form.
    AdminPassword,
    /// The newsletter page.
    Generic,
    /// The static Passwords form on the ungranted origin.
    Ungranted,
    /// The confirmation of a risky action (`deep-passwords`).
    DeleteUser,
    /// Reset voice mail confirmed.
    ResetVoiceMail,
    /// Remove device confirmed.
    RemoveDevice,
}

/// What came of a submission.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Stored.
    Applied,
    /// Refused (a rule, a mismatch, a wrong current value).
    Rejected,
    /// Cancel pressed; nothing stored.
    Cancelled,
    /// The form token had been used already.
    Duplicate,
    /// Unknown form token.
    Invalid,
    /// The `fail_submit` fault answered 500 (see the fault for whether it
    /// was stored).
    Failed,
    /// Taken and thrown away (the ungranted page stores nothing).
    Ignored,
    /// Never reached the form: no live session (login redirect), or the
    /// viewer may not see that user (403/404).
    Refused,
}

/// One form submission as the server received it, for tests.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Submission {
    /// Order of arrival, from 1.
    pub seq: u64,
    /// Which form.
    pub form: FormKind,
    /// Whose (the page's user; for the admin's own page and the newsletter,
    /// the user whose page linked to it, if any).
    pub user_id: Option<String>,
    /// `web` or `passcode` for the Passwords form, when chosen.
    pub kind: Option<Secret>,
    /// The request path (no query).
    pub path: String,
    /// Every field as posted (name to value; the last value of a name).
    pub fields: BTreeMap<String, String>,
    /// What came of it.
    pub outcome: Outcome,
}

/// How many submissions the log keeps (the oldest go first).
const SUBMISSIONS_KEPT: usize = 1000;

/// The last rejection of a new secret for a user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastError {
    /// The messages shown, one per violated rule.
    pub messages: Vec<String>,
    /// Stable codes, one per message (see `Violation::code`).
    pub codes: Vec<String>,
}

/// A device with its action counters.
#[derive(Clone, Debug)]
pub struct DeviceState {
    /// From the scenario.
    pub info: Device,
    /// Confirmed "rebuild the files" actions.
    pub rebuild_count: u32,
    /// Confirmed "reset the phones" actions.
    pub reset_count: u32,
}

/// Counters over the whole server, for tests.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Stats {
    /// Every request (the test API excepted).
    pub requests: u64,
    /// Requests per path (no query string).
    pub requests_by_path: BTreeMap<String, u64>,
    /// POSTs of the token-carrying forms (Passwords, device actions,
    /// Password Rules), whatever became of them.
    pub submissions: u64,
    /// Submissions of the Passwords form.
    pub password_submissions: u64,
    /// Submissions whose token had already been used; never applied.
    pub duplicate_submissions: u64,
    /// Submissions with an unknown token.
    pub invalid_submissions: u64,
    /// Secrets actually changed.
    pub changes_applied: u64,
    /// HTTP 500 pages served by the `fail_submit` fault.
    pub server_errors: u64,
    /// Successful logins.
    pub logins: u64,
    /// Failed logins.
    pub failed_logins: u64,
    /// Requests that found their session expired.
    pub expired_session_hits: u64,
    /// Logouts (GET or POST of the logout link).
    pub logouts: u64,
    /// Submissions of the look-alike forms (`lookalikes`).
    pub lookalike_submissions: u64,
    /// Risky links followed (`deep-passwords`).
    pub risky_links_followed: u64,
    /// Requests to the ungranted origin (`ungranted-frame`).
    pub ungranted_requests: u64,
    /// Form posts to the ungranted origin.
    pub ungranted_submissions: u64,
}

/// One device's counters, as the test API reports them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceReport {
    /// Device profile name.
    pub name: String,
    /// Device type.
    #[serde(rename = "type")]
    pub device_type: String,
    /// Confirmed rebuilds.
    pub rebuild_count: u32,
    /// Confirmed resets.
    pub reset_count: u32,
}

/// A user's state, as the test API reports it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserReport {
    /// User ID.
    pub user_id: String,
    /// "First Last".
    pub name: String,
    /// Extension.
    pub extension: String,
    /// Phone number.
    pub phone_number: String,
    /// Web passwords set through the portal since start (or reset).
    pub password_set_count: u32,
    /// Passcodes set through the portal since start (or reset).
    pub passcode_set_count: u32,
    /// The current passcode (demo data; passcodes are shown on purpose).
    pub passcode: Option<String>,
    /// Locked out of web login.
    pub locked: bool,
    /// Consecutive failed web logins.
    pub failed_logins: u32,
    /// Locked out of the voice portal.
    pub passcode_locked: bool,
    /// The next login must change the password (admin reset with
    /// `force_change_after_reset`, or expiry).
    pub must_change_password: bool,
    /// The last rejection messages, joined by newlines.
    pub last_error: Option<String>,
    /// The last rejection's codes.
    pub last_error_codes: Vec<String>,
    /// The user's device(s).
    pub devices: Vec<DeviceReport>,
    /// Submissions per form (Passwords web / passcode and the look-alikes).
    #[serde(default)]
    pub forms: FormCounts,
    /// Risky links followed on the way to the Passwords form
    /// (`deep-passwords`).
    #[serde(default)]
    pub risky_links: RiskyCounts,
    /// The SIP authentication user name (`lookalikes`).
    #[serde(default)]
    pub authentication_user_name: String,
    /// The SIP authentication password (demo data, reported on purpose).
    #[serde(default)]
    pub authentication_password: String,
    /// Times the SIP authentication password was changed.
    #[serde(default)]
    pub authentication_set_count: u32,
    /// The voice mail password, once set (`lookalikes`).
    #[serde(default)]
    pub voice_mail_password: Option<String>,
}

/// The admin's own state, as the test API reports it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminReport {
    /// The admin's user ID.
    pub user_id: String,
    /// Whether the admin's password is no longer the scenario's (changed on
    /// the `lookalikes` Change my password page).
    pub password_changed: bool,
    /// Submissions of the admin's own page and the newsletter page that came
    /// from no user's page.
    pub forms: FormCounts,
}

/// The outcome of a login attempt.
#[derive(Debug, PartialEq, Eq)]
pub enum LoginOutcome {
    /// The group administrator.
    Admin,
    /// A user (by index), perhaps forced to change the password.
    User(usize, Option<MustChange>),
    /// Wrong user ID or password.
    Bad,
    /// The user is locked out.
    Locked,
}

/// Who is setting a secret.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetBy {
    /// The administrator (no old password typed).
    Admin,
    /// The user, self-service.
    User,
}

/// The live tenant.
#[derive(Debug)]
pub struct Tenant {
    /// The scenario it started from (for reset).
    pub scenario: Scenario,
    /// The admin credentials.
    pub admin: Admin,
    /// The group.
    pub group: Group,
    /// Rules in force (the Password Rules page may change them).
    pub rules: Rules,
    /// Active faults.
    pub faults: Faults,
    /// Password submits still to fail under `faults.fail_submit`.
    pub fail_submit_left: u32,
    /// Users.
    pub users: Vec<UserState>,
    /// Devices.
    pub devices: Vec<DeviceState>,
    /// Counters.
    pub stats: Stats,
    /// Login sessions.
    pub sessions: Sessions,
    /// Every form submission, oldest first (at most 1000).
    pub submissions: Vec<Submission>,
    /// Look-alike submissions without a user (admin's page, newsletter).
    pub admin_forms: FormCounts,
    seq: u64,
}

/// The SIP authentication password a user starts with (scenarios do not
/// set one): "Sip" + extension + the phone number's last four digits.
fn initial_authentication_password(u: &User) -> String {
    let digits = rules::digits_of(&u.phone_number);
    let tail = &digits[digits.len().saturating_sub(4)..];
    format!("Sip{}x{tail}", u.extension)
}

fn push_history(list: &mut Vec<String>, value: &str) {
    list.insert(0, value.to_owned());
    list.truncate(HISTORY_KEPT);
}

impl Tenant {
    /// The tenant as the scenario describes it, with `faults` active.
    pub fn new(scenario: Scenario, faults: Faults) -> Tenant {
        let now = SystemTime::now();
        let users = scenario
            .users
            .iter()
            .map(|u| UserState {
                info: u.clone(),
                passwords: vec![u.password.clone()],
                password_set_at: now - Duration::from_secs(u64::from(u.password_age_days) * 86_400),
                passcodes: u.passcode.iter().cloned().collect(),
                password_set_count: 0,
                passcode_set_count: 0,
                failed_logins: 0,
                locked: u.locked,
                passcode_failed_logins: 0,
                passcode_locked: false,
                force_change: false,
                last_error: None,
                forms: FormCounts::default(),
                risky: RiskyCounts::default(),
                authentication: Authentication {
                    user_name: u.user_id.split('@').next().unwrap_or(&u.user_id).to_owned(),
                    password: initial_authentication_password(u),
                    set_count: 0,
                },
                voice_mail_password: None,
            })
            .collect();
        let devices = scenario
            .devices
            .iter()
            .map(|d| DeviceState { info: d.clone(), rebuild_count: 0, reset_count: 0 })
            .collect();
        Tenant {
            admin: scenario.admin.clone(),
            group: scenario.group.clone(),
            rules: scenario.rules.clone(),
            fail_submit_left: faults.fail_submit.map_or(0, |f| f.count),
            faults,
            users,
            devices,
            stats: Stats::default(),
            sessions: Sessions::default(),
            submissions: Vec::new(),
            admin_forms: FormCounts::default(),
            seq: 0,
            scenario,
        }
    }

    /// Logs a submission (and counts it per form for its user).
    pub fn log_submission(&mut self, mut entry: Submission) {
        self.seq += 1;
        entry.seq = self.seq;
        let counts = match entry.user_id.as_deref().and_then(|id| self.user_index(id)) {
            Some(i) => Some(&mut self.users[i].forms),
            None if matches!(entry.form, FormKind::AdminPassword | FormKind::Generic) => {
                Some(&mut self.admin_forms)
            }
            None => None,
        };
        if let Some(c) = counts {
            match (entry.form, entry.kind) {
                (FormKind::Passwords, Some(Secret::Web)) => c.passwords_web += 1,
                (FormKind::Passwords, Some(Secret::Passcode)) => c.passwords_passcode += 1,
                (FormKind::Authentication, _) => c.authentication += 1,
                (FormKind::VoiceMail, _) => c.voice_mail += 1,
                (FormKind::AdminPassword, _) => c.admin_password += 1,
                (FormKind::Generic, _) => c.generic += 1,
                _ => {}
            }
        }
        let lookalike =
            [FormKind::Authentication, FormKind::VoiceMail, FormKind::AdminPassword, FormKind::Generic];
        if lookalike.contains(&entry.form) {
            self.stats.lookalike_submissions += 1;
        }
        self.submissions.push(entry);
        if self.submissions.len() > SUBMISSIONS_KEPT {
            self.submissions.remove(0);
        }
    }

    /// The admin's report.
    pub fn admin_report(&self) -> AdminReport {
        AdminReport {
            user_id: self.admin.user_id.clone(),
            password_changed: self.admin.password != self.scenario.admin.password,
            forms: self.admin_forms,
        }
    }

    /// Back to the scenario: users, devices, rules, faults, counters; every
    /// session ends.
    pub fn reset(&mut self) {
        let faults = self.scenario.faults.clone();
        *self = Tenant::new(self.scenario.clone(), faults);
    }

    /// Replaces the active faults (and re-arms `fail_submit`).
    pub fn set_faults(&mut self, faults: Faults) {
        self.fail_submit_left = faults.fail_submit.map_or(0, |f| f.count);
        self.faults = faults;
    }

    /// A user's index by user ID, case-insensitively.
    pub fn user_index(&self, user_id: &str) -> Option<usize> {
        self.users.iter().position(|u| u.info.user_id.eq_ignore_ascii_case(user_id))
    }

    /// A device's index by name, case-insensitively.
    pub fn device_index(&self, name: &str) -> Option<usize> {
        self.devices.iter().position(|d| d.info.name.eq_ignore_ascii_case(name))
    }

    /// The user (if any) whose device this is.
    pub fn device_user(&self, device: &str) -> Option<&UserState> {
        self.users.iter().find(|u| u.info.device.as_deref().is_some_and(|d| d.eq_ignore_ascii_case(device)))
    }

    /// Tries a login. A user's failures count towards the lockout rule; the
    /// admin never locks.
    pub fn login(&mut self, user_id: &str, password: &str) -> LoginOutcome {
        if user_id.eq_ignore_ascii_case(&self.admin.user_id) {
            return if password == self.admin.password {
                self.stats.logins += 1;
                LoginOutcome::Admin
            } else {
                self.stats.failed_logins += 1;
                LoginOutcome::Bad
            };
        }
        let Some(i) = self.user_index(user_id) else {
            self.stats.failed_logins += 1;
            return LoginOutcome::Bad;
        };
        let lockout = self.rules.web.lockout();
        let expiry = self.rules.web.expiry_days();
        let user = &mut self.users[i];
        if user.locked {
            self.stats.failed_logins += 1;
            return LoginOutcome::Locked;
        }
        if user.passwords.first().map(String::as_str) != Some(password) {
            self.stats.failed_logins += 1;
            user.failed_logins += 1;
            if lockout.is_some_and(|n| user.failed_logins >= n) {
                user.locked = true;
                return LoginOutcome::Locked;
            }
            return LoginOutcome::Bad;
        }
        self.stats.logins += 1;
        user.failed_logins = 0;
        let age = SystemTime::now().duration_since(user.password_set_at).unwrap_or_default();
        let must = if user.force_change {
            Some(MustChange::AfterReset)
        } else if expiry.is_some_and(|days| age > Duration::from_secs(u64::from(days) * 86_400)) {
            Some(MustChange::Expired)
        } else {
            None
        };
        LoginOutcome::User(i, must)
    }

    /// Checks a new secret for user `i` against the rules in force and the
    /// server-only rule; nothing changes.
    pub fn check(&self, i: usize, kind: Secret, value: &str) -> Vec<Violation> {
        let user = &self.users[i];
        let facts = UserFacts {
            user_id: &user.info.user_id,
            phone_number: &user.info.phone_number,
            extension: &user.info.extension,
        };
        let server_rule = self.faults.server_rule.as_ref();
        match kind {
            Secret::Web => {
                let mut out = rules::check_web(&self.rules.web, server_rule, value, facts, &user.passwords);
                // The field-constraints variants cap the length (the form says maxlength).
                if let Some(max) = self.scenario.variants.web_max_length() {
                    let too_long = value.chars().count() > max as usize;
                    if too_long && !out.iter().any(|v| matches!(v, Violation::TooLong(_))) {
                        out.push(Violation::TooLong(max));
                    }
                }
                out
            }
            Secret::Passcode => {
                rules::check_passcode(&self.rules.passcode, server_rule, value, facts, &user.passcodes)
            }
        }
    }

    /// Stores a new secret for user `i`. An admin reset of the web password
    /// unlocks the user; a new passcode from the admin unlocks the voice
    /// portal.
    pub fn apply(&mut self, i: usize, kind: Secret, value: &str, by: SetBy) {
        let force = self.rules.web.force_change_after_reset;
        let user = &mut self.users[i];
        match kind {
            Secret::Web => {
                push_history(&mut user.passwords, value);
                user.password_set_at = SystemTime::now();
                user.password_set_count += 1;
                if by == SetBy::Admin {
                    user.locked = false;
                    user.failed_logins = 0;
                }
                user.force_change = by == SetBy::Admin && force;
            }
            Secret::Passcode => {
                push_history(&mut user.passcodes, value);
                user.passcode_set_count += 1;
                if by == SetBy::Admin {
                    user.passcode_locked = false;
                    user.passcode_failed_logins = 0;
                }
            }
        }
        user.last_error = None;
        self.stats.changes_applied += 1;
    }

    /// A voice-portal login with a passcode; failures count towards the
    /// passcode lockout rule. Returns (accepted, locked).
    pub fn passcode_login(&mut self, i: usize, passcode: &str) -> (bool, bool) {
        let lockout = self.rules.passcode.lockout_after;
        let user = &mut self.users[i];
        if user.passcode_locked {
            return (false, true);
        }
        if user.passcodes.first().map(String::as_str) == Some(passcode) {
            user.passcode_failed_logins = 0;
            return (true, false);
        }
        user.passcode_failed_logins += 1;
        if lockout.is_some_and(|n| user.passcode_failed_logins >= n) {
            user.passcode_locked = true;
        }
        (false, user.passcode_locked)
    }

    /// The test API's view of user `i`.
    pub fn report(&self, i: usize) -> UserReport {
        let u = &self.users[i];
        let expiry = self.rules.web.expiry_days();
        let expired = expiry.is_some_and(|days| {
            SystemTime::now().duration_since(u.password_set_at).unwrap_or_default()
                > Duration::from_secs(u64::from(days) * 86_400)
        });
        let devices = u
            .info
            .device
            .iter()
            .filter_map(|name| self.device_index(name))
            .map(|d| {
                let d = &self.devices[d];
                DeviceReport {
                    name: d.info.name.clone(),
                    device_type: d.info.device_type.clone(),
                    rebuild_count: d.rebuild_count,
                    reset_count: d.reset_count,
                }
            })
            .collect();
        UserReport {
            user_id: u.info.user_id.clone(),
            name: u.info.full_name(),
            extension: u.info.extension.clone(),
            phone_number: u.info.phone_number.clone(),
            password_set_count: u.password_set_count,
            passcode_set_count: u.passcode_set_count,
            passcode: u.passcodes.first().cloned(),
            locked: u.locked,
            failed_logins: u.failed_logins,
            passcode_locked: u.passcode_locked,
            must_change_password: u.force_change || expired,
            last_error: u.last_error.as_ref().map(|e| e.messages.join("\n")),
            last_error_codes: u.last_error.as_ref().map(|e| e.codes.clone()).unwrap_or_default(),
            devices,
            forms: u.forms,
            risky_links: u.risky,
            authentication_user_name: u.authentication.user_name.clone(),
            authentication_password: u.authentication.password.clone(),
            authentication_set_count: u.authentication.set_count,
            voice_mail_password: u.voice_mail_password.clone(),
        }
    }
}
