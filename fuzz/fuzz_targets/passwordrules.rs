//! passwordrules text: parsing arbitrary UTF-8 never panics, and whatever
//! parses is written back canonically: parse(write(parse(x))) == parse(x),
//! and writing is idempotent. The parsed rules also build policies without
//! panicking, and survive the settings' JSON.

#![no_main]

use libfuzzer_sys::fuzz_target;
use passwright::policy::{CharRules, PasscodeRules, Policy, WebRules};
use passwright_fuzz::invariants;

fuzz_target!(|text: &str| {
    let Ok(rules) = CharRules::parse(text) else { return };
    let written = rules.to_string();
    let again = CharRules::parse(&written)
        .unwrap_or_else(|e| panic!("{text:?} parsed, but its canonical form {written:?} does not: {e}"));
    assert_eq!(again, rules, "{text:?} -> {written:?} changed the rules");
    assert_eq!(again.to_string(), written, "writing is not idempotent");
    assert!(rules.alphabet().is_subset(passwright::CharSet::ASCII_PRINTABLE) || rules.alphabet().is_empty());

    // Through JSON, as the settings store it.
    let json = serde_json::to_string(&rules).expect("rules serialize");
    let back: CharRules = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{json}: {e}"));
    assert_eq!(back, rules);

    for policy in [
        Policy::web(&WebRules::default(), Some(&rules)),
        Policy::passcode(&PasscodeRules::default(), Some(&rules)),
    ]
    .into_iter()
    .flatten()
    {
        invariants::policy_is_sound(&policy);
    }
});
