//! A tab's state and what the engine does with the agents' and the panel's
//! messages: which frames get the panel or the launcher (and where), the
//! flow's steps, the guard before any sensitive command, the commands.

use serde::{Deserialize, Serialize};

use super::{Engine, GeneratedCard, view, words};
use crate::audit::AuditEntry;
use crate::flow::{Flow, Note, Pages, Prefs, Progress, Status, Task, Waiting};
use crate::generate::{self, Options, Style};
use crate::guard::{self, Interference, PanelVisibility};
use crate::i18n::{Key as K, Lang, t};
use crate::policy::Kind;
use crate::portal::classify::{Page, PageKind, analyze, wants_full};
use crate::portal::map::{MapSource, PortalMap};
use crate::portal::snapshot::{Layout, Rect, Snapshot, origin_of};
use crate::protocol::panel::{FromPanel, PanelCommand, ToPanel};
use crate::protocol::{
    Action, ActionResult, AgentSend, BrowserOp, FrameId, FrameKind, FromAgent, Memory, Op, PageId, PanelSend,
    Place, Reply, StoreOp, TabId, ToAgent,
};
use crate::teach::{TeachCommand, TeachView, Teaching};

/// The panel's width, in CSS pixels.
pub const PANEL_WIDTH: u32 = 340;
/// Its height until it says its own.
pub const PANEL_HEIGHT: u32 = 520;
/// The launcher's size.
pub const LAUNCHER_SIZE: (u32, u32) = (200, 40);
/// Frames of a tab kept in its state.
const MAX_FRAMES: usize = 8;

/// One frame's latest page.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FrameState {
    /// The frame.
    pub frame: FrameId,
    /// Its page load.
    pub page_id: PageId,
    /// Its page, analysed (no typed value in it).
    pub page: Page,
    /// Where things are on it.
    pub layout: Option<Layout>,
    /// Where the launcher's anchor (the user's name) is.
    pub name_rect: Option<Rect>,
    /// Where the password fields are.
    pub fields_rect: Option<Rect>,
    /// The launcher in it: its nonce.
    pub launcher: Option<String>,
    /// The admin closed the panel on this page load.
    pub closed: bool,
    /// A users list's search form (bulk runs look users up with it).
    pub search: Vec<SearchField>,
    /// The listed user whose link from a users list led to this page load.
    #[serde(default)]
    pub from_list: Option<crate::portal::classify::ListedUser>,
}

/// A control of a users list's search form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SearchField {
    /// The element.
    pub id: crate::portal::snapshot::ElementId,
    /// Its type (a button is `Other`).
    pub kind: crate::portal::snapshot::FieldType,
    /// A select's options' texts.
    pub options: Vec<String>,
    /// A button (Search).
    pub is_button: bool,
}

/// A one-line note of the panel's (in its status line), until the next one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PanelNote {
    /// Cancel before the submission.
    CancelledNothing,
    /// Copied; cleared in `seconds` (0: never).
    Copied {
        /// The delay.
        seconds: u32,
    },
    /// The browser refused the clipboard.
    CopyRefused,
    /// The clipboard was emptied.
    ClipboardCleared,
    /// The clipboard could not be emptied.
    ClipboardNotCleared,
    /// Rules added to the portal's policy.
    RulesAdded,
    /// Rules that would weaken the policy are waiting for the admin in the options page.
    RulesPending,
    /// The portal's rules were learned.
    Learned {
        /// How many.
        rules: u32,
    },
    /// Learned rules weaker than the current ones wait in the options page.
    LearnPending,
    /// The rules could not be read.
    LearnFailed(String),
    /// The fields could not be filled (Generate).
    FillFailed,
    /// Nothing could be generated.
    GenerateFailed(String),
}

/// The panel's state in a tab.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PanelState {
    /// The agent frame that shows the panel.
    pub frame: Option<FrameId>,
    /// The nonce in the current panel's URL.
    pub nonce: String,
    /// The extension frame that connected with it (the only one listened to).
    pub port: Option<FrameId>,
    /// The admin opened the panel on this frame's page load.
    pub opened: Option<(FrameId, PageId)>,
    /// The card's secret is shown.
    pub revealed: bool,
    /// Orphaned passwords shown.
    pub orphans_revealed: Vec<String>,
    /// The panel's own visibility observer.
    pub visibility: PanelVisibility,
    /// A sensitive command waiting for the guard's report.
    pub pending: Option<PanelCommand>,
    /// Why the buttons are off.
    pub disarmed: Option<Interference>,
    /// The last note.
    pub note: Option<PanelNote>,
    /// The panel's content height.
    pub height: u32,
    /// The kind the checklist is about when nothing else says.
    pub kind: Kind,
    /// Speakable chosen in the panel (else the portal's setting).
    pub speakable: Option<bool>,
    /// Launcher nonces and the agent frames they are in.
    pub launchers: Vec<(String, FrameId)>,
}

/// A tab's state (session storage, `tab:<id>`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TabState {
    /// The frames the agents described (latest page each).
    pub frames: Vec<FrameState>,
    /// The tab's flow: one at a time.
    pub flow: Option<Flow>,
    /// The panel.
    pub panel: PanelState,
    /// Teach mode in progress.
    pub teach: Option<Teaching>,
    /// The bulk run in this tab (no secret in it).
    pub run: Option<crate::bulk::Run>,
    /// The new secrets of the tab's run, until the hand-off sheet is closed.
    pub run_secrets: Option<crate::bulk::RunSecrets>,
    /// The users ticked on the users list, before a run starts.
    pub selection: Vec<String>,
    /// The page load the last tick came from, and its `tick`.
    pub selection_tick: Option<(PageId, u32)>,
}

impl TabState {
    /// The frame's state.
    pub fn frame(&self, frame: FrameId) -> Option<&FrameState> {
        self.frames.iter().find(|f| f.frame == frame)
    }

    fn frame_mut(&mut self, frame: FrameId) -> Option<&mut FrameState> {
        self.frames.iter_mut().find(|f| f.frame == frame)
    }

    fn page_id(&self, frame: FrameId) -> Option<PageId> {
        self.frame(frame).map(|f| f.page_id.clone())
    }
}

fn load(e: &Engine<'_>) -> TabState {
    e.stored.tab.valid().cloned().unwrap_or_default()
}

fn save(e: &mut Engine<'_>, tab: TabId, st: &TabState) {
    e.store(StoreOp::Tab { tab, state: Some(st.clone()) });
}

fn publish(e: &mut Engine<'_>, tab: TabId, st: &TabState) {
    if st.panel.frame.is_some() {
        let v = view::panel(e, tab, st);
        e.fx.panels.push(PanelSend { tab, message: ToPanel::View(Box::new(v)) });
    }
}

fn audit(e: &mut Engine<'_>, flow: &Flow) {
    audit_flow(e, flow, None);
}

/// Writes the flow's audit record, with the bulk run it belongs to.
pub fn audit_flow(e: &mut Engine<'_>, flow: &Flow, run: Option<&str>) {
    let mut entry = AuditEntry::of(flow);
    entry.run = run.map(str::to_owned);
    e.store(StoreOp::Audit { entry, keep: super::AUDIT_KEEP });
}

/// Sends `actions` to `frame`'s agent, for its current page load.
pub fn send_to(e: &mut Engine<'_>, tab: TabId, st: &TabState, frame: FrameId, actions: Vec<Action>) {
    send(e, tab, st, frame, actions);
}

fn send(e: &mut Engine<'_>, tab: TabId, st: &TabState, frame: FrameId, actions: Vec<Action>) {
    if actions.is_empty() {
        return;
    }
    let Some(page_id) = st.page_id(frame) else { return };
    e.fx.agents.push(AgentSend { tab, frame, message: ToAgent::Perform { page_id, actions } });
}

fn src(e: &Engine<'_>, kind: FrameKind, tab: TabId, nonce: &str) -> String {
    format!("{}?mode={}&tab={tab}&n={nonce}", e.ctx.panel_url, kind.as_str())
}

/// Where a frame of `size` goes on `fs`'s page.
fn place(fs: &FrameState, kind: FrameKind, height: u32) -> Place {
    // Never taller than the window: the panel scrolls inside itself, so that
    // all of it can be seen (and clicked) without scrolling the portal.
    let window = fs.layout.as_ref().map_or(u32::MAX, |l| l.viewport.1.max(200) as u32 - 16);
    let (w, h) = match kind {
        FrameKind::Panel => (PANEL_WIDTH, height.clamp(120, window.max(120))),
        FrameKind::Launcher => LAUNCHER_SIZE,
    };
    let anchor = match kind {
        FrameKind::Panel => fs.fields_rect.or(fs.name_rect),
        FrameKind::Launcher => fs.name_rect,
    };
    match (&fs.layout, kind) {
        (Some(layout), FrameKind::Panel) => {
            crate::layout::place_fitting(layout, w, h, crate::layout::MIN_HEIGHT.min(h), anchor)
        }
        (Some(layout), FrameKind::Launcher) => crate::layout::place(layout, w, h, anchor),
        (None, _) => Place { left: 8, top: 56, width: w, height: h },
    }
}

/// Whether `page` in `frame` gets the panel, by itself.
fn wants_panel(e: &Engine<'_>, st: &TabState, fs: &FrameState, origin: &str) -> bool {
    let flow_here = st.flow.as_ref().is_some_and(|f| f.origin == origin && f.frame == fs.frame);
    let opened = st.panel.opened.as_ref().is_some_and(|(f, p)| *f == fs.frame && *p == fs.page_id);
    let orphans = e.stored.orphans.iter().any(|f| f.origin == origin)
        && (fs.page.kind != PageKind::Other || fs.page.portal_context);
    let teaching = st.teach.as_ref().is_some_and(|t| t.origin == origin) && fs.page.top_or_only();
    // A bulk run's frame keeps the panel (its progress) until the run is dismissed.
    let run_here = st.run.as_ref().is_some_and(|r| r.frame == fs.frame && r.origin == origin);
    if flow_here || opened || teaching || run_here {
        return true;
    }
    !fs.closed && (fs.page.kind == PageKind::Passwords || orphans)
}

/// The frame actions for `frame`'s page: the panel or the launcher, placed.
/// The frame actions for `frame`'s page (the panel or the launcher, placed;
/// a users list's checkboxes).
pub fn frames(e: &mut Engine<'_>, tab: TabId, st: &mut TabState, frame: FrameId) -> Vec<Action> {
    frames_for(e, tab, st, frame)
}

fn frames_for(e: &mut Engine<'_>, tab: TabId, st: &mut TabState, frame: FrameId) -> Vec<Action> {
    let mut actions = Vec::new();
    let Some(fs) = st.frame(frame).cloned() else { return actions };
    let origin = origin_of(&fs.page.url);
    if wants_panel(e, st, &fs, &origin) {
        // One panel per tab: it moves to this frame.
        if let Some(other) = st.panel.frame.filter(|f| *f != frame) {
            let remove = vec![Action::Remove { frame: FrameKind::Panel }];
            send(e, tab, st, other, remove);
            st.panel.port = None;
        }
        if st.panel.frame != Some(frame) || st.panel.nonce.is_empty() {
            st.panel.nonce = e.fresh_id(&format!("p{frame}"));
            st.panel.port = None;
        }
        st.panel.frame = Some(frame);
        if fs.launcher.is_some() {
            actions.push(Action::Remove { frame: FrameKind::Launcher });
            if let Some(f) = st.frame_mut(frame) {
                f.launcher = None;
            }
        }
        let height = if st.panel.height > 0 { st.panel.height } else { PANEL_HEIGHT };
        actions.push(Action::Inject {
            frame: FrameKind::Panel,
            src: src(e, FrameKind::Panel, tab, &st.panel.nonce),
            place: place(&fs, FrameKind::Panel, height),
        });
    } else {
        if st.panel.frame == Some(frame) {
            actions.push(Action::Remove { frame: FrameKind::Panel });
            st.panel.frame = None;
            st.panel.port = None;
        }
        if fs.page.kind == PageKind::User {
            let nonce = fs.launcher.clone().unwrap_or_else(|| e.fresh_id(&format!("l{frame}")));
            st.panel.launchers.retain(|(_, f)| *f != frame);
            st.panel.launchers.push((nonce.clone(), frame));
            if let Some(f) = st.frame_mut(frame) {
                f.launcher = Some(nonce.clone());
            }
            actions.push(Action::Inject {
                frame: FrameKind::Launcher,
                src: src(e, FrameKind::Launcher, tab, &nonce),
                place: place(&fs, FrameKind::Launcher, 0),
            });
        } else if fs.launcher.is_some() {
            actions.push(Action::Remove { frame: FrameKind::Launcher });
            if let Some(f) = st.frame_mut(frame) {
                f.launcher = None;
            }
        }
    }
    if let Some(form) = &fs.page.passwords {
        actions.push(Action::Watch { id: form.new });
    }
    actions.extend(super::run::marks(st, frame, e.lang()));
    actions
}

fn rect_of(s: &Snapshot, id: Option<u32>) -> Option<Rect> {
    let id = id?;
    s.headings
        .iter()
        .find(|h| h.id == id)
        .and_then(|h| h.rect)
        .or_else(|| s.fields.iter().find(|f| f.id == id).and_then(|f| f.rect))
}

fn fields_rect(s: &Snapshot, page: &Page) -> Option<Rect> {
    let form = page.passwords.as_ref()?;
    let a = s.fields.iter().find(|f| f.id == form.new).and_then(|f| f.rect)?;
    let b = s.fields.iter().find(|f| f.id == form.retype).and_then(|f| f.rect).unwrap_or(a);
    Some(a.union(&b))
}

/// A users list's search form: its text fields, selects and buttons.
fn search_form(s: &Snapshot, page: &Page) -> Vec<SearchField> {
    use crate::portal::snapshot::FieldType as F;
    if page.kind != PageKind::UsersList {
        return Vec::new();
    }
    let mut out: Vec<SearchField> = s
        .fields
        .iter()
        .filter(|f| matches!(f.kind, F::Text | F::Search | F::Select) && !f.disabled && !f.readonly)
        .map(|f| SearchField { id: f.id, kind: f.kind, options: f.options.clone(), is_button: false })
        .collect();
    let search_words = ["search", "find", "rechercher", "buscar", "suchen", "go"];
    out.extend(
        s.buttons
            .iter()
            .filter(|b| {
                !b.disabled
                    && crate::portal::text::has_any(&crate::portal::text::normalize(&b.text), &search_words)
            })
            .map(|b| SearchField { id: b.id, kind: F::Other, options: Vec::new(), is_button: true }),
    );
    out
}

/// Records `snapshot` as `frame`'s page; returns whether it is a new page load.
fn record(e: &Engine<'_>, st: &mut TabState, frame: FrameId, page_id: &str, snapshot: &Snapshot) -> bool {
    let origin = origin_of(&snapshot.url);
    let mut page = analyze(snapshot, e.config.map(&origin));
    let new_load = st.frame(frame).is_none_or(|f| f.page_id != page_id);
    // Followed from a users list: the listed user's page, also where it
    // does not say whose it is (the list did). Kept for the page load's
    // later descriptions (the light one comes first).
    let from_list = match st.frame(frame) {
        Some(f) if !new_load => f.from_list.clone(),
        Some(f) if f.page.kind == PageKind::UsersList => {
            // Only one listed user's link may lead here: a list whose links
            // all go to one address does not say whose page it is.
            let here = |u: &&crate::portal::classify::ListedUser| {
                crate::portal::classify::same_page(&u.url, &snapshot.url)
            };
            let mut matching = f.page.users.iter().filter(here);
            match (matching.next(), matching.next()) {
                (Some(one), None) => Some(one.clone()),
                _ => None,
            }
        }
        _ => None,
    };
    if let Some(listed) = &from_list {
        page.adopt_listed_user(listed, snapshot);
    }
    let name_rect = rect_of(snapshot, page.anchor.filter(|_| page.kind == PageKind::User));
    let fields = fields_rect(snapshot, &page);
    let previous = st.frame(frame).cloned();
    let fs = FrameState {
        frame,
        page_id: page_id.to_owned(),
        layout: snapshot
            .layout
            .clone()
            .or_else(|| previous.as_ref().filter(|_| !new_load).and_then(|p| p.layout.clone())),
        name_rect,
        fields_rect: fields,
        launcher: previous.as_ref().filter(|_| !new_load).and_then(|p| p.launcher.clone()),
        closed: previous.as_ref().is_some_and(|p| !new_load && p.closed),
        search: search_form(snapshot, &page),
        from_list,
        page,
    };
    st.frames.retain(|f| f.frame != frame);
    st.frames.push(fs);
    if st.frames.len() > MAX_FRAMES {
        st.frames.remove(0);
    }
    if new_load {
        if st.panel.frame == Some(frame) {
            // A new page load: a new panel frame.
            st.panel.port = None;
            st.panel.revealed = false;
            st.panel.pending = None;
            st.panel.disarmed = None;
            st.panel.note = None;
            st.panel.height = 0;
        }
        st.panel.launchers.retain(|(_, f)| *f != frame);
        if st.panel.opened.as_ref().is_some_and(|(f, _)| *f == frame) {
            st.panel.opened = None;
        }
    }
    new_load
}

/// Runs the tab's flow on `frame`'s page, if it is the flow's to act on.
fn run_flow(e: &mut Engine<'_>, tab: TabId, st: &mut TabState, frame: FrameId) -> Vec<Action> {
    let Some(fs) = st.frame(frame).cloned() else { return Vec::new() };
    let origin = origin_of(&fs.page.url);
    let Some(mut flow) = st.flow.take() else { return Vec::new() };
    if !flow.is_running() || flow.origin != origin {
        st.flow = Some(flow);
        return Vec::new();
    }
    // A frame other than the flow's takes over when it shows a portal page
    // and the flow's own frame shows none (a wrapper, a frameset).
    if frame != flow.frame {
        let own = st.frame(flow.frame).map(|f| f.page.kind);
        if fs.page.kind == PageKind::Other || own.is_some_and(|k| k != PageKind::Other) {
            st.flow = Some(flow);
            return Vec::new();
        }
        flow.frame = frame;
    }
    let others: Vec<(FrameId, Page)> = st
        .frames
        .iter()
        .filter(|f| f.frame != frame && origin_of(&f.page.url) == origin)
        .map(|f| (f.frame, f.page.clone()))
        .collect();
    let others_ref: Vec<(FrameId, &Page)> = others.iter().map(|(f, p)| (*f, p)).collect();
    let eff = view::effective(e, &origin, flow.task.kind, Some(&fs.page));
    let page_policy = match &eff {
        Ok(eff) => eff.page.clone(),
        Err(why) => {
            crate::flow::PagePolicy { policy: Err(crate::flow::Why::Impossible(why.clone())), length: None }
        }
    };
    let prefs = Prefs {
        length: e.config.settings.default_length,
        exclude_look_alikes: e.config.settings.exclude_look_alikes,
        speakable: view::speakable(e, st, &origin),
    };
    let opened_before = flow.log.iter().any(|n| n.note == Note::OpenedPasswords);
    let pages = Pages { frame, page: &fs.page, others: &others_ref, view: (&fs.page_id, fs.page.view) };
    let progress = flow.on_page(pages, &page_policy, &prefs);
    let mut here = Vec::new();
    match progress {
        Progress::Act(batch) if batch.frame == frame => here = batch.actions,
        Progress::Act(batch) => {
            st.flow = Some(flow.clone());
            send(e, tab, st, batch.frame, batch.actions);
        }
        Progress::Wait(_) => match flow.wait(e.ctx.now_ms) {
            Waiting::Still(ms) => e.fx.browser.push(BrowserOp::WakeAfter { tab, ms }),
            // Its time is up already: decide again at once.
            Waiting::Again => e.fx.browser.push(BrowserOp::WakeAfter { tab, ms: 1 }),
            Waiting::Stopped => {}
        },
        Progress::Idle => {}
    }
    if flow.problem.as_ref().is_some_and(|p| !p.causes.is_empty() && p.suggestions.is_empty()) {
        flow.suggest(page_policy.policy.as_ref().ok());
    }
    // The way to Passwords, once found, is remembered for this portal.
    if !opened_before && flow.log.iter().any(|n| n.note == Note::OpenedPasswords) && !flow.path.is_empty() {
        learn_path(e, &origin, &flow.path);
    }
    let run = st.run.as_ref().filter(|r| r.is_active()).map(|r| r.id.clone());
    audit_flow(e, &flow, run.as_deref());
    st.flow = Some(flow);
    here
}

fn learn_path(e: &mut Engine<'_>, origin: &str, path: &[String]) {
    let mut maps: Vec<PortalMap> = e.stored.maps.valid().cloned().unwrap_or_default();
    if let Some(m) = maps.iter_mut().find(|m| m.origin == origin) {
        if m.path == path {
            return;
        }
        m.path = path.to_vec();
    } else {
        maps.push(PortalMap {
            origin: origin.to_owned(),
            path: path.to_vec(),
            source: MapSource::Learned,
            ..PortalMap::default()
        });
    }
    // Only a map that validates is stored: a flow the portal sent round (the
    // Passwords link bringing the user's page back, again and again) found
    // no route worth remembering (a path longer than map::MAX_PATH).
    if maps.iter().any(|m| m.origin == origin && m.validate().is_err()) {
        return;
    }
    e.store(StoreOp::Maps(maps));
}

/// An agent's message.
pub fn on_agent(e: &mut Engine<'_>, tab: TabId, frame: FrameId, url: &str, message: FromAgent) {
    let mut st = load(e);
    // The browser's word for the frame's origin, not the page's.
    let origin = origin_of(url);
    match message {
        FromAgent::Page { page_id, reason: _, snapshot } => {
            if origin_of(&snapshot.url) != origin {
                e.fx.reply = Some(Reply::Agent(ToAgent::Idle));
                return;
            }
            let flow_here = st.flow.as_ref().is_some_and(|f| f.origin == origin);
            let opened = st.panel.opened.as_ref().is_some_and(|(f, p)| *f == frame && *p == page_id);
            let teaching = st.teach.as_ref().is_some_and(|t| t.origin == origin);
            let orphans = e.stored.orphans.iter().any(|f| f.origin == origin);
            let run_here = st.run.as_ref().is_some_and(|r| r.origin == origin);
            if snapshot.light
                && (flow_here
                    || run_here
                    || opened
                    || teaching
                    || orphans
                    || e.config.map(&origin).is_some()
                    || wants_full(&snapshot))
            {
                // Only the frames, provisionally: the full description confirms
                // them (with the same addresses, kept in the tab's state).
                record(e, &mut st, frame, &page_id, &snapshot);
                let provisional = frames_for(e, tab, &mut st, frame)
                    .into_iter()
                    .filter(|a| matches!(a, Action::Inject { .. }))
                    .collect();
                e.fx.agents.clear();
                save(e, tab, &st);
                e.fx.reply = Some(Reply::Agent(ToAgent::DescribeFully { provisional }));
                return;
            }
            record(e, &mut st, frame, &page_id, &snapshot);
            let mut actions = frames_for(e, tab, &mut st, frame);
            actions.extend(run_flow(e, tab, &mut st, frame));
            actions.extend(super::run::on_page(e, tab, &mut st, frame));
            if let Some(t) = st.teach.as_ref().filter(|t| t.origin == origin) {
                if let Some(target) = t.asking {
                    actions.push(Action::Teach { target });
                }
            }
            save(e, tab, &st);
            publish(e, tab, &st);
            e.fx.reply = Some(Reply::Agent(ToAgent::Perform { page_id, actions }));
        }
        FromAgent::Results { page_id, results, snapshot } => {
            if origin_of(&snapshot.url) == origin {
                record(e, &mut st, frame, &page_id, &snapshot);
            }
            on_results(e, tab, &mut st, frame, &results);
            let more = super::run::on_page(e, tab, &mut st, frame);
            send(e, tab, &st, frame, more);
            save(e, tab, &st);
            publish(e, tab, &st);
            e.fx.reply = Some(Reply::Agent(ToAgent::Idle));
        }
        FromAgent::Field { page_id, value } => {
            // Memory only: a typed value never reaches storage.
            if st.page_id(frame).as_deref() == Some(page_id.as_str()) {
                e.stored.memory.field = Some(value);
                e.fx.memory = Some(e.stored.memory.clone());
                publish(e, tab, &st);
            }
        }
        FromAgent::Picked { page_id, pick } => {
            if st.page_id(frame).as_deref() != Some(page_id.as_str()) {
                return;
            }
            let Some(t) = st.teach.as_mut() else { return };
            if t.origin != origin {
                return;
            }
            t.pick(&pick);
            let next = t.asking;
            let actions = match next {
                Some(target) => vec![Action::Teach { target }],
                None => vec![Action::StopTeaching],
            };
            send(e, tab, &st, frame, actions);
            save(e, tab, &st);
            publish(e, tab, &st);
        }
        FromAgent::Selection { page_id, users, tick } => {
            if st.page_id(frame).as_deref() != Some(page_id.as_str()) {
                return;
            }
            st.selection_tick = Some((page_id, tick));
            // Only users the list shows can be ticked.
            let listed = st.frame(frame).map(|f| f.page.users.clone()).unwrap_or_default();
            let users: Vec<String> = users
                .into_iter()
                .filter(|u| listed.iter().any(|l| l.user_id.eq_ignore_ascii_case(u)))
                .take(500)
                .collect();
            super::run::selected(e, tab, &mut st, frame, users);
            save(e, tab, &st);
            publish(e, tab, &st);
        }
    }
}

fn on_results(e: &mut Engine<'_>, tab: TabId, st: &mut TabState, frame: FrameId, results: &[ActionResult]) {
    // The guard's report for a sensitive command.
    if let Some(report) = results.iter().find(|r| r.op == Op::Guard) {
        if st.panel.frame == Some(frame) {
            if let Some(command) = st.panel.pending.take() {
                match guard::verdict(report.guard.as_ref(), st.panel.visibility) {
                    Ok(()) => {
                        st.panel.disarmed = None;
                        command_now(e, tab, st, command);
                    }
                    Err(why) => st.panel.disarmed = Some(why),
                }
            }
        }
        return;
    }
    let running_here = st.flow.as_ref().is_some_and(|f| f.is_running() && f.frame == frame);
    if running_here {
        if let Some(flow) = st.flow.as_mut() {
            flow.on_results(results);
            let flow = flow.clone();
            audit(e, &flow);
        }
    } else if results.iter().any(|r| !r.is_ok() && matches!(r.op, Op::Fill | Op::Choose)) {
        // Generate's fill failed: the page does not hold the secret.
        e.stored.memory.generated = None;
        e.fx.memory = Some(e.stored.memory.clone());
        st.panel.note = Some(PanelNote::FillFailed);
    }
}

/// A panel's message.
pub fn on_panel(e: &mut Engine<'_>, tab: TabId, frame: FrameId, message: FromPanel) {
    let mut st = load(e);
    match message {
        FromPanel::Hello { frame: kind, visibility, nonce } => {
            match kind {
                FrameKind::Panel if nonce == st.panel.nonce && !nonce.is_empty() => match st.panel.port {
                    None => st.panel.port = Some(frame),
                    Some(bound) if bound == frame => {}
                    Some(_) => {
                        // A second frame with our panel's address: the page copied it.
                        st.panel.disarmed = Some(Interference::NotOurs);
                        st.panel.port = None;
                        st.panel.nonce.clear();
                        if let Some(host) = st.panel.frame {
                            let actions = frames_for(e, tab, &mut st, host);
                            send(e, tab, &st, host, actions);
                        }
                    }
                },
                FrameKind::Panel => return,
                FrameKind::Launcher => {
                    if !st.panel.launchers.iter().any(|(n, _)| *n == nonce) {
                        return;
                    }
                }
            }
            if kind == FrameKind::Panel {
                st.panel.visibility = visibility;
                super::run::wake_if_due(e, tab, &mut st);
            }
            save(e, tab, &st);
            if kind == FrameKind::Panel {
                publish(e, tab, &st);
            } else {
                let v = view::panel(e, tab, &st);
                e.fx.panels.push(PanelSend { tab, message: ToPanel::View(Box::new(v)) });
            }
        }
        FromPanel::Command { command, visibility, nonce } => {
            let from_panel = st.panel.port == Some(frame) && nonce == st.panel.nonce;
            let launcher = st.panel.launchers.iter().find(|(n, _)| *n == nonce).map(|(_, f)| *f);
            if command == PanelCommand::Open {
                if let Some(host) = launcher {
                    open_panel(e, tab, &mut st, host);
                    save(e, tab, &st);
                }
                return;
            }
            if !from_panel {
                return;
            }
            st.panel.visibility = visibility;
            if command.is_sensitive() {
                let Some(host) = st.panel.frame else { return };
                st.panel.pending = Some(command);
                send(e, tab, &st, host, vec![Action::Guard]);
                save(e, tab, &st);
            } else {
                command_now(e, tab, &mut st, command);
                save(e, tab, &st);
                publish(e, tab, &st);
            }
        }
        FromPanel::Visibility(v) => {
            if st.panel.port == Some(frame) {
                st.panel.visibility = v;
                if super::run::wake_if_due(e, tab, &mut st) {
                    publish(e, tab, &st);
                }
                save(e, tab, &st);
            }
        }
        FromPanel::Resize { height } => {
            if st.panel.port != Some(frame) {
                return;
            }
            let height = height.clamp(120, 900);
            if st.panel.height == height {
                return;
            }
            st.panel.height = height;
            if let Some(host) = st.panel.frame {
                let actions = frames_for(e, tab, &mut st, host)
                    .into_iter()
                    .filter(|a| matches!(a, Action::Inject { frame: FrameKind::Panel, .. }))
                    .collect();
                send(e, tab, &st, host, actions);
            }
            save(e, tab, &st);
        }
        FromPanel::Copied { ok } => {
            if st.panel.port != Some(frame) {
                return;
            }
            let seconds = e.config.settings.clipboard_clear_seconds;
            st.panel.note = Some(if ok { PanelNote::Copied { seconds } } else { PanelNote::CopyRefused });
            if ok && seconds > 0 {
                e.fx.browser.push(BrowserOp::NoteClipboardTab { tab });
                e.fx.browser.push(BrowserOp::ClearClipboardAfter { ms: seconds * 1000 });
            }
            save(e, tab, &st);
            publish(e, tab, &st);
        }
    }
}

fn open_panel(e: &mut Engine<'_>, tab: TabId, st: &mut TabState, host: FrameId) {
    let Some(page_id) = st.page_id(host) else { return };
    st.panel.opened = Some((host, page_id));
    if let Some(f) = st.frame_mut(host) {
        f.closed = false;
    }
    let actions = frames_for(e, tab, st, host);
    send(e, tab, st, host, actions);
}

fn close_panel(e: &mut Engine<'_>, tab: TabId, st: &mut TabState) {
    let Some(host) = st.panel.frame else { return };
    st.panel.opened = None;
    if let Some(f) = st.frame_mut(host) {
        f.closed = true;
    }
    let actions = frames_for(e, tab, st, host);
    send(e, tab, st, host, actions);
}

/// Whether the policy's user rules need details the page does not give.
fn needs_profile(e: &Engine<'_>, origin: &str, kind: Kind, page: &Page) -> bool {
    let Ok(spec) = e.config.spec(origin) else { return false };
    let Ok(policy) = spec.policy(kind) else { return false };
    let u = &page.user;
    (policy.forbid_user_id && u.user_id.is_none())
        || ((policy.forbid_extension || policy.forbid_extension_reversed) && u.extension.is_none())
        || ((policy.forbid_phone || policy.forbid_phone_reversed) && u.phone.is_none())
}

/// Whether the tab's flow is the panel's: on the portal the panel shows.
fn flow_on_show(st: &TabState) -> bool {
    let origin = view::panel_page(st).map(|p| origin_of(&p.url));
    st.flow.as_ref().is_some_and(|f| Some(&f.origin) == origin.as_ref())
}

/// Makes room for a new flow: a finished one whose secret the portal may
/// hold is kept as an orphan (until the admin dismisses it), never dropped.
fn retire_flow(e: &mut Engine<'_>, st: &mut TabState) {
    let Some(flow) = st.flow.take() else { return };
    if flow.secret.is_some() && flow.submitted {
        let mut orphans = e.stored.orphans.clone();
        orphans.retain(|o| o.id != flow.id);
        orphans.push(flow);
        e.stored.orphans = orphans.clone();
        e.store(StoreOp::Orphans(orphans));
    }
}

fn start(e: &mut Engine<'_>, tab: TabId, st: &mut TabState, task: Task) {
    if st.flow.as_ref().is_some_and(Flow::is_running) {
        return;
    }
    let Some(host) = st.panel.frame else { return };
    let Some(fs) = st.frame(host).cloned() else { return };
    let ok = fs.page.kind == PageKind::User || fs.page.one_click();
    if !ok {
        return;
    }
    let origin = origin_of(&fs.page.url);
    let id = e.fresh_id("");
    let flow =
        Flow::start(id, task, (host, &fs.page), needs_profile(e, &origin, task.kind, &fs.page), e.ctx.now_ms);
    retire_flow(e, st);
    st.flow = Some(flow);
    st.panel.revealed = false;
    st.panel.note = None;
    e.stored.memory.generated = None;
    e.fx.memory = Some(e.stored.memory.clone());
    let actions = run_flow(e, tab, st, host);
    send(e, tab, st, host, actions);
}

/// Starts `task`'s flow on `frame`'s page (a bulk run's user); the actions for that frame.
pub fn start_flow(
    e: &mut Engine<'_>,
    tab: TabId,
    st: &mut TabState,
    frame: FrameId,
    task: Task,
) -> Vec<Action> {
    let Some(fs) = st.frame(frame).cloned() else { return Vec::new() };
    let origin = origin_of(&fs.page.url);
    let id = e.fresh_id(&format!("u{}", st.run.as_ref().and_then(|r| r.current).unwrap_or(0)));
    let flow = Flow::start(
        id,
        task,
        (frame, &fs.page),
        needs_profile(e, &origin, task.kind, &fs.page),
        e.ctx.now_ms,
    );
    st.flow = Some(flow);
    st.panel.revealed = false;
    st.panel.note = None;
    run_flow(e, tab, st, frame)
}

fn generate_here(e: &mut Engine<'_>, tab: TabId, st: &mut TabState, kind: Kind) {
    if st
        .flow
        .as_ref()
        .is_some_and(|f| f.origin == st.frame(f.frame).map(|fs| origin_of(&fs.page.url)).unwrap_or_default())
    {
        return;
    }
    let Some(host) = st.panel.frame else { return };
    let Some(fs) = st.frame(host).cloned() else { return };
    let Some(form) = fs.page.passwords.as_ref().filter(|_| fs.page.kind == PageKind::Passwords) else {
        return;
    };
    // Tabs: the secret's tab opened, nothing typed; the admin generates again
    // once its fields are shown.
    if let Some(opener) = form.tabs.as_ref().and_then(|t| t.to_open(kind)) {
        let noun = words::noun(e.lang(), kind);
        let note = crate::i18n::tf(e.lang(), K::GenerateTabOpened, &[("noun", noun)]);
        st.panel.note = Some(PanelNote::GenerateFailed(note));
        send(e, tab, st, host, vec![Action::Follow { id: opener }]);
        return;
    }
    let origin = origin_of(&fs.page.url);
    let eff = match view::effective(e, &origin, kind, Some(&fs.page)) {
        Ok(eff) => eff,
        Err(why) => {
            st.panel.note = Some(PanelNote::GenerateFailed(why));
            return;
        }
    };
    let policy = match &eff.page.policy {
        Ok(p) => p.clone(),
        Err(why) => {
            st.panel.note = Some(PanelNote::GenerateFailed(words::why(e.lang(), why, kind)));
            return;
        }
    };
    let speakable = kind == Kind::Web && view::speakable(e, st, &origin);
    let opts = Options {
        length: if speakable { None } else { eff.page.length },
        exclude_look_alikes: e.config.settings.exclude_look_alikes,
        style: if speakable { Style::Words } else { Style::Random },
    };
    match generate::generate_styled(&policy, &fs.page.user.context(), &opts, opts.style) {
        Ok(g) => {
            let mut actions: Vec<Action> = form.choice(kind).map(Action::from).into_iter().collect();
            let target = form.fields_for(kind);
            actions.push(Action::Fill { id: target.new, value: g.secret.clone() });
            actions.push(Action::Fill { id: target.retype, value: g.secret.clone() });
            e.stored.memory.generated = Some(GeneratedCard {
                secret: g.secret,
                entropy_bits: g.entropy_bits,
                kind,
                speakable,
                origin,
            });
            e.fx.memory = Some(e.stored.memory.clone());
            st.panel.revealed = false;
            st.panel.note = None;
            st.panel.kind = kind;
            send(e, tab, st, host, actions);
        }
        Err(err) => st.panel.note = Some(PanelNote::GenerateFailed(err.to_string())),
    }
}

fn dismiss(e: &mut Engine<'_>, tab: TabId, st: &mut TabState) {
    // Only the card on show: a flow of another portal in this tab keeps its secret.
    if flow_on_show(st) && st.flow.as_ref().is_some_and(|f| !f.is_running()) {
        st.flow = None; // wipes the secret
    }
    e.stored.memory = Memory::default();
    e.fx.memory = Some(Memory::default());
    st.panel.revealed = false;
    st.panel.note = None;
    let on_passwords = view::panel_page(st).is_some_and(|p| p.kind == PageKind::Passwords);
    if !on_passwords {
        close_panel(e, tab, st);
    }
}

fn add_rules(e: &mut Engine<'_>, tab: TabId, st: &mut TabState) {
    let Some(flow) = st.flow.clone() else { return };
    let Some(problem) = flow.problem.as_ref().filter(|p| !p.suggestions.is_empty()) else { return };
    let origin = flow.origin.clone();
    let outcome = super::pages::strengthen(
        e,
        &origin,
        |spec| {
            for s in &problem.suggestions {
                s.apply(spec);
            }
        },
        crate::settings::PendingFrom::Suggestion,
    );
    match outcome {
        super::pages::Change::Applied => {
            st.panel.note = Some(PanelNote::RulesAdded);
            // And retry at once, on the page the admin is on.
            st.flow = None;
            start(e, tab, st, flow.task);
        }
        super::pages::Change::Pending => st.panel.note = Some(PanelNote::RulesPending),
        super::pages::Change::Refused(why) => st.panel.note = Some(PanelNote::GenerateFailed(why)),
    }
}

fn learn(e: &mut Engine<'_>, st: &mut TabState) {
    let Some(page) = view::panel_page(st).cloned() else { return };
    let Some(spec) = page.learned.clone() else {
        st.panel.note = Some(PanelNote::LearnFailed(crate::portal::learn::LearnError::NoRules.to_string()));
        return;
    };
    let origin = origin_of(&page.url);
    let rules = [Kind::Web, Kind::Passcode]
        .iter()
        .filter_map(|k| spec.policy(*k).ok())
        .map(|p| crate::check::rules(&p).len() as u32)
        .sum();
    let outcome =
        super::pages::strengthen(e, &origin, |s| *s = spec.clone(), crate::settings::PendingFrom::RulesPage);
    st.panel.note = Some(match outcome {
        super::pages::Change::Applied => PanelNote::Learned { rules },
        super::pages::Change::Pending => PanelNote::LearnPending,
        super::pages::Change::Refused(why) => PanelNote::LearnFailed(why),
    });
}

/// Runs a command the guard let through (or one that needs none).
fn command_now(e: &mut Engine<'_>, tab: TabId, st: &mut TabState, command: PanelCommand) {
    match command {
        PanelCommand::Open => {}
        PanelCommand::Close => {
            if !st.flow.as_ref().is_some_and(Flow::is_running) {
                close_panel(e, tab, st);
            }
        }
        PanelCommand::Settings => e.fx.browser.push(BrowserOp::OpenOptions),
        PanelCommand::Start { task } => start(e, tab, st, task),
        PanelCommand::Generate { kind } => generate_here(e, tab, st, kind),
        PanelCommand::Speakable { on } => st.panel.speakable = Some(on),
        PanelCommand::Cancel => {
            if let Some(mut flow) = st.flow.take() {
                let was_running = flow.is_running();
                flow.cancel();
                audit(e, &flow);
                if flow.secret.is_some() || flow.status != Status::Cancelled {
                    st.flow = Some(flow);
                } else if was_running {
                    st.panel.note = Some(PanelNote::CancelledNothing);
                }
            }
        }
        PanelCommand::Dismiss => dismiss(e, tab, st),
        PanelCommand::Reveal => st.panel.revealed = !st.panel.revealed,
        PanelCommand::Copy => {
            // The secret of the card on show.
            let secret =
                st.flow.as_ref().filter(|_| flow_on_show(st)).and_then(|f| f.secret.clone()).or_else(|| {
                    let origin = view::panel_page(st).map(|p| origin_of(&p.url)).unwrap_or_default();
                    view::generated_here(e, &origin).map(|g| g.secret.clone())
                });
            if let Some(text) = secret {
                e.fx.panels.push(PanelSend { tab, message: ToPanel::Copy { text } });
            }
        }
        PanelCommand::AddRules => add_rules(e, tab, st),
        PanelCommand::Learn => learn(e, st),
        PanelCommand::RevealOrphan { id } => {
            if !st.panel.orphans_revealed.contains(&id) {
                st.panel.orphans_revealed.push(id);
            } else {
                st.panel.orphans_revealed.retain(|o| *o != id);
            }
        }
        PanelCommand::DismissOrphan { id } => {
            let mut orphans = e.stored.orphans.clone();
            orphans.retain(|f| f.id != id);
            e.stored.orphans = orphans.clone();
            st.panel.orphans_revealed.retain(|o| *o != id);
            e.store(StoreOp::Orphans(orphans));
            // Nothing left to show here: the panel may give way to the launcher.
            if let Some(host) = st.panel.frame {
                let actions = frames_for(e, tab, st, host);
                send(e, tab, st, host, actions);
            }
        }
        PanelCommand::Bulk(command) => super::run::command(e, tab, st, command),
        PanelCommand::Teach(command) => teach(e, tab, st, command),
    }
}

/// The shortcut (Alt+Shift+P): the panel in the tab's most relevant frame.
pub fn on_shortcut(e: &mut Engine<'_>, tab: TabId) {
    let mut st = load(e);
    let rank = |k: PageKind| match k {
        PageKind::Passwords => 0,
        PageKind::User => 1,
        PageKind::Other => 3,
        _ => 2,
    };
    let best =
        st.frames.iter().min_by_key(|f| (rank(f.page.kind), if f.page.top { 0 } else { 1 })).map(|f| f.frame);
    if let Some(host) = best {
        open_panel(e, tab, &mut st, host);
        save(e, tab, &st);
    }
}

/// A panel's port closed.
pub fn on_panel_gone(e: &mut Engine<'_>, tab: TabId, frame: FrameId) {
    let mut st = load(e);
    if st.panel.port == Some(frame) {
        st.panel.port = None;
        save(e, tab, &st);
    }
}

/// The patience timer of a waiting flow went off.
pub fn on_wake(e: &mut Engine<'_>, tab: TabId) {
    let mut st = load(e);
    if super::run::on_wake(e, tab, &mut st) {
        save(e, tab, &st);
        publish(e, tab, &st);
        return;
    }
    let Some(flow) = st.flow.as_mut() else { return };
    if flow.waiting_since.is_none() {
        return;
    }
    match flow.wait(e.ctx.now_ms) {
        Waiting::Still(_) => {}
        Waiting::Again => {
            // The page had its time to build the form: decide on what it shows
            // now, as the agent describes it. A wake-up never acts on the
            // portal itself (a timer is no one's click): it asks for a look,
            // and the flow acts on that page event.
            let frame = flow.frame;
            e.fx.agents.push(AgentSend {
                tab,
                frame,
                message: ToAgent::DescribeFully { provisional: Vec::new() },
            });
            save(e, tab, &st);
            publish(e, tab, &st);
        }
        Waiting::Stopped => {
            let flow = flow.clone();
            audit(e, &flow);
            save(e, tab, &st);
            publish(e, tab, &st);
        }
    }
}

/// A tab was closed: its running flow stops honestly, and a secret the
/// portal may hold is kept (as an orphan) until the admin dismisses it.
pub fn on_tab_closed(e: &mut Engine<'_>, tab: TabId) {
    let st = load(e);
    // A bulk run's new secrets stay for its hand-off sheet (opened or not),
    // until the sheet is closed: the tab's state keeps only them and the run.
    let keep = st.run_secrets.as_ref().is_some_and(|s| !s.secrets.is_empty());
    let kept = keep.then(|| {
        let mut run = st.run.clone();
        if let Some(r) = run.as_mut() {
            r.stop_as(crate::bulk::RunStatus::TabClosed);
            r.sheet_kept = true;
            e.store(StoreOp::Run { id: r.id.clone(), run: Some(r.clone()) });
        }
        TabState { run, run_secrets: st.run_secrets.clone(), ..TabState::default() }
    });
    e.store(StoreOp::Tab { tab, state: kept });
    e.fx.memory = Some(Memory::default());
    let Some(mut flow) = st.flow else { return };
    // The run's current flow: its record joins the run's.
    if let Some(r) = st.run.as_ref() {
        if flow.is_running() {
            flow.abandon();
            audit_flow(e, &flow, Some(&r.id));
        }
    } else if flow.is_running() {
        flow.abandon();
        audit(e, &flow);
    }
    if flow.secret.is_some() && flow.submitted {
        let mut orphans = e.stored.orphans.clone();
        orphans.push(flow);
        e.store(StoreOp::Orphans(orphans));
    }
}

/// The clipboard was emptied (or not) after a copy: the panels that copied say so.
pub fn on_clipboard_cleared(e: &mut Engine<'_>, ok: bool) {
    for (tab, mut st) in e.stored.tabs.clone() {
        if st.panel.frame.is_none() {
            continue;
        }
        st.panel.note = Some(if ok { PanelNote::ClipboardCleared } else { PanelNote::ClipboardNotCleared });
        e.store(StoreOp::Tab { tab, state: Some(st.clone()) });
        publish(e, tab, &st);
    }
}

fn teach(e: &mut Engine<'_>, tab: TabId, st: &mut TabState, command: TeachCommand) {
    let Some(host) = st.panel.frame.or_else(|| st.frames.iter().find(|f| f.page.top).map(|f| f.frame)) else {
        return;
    };
    let Some(fs) = st.frame(host).cloned() else { return };
    let origin = origin_of(&fs.page.url);
    let teaching = st.teach.get_or_insert_with(|| Teaching::new(&origin, e.config.map(&origin)));
    let mut actions = Vec::new();
    match command {
        TeachCommand::UserPage => {
            let u = &fs.page.user;
            let who: Vec<&str> = [u.name.as_deref(), u.user_id.as_deref()].into_iter().flatten().collect();
            teaching.user_page(&fs.page.url, &fs.page.title, &who)
        }
        TeachCommand::PasswordsPage => {
            teaching.passwords_page(&fs.page.url, &fs.page.title);
            actions.push(Action::Teach { target: crate::teach::PickTarget::NewPassword });
        }
        TeachCommand::Pick(target) => {
            teaching.asking = Some(target);
            actions.push(Action::Teach { target });
        }
        TeachCommand::Skip => {
            teaching.skip();
            actions.push(match teaching.asking {
                Some(target) => Action::Teach { target },
                None => Action::StopTeaching,
            });
        }
        TeachCommand::Save => {
            if let Some(map) = teaching.result() {
                let mut maps: Vec<PortalMap> = e.stored.maps.valid().cloned().unwrap_or_default();
                if crate::portal::map::merge(&mut maps, vec![map], MapSource::Taught).is_ok() {
                    e.store(StoreOp::Maps(maps));
                }
                st.teach = None;
                actions.push(Action::StopTeaching);
            }
        }
        TeachCommand::Cancel => {
            st.teach = None;
            actions.push(Action::StopTeaching);
        }
    }
    // The panel shows the steps while teaching.
    if st.teach.is_some() {
        st.panel.opened = Some((host, fs.page_id.clone()));
    }
    let mut frame_actions = frames_for(e, tab, st, host);
    frame_actions.extend(actions);
    send(e, tab, st, host, frame_actions);
}

/// Teach mode from the toolbar popup.
pub fn teach_from_popup(e: &mut Engine<'_>, tab: TabId, command: TeachCommand) {
    let mut st = load(e);
    teach(e, tab, &mut st, command);
    save(e, tab, &st);
    publish(e, tab, &st);
}

/// Opening the panel from the toolbar popup.
pub fn open_from_popup(e: &mut Engine<'_>, tab: TabId) {
    on_shortcut(e, tab);
}

/// What the panel shows in teach mode.
pub fn teach_view(lang: Lang, t_: &Teaching) -> TeachView {
    use crate::teach::PickTarget as P;
    let name = |p: P| {
        crate::i18n::t(
            lang,
            match p {
                P::NewPassword => K::TeachNew,
                P::Retype => K::TeachRetype,
                P::WebChoice => K::TeachWeb,
                P::PasscodeChoice => K::TeachPasscode,
                P::Submit => K::TeachSubmit,
            },
        )
        .to_owned()
    };
    let instruction = match t_.asking {
        Some(p) => crate::i18n::tf(lang, K::TeachPick, &[("what", &name(p))]),
        None if t_.map.passwords_page.is_some() || t_.map.user_page.is_some() => {
            t(lang, K::TeachReady).to_owned()
        }
        None => t(lang, K::TeachStart).to_owned(),
    };
    let items = if t_.map.passwords_page.is_some() {
        P::ORDER
            .iter()
            .map(|p| (name(*p), t_.picked.iter().any(|(q, _)| q == p) || t_.skipped.contains(p)))
            .collect()
    } else {
        Vec::new()
    };
    TeachView {
        instruction,
        items,
        can_skip: t_.asking.is_some_and(P::optional),
        can_save: t_.result().is_some(),
        labels: [
            ("teach-skip", K::TeachSkipLabel),
            ("teach-save", K::TeachSaveLabel),
            ("teach-cancel", K::TeachCancelLabel),
        ]
        .into_iter()
        .map(|(id, k)| (id.to_owned(), t(lang, k).to_owned()))
        .collect(),
    }
}
