//! What the fuzz targets share: inputs built from the fuzzer's bytes (the
//! core's types, with text drawn mostly from the portal's own words and pages
//! taken from the test fixtures, so that classification and the flow go
//! deep), a deterministic RNG, and the invariants the targets assert.

pub mod build;
pub mod drive;
pub mod invariants;
pub mod rng;
