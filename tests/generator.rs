//! The generator's guarantees: compliance, defaults, preferences, errors.

use passwright::check::{check, complies};
use passwright::generate::{GenerateError, Generator, Options, default_length, generate};
use passwright::policy::{CharRules, PRESETS, PasscodeRules, Policy, PolicyError, WebRules};
use passwright::rng::SystemRng;
use passwright::{CharSet, Context, Kind};

fn user() -> Context {
    Context {
        user_id: Some("jsmith@acme.example".into()),
        extension: Some("2468".into()),
        phone: Some("+1 555 010 2233".into()),
        ..Default::default()
    }
}

fn many(policy: &Policy, ctx: &Context, opts: &Options, n: usize) -> Vec<String> {
    let generator = Generator::new(policy, ctx, opts).unwrap();
    let mut rng = SystemRng::new().unwrap();
    (0..n).map(|_| generator.generate(&mut rng).unwrap().secret.to_string()).collect()
}

#[test]
fn every_preset_generates_compliant_secrets_for_a_real_user() {
    let ctx = user();
    for preset in PRESETS {
        let spec = preset.spec();
        for kind in [Kind::Web, Kind::Passcode] {
            let policy = spec.policy(kind).unwrap();
            for secret in many(&policy, &ctx, &Options::default(), 500) {
                let report = check(&policy, &ctx, &secret);
                assert!(report.compliant(), "{} {kind:?} {secret}: {report:?}", preset.name);
            }
        }
    }
}

#[test]
fn defaults_are_16_characters_and_min_plus_two_digits() {
    let spec = passwright::policy::preset("broadsmart").unwrap().spec();
    let web = spec.policy(Kind::Web).unwrap();
    let code = spec.policy(Kind::Passcode).unwrap();
    assert_eq!(default_length(&web), 16);
    assert_eq!(default_length(&code), 6);
    let bt = passwright::policy::preset("bt").unwrap().spec().policy(Kind::Passcode).unwrap();
    assert_eq!(default_length(&bt), 6, "4 + 2 within 4..=6");
    let narrow =
        Policy::passcode(&PasscodeRules { min_length: 5, max_length: 6, ..Default::default() }, None)
            .unwrap();
    assert_eq!(default_length(&narrow), 6, "5 + 2 capped at the maximum");
    let g = generate(&web, &Context::default(), &Options::default()).unwrap();
    assert_eq!(g.secret.len(), 16);
    let g = generate(&code, &Context::default(), &Options::default()).unwrap();
    assert_eq!(g.secret.len(), 6);
    assert!(g.secret.chars().all(|c| c.is_ascii_digit()));
}

#[test]
fn web_passwords_are_letters_and_digits_without_look_alikes_by_default() {
    let web = Policy::web(&WebRules::default(), None).unwrap();
    let all: String = many(&web, &Context::default(), &Options::default(), 300).concat();
    let used = CharSet::from_chars(&all);
    assert!(used.is_subset(CharSet::ALPHANUMERIC.difference(CharSet::LOOK_ALIKES)));
    assert_eq!(used.len(), 56, "4800 draws cover all 56 characters");

    let opts = Options { exclude_look_alikes: false, ..Default::default() };
    let all: String = many(&web, &Context::default(), &opts, 300).concat();
    assert!(CharSet::from_chars(&all).intersection(CharSet::LOOK_ALIKES).len() == 6);
}

#[test]
fn symbols_appear_only_when_required() {
    let rules = WebRules { min_non_alphanumeric: Some(2), ..Default::default() };
    let web = Policy::web(&rules, None).unwrap();
    for secret in many(&web, &Context::default(), &Options::default(), 200) {
        let symbols = secret.chars().filter(|c| CharSet::SPECIAL.contains(*c)).count();
        assert_eq!(symbols, 2, "{secret}");
        assert!(!secret.contains(' '), "space is never generated when avoidable");
    }
}

#[test]
fn length_is_configurable_within_the_policy() {
    let web = Policy::web(&WebRules { min_length: Some(8), ..Default::default() }, None).unwrap();
    let opts = Options { length: Some(40), ..Default::default() };
    assert_eq!(generate(&web, &Context::default(), &opts).unwrap().secret.len(), 40);
    let opts = Options { length: Some(7), ..Default::default() };
    assert_eq!(
        generate(&web, &Context::default(), &opts).unwrap_err(),
        GenerateError::Length { requested: 7, min: 8, max: 60 }
    );
    let opts = Options { length: Some(61), ..Default::default() };
    assert!(generate(&web, &Context::default(), &opts).is_err());
}

#[test]
fn max_consecutive_holds_even_with_two_characters() {
    let chars = CharRules::parse("allowed: [ab]; max-consecutive: 1").unwrap();
    let web = Policy::web(&WebRules::default(), Some(&chars)).unwrap();
    for secret in many(&web, &Context::default(), &Options::default(), 50) {
        assert!(secret == "abababababababab" || secret == "babababababababa", "{secret}");
    }
}

#[test]
fn entropy_is_reported_for_what_was_drawn() {
    let web = Policy::web(&WebRules::default(), None).unwrap();
    let g = generate(&web, &Context::default(), &Options::default()).unwrap();
    let expected = 16.0 * 56f64.log2();
    assert!((g.entropy_bits - expected).abs() < 1e-9, "{}", g.entropy_bits);

    let code = Policy::passcode(&PasscodeRules { min_length: 6, max_length: 6, ..Default::default() }, None)
        .unwrap();
    let g = generate(&code, &Context::default(), &Options::default()).unwrap();
    assert!((g.entropy_bits - 6.0 * 10f64.log2()).abs() < 1e-9);
}

#[test]
fn a_range_the_rules_exhaust_is_a_typed_error() {
    // Only 1 and 2, never twice in a row: 1212 and 2121, both repeated patterns.
    let chars = CharRules::parse("allowed: [12]").unwrap();
    let rules = PasscodeRules {
        min_length: 4,
        max_length: 4,
        max_repeated_digits: Some(1),
        forbid_repeated_patterns: true,
        ..Default::default()
    };
    let policy = Policy::passcode(&rules, Some(&chars)).unwrap();
    match generate(&policy, &Context::default(), &Options::default()) {
        Err(GenerateError::Policy(PolicyError::Exhausted { kind: "passcode", detail })) => {
            assert!(detail.contains("no repeated pattern"), "{detail}");
        }
        other => panic!("expected exhaustion, got {other:?}"),
    }
}

#[test]
fn a_range_the_users_details_exhaust_is_a_typed_error_naming_them() {
    let chars = CharRules::parse("allowed: [12]").unwrap();
    let rules = PasscodeRules {
        min_length: 3,
        max_length: 3,
        max_repeated_digits: Some(1),
        forbid_extension: true,
        forbid_phone: true,
        ..Default::default()
    };
    let policy = Policy::passcode(&rules, Some(&chars)).unwrap();
    // Only 121 and 212 have no repeats; the extension and the phone take both.
    let ctx = Context { extension: Some("121".into()), phone: Some("212".into()), ..Default::default() };
    match generate(&policy, &ctx, &Options::default()) {
        Err(GenerateError::Policy(PolicyError::Exhausted { detail, .. })) => {
            assert!(detail.contains("extension 121"), "{detail}");
        }
        other => panic!("expected exhaustion, got {other:?}"),
    }
    // Without the phone rule, 212 remains and is found by the search.
    let rules = PasscodeRules { forbid_phone: false, ..rules };
    let policy = Policy::passcode(&rules, Some(&chars)).unwrap();
    let g = generate(&policy, &ctx, &Options::default()).unwrap();
    assert_eq!(g.secret.as_str(), "212");
    assert!(complies(&policy, &ctx, &g.secret));
}

#[test]
fn other_lengths_are_tried_when_the_default_is_exhausted() {
    let chars = CharRules::parse("allowed: [12]").unwrap();
    let rules = PasscodeRules {
        min_length: 3,
        max_length: 6,
        max_repeated_digits: Some(1),
        forbid_repeated_patterns: true,
        ..Default::default()
    };
    // Length 5 (3 + 2) is all patterns (12121); length 3 is not (121).
    let policy = Policy::passcode(&rules, Some(&chars)).unwrap();
    let g = generate(&policy, &Context::default(), &Options::default()).unwrap();
    assert_eq!(g.secret.len(), 3, "{}", g.secret.as_str());
}
