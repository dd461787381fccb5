//! Policies from arbitrary rule fields (web rules, passcode rules, optional
//! passwordrules character rules): building never panics; a built policy is
//! sound; what the generator returns (deterministic RNG, bounded attempts and
//! search) passes the checker, or is a true statement of why nothing can
//! (cross-checked by brute force where the space is small). Half the time
//! the words generator (speakable web passwords, `generate_styled`'s
//! `Style::Words`) is run on the same policy: what it returns passes the
//! checker with at least the entropy it promises, or its refusal is true.

#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use passwright::Options;
use passwright::generate::{Generator, Style};
use passwright::words::WordGenerator;
use passwright::policy::Policy;
use passwright_fuzz::{build, invariants, rng::FuzzRng};

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(input) = (|| -> arbitrary::Result<_> {
        let web = bool::arbitrary(&mut u)?;
        let chars = if bool::arbitrary(&mut u)? { Some(build::char_rules(&mut u)?) } else { None };
        let built = if web {
            Policy::web(&build::web_rules(&mut u)?, chars.as_ref())
        } else {
            Policy::passcode(&build::passcode_rules(&mut u)?, chars.as_ref())
        };
        let opts = Options {
            length: if u.ratio(1u8, 3)? { Some(u.int_in_range(0..=64)?) } else { None },
            exclude_look_alikes: bool::arbitrary(&mut u)?,
            ..Options::default()
        };
        let words = bool::arbitrary(&mut u)?;
        Ok((built, opts, build::context(&mut u)?, u64::arbitrary(&mut u)?, words))
    })() else {
        return;
    };
    let (built, opts, ctx, seed, words) = input;
    let Ok(policy) = built else { return };
    invariants::policy_is_sound(&policy);
    if std::env::var_os("PASSWRIGHT_FUZZ_TRACE").is_some() {
        eprintln!("{policy:?}\n{opts:?}\n{ctx:?}");
    }
    let result = Generator::new(&policy, &ctx, &opts).and_then(|g| g.generate(&mut FuzzRng::new(seed)));
    invariants::generated(&policy, &ctx, &opts, &result);
    if words {
        let opts = Options { style: Style::Words, ..opts };
        let result =
            WordGenerator::new(&policy, &ctx, &opts).and_then(|g| g.generate(&mut FuzzRng::new(seed ^ 0x5eed)));
        invariants::generated_words(&policy, &ctx, &opts, &result);
    }
});
