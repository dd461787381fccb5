//! The flow state machine driven natively with the agent's snapshots of the
//! simulator (tests/fixtures/snapshots): every step, every ending, in every skin.

use std::path::Path;

use passwright::Kind;
use passwright::engine;
use passwright::flow::{Action, ActionResult, Flow, Frame, Status, Step, Task};
use passwright::portal::Snapshot;
use passwright::settings::Settings;

const SKINS: [&str; 5] = ["classic", "legacy", "reskin", "francais", "modern"];

fn snapshot(skin: &str, name: &str) -> Snapshot {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/snapshots")
        .join(skin)
        .join(format!("{name}.json"));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn web() -> Task {
    Task { kind: Kind::Web, rebuild: false, reset_phone: false }
}

/// Starts a flow on `first` and feeds it the following pages, one page load each.
fn run(skin: &str, task: Task, first: &str, pages: &[&str]) -> (Flow, Vec<Vec<Action>>) {
    let settings = Settings::default();
    let d = engine::start(task, "f".into(), 0.0, &snapshot(skin, first), "p0", &settings);
    let mut flow = d.flow.expect("a flow");
    let mut actions = vec![d.actions];
    for (i, page) in pages.iter().enumerate() {
        let d = engine::on_page(Some(flow), &snapshot(skin, page), &format!("p{}", i + 1), &settings, false);
        flow = d.flow.expect("the flow goes on");
        actions.push(d.actions);
    }
    (flow, actions)
}

fn acts(actions: &[Action]) -> Vec<&Action> {
    actions
        .iter()
        .filter(|a| !matches!(a, Action::Inject { .. } | Action::Remove { .. } | Action::Watch { .. }))
        .collect()
}

#[test]
fn from_the_user_page_to_a_confirmed_web_password_in_every_skin() {
    for skin in SKINS {
        let (flow, actions) = run(skin, web(), "user", &["passwords", "passwords-accepted"]);
        assert_eq!(flow.status, Status::Done, "{skin}: {:?}", flow.problem);
        assert!(matches!(acts(&actions[0])[..], [Action::Follow { .. }]), "{skin}: follows Passwords");
        let submit = acts(&actions[1]);
        let fills: Vec<&str> = submit
            .iter()
            .filter_map(|a| match a {
                Action::Fill { value, .. } => Some(value.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(fills.len(), 2, "{skin}: both fields");
        assert_eq!(fills[0], fills[1], "{skin}: the same secret twice");
        assert_eq!(
            Some(fills[0]),
            flow.secret.as_deref().map(String::as_str),
            "{skin}: the secret kept is the one typed"
        );
        assert!(matches!(submit.first(), Some(Action::Choose { .. })), "{skin}: the web radio first");
        assert!(matches!(submit.last(), Some(Action::Click { .. })), "{skin}: then the button");
        assert!(acts(&actions[2]).is_empty(), "{skin}: nothing after the confirmation");
        assert_eq!(flow.accepted, Some(true));
        assert!(flow.handoff().is_some());
    }
}

#[test]
fn a_passcode_flow_reads_the_profile_first_for_the_extension_rule() {
    let task = Task { kind: Kind::Passcode, rebuild: false, reset_phone: false };
    let (flow, actions) =
        run("classic", task, "user", &["profile", "user", "passwords", "passwords-accepted"]);
    assert_eq!(flow.status, Status::Done, "{:?}", flow.problem);
    assert_eq!(flow.user.extension.as_deref(), Some("1001"), "read from the profile");
    assert!(matches!(acts(&actions[0])[..], [Action::Follow { .. }]), "to the profile");
    let code = flow.secret.as_deref().unwrap();
    assert!(code.chars().all(|c| c.is_ascii_digit()) && code != "1001");
}

#[test]
fn the_rebuild_follows_addresses_to_the_device_and_confirms() {
    for skin in SKINS {
        let task = Task { kind: Kind::Web, rebuild: true, reset_phone: false };
        // Save in the reskin stays on the Passwords page: the flow goes back to the user itself.
        let mut pages = vec!["passwords", "passwords-accepted"];
        if skin == "reskin" {
            pages.push("user");
        }
        pages.extend(["addresses", "device", "confirm", "device-rebuilt"]);
        let (flow, actions) = run(skin, task, "user", &pages);
        assert_eq!(flow.status, Status::Done, "{skin}: {:?}", flow.problem);
        assert_eq!(flow.step, Step::Done);
        let clicks =
            actions.iter().flat_map(|a| acts(a)).filter(|a| matches!(a, Action::Click { .. })).count();
        assert_eq!(clicks, 3, "{skin}: OK, rebuild, confirm: each once");
        let follows = actions
            .iter()
            .flat_map(|a| acts(a))
            .filter(|a| matches!(a, Action::Follow { .. } | Action::Navigate { .. }))
            .count();
        assert!(follows >= 3, "{skin}: Passwords, Addresses, the device");
        assert!(flow.log.iter().any(|e| e.note.contains("confirmed the rebuild")), "{skin}");
        assert!(flow.handoff().unwrap().contains("restart your phone"), "{skin}");
    }
}

#[test]
fn a_rejection_is_quoted_and_mapped_and_clears_the_secret() {
    for skin in SKINS {
        let (flow, _) = run(skin, web(), "passwords", &["passwords-rejected"]);
        assert_eq!(flow.status, Status::Failed, "{skin}");
        assert_eq!(flow.accepted, Some(false), "{skin}");
        assert!(flow.secret.is_none(), "{skin}: a rejected password is nobody's");
        let problem = flow.problem.unwrap();
        let quoted = problem.portal_text.unwrap_or_default();
        assert!(!quoted.is_empty(), "{skin}: the portal's words");
        let rule = problem.rule.unwrap_or_default();
        assert!(
            rule.contains("At least 8 characters") && rule.contains("At least 1 digit"),
            "{skin}: both rules: {rule} from {quoted}"
        );
        assert!(problem.suggestion.is_none(), "{skin}: the policy knew that rule");
    }
}

#[test]
fn an_expired_session_or_a_server_error_claims_nothing_and_keeps_the_secret() {
    let (flow, _) = run("classic", web(), "passwords", &["login"]);
    assert_eq!(flow.status, Status::Failed);
    assert_eq!(flow.accepted, None, "not confirmed");
    assert!(flow.secret.is_some(), "kept: the portal may have it");
    assert!(flow.problem.as_ref().unwrap().message.contains("session ended"));
    assert!(flow.handoff().is_none(), "nothing to hand off that is not confirmed");
}

#[test]
fn a_session_ended_before_the_submission_changes_nothing() {
    let (flow, actions) = run("classic", web(), "user", &["login"]);
    assert_eq!(flow.status, Status::Failed);
    assert!(!flow.submitted);
    assert!(flow.problem.unwrap().message.contains("Nothing was changed"));
    assert!(actions[1].iter().all(|a| !matches!(a, Action::Fill { .. } | Action::Click { .. })));
}

#[test]
fn cancel_stops_before_anything_is_submitted_and_nothing_resumes() {
    let settings = Settings::default();
    let d = engine::start(web(), "f".into(), 0.0, &snapshot("classic", "user"), "p0", &settings);
    let mut flow = d.flow.unwrap();
    flow.cancel();
    assert_eq!(flow.status, Status::Cancelled);
    assert!(flow.secret.is_none());
    let d = engine::on_page(Some(flow), &snapshot("classic", "passwords"), "p1", &settings, false);
    assert!(acts(&d.actions).is_empty(), "the Passwords page arrives: nothing is filled or clicked");
    assert!(!d.flow.unwrap().submitted);
}

#[test]
fn a_fill_that_fails_submits_nothing() {
    let settings = Settings::default();
    let d = engine::start(web(), "f".into(), 0.0, &snapshot("classic", "passwords"), "p0", &settings);
    assert!(d.flow.as_ref().unwrap().submitted, "saved as submitted before the click is sent");
    let results = vec![
        ActionResult { op: "choose".into(), ok: true, error: None },
        ActionResult { op: "fill".into(), ok: false, error: Some("replaced".into()) },
    ];
    let d = engine::on_results(d.flow, &results, &snapshot("classic", "passwords"));
    let flow = d.flow.unwrap();
    assert_eq!(flow.status, Status::Failed);
    assert!(!flow.submitted, "the click never happened");
    assert!(flow.problem.unwrap().message.contains("nothing was submitted"));
}

#[test]
fn the_same_page_described_twice_is_acted_on_once() {
    let settings = Settings::default();
    let d = engine::start(web(), "f".into(), 0.0, &snapshot("classic", "passwords"), "p0", &settings);
    let again = engine::on_page(d.flow, &snapshot("classic", "passwords"), "p0", &settings, false);
    assert!(acts(&again.actions).is_empty());
    assert_eq!(again.flow.unwrap().status, Status::Running);
}

#[test]
fn a_tab_closed_mid_flow_is_reported_at_its_step() {
    let settings = Settings::default();
    let d = engine::start(web(), "f".into(), 0.0, &snapshot("classic", "passwords"), "p0", &settings);
    let mut flow = d.flow.unwrap();
    flow.abandon("The tab was closed");
    assert_eq!(flow.status, Status::Failed);
    assert!(flow.secret.is_some(), "submitted: kept");
    assert!(flow.problem.as_ref().unwrap().message.contains("may or may not"));
    let mut audit = passwright::audit::AuditEntry::of(&flow);
    audit.interrupt();
    assert!(audit.outcome.starts_with("failed: The tab was closed"), "{}", audit.outcome);
}

#[test]
fn the_audit_never_holds_the_secret() {
    let (flow, _) = run("classic", web(), "user", &["passwords", "passwords-accepted"]);
    let secret = flow.secret.clone().unwrap();
    let audit = serde_json::to_string(&passwright::audit::AuditEntry::of(&flow)).unwrap();
    assert!(!audit.contains(secret.as_str()));
    assert!(audit.contains("done"));
    let csv = passwright::audit::to_csv(&[passwright::audit::AuditEntry::of(&flow)]);
    assert!(!csv.contains(secret.as_str()));
}

#[test]
fn a_flow_started_on_the_passwords_page_finds_its_way_back_through_the_referrer() {
    let settings = Settings::default();
    let mut passwords = snapshot("reskin", "passwords");
    let user_page = snapshot("reskin", "user").url;
    passwords.referrer = user_page.clone();
    let task = Task { kind: Kind::Web, rebuild: true, reset_phone: false };
    let d = engine::start(task, "f".into(), 0.0, &passwords, "p0", &settings);
    let d = engine::on_page(d.flow, &snapshot("reskin", "passwords-accepted"), "p1", &settings, false);
    assert!(
        d.actions.iter().any(|a| matches!(a, Action::Navigate { url } if *url == user_page)),
        "back to the user page it came from: {:?}",
        d.actions
    );
    // Without a referrer it says so instead of guessing a URL.
    let d = engine::start(task, "g".into(), 0.0, &snapshot("reskin", "passwords"), "p0", &settings);
    let d = engine::on_page(d.flow, &snapshot("reskin", "passwords-accepted"), "p1", &settings, false);
    let flow = d.flow.unwrap();
    assert_eq!(flow.status, Status::Failed);
    assert_eq!(flow.accepted, Some(true), "the password itself is set");
}

#[test]
fn a_light_description_never_moves_a_flow_and_the_full_one_does() {
    let settings = Settings::default();
    let d = engine::start(web(), "f".into(), 0.0, &snapshot("reskin", "user"), "p0", &settings);
    let flow = d.flow.expect("a flow");
    // The agent's first, light description of the Passwords page it was sent to.
    let mut light = snapshot("reskin", "passwords");
    light.pairs.clear();
    light.text.clear();
    light.links.iter_mut().for_each(|l| {
        l.label.clear();
        l.group.clear();
    });
    light.light = true;
    let d = engine::on_page(Some(flow.clone()), &light, "p1", &settings, false);
    assert!(d.full, "a flow always wants the whole page");
    assert!(d.audit.is_none());
    // Meanwhile only the frames: the panel goes up, nothing touches the form.
    assert!(
        d.actions.iter().all(|a| matches!(a, Action::Inject { .. } | Action::Remove { .. })),
        "{:?}",
        d.actions
    );
    assert!(d.actions.iter().any(|a| matches!(a, Action::Inject { .. })));
    assert_eq!(d.flow.as_ref(), Some(&flow), "nothing about the flow changed");
    // The full description of the same page load: the flow fills the form.
    let d = engine::on_page(d.flow, &snapshot("reskin", "passwords"), "p1", &settings, false);
    assert!(!d.full);
    assert!(acts(&d.actions).iter().any(|a| matches!(a, Action::Fill { .. })), "{:?}", d.actions);
}

#[test]
fn closing_the_panel_brings_the_launcher_back_on_user_pages_only() {
    for skin in SKINS {
        let on_user = engine::close_panel(Some(&snapshot(skin, "user")));
        assert!(
            matches!(
                &on_user[..],
                [
                    Action::Remove { mode: Frame::Panel },
                    Action::Inject { mode: Frame::Launcher, anchor: Some(_) }
                ]
            ),
            "{skin}: {on_user:?}"
        );
        for page in ["passwords", "profile"] {
            let actions = engine::close_panel(Some(&snapshot(skin, page)));
            assert_eq!(actions, vec![Action::Remove { mode: Frame::Panel }], "{skin} {page}");
        }
    }
    assert_eq!(
        engine::close_panel(None),
        vec![Action::Remove { mode: Frame::Panel }],
        "no page described yet"
    );
}

#[test]
fn cancel_before_the_submission_leaves_no_flow_and_after_it_keeps_the_secret() {
    let settings = Settings::default();
    // From the user's page: only the Passwords link was followed.
    let d = engine::start(web(), "f".into(), 0.0, &snapshot("classic", "user"), "p0", &settings);
    let out = engine::cancel(d.flow);
    assert_eq!(out.flow, None, "nothing submitted: no card is left to hold the panel or block Generate");
    let audit = out.audit.expect("the cancel is recorded");
    assert_eq!(audit.outcome, "cancelled");
    let d = engine::on_page(out.flow, &snapshot("classic", "passwords"), "p1", &settings, false);
    assert!(acts(&d.actions).is_empty(), "the Passwords page arrives: nothing is filled or clicked");
    assert!(d.flow.is_none());

    // On the Passwords page the form is filled and OK pressed at once: saved as submitted.
    let d = engine::start(web(), "g".into(), 0.0, &snapshot("classic", "passwords"), "p0", &settings);
    let secret = d.flow.as_ref().and_then(|f| f.secret.clone()).expect("a secret");
    let out = engine::cancel(d.flow);
    let kept = out.flow.expect("the portal may have taken it: kept");
    assert_eq!(kept.status, Status::Cancelled);
    assert_eq!(kept.secret, Some(secret), "the same secret, until dismissed");
    assert_eq!(out.audit.map(|a| a.outcome).as_deref(), Some("cancelled"));

    assert_eq!(engine::cancel(None), engine::Cancelled { flow: None, audit: None });
}
