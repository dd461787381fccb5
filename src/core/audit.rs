//! The audit log: what was done, where, for whom, and how it ended. Never a
//! secret. Kept in `storage.local`, shown and exported (CSV) by the options page.

use serde::{Deserialize, Serialize};

use crate::flow::{Flow, Note, Step, Why};
use crate::policy::Kind;

/// How a flow ended (or stands).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Still running.
    Running,
    /// Done, confirmed by the portal.
    Done,
    /// Stopped on a problem.
    Failed {
        /// Why.
        why: Why,
        /// Whether the portal accepted the secret (`None`: it did not say).
        accepted: Option<bool>,
        /// Whether the form was submitted.
        submitted: bool,
    },
    /// The admin cancelled.
    Cancelled {
        /// Whether the form had been submitted.
        submitted: bool,
    },
    /// The flow vanished with the browser's session (a restart): nothing is claimed.
    Interrupted {
        /// The last step recorded.
        step: Step,
    },
}

/// One flow's record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// The flow's id.
    pub id: String,
    /// When it started (ms since the epoch).
    pub time_ms: f64,
    /// The portal.
    pub origin: String,
    /// The user ID, when known.
    pub user_id: Option<String>,
    /// The user's display name, when known.
    pub user_name: Option<String>,
    /// Web password or passcode.
    pub kind: Kind,
    /// What was done, step by step.
    pub steps: Vec<Note>,
    /// How it ended.
    pub outcome: Outcome,
    /// The last step reached.
    pub step: Step,
    /// The bulk run it belongs to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run: Option<String>,
}

impl AuditEntry {
    /// The record of `flow` as it stands.
    pub fn of(flow: &Flow) -> AuditEntry {
        AuditEntry {
            id: flow.id.clone(),
            time_ms: flow.started_ms,
            origin: flow.origin.clone(),
            user_id: flow.user.user_id.clone(),
            user_name: flow.user.name.clone(),
            kind: flow.task.kind,
            steps: flow.log.iter().map(|e| e.note.clone()).collect(),
            outcome: flow.outcome(),
            step: flow.step,
            run: None,
        }
    }

    /// Marks a record whose flow vanished (browser restart): nothing is claimed.
    pub fn interrupt(&mut self) {
        if self.outcome == Outcome::Running {
            self.outcome = Outcome::Interrupted { step: self.step };
        }
    }
}

/// A CSV cell: quoted, and defused against spreadsheet formulas.
fn cell(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    format!("\"{}\"", value.replace('"', "\"\""))
}

/// The log as CSV: time (ISO 8601, UTC), origin, user ID, user, kind,
/// steps, outcome; `words` writes a record's steps and outcome (in the
/// admin's language).
pub fn to_csv(entries: &[AuditEntry], words: impl Fn(&AuditEntry) -> (String, String)) -> String {
    let mut out = String::from("time,origin,user_id,user,kind,steps,outcome\n");
    for e in entries {
        let (steps, outcome) = words(e);
        let row = [
            iso8601(e.time_ms),
            e.origin.clone(),
            e.user_id.clone().unwrap_or_default(),
            e.user_name.clone().unwrap_or_default(),
            e.kind.as_str().to_owned(),
            steps,
            outcome,
        ];
        out.push_str(&row.iter().map(|v| cell(v)).collect::<Vec<_>>().join(","));
        out.push('\n');
    }
    out
}

/// Milliseconds since the epoch as `YYYY-MM-DDTHH:MM:SSZ` (civil-from-days,
/// written out because the core has no date crate and needs only this).
pub fn iso8601(ms: f64) -> String {
    let secs = (ms / 1000.0).floor() as i64;
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(iso8601(0.0), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601(1_795_651_200_000.0), "2026-11-26T00:00:00Z");
        assert_eq!(iso8601(951_782_400_000.0 + 3_723_000.0), "2000-02-29T01:02:03Z");
    }

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        let e = AuditEntry {
            id: "1".into(),
            time_ms: 0.0,
            origin: "https://p.example".into(),
            user_id: Some("=cmd|' /C calc'!A0".into()),
            user_name: Some("Smith, \"Jo\"".into()),
            kind: Kind::Web,
            steps: vec![Note::Submitted, Note::Done],
            outcome: Outcome::Done,
            step: Step::Done,
            run: None,
        };
        let csv = to_csv(&[e], |_| ("a; b".into(), "done".into()));
        let row = csv.lines().nth(1).unwrap();
        assert_eq!(
            row,
            r#""1970-01-01T00:00:00Z","https://p.example","'=cmd|' /C calc'!A0","Smith, ""Jo""","web","a; b","done""#
        );
    }
}
