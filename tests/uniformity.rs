//! Chi-square tests of the generator's character choices.
//!
//! Thresholds are the chi-square critical values at p = 1e-6 for the degrees
//! of freedom used (computed with scipy.stats.chi2.isf(1e-6, df)): a correct
//! generator fails one run in a million. The negative control shows that the
//! same statistic and threshold do catch a classic modulo bias.

use passwright::generate::Generator;
use passwright::policy::{PasscodeRules, Policy, WebRules};
use passwright::rng::SystemRng;
use passwright::{CharSet, Context, Options};
use rand::Rng;

/// chi2.isf(1e-6, 55): 56 web characters.
const CRITICAL_55: f64 = 119.90;
/// chi2.isf(1e-6, 9): 10 digits.
const CRITICAL_9: f64 = 44.81;

fn chi_square(counts: &[u64]) -> f64 {
    let total: u64 = counts.iter().sum();
    let expected = total as f64 / counts.len() as f64;
    counts.iter().map(|&c| (c as f64 - expected).powi(2) / expected).sum()
}

fn tally(alphabet: CharSet, text: impl Iterator<Item = char>) -> Vec<u64> {
    let mut counts = vec![0u64; alphabet.len()];
    for c in text {
        let index = alphabet.chars().position(|a| a == c).expect("character from the alphabet");
        counts[index] += 1;
    }
    counts
}

#[test]
fn web_characters_are_uniform_over_the_56_character_alphabet() {
    let policy = Policy::web(&WebRules::default(), None).unwrap();
    let ctx = Context::default();
    let generator = Generator::new(&policy, &ctx, &Options::default()).unwrap();
    let mut rng = SystemRng::new().unwrap();
    let alphabet = CharSet::ALPHANUMERIC.difference(CharSet::LOOK_ALIKES);
    let mut text = String::new();
    for _ in 0..5000 {
        text.push_str(&generator.generate(&mut rng).unwrap().secret);
    }
    let stat = chi_square(&tally(alphabet, text.chars()));
    assert!(stat < CRITICAL_55, "chi-square {stat:.1} over 80000 draws");
}

#[test]
fn every_position_is_uniform_too() {
    let policy =
        Policy::passcode(&PasscodeRules { min_length: 6, max_length: 6, ..Default::default() }, None)
            .unwrap();
    let ctx = Context::default();
    let generator = Generator::new(&policy, &ctx, &Options::default()).unwrap();
    let mut rng = SystemRng::new().unwrap();
    let codes: Vec<String> =
        (0..20000).map(|_| generator.generate(&mut rng).unwrap().secret.to_string()).collect();
    for position in 0..6 {
        let column = codes.iter().map(|c| c.as_bytes()[position] as char);
        let stat = chi_square(&tally(CharSet::DIGIT, column));
        // Six tests: the family-wise false alarm rate stays below 1e-5.
        assert!(stat < CRITICAL_9, "position {position}: chi-square {stat:.1}");
    }
}

#[test]
fn the_test_catches_modulo_bias() {
    // byte % 56: the first 32 characters are 25% more likely than the others.
    let alphabet = CharSet::ALPHANUMERIC.difference(CharSet::LOOK_ALIKES);
    let mut rng = SystemRng::new().unwrap();
    let biased = (0..80000).map(|_| alphabet.nth((rng.next_u32() as u8) as usize % 56).unwrap_or('?'));
    let stat = chi_square(&tally(alphabet, biased));
    assert!(stat > CRITICAL_55, "a biased sampler must fail: chi-square {stat:.1}");
}

/// chi2.isf(1e-6, 15): 16 positions.
const CRITICAL_15: f64 = 56.49;

#[test]
fn a_required_character_lands_on_every_position_equally_often() {
    // Lowercase fillers and one required symbol, the only symbol allowed:
    // where it lands is the placement alone.
    let chars = passwright::policy::CharRules::parse("allowed: lower, [#]").unwrap();
    let rules = WebRules { min_non_alphanumeric: Some(1), ..Default::default() };
    let policy = Policy::web(&rules, Some(&chars)).unwrap();
    let ctx = Context::default();
    let generator = Generator::new(&policy, &ctx, &Options::default()).unwrap();
    let mut rng = SystemRng::new().unwrap();
    let mut counts = vec![0u64; 16];
    for _ in 0..32000 {
        let secret = generator.generate(&mut rng).unwrap().secret;
        counts[secret.find('#').expect("the required symbol")] += 1;
    }
    let stat = chi_square(&counts);
    assert!(stat < CRITICAL_15, "chi-square {stat:.1}: {counts:?}");
}

#[test]
fn characters_drawn_one_at_a_time_are_uniform_too() {
    // A run limit puts the generator on its per-character path; at 6 in a
    // row for 6 digits it never narrows a draw, so each stays uniform.
    let rules =
        PasscodeRules { min_length: 6, max_length: 6, max_repeated_digits: Some(6), ..Default::default() };
    let policy = Policy::passcode(&rules, None).unwrap();
    let ctx = Context::default();
    let generator = Generator::new(&policy, &ctx, &Options::default()).unwrap();
    let mut rng = SystemRng::new().unwrap();
    let codes: Vec<String> =
        (0..20000).map(|_| generator.generate(&mut rng).unwrap().secret.to_string()).collect();
    for position in 0..6 {
        let column = codes.iter().map(|c| c.as_bytes()[position] as char);
        let stat = chi_square(&tally(CharSet::DIGIT, column));
        assert!(stat < CRITICAL_9, "position {position}: chi-square {stat:.1}");
    }
}
