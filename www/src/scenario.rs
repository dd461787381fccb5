//! Scenarios: the tenant (group, users, devices), its rules, skin and faults,
//! read from TOML. See `www/README.md` for the format.

use std::collections::HashSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::faults::Faults;
use crate::rules::{PasscodeRules, WebRules};
use crate::skin::Skin;
use crate::variants::Variants;

/// The built-in scenarios: name and TOML text.
const BUILTINS: &[(&str, &str)] = &[
    ("demo", include_str!("../scenarios/demo.toml")),
    ("legacy", include_str!("../scenarios/legacy.toml")),
    ("reskin", include_str!("../scenarios/reskin.toml")),
    ("francais", include_str!("../scenarios/francais.toml")),
    ("modern", include_str!("../scenarios/modern.toml")),
    ("bell", include_str!("../scenarios/bell.toml")),
    ("sinch", include_str!("../scenarios/sinch.toml")),
    ("bt", include_str!("../scenarios/bt.toml")),
    ("faulty", include_str!("../scenarios/faulty.toml")),
    ("deutsch", include_str!("../scenarios/deutsch.toml")),
    ("espanol", include_str!("../scenarios/espanol.toml")),
    ("printed", include_str!("../scenarios/printed.toml")),
];

/// A whole simulated tenant, ready to serve.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Scenario {
    /// Short name (the built-in name, or the file's `name`).
    pub name: String,
    /// One line about what the scenario is for.
    pub description: String,
    /// The markup the pages use.
    pub skin: Skin,
    /// The group administrator's credentials.
    pub admin: Admin,
    /// The group the admin manages.
    pub group: Group,
    /// Rules in force.
    pub rules: Rules,
    /// Faults active from the start.
    pub faults: Faults,
    /// Portal variants switched on (default: none).
    pub variants: Variants,
    /// Identity/device profiles.
    pub devices: Vec<Device>,
    /// Users, in the order the users list shows them.
    pub users: Vec<User>,
}

/// The group administrator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Admin {
    /// Login ID.
    pub user_id: String,
    /// Login password (printed at start on purpose: it is demo data).
    pub password: String,
}

/// The group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// Group ID.
    pub id: String,
    /// Display name.
    pub name: String,
    /// SIP domain, used for line/ports.
    pub domain: String,
    /// The service provider (enterprise) above the group.
    #[serde(default)]
    pub service_provider: String,
}

/// Rules for both secrets.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Rules {
    /// Web access password rules.
    pub web: WebRules,
    /// Portal passcode rules.
    pub passcode: PasscodeRules,
}

/// An identity/device profile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Device {
    /// Profile name (unique in the group).
    pub name: String,
    /// Device type, e.g. "Polycom VVX 450".
    #[serde(rename = "type")]
    pub device_type: String,
    /// MAC address, 12 hex digits.
    #[serde(default)]
    pub mac: Option<String>,
}

/// A user of the group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct User {
    /// User ID, usually `name@domain`.
    pub user_id: String,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Phone number (digits; `+`, `-`, spaces, parentheses allowed).
    pub phone_number: String,
    /// Extension (digits).
    pub extension: String,
    /// Department.
    #[serde(default)]
    pub department: Option<String>,
    /// E-mail address.
    #[serde(default)]
    pub email: Option<String>,
    /// Current web access password (need not satisfy the rules).
    pub password: String,
    /// Current portal passcode, if one is set.
    #[serde(default)]
    pub passcode: Option<String>,
    /// Name of the user's identity/device profile.
    #[serde(default)]
    pub device: Option<String>,
    /// How many days ago the web password was set (for expiry).
    #[serde(default)]
    pub password_age_days: u32,
    /// Whether the user starts locked out.
    #[serde(default)]
    pub locked: bool,
}

impl User {
    /// The line/port shown on the Addresses page: `phone@domain`.
    pub fn line_port(&self, domain: &str) -> String {
        format!("{}@{}", crate::rules::digits_of(&self.phone_number), domain)
    }

    /// "First Last".
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

/// Why a scenario cannot be used. The message names the field.
#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    /// No built-in scenario has that name, and it is not a readable file.
    #[error("unknown scenario {0:?}; the built-in scenarios are {list}", list = builtin_names().join(", "))]
    Unknown(String),
    /// The file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The TOML did not parse or a field has the wrong type.
    #[error("{origin}: {message}")]
    Parse {
        /// Where the text came from.
        origin: String,
        /// The parser's message (names the key and line).
        message: String,
    },
    /// A value is out of range or inconsistent.
    #[error("{origin}: {field}: {message}")]
    Invalid {
        /// Where the text came from.
        origin: String,
        /// The field, e.g. `users[3].extension`.
        field: String,
        /// What is wrong.
        message: String,
    },
}

/// The names of the built-in scenarios.
pub fn builtin_names() -> Vec<&'static str> {
    BUILTINS.iter().map(|(n, _)| *n).collect()
}

/// The file as written: everything but `base` may come from the base.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScenarioFile {
    base: Option<String>,
    name: Option<String>,
    description: Option<String>,
    skin: Option<Skin>,
    admin: Option<Admin>,
    group: Option<Group>,
    rules: Option<PartialRules>,
    faults: Option<Faults>,
    variants: Option<Variants>,
    devices: Option<Vec<Device>>,
    users: Option<Vec<User>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PartialRules {
    web: Option<WebRules>,
    passcode: Option<PasscodeRules>,
}

impl Scenario {
    /// A built-in scenario by name (`demo`, `legacy`, `reskin`, `francais`,
    /// `modern`, `bell`, `sinch`, `bt`, `faulty`, `deutsch`, `espanol`, ...).
    pub fn builtin(name: &str) -> Result<Scenario, ScenarioError> {
        Self::builtin_at_depth(name, 0)
    }

    fn builtin_at_depth(name: &str, depth: usize) -> Result<Scenario, ScenarioError> {
        let (name, text) = BUILTINS
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .ok_or_else(|| ScenarioError::Unknown(name.to_owned()))?;
        Self::parse_at_depth(text, &format!("built-in scenario {name}"), Some(name), depth)
    }

    /// Reads a scenario from a TOML file.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Scenario, ScenarioError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path)
            .map_err(|source| ScenarioError::Io { path: path.display().to_string(), source })?;
        let stem = path.file_stem().and_then(|s| s.to_str());
        Self::parse_at_depth(&text, &path.display().to_string(), stem, 0)
    }

    /// Parses scenario TOML; `origin` names the source in error messages.
    pub fn from_toml(text: &str, origin: &str) -> Result<Scenario, ScenarioError> {
        Self::parse_at_depth(text, origin, None, 0)
    }

    /// A built-in name, or else a path to a TOML file.
    pub fn load(name_or_path: &str) -> Result<Scenario, ScenarioError> {
        let is_builtin = BUILTINS.iter().any(|(n, _)| n.eq_ignore_ascii_case(name_or_path));
        if is_builtin {
            Self::builtin(name_or_path)
        } else if Path::new(name_or_path).exists() {
            Self::from_file(name_or_path)
        } else {
            Err(ScenarioError::Unknown(name_or_path.to_owned()))
        }
    }

    fn parse_at_depth(
        text: &str,
        origin: &str,
        default_name: Option<&str>,
        depth: usize,
    ) -> Result<Scenario, ScenarioError> {
        let file: ScenarioFile = toml::from_str(text).map_err(|e| ScenarioError::Parse {
            origin: origin.to_owned(),
            message: e.to_string().trim_end().to_owned(),
        })?;
        let invalid = |field: &str, message: String| ScenarioError::Invalid {
            origin: origin.to_owned(),
            field: field.to_owned(),
            message,
        };
        let base = match &file.base {
            Some(_) if depth > 4 => {
                return Err(invalid("base", "bases nest too deeply".into()));
            }
            Some(base) => Some(Self::builtin_at_depth(base, depth + 1).map_err(|e| match e {
                ScenarioError::Unknown(_) => invalid(
                    "base",
                    format!(
                        "unknown built-in scenario {base:?}; expected one of {}",
                        builtin_names().join(", ")
                    ),
                ),
                other => other,
            })?),
            None => None,
        };
        let missing = |field: &str| invalid(field, "missing (and no base scenario gives it)".into());
        let rules = match (file.rules, &base) {
            (Some(r), base) => Rules {
                web: r.web.or_else(|| base.as_ref().map(|b| b.rules.web.clone())).unwrap_or_default(),
                passcode: r
                    .passcode
                    .or_else(|| base.as_ref().map(|b| b.rules.passcode.clone()))
                    .unwrap_or_default(),
            },
            (None, Some(b)) => b.rules.clone(),
            (None, None) => Rules::default(),
        };
        let scenario = Scenario {
            name: file
                .name
                .or_else(|| default_name.map(str::to_owned))
                .or_else(|| base.as_ref().map(|b| b.name.clone()))
                .unwrap_or_else(|| "custom".into()),
            description: file
                .description
                .or_else(|| base.as_ref().map(|b| b.description.clone()))
                .unwrap_or_default(),
            skin: file.skin.or(base.as_ref().map(|b| b.skin)).unwrap_or_default(),
            admin: file
                .admin
                .or_else(|| base.as_ref().map(|b| b.admin.clone()))
                .ok_or_else(|| missing("admin"))?,
            group: file
                .group
                .or_else(|| base.as_ref().map(|b| b.group.clone()))
                .ok_or_else(|| missing("group"))?,
            rules,
            faults: file.faults.or_else(|| base.as_ref().map(|b| b.faults.clone())).unwrap_or_default(),
            variants: file.variants.or_else(|| base.as_ref().map(|b| b.variants.clone())).unwrap_or_default(),
            devices: file.devices.or_else(|| base.as_ref().map(|b| b.devices.clone())).unwrap_or_default(),
            users: file
                .users
                .or_else(|| base.as_ref().map(|b| b.users.clone()))
                .ok_or_else(|| missing("users"))?,
        };
        scenario.validate().map_err(|(field, message)| invalid(&field, message))?;
        Ok(scenario)
    }

    /// Checks values and references; the error is (field, message).
    fn validate(&self) -> Result<(), (String, String)> {
        let err = |field: String, message: &str| Err((field, message.to_owned()));
        if self.admin.user_id.trim().is_empty() {
            return err("admin.user_id".into(), "must not be empty");
        }
        if self.admin.password.is_empty() {
            return err("admin.password".into(), "must not be empty");
        }
        for (field, value) in [
            ("group.id", &self.group.id),
            ("group.name", &self.group.name),
            ("group.domain", &self.group.domain),
        ] {
            if value.trim().is_empty() {
                return err(field.into(), "must not be empty");
            }
        }
        self.rules.web.validate().map_err(|e| (format!("rules.web.{}", e.field), range_message(&e)))?;
        self.rules
            .passcode
            .validate()
            .map_err(|e| (format!("rules.passcode.{}", e.field), range_message(&e)))?;
        self.faults.validate().map_err(|m| {
            let (field, message) = m.split_once(": ").unwrap_or(("", &m));
            (format!("faults.{field}"), message.to_owned())
        })?;
        self.variants.validate().map_err(|m| {
            let (field, message) = m.split_once(": ").unwrap_or(("", &m));
            (format!("variants.{field}"), message.to_owned())
        })?;

        let mut device_names = HashSet::new();
        for (i, d) in self.devices.iter().enumerate() {
            let f = |name: &str| format!("devices[{i}].{name}");
            if d.name.trim().is_empty() {
                return err(f("name"), "must not be empty");
            }
            if !device_names.insert(d.name.to_lowercase()) {
                return err(f("name"), &format!("duplicate device name {:?}", d.name));
            }
            if d.device_type.trim().is_empty() {
                return err(f("type"), "must not be empty");
            }
            if let Some(mac) = &d.mac {
                if mac.len() != 12 || !mac.chars().all(|c| c.is_ascii_hexdigit()) {
                    return err(f("mac"), "expected 12 hex digits");
                }
            }
        }

        if self.users.is_empty() {
            return err("users".into(), "at least one user is needed");
        }
        let mut ids = HashSet::new();
        let mut extensions = HashSet::new();
        let mut phones = HashSet::new();
        for (i, u) in self.users.iter().enumerate() {
            let f = |name: &str| format!("users[{i}].{name}");
            if u.user_id.is_empty() || u.user_id.chars().any(|c| c.is_whitespace() || c == '/') {
                return err(f("user_id"), "expected a non-empty ID without spaces or '/'");
            }
            if !ids.insert(u.user_id.to_lowercase()) {
                return err(f("user_id"), &format!("duplicate user ID {:?}", u.user_id));
            }
            if u.user_id.eq_ignore_ascii_case(&self.admin.user_id) {
                return err(f("user_id"), "same as the admin's user ID");
            }
            if u.first_name.trim().is_empty() {
                return err(f("first_name"), "must not be empty");
            }
            if u.last_name.trim().is_empty() {
                return err(f("last_name"), "must not be empty");
            }
            if u.extension.len() < 2
                || u.extension.len() > 10
                || !u.extension.chars().all(|c| c.is_ascii_digit())
            {
                return err(f("extension"), "expected digits (2 to 10)");
            }
            if !extensions.insert(u.extension.clone()) {
                return err(f("extension"), &format!("duplicate extension {}", u.extension));
            }
            let phone_ok = u.phone_number.chars().all(|c| c.is_ascii_digit() || "+-() ".contains(c));
            let phone_digits = crate::rules::digits_of(&u.phone_number);
            if !phone_ok || !(4..=15).contains(&phone_digits.len()) {
                return err(f("phone_number"), "expected a phone number of 4 to 15 digits");
            }
            if !phones.insert(phone_digits) {
                return err(f("phone_number"), "duplicate phone number");
            }
            let len = u.password.chars().count();
            if len == 0 || len > crate::rules::PORTAL_MAX_LENGTH {
                return err(f("password"), "expected 1 to 60 characters");
            }
            if let Some(code) = &u.passcode {
                if code.len() < 2 || code.len() > 30 || !code.chars().all(|c| c.is_ascii_digit()) {
                    return err(f("passcode"), "expected 2 to 30 digits");
                }
            }
            if let Some(device) = &u.device {
                if !device_names.contains(&device.to_lowercase()) {
                    return err(f("device"), &format!("no device named {device:?} in [[devices]]"));
                }
            }
        }
        Ok(())
    }

    /// The device named `name`, case-insensitively.
    pub fn device(&self, name: &str) -> Option<&Device> {
        self.devices.iter().find(|d| d.name.eq_ignore_ascii_case(name))
    }
}

fn range_message(e: &crate::rules::RangeError) -> String {
    format!("{} is out of range; the portal accepts {} to {}", e.value, e.min, e.max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_loads() {
        for name in builtin_names() {
            let s = Scenario::builtin(name).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(s.name, name);
        }
    }

    #[test]
    fn demo_has_25_users_with_devices_and_broadsmart_rules() {
        let s = Scenario::builtin("demo").unwrap();
        assert!(s.users.len() >= 25);
        assert!(s.users.iter().all(|u| u.device.is_some()));
        assert_eq!(s.skin, Skin::Classic);
        assert_eq!(s.rules.web.min_length, Some(8));
        assert_eq!(s.rules.web.min_digits, Some(1));
        assert_eq!(s.rules.web.min_letters, Some(1));
        assert_eq!((s.rules.passcode.min_length, s.rules.passcode.max_length), (4, 10));
        assert!(s.rules.passcode.forbid_extension);
    }
}
