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

#[test]
fn dump_state() {
    let mut bg = FakeBackground::new();
    bg.page(TAB, 0, "p1", &snapshot("classic", "user"));
    bg.open_from_launcher(TAB, 0);
    bg.command(TAB, PanelCommand::Start { task: Task { kind: Kind::Web, rebuild: true, reset_phone: false } });
    bg.page(TAB, 0, "p2", &snapshot("classic", "passwords"));
    let st = bg.tabs.get(&TAB).unwrap();
    let mut st = st.clone();
    st.frames.clear();
    println!("STATE {}", serde_json::to_string(&st).unwrap());
    println!("AUDIT {}", serde_json::to_string(&bg.audit).unwrap());
    for (e, _) in bg.journal.iter().take(4) { println!("EVENT {}", serde_json::to_string(e).unwrap().chars().take(300).collect::<String>()); }
}

#[test]
fn seeds_decode() {
    use passwright::engine::TabState;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/messages");
    let (mut env, mut bad) = (0, 0);
    for f in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(f.unwrap().path()).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        if let Some(e) = v.get("event") {
            env += 1;
            if let Err(err) = serde_json::from_value::<Event>(e.clone()) { bad += 1; println!("EVENT {err}: {}", &e.to_string()[..e.to_string().len().min(200)]); }
            let s = &v["stored"];
            if !s["tab"].is_null() {
                if let Err(err) = serde_json::from_value::<TabState>(s["tab"].clone()) { bad += 1; println!("TAB {err}"); }
            }
            for o in s["orphans"].as_array().into_iter().flatten() {
                if let Err(err) = serde_json::from_value::<passwright::flow::Flow>(o.clone()) { bad += 1; println!("ORPHAN {err}"); }
            }
            if !s["settings"].is_null() { if let Err(err) = serde_json::from_value::<passwright::settings::Settings>(s["settings"].clone()) { bad += 1; println!("SETTINGS {err}"); } }
            if !s["audit"].is_null() { if let Err(err) = serde_json::from_value::<Vec<passwright::audit::AuditEntry>>(s["audit"].clone()) { bad += 1; println!("AUDIT {err}"); } }
            if !s["pending"].is_null() { if let Err(err) = serde_json::from_value::<Vec<passwright::settings::Pending>>(s["pending"].clone()) { bad += 1; println!("PENDING {err}"); } }
            if !s["managed"].is_null() { if let Err(err) = serde_json::from_value::<passwright::settings::Settings>(s["managed"].clone()) { bad += 1; println!("MANAGED {err}"); } }
        }
    }
    println!("envelopes {env}, bad {bad}");
}

fn caught(f: impl FnOnce() + std::panic::UnwindSafe) -> String {
    match std::panic::catch_unwind(f) {
        Ok(()) => String::new(),
        Err(e) => e.downcast_ref::<String>().cloned().or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string())).unwrap_or_default(),
    }
}

#[test]
fn the_harness_sees_both() {
    use passwright_fuzz::build::{named, skin_named};
    use passwright_fuzz::drive::Tab;
    let classic = skin_named("classic").unwrap();
    let one = caught(|| {
        let mut tab = Tab::new(None, None, None);
        tab.page(0, named(classic, "passwords").unwrap(), false, false);
        tab.command(PanelCommand::Start { task: web() }, None);
        tab.page(0, named(classic, "login").unwrap(), false, false);
        tab.advance(1000.0);
        tab.page(0, named(classic, "passwords").unwrap(), false, false);
        tab.command(PanelCommand::Start { task: web() }, None);
    });
    println!("ONE {one}");
    assert!(one.contains("lost a secret the portal may hold"));
    let two = caught(|| {
        let mut tab = Tab::new(None, None, None);
        tab.page(0, named(classic, "passwords").unwrap(), false, false);
        tab.command(PanelCommand::Start { task: web() }, None);
        assert!(tab.report(0, |a| a.iter().map(|a| ActionResult::ok(a.op())).collect()));
        tab.panel_message(Some(FromPanel::Resize { height: 700 }));
        assert!(tab.report(0, |a| a.iter().map(|a| ActionResult::failed(a.op(), AgentError::Other { message: "x".into() })).take(1).collect()));
    });
    println!("TWO {two}");
    assert!(two.contains("cleared by the report on another batch"));
}

#[test]
fn dismiss_elsewhere() {
    use passwright_fuzz::build::{named, skin_named};
    use passwright_fuzz::drive::Tab;
    let classic = skin_named("classic").unwrap();
    let three = caught(|| {
        let mut tab = Tab::new(None, None, None);
        tab.page(0, named(classic, "passwords").unwrap(), false, false);
        tab.command(PanelCommand::Start { task: web() }, None);
        tab.page(0, named(classic, "login").unwrap(), false, false);
        let mut other = named(classic, "passwords").unwrap();
        other.url = other.url.replace("http://portal.test", "https://portal.example.com");
        tab.page(0, other, false, false);
        tab.command(PanelCommand::Generate { kind: Kind::Web }, None);
        println!("generated: {:?}", tab.bg.memory.get(&7).map(|m| m.generated.is_some()));
        tab.command(PanelCommand::Dismiss, None);
    });
    println!("THREE {three}");
}

#[test]
fn copy_elsewhere() {
    use passwright_fuzz::build::{named, skin_named};
    use passwright_fuzz::drive::Tab;
    let classic = skin_named("classic").unwrap();
    let four = caught(|| {
        let mut tab = Tab::new(None, None, None);
        tab.page(0, named(classic, "passwords").unwrap(), false, false);
        tab.command(PanelCommand::Start { task: web() }, None);
        tab.page(0, named(classic, "login").unwrap(), false, false);
        let mut other = named(classic, "passwords").unwrap();
        other.url = other.url.replace("http://portal.test", "https://portal.example.com");
        tab.page(0, other, false, false);
        tab.command(PanelCommand::Generate { kind: Kind::Web }, None);
        tab.command(PanelCommand::Copy, None);
    });
    println!("FOUR {four}");
}
