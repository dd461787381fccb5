//! Bulk runs in a tab: choosing users on a users list (checkboxes) or by a
//! pasted list, then one user after another by the single flow, with pauses
//! between users, and the hand-off sheet at the end.

use super::tab::{self, TabState};
use super::{Engine, words};
use crate::bulk::{
    BulkCommand, BulkRowView, BulkTask, BulkUser, BulkView, Leg, Miss, Run, RunSecret, RunSecrets, RunStatus,
    UserState, parse_pasted,
};
use crate::flow::{Flow, Status, Task};
use crate::i18n::{Key as K, Lang, t, tf};
use crate::policy::Kind;
use crate::portal::classify::{Page, PageKind};
use crate::portal::labels as l;
use crate::portal::snapshot::{FieldType, origin_of};
use crate::portal::text::{has_any, normalize};
use crate::protocol::pages::{HandoffRow, SheetReply, SheetRequest, SheetView};
use crate::protocol::{Action, BrowserOp, FrameId, StoreOp, TabId, UserRow};

/// The checkboxes for a users list page (its listed users), when no run goes on.
pub fn marks(st: &TabState, frame: FrameId, lang: Lang) -> Vec<Action> {
    let Some(fs) = st.frame(frame) else { return Vec::new() };
    if fs.page.kind != PageKind::UsersList
        || fs.page.users.is_empty()
        || st.run.as_ref().is_some_and(Run::is_active)
    {
        return Vec::new();
    }
    let rows = fs
        .page
        .users
        .iter()
        .map(|u| UserRow {
            user: u.user_id.clone(),
            anchor: u.row,
            checked: st.selection.iter().any(|s| s.eq_ignore_ascii_case(&u.user_id)),
            label: tf(lang, K::BulkSelectUser, &[("who", u.name.as_deref().unwrap_or(&u.user_id))]),
        })
        .collect();
    let ticks_seen = match &st.selection_tick {
        Some((page, tick)) if *page == fs.page_id => *tick,
        _ => 0,
    };
    vec![Action::MarkUsers { rows, ticks_seen }]
}

/// The admin ticked users on the list.
pub fn selected(e: &mut Engine<'_>, tab: TabId, st: &mut TabState, frame: FrameId, users: Vec<String>) {
    st.selection = users;
    // Ticking a user opens the panel for the bulk reset.
    if st.panel.frame.is_none() && !st.selection.is_empty() {
        if let Some(page_id) = st.frame(frame).map(|f| f.page_id.clone()) {
            st.panel.opened = Some((frame, page_id));
            let actions = tab::frames(e, tab, st, frame);
            tab::send_to(e, tab, st, frame, actions);
        }
    }
}

fn user(id: &str, page: Option<&Page>) -> BulkUser {
    let listed = page.and_then(|p| p.users.iter().find(|u| u.user_id.eq_ignore_ascii_case(id)));
    BulkUser {
        user_id: listed.map_or_else(|| id.to_owned(), |u| u.user_id.clone()),
        name: listed.and_then(|u| u.name.clone()),
        extension: None,
        url: listed.map(|u| u.url.clone()),
        rebuild: false,
        state: UserState::Queued,
        done: Vec::new(),
        step: None,
        why: None,
        miss: None,
        portal_text: None,
        rebuilt: false,
        phone_reset: false,
        took_ms: 0.0,
    }
}

fn save_run(e: &mut Engine<'_>, run: &Run) {
    e.store(StoreOp::Run { id: run.id.clone(), run: Some(run.clone()) });
}

/// A bulk command from the panel.
pub fn command(e: &mut Engine<'_>, tab: TabId, st: &mut TabState, command: BulkCommand) {
    let frame = st.panel.frame;
    match command {
        BulkCommand::SelectAll => {
            if let Some(fs) = frame.and_then(|f| st.frame(f)) {
                st.selection = fs.page.users.iter().map(|u| u.user_id.clone()).collect();
            }
            if let Some(f) = frame {
                let actions = marks(st, f, e.lang());
                tab::send_to(e, tab, st, f, actions);
            }
        }
        BulkCommand::Start { pasted, task, rebuild_every } => start(e, tab, st, &pasted, task, rebuild_every),
        BulkCommand::Pause => {
            if let Some(run) = st.run.as_mut().filter(|r| r.status == RunStatus::Running) {
                run.status = RunStatus::Paused;
                // On the way to a user (nothing begun for them): they wait their turn again.
                if matches!(run.leg, Leg::Going | Leg::Searched) {
                    if let Some(i) = run.current.take() {
                        run.users[i].state = UserState::Queued;
                    }
                    run.leg = Leg::Pausing;
                }
                let run = run.clone();
                save_run(e, &run);
            }
        }
        BulkCommand::Resume => {
            if let Some(run) =
                st.run.as_mut().filter(|r| matches!(r.status, RunStatus::Paused | RunStatus::LoggedOut))
            {
                run.status = RunStatus::Running;
                let run = run.clone();
                save_run(e, &run);
                match run.leg {
                    // Between users (or not begun): the next one at once.
                    Leg::Pausing => advance(e, tab, st),
                    // Paused on the way to a user: to that user again.
                    Leg::Going | Leg::Searched => go_current(e, tab, st),
                    Leg::Resetting => {}
                }
            }
        }
        BulkCommand::Cancel => {
            let Some(run) = st.run.as_mut().filter(|r| r.is_active()) else { return };
            run.status = RunStatus::Cancelled;
            // The current user's flow stops; after a submission its secret stays.
            if let Some(mut flow) = st.flow.take() {
                flow.cancel();
                let run = st.run.as_mut().expect("checked");
                finish_user(e, run, st.run_secrets.get_or_insert_with(RunSecrets::default), &flow);
                if run.current.is_some_and(|i| run.users[i].state == UserState::Running) {
                    let i = run.current.unwrap_or(0);
                    run.users[i].state =
                        if flow.accepted == Some(true) { UserState::Done } else { UserState::Failed };
                }
                tab::audit_flow(e, &flow, Some(&run.id.clone()));
            }
            // Everyone not reached is left as it was, and said so.
            if let Some(run) = st.run.as_mut() {
                for u in &mut run.users {
                    if matches!(u.state, UserState::Queued | UserState::Running) {
                        u.state = UserState::Failed;
                        u.miss = Some(Miss::Cancelled);
                    }
                }
                run.current = None;
            }
            if let Some(run) = st.run.clone() {
                save_run(e, &run);
            }
        }
        BulkCommand::Sheet => {
            // The tab's run, or the one its closed tab left.
            let origin = frame.and_then(|f| st.frame(f)).map(|f| origin_of(&f.page.url));
            let kept =
                e.stored.runs.iter().rev().find(|r| r.sheet_kept && Some(&r.origin) == origin.as_ref());
            if let Some(run) = st.run.as_ref().or(kept) {
                e.fx.browser.push(BrowserOp::OpenSheet { run: run.id.clone() });
            }
        }
        BulkCommand::Dismiss => {
            if let Some(run) = st.run.take() {
                e.store(StoreOp::Run { id: run.id, run: None });
            }
            // And a run a browser restart interrupted, on this portal.
            let origin = frame.and_then(|f| st.frame(f)).map(|f| origin_of(&f.page.url));
            for run in e.stored.runs.clone() {
                if run.stopped_outside() && Some(&run.origin) == origin.as_ref() {
                    // A closed tab's kept secrets go with it.
                    if run.sheet_kept && run.tab != tab {
                        e.store(StoreOp::Tab { tab: run.tab, state: None });
                    }
                    e.store(StoreOp::Run { id: run.id, run: None });
                }
            }
            st.run_secrets = None;
            st.selection.clear();
            if st.flow.as_ref().is_some_and(|f| !f.is_running()) {
                st.flow = None;
            }
        }
    }
}

fn start(
    e: &mut Engine<'_>,
    tab: TabId,
    st: &mut TabState,
    pasted: &str,
    task: BulkTask,
    rebuild_every: u32,
) {
    if st.run.as_ref().is_some_and(Run::is_active) || st.flow.as_ref().is_some_and(Flow::is_running) {
        return;
    }
    let Some(frame) = st.panel.frame else { return };
    let Some(fs) = st.frame(frame).cloned() else { return };
    if task.kinds().is_empty() {
        return;
    }
    let page = (fs.page.kind == PageKind::UsersList).then_some(&fs.page);
    let mut ids: Vec<String> = st.selection.clone();
    for id in parse_pasted(pasted) {
        if !ids.iter().any(|i| i.eq_ignore_ascii_case(&id)) {
            ids.push(id);
        }
    }
    if ids.is_empty() {
        return;
    }
    let mut users: Vec<BulkUser> = ids.iter().map(|id| user(id, page)).collect();
    for (i, u) in users.iter_mut().enumerate() {
        u.rebuild = task.rebuild && (rebuild_every <= 1 || (i as u32 + 1) % rebuild_every == 0);
    }
    let run = Run {
        id: e.fresh_id("run"),
        origin: origin_of(&fs.page.url),
        tab,
        frame,
        task,
        users,
        status: RunStatus::Running,
        current: None,
        leg: Leg::Pausing,
        list_url: page.map(|p| p.url.clone()),
        started_ms: e.ctx.now_ms,
        user_started_ms: e.ctx.now_ms,
        pause_ms: e.config.settings.bulk_pause_ms,
        acted: None,
        pause_until_ms: 0.0,
        sheet_kept: false,
    };
    st.run = Some(run);
    st.run_secrets = Some(RunSecrets {
        run: st.run.as_ref().map(|r| r.id.clone()).unwrap_or_default(),
        secrets: Vec::new(),
    });
    st.selection.clear();
    advance(e, tab, st);
}

/// The next user, or the end of the run.
fn advance(e: &mut Engine<'_>, tab: TabId, st: &mut TabState) {
    let Some(run) = st.run.as_mut() else { return };
    if run.status != RunStatus::Running {
        return;
    }
    let Some(next) = run.next_queued() else {
        run.status = RunStatus::Finished;
        run.current = None;
        let run = run.clone();
        save_run(e, &run);
        return;
    };
    run.current = Some(next);
    run.leg = Leg::Going;
    run.user_started_ms = e.ctx.now_ms;
    run.users[next].state = UserState::Running;
    let frame = run.frame;
    let target = run.users[next].url.clone().or(run.list_url.clone());
    // The page on show is left by this navigation: not acted on again.
    run.acted = st.frames.iter().find(|f| f.frame == frame).map(|f| (f.page_id.clone(), f.page.view));
    let run = run.clone();
    save_run(e, &run);
    match target {
        Some(url) => tab::send_to(e, tab, st, frame, vec![Action::Navigate { url }]),
        None => {
            // Nowhere to look for this user: say so and go on.
            if let Some(run) = st.run.as_mut() {
                run.users[next].state = UserState::Failed;
                run.users[next].miss = Some(Miss::Unreachable);
            }
            advance(e, tab, st);
        }
    }
}

/// To the current user's page (or the list, to look them up) again.
fn go_current(e: &mut Engine<'_>, tab: TabId, st: &mut TabState) {
    let Some(run) = st.run.as_mut() else { return };
    let Some(i) = run.current else { return };
    run.leg = Leg::Going;
    let frame = run.frame;
    run.acted = st.frames.iter().find(|f| f.frame == frame).map(|f| (f.page_id.clone(), f.page.view));
    if let Some(url) = run.users[i].url.clone().or(run.list_url.clone()) {
        tab::send_to(e, tab, st, frame, vec![Action::Navigate { url }]);
    }
}

/// Records how the user's flow ended, and keeps its secret for the sheet.
fn finish_user(e: &mut Engine<'_>, run: &mut Run, secrets: &mut RunSecrets, flow: &Flow) {
    let Some(i) = run.current else { return };
    let now = e.ctx.now_ms;
    let u = &mut run.users[i];
    if let Some(secret) = flow.secret.clone() {
        secrets.secrets.retain(|s| !(s.user_id == u.user_id && s.kind == flow.task.kind));
        secrets.secrets.push(RunSecret {
            user_id: u.user_id.clone(),
            kind: flow.task.kind,
            secret,
            speakable: flow.speakable,
            confirmed: flow.accepted == Some(true),
        });
    }
    u.extension = u.extension.clone().or(flow.user.extension.clone());
    u.name = u.name.clone().or(flow.user.name.clone());
    u.step = Some(flow.step);
    if flow.accepted == Some(true) {
        u.done.push(flow.task.kind);
    }
    u.rebuilt |= flow.device_done(crate::portal::classify::DeviceAction::Rebuild);
    u.phone_reset |= flow.device_done(crate::portal::classify::DeviceAction::Reset);
    match flow.status {
        Status::Done => {}
        Status::Failed | Status::Cancelled => {
            u.state = UserState::Failed;
            u.why = flow.problem.as_ref().map(|p| p.why.clone());
            u.portal_text = flow.problem.as_ref().and_then(|p| p.portal_text.clone());
            if flow.status == Status::Cancelled && u.why.is_none() {
                u.miss = Some(Miss::Cancelled);
            }
        }
        Status::Running => {}
    }
    u.took_ms = now - run.user_started_ms;
}

/// What the run does on a page of its frame (after the tab's flow had its say).
pub fn on_page(e: &mut Engine<'_>, tab: TabId, st: &mut TabState, frame: FrameId) -> Vec<Action> {
    let Some(run) = st.run.clone() else { return Vec::new() };
    let Some(fs) = st.frame(frame).cloned() else { return Vec::new() };
    if !run.is_active() || run.frame != frame || origin_of(&fs.page.url) != run.origin {
        return Vec::new();
    }
    let view = (fs.page_id.clone(), fs.page.view);
    // The portal's session ended: the run waits for the admin to log in again.
    if fs.page.kind == PageKind::Login {
        let r = st.run.as_mut().expect("checked");
        if r.status == RunStatus::Running {
            r.status = RunStatus::LoggedOut;
        }
        // A user not submitted yet is tried again after the login.
        if let (Some(i), Some(flow)) = (r.current, st.flow.as_ref()) {
            if !flow.submitted {
                r.users[i].state = UserState::Queued;
                r.users[i].why = None;
                st.flow = None;
            }
        }
        let r = r.clone();
        save_run(e, &r);
        return Vec::new();
    }
    if run.status == RunStatus::LoggedOut {
        // Logged in again: on with the run.
        if let Some(r) = st.run.as_mut() {
            r.status = RunStatus::Running;
            r.leg = Leg::Pausing;
        }
        advance(e, tab, st);
        return Vec::new();
    }
    // The user's flow ended on this page: record it, then the next job or user.
    if let Some(flow) = st.flow.clone().filter(|f| !f.is_running()) {
        if run.leg == Leg::Resetting {
            let r = st.run.as_mut().expect("checked");
            finish_user(e, r, st.run_secrets.get_or_insert_with(RunSecrets::default), &flow);
            tab::audit_flow(e, &flow, Some(&r.id.clone()));
            st.flow = None;
            let r = st.run.as_mut().expect("checked");
            let i = r.current.unwrap_or(0);
            let next_kind = r.task.kinds().into_iter().find(|k| !r.users[i].done.contains(k));
            if flow.status == Status::Done && next_kind.is_some() {
                // The next secret for the same user, from its page.
                r.leg = Leg::Going;
                r.acted = None;
                let url = r.users[i].url.clone();
                let r = r.clone();
                save_run(e, &r);
                if let Some(url) = url {
                    return vec![Action::Navigate { url }];
                }
                return Vec::new();
            }
            if r.users[i].state == UserState::Running {
                r.users[i].state =
                    if flow.status == Status::Done { UserState::Done } else { UserState::Failed };
            }
            r.leg = Leg::Pausing;
            let pause = r.pause_ms;
            r.pause_until_ms = e.ctx.now_ms + f64::from(pause);
            let r = r.clone();
            save_run(e, &r);
            // The background's timer; should the service worker stop meanwhile,
            // the next message of the tab's panel or agent wakes the run instead.
            e.fx.browser.push(BrowserOp::WakeAfter { tab, ms: pause.max(1) });
            return Vec::new();
        }
    }
    if run.status != RunStatus::Running || run.acted.as_ref() == Some(&view) {
        return Vec::new();
    }
    let Some(i) = run.current else { return Vec::new() };
    let target = run.users[i].clone();
    match run.leg {
        Leg::Going | Leg::Searched => {
            let page = &fs.page;
            let is_user = page.kind == PageKind::User
                && (page.user.user_id.as_deref().is_some_and(|u| u.eq_ignore_ascii_case(&target.user_id))
                    || target.url.as_deref() == Some(page.url.as_str()));
            if is_user {
                let kind =
                    run.task.kinds().into_iter().find(|k| !target.done.contains(k)).unwrap_or(Kind::Web);
                let last = run.task.kinds().last().copied() == Some(kind);
                let task = Task {
                    kind,
                    rebuild: last && target.rebuild,
                    reset_phone: last && target.rebuild && run.task.reset_phone,
                };
                if let Some(r) = st.run.as_mut() {
                    r.leg = Leg::Resetting;
                    r.acted = Some(view);
                }
                return tab::start_flow(e, tab, st, frame, task);
            }
            if page.kind == PageKind::UsersList {
                if let Some(listed) =
                    page.users.iter().find(|u| u.user_id.eq_ignore_ascii_case(&target.user_id))
                {
                    let url = listed.url.clone();
                    if let Some(r) = st.run.as_mut() {
                        r.users[i].url = Some(url.clone());
                        r.users[i].name = r.users[i].name.clone().or(listed.name.clone());
                        r.acted = Some(view);
                    }
                    return vec![Action::Navigate { url }];
                }
                if run.leg == Leg::Searched {
                    // Searched and not listed: reported, not guessed.
                    if let Some(r) = st.run.as_mut() {
                        r.users[i].state = UserState::Failed;
                        r.users[i].miss = Some(Miss::NotFound);
                        r.leg = Leg::Pausing;
                        r.acted = Some(view);
                    }
                    advance(e, tab, st);
                    return Vec::new();
                }
                let search = search_actions(page, &fs_snapshot_fields(st, frame), &target.user_id);
                if let Some(r) = st.run.as_mut() {
                    r.leg = Leg::Searched;
                    r.acted = Some(view);
                }
                if search.is_empty() {
                    if let Some(r) = st.run.as_mut() {
                        r.users[i].state = UserState::Failed;
                        r.users[i].miss = Some(Miss::NotFound);
                    }
                    advance(e, tab, st);
                }
                return search;
            }
            Vec::new()
        }
        Leg::Resetting | Leg::Pausing => Vec::new(),
    }
}

/// The users list's search form, as the snapshot described it (kept in the frame's state).
fn fs_snapshot_fields(st: &TabState, frame: FrameId) -> Vec<crate::engine::tab::SearchField> {
    st.frame(frame).map(|f| f.search.clone()).unwrap_or_default()
}

/// Searching the users list for a user ID: "search by" set to the user ID
/// where there is such a choice, the value typed, Search pressed.
fn search_actions(_page: &Page, fields: &[crate::engine::tab::SearchField], user_id: &str) -> Vec<Action> {
    let mut actions = Vec::new();
    let mut value = None;
    let mut button = None;
    for f in fields {
        match f.kind {
            FieldType::Select => {
                if let Some(option) =
                    f.options.iter().find(|o| l::USER_ID.contains(&normalize(o).trim_end_matches(':')))
                {
                    actions.push(Action::SelectOption { id: f.id, text: option.clone() });
                }
            }
            FieldType::Text | FieldType::Search => value = value.or(Some(f.id)),
            _ => {}
        }
        if f.is_button {
            button = button.or(Some(f.id));
        }
    }
    match (value, button) {
        (Some(v), Some(b)) => {
            actions.push(Action::TypeText { id: v, text: user_id.to_owned() });
            actions.push(Action::Click { id: b });
            actions
        }
        _ => Vec::new(),
    }
}

/// A run's wake-up: the pause between users is over.
pub fn on_wake(e: &mut Engine<'_>, tab: TabId, st: &mut TabState) -> bool {
    let Some(run) = st.run.as_ref() else { return false };
    if run.leg != Leg::Pausing || !run.is_active() {
        return false;
    }
    advance(e, tab, st);
    true
}

/// Any message of the tab (the panel reconnecting after a service-worker
/// restart, the agent describing a page): a pause that is over and whose
/// timer was lost goes on now. Whether it did.
pub fn wake_if_due(e: &mut Engine<'_>, tab: TabId, st: &mut TabState) -> bool {
    let due = st.run.as_ref().is_some_and(|r| {
        r.status == RunStatus::Running
            && r.leg == Leg::Pausing
            && r.current.is_some()
            && e.ctx.now_ms >= r.pause_until_ms + 1000.0
    });
    due && on_wake(e, tab, st)
}

/// After a browser restart: every active run was interrupted.
pub fn interrupt_all(e: &mut Engine<'_>) {
    for run in e.stored.runs.clone() {
        if run.is_active() {
            let mut run = run;
            run.interrupt();
            save_run(e, &run);
        }
    }
}

fn duration(lang: Lang, ms: f64) -> String {
    let s = (ms / 1000.0).round().max(0.0) as u64;
    if s < 60 {
        tf(lang, K::BulkSeconds, &[("s", &s.to_string())])
    } else {
        tf(lang, K::BulkMinutes, &[("m", &(s / 60).to_string()), ("s", &(s % 60).to_string())])
    }
}

/// The panel's bulk view for the tab (`run`: the tab's, or one interrupted by a browser restart).
pub fn view(e: &Engine<'_>, st: &TabState, page: Option<&Page>) -> Option<BulkView> {
    let lang = e.lang();
    let origin = page.map(|p| origin_of(&p.url)).unwrap_or_default();
    let labels: Vec<(String, String)> = [
        ("bulk-title", K::BulkTitle),
        ("bulk-select-all", K::BulkSelectAll),
        ("bulk-list-label", K::BulkListLabel),
        ("bulk-web-text", K::BulkWeb),
        ("bulk-passcode-text", K::BulkPasscode),
        ("bulk-rebuild-text", K::LabelRebuild),
        ("bulk-reset-text", K::LabelResetPhone),
        ("bulk-every-text", K::BulkRebuildEvery),
        ("bulk-start", K::BulkStart),
        ("bulk-pause", K::BulkPause),
        ("bulk-resume", K::BulkResume),
        ("bulk-cancel", K::BulkCancel),
        ("handoff-sheet", K::BulkSheet),
        ("bulk-dismiss", K::BulkDismiss),
    ]
    .into_iter()
    .map(|(id, k)| (id.to_owned(), t(lang, k).to_owned()))
    .collect();
    let stored = e.stored.runs.iter().rev().find(|r| r.origin == origin && r.stopped_outside());
    let run = st.run.as_ref().filter(|r| r.origin == origin).or(stored);
    let Some(run) = run else {
        let listed = page.filter(|p| p.kind == PageKind::UsersList).map_or(0, |p| p.users.len() as u32);
        if listed == 0 && st.selection.is_empty() {
            return None;
        }
        return Some(BulkView {
            choosing: true,
            selected: st.selection.clone(),
            listed,
            done: 0,
            total: st.selection.len() as u32,
            progress: tf(
                lang,
                K::BulkSelected,
                &[("n", &st.selection.len().to_string()), ("of", &listed.to_string())],
            ),
            current: None,
            timing: String::new(),
            status: String::new(),
            rows: Vec::new(),
            running: false,
            paused: false,
            over: false,
            sheet: false,
            labels,
        });
    };
    let total = run.users.len() as u32;
    let done = run.finished() as u32;
    let rows = run
        .users
        .iter()
        .map(|u| {
            let detail = match (u.state, &u.why, &u.miss) {
                (UserState::Queued, _, _) if run.stopped_outside() => t(lang, K::BulkNotStarted).to_owned(),
                (UserState::Queued, _, _) => t(lang, K::BulkQueued).to_owned(),
                (UserState::Running, _, _) => t(lang, K::BulkRunning).to_owned(),
                (UserState::Done, _, _) => t(
                    lang,
                    if u.phone_reset {
                        K::BulkDoneReset
                    } else if u.rebuilt {
                        K::BulkDoneRebuilt
                    } else {
                        K::BulkDone
                    },
                )
                .to_owned(),
                (UserState::Failed, _, Some(Miss::NotFound)) => t(lang, K::BulkNotFound).to_owned(),
                (UserState::Failed, _, Some(Miss::Unreachable)) => t(lang, K::BulkUnreachable).to_owned(),
                (UserState::Failed, _, Some(Miss::Cancelled)) => t(lang, K::BulkCancelledUser).to_owned(),
                (UserState::Failed, _, Some(Miss::Interrupted)) => tf(
                    lang,
                    K::BulkInterruptedUser,
                    &[("step", &u.step.map(|s| words::step(lang, s, Kind::Web)).unwrap_or_default())],
                ),
                (UserState::Failed, Some(why), None) => {
                    let mut text = words::why(lang, why, u.done.first().copied().unwrap_or(Kind::Web));
                    if let Some(p) = &u.portal_text {
                        text = format!("{text} “{p}”");
                    }
                    text
                }
                (UserState::Failed, None, None) => t(lang, K::StatusStopped).to_owned(),
            };
            BulkRowView {
                user: u.user_id.clone(),
                name: u.name.clone().unwrap_or_default(),
                state: u.state.as_str().to_owned(),
                detail,
            }
        })
        .collect();
    let current =
        run.current.filter(|i| run.is_active() && run.users[*i].state == UserState::Running).map(|i| {
            let u = &run.users[i];
            tf(lang, K::BulkNow, &[("who", u.name.as_deref().unwrap_or(&u.user_id)), ("id", &u.user_id)])
        });
    let elapsed = e.ctx.now_ms - run.started_ms;
    let timing = match run.eta_ms().filter(|_| run.is_active()) {
        Some(left) => tf(
            lang,
            K::BulkTimingEta,
            &[("elapsed", &duration(lang, elapsed)), ("left", &duration(lang, left))],
        ),
        None => tf(lang, K::BulkTiming, &[("elapsed", &duration(lang, elapsed))]),
    };
    let status = t(
        lang,
        match run.status {
            RunStatus::Running => K::BulkStatusRunning,
            RunStatus::Paused => K::BulkStatusPaused,
            RunStatus::LoggedOut => K::BulkStatusLoggedOut,
            RunStatus::Finished => K::BulkStatusFinished,
            RunStatus::Cancelled => K::BulkStatusCancelled,
            RunStatus::Interrupted => K::BulkStatusInterrupted,
            RunStatus::TabClosed => K::BulkStatusTabClosed,
        },
    )
    .to_owned();
    let has_secrets =
        run.sheet_kept || st.run_secrets.as_ref().is_some_and(|s| s.run == run.id && !s.secrets.is_empty());
    Some(BulkView {
        choosing: false,
        selected: Vec::new(),
        listed: 0,
        done,
        total,
        progress: tf(lang, K::BulkProgress, &[("done", &done.to_string()), ("total", &total.to_string())]),
        current,
        timing,
        status,
        rows,
        running: run.status == RunStatus::Running,
        paused: matches!(run.status, RunStatus::Paused | RunStatus::LoggedOut),
        over: !run.is_active(),
        sheet: has_secrets,
        labels,
    })
}

/// The hand-off sheet's requests.
pub fn sheet(e: &mut Engine<'_>, request: SheetRequest) -> SheetReply {
    let lang = e.lang();
    let (id, close) = match &request {
        SheetRequest::Load { run } => (run.clone(), false),
        SheetRequest::Close { run } => (run.clone(), true),
    };
    let found = e.stored.tabs.iter().find(|(_, st)| st.run.as_ref().is_some_and(|r| r.id == id)).cloned();
    let Some((tab, mut st)) = found else {
        return SheetReply::Gone { message: t(lang, K::SheetGone).to_owned() };
    };
    if close {
        // Closing the sheet wipes what it showed.
        st.run_secrets = None;
        if let Some(run) = st.run.as_mut().filter(|r| r.sheet_kept) {
            run.sheet_kept = false;
            e.store(StoreOp::Run { id: run.id.clone(), run: Some(run.clone()) });
        }
        e.store(StoreOp::Tab { tab, state: Some(st) });
        return SheetReply::Gone { message: t(lang, K::SheetClosed).to_owned() };
    }
    let run = st.run.clone().expect("found by its run");
    let Some(secrets) = st.run_secrets.clone().filter(|s| s.run == run.id && !s.secrets.is_empty()) else {
        return SheetReply::Gone { message: t(lang, K::SheetGone).to_owned() };
    };
    let reading = |s: &RunSecret| {
        if s.speakable { crate::nato::speak(&s.secret) } else { crate::nato::spell(&s.secret) }
    };
    let mut rows = Vec::new();
    let mut csv = String::from("user_id,name,extension,web_password,portal_passcode,note\n");
    for u in &run.users {
        let web = secrets.secrets.iter().find(|s| s.user_id == u.user_id && s.kind == Kind::Web);
        let code = secrets.secrets.iter().find(|s| s.user_id == u.user_id && s.kind == Kind::Passcode);
        if web.is_none() && code.is_none() {
            continue;
        }
        let mut note = String::new();
        if web.is_some() {
            note.push_str(t(lang, K::HandoffWeb));
        }
        if code.is_some() {
            if !note.is_empty() {
                note.push(' ');
            }
            note.push_str(t(lang, K::HandoffPasscode));
        }
        if u.phone_reset {
            note.push(' ');
            note.push_str(t(lang, K::HandoffRestarting));
        } else if u.rebuilt || u.rebuild {
            note.push(' ');
            note.push_str(t(lang, K::HandoffReboot));
        }
        if web.is_some_and(|s| !s.confirmed) || code.is_some_and(|s| !s.confirmed) {
            note.push(' ');
            note.push_str(t(lang, K::SheetUnconfirmed));
        }
        let cell = |v: &str| format!("\"{}\"", v.replace('"', "\"\""));
        csv.push_str(&format!(
            "{},{},{},{},{},{}\n",
            cell(&u.user_id),
            cell(u.name.as_deref().unwrap_or("")),
            cell(u.extension.as_deref().unwrap_or("")),
            cell(web.map_or("", |s| s.secret.as_str())),
            cell(code.map_or("", |s| s.secret.as_str())),
            cell(&note),
        ));
        rows.push(HandoffRow {
            user: u.user_id.clone(),
            name: u.name.clone(),
            extension: u.extension.clone(),
            password: web.map(|s| s.secret.clone()),
            password_reading: web.map(reading),
            passcode: code.map(|s| s.secret.clone()),
            passcode_reading: code.map(reading),
            note,
        });
    }
    let labels = [
        ("sheet-print", K::SheetPrint),
        ("sheet-csv", K::SheetCsv),
        ("sheet-close", K::SheetCloseLabel),
        ("label-user", K::SheetUser),
        ("label-extension", K::SheetExtension),
        ("label-password", K::SheetPassword),
        ("label-passcode", K::SheetPasscode),
        ("sheet-warning", K::SheetWarning),
    ]
    .into_iter()
    .map(|(id, k)| (id.to_owned(), t(lang, k).to_owned()))
    .collect();
    SheetReply::View(Box::new(SheetView {
        lang: lang.code().to_owned(),
        labels,
        title: tf(
            lang,
            K::SheetTitle,
            &[
                ("n", &rows.len().to_string()),
                ("date", &crate::audit::iso8601(run.started_ms)[..10]),
                ("origin", &run.origin),
            ],
        ),
        rows,
        csv: zeroize::Zeroizing::new(csv),
    }))
}

/// Whether `page`'s text mentions the user IDs' label (for the search select).
#[allow(dead_code)]
fn mentions_user_id(text: &str) -> bool {
    has_any(&normalize(text), l::USER_ID)
}
