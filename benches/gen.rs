//! Generation rate, natively: Passwright's generator against the `passwords`
//! crate, same policy (16 characters; upper, lower and digit each required),
//! interleaved round by round in one process. A benchmark, not a test: it
//! asserts nothing about speed.
//!
//! ```text
//! cargo bench --bench gen -- [--rounds 7] [--secs 1.0] [--json]
//! ```
//!
//! Each round times both generators for `--secs` each (alternating which goes
//! first), then, for half as long, Passwright's generator on rand's thread RNG
//! (a detail that shows what the system CSPRNG costs), and prints the rates; `--json` prints one JSON object per round on
//! stdout instead, for `benches/node/bench.mjs`, which interleaves these rounds
//! with the Node ones and takes the medians.

use std::hint::black_box;
use std::time::{Duration, Instant};

use passwright::Context;
use passwright::generate::{Generator, Options};
use passwright::policy::{Policy, WebRules};
use passwright::rng::SystemRng;

/// Passwords made between two looks at the clock.
const BATCH: u32 = 256;

struct Args {
    rounds: usize,
    secs: f64,
    json: bool,
}

fn args() -> Args {
    let mut args = Args { rounds: 7, secs: 1.0, json: false };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().unwrap_or_else(|| panic!("{name} needs a value"));
        match arg.as_str() {
            "--rounds" => args.rounds = value("--rounds").parse().expect("--rounds: a number"),
            "--secs" => args.secs = value("--secs").parse().expect("--secs: seconds"),
            "--json" => args.json = true,
            // `cargo bench` passes `--bench`; anything else is a filter we do not use.
            _ => {}
        }
    }
    args
}

/// Calls `make` in batches until `secs` have passed; passwords per second.
fn rate(secs: f64, mut make: impl FnMut() -> usize) -> f64 {
    let budget = Duration::from_secs_f64(secs);
    let start = Instant::now();
    let mut made: u64 = 0;
    loop {
        for _ in 0..BATCH {
            black_box(make());
        }
        made += u64::from(BATCH);
        let elapsed = start.elapsed();
        if elapsed >= budget {
            return made as f64 / elapsed.as_secs_f64();
        }
    }
}

fn main() {
    let args = args();
    let rules =
        WebRules { min_upper: Some(1), min_lower: Some(1), min_digits: Some(1), ..Default::default() };
    let policy = Policy::web(&rules, None).expect("the bench policy is valid");
    let ctx = Context::default();
    let opts = Options { length: Some(16), ..Options::default() };
    let generator = Generator::new(&policy, &ctx, &opts).expect("16 characters fit the policy");
    let mut rng = SystemRng::new().expect("the system CSPRNG is available");
    let theirs = passwords::PasswordGenerator::new()
        .length(16)
        .numbers(true)
        .lowercase_letters(true)
        .uppercase_letters(true)
        .symbols(false)
        .spaces(false)
        .exclude_similar_characters(false)
        .strict(true);

    // Both make what the policy asks for, or the comparison means nothing.
    for _ in 0..1000 {
        let ours = generator.generate(&mut rng).expect("the generator never fails on this policy");
        let other = theirs.generate_one().expect("a valid passwords configuration");
        for secret in [ours.secret.as_str(), other.as_str()] {
            assert_eq!(secret.len(), 16, "{secret:?}");
            assert!(passwright::check::complies(&policy, &ctx, secret), "{secret:?} breaks the policy");
        }
    }

    let mut ours = || generator.generate(&mut rng).map_or(0, |g| g.secret.len());
    let mut other = || theirs.generate_one().map_or(0, |s| s.len());
    // A detail, not a figure of the issue: the same generator drawing from
    // rand's thread RNG (a user-space ChaCha seeded by the OS, what the
    // passwords crate uses) instead of SystemRng, to show what the system
    // CSPRNG costs.
    let mut thread_rng = rand::rng();
    let mut ours_thread_rng = || generator.generate(&mut thread_rng).map_or(0, |g| g.secret.len());
    // Warm-up: caches, the CPU's clock, the allocator.
    rate(args.secs.min(0.3), &mut ours);
    rate(args.secs.min(0.3), &mut other);
    rate(args.secs.min(0.3), &mut ours_thread_rng);

    for round in 0..args.rounds {
        let (native, passwords_crate) = if round % 2 == 0 {
            let a = rate(args.secs, &mut ours);
            (a, rate(args.secs, &mut other))
        } else {
            let b = rate(args.secs, &mut other);
            (rate(args.secs, &mut ours), b)
        };
        let native_thread_rng = rate(args.secs / 2.0, &mut ours_thread_rng);
        if args.json {
            println!(
                r#"{{"round":{round},"native":{native:.0},"passwords_crate":{passwords_crate:.0},"native_thread_rng":{native_thread_rng:.0}}}"#
            );
        } else {
            println!(
                "round {round}: passwright {native:>10.0}/s   passwords crate {passwords_crate:>10.0}/s   ratio {:.2}   \
                 (passwright with rand's thread RNG {native_thread_rng:>10.0}/s)",
                native / passwords_crate
            );
        }
    }
}
