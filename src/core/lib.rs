//! Passwright's core: the portal's password rules, a checker and a generator
//! that obey them, the knowledge of the portal's pages, and the flow and
//! engine that drive a reset.
//!
//! Everything here is pure Rust with no browser or JSON dependency, tested
//! natively; the WebAssembly bindings (`src/wasm`) are a separate crate.

pub mod audit;
pub mod bulk;
pub mod charset;
pub mod check;
pub mod context;
pub mod engine;
pub mod flow;
pub mod generate;
pub mod guard;
pub mod i18n;
pub mod layout;
pub mod nato;
pub mod policy;
pub mod portal;
pub mod protocol;
pub mod rng;
pub mod settings;
pub mod teach;
#[cfg(feature = "testing")]
pub mod testing;
pub mod words;

pub use charset::CharSet;
pub use check::{Outcome, Report, RuleId, Verdict, check};
pub use context::Context;
pub use generate::{GenerateError, Generated, Options, generate};
pub use policy::{Kind, Policy, PolicyError, PolicySpec, Source};
