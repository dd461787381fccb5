//! Faults the simulator can inject, set per scenario (`[faults]`) or at run
//! time through the test API (`POST /__test/faults`).

use serde::{Deserialize, Serialize};

use crate::skin::PageKind;

/// Every fault; the default is none.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Faults {
    /// Extra delay before every request is answered (the test API excepted).
    pub latency_ms: u64,
    /// A session left idle this long expires; the next request lands on the
    /// login page.
    pub session_idle_secs: Option<u64>,
    /// A session expires after this many requests; the next one lands on the
    /// login page.
    pub session_max_requests: Option<u32>,
    /// A rule the server enforces but neither shows nor documents.
    pub server_rule: Option<ServerRule>,
    /// The next `count` password submits answer HTTP 500.
    pub fail_submit: Option<FailSubmit>,
    /// Extra delay for the pages in `slow_pages`.
    pub slow_page_ms: u64,
    /// Which pages `slow_page_ms` slows (GET and POST); default: the
    /// Passwords page.
    pub slow_pages: Vec<PageKind>,
}

/// A server-only extra rule, rejected with a portal-style error. Any
/// combination of the limits may be set.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServerRule {
    /// No more than N identical characters in a row.
    pub max_identical_run: Option<u32>,
    /// The portal actually caps the length at N.
    pub max_length: Option<u32>,
    /// At least N non-alphanumeric characters (web passwords only).
    pub min_special: Option<u32>,
    /// Which secrets the rule applies to; default web passwords.
    pub applies_to: ServerRuleTarget,
}

/// Which secrets a [`ServerRule`] applies to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ServerRuleTarget {
    /// Web access passwords only.
    #[default]
    Web,
    /// Portal passcodes only.
    Passcode,
    /// Both.
    Both,
}

/// Transient server errors on password submits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FailSubmit {
    /// How many of the next password submits fail.
    pub count: u32,
    /// If true, the change IS applied before the 500 page is shown.
    pub after_apply: bool,
}

impl Faults {
    /// The pages `slow_page_ms` applies to.
    pub fn slowed_pages(&self) -> &[PageKind] {
        if self.slow_pages.is_empty() { &[PageKind::Passwords] } else { &self.slow_pages }
    }

    /// Checks values against sane limits; the error names the field.
    pub fn validate(&self) -> Result<(), String> {
        const MAX_DELAY_MS: u64 = 120_000;
        if self.latency_ms > MAX_DELAY_MS {
            return Err(format!("latency_ms: at most {MAX_DELAY_MS}"));
        }
        if self.slow_page_ms > MAX_DELAY_MS {
            return Err(format!("slow_page_ms: at most {MAX_DELAY_MS}"));
        }
        if self.session_max_requests == Some(0) {
            return Err("session_max_requests: must be at least 1".into());
        }
        if let Some(rule) = &self.server_rule {
            let limits = [
                ("server_rule.max_identical_run", rule.max_identical_run),
                ("server_rule.max_length", rule.max_length),
                ("server_rule.min_special", rule.min_special),
            ];
            for (field, value) in limits {
                if value == Some(0) {
                    return Err(format!("{field}: must be at least 1"));
                }
            }
        }
        Ok(())
    }
}
