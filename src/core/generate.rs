//! The generator: compliant passwords and passcodes from the system CSPRNG.
//!
//! Each attempt lays out one slot per required character plus filler slots,
//! shuffles them, and fills the slots left to right, leaving out any character
//! that would break a run rule (max-consecutive, ascending, descending) given
//! what came before. The result is then validated against the whole policy,
//! context rules included, and redrawn if needed. When random attempts keep
//! failing (tiny alphabets, a user's details excluding most candidates), a
//! bounded exhaustive search either finds the compliant candidates, one of
//! which is picked uniformly, or proves there are none: a typed error, never
//! a hang.

use std::sync::OnceLock;

use std::borrow::Cow;

use rand::seq::SliceRandom;
use rand::{Rng, RngExt};
use thiserror::Error;
use zeroize::Zeroizing;

use crate::charset::CharSet;
use crate::check::{self, RuleId};
use crate::context::Context;
use crate::policy::{Kind, Policy, PolicyError};
use crate::rng::SystemRng;

/// The web password length when none is asked for.
pub const DEFAULT_WEB_LENGTH: usize = 16;
/// Random attempts before the exhaustive search.
const ATTEMPTS: usize = 200;
/// Search nodes visited at most by the exhaustive search.
const SEARCH_BUDGET: usize = 400_000;

/// What a secret is made of.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Style {
    /// Random characters of the policy's alphabet (the default).
    #[default]
    Random,
    /// Words, for reading over the phone, with what the policy requires.
    Words,
}

/// How to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// The length; the policy's default when `None`.
    pub length: Option<usize>,
    /// Leave out `0 O o 1 l I` from web passwords where the policy allows.
    pub exclude_look_alikes: bool,
    /// Random characters or words.
    pub style: Style,
}

impl Default for Options {
    fn default() -> Self {
        Options { length: None, exclude_look_alikes: true, style: Style::Random }
    }
}

/// A generated secret and how much randomness went into it.
#[derive(Debug)]
pub struct Generated {
    /// The password or passcode; wiped from memory when dropped.
    pub secret: Zeroizing<String>,
    /// Bits of entropy of the draws that made it: the sum of log2 of the
    /// number of characters each position was drawn from (or log2 of the
    /// number of candidates, when picked from an exhaustive search).
    pub entropy_bits: f64,
}

/// Why no secret could be generated.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum GenerateError {
    /// The policy itself admits no secret.
    #[error(transparent)]
    Policy(#[from] PolicyError),
    /// The requested length is outside what the policy allows.
    #[error("length {requested} is outside the policy's {min} to {max}")]
    Length {
        /// Length asked for.
        requested: usize,
        /// The shortest possible (minimum length, or the required characters).
        min: usize,
        /// The policy's maximum.
        max: usize,
    },
    /// The system's random number generator could not be read.
    #[error("the system random number generator is unavailable: {0}")]
    Randomness(String),
    /// Neither the random attempts nor the bounded search found a compliant
    /// secret (only for enormous spaces where nearly everything is excluded).
    #[error("no compliant {noun} found after {attempts} attempts and a bounded search")]
    GaveUp {
        /// "password" or "passcode".
        noun: &'static str,
        /// Random attempts made.
        attempts: usize,
    },
}

/// The length used when none is asked for: 16 for web passwords, the
/// minimum plus two for passcodes; always within the policy's range.
pub fn default_length(policy: &Policy) -> usize {
    let wanted = match policy.kind {
        Kind::Web => DEFAULT_WEB_LENGTH,
        Kind::Passcode => policy.min_length + 2,
    };
    let floor = policy.min_length.max(required_slots(policy));
    wanted.clamp(floor, policy.max_length.max(floor))
}

fn required_slots(policy: &Policy) -> usize {
    policy.fewest_characters()
}

/// Generates one secret from the system CSPRNG.
pub fn generate(policy: &Policy, ctx: &Context, opts: &Options) -> Result<Generated, GenerateError> {
    let mut rng = SystemRng::new().map_err(|e| GenerateError::Randomness(e.to_string()))?;
    Generator::new(policy, ctx, opts)?.generate(&mut rng)
}

/// A generator prepared for one policy, context and options; reusable for
/// many secrets (the CLI's `-n`, the benchmarks).
pub struct Generator<'a> {
    // Borrowed for one-off use, owned by long-lived generators (a wasm handle).
    policy: Cow<'a, Policy>,
    ctx: Cow<'a, Context>,
    length: usize,
    /// The length was chosen by the caller: never try another.
    fixed_length: bool,
    filler: CharSet,
    required: Vec<CharSet>,
    rules: Vec<RuleId>,
    /// The characters of each set a slot draws from, in code order, so that
    /// a draw indexes a table instead of walking the set's bits.
    tables: Vec<(CharSet, Vec<u8>)>,
}

impl<'a> Generator<'a> {
    /// Prepares the draw sets; fails if the policy or length is impossible.
    pub fn new(policy: &'a Policy, ctx: &'a Context, opts: &Options) -> Result<Generator<'a>, GenerateError> {
        policy.validate()?;
        let shortest = policy.min_length.max(required_slots(policy));
        let length = opts.length.unwrap_or_else(|| default_length(policy));
        if length < shortest || length > policy.max_length {
            return Err(GenerateError::Length { requested: length, min: shortest, max: policy.max_length });
        }
        let avoid_look_alikes = opts.exclude_look_alikes && policy.kind == Kind::Web;
        let tidy = |set: CharSet| {
            let set = set.prefer_without(CharSet::SPACE);
            if avoid_look_alikes { set.prefer_without(CharSet::LOOK_ALIKES) } else { set }
        };
        let alphanumeric = policy.allowed.intersection(CharSet::ALPHANUMERIC);
        let filler = tidy(if alphanumeric.is_empty() { policy.allowed } else { alphanumeric });
        let mut required = Vec::new();
        for req in &policy.required {
            let set = tidy(req.set.intersection(policy.allowed));
            required.extend(std::iter::repeat_n(set, req.count));
        }
        if length < required.len() {
            // Too short for one slot per required character: overlapping
            // requirements share slots (one `A` for "uppercase" and "letter").
            required = policy.fewest_layout().unwrap_or_default().into_iter().map(tidy).collect();
        }
        let mut tables: Vec<(CharSet, Vec<u8>)> = Vec::new();
        for &set in std::iter::once(&filler).chain(&required) {
            if !tables.iter().any(|(s, _)| *s == set) {
                // Every member of a CharSet is ASCII, so each fits a byte.
                tables.push((set, set.chars().map(|c| c as u8).collect()));
            }
        }
        Ok(Generator {
            rules: check::rules(policy),
            policy: Cow::Borrowed(policy),
            ctx: Cow::Borrowed(ctx),
            length,
            fixed_length: opts.length.is_some(),
            filler,
            required,
            tables,
        })
    }

    /// A generator that owns its policy and context, to keep across calls.
    pub fn owned(policy: Policy, ctx: Context, opts: &Options) -> Result<Generator<'static>, GenerateError> {
        let borrowed = Generator::new(&policy, &ctx, opts)?;
        let Generator { length, fixed_length, filler, required, rules, tables, .. } = borrowed;
        Ok(Generator {
            policy: Cow::Owned(policy),
            ctx: Cow::Owned(ctx),
            length,
            fixed_length,
            filler,
            required,
            rules,
            tables,
        })
    }

    /// The length this generator produces (unless its range is exhausted).
    pub fn length(&self) -> usize {
        self.length
    }

    /// Generates one compliant secret.
    pub fn generate<R: Rng + ?Sized>(&self, rng: &mut R) -> Result<Generated, GenerateError> {
        let mut slots = self.required.clone();
        slots.resize(self.length, self.filler);
        for _ in 0..ATTEMPTS {
            slots.shuffle(rng);
            if let Some(found) = self.attempt(&slots, rng) {
                return Ok(found);
            }
        }
        self.search(rng)
    }

    fn attempt<R: Rng + ?Sized>(&self, slots: &[CharSet], rng: &mut R) -> Option<Generated> {
        let mut secret = Zeroizing::new(String::with_capacity(slots.len()));
        let mut runs = Runs::default();
        let mut bits = 0.0;
        for &slot in slots {
            let choices = runs.allowed_next(&self.policy, slot);
            if choices.is_empty() {
                return None;
            }
            let c = self.nth(slot, choices, rng.random_range(0..choices.len()))?;
            bits += log2_of_count(choices.len());
            runs.push(c);
            secret.push(c);
        }
        self.complies(&secret).then_some(Generated { secret, entropy_bits: bits })
    }

    /// `choices.nth(n)`, from the slot's table when no run rule narrowed
    /// the slot's set.
    #[inline]
    fn nth(&self, slot: CharSet, choices: CharSet, n: usize) -> Option<char> {
        if choices == slot {
            if let Some((_, table)) = self.tables.iter().find(|(set, _)| *set == slot) {
                return table.get(n).map(|&b| char::from(b));
            }
        }
        choices.nth(n)
    }

    fn complies(&self, secret: &str) -> bool {
        self.rules.iter().all(|&rule| match check::evaluate(&self.policy, &self.ctx, secret, rule) {
            Ok(()) => true,
            Err(failure) => failure_is_unknown(&failure),
        })
    }

    /// Exhaustive search over the draw alphabet, length by length, bounded by
    /// [`SEARCH_BUDGET`]: picks uniformly among the compliant candidates found,
    /// or proves there are none.
    fn search<R: Rng + ?Sized>(&self, rng: &mut R) -> Result<Generated, GenerateError> {
        let lengths: Vec<usize> = if self.fixed_length {
            vec![self.length]
        } else {
            let mut all: Vec<usize> = (self.policy.min_length..=self.policy.max_length).collect();
            all.sort_by_key(|&l| l.abs_diff(self.length));
            all
        };
        // The whole allowed alphabet: preferences (no look-alikes, no space)
        // must never make a claim of "no compliant secret" false.
        let alphabet = self.policy.allowed;
        let mut budget = SEARCH_BUDGET;
        let mut complete = true;
        let fewest = required_slots(&self.policy);
        for length in lengths.into_iter().filter(|&l| l >= fewest) {
            let mut found = Vec::new();
            let mut prefix = String::with_capacity(length);
            complete &= self.walk(alphabet, length, &mut prefix, Runs::default(), &mut found, &mut budget);
            if !found.is_empty() {
                let pick = rng.random_range(0..found.len());
                let bits = (found.len() as f64).log2();
                let secret = Zeroizing::new(found.swap_remove(pick));
                found.iter_mut().for_each(zeroize::Zeroize::zeroize);
                return Ok(Generated { secret, entropy_bits: bits });
            }
            if budget == 0 {
                break;
            }
        }
        if complete {
            Err(PolicyError::Exhausted { kind: self.policy.noun(), detail: self.describe_conflict() }.into())
        } else {
            Err(GenerateError::GaveUp { noun: self.policy.noun(), attempts: ATTEMPTS })
        }
    }

    /// Depth-first walk; returns false when the budget ran out.
    fn walk(
        &self,
        alphabet: CharSet,
        length: usize,
        prefix: &mut String,
        runs: Runs,
        found: &mut Vec<String>,
        budget: &mut usize,
    ) -> bool {
        if *budget == 0 {
            return false;
        }
        *budget -= 1;
        if prefix.len() == length {
            if self.complies(prefix) {
                found.push(prefix.clone());
            }
            return true;
        }
        for c in runs.allowed_next(&self.policy, alphabet).chars() {
            let mut next = runs;
            next.push(c);
            prefix.push(c);
            let done = self.walk(alphabet, length, prefix, next, found, budget);
            prefix.pop();
            if !done {
                return false;
            }
        }
        true
    }

    fn describe_conflict(&self) -> String {
        let alphabet: String = self.policy.allowed.chars().collect();
        let mut parts = vec![format!(
            "{} to {} characters from {alphabet}",
            self.policy.min_length, self.policy.max_length
        )];
        parts.extend(
            self.rules
                .iter()
                .filter(|r| !matches!(r, RuleId::MinLength | RuleId::MaxLength | RuleId::Allowed))
                .map(|&r| check::label(&self.policy, r).to_lowercase()),
        );
        let mut detail = parts.join(", ");
        for (what, value) in [
            ("user ID", self.ctx.user_id.as_deref()),
            ("extension", self.ctx.extension.as_deref()),
            ("phone number", self.ctx.phone.as_deref()),
        ] {
            if let Some(v) = value {
                detail.push_str(&format!("; {what} {v}"));
            }
        }
        detail
    }
}

/// `log2(n)` for a draw among `n` characters, from a table made once: the
/// same values as `f64::log2`, without computing one per character drawn.
fn log2_of_count(n: usize) -> f64 {
    // A CharSet has at most 128 members.
    static TABLE: OnceLock<[f64; 129]> = OnceLock::new();
    let table = TABLE.get_or_init(|| std::array::from_fn(|i| (i as f64).log2()));
    table.get(n).copied().unwrap_or_else(|| (n as f64).log2())
}

fn failure_is_unknown(failure: &check::Failure) -> bool {
    matches!(failure, check::Failure::Unknown { .. })
}

/// The state of the runs ending at the last character placed.
#[derive(Clone, Copy, Default)]
struct Runs {
    last: Option<char>,
    same: usize,
    up: usize,
    down: usize,
}

impl Runs {
    /// `slot` without the characters that would make a run too long.
    fn allowed_next(&self, policy: &Policy, slot: CharSet) -> CharSet {
        let Some(last) = self.last else { return slot };
        let mut choices = slot;
        let exclude = |set: CharSet, c: Option<char>| match c.and_then(CharSet::single) {
            Some(one) => set.difference(one),
            None => set,
        };
        if policy.max_consecutive.is_some_and(|max| self.same >= max) {
            choices = exclude(choices, Some(last));
        }
        if last.is_ascii_digit() {
            if policy.max_ascending.is_some_and(|max| self.up >= max) {
                choices = exclude(choices, char::from_u32(last as u32 + 1).filter(char::is_ascii_digit));
            }
            if policy.max_descending.is_some_and(|max| self.down >= max) {
                choices = exclude(
                    choices,
                    char::from_u32((last as u32).wrapping_sub(1)).filter(char::is_ascii_digit),
                );
            }
        }
        choices
    }

    fn push(&mut self, c: char) {
        let step = |delta: i32| {
            self.last
                .is_some_and(|l| l.is_ascii_digit() && c.is_ascii_digit() && c as i32 - l as i32 == delta)
        };
        let (up, down) = (step(1), step(-1));
        self.same = if self.last == Some(c) { self.same + 1 } else { 1 };
        self.up = if up { self.up + 1 } else { 1 };
        self.down = if down { self.down + 1 } else { 1 };
        self.last = Some(c);
    }
}
