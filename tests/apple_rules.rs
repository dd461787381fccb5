//! Conformance against Apple's corpus of 434 real websites' passwordrules
//! (tests/fixtures/apple-password-rules.json, MIT licence beside it).

use std::collections::BTreeMap;

use passwright::check::check;
use passwright::generate::Generator;
use passwright::policy::{CharRules, Policy, WebRules};
use passwright::rng::SystemRng;
use passwright::{Context, Options};
use serde::Deserialize;

#[derive(Deserialize)]
struct Quirk {
    #[serde(rename = "password-rules")]
    rules: String,
}

fn corpus() -> BTreeMap<String, Quirk> {
    let text = include_str!("fixtures/apple-password-rules.json");
    serde_json::from_str(text).expect("the fixture is valid JSON")
}

#[test]
fn all_434_rules_parse_and_round_trip() {
    let corpus = corpus();
    assert_eq!(corpus.len(), 434);
    for (site, quirk) in &corpus {
        let parsed = CharRules::parse(&quirk.rules).unwrap_or_else(|e| panic!("{site}: {e}"));
        let written = parsed.to_string();
        let again = CharRules::parse(&written).unwrap_or_else(|e| panic!("{site}: {written}: {e}"));
        assert_eq!(again, parsed, "{site}: {} -> {written}", quirk.rules);
    }
}

#[test]
fn a_hundred_compliant_passwords_for_each_of_the_434_rules() {
    let mut rng = SystemRng::new().unwrap();
    let ctx = Context::default();
    for (site, quirk) in corpus() {
        let chars = CharRules::parse(&quirk.rules).unwrap();
        let policy =
            Policy::web(&WebRules::default(), Some(&chars)).unwrap_or_else(|e| panic!("{site}: {e}"));
        let generator =
            Generator::new(&policy, &ctx, &Options::default()).unwrap_or_else(|e| panic!("{site}: {e}"));
        for _ in 0..100 {
            let secret = generator.generate(&mut rng).unwrap_or_else(|e| panic!("{site}: {e}"));
            let report = check(&policy, &ctx, &secret.secret);
            assert!(report.compliant(), "{site} ({}): {report:?}", quirk.rules);
            // Independently of our own checker: the raw rule text's limits.
            let len = secret.secret.chars().count();
            if let Some(max) = chars.max_length {
                assert!(len <= max as usize, "{site}: {len} > {max}");
            }
            if let Some(min) = chars.min_length {
                assert!(len >= min as usize, "{site}: {len} < {min}");
            }
            assert!(secret.secret.chars().all(|c| chars.alphabet().contains(c)), "{site}");
            for set in chars.required_sets() {
                assert!(secret.secret.chars().any(|c| set.contains(c)), "{site}: missing {set:?}");
            }
        }
    }
}
