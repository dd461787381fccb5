//! The portal's own rule sets, shaped like BroadWorks' provisioning API
//! (`PasswordRulesGetRequest`, `PortalPasscodeRulesGetRequest`), with the
//! value ranges the portal accepts.

use serde::{Deserialize, Serialize};

use super::PolicyError;

/// The longest password the portal stores.
pub const PORTAL_MAX_LENGTH: usize = 60;

/// Web access password rules.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WebRules {
    /// Minimum length, 3 to 40; `None` leaves only the portal's floor of 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u8>,
    /// At least this many digits (1 to 10).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_digits: Option<u8>,
    /// At least this many uppercase letters (1 to 10).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_upper: Option<u8>,
    /// At least this many lowercase letters (1 to 10).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_lower: Option<u8>,
    /// At least this many non-alphanumeric characters (1 to 10).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_non_alphanumeric: Option<u8>,
    /// May not contain the user ID.
    pub forbid_user_id: bool,
    /// May not be the old password, or the old password reversed.
    pub forbid_old: bool,
    /// May not reuse the last N passwords (1 to 10).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history: Option<u8>,
    /// Expires after N days (0 to 199). Informational: shown, not checked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_after_days: Option<u8>,
    /// Locks after N failed logins (0 to 10). Informational.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lockout_after: Option<u8>,
    /// The user must change the password after an admin reset. Informational.
    pub force_change_after_reset: bool,
}

/// Portal passcode rules (Hoteling, voice portal).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PasscodeRules {
    /// Minimum length, 2 to 15.
    pub min_length: u8,
    /// Maximum length, 3 to 30.
    pub max_length: u8,
    /// No digit repeated more than N times in a row (1 to 6).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_repeated_digits: Option<u8>,
    /// No repeated patterns such as 1212 or 123123.
    pub forbid_repeated_patterns: bool,
    /// No ascending run longer than N, such as 1234 (2 to 5).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_ascending: Option<u8>,
    /// No descending run longer than N, such as 4321 (2 to 5).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_descending: Option<u8>,
    /// Not the user's phone number.
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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history: Option<u8>,
    /// Expires after N days (15 to 180). Informational.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_after_days: Option<u8>,
    /// Locks after N failed logins (2 to 10). Informational.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lockout_after: Option<u8>,
}

impl Default for PasscodeRules {
    /// The widest passcode rules the portal accepts: 2 to 30 digits, nothing else.
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

fn in_range(field: &'static str, value: Option<u8>, min: u8, max: u8) -> Result<(), PolicyError> {
    match value {
        Some(v) if !(min..=max).contains(&v) => {
            Err(PolicyError::OutOfRange { field, value: v.into(), min: min.into(), max: max.into() })
        }
        _ => Ok(()),
    }
}

impl WebRules {
    /// Checks every value against the range the portal accepts.
    pub fn validate(&self) -> Result<(), PolicyError> {
        in_range("min_length", self.min_length, 3, 40)?;
        in_range("min_digits", self.min_digits, 1, 10)?;
        in_range("min_upper", self.min_upper, 1, 10)?;
        in_range("min_lower", self.min_lower, 1, 10)?;
        in_range("min_non_alphanumeric", self.min_non_alphanumeric, 1, 10)?;
        in_range("history", self.history, 1, 10)?;
        in_range("expires_after_days", self.expires_after_days, 0, 199)?;
        in_range("lockout_after", self.lockout_after, 0, 10)
    }
}

impl PasscodeRules {
    /// Checks every value against the range the portal accepts, and that the
    /// minimum length does not exceed the maximum.
    pub fn validate(&self) -> Result<(), PolicyError> {
        in_range("min_length", Some(self.min_length), 2, 15)?;
        in_range("max_length", Some(self.max_length), 3, 30)?;
        in_range("max_repeated_digits", self.max_repeated_digits, 1, 6)?;
        in_range("max_ascending", self.max_ascending, 2, 5)?;
        in_range("max_descending", self.max_descending, 2, 5)?;
        in_range("history", self.history, 1, 10)?;
        in_range("expires_after_days", self.expires_after_days, 15, 180)?;
        in_range("lockout_after", self.lockout_after, 2, 10)?;
        if self.min_length > self.max_length {
            return Err(PolicyError::LengthRange {
                min: self.min_length.into(),
                max: self.max_length.into(),
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_ranges_are_enforced_at_both_ends() {
        let ok = |r: WebRules| r.validate().is_ok();
        assert!(ok(WebRules { min_length: Some(3), ..Default::default() }));
        assert!(ok(WebRules { min_length: Some(40), ..Default::default() }));
        assert!(!ok(WebRules { min_length: Some(2), ..Default::default() }));
        assert!(!ok(WebRules { min_length: Some(41), ..Default::default() }));
        assert!(!ok(WebRules { min_digits: Some(0), ..Default::default() }));
        assert!(!ok(WebRules { min_upper: Some(11), ..Default::default() }));
        assert!(ok(WebRules { history: Some(10), ..Default::default() }));
        assert!(!ok(WebRules { history: Some(11), ..Default::default() }));
        assert!(!ok(WebRules { expires_after_days: Some(200), ..Default::default() }));
    }

    #[test]
    fn passcode_ranges_and_order_are_enforced() {
        let base = PasscodeRules::default();
        assert!(base.validate().is_ok());
        let bad = PasscodeRules { min_length: 1, ..base.clone() };
        assert_eq!(bad.validate().unwrap_err().to_string(), "min_length is 1; the portal accepts 2 to 15");
        let bad = PasscodeRules { max_ascending: Some(1), ..base.clone() };
        assert!(bad.validate().is_err());
        let bad = PasscodeRules { min_length: 10, max_length: 8, ..base };
        assert!(matches!(bad.validate(), Err(PolicyError::LengthRange { .. })));
    }

    #[test]
    fn unknown_fields_are_rejected() {
        let err = serde_json::from_str::<WebRules>(r#"{"min_lenght": 8}"#).unwrap_err();
        assert!(err.to_string().contains("min_lenght"));
    }
}
