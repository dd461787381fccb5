//! Bulk runs driven natively through the engine (the fake background and the
//! simulator's snapshots): choosing users, one flow per user, and what a
//! browser restart leaves to say.

use std::path::Path;

use passwright::bulk::{BulkCommand, BulkTask, RunStatus, UserState};
use passwright::portal::Snapshot;
use passwright::portal::snapshot::Row;
use passwright::protocol::panel::PanelCommand;
use passwright::protocol::{Action, Event, FromAgent};
use passwright::testing::FakeBackground;

const TAB: i64 = 7;

fn snapshot(name: &str) -> Snapshot {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/snapshots/classic/{name}.json"));
    let mut s: Snapshot = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    s.top = true;
    s
}

/// The users list, with its table's rows as the agent describes them (the
/// user ID cell and the name links of each user).
fn users_list() -> Snapshot {
    let mut s = snapshot("users");
    let mut rows: Vec<Row> = Vec::new();
    for link in s.links.iter().filter(|l| l.href.contains("key=")) {
        let id = link.href.split("key=").nth(1).unwrap_or("").to_owned();
        match rows.iter_mut().find(|r| r.cells[0] == id) {
            Some(r) => {
                r.links.push(link.id);
                r.cells.push(link.text.clone());
            }
            None => rows.push(Row {
                id: 1000 + rows.len() as u32,
                cells: vec![id, link.text.clone()],
                headers: Vec::new(),
                links: vec![link.id],
            }),
        }
    }
    s.rows = rows;
    s
}

fn navigations(actions: &[Action]) -> Vec<String> {
    actions
        .iter()
        .filter_map(|a| match a {
            Action::Navigate { url } => Some(url.clone()),
            _ => None,
        })
        .collect()
}

/// A list page, two users ticked, a run started: the first user's page is next.
fn started(bg: &mut FakeBackground) -> Vec<String> {
    let actions = bg.page(TAB, 0, "p1", &users_list());
    let marks = actions.iter().find_map(|a| match a {
        Action::MarkUsers { rows, .. } => Some(rows.clone()),
        _ => None,
    });
    let marks = marks.expect("checkboxes on the users list");
    assert!(marks.len() >= 20, "one per listed user: {}", marks.len());
    let users: Vec<String> = marks.iter().take(2).map(|r| r.user.clone()).collect();
    let message = FromAgent::Selection { page_id: "p1".into(), users: users.clone(), tick: 1 };
    bg.event(Event::Agent { tab: TAB, frame: 0, url: "http://portal.test/Group/Members/".into(), message });
    assert!(bg.tabs[&TAB].panel.frame.is_some(), "ticking opens the panel");
    let pushed = bg.to_agents.len();
    let task = BulkTask { web: true, passcode: false, rebuild: false, reset_phone: false };
    bg.command(TAB, PanelCommand::Bulk(BulkCommand::Start { pasted: String::new(), task, rebuild_every: 0 }));
    let actions: Vec<Action> = bg.pushed_since(pushed).into_iter().flat_map(|(_, a)| a).collect();
    assert_eq!(navigations(&actions), vec!["http://portal.test/User/?key=jsmith@acme.example.com"]);
    users
}

/// The checkboxes the core sends say which of the admin's ticks they take
/// into account, so that the agent never undoes a tick the core had not seen
/// yet (ticks in quick succession while the panel opens).
#[test]
fn the_checkboxes_say_which_tick_they_take_into_account() {
    let mut bg = FakeBackground::new();
    let seen = |actions: &[Action]| {
        actions.iter().find_map(|a| match a {
            Action::MarkUsers { rows, ticks_seen } => {
                Some((*ticks_seen, rows.iter().filter(|r| r.checked).count()))
            }
            _ => None,
        })
    };
    let actions = bg.page(TAB, 0, "p1", &users_list());
    assert_eq!(seen(&actions), Some((0, 0)), "no tick yet");
    let users = ["jsmith@acme.example.com".to_owned(), "mgarcia@acme.example.com".to_owned()];
    for (tick, ticked) in [(1, &users[..1]), (2, &users[..2])] {
        let message = FromAgent::Selection { page_id: "p1".into(), users: ticked.to_vec(), tick };
        bg.event(Event::Agent {
            tab: TAB,
            frame: 0,
            url: "http://portal.test/Group/Members/".into(),
            message,
        });
    }
    // The page described again (the panel opened beside it): both ticks taken into account.
    let actions = bg.page(TAB, 0, "p1", &users_list());
    assert_eq!(seen(&actions), Some((2, 2)));
    // A new page load of the list: its own ticks start again.
    let actions = bg.page(TAB, 0, "p2", &users_list());
    assert_eq!(seen(&actions).map(|s| s.0), Some(0), "the last load's ticks are not this one's");
}

#[test]
fn ticked_users_are_reset_one_after_another_by_the_single_flow() {
    let mut bg = FakeBackground::new();
    let users = started(&mut bg);
    assert_eq!(users[0], "jsmith@acme.example.com");
    bg.page(TAB, 0, "p2", &snapshot("user"));
    bg.page(TAB, 0, "p3", &snapshot("passwords"));
    bg.page(TAB, 0, "p4", &snapshot("passwords-accepted"));
    let run = bg.tabs[&TAB].run.clone().expect("a run");
    assert_eq!(run.users[0].state, UserState::Done, "{:?}", run.users[0]);
    assert_eq!(run.users[1].state, UserState::Queued, "the second waits for the pause");
    let secrets = bg.tabs[&TAB].run_secrets.clone().expect("the run's secrets");
    assert_eq!(secrets.secrets.len(), 1);
    assert!(bg.audit.iter().any(|a| a.run.as_deref() == Some(run.id.as_str())), "audited as the run's");
    // The pause between users ends: the next user's page.
    let pushed = bg.to_agents.len();
    bg.wake(TAB);
    let actions: Vec<Action> = bg.pushed_since(pushed).into_iter().flat_map(|(_, a)| a).collect();
    assert_eq!(navigations(&actions), vec![format!("http://portal.test/User/?key={}", users[1])]);
    // The stored copy (local storage) has no secret in it.
    let stored = format!("{:?}", bg.runs);
    assert!(!stored.contains(secrets.secrets[0].secret.as_str()));
}

#[test]
fn a_browser_restart_reports_done_interrupted_and_not_started() {
    let mut bg = FakeBackground::new();
    started(&mut bg);
    bg.page(TAB, 0, "p2", &snapshot("user"));
    bg.page(TAB, 0, "p3", &snapshot("passwords"));
    // The browser stops mid-flow: session storage is gone, local keeps the run.
    bg.tabs.clear();
    bg.orphans.clear();
    bg.event(Event::Started);
    let run = bg.runs.first().cloned().expect("the run in local storage");
    assert_eq!(run.status, RunStatus::Interrupted);
    assert_eq!(run.users[0].state, UserState::Failed, "interrupted at its step");
    assert_eq!(run.users[1].state, UserState::Queued, "not started");
    // On the portal again, the panel says so.
    bg.page(TAB + 1, 0, "q1", &users_list());
    let message =
        FromAgent::Selection { page_id: "q1".into(), users: vec!["wchen@acme.example.com".into()], tick: 1 };
    bg.event(Event::Agent {
        tab: TAB + 1,
        frame: 0,
        url: "http://portal.test/Group/Members/".into(),
        message,
    });
    bg.hello(TAB + 1);
    let view = bg.view(TAB + 1).expect("the panel").bulk.clone().expect("the bulk section");
    assert_eq!(view.total, 2, "the interrupted run: {view:?}");
    assert!(view.rows[0].detail.contains("Interrupted"), "{:?}", view.rows[0]);
    assert!(view.rows[1].detail.contains("Not started"), "{:?}", view.rows[1]);
}

#[test]
fn closing_the_runs_tab_keeps_the_new_secrets_for_the_sheet_until_it_is_closed() {
    let mut bg = FakeBackground::new();
    started(&mut bg);
    bg.page(TAB, 0, "p2", &snapshot("user"));
    bg.page(TAB, 0, "p3", &snapshot("passwords"));
    bg.page(TAB, 0, "p4", &snapshot("passwords-accepted"));
    let run_id = bg.tabs[&TAB].run.as_ref().map(|r| r.id.clone()).expect("a run");
    bg.event(Event::TabClosed { tab: TAB });
    let run = bg.runs.iter().find(|r| r.id == run_id).cloned().expect("kept in local storage");
    assert_eq!(run.status, RunStatus::TabClosed);
    assert!(run.sheet_kept);
    // The sheet still shows the first user's password...
    use passwright::protocol::{Reply, SheetReply, SheetRequest};
    let fx = bg.event(Event::Sheet(SheetRequest::Load { run: run_id.clone() }));
    let Some(Reply::Sheet(SheetReply::View(view))) = fx.reply else { panic!("a sheet: {:?}", fx.reply) };
    assert_eq!(view.rows.len(), 1);
    assert!(view.rows[0].password.is_some());
    // ... until it is closed: then nothing.
    bg.event(Event::Sheet(SheetRequest::Close { run: run_id.clone() }));
    let fx = bg.event(Event::Sheet(SheetRequest::Load { run: run_id }));
    assert!(matches!(fx.reply, Some(Reply::Sheet(SheetReply::Gone { .. }))), "{:?}", fx.reply);
}
