//! The policy floor through the engine (the security issue): whatever policy
//! a portal has (set by the admin, learned from a page and confirmed, taken
//! from an error), the secrets the one-click reset makes are at least as
//! strong as the floor; IT's managed floor raises it; a policy that cannot
//! reach the floor makes nothing and submits nothing. Checked against the
//! secret actually typed into the portal's fields, measured here by length and
//! by an independent entropy count.

use std::path::Path;

use passwright::Kind;
use passwright::flow::{Status, Task, Why};
use passwright::policy::Source;
use passwright::portal::Snapshot;
use passwright::protocol::Action;
use passwright::protocol::panel::PanelCommand;
use passwright::settings::{Floor, Portal, Settings};
use passwright::testing::FakeBackground;

const TAB: i64 = 3;
const ORIGIN: &str = "http://portal.test";

fn snapshot(name: &str) -> Snapshot {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/snapshots/classic/{name}.json"));
    let mut s: Snapshot = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    s.top = true;
    s
}

fn with_rules(rules: &str) -> Settings {
    Settings {
        portals: vec![Portal { origin: ORIGIN.into(), policy: Source::Rules(rules.into()) }],
        ..Settings::default()
    }
}

/// Runs a web reset from the Passwords page; returns the secret typed into
/// the portal's fields (None when nothing was typed) and the flow's status.
fn reset(bg: &mut FakeBackground) -> (Option<String>, Status, Option<Why>) {
    bg.page(TAB, 0, "p1", &snapshot("user"));
    bg.open_from_launcher(TAB, 0);
    let pushed = bg.to_agents.len();
    bg.page(TAB, 0, "p2", &snapshot("passwords"));
    bg.command(
        TAB,
        PanelCommand::Start { task: Task { kind: Kind::Web, rebuild: false, reset_phone: false } },
    );
    let typed = bg.pushed_since(pushed).into_iter().flat_map(|(_, a)| a).find_map(|a| match a {
        Action::Fill { value, .. } => Some(value.to_string()),
        _ => None,
    });
    let flow = bg.flow(TAB).cloned().expect("a flow");
    (typed, flow.status, flow.problem.map(|p| p.why))
}

/// Bits of a secret drawn uniformly from the classes it uses (an upper bound
/// of what the generator can have spent on it): independent of the generator.
fn bits(secret: &str) -> f64 {
    let mut alphabet = 0.0;
    if secret.chars().any(|c| c.is_ascii_lowercase()) {
        alphabet += 26.0;
    }
    if secret.chars().any(|c| c.is_ascii_uppercase()) {
        alphabet += 26.0;
    }
    if secret.chars().any(|c| c.is_ascii_digit()) {
        alphabet += 10.0;
    }
    if secret.chars().any(|c| c.is_ascii_punctuation()) {
        alphabet += 32.0;
    }
    secret.chars().count() as f64 * f64::log2(alphabet)
}

#[test]
fn a_weak_portal_policy_still_makes_secrets_at_the_floor() {
    // Control: a policy that asks for more than the floor gets what it asks.
    let mut bg = FakeBackground::new();
    bg.settings =
        Some(with_rules("minlength: 20; maxlength: 64; required: digit; allowed: lower, upper, digit"));
    let (typed, _, _) = reset(&mut bg);
    assert_eq!(typed.as_deref().map(str::len), Some(20));

    // A policy of 4 characters (as a page could suggest): the floor's 12 and 60 bits still.
    let mut bg = FakeBackground::new();
    bg.settings = Some(with_rules("minlength: 4; maxlength: 64; allowed: lower, digit"));
    let (typed, status, why) = reset(&mut bg);
    let typed = typed.unwrap_or_else(|| panic!("a secret typed: {status:?} {why:?}"));
    assert!(typed.len() >= 12, "{} characters", typed.len());
    assert!(bits(&typed) >= 60.0, "{:.1} bits", bits(&typed));
}

#[test]
fn a_policy_that_cannot_reach_the_floor_types_and_submits_nothing() {
    let mut bg = FakeBackground::new();
    // At most 8 characters: no secret of 12.
    bg.settings = Some(with_rules("minlength: 4; maxlength: 8"));
    let (typed, status, why) = reset(&mut bg);
    assert_eq!(typed, None, "nothing typed");
    assert_eq!(status, Status::Failed);
    assert!(matches!(why, Some(Why::Conflict(_)) | Some(Why::Impossible(_))), "{why:?}");
    assert!(!bg.flow(TAB).unwrap().submitted);
}

#[test]
fn the_managed_floor_raises_the_floor_and_stored_settings_cannot_lower_it() {
    let mut bg = FakeBackground::new();
    bg.managed = Some(Settings {
        floor: Some(Floor { web_min_length: 24, web_min_bits: 100, passcode_min_length: 8 }),
        ..Settings::default()
    });
    // The local settings ask for a lower floor: IT's wins.
    bg.settings = Some(Settings {
        floor: Some(Floor { web_min_length: 8, web_min_bits: 40, passcode_min_length: 4 }),
        ..with_rules("minlength: 4; maxlength: 64")
    });
    let (typed, status, why) = reset(&mut bg);
    let typed = typed.unwrap_or_else(|| panic!("a secret typed: {status:?} {why:?}"));
    assert!(typed.len() >= 24, "{} characters", typed.len());
}
