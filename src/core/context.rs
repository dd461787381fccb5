//! Who the secret is for: what the contextual rules compare against.

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

/// The user a password or passcode is set for. Every field is optional: a
/// rule whose field is unknown is reported as not checked, never as passed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Context {
    /// The portal user ID, e.g. `jsmith@example.com`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// First name, for display.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Last name, for display.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// The user's extension.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extension: Option<String>,
    /// The user's phone number, in any format.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Previous secrets of the kind being checked, most recent first. Only the
    /// checker reads them; an admin reset usually does not know them.
    #[serde(skip)]
    pub previous: Vec<Zeroizing<String>>,
}

impl Context {
    /// The user ID and, when it has a domain, its part before the `@`: a
    /// password containing either contains the user ID.
    pub fn user_id_forms(&self) -> Vec<&str> {
        let Some(id) = self.user_id.as_deref().map(str::trim).filter(|s| !s.is_empty()) else {
            return Vec::new();
        };
        let mut forms = vec![id];
        if let Some((local, _)) = id.split_once('@') {
            if !local.is_empty() {
                forms.push(local);
            }
        }
        forms
    }

    /// The phone number's digits, if it has any.
    pub fn phone_digits(&self) -> Option<String> {
        digits(self.phone.as_deref())
    }

    /// The extension's digits, if it has any.
    pub fn extension_digits(&self) -> Option<String> {
        digits(self.extension.as_deref())
    }
}

fn digits(s: Option<&str>) -> Option<String> {
    let d: String = s?.chars().filter(char::is_ascii_digit).collect();
    (!d.is_empty()).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_id_forms_include_the_local_part() {
        let ctx = Context { user_id: Some("jsmith@acme.example".into()), ..Default::default() };
        assert_eq!(ctx.user_id_forms(), vec!["jsmith@acme.example", "jsmith"]);
        let ctx = Context { user_id: Some("  ".into()), ..Default::default() };
        assert!(ctx.user_id_forms().is_empty());
    }

    #[test]
    fn numbers_are_compared_by_their_digits() {
        let ctx = Context {
            phone: Some("+1 (555) 010-0123".into()),
            extension: Some("x0123".into()),
            ..Default::default()
        };
        assert_eq!(ctx.phone_digits().as_deref(), Some("15550100123"));
        assert_eq!(ctx.extension_digits().as_deref(), Some("0123"));
        assert_eq!(Context::default().phone_digits(), None);
    }
}
