//! The checker: one verdict per rule, with a message an admin understands.
//!
//! The same function serves the panel's live checklist, the CLI's `check`, the
//! generator's final validation and the tests. Rules are evaluated into a cheap
//! [`Failure`] value first; words are only made for the report.

use std::fmt;

use serde::{Serialize, Serializer};

use crate::charset::CharSet;
use crate::context::Context;
use crate::policy::{Kind, Policy};

/// Identifies one rule of a policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RuleId {
    /// Minimum length.
    MinLength,
    /// Maximum length.
    MaxLength,
    /// Only allowed characters.
    Allowed,
    /// The `n`th requirement of the policy.
    Required(usize),
    /// Longest run of one character.
    MaxConsecutive,
    /// Longest ascending run.
    MaxAscending,
    /// Longest descending run.
    MaxDescending,
    /// No immediately repeated block.
    RepeatedPattern,
    /// Does not contain the user ID.
    UserId,
    /// Not the phone number.
    Phone,
    /// Not the phone number reversed.
    PhoneReversed,
    /// Not the extension.
    Extension,
    /// Not the extension reversed.
    ExtensionReversed,
    /// Not the previous secret or its reverse.
    Old,
    /// Not one of the last N.
    History,
}

impl fmt::Display for RuleId {
    /// A stable kebab-case key, used by the extension's checklist.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let key = match self {
            RuleId::MinLength => "min-length",
            RuleId::MaxLength => "max-length",
            RuleId::Allowed => "allowed",
            RuleId::Required(n) => return write!(f, "required-{n}"),
            RuleId::MaxConsecutive => "max-consecutive",
            RuleId::MaxAscending => "max-ascending",
            RuleId::MaxDescending => "max-descending",
            RuleId::RepeatedPattern => "repeated-pattern",
            RuleId::UserId => "user-id",
            RuleId::Phone => "phone",
            RuleId::PhoneReversed => "phone-reversed",
            RuleId::Extension => "extension",
            RuleId::ExtensionReversed => "extension-reversed",
            RuleId::Old => "old",
            RuleId::History => "history",
        };
        f.write_str(key)
    }
}

impl Serialize for RuleId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// The result of one rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// The rule holds.
    Pass,
    /// The rule is broken.
    Fail,
    /// The rule needs something not known here (the extension, the previous
    /// password); the portal will check it.
    NotChecked,
}

/// One rule's verdict.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// Which rule.
    pub rule: RuleId,
    /// Passed, failed or not checked.
    pub outcome: Outcome,
    /// The rule in words: "At least 8 characters".
    pub label: String,
    /// What is wrong, or why it was not checked: "7 characters; at least 8 needed".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
}

/// Every rule's verdict for one secret.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// In the policy's order: length, characters, runs, context.
    pub verdicts: Vec<Verdict>,
}

impl Report {
    /// No rule failed (rules not checked do not count against it).
    pub fn compliant(&self) -> bool {
        self.verdicts.iter().all(|v| v.outcome != Outcome::Fail)
    }

    /// The failed verdicts.
    pub fn failures(&self) -> impl Iterator<Item = &Verdict> {
        self.verdicts.iter().filter(|v| v.outcome == Outcome::Fail)
    }
}

/// Why a rule failed, in data. Turned into words by [`Failure::explain`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// Shorter than the minimum.
    TooShort { len: usize, min: usize },
    /// Longer than the maximum.
    TooLong { len: usize, max: usize },
    /// Characters outside the alphabet (each once, in order of appearance).
    Disallowed { chars: Vec<char> },
    /// Too few of a required class.
    Missing { have: usize, need: usize },
    /// A run of one character that is too long.
    Run { ch: char, len: usize, max: usize },
    /// An ascending or descending run that is too long.
    Sequence { run: String, ascending: bool, max: usize },
    /// A block immediately repeated.
    Pattern { repeated: String, block: String },
    /// Contains a form of the user ID.
    ContainsUserId { id: String },
    /// Equal to a context value.
    Equals { what: &'static str },
    /// Not checkable: the context lacks something.
    Unknown { what: &'static str },
}

impl Failure {
    fn explain(&self, policy: &Policy) -> String {
        match self {
            Failure::TooShort { len, min } => format!("{len} {}; at least {min} needed", units(policy, *len)),
            Failure::TooLong { len, max } => format!("{len} {}; at most {max} allowed", units(policy, *len)),
            Failure::Disallowed { chars } => {
                let names: Vec<String> = chars.iter().map(|&c| shown(c)).collect();
                let verb = if chars.len() == 1 { "is" } else { "are" };
                format!("{} {verb} not allowed", list(&names))
            }
            Failure::Missing { have, need } => format!("{have} found; at least {need} needed"),
            Failure::Run { ch, len, max } => format!(
                "{} repeats {} {len} times in a row; at most {max} allowed",
                std::iter::repeat_n(*ch, *len).collect::<String>(),
                shown(*ch)
            ),
            Failure::Sequence { run, ascending, max } => format!(
                "{run} is {} run of {}; at most {max} allowed",
                if *ascending { "an ascending" } else { "a descending" },
                run.chars().count()
            ),
            Failure::Pattern { repeated, block } => format!("{repeated} repeats the pattern {block}"),
            Failure::ContainsUserId { id } => format!("contains the user ID {id}"),
            Failure::Equals { what } => format!("is the {what}"),
            Failure::Unknown { what } => format!("{what} not known; the portal checks this"),
        }
    }

    /// Whether it is a failure or a rule that could not be checked.
    pub fn outcome(&self) -> Outcome {
        match self {
            Failure::Unknown { .. } => Outcome::NotChecked,
            _ => Outcome::Fail,
        }
    }
}

fn units(policy: &Policy, n: usize) -> &'static str {
    match (policy.kind, n) {
        (Kind::Passcode, 1) => "digit",
        (Kind::Passcode, _) => "digits",
        (Kind::Web, 1) => "character",
        (Kind::Web, _) => "characters",
    }
}

fn shown(c: char) -> String {
    match c {
        ' ' => "space".into(),
        c if c.is_control() => format!("U+{:04X}", c as u32),
        c => c.to_string(),
    }
}

fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn counted(n: usize, what: &str) -> String {
    match what.strip_prefix("character from ") {
        Some(chars) if n == 1 => format!("1 of {chars}"),
        Some(chars) => format!("{n} of {chars}"),
        None if n == 1 => format!("1 {what}"),
        None => format!("{n} {what}s"),
    }
}

/// The rules that apply to `policy`, in report order.
pub fn rules(policy: &Policy) -> Vec<RuleId> {
    let mut ids = vec![RuleId::MinLength, RuleId::MaxLength, RuleId::Allowed];
    ids.extend((0..policy.required.len()).map(RuleId::Required));
    let flags = [
        (policy.max_consecutive.is_some(), RuleId::MaxConsecutive),
        (policy.max_ascending.is_some(), RuleId::MaxAscending),
        (policy.max_descending.is_some(), RuleId::MaxDescending),
        (policy.forbid_repeated_patterns, RuleId::RepeatedPattern),
        (policy.forbid_user_id, RuleId::UserId),
        (policy.forbid_phone, RuleId::Phone),
        (policy.forbid_phone_reversed, RuleId::PhoneReversed),
        (policy.forbid_extension, RuleId::Extension),
        (policy.forbid_extension_reversed, RuleId::ExtensionReversed),
        (policy.forbid_old, RuleId::Old),
        (policy.history.is_some(), RuleId::History),
    ];
    ids.extend(flags.into_iter().filter(|(on, _)| *on).map(|(_, id)| id));
    ids
}

/// The rule in words, as the checklist shows it.
pub fn label(policy: &Policy, rule: RuleId) -> String {
    let noun = policy.noun();
    match rule {
        RuleId::MinLength => format!("At least {} {}", policy.min_length, units(policy, policy.min_length)),
        RuleId::MaxLength => format!("At most {} {}", policy.max_length, units(policy, policy.max_length)),
        RuleId::Allowed => match policy.allowed {
            s if s == CharSet::ASCII_PRINTABLE => "Printable ASCII characters only".into(),
            s if s == CharSet::DIGIT => "Digits only".into(),
            s if s == CharSet::ALPHANUMERIC => "Letters and digits only".into(),
            s => format!("Only {}", s.chars().map(shown).collect::<Vec<_>>().join(" ")),
        },
        RuleId::Required(i) => {
            let req = policy.required[i];
            format!("At least {}", counted(req.count, &req.set.describe()))
        }
        RuleId::MaxConsecutive => format!(
            "No {} more than {} in a row",
            if policy.kind == Kind::Passcode { "digit repeated" } else { "character repeated" },
            times(policy.max_consecutive.unwrap_or(0))
        ),
        RuleId::MaxAscending => {
            format!("No ascending run longer than {} (like 1234)", policy.max_ascending.unwrap_or(0))
        }
        RuleId::MaxDescending => {
            format!("No descending run longer than {} (like 4321)", policy.max_descending.unwrap_or(0))
        }
        RuleId::RepeatedPattern => "No repeated pattern (like 1212 or 123123)".into(),
        RuleId::UserId => "Does not contain the user ID".into(),
        RuleId::Phone => "Not the phone number".into(),
        RuleId::PhoneReversed => "Not the phone number reversed".into(),
        RuleId::Extension => "Not the extension".into(),
        RuleId::ExtensionReversed => "Not the extension reversed".into(),
        RuleId::Old => format!("Not the previous {noun} or its reverse"),
        RuleId::History => format!("Not one of the last {} {noun}s", policy.history.unwrap_or(0)),
    }
}

fn times(n: usize) -> String {
    match n {
        1 => "once".into(),
        2 => "twice".into(),
        n => format!("{n} times"),
    }
}

/// Evaluates one rule. `Ok` when it holds.
pub fn evaluate(policy: &Policy, ctx: &Context, secret: &str, rule: RuleId) -> Result<(), Failure> {
    // Counted only for the two rules that need it: the generator evaluates
    // every rule of every candidate.
    let len = || secret.chars().count();
    match rule {
        RuleId::MinLength if len() < policy.min_length => {
            Err(Failure::TooShort { len: len(), min: policy.min_length })
        }
        RuleId::MaxLength if len() > policy.max_length => {
            Err(Failure::TooLong { len: len(), max: policy.max_length })
        }
        RuleId::Allowed => {
            let mut bad: Vec<char> = Vec::new();
            for c in secret.chars().filter(|&c| !policy.allowed.contains(c)) {
                if !bad.contains(&c) {
                    bad.push(c);
                }
            }
            if bad.is_empty() { Ok(()) } else { Err(Failure::Disallowed { chars: bad }) }
        }
        RuleId::Required(i) => {
            let req = policy.required[i];
            let have = secret.chars().filter(|&c| req.set.contains(c)).count();
            if have < req.count { Err(Failure::Missing { have, need: req.count }) } else { Ok(()) }
        }
        RuleId::MaxConsecutive => match (policy.max_consecutive, longest_run(secret)) {
            (Some(max), Some((ch, len))) if len > max => Err(Failure::Run { ch, len, max }),
            _ => Ok(()),
        },
        RuleId::MaxAscending => sequence(secret, 1, policy.max_ascending),
        RuleId::MaxDescending => sequence(secret, -1, policy.max_descending),
        RuleId::RepeatedPattern => match repeated_block(secret) {
            Some((repeated, block)) => Err(Failure::Pattern { repeated, block }),
            None => Ok(()),
        },
        RuleId::UserId => {
            let forms = ctx.user_id_forms();
            if forms.is_empty() {
                return Err(Failure::Unknown { what: "user ID" });
            }
            let lower = secret.to_lowercase();
            match forms.iter().find(|f| lower.contains(&f.to_lowercase())) {
                Some(form) => Err(Failure::ContainsUserId { id: (*form).to_owned() }),
                None => Ok(()),
            }
        }
        RuleId::Phone => equals(ctx.phone_digits(), secret, false, "phone number"),
        RuleId::PhoneReversed => equals(ctx.phone_digits(), secret, true, "phone number reversed"),
        RuleId::Extension => equals(ctx.extension_digits(), secret, false, "extension"),
        RuleId::ExtensionReversed => equals(ctx.extension_digits(), secret, true, "extension reversed"),
        RuleId::Old => {
            let Some(old) = ctx.previous.first() else {
                return Err(Failure::Unknown { what: old_what(policy) });
            };
            if old.as_str() == secret {
                Err(Failure::Equals { what: old_what(policy) })
            } else if reversed(old) == secret {
                Err(Failure::Equals { what: old_reversed_what(policy) })
            } else {
                Ok(())
            }
        }
        RuleId::History => {
            let n = policy.history.unwrap_or(0);
            if ctx.previous.is_empty() {
                return Err(Failure::Unknown { what: history_what(policy) });
            }
            if ctx.previous.iter().take(n).any(|p| p.as_str() == secret) {
                Err(Failure::Equals { what: history_what(policy) })
            } else {
                Ok(())
            }
        }
        RuleId::MinLength | RuleId::MaxLength => Ok(()),
    }
}

fn old_what(policy: &Policy) -> &'static str {
    match policy.kind {
        Kind::Web => "previous password",
        Kind::Passcode => "previous passcode",
    }
}

fn old_reversed_what(policy: &Policy) -> &'static str {
    match policy.kind {
        Kind::Web => "previous password reversed",
        Kind::Passcode => "previous passcode reversed",
    }
}

fn history_what(policy: &Policy) -> &'static str {
    match policy.kind {
        Kind::Web => "list of recent passwords",
        Kind::Passcode => "list of recent passcodes",
    }
}

fn reversed(s: &str) -> String {
    s.chars().rev().collect()
}

fn equals(value: Option<String>, secret: &str, reverse: bool, what: &'static str) -> Result<(), Failure> {
    let Some(value) = value else {
        return Err(Failure::Unknown {
            what: if what.starts_with("phone") { "phone number" } else { "extension" },
        });
    };
    let value = if reverse { reversed(&value) } else { value };
    if value == secret { Err(Failure::Equals { what }) } else { Ok(()) }
}

/// The longest run of one repeated character, the first if several tie.
pub fn longest_run(secret: &str) -> Option<(char, usize)> {
    let mut best: Option<(char, usize)> = None;
    let mut current: Option<(char, usize)> = None;
    for c in secret.chars() {
        current = match current {
            Some((prev, n)) if prev == c => Some((c, n + 1)),
            _ => Some((c, 1)),
        };
        if let Some((c, n)) = current {
            if best.is_none_or(|(_, b)| n > b) {
                best = Some((c, n));
            }
        }
    }
    best
}

/// The first digit run stepping by `step` (+1 ascending, -1 descending) that
/// is longer than `max`, reported whole.
fn sequence(secret: &str, step: i32, max: Option<usize>) -> Result<(), Failure> {
    let Some(max) = max else { return Ok(()) };
    let chars: Vec<char> = secret.chars().collect();
    let mut start = 0;
    for i in 1..=chars.len() {
        let continues = i < chars.len()
            && chars[i].is_ascii_digit()
            && chars[i - 1].is_ascii_digit()
            && chars[i] as i32 - chars[i - 1] as i32 == step;
        if !continues {
            if i - start > max {
                return Err(Failure::Sequence {
                    run: chars[start..i].iter().collect(),
                    ascending: step > 0,
                    max,
                });
            }
            start = i;
        }
    }
    Ok(())
}

/// The first block of two or more characters that is immediately repeated
/// (`1212`, `123123`, `1111`), as (the repetition, the block).
pub fn repeated_block(secret: &str) -> Option<(String, String)> {
    let chars: Vec<char> = secret.chars().collect();
    let n = chars.len();
    for start in 0..n {
        for block in 2..=(n - start) / 2 {
            let (a, b) = (&chars[start..start + block], &chars[start + block..start + 2 * block]);
            if a == b {
                return Some((chars[start..start + 2 * block].iter().collect(), a.iter().collect()));
            }
        }
    }
    None
}

/// Whether `secret` breaks no rule of `policy`. Rules that cannot be checked
/// count as holding, as in [`Report::compliant`].
pub fn complies(policy: &Policy, ctx: &Context, secret: &str) -> bool {
    rules(policy)
        .into_iter()
        .all(|rule| !matches!(evaluate(policy, ctx, secret, rule), Err(f) if f.outcome() == Outcome::Fail))
}

/// Checks `secret` against every rule of `policy`.
pub fn check(policy: &Policy, ctx: &Context, secret: &str) -> Report {
    let verdicts = rules(policy)
        .into_iter()
        .map(|rule| {
            let (outcome, problem) = match evaluate(policy, ctx, secret, rule) {
                Ok(()) => (Outcome::Pass, None),
                Err(failure) => (failure.outcome(), Some(failure.explain(policy))),
            };
            Verdict { rule, outcome, label: label(policy, rule), problem }
        })
        .collect();
    Report { verdicts }
}
