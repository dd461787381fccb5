//! Knowledge of the portal's pages: the agent's snapshots, what a page is and
//! which of its elements do what, and what the portal's messages mean.

pub mod classify;
pub mod labels;
pub mod learn;
pub mod map;
pub mod outcome;
pub mod printed;
pub mod snapshot;
pub mod text;

pub use classify::{Page, PageKind, UserInfo, analyze, wants_full};
pub use snapshot::Snapshot;
