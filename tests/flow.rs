//! The one-click flow driven natively through the engine, with a stand-in for
//! the background (`passwright::testing::FakeBackground`) and the agent's
//! snapshots of the simulator (tests/fixtures/snapshots): every step, every
//! ending, in every skin.

use std::path::Path;

use passwright::Kind;
use passwright::audit::Outcome;
use passwright::flow::{Note, Status, Step, Task, Why};
use passwright::i18n::{Key, Lang, t};
use passwright::portal::Snapshot;
use passwright::protocol::panel::PanelCommand;
use passwright::protocol::{Action, ActionResult, AgentError, FrameKind, Op};
use passwright::testing::FakeBackground;

const SKINS: [&str; 5] = ["classic", "legacy", "reskin", "francais", "modern"];
const TAB: i64 = 7;

fn snapshot(skin: &str, name: &str) -> Snapshot {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/snapshots")
        .join(skin)
        .join(format!("{name}.json"));
    let mut s: Snapshot = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    s.top = true;
    s
}

fn web() -> Task {
    Task { kind: Kind::Web, rebuild: false, reset_phone: false }
}

/// A tab of a fake background, page loads numbered p1, p2, ...
struct Tab {
    bg: FakeBackground,
    loads: u32,
    skin: &'static str,
    /// What was asked of the agent on each page (the reply and what was pushed after).
    actions: Vec<Vec<Action>>,
}

impl Tab {
    fn new(skin: &'static str) -> Tab {
        Tab { bg: FakeBackground::new(), loads: 0, skin, actions: Vec::new() }
    }

    fn page_id(&self) -> String {
        format!("p{}", self.loads)
    }

    /// A new page load of `name`.
    fn load(&mut self, name: &str) -> Vec<Action> {
        self.loads += 1;
        let id = self.page_id();
        let pushed = self.bg.to_agents.len();
        let mut actions = self.bg.page(TAB, 0, &id, &snapshot(self.skin, name));
        actions.extend(self.bg.pushed_since(pushed).into_iter().flat_map(|(_, a)| a));
        self.actions.push(acts(&actions));
        actions
    }

    /// A new page load described by `snapshot`.
    fn load_snapshot(&mut self, snapshot: &Snapshot) -> Vec<Action> {
        self.loads += 1;
        self.describe_again(snapshot)
    }

    /// The current page load described again (its script changed it).
    fn describe_again(&mut self, snapshot: &Snapshot) -> Vec<Action> {
        let id = self.page_id();
        let pushed = self.bg.to_agents.len();
        let mut actions = self.bg.page(TAB, 0, &id, snapshot);
        actions.extend(self.bg.pushed_since(pushed).into_iter().flat_map(|(_, a)| a));
        let actions = acts(&actions);
        self.actions.push(actions.clone());
        actions
    }

    /// Opens the panel (from the launcher on a user page) and runs the task.
    fn start(&mut self, task: Task) -> Vec<Action> {
        let pushed = self.bg.to_agents.len();
        if self.bg.tabs.get(&TAB).is_some_and(|t| t.panel.frame.is_none()) {
            self.bg.open_from_launcher(TAB, 0);
        }
        self.bg.command(TAB, PanelCommand::Start { task });
        let actions: Vec<Action> = self.bg.pushed_since(pushed).into_iter().flat_map(|(_, a)| a).collect();
        self.actions.push(acts(&actions));
        actions
    }

    fn flow(&self) -> passwright::flow::Flow {
        self.bg.flow(TAB).cloned().expect("a flow")
    }
}

/// The actions that touch the portal (not our frames, not the checklist's watch).
fn acts(actions: &[Action]) -> Vec<Action> {
    actions
        .iter()
        .filter(|a| !matches!(a, Action::Inject { .. } | Action::Remove { .. } | Action::Watch { .. }))
        .cloned()
        .collect()
}

/// Starts on `first` and feeds the following pages, one page load each.
fn run(skin: &'static str, task: Task, first: &str, pages: &[&str]) -> Tab {
    let mut tab = Tab::new(skin);
    tab.load(first);
    tab.start(task);
    for page in pages {
        tab.load(page);
    }
    tab
}

#[test]
fn from_the_user_page_to_a_confirmed_web_password_in_every_skin() {
    for skin in SKINS {
        let tab = run(skin, web(), "user", &["passwords", "passwords-accepted"]);
        let flow = tab.flow();
        assert_eq!(flow.status, Status::Done, "{skin}: {:?}", flow.problem);
        assert!(
            matches!(tab.actions[1][..], [Action::Follow { .. }]),
            "{skin}: follows Passwords: {:?}",
            tab.actions[1]
        );
        let submit = &tab.actions[2];
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
        assert!(tab.actions[3].is_empty(), "{skin}: nothing after the confirmation");
        assert_eq!(flow.accepted, Some(true));
        assert_eq!(tab.bg.audit.last().map(|a| &a.outcome), Some(&Outcome::Done));
        let view = tab.bg.view(TAB).expect("the panel's view");
        assert!(view.result.as_ref().and_then(|r| r.handoff.as_ref()).is_some(), "{skin}: a hand-off text");
    }
}

#[test]
fn a_passcode_flow_reads_the_profile_first_for_the_extension_rule() {
    let task = Task { kind: Kind::Passcode, rebuild: false, reset_phone: false };
    let tab = run("classic", task, "user", &["profile", "user", "passwords", "passwords-accepted"]);
    let flow = tab.flow();
    assert_eq!(flow.status, Status::Done, "{:?}", flow.problem);
    assert_eq!(flow.user.extension.as_deref(), Some("1001"), "read from the profile");
    assert!(matches!(tab.actions[1][..], [Action::Follow { .. }]), "to the profile");
    let code = flow.secret.as_deref().unwrap();
    assert!(code.chars().all(|c| c.is_ascii_digit()) && code != "1001");
    assert!(code.len() >= 6, "the floor: at least 6 digits when the portal allows them: {code}");
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
        let tab = run(skin, task, "user", &pages);
        let flow = tab.flow();
        assert_eq!(flow.status, Status::Done, "{skin}: {:?} {:?}", flow.problem, flow.log);
        assert_eq!(flow.step, Step::Done);
        let all: Vec<&Action> = tab.actions.iter().flatten().collect();
        let clicks = all.iter().filter(|a| matches!(a, Action::Click { .. })).count();
        assert_eq!(clicks, 3, "{skin}: OK, rebuild, confirm: each once");
        let follows =
            all.iter().filter(|a| matches!(a, Action::Follow { .. } | Action::Navigate { .. })).count();
        assert!(follows >= 3, "{skin}: Passwords, Addresses, the device");
        assert!(flow.log.iter().any(|e| matches!(e.note, Note::ConfirmedQuestion(_))), "{skin}");
        let handoff = passwright::engine::words::handoff(Lang::En, &flow).unwrap();
        assert!(handoff.contains("restart your phone"), "{skin}: {handoff}");
    }
}

#[test]
fn a_rejection_is_quoted_and_mapped_and_clears_the_secret() {
    for skin in SKINS {
        let tab = run(skin, web(), "passwords", &["passwords-rejected"]);
        let flow = tab.flow();
        assert_eq!(flow.status, Status::Failed, "{skin}");
        assert_eq!(flow.accepted, Some(false), "{skin}");
        assert!(flow.secret.is_none(), "{skin}: a rejected password is nobody's");
        let view = tab.bg.view(TAB).unwrap();
        let problem = view.problem.as_ref().expect("a problem");
        let quoted = problem.portal_text.clone().unwrap_or_default();
        assert!(!quoted.is_empty(), "{skin}: the portal's words");
        let rule = problem.rule.clone().unwrap_or_default();
        assert!(
            rule.contains("At least 8 characters") && rule.contains("At least 1 digit"),
            "{skin}: both rules: {rule} from {quoted}"
        );
        assert!(problem.suggestions.is_empty(), "{skin}: the policy knew those rules");
    }
}

#[test]
fn an_expired_session_or_a_server_error_claims_nothing_and_keeps_the_secret() {
    let tab = run("classic", web(), "passwords", &["login"]);
    let flow = tab.flow();
    assert_eq!(flow.status, Status::Failed);
    assert_eq!(flow.accepted, None, "not confirmed");
    assert!(flow.secret.is_some(), "kept: the portal may have it");
    assert_eq!(flow.problem.as_ref().unwrap().why, Why::SessionEndedAfter);
    assert!(
        passwright::engine::words::handoff(Lang::En, &flow).is_none(),
        "nothing to hand off that is not confirmed"
    );
    let view = tab.bg.view(TAB).unwrap();
    assert!(view.status.contains("session ended"), "{}", view.status);
}

#[test]
fn a_session_ended_before_the_submission_changes_nothing() {
    let tab = run("classic", web(), "user", &["login"]);
    let flow = tab.flow();
    assert_eq!(flow.status, Status::Failed);
    assert!(!flow.submitted);
    assert_eq!(flow.problem.unwrap().why, Why::SessionEndedBefore);
    assert!(tab.actions[2].iter().all(|a| !matches!(a, Action::Fill { .. } | Action::Click { .. })));
}

#[test]
fn cancel_stops_before_anything_is_submitted_and_nothing_resumes() {
    let mut tab = Tab::new("classic");
    tab.load("user");
    tab.start(web());
    tab.bg.command(TAB, PanelCommand::Cancel);
    assert!(tab.bg.flow(TAB).is_none(), "nothing submitted: no card is left");
    let view = tab.bg.view(TAB).unwrap();
    assert!(view.status.contains(t(Lang::En, Key::NoteCancelledNothing)), "{}", view.status);
    assert!(matches!(tab.bg.audit.last().map(|a| &a.outcome), Some(Outcome::Cancelled { submitted: false })));
    let actions = tab.load("passwords");
    assert!(acts(&actions).is_empty(), "the Passwords page arrives: nothing is filled or clicked");
}

#[test]
fn cancel_after_the_submission_keeps_the_secret() {
    let mut tab = Tab::new("classic");
    tab.load("passwords");
    tab.start(web());
    let secret = tab.flow().secret.clone().expect("a secret");
    assert!(tab.flow().submitted, "saved as submitted before the click is sent");
    tab.bg.command(TAB, PanelCommand::Cancel);
    let kept = tab.flow();
    assert_eq!(kept.status, Status::Cancelled);
    assert_eq!(kept.secret, Some(secret), "the same secret, until dismissed");
}

#[test]
fn a_fill_that_fails_submits_nothing() {
    let mut tab = Tab::new("classic");
    tab.load("passwords");
    tab.start(web());
    assert!(tab.flow().submitted, "saved as submitted before the click is sent");
    let results = vec![ActionResult::ok(Op::Choose), ActionResult::failed(Op::Fill, AgentError::Replaced)];
    let id = tab.page_id();
    tab.bg.results(TAB, 0, &id, results, &snapshot("classic", "passwords"));
    let flow = tab.flow();
    assert_eq!(flow.status, Status::Failed);
    assert!(!flow.submitted, "the click never happened");
    assert!(flow.secret.is_none());
    assert_eq!(flow.problem.unwrap().why, Why::FieldsReplaced);
}

#[test]
fn the_same_page_described_twice_is_acted_on_once() {
    let mut tab = Tab::new("classic");
    tab.load("passwords");
    tab.start(web());
    let id = tab.page_id();
    let again = tab.bg.page(TAB, 0, &id, &snapshot("classic", "passwords"));
    assert!(acts(&again).is_empty(), "{again:?}");
    assert_eq!(tab.flow().status, Status::Running);
}

#[test]
fn a_tab_closed_mid_flow_is_reported_at_its_step_and_keeps_a_secret_the_portal_may_hold() {
    let mut tab = Tab::new("classic");
    tab.load("passwords");
    tab.start(web());
    let secret = tab.flow().secret.clone().unwrap();
    tab.bg.event(passwright::protocol::Event::TabClosed { tab: TAB });
    assert!(!tab.bg.tabs.contains_key(&TAB));
    let orphan = tab.bg.orphans.first().expect("kept as an orphan");
    assert_eq!(orphan.secret.as_ref(), Some(&secret));
    assert!(matches!(
        orphan.problem.as_ref().map(|p| &p.why),
        Some(Why::Interrupted { step: Step::Submit, submitted: true })
    ));
    let audit = tab.bg.audit.last().unwrap();
    assert!(matches!(audit.outcome, Outcome::Failed { submitted: true, .. }));
    // The same portal's next page shows it, until dismissed.
    let mut next = Tab { bg: tab.bg, loads: 10, skin: "classic", actions: Vec::new() };
    next.load("user");
    let view = next.bg.view(TAB).expect("the panel opens for the kept password");
    assert_eq!(view.orphans.len(), 1);
    next.bg.command(TAB, PanelCommand::DismissOrphan { id: orphan_id(&next.bg) });
    assert!(next.bg.orphans.is_empty());
}

fn orphan_id(bg: &FakeBackground) -> String {
    bg.orphans.first().map(|o| o.id.clone()).unwrap_or_default()
}

#[test]
fn the_audit_never_holds_the_secret() {
    let tab = run("classic", web(), "user", &["passwords", "passwords-accepted"]);
    let secret = tab.flow().secret.clone().unwrap();
    let audit = serde_json::to_string(&tab.bg.audit).unwrap();
    assert!(!audit.contains(secret.as_str()));
    let csv = passwright::audit::to_csv(&tab.bg.audit, |a| passwright::engine::words::audit(Lang::En, a));
    assert!(!csv.contains(secret.as_str()));
    assert!(csv.contains("done"));
}

#[test]
fn a_flow_started_on_the_passwords_page_finds_its_way_back_through_the_referrer() {
    let mut tab = Tab::new("reskin");
    let mut passwords = snapshot("reskin", "passwords");
    let user_page = snapshot("reskin", "user").url;
    passwords.referrer = user_page.clone();
    tab.loads += 1;
    tab.bg.page(TAB, 0, "p1", &passwords);
    tab.start(Task { kind: Kind::Web, rebuild: true, reset_phone: false });
    let actions = tab.load("passwords-accepted");
    assert!(
        actions.iter().any(|a| matches!(a, Action::Navigate { url } if *url == user_page)),
        "back to the user page it came from: {actions:?}"
    );
}

#[test]
fn a_light_description_never_moves_a_flow_and_the_full_one_does() {
    let mut tab = Tab::new("reskin");
    tab.load("user");
    tab.start(web());
    let flow = tab.flow();
    // The agent's first, light description of the Passwords page it was sent to.
    let mut light = snapshot("reskin", "passwords");
    light.pairs.clear();
    light.text.clear();
    light.links.iter_mut().for_each(|l| {
        l.label.clear();
        l.group.clear();
    });
    light.light = true;
    let fx = tab.bg.event(passwright::protocol::Event::Agent {
        tab: TAB,
        frame: 0,
        url: light.url.clone(),
        message: passwright::protocol::FromAgent::Page {
            page_id: "p9".into(),
            reason: passwright::protocol::Reason::Load,
            snapshot: light.clone(),
        },
    });
    let Some(passwright::protocol::Reply::Agent(passwright::protocol::ToAgent::DescribeFully {
        provisional,
    })) = fx.reply
    else {
        panic!("a flow always wants the whole page: {:?}", fx.reply);
    };
    // Meanwhile only the frames: the panel goes up, nothing touches the form.
    assert!(
        provisional.iter().all(|a| matches!(a, Action::Inject { frame: FrameKind::Panel, .. })),
        "{provisional:?}"
    );
    assert_eq!(tab.flow().log, flow.log, "nothing about the flow changed");
    // The full description of the same page load: the flow fills the form.
    let full = tab.bg.page(TAB, 0, "p9", &snapshot("reskin", "passwords"));
    assert!(acts(&full).iter().any(|a| matches!(a, Action::Fill { .. })), "{full:?}");
}

#[test]
fn closing_the_panel_brings_the_launcher_back_on_user_pages_only() {
    for skin in SKINS {
        let mut tab = Tab::new(skin);
        tab.load("user");
        tab.bg.open_from_launcher(TAB, 0);
        let pushed = tab.bg.to_agents.len();
        tab.bg.command(TAB, PanelCommand::Close);
        let actions: Vec<Action> = tab.bg.pushed_since(pushed).into_iter().flat_map(|(_, a)| a).collect();
        assert!(
            actions.iter().any(|a| matches!(a, Action::Remove { frame: FrameKind::Panel })),
            "{skin}: {actions:?}"
        );
        assert!(
            actions.iter().any(|a| matches!(a, Action::Inject { frame: FrameKind::Launcher, .. })),
            "{skin}: {actions:?}"
        );
        let mut tab = Tab::new(skin);
        tab.load("passwords");
        let pushed = tab.bg.to_agents.len();
        tab.bg.command(TAB, PanelCommand::Close);
        let actions: Vec<Action> = tab.bg.pushed_since(pushed).into_iter().flat_map(|(_, a)| a).collect();
        assert!(actions.iter().any(|a| matches!(a, Action::Remove { frame: FrameKind::Panel })), "{skin}");
        assert!(
            !actions.iter().any(|a| matches!(a, Action::Inject { .. })),
            "{skin} on Passwords: {actions:?}"
        );
    }
}

#[test]
fn a_card_never_follows_the_tab_to_another_origin() {
    let mut tab = run("classic", web(), "user", &["passwords", "passwords-accepted"]);
    assert!(tab.bg.view(TAB).unwrap().result.is_some());
    let mut elsewhere = snapshot("classic", "passwords");
    elsewhere.url = "https://other.example/User/Passwords/".into();
    tab.bg.page(TAB, 0, "p20", &elsewhere);
    let view = tab.bg.view(TAB).unwrap();
    assert!(view.result.is_none(), "the card stays on its portal");
    assert!(view.orphans.is_empty());
}

#[test]
fn a_click_the_admin_could_not_see_does_nothing_and_the_same_click_seen_does() {
    // The control: a clean, settled panel starts the reset.
    let mut seen = Tab::new("classic");
    seen.load("passwords");
    seen.start(web());
    assert!(seen.bg.flow(TAB).is_some_and(|f| f.submitted));
    // A faded panel: nothing starts, and the panel says why.
    let mut hidden = Tab::new("classic");
    hidden.bg.guard.opacity = 0.001;
    hidden.load("passwords");
    let actions = hidden.start(web());
    assert!(hidden.bg.flow(TAB).is_none(), "no flow");
    assert!(actions.iter().all(|a| !matches!(a, Action::Fill { .. } | Action::Click { .. })));
    let view = hidden.bg.view(TAB).unwrap();
    assert!(view.disarmed.is_some(), "the panel says why");
    assert!(view.status.contains("Ready"), "nothing started: {}", view.status);
}

#[test]
fn dismissing_the_card_on_a_users_page_brings_the_launcher_back() {
    let mut tab = run("classic", web(), "user", &["passwords", "passwords-accepted"]);
    let pushed = tab.bg.to_agents.len();
    tab.bg.command(TAB, PanelCommand::Dismiss);
    assert!(tab.bg.flow(TAB).is_none(), "the card and its secret are gone");
    let actions: Vec<Action> = tab.bg.pushed_since(pushed).into_iter().flat_map(|(_, a)| a).collect();
    assert!(actions.iter().any(|a| matches!(a, Action::Remove { frame: FrameKind::Panel })), "{actions:?}");
    assert!(
        actions.iter().any(|a| matches!(a, Action::Inject { frame: FrameKind::Launcher, .. })),
        "{actions:?}"
    );
}

/// The Passwords page as its script leaves it at load: no form yet.
fn passwords_before_its_script(skin: &str) -> Snapshot {
    let mut s = snapshot(skin, "passwords");
    s.fields.clear();
    s.forms.clear();
    s.buttons.clear();
    s
}

#[test]
fn a_passwords_form_its_page_builds_after_load_is_waited_for_and_filled() {
    for skin in SKINS {
        let mut tab = Tab::new(skin);
        tab.load("user");
        tab.start(web());
        // The Passwords link leads to a page whose form is not there yet: the
        // flow gives it time rather than following another link.
        let actions = tab.load_snapshot(&passwords_before_its_script(skin));
        assert!(actions.is_empty(), "{skin}: no other link followed at once: {actions:?}");
        assert_eq!(tab.flow().status, Status::Running);
        // The script builds the form; the agent describes the page again.
        tab.bg.advance(400.0);
        let mut built = snapshot(skin, "passwords");
        built.view = 1;
        let actions = tab.describe_again(&built);
        assert!(actions.iter().any(|a| matches!(a, Action::Click { .. })), "{skin}: submitted: {actions:?}");
        assert_eq!(tab.flow().step, Step::Submit);
    }
}

#[test]
fn a_page_the_passwords_link_led_to_that_never_builds_a_form_is_left_after_its_time() {
    let mut tab = Tab::new("classic");
    tab.load("user");
    tab.start(web());
    assert!(tab.load_snapshot(&passwords_before_its_script("classic")).is_empty());
    let pushed = tab.bg.to_agents.len();
    // Control: before its time is up, a timer changes nothing.
    tab.bg.advance(500.0);
    tab.bg.wake(TAB);
    assert!(
        acts(&tab.bg.pushed_since(pushed).into_iter().flat_map(|(_, a)| a).collect::<Vec<_>>()).is_empty()
    );
    // Its time up, the timer asks the agent for a look, and acts on nothing
    // itself (a timer is no one's click).
    tab.bg.advance(passwright::flow::SETTLE_MS);
    let asked = tab.bg.to_agents.len();
    tab.bg.wake(TAB);
    let after: Vec<Action> = tab.bg.pushed_since(pushed).into_iter().flat_map(|(_, a)| a).collect();
    assert!(acts(&after).is_empty(), "the wake-up acted: {after:?}");
    assert!(
        tab.bg.to_agents[asked..]
            .iter()
            .any(|s| matches!(s.message, passwright::protocol::ToAgent::DescribeFully { .. })),
        "the wake-up asks for a look"
    );
    // On that look (the page as it is, still no form), the flow looks further
    // (another link towards Passwords, or back to the user's page), still running.
    let actions = tab.describe_again(&passwords_before_its_script("classic"));
    assert!(matches!(actions[..], [Action::Follow { .. }] | [Action::Navigate { .. }]), "{actions:?}");
    assert_eq!(tab.flow().status, Status::Running);
}

/// What the flow remembers of the way to Passwords (a learned map's path).
fn learned_path(tab: &Tab) -> Option<Vec<String>> {
    let maps = tab.bg.maps.as_ref()?;
    maps.iter().find(|m| m.source == passwright::portal::map::MapSource::Learned).map(|m| m.path.clone())
}

#[test]
fn a_portal_that_sends_the_flow_round_teaches_no_way_to_passwords() {
    // Control: the way found is remembered.
    let mut tab = Tab::new("classic");
    tab.load("user");
    tab.start(web());
    tab.load("passwords");
    let path = learned_path(&tab).expect("the way to Passwords remembered");
    assert!(!path.is_empty() && path.len() <= passwright::portal::map::MAX_PATH, "{path:?}");

    // The Passwords link brings the user's page back, seven times, before
    // the Passwords page comes: the flow follows it each time (within its
    // page limit) and submits once there, but that round is no route.
    let mut tab = Tab::new("classic");
    tab.load("user");
    tab.start(web());
    for _ in 0..7 {
        let actions = acts(&tab.load("user"));
        assert!(matches!(actions[..], [Action::Follow { .. }]), "{actions:?}");
    }
    let actions = tab.load("passwords");
    assert!(actions.iter().any(|a| matches!(a, Action::Click { .. })), "{actions:?}");
    assert_eq!(learned_path(&tab), None, "a path of more links than a map may hold was stored");
}
