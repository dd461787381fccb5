//! "Learn from this portal": the rules in force, read from the portal's
//! Utilities > Password Rules page into a [`PolicySpec`].
//!
//! The page is a form of labelled checkboxes (a rule is on) and number inputs
//! (its value), in a web-password section and a passcode section. Each
//! control is read by the meaning of its label and the heading of its section.

use std::collections::BTreeMap;

use thiserror::Error;

use super::snapshot::{Field, FieldType, Snapshot};
use super::text::{has_any, normalize};
use crate::policy::{CharRules, PasscodeRules, PolicyError, PolicySpec, WebRules};

/// Why the page could not be learned from.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum LearnError {
    /// Nothing on the page reads as a password rule.
    #[error("this page shows no password rules (open Utilities > Password Rules)")]
    NoRules,
    /// The rules read make no valid policy.
    #[error("the rules on this page make no valid policy: {0}")]
    Invalid(#[from] PolicyError),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Rule {
    WebMinLength,
    MinDigits,
    MinUpper,
    MinLower,
    MinLetters,
    MinSpecial,
    UserId,
    WebOld,
    WebHistory,
    WebExpires,
    WebLockout,
    ForceChange,
    CodeMinLength,
    CodeMaxLength,
    Repeated,
    Patterns,
    Ascending,
    Descending,
    PhoneReversed,
    Phone,
    ExtensionReversed,
    Extension,
    CodeOld,
    CodeHistory,
    CodeExpires,
    CodeLockout,
}

const PASSCODE_SECTION: &[&str] = &[
    "passcode",
    "code d'acces",
    "voice portal",
    "portal passcode",
    "codigo de acceso",
    "zugangscode",
    "portal password",
];
const REVERSED: &[&str] = &["reversed", "a l'envers", "invertido", "al reves", "ruckwarts", "umgekehrt"];

fn web_rule(label: &str) -> Option<Rule> {
    let is = |phrases: &[&str]| has_any(label, phrases);
    Some(if is(&["minimum length", "longueur minimale", "longitud minima", "mindestlange"]) {
        Rule::WebMinLength
    } else if is(&["uppercase", "upper case", "majuscule", "mayuscula", "grossbuchstabe"]) {
        Rule::MinUpper
    } else if is(&["lowercase", "lower case", "minuscule", "minuscula", "kleinbuchstabe"]) {
        Rule::MinLower
    } else if is(&[
        "non-alphanumeric",
        "non alphanumerique",
        "special",
        "symbol",
        "no alfanumerico",
        "sonderzeichen",
    ]) {
        Rule::MinSpecial
    } else if is(&["digit", "chiffre", "digito", "ziffer", "numeric"]) {
        Rule::MinDigits
    } else if is(&["letter", "lettre", "letra", "buchstabe"]) {
        Rule::MinLetters
    } else if is(&["user id", "identifiant", "usuario", "benutzer"]) {
        Rule::UserId
    } else if is(&["last", "derniers", "ultimas", "letzten"]) {
        Rule::WebHistory
    } else if is(&["old password", "ancien", "anterior", "alte"]) {
        Rule::WebOld
    } else if is(&["expire", "caduca", "lauft"]) {
        Rule::WebExpires
    } else if is(&["failed", "echouees", "fallidos", "fehlgeschlagen"]) {
        Rule::WebLockout
    } else if is(&["force", "forcer", "forzar", "erzwingen"]) {
        Rule::ForceChange
    } else {
        return None;
    })
}

fn passcode_rule(label: &str) -> Option<Rule> {
    let is = |phrases: &[&str]| has_any(label, phrases);
    let reversed = is(REVERSED);
    Some(if is(&["maximum", "maximale", "maxima", "maximal"]) {
        Rule::CodeMaxLength
    } else if is(&["minimum", "minimale", "minima", "mindest"]) {
        Rule::CodeMinLength
    } else if is(&["same digit", "repeter un chiffre", "repeated digit", "mismo digito", "gleiche ziffer"]) {
        Rule::Repeated
    } else if is(&["pattern", "motif", "patron", "muster"]) {
        Rule::Patterns
    } else if is(&["ascending", "croissant", "ascendente", "aufsteigend"]) {
        Rule::Ascending
    } else if is(&["descending", "decroissant", "descendente", "absteigend"]) {
        Rule::Descending
    } else if is(&["phone number", "numero de telephone", "numero de telefono", "telefonnummer", "rufnummer"])
    {
        if reversed { Rule::PhoneReversed } else { Rule::Phone }
    } else if is(&["extension", "poste", "durchwahl"]) {
        if reversed { Rule::ExtensionReversed } else { Rule::Extension }
    } else if is(&["last", "derniers", "ultimos", "letzten"]) {
        Rule::CodeHistory
    } else if is(&["old passcode", "ancien", "anterior", "alte"]) {
        Rule::CodeOld
    } else if is(&["expire", "caduca", "lauft"]) {
        Rule::CodeExpires
    } else if is(&["failed", "echouees", "fallidos", "fehlgeschlagen", "lock", "bloquer"]) {
        Rule::CodeLockout
    } else {
        return None;
    })
}

/// What the page says about one rule: its checkbox and its number.
#[derive(Clone, Copy, Debug, Default)]
struct Reading {
    checked: Option<bool>,
    value: Option<u32>,
}

impl Reading {
    /// On when its checkbox is checked, or (no checkbox) when it has a value.
    fn on(&self) -> bool {
        self.checked.unwrap_or(self.value.is_some())
    }

    /// Its number, when on; 0 is off ("at least 0 uppercase letters", a
    /// history of 0, never expires), as the portal means it.
    fn number(&self) -> Option<u8> {
        if self.on() { self.value.filter(|&v| v > 0).and_then(|v| u8::try_from(v).ok()) } else { None }
    }
}

fn readings(s: &Snapshot) -> BTreeMap<Rule, Reading> {
    let mut out: BTreeMap<Rule, Reading> = BTreeMap::new();
    for field in s.fields.iter().filter(|f| {
        matches!(f.kind, FieldType::Checkbox | FieldType::Number | FieldType::Text | FieldType::Select)
    }) {
        let Some(rule) = classify(field) else { continue };
        let reading = out.entry(rule).or_default();
        if field.kind == FieldType::Checkbox {
            reading.checked = field.checked;
        } else if let Some(value) = field.value.as_deref().and_then(|v| v.trim().parse().ok()) {
            reading.value = Some(value);
        }
    }
    out
}

fn classify(field: &Field) -> Option<Rule> {
    let label = normalize(&field.label);
    let section = normalize(&field.group);
    if has_any(&section, PASSCODE_SECTION) || (section.is_empty() && has_any(&label, &["code", "passcode"])) {
        passcode_rule(&label)
    } else {
        web_rule(&label)
    }
}

/// Reads the rules in force from a Password Rules page.
pub fn learn(s: &Snapshot) -> Result<PolicySpec, LearnError> {
    let r = readings(s);
    if r.is_empty() {
        return learn_text(s);
    }
    let get = |rule: Rule| r.get(&rule).copied().unwrap_or_default();
    let flag = |rule: Rule| get(rule).on();
    let web = WebRules {
        min_length: get(Rule::WebMinLength).number(),
        min_digits: get(Rule::MinDigits).number(),
        min_upper: get(Rule::MinUpper).number(),
        min_lower: get(Rule::MinLower).number(),
        min_non_alphanumeric: get(Rule::MinSpecial).number(),
        forbid_user_id: flag(Rule::UserId),
        forbid_old: flag(Rule::WebOld),
        history: get(Rule::WebHistory).number(),
        expires_after_days: get(Rule::WebExpires).number(),
        lockout_after: get(Rule::WebLockout).number(),
        force_change_after_reset: flag(Rule::ForceChange),
    };
    // "At least N letters" is not a BroadWorks rule the API names; a letter of
    // either case is what passwordrules can say (for N = 1, the portals' case).
    let web_chars = get(Rule::MinLetters)
        .number()
        .map(|_| CharRules::parse("required: lower, upper; allowed: ascii-printable;"))
        .transpose()?;
    let defaults = PasscodeRules::default();
    let passcode = PasscodeRules {
        min_length: get(Rule::CodeMinLength).number().unwrap_or(defaults.min_length),
        max_length: get(Rule::CodeMaxLength).number().unwrap_or(defaults.max_length),
        max_repeated_digits: get(Rule::Repeated).number(),
        forbid_repeated_patterns: flag(Rule::Patterns),
        max_ascending: get(Rule::Ascending).number(),
        max_descending: get(Rule::Descending).number(),
        forbid_phone: flag(Rule::Phone),
        forbid_phone_reversed: flag(Rule::PhoneReversed),
        forbid_extension: flag(Rule::Extension),
        forbid_extension_reversed: flag(Rule::ExtensionReversed),
        forbid_old: flag(Rule::CodeOld),
        history: get(Rule::CodeHistory).number(),
        expires_after_days: get(Rule::CodeExpires).number(),
        lockout_after: get(Rule::CodeLockout).number(),
    };
    let mut spec = PolicySpec { web, web_chars, passcode };
    // A secret the page has no controls for may still be stated in text
    // beside them ("Portal passwords must be 4 to 10 digits").
    let passcode_rules = r.keys().any(|rule| *rule >= Rule::CodeMinLength);
    let web_rules = r.keys().any(|rule| *rule < Rule::CodeMinLength);
    let text = super::printed::read_page(&s.blocks);
    for (kind, causes, controlled) in
        [(crate::Kind::Web, &text.web, web_rules), (crate::Kind::Passcode, &text.passcode, passcode_rules)]
    {
        if !controlled {
            for &cause in causes {
                super::outcome::Suggestion { kind, cause }.apply(&mut spec);
            }
        }
    }
    for kind in [crate::Kind::Web, crate::Kind::Passcode] {
        spec.policy(kind)?;
    }
    Ok(spec)
}

/// A rules page with no controls, its rules stated as text under a heading
/// per secret (a reseller's read-only page): each rule added to the fewest
/// rules there can be (the portal's defaults), as "Add this rule" would.
fn learn_text(s: &Snapshot) -> Result<PolicySpec, LearnError> {
    let printed = super::printed::read_page(&s.blocks);
    if printed.is_empty() {
        return Err(LearnError::NoRules);
    }
    let mut spec =
        PolicySpec { web: WebRules::default(), web_chars: None, passcode: PasscodeRules::default() };
    for (kind, causes) in [(crate::Kind::Web, &printed.web), (crate::Kind::Passcode, &printed.passcode)] {
        for &cause in causes {
            super::outcome::Suggestion { kind, cause }.apply(&mut spec);
        }
    }
    for kind in [crate::Kind::Web, crate::Kind::Passcode] {
        spec.policy(kind)?;
    }
    Ok(spec)
}
