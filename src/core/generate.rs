//! The generator: compliant passwords and passcodes from the system CSPRNG.
//!
//! Each attempt lays out one slot per required character plus filler slots,
//! places the required slots at uniformly random positions (a uniform
//! arrangement, as a shuffle of the slots would make), and fills the slots
//! left to right, leaving out any character that would break a run rule
//! (max-consecutive, ascending, descending) given what came before. Without
//! run rules every draw's range is known in advance, so all of an attempt's
//! draws come from a few 64-bit words ([`Batch`]); with them, one exact draw
//! per character ([`below`]). The result is then validated against the whole
//! policy, context rules included, and redrawn if needed. When random attempts keep
//! failing (tiny alphabets, a user's details excluding most candidates), a
//! bounded exhaustive search either finds the compliant candidates, one of
//! which is picked uniformly, or proves there are none: a typed error, never
//! a hang.

use std::borrow::Cow;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

use rand::Rng;
use thiserror::Error;
use zeroize::{Zeroize, Zeroizing};

use crate::charset::CharSet;
use crate::check::{self, RuleId};
use crate::context::Context;
use crate::policy::{Kind, Policy, PolicyError};
use crate::rng::{Batch, SystemRng, below};

/// The web password length when none is asked for.
pub const DEFAULT_WEB_LENGTH: usize = 16;
/// Random attempts before the exhaustive search.
const ATTEMPTS: usize = 200;
/// Search nodes visited at most by the exhaustive search.
const SEARCH_BUDGET: usize = 400_000;
/// The longest secret made on the batched path (stack buffers of this size);
/// longer ones draw one character at a time.
const BATCHED_MAX: usize = 64;

/// How to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// The length; the policy's default when `None`.
    pub length: Option<usize>,
    /// Leave out `0 O o 1 l I` from web passwords where the policy allows.
    pub exclude_look_alikes: bool,
    /// Random characters or words (honoured by [`generate_styled`]; [`generate`]
    /// and [`Generator`] always draw random characters).
    pub style: Style,
}

impl Default for Options {
    fn default() -> Self {
        Options { length: None, exclude_look_alikes: true, style: Style::Random }
    }
}

/// What a web password is made of.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Style {
    /// Characters drawn uniformly from the policy's alphabet (the default).
    #[default]
    Random,
    /// Words from EFF's short list, for reading over the phone
    /// ([`crate::words`]; read aloud by [`crate::nato::read_aloud`]).
    Words,
}

/// Generates one secret in `style` from the system CSPRNG: [`generate`] for
/// [`Style::Random`], [`crate::words::generate`] for [`Style::Words`].
pub fn generate_styled(
    policy: &Policy,
    ctx: &Context,
    opts: &Options,
    style: Style,
) -> Result<Generated, crate::words::WordsError> {
    match style {
        Style::Random => Ok(generate(policy, ctx, opts)?),
        Style::Words => crate::words::generate(policy, ctx, opts),
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
    prep: Prepared,
}

/// What [`Generator::new`] works out once: none of it borrows.
struct Prepared {
    length: usize,
    /// The length was chosen by the caller: never try another.
    fixed_length: bool,
    filler: CharSet,
    required: Vec<CharSet>,
    rules: Vec<RuleId>,
    /// The rules [`Generator::complies`] leaves to [`check::evaluate`]: all but
    /// the lengths, the alphabet and the required counts, which it checks in
    /// one pass over the bytes.
    checked: Vec<RuleId>,
    /// The characters of each set a slot draws from, in code order, so that
    /// a draw indexes a table instead of walking the set's bits.
    tables: Vec<(CharSet, Vec<u8>)>,
    /// Index in `tables` of each required slot's set, and of the filler's.
    required_tables: Vec<usize>,
    filler_table: usize,
    /// The placement draws: the required slots' positions, `0..length`,
    /// `0..length - 1`, and so on.
    placement: Batch,
    /// Without run rules: every draw of an attempt (placement, then each
    /// required slot's character, then each filler's), and its entropy.
    batched: Option<(Batch, f64)>,
    /// Per ASCII byte, one 8-bit lane per requirement (1 if the byte counts
    /// for it) and the top lane 1 if the byte is allowed: summing a secret's
    /// entries counts everything [`Generator::counts_hold`] needs at once.
    /// Made on the second check (a one-off secret is checked without it:
    /// making it costs about as much as checking a few secrets the long
    /// way), never past 7 requirements.
    lanes: OnceLock<Box<[u64; 128]>>,
    /// Checks made without `lanes`.
    checks: AtomicU32,
}

/// The positions `0..BATCHED_MAX` in order, where a placement starts.
const IN_ORDER: [u8; BATCHED_MAX] = {
    let mut all = [0u8; BATCHED_MAX];
    let mut i = 0;
    while i < BATCHED_MAX {
        all[i] = i as u8;
        i += 1;
    }
    all
};

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
        let table_of = |set: CharSet| tables.iter().position(|(s, _)| *s == set).unwrap_or(0);
        let required_tables: Vec<usize> = required.iter().map(|&set| table_of(set)).collect();
        let filler_table = table_of(filler);
        let k = required.len();
        // Sizes fit u32: positions are at most the length (checked by
        // Batch::new never seeing 0), a set has at most 95 characters.
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let placement = Batch::new((0..k).map(|i| count(length - i)));
        let no_runs = policy.max_consecutive.is_none()
            && policy.max_ascending.is_none()
            && policy.max_descending.is_none();
        let batched = (no_runs && length <= BATCHED_MAX).then(|| {
            let sizes = required.iter().chain(std::iter::repeat_n(&filler, length - k)).map(|s| s.len());
            let bits = sizes.clone().map(log2_of_count).sum::<f64>();
            let radices = (0..k).map(|i| count(length - i)).chain(sizes.map(count));
            (Batch::new(radices), bits)
        });
        let rules = check::rules(policy);
        let checked = rules
            .iter()
            .copied()
            .filter(|r| {
                !matches!(r, RuleId::MinLength | RuleId::MaxLength | RuleId::Allowed | RuleId::Required(_))
            })
            .collect();
        Ok(Generator {
            policy: Cow::Borrowed(policy),
            ctx: Cow::Borrowed(ctx),
            prep: Prepared {
                length,
                fixed_length: opts.length.is_some(),
                filler,
                required,
                rules,
                checked,
                tables,
                required_tables,
                filler_table,
                placement,
                batched,
                lanes: OnceLock::new(),
                checks: AtomicU32::new(0),
            },
        })
    }

    /// A generator that owns its policy and context, to keep across calls.
    pub fn owned(policy: Policy, ctx: Context, opts: &Options) -> Result<Generator<'static>, GenerateError> {
        let prep = Generator::new(&policy, &ctx, opts)?.prep;
        Ok(Generator { policy: Cow::Owned(policy), ctx: Cow::Owned(ctx), prep })
    }

    /// The length this generator produces (unless its range is exhausted).
    pub fn length(&self) -> usize {
        self.prep.length
    }

    /// Generates one compliant secret.
    pub fn generate<R: Rng + ?Sized>(&self, rng: &mut R) -> Result<Generated, GenerateError> {
        for _ in 0..ATTEMPTS {
            let found = match &self.prep.batched {
                Some((batch, bits)) => self.attempt_batched(batch, *bits, rng),
                None => self.attempt(rng),
            };
            if let Some(found) = found {
                return Ok(found);
            }
        }
        self.search(rng)
    }

    /// One attempt without run rules: every draw from one [`Batch`].
    fn attempt_batched<R: Rng + ?Sized>(&self, batch: &Batch, bits: f64, rng: &mut R) -> Option<Generated> {
        let p = &self.prep;
        let (length, k) = (p.length, p.required.len());
        let mut digits = [0u32; 2 * BATCHED_MAX];
        batch.draw(rng, &mut digits);
        // A partial Fisher-Yates shuffle of the positions: the required slots
        // land on a uniform arrangement of distinct positions, the fillers on
        // the rest.
        let mut positions = IN_ORDER;
        for (i, &d) in digits[..k].iter().enumerate() {
            positions.swap(i, i + d as usize);
        }
        let mut bytes = [0u8; BATCHED_MAX];
        for i in 0..k {
            bytes[usize::from(positions[i])] = p.tables[p.required_tables[i]].1[digits[k + i] as usize];
        }
        let filler = &p.tables[p.filler_table].1;
        for i in k..length {
            bytes[usize::from(positions[i])] = filler[digits[k + i] as usize];
        }
        // Every table byte is ASCII.
        let secret = String::from_utf8(bytes[..length].to_vec()).ok().map(Zeroizing::new);
        digits[..batch.len()].zeroize();
        bytes[..length].zeroize();
        let secret = secret?;
        self.complies(&secret).then_some(Generated { secret, entropy_bits: bits })
    }

    /// One attempt drawing one character at a time, each from what the run
    /// rules leave of its slot's set.
    fn attempt<R: Rng + ?Sized>(&self, rng: &mut R) -> Option<Generated> {
        let p = &self.prep;
        let (length, k) = (p.length, p.required.len());
        let mut picks = vec![0u32; k];
        p.placement.draw(rng, &mut picks);
        let mut positions: Vec<usize> = (0..length).collect();
        let mut slots = vec![p.filler; length];
        for (i, &d) in picks.iter().enumerate() {
            positions.swap(i, i + d as usize);
            slots[positions[i]] = p.required[i];
        }
        let mut secret = Zeroizing::new(String::with_capacity(length));
        let mut runs = Runs::default();
        let mut bits = 0.0;
        for &slot in &slots {
            let choices = runs.allowed_next(&self.policy, slot);
            if choices.is_empty() {
                return None;
            }
            // A CharSet has at most 128 members.
            let c = self.nth(slot, choices, below(rng, choices.len() as u32) as usize)?;
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
            if let Some((_, table)) = self.prep.tables.iter().find(|(set, _)| *set == slot) {
                return table.get(n).map(|&b| char::from(b));
            }
        }
        choices.nth(n)
    }

    /// Whether `secret` breaks no rule of the policy, as
    /// [`check::complies`] decides: the lengths, the alphabet and the
    /// required counts in one pass over the bytes, every other rule by
    /// [`check::evaluate`].
    fn complies(&self, secret: &str) -> bool {
        self.counts_hold(secret)
            && self.prep.checked.iter().all(|&rule| {
                match check::evaluate(&self.policy, &self.ctx, secret, rule) {
                    Ok(()) => true,
                    Err(failure) => failure_is_unknown(&failure),
                }
            })
    }

    /// check's `MinLength`, `MaxLength`, `Allowed` and `Required` rules. A
    /// byte outside the alphabet fails (no CharSet holds a non-ASCII
    /// character); past that check every character is one byte.
    #[inline]
    fn counts_hold(&self, secret: &str) -> bool {
        let policy = &*self.policy;
        let bytes = secret.as_bytes();
        if !(policy.min_length..=policy.max_length).contains(&bytes.len()) {
            return false;
        }
        let lanes = self.prep.lanes.get().or_else(|| {
            let second = self.prep.checks.fetch_add(1, Ordering::Relaxed) >= 1;
            (second && policy.required.len() <= 7).then(|| self.prep.lanes.get_or_init(|| lanes(policy)))
        });
        match lanes {
            // Lanes of 8 bits count up to 255 without carrying into the next.
            Some(lanes) if bytes.len() < 256 => {
                let mut sum = 0u64;
                for &b in bytes {
                    match lanes.get(usize::from(b)) {
                        Some(entry) => sum += entry,
                        None => return false,
                    }
                }
                let lane = |i: usize| (sum >> (8 * i)) as u8 as usize;
                lane(7) == bytes.len()
                    && policy.required.iter().enumerate().all(|(i, req)| lane(i) >= req.count)
            }
            _ => {
                bytes.iter().all(|&b| policy.allowed.contains(char::from(b)))
                    && policy.required.iter().all(|req| {
                        bytes.iter().filter(|&&b| req.set.contains(char::from(b))).count() >= req.count
                    })
            }
        }
    }

    /// Exhaustive search over the draw alphabet, length by length, bounded by
    /// [`SEARCH_BUDGET`]: picks uniformly among the compliant candidates found,
    /// or proves there are none.
    fn search<R: Rng + ?Sized>(&self, rng: &mut R) -> Result<Generated, GenerateError> {
        let lengths: Vec<usize> = if self.prep.fixed_length {
            vec![self.prep.length]
        } else {
            let mut all: Vec<usize> = (self.policy.min_length..=self.policy.max_length).collect();
            all.sort_by_key(|&l| l.abs_diff(self.prep.length));
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
                // At most SEARCH_BUDGET candidates.
                let pick = below(rng, u32::try_from(found.len()).unwrap_or(u32::MAX)) as usize;
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
            self.prep
                .rules
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

/// The table of [`Prepared::lanes`] for `policy` (at most 7 requirements).
fn lanes(policy: &Policy) -> Box<[u64; 128]> {
    Box::new(std::array::from_fn(|b| {
        let c = char::from(b as u8);
        let lane = |i: usize, set: CharSet| u64::from(set.contains(c)) << (8 * i);
        policy.required.iter().enumerate().map(|(i, req)| lane(i, req.set)).sum::<u64>()
            + lane(7, policy.allowed)
    }))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{CharRules, PasscodeRules, WebRules};

    /// A small deterministic RNG (SplitMix64) for reproducible inputs.
    struct Mix(u64);

    impl rand::TryRng for Mix {
        type Error = std::convert::Infallible;
        fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
            Ok((self.try_next_u64()? >> 32) as u32)
        }
        fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            Ok(z ^ (z >> 31))
        }
        fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
            for b in dst {
                *b = self.try_next_u32()? as u8;
            }
            Ok(())
        }
    }

    #[test]
    fn the_one_pass_check_agrees_with_the_checker() {
        let user = Context { user_id: Some("ab@x.example".into()), ..Default::default() };
        let web = |rules: WebRules, chars: &str| {
            Policy::web(&rules, Some(&CharRules::parse(chars).unwrap())).unwrap()
        };
        // Each with candidates from an alphabet a little wider than its own,
        // so that every rule both holds and fails; with non-ASCII too.
        let cases = [
            (
                web(
                    WebRules {
                        min_length: Some(6),
                        min_digits: Some(2),
                        min_upper: Some(1),
                        ..Default::default()
                    },
                    "maxlength: 10; allowed: upper, lower, digit, [-!]",
                ),
                "aAbB0099-!#é ",
            ),
            (
                web(
                    WebRules { min_non_alphanumeric: Some(2), forbid_user_id: true, ..Default::default() },
                    "required: [ab]; allowed: ascii-printable; max-consecutive: 2",
                ),
                "aAbB09-!#é ",
            ),
            (
                Policy::passcode(
                    &PasscodeRules {
                        min_length: 4,
                        max_length: 6,
                        max_ascending: Some(2),
                        ..Default::default()
                    },
                    None,
                )
                .unwrap(),
                "0123456789a",
            ),
        ];
        let mut rng = Mix(7);
        for (policy, alphabet) in &cases {
            let alphabet: Vec<char> = alphabet.chars().collect();
            let opts = Options { length: None, exclude_look_alikes: false, ..Options::default() };
            let generator = Generator::new(policy, &user, &opts).unwrap();
            let (mut agree, mut compliant) = (0, 0);
            for _ in 0..20_000 {
                let len = below(&mut rng, 13) as usize;
                let s: String =
                    (0..len).map(|_| alphabet[below(&mut rng, alphabet.len() as u32) as usize]).collect();
                let expected = check::complies(policy, &user, &s);
                assert_eq!(generator.complies(&s), expected, "{s:?} {policy:?}");
                agree += 1;
                compliant += usize::from(expected);
            }
            assert!(compliant > 0 && compliant < agree, "both outcomes were tried: {compliant} of {agree}");
        }
    }

    #[test]
    fn both_paths_make_compliant_secrets_of_the_length() {
        let chars =
            CharRules::parse("required: upper; required: digit; required: [-#]; allowed: lower").unwrap();
        let mut policy =
            Policy::web(&WebRules { min_lower: Some(2), ..Default::default() }, Some(&chars)).unwrap();
        // Longer than the portal's 60, to reach the per-character path.
        policy.max_length = BATCHED_MAX + 1;
        let mut rng = Mix(1);
        let ctx = Context::default();
        for length in [5, 16, BATCHED_MAX, BATCHED_MAX + 1] {
            let opts = Options { length: Some(length), ..Options::default() };
            let generator = Generator::new(&policy, &ctx, &opts).unwrap();
            assert_eq!(generator.prep.batched.is_some(), length <= BATCHED_MAX);
            for _ in 0..200 {
                let g = generator.generate(&mut rng).unwrap();
                assert_eq!(g.secret.len(), length);
                assert!(check::complies(&policy, &ctx, &g.secret), "{}", g.secret.as_str());
            }
        }
    }
}
