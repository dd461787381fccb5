//! The portal's password and passcode rules, and the server's own check of a
//! new secret against them.
//!
//! Written independently of the `passwright` crate on purpose: a bug in one
//! checker is caught by the other. The field names follow the same vocabulary
//! (BroadWorks' `PasswordRulesGetRequest` / `PortalPasscodeRulesGetRequest`),
//! so a scenario reads like the provisioning API.

use serde::{Deserialize, Serialize};

use crate::faults::{ServerRule, ServerRuleTarget};

/// The longest password or passcode the portal stores.
pub const PORTAL_MAX_LENGTH: usize = 60;

/// Web access password rules.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WebRules {
    /// Minimum length, 3 to 40; absent means the portal's floor of 1.
    pub min_length: Option<u32>,
    /// At least this many digits (1 to 10).
    pub min_digits: Option<u32>,
    /// At least this many uppercase letters (1 to 10).
    pub min_upper: Option<u32>,
    /// At least this many lowercase letters (1 to 10).
    pub min_lower: Option<u32>,
    /// At least this many letters of either case (1 to 10). Not a BroadWorks
    /// rule: it models the operators' "letters and numbers" wording.
    pub min_letters: Option<u32>,
    /// At least this many non-alphanumeric characters (1 to 10).
    pub min_non_alphanumeric: Option<u32>,
    /// May not contain the user ID (nor the part of it before '@').
    pub forbid_user_id: bool,
    /// May not be the old password, or the old password reversed.
    pub forbid_old: bool,
    /// May not reuse the last N passwords (1 to 10).
    pub history: Option<u32>,
    /// Expires after N days (0 to 199; 0 = never).
    pub expires_after_days: Option<u32>,
    /// Locks the user after N failed logins (0 to 10; 0 = never).
    pub lockout_after: Option<u32>,
    /// The user must change the password at the first login after an admin reset.
    pub force_change_after_reset: bool,
}

/// Portal passcode rules (Hoteling, voice portal).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PasscodeRules {
    /// Minimum length, 2 to 15.
    pub min_length: u32,
    /// Maximum length, 3 to 30.
    pub max_length: u32,
    /// No digit repeated more than N times in a row (1 to 6).
    pub max_repeated_digits: Option<u32>,
    /// No block of two or more digits immediately repeated (1212, 123123).
    pub forbid_repeated_patterns: bool,
    /// No ascending run longer than N digits, such as 1234 (2 to 5).
    pub max_ascending: Option<u32>,
    /// No descending run longer than N digits, such as 4321 (2 to 5).
    pub max_descending: Option<u32>,
    /// Not the user's phone number (digits compared).
    pub forbid_phone: bool,
    /// Not the user's phone number reversed.
    pub forbid_phone_reversed: bool,
    /// Not the user's extension.
    pub forbid_extension: bool,
    /// Not the user's extension reversed.
    pub forbid_extension_reversed: bool,
    /// Not the old passcode, or the old passcode reversed.
    pub forbid_old: bool,
    /// Not one of the last N passcodes (1 to 10).
    pub history: Option<u32>,
    /// Expires after N days (15 to 180).
    pub expires_after_days: Option<u32>,
    /// Locks the voice portal after N failed logins (2 to 10).
    pub lockout_after: Option<u32>,
}

impl Default for PasscodeRules {
    /// The widest rules the portal accepts: 2 to 30 digits, nothing else.
    fn default() -> Self {
        PasscodeRules {
            min_length: 2,
            max_length: 30,
            max_repeated_digits: None,
            forbid_repeated_patterns: false,
            max_ascending: None,
            max_descending: None,
            forbid_phone: false,
            forbid_phone_reversed: false,
            forbid_extension: false,
            forbid_extension_reversed: false,
            forbid_old: false,
            history: None,
            expires_after_days: None,
            lockout_after: None,
        }
    }
}

/// A rule value outside the range the portal accepts.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {value} is out of range; the portal accepts {min} to {max}")]
pub struct RangeError {
    /// The rule's field name (without the `rules.web.` prefix).
    pub field: &'static str,
    /// The value given.
    pub value: u32,
    /// The smallest accepted value.
    pub min: u32,
    /// The largest accepted value.
    pub max: u32,
}

fn in_range(field: &'static str, value: Option<u32>, min: u32, max: u32) -> Result<(), RangeError> {
    match value {
        Some(value) if !(min..=max).contains(&value) => Err(RangeError { field, value, min, max }),
        _ => Ok(()),
    }
}

impl WebRules {
    /// Checks every value against the range the portal accepts.
    pub fn validate(&self) -> Result<(), RangeError> {
        in_range("min_length", self.min_length, 3, 40)?;
        in_range("min_digits", self.min_digits, 1, 10)?;
        in_range("min_upper", self.min_upper, 1, 10)?;
        in_range("min_lower", self.min_lower, 1, 10)?;
        in_range("min_letters", self.min_letters, 1, 10)?;
        in_range("min_non_alphanumeric", self.min_non_alphanumeric, 1, 10)?;
        in_range("history", self.history, 1, 10)?;
        in_range("expires_after_days", self.expires_after_days, 0, 199)?;
        in_range("lockout_after", self.lockout_after, 0, 10)
    }

    /// The effective lockout threshold, if any.
    pub fn lockout(&self) -> Option<u32> {
        self.lockout_after.filter(|n| *n > 0)
    }

    /// The effective expiry in days, if any.
    pub fn expiry_days(&self) -> Option<u32> {
        self.expires_after_days.filter(|n| *n > 0)
    }
}

impl PasscodeRules {
    /// Checks every value against the range the portal accepts, and that the
    /// minimum length does not exceed the maximum.
    pub fn validate(&self) -> Result<(), RangeError> {
        in_range("min_length", Some(self.min_length), 2, 15)?;
        in_range("max_length", Some(self.max_length), 3, 30)?;
        in_range("max_repeated_digits", self.max_repeated_digits, 1, 6)?;
        in_range("max_ascending", self.max_ascending, 2, 5)?;
        in_range("max_descending", self.max_descending, 2, 5)?;
        in_range("history", self.history, 1, 10)?;
        in_range("expires_after_days", self.expires_after_days, 15, 180)?;
        in_range("lockout_after", self.lockout_after, 2, 10)?;
        // Reported against max_length: it is the value that must grow.
        in_range("max_length", Some(self.max_length), self.min_length, 30)
    }
}

/// Which secret a form sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Secret {
    /// The web access password.
    Web,
    /// The numeric portal passcode.
    Passcode,
}

/// One reason a new secret was refused. Each is shown as its own message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Violation {
    /// Nothing was chosen with the radios.
    NoChoice,
    /// The new secret is empty.
    Missing,
    /// The re-typed entry differs from the first.
    Mismatch,
    /// The current password given on a self-service change is wrong.
    WrongCurrent,
    /// Shorter than the minimum length.
    TooShort(u32),
    /// Longer than the portal stores (or than a server-only cap).
    TooLong(u32),
    /// Too few digits.
    MinDigits(u32),
    /// Too few uppercase letters.
    MinUpper(u32),
    /// Too few lowercase letters.
    MinLower(u32),
    /// Too few letters.
    MinLetters(u32),
    /// Too few non-alphanumeric characters.
    MinNonAlphanumeric(u32),
    /// Contains the user ID.
    ContainsUserId,
    /// Equals the old secret.
    SameAsOld,
    /// Equals the old secret reversed.
    OldReversed,
    /// Equals one of the last N secrets.
    Reused(u32),
    /// More than N identical characters in a row (server-only rule).
    IdenticalRun(u32),
    /// A passcode with something other than digits.
    NotDigits,
    /// A passcode outside the length range.
    PasscodeLength {
        /// Minimum digits.
        min: u32,
        /// Maximum digits.
        max: u32,
    },
    /// A digit repeated more than N times in a row.
    RepeatedDigits(u32),
    /// A block of digits immediately repeated.
    RepeatedPattern,
    /// An ascending run longer than N.
    Ascending(u32),
    /// A descending run longer than N.
    Descending(u32),
    /// Equals the phone number.
    PhoneNumber,
    /// Equals the phone number reversed.
    PhoneNumberReversed,
    /// Equals the extension.
    Extension,
    /// Equals the extension reversed.
    ExtensionReversed,
}

impl Violation {
    /// A stable code for the test API (`last_error_codes`).
    pub fn code(&self) -> &'static str {
        match self {
            Violation::NoChoice => "no_choice",
            Violation::Missing => "missing",
            Violation::Mismatch => "mismatch",
            Violation::WrongCurrent => "wrong_current",
            Violation::TooShort(_) => "min_length",
            Violation::TooLong(_) => "max_length",
            Violation::MinDigits(_) => "min_digits",
            Violation::MinUpper(_) => "min_upper",
            Violation::MinLower(_) => "min_lower",
            Violation::MinLetters(_) => "min_letters",
            Violation::MinNonAlphanumeric(_) => "min_non_alphanumeric",
            Violation::ContainsUserId => "forbid_user_id",
            Violation::SameAsOld => "forbid_old",
            Violation::OldReversed => "forbid_old_reversed",
            Violation::Reused(_) => "history",
            Violation::IdenticalRun(_) => "max_identical_run",
            Violation::NotDigits => "digits_only",
            Violation::PasscodeLength { .. } => "passcode_length",
            Violation::RepeatedDigits(_) => "max_repeated_digits",
            Violation::RepeatedPattern => "forbid_repeated_patterns",
            Violation::Ascending(_) => "max_ascending",
            Violation::Descending(_) => "max_descending",
            Violation::PhoneNumber => "forbid_phone",
            Violation::PhoneNumberReversed => "forbid_phone_reversed",
            Violation::Extension => "forbid_extension",
            Violation::ExtensionReversed => "forbid_extension_reversed",
        }
    }
}

/// What the server knows about the user whose secret is being set.
#[derive(Clone, Copy, Debug)]
pub struct UserFacts<'a> {
    /// The user ID, e.g. `jsmith@acme.example.com`.
    pub user_id: &'a str,
    /// The phone number as stored (any formatting; digits are compared).
    pub phone_number: &'a str,
    /// The extension.
    pub extension: &'a str,
}

fn reversed(s: &str) -> String {
    s.chars().rev().collect()
}

/// The digits of `s`, in order.
pub fn digits_of(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// A "at least N of a class" rule: its value, the class, the violation.
type Minimum = (Option<u32>, fn(&char) -> bool, fn(u32) -> Violation);

/// Checks a new web access password. `history` holds the stored passwords,
/// most recent (the current one) first; the server enforces the old-password
/// and reuse rules against it even on an admin reset, where no old password
/// is typed.
pub fn check_web(
    rules: &WebRules,
    server_rule: Option<&ServerRule>,
    password: &str,
    user: UserFacts<'_>,
    history: &[String],
) -> Vec<Violation> {
    let mut out = Vec::new();
    if password.is_empty() {
        out.push(Violation::Missing);
        return out;
    }
    let len = password.chars().count() as u32;
    let count = |f: fn(&char) -> bool| password.chars().filter(f).count() as u32;
    if rules.min_length.is_some_and(|min| len < min) {
        out.push(Violation::TooShort(rules.min_length.unwrap_or(0)));
    }
    if len as usize > PORTAL_MAX_LENGTH {
        out.push(Violation::TooLong(PORTAL_MAX_LENGTH as u32));
    }
    let minimums: [Minimum; 5] = [
        (rules.min_digits, char::is_ascii_digit, Violation::MinDigits),
        (rules.min_upper, |c| c.is_uppercase(), Violation::MinUpper),
        (rules.min_lower, |c| c.is_lowercase(), Violation::MinLower),
        (rules.min_letters, |c| c.is_alphabetic(), Violation::MinLetters),
        (rules.min_non_alphanumeric, |c| !c.is_alphanumeric(), Violation::MinNonAlphanumeric),
    ];
    for (min, class, violation) in minimums {
        if let Some(min) = min.filter(|min| count(class) < *min) {
            out.push(violation(min));
        }
    }
    if rules.forbid_user_id && contains_user_id(password, user.user_id) {
        out.push(Violation::ContainsUserId);
    }
    check_history(&mut out, rules.forbid_old, rules.history, password, history);
    if let Some(rule) = server_rule.filter(|r| r.applies_to != ServerRuleTarget::Passcode) {
        check_server_rule(&mut out, rule, password, true);
    }
    out
}

fn contains_user_id(password: &str, user_id: &str) -> bool {
    let lower = password.to_lowercase();
    let id = user_id.to_lowercase();
    let local = id.split('@').next().unwrap_or("");
    (!id.is_empty() && lower.contains(&id)) || (!local.is_empty() && lower.contains(local))
}

fn check_history(
    out: &mut Vec<Violation>,
    forbid_old: bool,
    last_n: Option<u32>,
    secret: &str,
    history: &[String],
) {
    match history.first() {
        Some(old) if forbid_old && secret == old => out.push(Violation::SameAsOld),
        Some(old) if forbid_old && secret == reversed(old) => out.push(Violation::OldReversed),
        _ => {}
    }
    if let Some(n) = last_n {
        let already = out.contains(&Violation::SameAsOld);
        if !already && history.iter().take(n as usize).any(|h| h == secret) {
            out.push(Violation::Reused(n));
        }
    }
}

fn check_server_rule(out: &mut Vec<Violation>, rule: &ServerRule, secret: &str, web: bool) {
    let already_too_long = out.iter().any(|v| matches!(v, Violation::TooLong(_)));
    if let Some(max) = rule.max_length.filter(|max| secret.chars().count() > *max as usize) {
        if !already_too_long {
            out.push(Violation::TooLong(max));
        }
    }
    if let Some(max) = rule.max_identical_run.filter(|max| longest_identical_run(secret) > *max as usize) {
        out.push(Violation::IdenticalRun(max));
    }
    // A special character can never be part of a passcode, so the rule is
    // only meaningful for web passwords.
    let specials = secret.chars().filter(|c| !c.is_alphanumeric()).count() as u32;
    if let Some(min) = rule.min_special.filter(|min| web && specials < *min) {
        if !out.contains(&Violation::MinNonAlphanumeric(min)) {
            out.push(Violation::MinNonAlphanumeric(min));
        }
    }
}

/// The length of the longest run of one repeated character.
pub fn longest_identical_run(s: &str) -> usize {
    let mut best = 0;
    let mut run = 0;
    let mut prev = None;
    for c in s.chars() {
        run = if Some(c) == prev { run + 1 } else { 1 };
        prev = Some(c);
        best = best.max(run);
    }
    best
}

/// The length of the longest run where each digit is the previous plus
/// `step` (1 for ascending, -1 for descending).
pub fn longest_step_run(digits: &[u8], step: i16) -> usize {
    let mut best = usize::from(!digits.is_empty());
    let mut run = 1;
    for pair in digits.windows(2) {
        run = if i16::from(pair[1]) - i16::from(pair[0]) == step { run + 1 } else { 1 };
        best = best.max(run);
    }
    best
}

/// Whether some block of two or more characters is immediately repeated.
pub fn has_repeated_pattern(s: &[u8]) -> bool {
    (2..=s.len() / 2).any(|k| (0..=s.len() - 2 * k).any(|i| s[i..i + k] == s[i + k..i + 2 * k]))
}

/// Checks a new portal passcode. `history` holds the stored passcodes, most
/// recent (the current one) first.
pub fn check_passcode(
    rules: &PasscodeRules,
    server_rule: Option<&ServerRule>,
    passcode: &str,
    user: UserFacts<'_>,
    history: &[String],
) -> Vec<Violation> {
    let mut out = Vec::new();
    if passcode.is_empty() {
        out.push(Violation::Missing);
        return out;
    }
    let all_digits = passcode.chars().all(|c| c.is_ascii_digit());
    if !all_digits {
        out.push(Violation::NotDigits);
    }
    let len = passcode.chars().count() as u32;
    if len < rules.min_length || len > rules.max_length {
        out.push(Violation::PasscodeLength { min: rules.min_length, max: rules.max_length });
    }
    if all_digits {
        let digits: Vec<u8> = passcode.bytes().map(|b| b - b'0').collect();
        let repeated = longest_identical_run(passcode);
        if let Some(n) = rules.max_repeated_digits.filter(|n| repeated > *n as usize) {
            out.push(Violation::RepeatedDigits(n));
        }
        if rules.forbid_repeated_patterns && has_repeated_pattern(passcode.as_bytes()) {
            out.push(Violation::RepeatedPattern);
        }
        let ascending = longest_step_run(&digits, 1);
        if let Some(n) = rules.max_ascending.filter(|n| ascending > *n as usize) {
            out.push(Violation::Ascending(n));
        }
        let descending = longest_step_run(&digits, -1);
        if let Some(n) = rules.max_descending.filter(|n| descending > *n as usize) {
            out.push(Violation::Descending(n));
        }
        let phone = digits_of(user.phone_number);
        let ext = digits_of(user.extension);
        let number_checks = [
            (rules.forbid_phone, &phone, false, Violation::PhoneNumber),
            (rules.forbid_phone_reversed, &phone, true, Violation::PhoneNumberReversed),
            (rules.forbid_extension, &ext, false, Violation::Extension),
            (rules.forbid_extension_reversed, &ext, true, Violation::ExtensionReversed),
        ];
        for (on, number, reverse, violation) in number_checks {
            let target = if reverse { reversed(number) } else { number.clone() };
            if on && !number.is_empty() && passcode == target {
                out.push(violation);
            }
        }
    }
    check_history(&mut out, rules.forbid_old, rules.history, passcode, history);
    if let Some(rule) = server_rule.filter(|r| r.applies_to != ServerRuleTarget::Web) {
        check_server_rule(&mut out, rule, passcode, false);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const USER: UserFacts<'static> =
        UserFacts { user_id: "jsmith@acme.example.com", phone_number: "212-555-0101", extension: "0101" };

    fn codes(v: &[Violation]) -> Vec<&'static str> {
        v.iter().map(Violation::code).collect()
    }

    #[test]
    fn run_helpers_measure_runs() {
        assert_eq!(longest_identical_run("abbbcc"), 3);
        assert_eq!(longest_identical_run(""), 0);
        assert_eq!(longest_step_run(&[1, 2, 3, 4, 9], 1), 4);
        assert_eq!(longest_step_run(&[9, 8, 7, 1], -1), 3);
        assert_eq!(longest_step_run(&[5], 1), 1);
        assert!(has_repeated_pattern(b"51212"));
        assert!(has_repeated_pattern(b"123123"));
        assert!(!has_repeated_pattern(b"1123"));
        assert!(!has_repeated_pattern(b"12312"));
    }

    #[test]
    fn web_user_id_matches_local_part_case_insensitively() {
        let rules = WebRules { forbid_user_id: true, ..Default::default() };
        let v = check_web(&rules, None, "xxJSMITH99", USER, &[]);
        assert_eq!(codes(&v), ["forbid_user_id"]);
        assert!(check_web(&rules, None, "jsmit99", USER, &[]).is_empty());
    }

    #[test]
    fn passcode_history_reports_reuse_beyond_the_current() {
        let rules = PasscodeRules { forbid_old: true, history: Some(3), ..Default::default() };
        let hist = ["4826".to_string(), "9371".to_string(), "5830".to_string()];
        assert_eq!(codes(&check_passcode(&rules, None, "4826", USER, &hist)), ["forbid_old"]);
        assert_eq!(codes(&check_passcode(&rules, None, "6284", USER, &hist)), ["forbid_old_reversed"]);
        assert_eq!(codes(&check_passcode(&rules, None, "5830", USER, &hist)), ["history"]);
        assert!(check_passcode(&rules, None, "7395", USER, &hist).is_empty());
    }

    #[test]
    fn range_validation_names_the_field() {
        let bad = WebRules { min_length: Some(2), ..Default::default() };
        assert_eq!(bad.validate().unwrap_err().field, "min_length");
        let bad = PasscodeRules { min_length: 10, max_length: 8, ..Default::default() };
        assert_eq!(bad.validate().unwrap_err().field, "max_length");
    }
}
