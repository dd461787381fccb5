//! Passwright, the product: its core re-exported, for the integration tests
//! (`tests/`), the examples and the benchmarks that exercise it as a whole.
//! The code lives in the workspace's crates under `src/` (see Cargo.toml).

pub use passwright_core::*;
