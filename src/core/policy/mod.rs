//! Password policies: the portal's rule sets and passwordrules character rules,
//! combined into one [`Policy`] that the checker and the generator share.

mod passwordrules;
mod presets;
mod rules;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::charset::CharSet;

pub use passwordrules::{CharClass, CharRules};
pub use presets::{DEFAULT_PRESET, PRESETS, Preset, preset};
pub use rules::{PORTAL_MAX_LENGTH, PasscodeRules, WebRules};

/// Which secret a policy governs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// The web access password (portal login, phone directory and call logs,
    /// UC-One, Call Center and Receptionist clients).
    #[default]
    Web,
    /// The numeric portal passcode (Hoteling, voice portal).
    Passcode,
}

impl Kind {
    /// "web" or "passcode".
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Web => "web",
            Kind::Passcode => "passcode",
        }
    }
}

impl std::str::FromStr for Kind {
    type Err = PolicyError;
    fn from_str(s: &str) -> Result<Kind, PolicyError> {
        match s {
            "web" => Ok(Kind::Web),
            "passcode" => Ok(Kind::Passcode),
            other => Err(PolicyError::UnknownKind(other.to_owned())),
        }
    }
}

/// Why a policy cannot be built, or admits no password. Each names the conflict.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum PolicyError {
    /// A rule value outside the range the portal accepts.
    #[error("{field} is {value}; the portal accepts {min} to {max}")]
    OutOfRange {
        /// The rule's field name.
        field: &'static str,
        /// The value given.
        value: i64,
        /// The smallest accepted value.
        min: i64,
        /// The largest accepted value.
        max: i64,
    },
    /// The minimum length exceeds the maximum.
    #[error("the minimum length {min} is larger than the maximum length {max}")]
    LengthRange {
        /// Effective minimum length.
        min: usize,
        /// Effective maximum length.
        max: usize,
    },
    /// No character is allowed at all.
    #[error("no character is allowed")]
    EmptyAlphabet,
    /// A required class has no allowed character.
    #[error("a {what} is required but no {what} is allowed")]
    RequirementOutsideAlphabet {
        /// The required class, described.
        what: String,
    },
    /// The required characters alone are longer than the maximum length.
    #[error("the required characters need {required} positions but the maximum length is {max}")]
    RequiredExceedsMaxLength {
        /// Positions the requirements take.
        required: usize,
        /// Effective maximum length.
        max: usize,
    },
    /// A run limit of zero forbids every character.
    #[error("max-consecutive is 0, which no character can satisfy")]
    ZeroRun,
    /// Every candidate is excluded by the rules (typically a passcode range
    /// exhausted by the run, pattern and context rules).
    #[error("no {kind} satisfies the rules: {detail}")]
    Exhausted {
        /// "password" or "passcode".
        kind: &'static str,
        /// What excludes the rest.
        detail: String,
    },
    /// The passwordrules text did not parse.
    #[error("passwordrules: {message}")]
    Rules {
        /// The parser's message, on one line.
        message: String,
    },
    /// No preset by that name.
    #[error("unknown preset {0:?}; the presets are broadsmart, bell, sinch, bt")]
    UnknownPreset(String),
    /// Neither "web" nor "passcode".
    #[error("unknown kind {0:?}; use web or passcode")]
    UnknownKind(String),
}

/// At least `count` characters from `set`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Requirement {
    /// The characters that count.
    pub set: CharSet,
    /// How many are needed.
    pub count: usize,
}

/// What an admin configures for one portal: both rule sets, and optionally
/// passwordrules that refine the web password's characters.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PolicySpec {
    /// Web access password rules.
    pub web: WebRules,
    /// passwordrules for the web password, combined with `web`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub web_chars: Option<CharRules>,
    /// Portal passcode rules.
    pub passcode: PasscodeRules,
}

impl PolicySpec {
    /// The policy for one kind of secret.
    pub fn policy(&self, kind: Kind) -> Result<Policy, PolicyError> {
        match kind {
            Kind::Web => Policy::web(&self.web, self.web_chars.as_ref()),
            Kind::Passcode => Policy::passcode(&self.passcode, None),
        }
    }

    /// A spec built from passwordrules alone, on the portal's widest rules.
    pub fn from_passwordrules(text: &str) -> Result<PolicySpec, PolicyError> {
        Ok(PolicySpec { web_chars: Some(CharRules::parse(text)?), ..PolicySpec::default() })
    }
}

/// Where a policy comes from: a preset, passwordrules text, or a full spec
/// (what the extension's settings store per portal).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// A named preset.
    Preset(String),
    /// passwordrules text on the portal's widest rules.
    Rules(String),
    /// Both rule sets, in full.
    Spec(PolicySpec),
}

impl Default for Source {
    fn default() -> Self {
        Source::Preset(DEFAULT_PRESET.to_owned())
    }
}

impl Source {
    /// The spec this source stands for.
    pub fn spec(&self) -> Result<PolicySpec, PolicyError> {
        match self {
            Source::Preset(name) => Ok(preset(name)?.spec()),
            Source::Rules(text) => PolicySpec::from_passwordrules(text),
            Source::Spec(spec) => Ok(spec.clone()),
        }
    }

    /// The compiled policy for one kind. passwordrules given for a passcode
    /// narrow the portal's widest passcode rules (digits only).
    pub fn policy(&self, kind: Kind) -> Result<Policy, PolicyError> {
        let spec = self.spec()?;
        match (self, kind) {
            (Source::Rules(_), Kind::Passcode) => Policy::passcode(&spec.passcode, spec.web_chars.as_ref()),
            _ => spec.policy(kind),
        }
    }
}

/// A compiled policy: every rule the checker checks and the generator obeys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    /// Web password or passcode.
    pub kind: Kind,
    /// Shortest acceptable length.
    pub min_length: usize,
    /// Longest acceptable length.
    pub max_length: usize,
    /// Every character that may appear.
    pub allowed: CharSet,
    /// Classes that must appear, with counts.
    pub required: Vec<Requirement>,
    /// Longest run of one repeated character.
    pub max_consecutive: Option<usize>,
    /// Longest ascending run of digits (1234).
    pub max_ascending: Option<usize>,
    /// Longest descending run of digits (4321).
    pub max_descending: Option<usize>,
    /// No block of two or more characters immediately repeated (1212).
    pub forbid_repeated_patterns: bool,
    /// Must not contain the user ID.
    pub forbid_user_id: bool,
    /// Must not be the phone number.
    pub forbid_phone: bool,
    /// Must not be the phone number reversed.
    pub forbid_phone_reversed: bool,
    /// Must not be the extension.
    pub forbid_extension: bool,
    /// Must not be the extension reversed.
    pub forbid_extension_reversed: bool,
    /// Must not be the previous secret or its reverse.
    pub forbid_old: bool,
    /// Must not be one of the last N secrets.
    pub history: Option<usize>,
}

impl Policy {
    fn empty(kind: Kind, min_length: usize, max_length: usize, allowed: CharSet) -> Policy {
        Policy {
            kind,
            min_length,
            max_length,
            allowed,
            required: Vec::new(),
            max_consecutive: None,
            max_ascending: None,
            max_descending: None,
            forbid_repeated_patterns: false,
            forbid_user_id: false,
            forbid_phone: false,
            forbid_phone_reversed: false,
            forbid_extension: false,
            forbid_extension_reversed: false,
            forbid_old: false,
            history: None,
        }
    }

    /// The web password policy from the portal's rules and optional passwordrules.
    pub fn web(rules: &WebRules, chars: Option<&CharRules>) -> Result<Policy, PolicyError> {
        rules.validate()?;
        let min = rules.min_length.map_or(1, usize::from);
        let mut policy = Policy::empty(Kind::Web, min, PORTAL_MAX_LENGTH, CharSet::ASCII_PRINTABLE);
        for (set, count) in [
            (CharSet::DIGIT, rules.min_digits),
            (CharSet::UPPER, rules.min_upper),
            (CharSet::LOWER, rules.min_lower),
            (CharSet::SPECIAL, rules.min_non_alphanumeric),
        ] {
            if let Some(n) = count {
                policy.require(set, n.into());
            }
        }
        policy.forbid_user_id = rules.forbid_user_id;
        policy.forbid_old = rules.forbid_old;
        policy.history = rules.history.map(usize::from);
        if let Some(chars) = chars {
            policy.refine(chars);
        }
        policy.validate()?;
        Ok(policy)
    }

    /// The passcode policy from the portal's rules and optional passwordrules
    /// (whose alphabet is intersected with the digits).
    pub fn passcode(rules: &PasscodeRules, chars: Option<&CharRules>) -> Result<Policy, PolicyError> {
        rules.validate()?;
        let mut policy =
            Policy::empty(Kind::Passcode, rules.min_length.into(), rules.max_length.into(), CharSet::DIGIT);
        policy.max_consecutive = rules.max_repeated_digits.map(usize::from);
        policy.max_ascending = rules.max_ascending.map(usize::from);
        policy.max_descending = rules.max_descending.map(usize::from);
        policy.forbid_repeated_patterns = rules.forbid_repeated_patterns;
        policy.forbid_phone = rules.forbid_phone;
        policy.forbid_phone_reversed = rules.forbid_phone_reversed;
        policy.forbid_extension = rules.forbid_extension;
        policy.forbid_extension_reversed = rules.forbid_extension_reversed;
        policy.forbid_old = rules.forbid_old;
        policy.history = rules.history.map(usize::from);
        if let Some(chars) = chars {
            policy.refine(chars);
            policy.allowed = policy.allowed.intersection(CharSet::DIGIT);
        }
        policy.validate()?;
        Ok(policy)
    }

    /// Adds "at least `count` from `set`", merging with an equal set.
    pub fn require(&mut self, set: CharSet, count: usize) {
        match self.required.iter_mut().find(|r| r.set == set) {
            Some(existing) => existing.count = existing.count.max(count),
            None => self.required.push(Requirement { set, count }),
        }
    }

    /// Narrows the policy by passwordrules: lengths, alphabet, required classes
    /// and max-consecutive all tighten, never loosen.
    pub fn refine(&mut self, chars: &CharRules) {
        if let Some(n) = chars.min_length {
            self.min_length = self.min_length.max(n as usize);
        }
        if let Some(n) = chars.max_length {
            self.max_length = self.max_length.min(n as usize);
        }
        if let Some(n) = chars.max_consecutive {
            let n = n as usize;
            self.max_consecutive = Some(self.max_consecutive.map_or(n, |m| m.min(n)));
        }
        self.allowed = self.allowed.intersection(chars.alphabet());
        for set in chars.required_sets() {
            self.require(set, 1);
        }
    }

    /// Rejects policies that admit no password, naming the conflict.
    pub fn validate(&self) -> Result<(), PolicyError> {
        if self.min_length > self.max_length {
            return Err(PolicyError::LengthRange { min: self.min_length, max: self.max_length });
        }
        if self.allowed.is_empty() {
            return Err(PolicyError::EmptyAlphabet);
        }
        if self.max_consecutive == Some(0) {
            return Err(PolicyError::ZeroRun);
        }
        for req in &self.required {
            if req.set.intersection(self.allowed).is_empty() {
                return Err(PolicyError::RequirementOutsideAlphabet { what: req.set.describe() });
            }
        }
        let required = self.fewest_characters();
        if required > self.max_length {
            return Err(PolicyError::RequiredExceedsMaxLength { required, max: self.max_length });
        }
        if self.allowed.len() == 1 {
            if let Some(run) = self.max_consecutive.filter(|&run| run < self.min_length) {
                return Err(PolicyError::Exhausted {
                    kind: self.noun(),
                    detail: format!(
                        "only {:?} is allowed, at most {run} in a row, but at least {} characters are needed",
                        self.allowed.nth(0).unwrap_or(' '),
                        self.min_length
                    ),
                });
            }
        }
        Ok(())
    }

    /// The fewest characters that meet every requirement. A character counts
    /// for every requirement whose set holds it, so overlapping requirements
    /// share positions: one `A` is both "an uppercase letter" and "a letter".
    pub fn fewest_characters(&self) -> usize {
        match self.fewest_layout() {
            Some(layout) => layout.len(),
            None => self.required.iter().map(|r| r.count).sum(),
        }
    }

    /// The draw set of each position of a shortest string meeting every
    /// requirement: each set holds the allowed characters that count for the
    /// same requirements. `None` when the search for it is too large; then one
    /// position per required character (the sum of the counts) is the answer,
    /// never too few.
    pub fn fewest_layout(&self) -> Option<Vec<CharSet>> {
        let reqs: Vec<(CharSet, usize)> = self
            .required
            .iter()
            .filter(|r| r.count > 0)
            .map(|r| (r.set.intersection(self.allowed), r.count))
            .collect();
        // Disjoint requirements (the usual case) share nothing: one position each.
        let disjoint = reqs
            .iter()
            .enumerate()
            .all(|(i, (a, _))| reqs[i + 1..].iter().all(|(b, _)| a.intersection(*b).is_empty()));
        if disjoint {
            return Some(reqs.iter().flat_map(|&(set, count)| std::iter::repeat_n(set, count)).collect());
        }
        if reqs.len() > 32 || reqs.iter().any(|(set, _)| set.is_empty()) {
            return None;
        }
        // The allowed characters grouped by the requirements they count for;
        // only groups that no other group outdoes are worth a position.
        let mut atoms: Vec<(u32, CharSet)> = Vec::new();
        for c in self.allowed.chars() {
            let mask = reqs
                .iter()
                .enumerate()
                .filter(|(_, (set, _))| set.contains(c))
                .fold(0, |m, (i, _)| m | 1 << i);
            let Some(one) = CharSet::single(c).filter(|_| mask != 0) else { continue };
            match atoms.iter_mut().find(|(m, _)| *m == mask) {
                Some((_, set)) => *set = set.union(one),
                None => atoms.push((mask, one)),
            }
        }
        let best: Vec<(u32, CharSet)> = atoms
            .iter()
            .copied()
            .filter(|&(m, _)| !atoms.iter().any(|&(o, _)| o != m && o & m == m))
            .collect();
        let mut search = Fewest { atoms: &best, found: None, budget: 20_000 };
        let mut demand: Vec<usize> = reqs.iter().map(|r| r.1).collect();
        if !search.walk(&mut demand, &mut Vec::new()) {
            return None;
        }
        search.found.map(|picks| picks.into_iter().map(|a| best[a].1).collect())
    }

    /// "password" or "passcode", for messages.
    pub fn noun(&self) -> &'static str {
        match self.kind {
            Kind::Web => "password",
            Kind::Passcode => "passcode",
        }
    }
}

/// Branch and bound for [`Policy::fewest_layout`]: the first unmet
/// requirement is met by a position of some group that counts for it.
struct Fewest<'a> {
    atoms: &'a [(u32, CharSet)],
    found: Option<Vec<usize>>,
    budget: usize,
}

impl Fewest<'_> {
    /// Returns false when the budget ran out (the answer is then unknown).
    fn walk(&mut self, demand: &mut Vec<usize>, picks: &mut Vec<usize>) -> bool {
        if self.budget == 0 {
            return false;
        }
        self.budget -= 1;
        let Some(first) = demand.iter().position(|&d| d > 0) else {
            if self.found.as_ref().is_none_or(|f| picks.len() < f.len()) {
                self.found = Some(picks.clone());
            }
            return true;
        };
        // Every position meets each requirement at most once.
        let bound = picks.len() + demand.iter().copied().max().unwrap_or(0);
        if self.found.as_ref().is_some_and(|f| bound >= f.len()) {
            return true;
        }
        for (a, &(mask, _)) in self.atoms.iter().enumerate() {
            if mask & 1 << first == 0 {
                continue;
            }
            let before = demand.clone();
            for (i, d) in demand.iter_mut().enumerate() {
                if mask & 1 << i != 0 {
                    *d = d.saturating_sub(1);
                }
            }
            picks.push(a);
            let complete = self.walk(demand, picks);
            picks.pop();
            *demand = before;
            if !complete {
                return false;
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_counts_become_requirements() {
        let rules = WebRules {
            min_length: Some(8),
            min_digits: Some(2),
            min_non_alphanumeric: Some(1),
            ..Default::default()
        };
        let p = Policy::web(&rules, None).unwrap();
        assert_eq!(p.min_length, 8);
        assert_eq!(p.max_length, PORTAL_MAX_LENGTH);
        assert_eq!(
            p.required,
            vec![
                Requirement { set: CharSet::DIGIT, count: 2 },
                Requirement { set: CharSet::SPECIAL, count: 1 }
            ]
        );
    }

    #[test]
    fn passwordrules_tighten_the_portal_rules() {
        let rules = WebRules { min_length: Some(8), min_digits: Some(1), ..Default::default() };
        let chars =
            CharRules::parse("minlength: 6; maxlength: 12; required: digit; required: upper; allowed: lower")
                .unwrap();
        let p = Policy::web(&rules, Some(&chars)).unwrap();
        assert_eq!((p.min_length, p.max_length), (8, 12));
        assert_eq!(p.required.len(), 2, "the two digit requirements merge");
        assert!(!p.allowed.contains('!'));
    }

    #[test]
    fn impossible_policies_name_the_conflict() {
        let chars =
            CharRules::parse("maxlength: 2; required: upper; required: lower; required: digit").unwrap();
        let err = Policy::web(&WebRules::default(), Some(&chars)).unwrap_err();
        assert_eq!(err.to_string(), "the required characters need 3 positions but the maximum length is 2");

        let chars = CharRules::parse("allowed: lower").unwrap();
        let rules = WebRules { min_digits: Some(1), ..Default::default() };
        let err = Policy::web(&rules, Some(&chars)).unwrap_err();
        assert_eq!(err.to_string(), "a digit is required but no digit is allowed");

        let chars = CharRules::parse("allowed: upper").unwrap();
        let err = Policy::passcode(&PasscodeRules::default(), Some(&chars)).unwrap_err();
        assert_eq!(err, PolicyError::EmptyAlphabet);

        let chars = CharRules::parse("minlength: 50; maxlength: 20").unwrap();
        assert!(matches!(
            Policy::web(&WebRules::default(), Some(&chars)),
            Err(PolicyError::LengthRange { min: 50, max: 20 })
        ));

        let chars = CharRules::parse("allowed: [a]; max-consecutive: 2; minlength: 3").unwrap();
        assert!(matches!(
            Policy::web(&WebRules::default(), Some(&chars)),
            Err(PolicyError::Exhausted { .. })
        ));
    }

    #[test]
    fn spec_round_trips_through_json() {
        let spec = preset("bell").unwrap().spec();
        let json = serde_json::to_string(&spec).unwrap();
        let back: PolicySpec = serde_json::from_str(&json).unwrap();
        assert_eq!(back, spec);
    }
}
