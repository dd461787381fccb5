//! The checker on arbitrary strings: for every preset's web and passcode
//! policy, and for a policy from arbitrary passwordrules, with an arbitrary
//! user, the report never panics and agrees with itself (one verdict per rule,
//! compliant() == complies(), the length and alphabet verdicts right), and the
//! NATO reading covers every character; read aloud (words as words, the
//! rest by NATO), every piece is a word of the list or one character's
//! reading.

#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use passwright::policy::{Kind, PRESETS, Source};
use passwright::{Policy, nato};
use passwright_fuzz::{build, invariants};

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok((ctx, rules, secret)) = (|| -> arbitrary::Result<_> {
        let ctx = build::context(&mut u)?;
        let rules = Option::<String>::arbitrary(&mut u)?;
        Ok((ctx, rules, String::arbitrary_take_rest(u)?))
    })() else {
        return;
    };
    let mut policies: Vec<Policy> = Vec::new();
    for preset in PRESETS {
        for kind in [Kind::Web, Kind::Passcode] {
            policies.push(preset.spec().policy(kind).expect("every preset builds"));
        }
    }
    if let Some(text) = rules {
        for kind in [Kind::Web, Kind::Passcode] {
            policies.extend(Source::Rules(text.clone()).policy(kind));
        }
    }
    for policy in &policies {
        invariants::report_is_consistent(policy, &ctx, &secret);
    }
    assert_eq!(nato::words(&secret).len(), secret.chars().count());
    let pieces = nato::read_aloud(&secret);
    assert!(pieces.len() <= secret.chars().count(), "more pieces than characters: {pieces:?}");
    assert_eq!(pieces.is_empty(), secret.is_empty());
    let singles: std::collections::HashSet<String> = secret.chars().map(nato::word).collect();
    for p in &pieces {
        let word = ["word ", "capitalised word ", "all-capitals word "]
            .iter()
            .find_map(|prefix| p.strip_prefix(prefix))
            .is_some_and(|w| passwright::words::is_word(&w.to_ascii_lowercase()));
        assert!(word || singles.contains(p), "a piece that reads no character of {secret:?}: {p:?}");
    }
});
