//! The generator as wasm without the JSON API: a bench-only export that makes
//! `n` passwords with one prepared `Generator` and one `SystemRng`, as
//! `benches/gen.rs` does natively. `cargo make bench` builds it for wasm32
//! (`wasm-bindgen --target nodejs`) and `benches/node/gen.mjs` times it, to
//! tell the core's own cost from the API's (JSON, policy parsing, NATO words).
//! Natively this example is empty.

#![cfg(target_arch = "wasm32")]

use passwright::Context;
use passwright::generate::{Generator, Options};
use passwright::policy::{Policy, WebRules};
use passwright::rng::SystemRng;
use wasm_bindgen::prelude::*;

/// Makes `n` compliant 16-character passwords (upper, lower and digit each
/// required); returns their total length, so none can be optimised away.
#[wasm_bindgen]
pub fn generate_many(n: u32) -> u32 {
    let rules =
        WebRules { min_upper: Some(1), min_lower: Some(1), min_digits: Some(1), ..Default::default() };
    let policy = Policy::web(&rules, None).expect_throw("the bench policy is valid");
    let ctx = Context::default();
    let opts = Options { length: Some(16), ..Options::default() };
    let generator = Generator::new(&policy, &ctx, &opts).expect_throw("16 characters fit the policy");
    let mut rng = SystemRng::new().expect_throw("crypto.getRandomValues is available");
    (0..n).map(|_| generator.generate(&mut rng).map_or(0, |g| g.secret.len() as u32)).sum()
}
