//! Speakable web passwords made of words, for reading over the phone:
//! `tiger-Apple-cargo7-salad-movie-delay`, read as "word tiger - Hyphen -
//! capitalised word Apple - ..." ([`crate::nato::read_aloud`]).
//!
//! Words come from EFF's short word list #1 (1,296 words of 3 to 5 letters,
//! CC BY 3.0 US; `data/NOTICE` has the attribution and where this copy came
//! from), each drawn uniformly and independently. They are joined by a
//! separator that marks where a word ends: a fixed symbol (`-` when allowed),
//! or capitals starting every word when no symbol is allowed, or random digits
//! when neither is. What the policy requires beyond that is added by
//! construction: capitals by capitalising words chosen at random, other
//! classes by characters inserted between the words at random places. Every
//! secret is then validated against the whole policy by the checker and
//! redrawn if it fails; a policy that words cannot meet (too short a maximum
//! length, no way to mark word boundaries) is a typed error, decided before
//! any draw.
//!
//! The number of words is the smallest that gives at least [`DEFAULT_MIN_BITS`]
//! bits of entropy, counting every random choice and nothing else: the words
//! (`log2` of the usable list each), which words are capitalised (`log2` of
//! the number of ways to choose them, when not all are), the inserted
//! characters (`log2` of their sets) and where they go (`log2` of the number
//! of interleavings, when they cannot be confused with letters or
//! separators), and random digit separators. A minimum length (the policy's
//! or [`Options::length`], which for words is a minimum, not an exact length)
//! is reached by adding words, each one more draw; a maximum length by leaving
//! out the longest words when needed, which shrinks the list and so counts
//! fewer bits per word.

use std::borrow::Cow;
use std::sync::OnceLock;

use rand::Rng;
use thiserror::Error;
use zeroize::{Zeroize, Zeroizing};

use crate::charset::CharSet;
use crate::check;
use crate::context::Context;
use crate::generate::{GenerateError, Generated, Options};
use crate::policy::{Kind, Policy};
use crate::rng::{SystemRng, below};

/// EFF's short word list #1, one word per line, in the list's dice order.
const LIST: &str = include_str!("data/eff_short_wordlist_1.txt");

/// The number of words in [`list`].
pub const LIST_LEN: usize = 1296;

/// The entropy a words password has at least, unless asked otherwise.
pub const DEFAULT_MIN_BITS: f64 = 60.0;

/// Attempts before giving up: only cross-word coincidences (a run across a
/// boundary, the user ID spanning a separator) ever make one fail.
const ATTEMPTS: usize = 200;

/// Symbols tried as the separator, in order of preference; then any other
/// allowed symbol but space.
const SEPARATORS: &str = "-._+=/:~*#!@";

/// EFF's short word list #1: 1,296 lowercase words of 3 to 5 characters (one,
/// `yo-yo`, has a hyphen), in the list's order.
pub fn list() -> &'static [&'static str] {
    static WORDS: OnceLock<Vec<&'static str>> = OnceLock::new();
    WORDS.get_or_init(|| LIST.lines().collect())
}

/// Whether `word` (lowercase) is in [`list`].
pub fn is_word(word: &str) -> bool {
    list().binary_search(&word).is_ok()
}

/// Why no words password could be made.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum WordsError {
    /// What the random generator would refuse too: an impossible policy, a
    /// length outside the policy's range, no CSPRNG, or no compliant secret
    /// after many attempts.
    #[error(transparent)]
    Generate(#[from] GenerateError),
    /// Words are for web passwords; passcodes are digits.
    #[error("words are for web passwords; a passcode is digits only")]
    Passcode,
    /// The alphabet (or the user ID, or a run rule) leaves too few words.
    #[error("the policy leaves {usable} of the word list's {LIST_LEN} words usable; at least 2 are needed")]
    TooFewWords {
        /// Words whose every character the policy allows.
        usable: usize,
    },
    /// No symbol, second letter case or digit is allowed to mark where one
    /// word ends and the next begins.
    #[error(
        "the policy allows no symbol, no second letter case and no digit to mark where one word ends and the next begins"
    )]
    NoSeparator,
    /// Enough words for the entropy do not fit the maximum length.
    #[error(
        "a password of words with at least {min_bits} bits needs up to {needed} characters; the policy allows at most {max}"
    )]
    TooLong {
        /// The entropy asked for, in whole bits.
        min_bits: u32,
        /// The longest the password could come out (the shortest such bound
        /// over the word lengths tried).
        needed: usize,
        /// The policy's maximum length.
        max: usize,
    },
}

/// What marks the boundary between two words.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Separator {
    /// This symbol between every two words.
    Symbol(char),
    /// Every word capitalised, nothing between them.
    Capitals,
    /// A random digit from this table between every two words.
    Digits(Vec<u8>),
}

impl Separator {
    /// Characters between `n` words.
    fn length(&self, n: usize) -> usize {
        match self {
            Separator::Capitals => 0,
            _ => n.saturating_sub(1),
        }
    }
}

/// What [`WordGenerator::new`] decides once for a policy.
#[derive(Clone, Debug)]
struct Plan {
    /// The usable words, lowercase.
    words: Vec<&'static str>,
    /// Words are written in capitals (the policy allows no lowercase).
    upper: bool,
    separator: Separator,
    /// Words drawn at least (for the entropy).
    min_words: usize,
    /// Words are added until the password has at least this many characters.
    target: usize,
    /// Words capitalised, chosen at random (all of them with `Capitals`).
    capitals: usize,
    /// The table of each inserted character, in the order they are drawn.
    extras: Vec<Vec<u8>>,
    /// Whether where the inserted characters go counts as entropy: they can
    /// be told from letters and separators, so every interleaving is a
    /// different password.
    placement_counts: bool,
    /// `log2` of the usable list's length.
    word_bits: f64,
}

/// A generator of words passwords prepared for one policy, context and
/// options; reusable for many secrets.
pub struct WordGenerator<'a> {
    policy: Cow<'a, Policy>,
    ctx: Cow<'a, Context>,
    plan: Plan,
}

/// `log2` of the number of ways to choose `k` of `n`.
fn log2_choose(n: usize, k: usize) -> f64 {
    let k = k.min(n - k.min(n));
    (0..k).map(|i| ((n - i) as f64).log2() - ((i + 1) as f64).log2()).sum()
}

impl<'a> WordGenerator<'a> {
    /// Prepares words passwords of at least [`DEFAULT_MIN_BITS`] bits.
    pub fn new(
        policy: &'a Policy,
        ctx: &'a Context,
        opts: &Options,
    ) -> Result<WordGenerator<'a>, WordsError> {
        WordGenerator::with_min_bits(policy, ctx, opts, DEFAULT_MIN_BITS)
    }

    /// Prepares words passwords of at least `min_bits` bits of entropy.
    pub fn with_min_bits(
        policy: &'a Policy,
        ctx: &'a Context,
        opts: &Options,
        min_bits: f64,
    ) -> Result<WordGenerator<'a>, WordsError> {
        let plan = plan(policy, ctx, opts, min_bits)?;
        Ok(WordGenerator { policy: Cow::Borrowed(policy), ctx: Cow::Borrowed(ctx), plan })
    }

    /// A generator that owns its policy and context, to keep across calls.
    pub fn owned(policy: Policy, ctx: Context, opts: &Options) -> Result<WordGenerator<'static>, WordsError> {
        let plan = plan(&policy, &ctx, opts, DEFAULT_MIN_BITS)?;
        Ok(WordGenerator { policy: Cow::Owned(policy), ctx: Cow::Owned(ctx), plan })
    }

    /// The fewest words a password has (more when a minimum length asks).
    pub fn min_words(&self) -> usize {
        self.plan.min_words
    }

    /// How many words of the list this policy can use.
    pub fn usable_words(&self) -> usize {
        self.plan.words.len()
    }

    /// Generates one compliant words password.
    pub fn generate<R: Rng + ?Sized>(&self, rng: &mut R) -> Result<Generated, WordsError> {
        for _ in 0..ATTEMPTS {
            if let Some(found) = self.attempt(rng) {
                return Ok(found);
            }
        }
        Err(GenerateError::GaveUp { noun: self.policy.noun(), attempts: ATTEMPTS }.into())
    }

    fn attempt<R: Rng + ?Sized>(&self, rng: &mut R) -> Option<Generated> {
        let plan = &self.plan;
        let count = plan.words.len() as u32;
        let m = plan.extras.len();
        let mut picks: Vec<usize> = (0..plan.min_words).map(|_| below(rng, count) as usize).collect();
        let length = |picks: &[usize]| {
            picks.iter().map(|&i| plan.words[i].len()).sum::<usize>() + plan.separator.length(picks.len()) + m
        };
        while length(&picks) < plan.target {
            picks.push(below(rng, count) as usize);
        }
        let n = picks.len();
        let mut bits = n as f64 * plan.word_bits;

        // Which words start with a capital: a uniform choice of `capitals`.
        let mut capital = vec![false; n];
        if plan.separator == Separator::Capitals {
            capital.fill(true);
        } else {
            let mut order: Vec<usize> = (0..n).collect();
            for i in 0..plan.capitals.min(n) {
                order.swap(i, i + below(rng, (n - i) as u32) as usize);
                capital[order[i]] = true;
            }
            bits += log2_choose(n, plan.capitals.min(n));
        }

        let mut extras: Vec<u8> = plan
            .extras
            .iter()
            .map(|table| {
                bits += (table.len() as f64).log2();
                table[below(rng, table.len() as u32) as usize]
            })
            .collect();

        // Where they go: a uniform choice of m of the n + m places in the
        // sequence of words and inserted characters, filled in draw order.
        let mut is_extra = vec![false; n + m];
        let mut places: Vec<usize> = (0..n + m).collect();
        for i in 0..m {
            places.swap(i, i + below(rng, (n + m - i) as u32) as usize);
            is_extra[places[i]] = true;
        }
        if plan.placement_counts {
            bits += log2_choose(n + m, m);
        }

        let mut secret = Zeroizing::new(String::with_capacity(length(&picks)));
        let (mut next_word, mut next_extra) = (0, 0);
        for &extra in &is_extra {
            if extra {
                secret.push(char::from(extras[next_extra]));
                next_extra += 1;
                continue;
            }
            if next_word > 0 {
                match &plan.separator {
                    Separator::Symbol(c) => secret.push(*c),
                    Separator::Capitals => {}
                    Separator::Digits(table) => {
                        bits += (table.len() as f64).log2();
                        secret.push(char::from(table[below(rng, table.len() as u32) as usize]));
                    }
                }
            }
            let word = plan.words[picks[next_word]];
            for (i, c) in word.chars().enumerate() {
                let up = plan.upper || (i == 0 && capital[next_word]);
                secret.push(if up { c.to_ascii_uppercase() } else { c });
            }
            next_word += 1;
        }
        picks.zeroize();
        extras.zeroize();
        check::complies(&self.policy, &self.ctx, &secret).then_some(Generated { secret, entropy_bits: bits })
    }
}

/// Generates one words password from the system CSPRNG (a fresh key).
pub fn generate(policy: &Policy, ctx: &Context, opts: &Options) -> Result<Generated, WordsError> {
    let mut rng = SystemRng::new().map_err(|e| GenerateError::Randomness(e.to_string()))?;
    WordGenerator::new(policy, ctx, opts)?.generate(&mut rng)
}

/// The usable words in one case: every character allowed, no run longer
/// than the policy's, no form of the user ID inside.
fn usable(policy: &Policy, ctx: &Context, upper: bool, max_len: usize) -> Vec<&'static str> {
    let forms: Vec<String> = if policy.forbid_user_id {
        ctx.user_id_forms().iter().map(|f| f.to_lowercase()).collect()
    } else {
        Vec::new()
    };
    list()
        .iter()
        .copied()
        .filter(|w| w.len() <= max_len)
        .filter(|w| {
            w.chars().all(|c| policy.allowed.contains(if upper { c.to_ascii_uppercase() } else { c }))
        })
        .filter(|w| {
            policy.max_consecutive.is_none_or(|max| check::longest_run(w).is_none_or(|(_, n)| n <= max))
        })
        .filter(|w| !forms.iter().any(|f| w.contains(f.as_str())))
        .collect()
}

fn plan(policy: &Policy, ctx: &Context, opts: &Options, min_bits: f64) -> Result<Plan, WordsError> {
    policy.validate().map_err(GenerateError::from)?;
    if policy.kind == Kind::Passcode {
        return Err(WordsError::Passcode);
    }
    if let Some(requested) = opts.length {
        if requested < policy.min_length || requested > policy.max_length {
            let (min, max) = (policy.min_length, policy.max_length);
            return Err(GenerateError::Length { requested, min, max }.into());
        }
    }
    let target = policy.min_length.max(opts.length.unwrap_or(0));
    let allowed = policy.allowed;

    let lower_words = usable(policy, ctx, false, usize::MAX);
    let upper_words = usable(policy, ctx, true, usize::MAX);
    let upper = upper_words.len() > lower_words.len();
    let all = if upper { upper_words } else { lower_words };
    if all.len() < 2 {
        return Err(WordsError::TooFewWords { usable: all.len() });
    }
    let tidy = |set: CharSet| {
        let set = set.intersection(allowed).prefer_without(CharSet::SPACE);
        if opts.exclude_look_alikes { set.prefer_without(CharSet::LOOK_ALIKES) } else { set }
    };
    let table = |set: CharSet| -> Vec<u8> { set.chars().map(|c| c as u8).collect() };
    let symbol =
        SEPARATORS.chars().chain(CharSet::SPECIAL.chars()).find(|&c| c != ' ' && allowed.contains(c));
    let can_capitalise = !upper && CharSet::UPPER.is_subset(allowed);
    let separator = match symbol {
        Some(c) => Separator::Symbol(c),
        None if can_capitalise => Separator::Capitals,
        None if !allowed.intersection(CharSet::DIGIT).is_empty() => {
            Separator::Digits(table(tidy(CharSet::DIGIT)))
        }
        None => return Err(WordsError::NoSeparator),
    };
    let separator_chars = match &separator {
        Separator::Symbol(c) => CharSet::single(*c).unwrap_or_default(),
        Separator::Capitals => CharSet::EMPTY,
        Separator::Digits(t) => CharSet::from_chars(std::str::from_utf8(t).unwrap_or_default()),
    };
    let word_case = if upper { CharSet::UPPER } else { CharSet::LOWER }.intersection(allowed);

    // What n words with `capitals` of them capitalised surely contain of a
    // required set, and what must be inserted for the rest.
    let needs = |n: usize, min_letters: usize| -> (usize, Vec<CharSet>) {
        let upper_allowed = CharSet::UPPER.intersection(allowed);
        let capitals = if separator == Separator::Capitals {
            n
        } else if can_capitalise {
            policy
                .required
                .iter()
                .filter(|r| upper_allowed.is_subset(r.set) && !word_case.is_subset(r.set))
                .map(|r| r.count)
                .max()
                .unwrap_or(0)
                .min(n)
        } else {
            0
        };
        let mut extras = Vec::new();
        for req in &policy.required {
            let mut sure = 0;
            if word_case.is_subset(req.set) {
                sure += (n * min_letters).saturating_sub(if upper { 0 } else { capitals });
            }
            if !upper && upper_allowed.is_subset(req.set) {
                sure += capitals;
            }
            if !separator_chars.is_empty() && separator_chars.is_subset(req.set) {
                sure += separator.length(n);
            }
            let set = tidy(req.set).prefer_without(CharSet::LETTERS).prefer_without(separator_chars);
            extras.extend(std::iter::repeat_n(set, req.count.saturating_sub(sure)));
        }
        (capitals, extras)
    };

    // The longest words first; shorter caps only when the maximum length
    // needs them.
    let longest = all.iter().map(|w| w.len()).max().unwrap_or(0);
    let mut best_needed = usize::MAX;
    for cap in (1..=longest).rev() {
        let words: Vec<&'static str> = all.iter().copied().filter(|w| w.len() <= cap).collect();
        if words.len() < 2 {
            break;
        }
        let word_bits = (words.len() as f64).log2();
        let min_letters =
            words.iter().map(|w| w.chars().filter(char::is_ascii_alphabetic).count()).min().unwrap_or(0);
        let shortest_word = words.iter().map(|w| w.len()).min().unwrap_or(0);
        let bits = |n: usize| {
            let (capitals, extras) = needs(n, min_letters);
            let mut bits = n as f64 * word_bits;
            if separator != Separator::Capitals {
                bits += log2_choose(n, capitals);
            }
            bits += extras.iter().map(|s| (s.len() as f64).log2()).sum::<f64>();
            if let Separator::Digits(t) = &separator {
                bits += separator.length(n) as f64 * (t.len() as f64).log2();
            }
            let m = extras.len();
            let distinct =
                extras.iter().all(|s| s.intersection(CharSet::LETTERS.union(separator_chars)).is_empty());
            if distinct {
                bits += log2_choose(n + m, m);
            }
            bits
        };
        let Some(n) = (1..=1024).find(|&n| bits(n) >= min_bits) else { continue };
        let (capitals, extras) = needs(n, min_letters);
        let m = extras.len();
        let longest_at = |n: usize| n * cap + separator.length(n) + m;
        let shortest_at = |n: usize| n * shortest_word + separator.length(n) + m;
        // Words added for the minimum length stop at the first that reaches
        // it: at most one separator and one word past it.
        let step = cap + usize::from(separator != Separator::Capitals);
        let needed =
            if shortest_at(n) < target { longest_at(n).max(target - 1 + step) } else { longest_at(n) };
        best_needed = best_needed.min(needed);
        if needed <= policy.max_length {
            let placement_counts =
                extras.iter().all(|s| s.intersection(CharSet::LETTERS.union(separator_chars)).is_empty());
            return Ok(Plan {
                words,
                upper,
                separator,
                min_words: n,
                target,
                capitals,
                extras: extras.into_iter().map(table).collect(),
                placement_counts,
                word_bits,
            });
        }
    }
    Err(WordsError::TooLong { min_bits: min_bits.ceil() as u32, needed: best_needed, max: policy.max_length })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{CharRules, WebRules};

    #[test]
    fn the_list_is_effs_short_list_1() {
        let words = list();
        assert_eq!(words.len(), LIST_LEN);
        assert_eq!((words[0], words[1295]), ("acid", "zoom"));
        assert!(words.windows(2).all(|w| w[0] < w[1]), "sorted and distinct");
        assert!(words.iter().all(|w| (3..=5).contains(&w.len())));
        assert!(words.iter().all(|w| w.chars().all(|c| c.is_ascii_lowercase() || c == '-')));
        assert_eq!(words.iter().filter(|w| w.contains('-')).collect::<Vec<_>>(), [&"yo-yo"]);
        assert!(is_word("tiger") && !is_word("Tiger") && !is_word("tigers"));
    }

    #[test]
    fn choose_is_the_binomial_coefficient() {
        assert_eq!(log2_choose(6, 0), 0.0);
        assert!((log2_choose(6, 1) - 6f64.log2()).abs() < 1e-12);
        assert!((log2_choose(6, 2) - 15f64.log2()).abs() < 1e-12);
        assert!((log2_choose(7, 5) - 21f64.log2()).abs() < 1e-12);
        assert_eq!(log2_choose(4, 4), 0.0);
    }

    #[test]
    fn separators_follow_what_is_allowed() {
        let web =
            |chars: &str| Policy::web(&WebRules::default(), Some(&CharRules::parse(chars).unwrap())).unwrap();
        let sep = |p: &Policy| {
            plan(p, &Context::default(), &Options::default(), DEFAULT_MIN_BITS).map(|p| p.separator)
        };
        assert_eq!(sep(&web("allowed: ascii-printable")), Ok(Separator::Symbol('-')));
        assert_eq!(sep(&web("allowed: lower, [_]")), Ok(Separator::Symbol('_')));
        assert_eq!(sep(&web("allowed: upper, lower, digit")), Ok(Separator::Capitals));
        assert_eq!(sep(&web("allowed: lower, digit")), Ok(Separator::Digits(b"23456789".to_vec())));
        assert_eq!(sep(&web("allowed: lower")), Err(WordsError::NoSeparator));
        assert!(matches!(sep(&web("allowed: digit, [-]")), Err(WordsError::TooFewWords { usable: 0 })));
    }
}
