//! Words passwords (`passwright::words`), checked against what does not come
//! from the generator: the portal simulator's own checker
//! (`passwright_portal::rules::check_web`), a plain re-implementation of the
//! policy's rules written here, the word list itself, and chi-square tests
//! of the draws.
//!
//! Chi-square thresholds are the critical values at p = 1e-6
//! (scipy.stats.chi2.isf(1e-6, df)), as in tests/uniformity.rs.

use passwright::generate::{GenerateError, Options, Style, generate_styled};
use passwright::nato;
use passwright::policy::{CharRules, PRESETS, PasscodeRules, Policy, WebRules};
use passwright::rng::SystemRng;
use passwright::words::{self, DEFAULT_MIN_BITS, LIST_LEN, WordGenerator, WordsError};
use passwright::{Context, Kind};
use proptest::prelude::*;
use rand::Rng;

/// chi2.isf(1e-6, 1295): 1,296 words.
const CRITICAL_1295: f64 = 1551.46;
/// chi2.isf(1e-6, 5): 6 places.
const CRITICAL_5: f64 = 35.89;
/// chi2.isf(1e-6, 6): 7 places.
const CRITICAL_6: f64 = 42.86;

fn chi_square(counts: &[u64]) -> f64 {
    let total: u64 = counts.iter().sum();
    let expected = total as f64 / counts.len() as f64;
    counts.iter().map(|&c| (c as f64 - expected).powi(2) / expected).sum()
}

fn user() -> Context {
    Context {
        user_id: Some("jsmith@acme.example".into()),
        extension: Some("2468".into()),
        phone: Some("+1 555 010 2233".into()),
        ..Default::default()
    }
}

/// The policy's rules, written out again without the core's checker: what a
/// web password must satisfy (lengths, alphabet, required counts, runs, the
/// user ID). Returns what is wrong.
fn plain_check(p: &Policy, ctx: &Context, s: &str) -> Vec<String> {
    let mut wrong = Vec::new();
    let chars: Vec<char> = s.chars().collect();
    if chars.len() < p.min_length || chars.len() > p.max_length {
        wrong.push(format!("length {} outside {}..={}", chars.len(), p.min_length, p.max_length));
    }
    for &c in &chars {
        if !(' '..='~').contains(&c) || !p.allowed.contains(c) {
            wrong.push(format!("{c:?} not allowed"));
        }
    }
    for req in &p.required {
        let have = chars.iter().filter(|&&c| req.set.contains(c)).count();
        if have < req.count {
            wrong.push(format!("{have} of {:?}, {} needed", req.set, req.count));
        }
    }
    if let Some(max) = p.max_consecutive {
        let mut run = 0;
        for (i, c) in chars.iter().enumerate() {
            run = if i > 0 && chars[i - 1] == *c { run + 1 } else { 1 };
            if run > max {
                wrong.push(format!("{c} {run} times in a row"));
            }
        }
    }
    if p.forbid_user_id {
        let lower = s.to_lowercase();
        let id = ctx.user_id.as_deref().unwrap_or("").to_lowercase();
        let local = id.split('@').next().unwrap_or("");
        if (!id.is_empty() && lower.contains(&id)) || (!local.is_empty() && lower.contains(local)) {
            wrong.push("contains the user ID".into());
        }
    }
    wrong
}

/// The simulator's rules for the same portal rules.
fn portal_rules(r: &WebRules) -> passwright_portal::rules::WebRules {
    passwright_portal::rules::WebRules {
        min_length: r.min_length.map(u32::from),
        min_digits: r.min_digits.map(u32::from),
        min_upper: r.min_upper.map(u32::from),
        min_lower: r.min_lower.map(u32::from),
        min_non_alphanumeric: r.min_non_alphanumeric.map(u32::from),
        forbid_user_id: r.forbid_user_id,
        forbid_old: r.forbid_old,
        history: r.history.map(u32::from),
        ..Default::default()
    }
}

fn portal_check(r: &WebRules, ctx: &Context, s: &str) -> Vec<passwright_portal::rules::Violation> {
    let facts = passwright_portal::rules::UserFacts {
        user_id: ctx.user_id.as_deref().unwrap_or(""),
        phone_number: ctx.phone.as_deref().unwrap_or(""),
        extension: ctx.extension.as_deref().unwrap_or(""),
    };
    passwright_portal::rules::check_web(&portal_rules(r), None, s, facts, &[])
}

fn many(policy: &Policy, ctx: &Context, opts: &Options, n: usize) -> Vec<(String, f64)> {
    let generator = WordGenerator::new(policy, ctx, opts).unwrap();
    let mut rng = SystemRng::new().unwrap();
    (0..n)
        .map(|_| {
            let g = generator.generate(&mut rng).unwrap();
            (g.secret.to_string(), g.entropy_bits)
        })
        .collect()
}

/// The words of a `-`-separated words password, with `yo-yo` put back
/// together, as indices into the list.
fn word_indices(secret: &str) -> Vec<usize> {
    let list = words::list();
    let letters = |s: &str| -> String {
        s.chars().filter(char::is_ascii_alphabetic).collect::<String>().to_lowercase()
    };
    let mut parts: Vec<String> = Vec::new();
    for part in secret.split('-') {
        match parts.last_mut() {
            // "yo" is no word of the list: the first half of "yo-yo".
            Some(last) if letters(last) == "yo" => {
                last.push('-');
                last.push_str(part);
            }
            _ => parts.push(part.to_owned()),
        }
    }
    parts
        .iter()
        .map(|p| {
            let word: String = p.chars().filter(|c| c.is_ascii_alphabetic() || *c == '-').collect();
            let word = word.to_lowercase();
            list.iter()
                .position(|w| *w == word)
                .unwrap_or_else(|| panic!("{word:?} of {secret:?} is not a list word"))
        })
        .collect()
}

#[test]
fn every_preset_makes_words_passwords_both_checkers_accept() {
    let ctx = user();
    for preset in PRESETS {
        let spec = preset.spec();
        let policy = spec.policy(Kind::Web).unwrap();
        for (secret, bits) in many(&policy, &ctx, &Options::default(), 300) {
            assert!(bits >= DEFAULT_MIN_BITS, "{} {secret}: {bits} bits", preset.name);
            assert_eq!(plain_check(&policy, &ctx, &secret), Vec::<String>::new(), "{} {secret}", preset.name);
            assert_eq!(portal_check(&spec.web, &ctx, &secret), vec![], "{} {secret}", preset.name);
            assert!(passwright::check::check(&policy, &ctx, &secret).compliant(), "{secret}");
        }
    }
}

#[test]
fn the_entropy_counts_words_capitals_inserted_characters_and_places() {
    let ctx = Context::default();
    // Nothing required: six words, 6 * log2(1296) = 62.04 bits (five: 51.7).
    let plain = Policy::web(&WebRules::default(), None).unwrap();
    for (secret, bits) in many(&plain, &ctx, &Options::default(), 50) {
        assert_eq!(word_indices(&secret).len(), 6, "{secret}");
        assert!(secret.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{secret}");
        assert!((bits - 6.0 * 1296f64.log2()).abs() < 1e-9, "{bits}");
    }
    // One capital, two digits: which of n words is capitalised (n ways),
    // two digits of 8 (no 0 or 1), and where the two go among the n words
    // (C(n + 2, 2) ways). Five words give 51.7 + 2.3 + 6 + 4.4 = 64.4 bits.
    let rules = WebRules { min_upper: Some(1), min_digits: Some(2), ..Default::default() };
    let policy = Policy::web(&rules, None).unwrap();
    for (secret, bits) in many(&policy, &ctx, &Options::default(), 50) {
        let n = word_indices(&secret).len();
        assert_eq!(n, 5, "{secret}");
        assert_eq!(secret.chars().filter(char::is_ascii_uppercase).count(), 1, "{secret}");
        assert_eq!(secret.chars().filter(char::is_ascii_digit).count(), 2, "{secret}");
        let places = ((n + 2) * (n + 1) / 2) as f64;
        let expected = n as f64 * 1296f64.log2() + (n as f64).log2() + 2.0 * 3.0 + places.log2();
        assert!((bits - expected).abs() < 1e-9, "{secret}: {bits} vs {expected}");
    }
}

#[test]
fn words_are_drawn_uniformly_from_the_whole_list() {
    let policy = Policy::web(&WebRules::default(), None).unwrap();
    let mut counts = vec![0u64; LIST_LEN];
    for (secret, _) in many(&policy, &Context::default(), &Options::default(), 25_000) {
        for i in word_indices(&secret) {
            counts[i] += 1;
        }
    }
    assert_eq!(counts.iter().sum::<u64>(), 150_000);
    let stat = chi_square(&counts);
    assert!(stat < CRITICAL_1295, "chi-square {stat:.1} over 150,000 words");
}

#[test]
fn the_word_test_catches_a_modulo_bias() {
    // A 12-bit draw reduced modulo 1296: the first 208 words a third likelier.
    let mut rng = SystemRng::new().unwrap();
    let mut counts = vec![0u64; LIST_LEN];
    for _ in 0..150_000 {
        counts[(rng.next_u32() & 0xfff) as usize % LIST_LEN] += 1;
    }
    let stat = chi_square(&counts);
    assert!(stat > CRITICAL_1295, "a biased sampler must fail: chi-square {stat:.1}");
}

#[test]
fn the_capitalised_word_and_the_inserted_digit_are_anywhere_equally() {
    let rules = WebRules { min_upper: Some(1), min_digits: Some(1), ..Default::default() };
    let policy = Policy::web(&rules, None).unwrap();
    let (mut capital, mut digit) = (vec![0u64; 6], vec![0u64; 7]);
    for (secret, _) in many(&policy, &Context::default(), &Options::default(), 21_000) {
        let parts: Vec<&str> = secret.split('-').collect();
        if parts.len() != 6 {
            continue; // a yo-yo
        }
        capital[parts.iter().position(|p| p.contains(|c: char| c.is_ascii_uppercase())).unwrap()] += 1;
        // The digit sits before word i (place i) or after the last (place 6).
        let (i, part) =
            parts.iter().enumerate().find(|(_, p)| p.contains(|c: char| c.is_ascii_digit())).unwrap();
        let place = if part.starts_with(|c: char| c.is_ascii_digit()) { i } else { i + 1 };
        digit[place] += 1;
    }
    let stat = chi_square(&capital);
    assert!(stat < CRITICAL_5, "capital: chi-square {stat:.1} {capital:?}");
    let stat = chi_square(&digit);
    assert!(stat < CRITICAL_6, "digit: chi-square {stat:.1} {digit:?}");
}

#[test]
fn separators_adapt_to_the_alphabet() {
    let ctx = Context::default();
    let web =
        |rules: WebRules, chars: &str| Policy::web(&rules, Some(&CharRules::parse(chars).unwrap())).unwrap();
    // No symbol: every word capitalised, nothing between them.
    let p = web(WebRules { min_digits: Some(1), ..Default::default() }, "allowed: upper, lower, digit");
    for (secret, _) in many(&p, &ctx, &Options::default(), 100) {
        assert!(plain_check(&p, &ctx, &secret).is_empty(), "{secret}");
        let pieces = nato::read_aloud(&secret);
        assert!(
            pieces.iter().filter(|w| w.starts_with("capitalised word ")).count() >= 5,
            "{secret} {pieces:?}"
        );
    }
    // No symbol, one case: random digits between the words, 3 bits each;
    // yo-yo is left out with the hyphen (five words: 5 * log2(1295) + 4 * 3).
    let p = web(WebRules::default(), "allowed: lower, digit");
    for (secret, bits) in many(&p, &ctx, &Options::default(), 100) {
        assert!(plain_check(&p, &ctx, &secret).is_empty(), "{secret}");
        assert_eq!(secret.chars().filter(char::is_ascii_digit).count(), 4, "{secret}");
        assert!((bits - (5.0 * 1295f64.log2() + 4.0 * 3.0)).abs() < 1e-9, "{bits}");
    }
    // No lowercase: words in capitals.
    let p = web(WebRules { min_upper: Some(3), ..Default::default() }, "allowed: upper, [-]");
    for (secret, _) in many(&p, &ctx, &Options::default(), 100) {
        assert!(plain_check(&p, &ctx, &secret).is_empty(), "{secret}");
        assert!(secret.chars().all(|c| c.is_ascii_uppercase() || c == '-'), "{secret}");
    }
    // A run limit of one leaves out the words with doubled letters.
    let p = web(WebRules::default(), "allowed: lower, [-]; max-consecutive: 1");
    let generator = WordGenerator::new(&p, &ctx, &Options::default()).unwrap();
    assert!(generator.usable_words() < LIST_LEN && generator.usable_words() > 1000);
    for (secret, _) in many(&p, &ctx, &Options::default(), 100) {
        assert!(plain_check(&p, &ctx, &secret).is_empty(), "{secret}");
    }
}

#[test]
fn a_length_is_a_minimum_and_a_short_maximum_a_typed_error() {
    let ctx = Context::default();
    let policy = Policy::web(&WebRules { min_digits: Some(1), ..Default::default() }, None).unwrap();
    let opts = Options { length: Some(45), ..Options::default() };
    for (secret, bits) in many(&policy, &ctx, &opts, 100) {
        assert!((45..=60).contains(&secret.len()), "{secret}");
        assert!(bits > 70.0, "more words, more bits: {bits}");
    }
    let opts = Options { length: Some(61), ..Options::default() };
    assert_eq!(
        words::generate(&policy, &ctx, &opts).unwrap_err(),
        WordsError::Generate(GenerateError::Length { requested: 61, min: 1, max: 60 })
    );
    let short = Policy::web(&WebRules::default(), Some(&CharRules::parse("maxlength: 12").unwrap())).unwrap();
    match words::generate(&short, &ctx, &Options::default()) {
        Err(WordsError::TooLong { min_bits: 60, needed, max: 12 }) => assert!(needed > 12),
        other => panic!("expected TooLong, got {other:?}"),
    }
    let passcode = Policy::passcode(&PasscodeRules::default(), None).unwrap();
    assert_eq!(words::generate(&passcode, &ctx, &Options::default()).unwrap_err(), WordsError::Passcode);
    let letters =
        Policy::web(&WebRules::default(), Some(&CharRules::parse("allowed: lower").unwrap())).unwrap();
    assert_eq!(words::generate(&letters, &ctx, &Options::default()).unwrap_err(), WordsError::NoSeparator);
    // Through the style switch as well.
    assert_eq!(
        generate_styled(&letters, &ctx, &Options::default(), Style::Words).unwrap_err(),
        WordsError::NoSeparator
    );
    assert!(generate_styled(&letters, &ctx, &Options::default(), Style::Random).is_ok());
}

/// The characters a reading stands for: words as written, everything else by
/// the inverse of `nato::word`.
fn read_back(pieces: &[String]) -> String {
    let names: Vec<(String, char)> = (' '..='~').map(|c| (nato::word(c), c)).collect();
    pieces
        .iter()
        .map(|piece| {
            for prefix in ["word ", "capitalised word ", "all-capitals word "] {
                if let Some(word) = piece.strip_prefix(prefix) {
                    assert!(words::is_word(&word.to_lowercase()), "{word}");
                    return word.to_owned();
                }
            }
            let (_, c) = names.iter().find(|(name, _)| name == piece).unwrap_or_else(|| panic!("{piece}"));
            c.to_string()
        })
        .collect()
}

#[test]
fn the_reading_says_every_word_as_a_word_and_reads_back_exactly() {
    let ctx = user();
    for preset in PRESETS {
        let policy = preset.spec().policy(Kind::Web).unwrap();
        for (secret, _) in many(&policy, &ctx, &Options::default(), 100) {
            let pieces = nato::read_aloud(&secret);
            assert_eq!(read_back(&pieces), secret);
            let list_words = word_indices(&secret).len();
            assert_eq!(pieces.iter().filter(|p| p.contains("word ")).count(), list_words, "{pieces:?}");
            assert_eq!(nato::speak(&secret), pieces.join(" - "));
        }
    }
    // Random secrets read back too (letters by their NATO words).
    let policy = Policy::web(&WebRules::default(), None).unwrap();
    let generator = passwright::generate::Generator::new(&policy, &ctx, &Options::default()).unwrap();
    let mut rng = SystemRng::new().unwrap();
    for _ in 0..200 {
        let secret = generator.generate(&mut rng).unwrap().secret;
        assert_eq!(read_back(&nato::read_aloud(&secret)), secret.as_str());
    }
}

fn count() -> impl Strategy<Value = Option<u8>> {
    proptest::option::of(1u8..=4)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Any web policy: a compliant words password both checkers accept, or
    /// one of the typed reasons words cannot meet it.
    #[test]
    fn words_passwords_comply_or_say_why_not(
        min_length in proptest::option::of(3u8..=40),
        (digits, upper, lower, symbols) in (count(), count(), count(), count()),
        forbid_user_id in any::<bool>(),
        max in proptest::option::of(8u32..=60),
        run in proptest::option::of(1u32..=3),
        alphabet in 0usize..5,
        length_bias in proptest::option::of(0usize..30),
    ) {
        let rules = WebRules {
            min_length, min_digits: digits, min_upper: upper, min_lower: lower,
            min_non_alphanumeric: symbols, forbid_user_id, ..Default::default()
        };
        let allowed = ["ascii-printable", "upper, lower, digit, [-!#]", "upper, lower, digit", "lower, digit, [_]", "upper, digit, [.]"][alphabet];
        let mut text = format!("allowed: {allowed};");
        if let Some(max) = max { text.push_str(&format!(" maxlength: {max};")); }
        if let Some(run) = run { text.push_str(&format!(" max-consecutive: {run};")); }
        let chars = CharRules::parse(&text).unwrap();
        let Ok(policy) = Policy::web(&rules, Some(&chars)) else { return Ok(()) };
        let ctx = user();
        let opts = Options { length: length_bias.map(|b| (policy.min_length + b).min(policy.max_length)), ..Options::default() };
        match words::generate(&policy, &ctx, &opts) {
            Ok(g) => {
                prop_assert!(g.entropy_bits >= DEFAULT_MIN_BITS, "{} bits", g.entropy_bits);
                prop_assert_eq!(plain_check(&policy, &ctx, &g.secret), Vec::<String>::new(), "{} {:?}", g.secret.as_str(), policy);
                // The simulator knows the portal's rules, not passwordrules.
                prop_assert_eq!(portal_check(&rules, &ctx, &g.secret), vec![], "{}", g.secret.as_str());
                if let Some(l) = opts.length { prop_assert!(g.secret.len() >= l); }
                prop_assert_eq!(read_back(&nato::read_aloud(&g.secret)), g.secret.as_str());
            }
            // Every alphabet here has a symbol or both cases to separate
            // words with, and enough words: only the length can be short.
            Err(WordsError::TooLong { needed, max, .. }) => prop_assert!(needed > max && max == policy.max_length),
            Err(other) => prop_assert!(false, "unexpected {other:?} for {policy:?}"),
        }
    }
}
