//! Property tests: satisfiable policies always yield compliant secrets;
//! impossible ones always yield a typed policy error, never a hang or panic.

use passwright::Context;
use passwright::check::check;
use passwright::generate::{GenerateError, Options, generate};
use passwright::policy::{CharRules, PasscodeRules, Policy, PolicyError, WebRules};
use proptest::prelude::*;

fn context() -> impl Strategy<Value = Context> {
    (
        proptest::option::of("[a-z]{2,8}(@[a-z]{3,6}\\.example)?"),
        proptest::option::of("[0-9]{2,6}"),
        proptest::option::of("\\+?[0-9]{7,11}"),
    )
        .prop_map(|(user_id, extension, phone)| Context {
            user_id,
            extension,
            phone,
            ..Default::default()
        })
}

fn count() -> impl Strategy<Value = Option<u8>> {
    proptest::option::of(1u8..=10)
}

fn web_rules() -> impl Strategy<Value = WebRules> {
    (proptest::option::of(3u8..=40), count(), count(), count(), count(), any::<bool>()).prop_map(
        |(min_length, min_digits, min_upper, min_lower, min_non_alphanumeric, forbid_user_id)| WebRules {
            min_length,
            min_digits,
            min_upper,
            min_lower,
            min_non_alphanumeric,
            forbid_user_id,
            ..Default::default()
        },
    )
}

/// passwordrules that narrow without making the policy impossible: a max
/// length no smaller than what the portal rules need, an alphabet of at
/// least letters and digits (plus what is required), runs of 1 or more.
fn chars_for(rules: &WebRules) -> impl Strategy<Value = Option<CharRules>> + use<> {
    let needed = [rules.min_digits, rules.min_upper, rules.min_lower, rules.min_non_alphanumeric]
        .iter()
        .map(|c| c.unwrap_or(0) as u32)
        .sum::<u32>()
        .max(rules.min_length.unwrap_or(1) as u32)
        .max(4);
    let symbols = rules.min_non_alphanumeric.is_some();
    proptest::option::of((needed..=60u32, proptest::option::of(1u32..=4), any::<bool>()).prop_map(
        move |(max, run, extra)| {
            let allowed = if symbols || extra { "upper, lower, digit, [-!#]" } else { "upper, lower, digit" };
            let run = run.map(|r| format!("max-consecutive: {r};")).unwrap_or_default();
            CharRules::parse(&format!("maxlength: {max}; {run} allowed: {allowed};")).expect("valid rules")
        },
    ))
}

fn passcode_rules() -> impl Strategy<Value = PasscodeRules> {
    (
        (2u8..=15, 0u8..=15, proptest::option::of(1u8..=6), any::<bool>()),
        (proptest::option::of(2u8..=5), proptest::option::of(2u8..=5)),
        (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()),
    )
        .prop_map(|((min, extra, repeats, patterns), (up, down), (phone, phone_rev, ext, ext_rev))| {
            PasscodeRules {
                min_length: min,
                max_length: (min + extra).clamp(3, 30).max(min),
                max_repeated_digits: repeats,
                forbid_repeated_patterns: patterns,
                max_ascending: up,
                max_descending: down,
                forbid_phone: phone,
                forbid_phone_reversed: phone_rev,
                forbid_extension: ext,
                forbid_extension_reversed: ext_rev,
                ..Default::default()
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn generated_web_passwords_pass_the_checker(
        (rules, chars) in web_rules().prop_flat_map(|r| (Just(r.clone()), chars_for(&r))),
        ctx in context(),
        length_bias in 0usize..30,
    ) {
        let policy = Policy::web(&rules, chars.as_ref()).expect("satisfiable by construction");
        let floor = policy.min_length.max(policy.required.iter().map(|r| r.count).sum());
        let length = (floor + length_bias).min(policy.max_length);
        let opts = Options { length: Some(length), ..Default::default() };
        let generated = generate(&policy, &ctx, &opts).expect("a compliant password exists");
        prop_assert_eq!(generated.secret.chars().count(), length);
        let report = check(&policy, &ctx, &generated.secret);
        prop_assert!(report.compliant(), "{:?}", report);
    }

    #[test]
    fn generated_passcodes_pass_the_checker(rules in passcode_rules(), ctx in context()) {
        let policy = Policy::passcode(&rules, None).expect("valid ranges");
        let generated = generate(&policy, &ctx, &Options::default()).expect("digits always leave room");
        let report = check(&policy, &ctx, &generated.secret);
        prop_assert!(report.compliant(), "{:?}", report);
    }

    #[test]
    fn impossible_policies_are_typed_errors(family in 0u8..5, n in 1u32..=10, ctx in context()) {
        let n = n as usize;
        let result: Result<(), GenerateError> = match family {
            // Required counts larger than the maximum length.
            0 => {
                let rules = WebRules { min_digits: Some(n as u8), min_upper: Some(n as u8), ..Default::default() };
                let chars = CharRules::parse(&format!("maxlength: {}", 2 * n - 1)).unwrap();
                Policy::web(&rules, Some(&chars)).map(drop).map_err(Into::into)
            }
            // An empty alphabet for passcodes.
            1 => {
                let chars = CharRules::parse("allowed: upper, [!#]").unwrap();
                Policy::passcode(&PasscodeRules::default(), Some(&chars)).map(drop).map_err(Into::into)
            }
            // A required class outside the alphabet.
            2 => {
                let rules = WebRules { min_non_alphanumeric: Some(n as u8), ..Default::default() };
                let chars = CharRules::parse("allowed: lower, digit").unwrap();
                Policy::web(&rules, Some(&chars)).map(drop).map_err(Into::into)
            }
            // One character, runs shorter than the length.
            3 => {
                let chars = CharRules::parse(&format!("allowed: [x]; minlength: {}; max-consecutive: {n}", n + 1)).unwrap();
                Policy::web(&WebRules::default(), Some(&chars)).map(drop).map_err(Into::into)
            }
            // Two digits, no repeats, no patterns, 4 digits or more: every
            // candidate alternates and so repeats a pattern.
            _ => {
                let chars = CharRules::parse("allowed: [38]").unwrap();
                let rules = PasscodeRules {
                    min_length: (3 + n as u8).min(15),
                    max_length: (3 + n as u8).min(15),
                    max_repeated_digits: Some(1),
                    forbid_repeated_patterns: true,
                    ..Default::default()
                };
                Policy::passcode(&rules, Some(&chars))
                    .map_err(GenerateError::from)
                    .and_then(|p| generate(&p, &ctx, &Options::default()).map(drop))
            }
        };
        prop_assert!(matches!(result, Err(GenerateError::Policy(_))), "{:?}", result);
        if let Err(GenerateError::Policy(err)) = result {
            prop_assert!(!err.to_string().is_empty());
            if family == 4 {
                let is_exhausted = matches!(err, PolicyError::Exhausted { .. });
                prop_assert!(is_exhausted);
            }
        }
    }
}
