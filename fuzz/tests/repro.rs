use std::path::Path;

use passwright::Kind;
use passwright::flow::Task;
use passwright::portal::Snapshot;
use passwright::protocol::panel::{FromPanel, PanelCommand};
use passwright::protocol::{ActionResult, AgentError, Event, Op};
use passwright::testing::FakeBackground;

const TAB: i64 = 7;

fn snapshot(skin: &str, name: &str) -> Snapshot {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/snapshots").join(skin).join(format!("{name}.json"));
    let mut s: Snapshot = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    s.top = true;
    s
}

fn web() -> Task {
    Task { kind: Kind::Web, rebuild: false, reset_phone: false }
}

#[test]
fn start_again_keeps_a_secret_the_portal_may_hold() {
    let mut bg = FakeBackground::new();
    bg.page(TAB, 0, "p1", &snapshot("classic", "passwords"));
    bg.command(TAB, PanelCommand::Start { task: web() });
    let first = bg.flow(TAB).unwrap().clone();
    assert!(first.submitted && first.secret.is_some());
    // The session ended after the submission: the portal may hold the secret.
    bg.page(TAB, 0, "p2", &snapshot("classic", "login"));
    let kept = bg.flow(TAB).unwrap().clone();
    assert_eq!(kept.secret, first.secret, "kept: the portal may have it");
    // The admin logs in again and, on the Passwords page, clicks the reset again.
    bg.advance(1000.0);
    bg.page(TAB, 0, "p3", &snapshot("classic", "passwords"));
    bg.command(TAB, PanelCommand::Start { task: web() });
    let now = bg.flow(TAB).unwrap();
    let held = now.id == first.id || bg.orphans.iter().any(|o| o.secret == first.secret);
    assert!(held, "the first secret, which the portal may hold, is gone");
}

#[test]
fn a_failed_frame_action_after_the_click_keeps_the_submission() {
    let mut bg = FakeBackground::new();
    bg.page(TAB, 0, "p1", &snapshot("classic", "passwords"));
    bg.command(TAB, PanelCommand::Start { task: web() });
    let secret = bg.flow(TAB).unwrap().secret.clone();
    assert!(secret.is_some());
    let ok = [Op::Choose, Op::Fill, Op::Fill, Op::Click].map(ActionResult::ok).to_vec();
    bg.results(TAB, 0, "p1", ok, &snapshot("classic", "passwords"));
    assert!(bg.flow(TAB).unwrap().submitted, "clicked");
    // The panel grows: the engine moves its frame; the agent cannot.
    bg.event(Event::Panel { tab: TAB, frame: bg.panel_port, message: FromPanel::Resize { height: 700 } });
    let failed = vec![ActionResult::failed(Op::Inject, AgentError::Other { message: "no body".into() })];
    bg.results(TAB, 0, "p1", failed, &snapshot("classic", "passwords"));
    let flow = bg.flow(TAB).unwrap();
    assert!(flow.submitted, "the click happened: {:?}", flow.problem);
    assert_eq!(flow.secret, secret, "the portal may hold it");
}
