//! Secrets the portal may hold are kept, and the card on show is the one acted on: reproducers of what the fuzz targets found (fuzz/REPORT.md), fixed in the engine.

use std::path::Path;

use passwright::Kind;
use passwright::flow::Task;
use passwright::portal::Snapshot;
use passwright::protocol::panel::{FromPanel, PanelCommand, ToPanel};
use passwright::protocol::{ActionResult, AgentError, Event, Op};
use passwright::testing::FakeBackground;

const TAB: i64 = 7;

fn snapshot(name: &str) -> Snapshot {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/snapshots/classic/{name}.json"));
    let mut s: Snapshot = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    s.top = true;
    s
}

fn web() -> Task {
    Task { kind: Kind::Web, rebuild: false, reset_phone: false }
}

/// A flow submitted on the Passwords page, then the login page: the session
/// ended after the submission, so the portal may hold the secret, kept.
fn kept_secret(bg: &mut FakeBackground) -> zeroize::Zeroizing<String> {
    bg.page(TAB, 0, "p1", &snapshot("passwords"));
    bg.command(TAB, PanelCommand::Start { task: web() });
    bg.page(TAB, 0, "p2", &snapshot("login"));
    let flow = bg.flow(TAB).unwrap();
    assert!(flow.submitted && !flow.is_running());
    flow.secret.clone().expect("kept: the portal may have it")
}

/// Whether the tab or the orphans still keep `secret`.
fn kept(bg: &FakeBackground, secret: &zeroize::Zeroizing<String>) -> bool {
    bg.flow(TAB).and_then(|f| f.secret.as_ref()) == Some(secret)
        || bg.orphans.iter().any(|o| o.secret.as_ref() == Some(secret))
}

#[test]
fn starting_again_keeps_a_secret_the_portal_may_hold() {
    let mut bg = FakeBackground::new();
    let secret = kept_secret(&mut bg);
    bg.advance(1000.0);
    bg.page(TAB, 0, "p3", &snapshot("passwords"));
    bg.command(TAB, PanelCommand::Start { task: web() });
    assert!(kept(&bg, &secret), "the first secret, which the portal may hold, is gone");
}

#[test]
fn a_failed_frame_action_after_the_click_keeps_the_submission() {
    let mut bg = FakeBackground::new();
    bg.page(TAB, 0, "p1", &snapshot("passwords"));
    bg.command(TAB, PanelCommand::Start { task: web() });
    let secret = bg.flow(TAB).unwrap().secret.clone();
    let clicked = [Op::Choose, Op::Fill, Op::Fill, Op::Click].map(ActionResult::ok).to_vec();
    bg.results(TAB, 0, "p1", clicked, &snapshot("passwords"));
    // The panel grows: the engine moves its frame, and that fails.
    bg.event(Event::Panel { tab: TAB, frame: bg.panel_port, message: FromPanel::Resize { height: 700 } });
    let failed = vec![ActionResult::failed(Op::Inject, AgentError::Other { message: "no body".into() })];
    bg.results(TAB, 0, "p1", failed, &snapshot("passwords"));
    let flow = bg.flow(TAB).unwrap();
    assert!(flow.submitted, "the click happened: {:?}", flow.problem);
    assert_eq!(flow.secret, secret, "the portal may hold it");
}

/// The same tab, then another portal's Passwords page, where the admin generates a secret.
fn generated_elsewhere(bg: &mut FakeBackground) -> zeroize::Zeroizing<String> {
    let secret = kept_secret(bg);
    let mut other = snapshot("passwords");
    other.url = other.url.replace("http://portal.test", "https://portal.example.com");
    bg.page(TAB, 0, "p3", &other);
    bg.command(TAB, PanelCommand::Generate { kind: Kind::Web });
    assert!(bg.memory.get(&TAB).is_some_and(|m| m.generated.is_some()), "generated on the other portal");
    secret
}

#[test]
fn dismissing_a_card_on_another_portal_keeps_this_portals_secret() {
    let mut bg = FakeBackground::new();
    let secret = generated_elsewhere(&mut bg);
    bg.command(TAB, PanelCommand::Dismiss);
    assert!(kept(&bg, &secret), "the first portal's secret went with the other portal's card");
}

#[test]
fn copy_on_another_portal_copies_the_card_on_show() {
    let mut bg = FakeBackground::new();
    let first = generated_elsewhere(&mut bg);
    let shown = bg.memory.get(&TAB).and_then(|m| m.generated.as_ref()).map(|g| g.secret.clone()).unwrap();
    bg.command(TAB, PanelCommand::Copy);
    let copied = bg.to_panels.iter().rev().find_map(|(_, m)| match m {
        ToPanel::Copy { text } => Some(text.clone()),
        _ => None,
    });
    assert_ne!(copied.as_ref(), Some(&first), "copied the first portal's password");
    assert_eq!(copied, Some(shown), "the card on show is the generated one");
}

#[test]
fn generates_card_stays_on_its_portal() {
    let mut bg = FakeBackground::new();
    bg.page(TAB, 0, "p1", &snapshot("passwords"));
    bg.command(TAB, PanelCommand::Generate { kind: Kind::Web });
    assert!(bg.view(TAB).is_some_and(|v| v.result.is_some()), "the card, on its portal");
    let made = bg.memory.get(&TAB).and_then(|m| m.generated.as_ref()).map(|g| g.secret.clone()).unwrap();
    // The same tab on another portal's Passwords page: no card, nothing to reveal or copy.
    let mut other = snapshot("passwords");
    other.url = other.url.replace("http://portal.test", "https://portal.example.com");
    bg.page(TAB, 0, "p2", &other);
    bg.command(TAB, PanelCommand::Reveal);
    bg.command(TAB, PanelCommand::Copy);
    assert!(bg.view(TAB).is_some_and(|v| v.result.is_none()), "the card followed the tab");
    let copied = bg.to_panels.iter().any(|(_, m)| matches!(m, ToPanel::Copy { text } if *text == made));
    assert!(!copied, "the other portal's panel copied the card's password");
    // Back on its portal: the card is there again (it was kept, only not shown).
    bg.page(TAB, 0, "p3", &snapshot("passwords"));
    bg.command(TAB, PanelCommand::Copy);
    assert!(bg.view(TAB).is_some_and(|v| v.result.is_some()), "the card, back on its portal");
    assert!(bg.to_panels.iter().any(|(_, m)| matches!(m, ToPanel::Copy { text } if *text == made)));
}
