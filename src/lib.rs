//! Passwright's core: the portal's password rules, a checker and a generator
//! that obey them, and (in later modules) the knowledge of the portal's pages
//! that drives the reset flow.
//!
//! Everything here is pure Rust with no browser dependency, tested natively;
//! the WebAssembly bindings live in [`web`] and only build for `wasm32`.

pub mod audit;
pub mod charset;
pub mod check;
pub mod context;
pub mod engine;
pub mod flow;
pub mod generate;
pub mod nato;
pub mod policy;
pub mod portal;
pub mod rng;
pub mod settings;
#[cfg(target_arch = "wasm32")]
pub mod web;

pub use charset::CharSet;
pub use check::{Outcome, Report, RuleId, Verdict, check};
pub use context::Context;
pub use generate::{GenerateError, Generated, Options, generate};
pub use policy::{Kind, Policy, PolicyError, PolicySpec, Source};
