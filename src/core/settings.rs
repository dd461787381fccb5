//! The extension's settings: a policy per portal origin and the admin's
//! preferences. Stored in `storage.local` (never a secret in them); an IT
//! department can deploy them through `storage.managed`.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::i18n::Lang;
use crate::policy::{PolicyError, PolicySpec, Source};
use crate::portal::map::PortalMap;
use crate::portal::snapshot::origin_of;

/// One portal and its policy. Written flat, as the managed-storage schema has
/// it: `{"origin": "...", "preset": "bell"}` (or `"rules"`, or `"spec"`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "PortalFields", into = "PortalFields")]
pub struct Portal {
    /// The origin, e.g. `https://portal.example.com`.
    pub origin: String,
    /// Its policy.
    pub policy: Source,
}

/// The flat form of [`Portal`]. Spelled out instead of `#[serde(flatten)]`,
/// which would pull serde's buffering into the wasm.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PortalFields {
    origin: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    preset: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    rules: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    spec: Option<PolicySpec>,
}

impl TryFrom<PortalFields> for Portal {
    type Error = String;
    fn try_from(f: PortalFields) -> Result<Portal, String> {
        let policy = match (f.preset, f.rules, f.spec) {
            (Some(name), None, None) => Source::Preset(name),
            (None, Some(text), None) => Source::Rules(text),
            (None, None, Some(spec)) => Source::Spec(spec),
            (None, None, None) => Source::default(),
            _ => return Err(format!("{}: give one of preset, rules or spec", f.origin)),
        };
        Ok(Portal { origin: f.origin, policy })
    }
}

impl From<Portal> for PortalFields {
    fn from(p: Portal) -> PortalFields {
        let (mut preset, mut rules, mut spec) = (None, None, None);
        match p.policy {
            Source::Preset(name) => preset = Some(name),
            Source::Rules(text) => rules = Some(text),
            Source::Spec(s) => spec = Some(s),
        }
        PortalFields { origin: p.origin, preset, rules, spec }
    }
}

/// Everything the options page sets (and, in `storage.managed`, what the IT
/// department deploys: there also the floor and the portal maps).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Portals with their policies.
    pub portals: Vec<Portal>,
    /// Seconds before a copied password is cleared from the clipboard (0: never).
    pub clipboard_clear_seconds: u32,
    /// Leave out 0 O o 1 l I.
    pub exclude_look_alikes: bool,
    /// Web password length; `None` for the default (16).
    pub default_length: Option<usize>,
    /// Offer "then rebuild the phone's files".
    pub offer_rebuild: bool,
    /// Speakable web passwords (words) by default, for these portals' origins.
    pub speakable: Vec<String>,
    /// The UI language; `None` for the browser's.
    pub language: Option<Lang>,
    /// Milliseconds between users of a bulk run.
    pub bulk_pause_ms: u32,
    /// The policy floor. Only the IT department's (managed) setting counts.
    pub floor: Option<Floor>,
    /// Portal maps. Only the IT department's (managed) setting is read here;
    /// the admin's own are stored apart.
    pub maps: Vec<PortalMap>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            portals: Vec::new(),
            clipboard_clear_seconds: 30,
            exclude_look_alikes: true,
            default_length: None,
            offer_rebuild: true,
            speakable: Vec::new(),
            language: None,
            bulk_pause_ms: 500,
            floor: None,
            maps: Vec::new(),
        }
    }
}

/// The preferences part of the settings, as the options page edits it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// Seconds before a copied password is cleared (0: never).
    pub clipboard_clear_seconds: u32,
    /// Leave out look-alikes.
    pub exclude_look_alikes: bool,
    /// Web password length.
    pub default_length: Option<usize>,
    /// Offer the rebuild.
    pub offer_rebuild: bool,
    /// The UI language.
    pub language: Option<Lang>,
    /// Milliseconds between users of a bulk run.
    pub bulk_pause_ms: u32,
}

impl Default for Prefs {
    fn default() -> Self {
        Settings::default().prefs()
    }
}

/// The least a generated secret must be, whatever a page, a learned rule or
/// an import says: the IT department can raise it (`storage.managed`), a page never can.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Floor {
    /// Web passwords: at least this many characters.
    pub web_min_length: u8,
    /// Web passwords: at least this much entropy.
    pub web_min_bits: u16,
    /// Passcodes: at least this many digits, unless the portal's own maximum is lower.
    pub passcode_min_length: u8,
}

impl Default for Floor {
    fn default() -> Self {
        Floor { web_min_length: 12, web_min_bits: 60, passcode_min_length: 6 }
    }
}

/// Where a pending policy came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PendingFrom {
    /// The portal's Password Rules page.
    RulesPage,
    /// The rules a rejection named.
    Suggestion,
}

/// A policy learned from a page that is weaker than the portal's current
/// one: kept aside until the admin confirms it in the options page (never
/// from a button inside a page).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pending {
    /// The portal.
    pub origin: String,
    /// The policy it would become.
    pub spec: PolicySpec,
    /// Where it came from.
    pub from: PendingFrom,
}

/// A setting that cannot be saved.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum SettingsError {
    /// Not an origin.
    #[error("{0:?} is not a portal address like https://portal.example.com")]
    Origin(String),
    /// Listed twice.
    #[error("{0} is listed twice")]
    Duplicate(String),
    /// The policy does not build.
    #[error("{origin}: {error}")]
    Policy {
        /// Which portal.
        origin: String,
        /// Why.
        error: PolicyError,
    },
    /// A portal map does not hold.
    #[error("portal map: {0}")]
    Map(String),
    /// Out of range.
    #[error("{field} must be between {min} and {max}")]
    Range {
        /// Which setting.
        field: &'static str,
        /// Smallest.
        min: usize,
        /// Largest.
        max: usize,
    },
}

/// The origin for what an admin typed: a URL or a bare origin, no path.
pub fn normalize_origin(input: &str) -> Result<String, SettingsError> {
    let trimmed = input.trim().trim_end_matches('/');
    let origin = origin_of(trimmed);
    let valid = (origin.starts_with("https://") || origin.starts_with("http://"))
        && origin.len() > "https://".len()
        && !origin.contains(char::is_whitespace)
        && !origin.contains(['*', '@']);
    if valid { Ok(origin.to_ascii_lowercase()) } else { Err(SettingsError::Origin(input.trim().to_owned())) }
}

impl Settings {
    /// The preferences.
    pub fn prefs(&self) -> Prefs {
        Prefs {
            clipboard_clear_seconds: self.clipboard_clear_seconds,
            exclude_look_alikes: self.exclude_look_alikes,
            default_length: self.default_length,
            offer_rebuild: self.offer_rebuild,
            language: self.language,
            bulk_pause_ms: self.bulk_pause_ms,
        }
    }

    /// Sets the preferences.
    pub fn set_prefs(&mut self, p: &Prefs) {
        self.clipboard_clear_seconds = p.clipboard_clear_seconds;
        self.exclude_look_alikes = p.exclude_look_alikes;
        self.default_length = p.default_length;
        self.offer_rebuild = p.offer_rebuild;
        self.language = p.language;
        self.bulk_pause_ms = p.bulk_pause_ms;
    }

    /// Whether speakable web passwords are chosen for `origin`.
    pub fn speakable_for(&self, origin: &str) -> bool {
        self.speakable.iter().any(|o| o.eq_ignore_ascii_case(origin))
    }

    /// The settings for `origin`, if configured.
    pub fn portal(&self, origin: &str) -> Option<&Portal> {
        self.portals.iter().find(|p| p.origin.eq_ignore_ascii_case(origin))
    }

    /// The policy source for `origin`: configured, or the default preset.
    pub fn source_for(&self, origin: &str) -> Source {
        self.portal(origin).map(|p| p.policy.clone()).unwrap_or_default()
    }

    /// The policy spec for `origin`.
    pub fn spec_for(&self, origin: &str) -> Result<PolicySpec, PolicyError> {
        self.source_for(origin).spec()
    }

    /// Checks everything; nothing invalid is ever saved.
    pub fn validate(&self) -> Result<(), SettingsError> {
        let mut seen = Vec::new();
        for portal in &self.portals {
            let origin = normalize_origin(&portal.origin)?;
            if seen.contains(&origin) {
                return Err(SettingsError::Duplicate(origin));
            }
            for kind in [crate::Kind::Web, crate::Kind::Passcode] {
                portal
                    .policy
                    .policy(kind)
                    .map_err(|error| SettingsError::Policy { origin: origin.clone(), error })?;
            }
            seen.push(origin);
        }
        if self.clipboard_clear_seconds > 600 {
            return Err(SettingsError::Range { field: "clipboard_clear_seconds", min: 0, max: 600 });
        }
        if self.default_length.is_some_and(|n| !(4..=60).contains(&n)) {
            return Err(SettingsError::Range { field: "default_length", min: 4, max: 60 });
        }
        if self.bulk_pause_ms > 60_000 {
            return Err(SettingsError::Range { field: "bulk_pause_ms", min: 0, max: 60_000 });
        }
        if let Some(f) = &self.floor {
            if !(4..=60).contains(&f.web_min_length)
                || f.web_min_bits > 256
                || !(2..=30).contains(&f.passcode_min_length)
            {
                return Err(SettingsError::Range { field: "floor", min: 0, max: 256 });
            }
        }
        for m in &self.maps {
            m.validate().map_err(|e| SettingsError::Map(e.to_string()))?;
        }
        Ok(())
    }

    /// Checks the preferences (not the portals): the ranges.
    pub fn prefs_valid(&self) -> Result<(), SettingsError> {
        Settings { portals: Vec::new(), ..self.clone() }.validate()
    }

    /// The problem with one portal's entry, if any (the others still work).
    pub fn portal_problem(&self, portal: &Portal) -> Option<SettingsError> {
        let origin = match normalize_origin(&portal.origin) {
            Ok(o) => o,
            Err(e) => return Some(e),
        };
        for kind in [crate::Kind::Web, crate::Kind::Passcode] {
            if let Err(error) = portal.policy.policy(kind) {
                return Some(SettingsError::Policy { origin, error });
            }
        }
        None
    }

    /// Applies what the IT department deployed: its portals replace the
    /// admin's for the same origin; its preferences win.
    pub fn with_managed(mut self, managed: &Settings) -> Settings {
        for portal in &managed.portals {
            self.portals.retain(|p| !p.origin.eq_ignore_ascii_case(&portal.origin));
            self.portals.push(portal.clone());
        }
        let defaults = Settings::default();
        if managed.clipboard_clear_seconds != defaults.clipboard_clear_seconds {
            self.clipboard_clear_seconds = managed.clipboard_clear_seconds;
        }
        if managed.exclude_look_alikes != defaults.exclude_look_alikes {
            self.exclude_look_alikes = managed.exclude_look_alikes;
        }
        if managed.default_length.is_some() {
            self.default_length = managed.default_length;
        }
        if managed.offer_rebuild != defaults.offer_rebuild {
            self.offer_rebuild = managed.offer_rebuild;
        }
        if managed.language.is_some() {
            self.language = managed.language;
        }
        if managed.bulk_pause_ms != defaults.bulk_pause_ms {
            self.bulk_pause_ms = managed.bulk_pause_ms;
        }
        for origin in &managed.speakable {
            if !self.speakable_for(origin) {
                self.speakable.push(origin.clone());
            }
        }
        // The floor and the maps are the IT department's alone.
        self.floor = managed.floor;
        self.maps = managed.maps.clone();
        self
    }

    /// The names of the preferences the IT department set.
    pub fn managed_prefs(managed: &Settings) -> Vec<&'static str> {
        let d = Settings::default();
        let mut out = Vec::new();
        if managed.clipboard_clear_seconds != d.clipboard_clear_seconds {
            out.push("clipboard_clear_seconds");
        }
        if managed.exclude_look_alikes != d.exclude_look_alikes {
            out.push("exclude_look_alikes");
        }
        if managed.default_length.is_some() {
            out.push("default_length");
        }
        if managed.offer_rebuild != d.offer_rebuild {
            out.push("offer_rebuild");
        }
        if managed.language.is_some() {
            out.push("language");
        }
        if managed.bulk_pause_ms != d.bulk_pause_ms {
            out.push("bulk_pause_ms");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_normalized_or_refused() {
        assert_eq!(
            normalize_origin(" https://Portal.Example.com/Group/x ").unwrap(),
            "https://portal.example.com"
        );
        assert_eq!(normalize_origin("http://127.0.0.1:8080").unwrap(), "http://127.0.0.1:8080");
        assert!(normalize_origin("portal.example.com").is_err());
        assert!(normalize_origin("https://*.example.com").is_err());
        assert!(normalize_origin("ftp://x").is_err());
    }

    #[test]
    fn portals_deserialize_in_the_managed_schema_shape() {
        let s: Settings = serde_json::from_str(
            r#"{"portals": [{"origin": "https://a.example", "preset": "bell"}, {"origin": "https://b.example", "rules": "minlength: 9"}]}"#,
        )
        .unwrap();
        assert_eq!(s.portals[0].policy, Source::Preset("bell".into()));
        assert_eq!(s.clipboard_clear_seconds, 30);
        assert!(s.validate().is_ok());
        assert_eq!(s.spec_for("https://b.example").unwrap().web_chars.unwrap().min_length, Some(9));
        assert_eq!(s.source_for("https://unknown.example"), Source::default());
    }

    #[test]
    fn invalid_settings_name_the_problem() {
        let s: Settings =
            serde_json::from_str(r#"{"portals": [{"origin": "https://a.example", "preset": "acme"}]}"#)
                .unwrap();
        assert!(s.validate().unwrap_err().to_string().starts_with("https://a.example: unknown preset"));
        let s = Settings { clipboard_clear_seconds: 9999, ..Settings::default() };
        assert!(s.validate().is_err());
    }

    #[test]
    fn managed_settings_win() {
        let mine: Settings =
            serde_json::from_str(r#"{"portals": [{"origin": "https://a.example", "preset": "bt"}]}"#)
                .unwrap();
        let it: Settings = serde_json::from_str(
            r#"{"portals": [{"origin": "https://a.example", "preset": "bell"}], "offer_rebuild": false}"#,
        )
        .unwrap();
        let merged = mine.with_managed(&it);
        assert_eq!(merged.portals.len(), 1);
        assert_eq!(merged.portals[0].policy, Source::Preset("bell".into()));
        assert!(!merged.offer_rebuild);
    }
}
