//! TypeScript declarations of the protocol (feature `ts`): the types that
//! cross to the extension's JavaScript derive `ts_rs::TS`, and
//! `tests/ts_bindings.rs` writes them to `extension/types/`.
//!
//! What the JavaScript only stores or carries without looking inside (the
//! engine's state, the settings, portal maps, policies, audit records) is
//! `unknown` there: the engine alone reads it, and validates it when it
//! comes back from storage.

use ts_rs::{Config, TS};

/// `TS` as TypeScript's `unknown`, for types the JavaScript keeps opaque.
macro_rules! opaque {
    ($($ty:ty),* $(,)?) => {$(
        impl TS for $ty {
            type WithoutGenerics = Self;
            type OptionInnerType = Self;

            fn name(_: &Config) -> String {
                "unknown".to_owned()
            }

            fn inline(_: &Config) -> String {
                "unknown".to_owned()
            }
        }
    )*};
}

opaque!(
    crate::audit::AuditEntry,
    crate::bulk::Run,
    crate::engine::GeneratedCard,
    crate::engine::TabState,
    crate::flow::Flow,
    crate::policy::PolicySpec,
    crate::policy::Source,
    crate::portal::map::PortalMap,
    crate::settings::Pending,
    crate::settings::Prefs,
    crate::settings::Settings,
);
