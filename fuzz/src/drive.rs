//! A browser tab driven through the engine as the background and the agent
//! drive it ([`FakeBackground`]: loads what the engine needs, applies its
//! effects in the background's order, answers the guard), with every promise
//! checked at every call of the engine: each [`Effects`] in the fake's
//! journal is checked against the tab's state just before and just after it.
//!
//! Set `PASSWRIGHT_FUZZ_TRACE=1` to print every call when reproducing a crash.

use std::collections::BTreeMap;

use passwright::engine::{Config, TabState};
use passwright::flow::Flow;
use passwright::guard::{self, GuardReport, MAX_SAMPLE_STEP, MIN_OPACITY, PanelVisibility, SETTLED_MS};
use passwright::i18n::Lang;
use passwright::portal::map::PortalMap;
use passwright::portal::snapshot::{Snapshot, origin_of};
use passwright::protocol::panel::{FromPanel, PanelCommand, ToPanel};
use passwright::protocol::{
    Action, ActionResult, Context, Effects, Event, FrameId, FromAgent, Loaded, Memory, Op, Reply, StoreOp, Stored,
    TabId, ToAgent,
};
use passwright::settings::Settings;
use passwright::testing::{FakeBackground, clean_guard};

use crate::invariants::{self, Allowed, is_submission, portal_may_hold};

/// The tab every target drives.
pub const TAB: TabId = 7;

/// Whether to print every call of the engine.
pub fn trace() -> bool {
    std::env::var_os("PASSWRIGHT_FUZZ_TRACE").is_some()
}

/// Whether to tolerate the known engine bug numbered `n` in `fuzz/REPORT.md`
/// (each tolerance matches only that bug's pattern, so that the targets can
/// run clean until it is fixed, and finds anything else). Set
/// `PASSWRIGHT_FUZZ_KNOWN=fail` to fail on them too; remove each tolerance
/// once its bug is fixed.
pub fn known(n: usize) -> bool {
    use std::sync::atomic::{AtomicBool, Ordering};
    static SEEN: [AtomicBool; 8] = [const { AtomicBool::new(false) }; 8];
    if std::env::var("PASSWRIGHT_FUZZ_KNOWN").is_ok_and(|v| v == "fail") {
        return false;
    }
    if !SEEN[n % 8].swap(true, Ordering::Relaxed) {
        eprintln!("passwright-fuzz: known engine bug {n} of fuzz/REPORT.md met (tolerated; PASSWRIGHT_FUZZ_KNOWN=fail fails on it)");
    }
    true
}

/// Whether the panel was visible and still, by the guard's documented rules
/// (not by the engine's code; SECURITY.md): both witnesses say the panel is
/// ours, visible, unmoved and settled for [`SETTLED_MS`], with at least 30%
/// of it inside the window (a tall panel may run past a wrapper's frame).
pub fn clean(r: Option<&GuardReport>, v: PanelVisibility) -> bool {
    let seen = !v.supported || (v.visible && v.visible_ms >= SETTLED_MS);
    seen && r.is_some_and(|r| {
        r.present
            && r.ours
            && r.attached
            && r.effects.is_empty()
            && r.opacity >= MIN_OPACITY
            && r.covers.is_empty()
            && r.sample_step > 0.0
            && r.sample_step <= MAX_SAMPLE_STEP
            && r.in_view >= 0.3
            && r.full_size
            && r.stable_ms >= SETTLED_MS
    })
}

/// One tab of a fake background, and what the checks need to remember.
#[derive(Clone)]
pub struct Tab {
    /// The fake background.
    pub bg: FakeBackground,
    /// Every page load described, by frame and page id: its latest description.
    pub described: BTreeMap<(FrameId, String), Snapshot>,
    /// Each frame's current page load and how many times it was described.
    pub current: BTreeMap<FrameId, (String, u32)>,
    /// Page loads so far (page ids p1, p2, ...).
    pub loads: u32,
    /// The last batch sent to each frame's agent, still to be reported.
    pub batches: BTreeMap<FrameId, (String, Vec<Action>)>,
    /// The batch whose results are being reported now.
    reported: Option<(Vec<Action>, Vec<ActionResult>)>,
    /// Every secret seen (flows', Generate's, orphans').
    pub secrets: Vec<String>,
    /// Everything given to the engine as input, as JSON (a secret that
    /// happens to be in it is not searched for).
    inputs: String,
    /// Submissions per flow id.
    submissions: BTreeMap<String, u32>,
    /// How much of the fake's journal was checked.
    checked: usize,
    /// The state as of the last checked call.
    shadow: Shadow,
    /// Whether the states are the engine's own (a fuzzed stored state is not).
    pub strict: bool,
    /// The tab whose state is followed.
    pub tab: TabId,
}

#[derive(Clone, Default)]
struct Shadow {
    tab: Option<TabState>,
    orphans: Vec<Flow>,
    memory: Memory,
    settings: Option<Settings>,
    maps: Option<Vec<PortalMap>>,
}

/// What a call of the engine was, for the checks.
#[derive(Debug, Default)]
struct Call {
    /// The agent described a page of this origin (light or full).
    page_origin: Option<String>,
    light: bool,
    /// An agent's message (a page or results), not the panel's.
    agent: bool,
    /// The sensitive command the guard's answer let through (or stopped).
    guarded: Option<(PanelCommand, bool)>,
    /// A command that needs no guard, run at once.
    direct: Option<PanelCommand>,
    tab_closed: bool,
}

impl Call {
    fn executed(&self) -> Option<&PanelCommand> {
        match &self.guarded {
            Some((c, true)) => Some(c),
            _ => self.direct.as_ref(),
        }
    }
}

impl Tab {
    /// A fresh background with these settings.
    pub fn new(settings: Option<Settings>, managed: Option<Settings>, maps: Option<Vec<PortalMap>>) -> Tab {
        let mut bg = FakeBackground::new();
        let inputs = serde_json::to_string(&(&settings, &managed, &maps)).unwrap_or_default();
        bg.settings = settings.clone();
        bg.managed = managed;
        bg.maps = maps.clone();
        Tab {
            bg,
            described: BTreeMap::new(),
            current: BTreeMap::new(),
            loads: 0,
            batches: BTreeMap::new(),
            reported: None,
            secrets: Vec::new(),
            inputs,
            submissions: BTreeMap::new(),
            checked: 0,
            shadow: Shadow { settings, maps, ..Shadow::default() },
            strict: true,
            tab: TAB,
        }
    }

    /// The checks alone, for one call of the engine on a stored state that
    /// did not come from the engine (arbitrary JSON): `inputs` is all the
    /// input's text (a secret in it is not searched for), `described` the
    /// page the event brings, if the engine records it.
    pub fn for_stored(tab: TabId, stored: &Stored, ctx: &Context, inputs: &str, described: Option<(FrameId, String, Snapshot)>) -> Tab {
        let mut t = Tab::new(stored.settings.valid().cloned(), stored.managed.valid().cloned(), stored.maps.valid().cloned());
        t.bg.ctx = ctx.clone();
        t.strict = false;
        t.tab = tab;
        t.inputs = inputs.to_owned();
        t.shadow.tab = stored.tab.valid().cloned();
        t.shadow.orphans = stored.orphans.clone();
        t.shadow.memory = stored.memory.clone();
        if let Some((frame, page_id, snapshot)) = described {
            t.described.insert((frame, page_id), snapshot);
        }
        t
    }

    /// Checks one call of the engine (`for_stored`).
    pub fn check(&mut self, event: &Event, fx: &Effects) {
        self.check_call(event, fx);
    }

    /// The tab's state.
    pub fn state(&self) -> Option<&TabState> {
        self.bg.tabs.get(&TAB)
    }

    /// The tab's flow.
    pub fn flow(&self) -> Option<&Flow> {
        self.bg.flow(TAB)
    }

    /// The agent in `frame` describes its page: a new page load, or the
    /// current one again (its view counted on); light first when asked (the
    /// agent's first look: no link labels or groups, pairs, blocks or text).
    pub fn page(&mut self, frame: FrameId, mut snapshot: Snapshot, same_load: bool, light: bool) -> Vec<Action> {
        let (page_id, view) = match self.current.get(&frame) {
            Some((id, views)) if same_load => (id.clone(), views + 1),
            _ => {
                self.loads += 1;
                (format!("p{}", self.loads), 0)
            }
        };
        self.current.insert(frame, (page_id.clone(), view));
        snapshot.view = view;
        snapshot.light = false;
        if light {
            snapshot.pairs.clear();
            snapshot.blocks.clear();
            snapshot.text.clear();
            for l in &mut snapshot.links {
                l.label.clear();
                l.group.clear();
            }
        }
        self.inputs.push_str(&serde_json::to_string(&snapshot).unwrap_or_default());
        self.described.insert((frame, page_id.clone()), snapshot.clone());
        snapshot.light = light;
        let actions = self.bg.page(TAB, frame, &page_id, &snapshot);
        self.settle(&format!("page {page_id} in frame {frame}: {}", snapshot.url));
        actions
    }

    /// The agent in `frame` reports on the last batch it was sent (built by
    /// `results` from its actions), with its page as it is now.
    pub fn report(&mut self, frame: FrameId, results: impl FnOnce(&[Action]) -> Vec<ActionResult>) -> bool {
        let Some((page_id, actions)) = self.batches.remove(&frame) else { return false };
        // Only the agent of that page load can report on it.
        if self.current.get(&frame).map(|(p, _)| p) != Some(&page_id) {
            return false;
        }
        let snapshot = self.described.get(&(frame, page_id.clone())).cloned().unwrap_or_default();
        let results = results(&actions);
        self.bg.pages.insert((TAB, frame), snapshot.clone());
        self.reported = Some((actions, results.clone()));
        self.bg.results(TAB, frame, &page_id, results, &snapshot);
        self.settle(&format!("results from frame {frame} ({page_id})"));
        self.reported = None;
        true
    }

    /// The admin clicks a panel control, the agent answering the guard with
    /// `guard` (and the panel's observer saying `visibility`). When that is
    /// not clean, the same click on a copy of the tab with a clean guard is
    /// the control: there the command takes effect.
    pub fn command(&mut self, command: PanelCommand, guard: Option<(GuardReport, PanelVisibility)>) {
        if self.state().is_some_and(|t| t.panel.port.is_none() && t.panel.frame.is_some()) {
            self.bg.hello(TAB);
            self.settle("hello");
        }
        let (report, visibility) = guard.unwrap_or_else(|| (clean_guard(), PanelVisibility::default()));
        let dirty = command.is_sensitive() && !clean(Some(&report), visibility);
        if dirty {
            let mut control = self.clone();
            control.bg.guard = clean_guard();
            control.bg.visibility = PanelVisibility::default();
            let before = control.snapshot_state();
            let from = control.bg.journal.len();
            control.bg.command(TAB, command.clone());
            control.settle(&format!("control: {command:?} with a clean guard"));
            control.took_effect(&command, &before, from);
        }
        self.bg.guard = report;
        self.bg.visibility = visibility;
        let before = self.snapshot_state();
        self.bg.command(TAB, command.clone());
        self.settle(&format!("{command:?}{}", if dirty { " (guard not clean)" } else { "" }));
        if dirty && before.tab.as_ref().is_some_and(|t| t.panel.frame.is_some()) {
            self.took_no_effect(&command, &before);
        }
        self.bg.guard = clean_guard();
        self.bg.visibility = PanelVisibility::default();
    }

    /// The launcher's Open, in `frame`.
    pub fn open_from_launcher(&mut self, frame: FrameId) {
        self.bg.open_from_launcher(TAB, frame);
        self.settle("open from the launcher");
    }

    /// The tab is closed.
    pub fn close_tab(&mut self) {
        self.bg.event(Event::TabClosed { tab: TAB });
        self.current.clear();
        self.batches.clear();
        self.settle("tab closed");
    }

    /// The fake clock moves on, then the tab's timer goes off.
    pub fn wake(&mut self, ms: f64) {
        self.bg.advance(ms);
        self.bg.event(Event::Wake { tab: TAB });
        self.settle(&format!("wake after {ms} ms"));
    }

    /// The fake clock moves on.
    pub fn advance(&mut self, ms: f64) {
        self.bg.advance(ms);
    }

    /// A panel message that is not a command (resize, visibility, hello) or
    /// the panel's port closing.
    pub fn panel_message(&mut self, message: Option<FromPanel>) {
        let frame = self.bg.panel_port;
        let event = match message {
            Some(message) => Event::Panel { tab: TAB, frame, message },
            None => Event::PanelGone { tab: TAB, frame },
        };
        self.bg.event(event);
        self.settle("panel message");
    }

    /// The shortcut (Alt+Shift+P).
    pub fn shortcut(&mut self) {
        self.bg.event(Event::Shortcut { tab: TAB });
        self.settle("shortcut");
    }

    fn snapshot_state(&self) -> Shadow {
        Shadow {
            tab: self.state().cloned(),
            orphans: self.bg.orphans.clone(),
            memory: self.bg.memory.get(&TAB).cloned().unwrap_or_default(),
            settings: self.bg.settings.clone(),
            maps: self.bg.maps.clone(),
        }
    }

    /// A sensitive command the guard stopped changed nothing but the
    /// panel's own bookkeeping (and now says why its buttons are off).
    fn took_no_effect(&self, command: &PanelCommand, before: &Shadow) {
        let after = self.snapshot_state();
        let norm = |t: &Option<TabState>| {
            t.clone().map(|mut t| {
                t.panel.pending = None;
                t.panel.disarmed = None;
                t.panel.visibility = PanelVisibility::default();
                t.panel.port = None;
                // The guard's answer brings the page again: recorded, it moves
                // to the end, and the same page load is read again, now with
                // what the portal's entry has learned since (the way to
                // Passwords, which makes it the portal's page). What the engine
                // read of a page is no effect of the command.
                t.frames.sort_by_key(|f| f.frame);
                for f in &mut t.frames {
                    let now = after.tab.as_ref().and_then(|a| a.frame(f.frame)).filter(|a| a.page_id == f.page_id);
                    if let Some(now) = now {
                        f.page = now.page.clone();
                        f.name_rect = now.name_rect;
                        f.fields_rect = now.fields_rect;
                        f.search = now.search.clone();
                    }
                }
                t
            })
        };
        if norm(&before.tab) != norm(&after.tab) && trace() {
            let j = |t: &Option<TabState>| serde_json::to_string(&norm(t)).unwrap_or_default();
            eprintln!("before: {}\nafter:  {}", j(&before.tab), j(&after.tab));
        }
        assert!(norm(&before.tab) == norm(&after.tab), "{command:?} took effect though the guard was not clean");
        assert!(before.orphans == after.orphans, "{command:?} changed the orphans though the guard was not clean");
        assert!(before.memory == after.memory, "{command:?} changed the memory though the guard was not clean");
        assert!(before.settings == after.settings, "{command:?} changed the settings though the guard was not clean");
        if after.tab.as_ref().is_some_and(|t| t.panel.frame.is_some() && t.panel.pending.is_none()) {
            assert!(after.tab.as_ref().is_some_and(|t| t.panel.disarmed.is_some()), "the panel does not say why");
        }
    }

    /// The control: with a clean guard, the same command does what it says
    /// (where what it must do follows from the state it found).
    fn took_effect(&self, command: &PanelCommand, before: &Shadow, from: usize) {
        let Some(b) = before.tab.as_ref().filter(|t| t.panel.frame.is_some()) else { return };
        let a = self.state();
        let what = format!("with a clean guard, {command:?}");
        match command {
            PanelCommand::Reveal => {
                assert!(a.is_some_and(|a| a.panel.revealed != b.panel.revealed), "{what} did not toggle the card")
            }
            PanelCommand::Start { .. } => {
                let host = b.panel.frame.and_then(|f| b.frame(f));
                let startable = host.is_some_and(|h| {
                    h.page.kind == passwright::portal::PageKind::User || h.page.one_click()
                });
                if startable && !b.flow.as_ref().is_some_and(Flow::is_running) {
                    let new = a.and_then(|a| a.flow.as_ref()).map(|f| f.id.clone());
                    assert!(
                        new.is_some() && new != b.flow.as_ref().map(|f| f.id.clone()),
                        "{what} started no flow"
                    );
                }
            }
            PanelCommand::Cancel => {
                if b.flow.as_ref().is_some_and(Flow::is_running) {
                    assert!(
                        a.and_then(|a| a.flow.as_ref()).is_none_or(|f| !f.is_running()),
                        "{what} did not stop the flow"
                    );
                }
            }
            PanelCommand::Dismiss => {
                if b.flow.as_ref().is_some_and(|f| !f.is_running()) {
                    assert!(a.is_none_or(|a| a.flow.is_none()), "{what} kept the finished flow");
                }
            }
            PanelCommand::Copy => {
                let held = b.flow.as_ref().is_some_and(|f| f.secret.is_some()) || before.memory.generated.is_some();
                if held {
                    let copied = self.bg.journal[from..]
                        .iter()
                        .any(|(_, fx)| fx.panels.iter().any(|p| matches!(p.message, ToPanel::Copy { .. })));
                    assert!(copied, "{what} copied nothing");
                }
            }
            PanelCommand::DismissOrphan { id } => {
                assert!(!self.bg.orphans.iter().any(|o| &o.id == id), "{what} kept the orphan")
            }
            _ => {}
        }
        assert!(a.is_none_or(|a| a.panel.disarmed.is_none()), "{what}: the panel stayed disarmed");
    }

    fn config(&self, ctx: &Context) -> Config {
        let loaded = |v: &Option<Settings>| v.clone().map_or(Loaded::Missing, Loaded::Valid);
        let stored = Stored {
            settings: loaded(&self.shadow.settings),
            managed: loaded(&self.bg.managed),
            maps: self.shadow.maps.clone().map_or(Loaded::Missing, Loaded::Valid),
            ..Stored::default()
        };
        Config::new(ctx, &stored)
    }

    /// Checks every call of the engine since the last check.
    pub fn settle(&mut self, step: &str) {
        if trace() {
            eprintln!("== {step}");
        }
        while self.checked < self.bg.journal.len() {
            let (event, fx) = self.bg.journal[self.checked].clone();
            self.checked += 1;
            self.check_call(&event, &fx);
        }
        assert!(self.shadow.tab.as_ref() == self.state(), "the fake's state and the journal's differ");
    }

    #[allow(clippy::too_many_lines)]
    fn check_call(&mut self, event: &Event, fx: &Effects) {
        let before = self.shadow.clone();
        let targets_tab = passwright::engine::needs(event).tab == Some(self.tab);
        for op in &fx.store {
            match op {
                StoreOp::Tab { tab, state } if *tab == self.tab => self.shadow.tab = state.clone(),
                StoreOp::Orphans(o) => self.shadow.orphans = o.clone(),
                StoreOp::Settings(s) => self.shadow.settings = Some(s.clone()),
                StoreOp::Maps(m) => self.shadow.maps = Some(m.clone()),
                _ => {}
            }
        }
        if let (Some(m), true) = (&fx.memory, targets_tab) {
            self.shadow.memory = m.clone();
        }
        let after = self.shadow.clone();
        let (b, a) = (before.tab.as_ref(), after.tab.as_ref());
        let (bf, af) = (b.and_then(|t| t.flow.as_ref()), a.and_then(|t| t.flow.as_ref()));
        let ctx = self.bg.ctx.clone();
        let config = self.config(&ctx);

        // What the call was.
        let mut call = Call::default();
        let mut event_page: Option<(FrameId, String)> = None;
        match event {
            Event::Agent { frame, url, message, .. } => {
                call.agent = true;
                event_page = Some((*frame, message.page_id().to_owned()));
                match message {
                    FromAgent::Page { snapshot, .. } => {
                        call.page_origin = Some(origin_of(url));
                        call.light = snapshot.light;
                    }
                    FromAgent::Results { results, .. } => {
                        if let Some(r) = results.iter().find(|r| r.op == Op::Guard) {
                            if let Some(cmd) = b.filter(|t| t.panel.frame == Some(*frame)).and_then(|t| t.panel.pending.clone())
                            {
                                let visibility = b.map(|t| t.panel.visibility).unwrap_or_default();
                                // The answer's page is recorded (a new load drops the command)
                                // only when it is of the sender's origin.
                                let recorded = matches!(message, FromAgent::Results { snapshot, .. } if snapshot.origin() == origin_of(url));
                                let same_load = !recorded
                                    || b.and_then(|t| t.frame(*frame)).is_some_and(|f| f.page_id == message.page_id());
                                let ok = clean(r.guard.as_ref(), visibility);
                                assert_eq!(
                                    ok,
                                    guard::verdict(r.guard.as_ref(), visibility).is_ok(),
                                    "the guard's verdict disagrees with its rules: {:?} {visibility:?}",
                                    r.guard
                                );
                                // On a new page load the command is dropped, clean or not.
                                call.guarded = Some((cmd, ok && same_load));
                                call.agent = false;
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::Panel { message: FromPanel::Command { command, .. }, .. } if !command.is_sensitive() => {
                call.direct = Some(command.clone());
            }
            Event::TabClosed { .. } => call.tab_closed = true,
            _ => {}
        }
        let executed = call.executed().cloned();
        if trace() {
            let reply = match &fx.reply {
                Some(Reply::Agent(ToAgent::Perform { actions, .. })) => format!("perform [{}]", invariants::ops(actions)),
                Some(Reply::Agent(ToAgent::DescribeFully { provisional })) => {
                    format!("describe fully, meanwhile [{}]", invariants::ops(provisional))
                }
                Some(r) => format!("{r:?}").chars().take(80).collect(),
                None => "-".into(),
            };
            let pushed: Vec<String> = fx
                .agents
                .iter()
                .map(|s| match &s.message {
                    ToAgent::Perform { page_id, actions } => format!("{}@{page_id}: [{}]", s.frame, invariants::ops(actions)),
                    other => format!("{other:?}"),
                })
                .collect();
            eprintln!(
                "  {} -> reply {reply}; pushed {pushed:?}; flow {:?}",
                event_name(event),
                af.map(|f| (f.step, f.status, f.submitted, f.accepted, f.secret.is_some(), f.problem.as_ref().map(|p| &p.why)))
            );
        }

        invariants::effects_serialize(fx);

        // The secrets held now and before.
        let mut held: Vec<String> = Vec::new();
        for f in [bf, af].into_iter().flatten().chain(before.orphans.iter()).chain(after.orphans.iter()) {
            if let Some(s) = &f.secret {
                held.push(s.to_string());
            }
        }
        for m in [&before.memory, &after.memory] {
            if let Some(g) = &m.generated {
                held.push(g.secret.to_string());
            }
            if let Some(v) = &m.field {
                held.push(v.to_string());
            }
        }
        for s in held {
            if !self.secrets.contains(&s) {
                self.secrets.push(s);
            }
        }

        // A new web secret (a flow's, Generate's) is never below the floor.
        let new_secrets = [
            af.filter(|a| bf.is_none_or(|b| b.id != a.id || b.secret.is_none()))
                .and_then(|a| a.secret.as_ref().map(|s| (s, a.entropy_bits, a.task.kind, a.speakable))),
            after
                .memory
                .generated
                .as_ref()
                .filter(|g| before.memory.generated.as_ref().is_none_or(|b| b.secret != g.secret))
                .map(|g| (&g.secret, g.entropy_bits, g.kind, g.speakable)),
        ];
        for (secret, bits, kind, speakable) in new_secrets.into_iter().flatten() {
            // Known bug 5: words passwords are made for 60 bits and the
            // policy's minimum length, whatever the floor says.
            let below = secret.chars().count() < usize::from(config.floor.web_min_length)
                || bits + 1e-9 < f64::from(config.floor.web_min_bits);
            if below && trace() {
                let origin = a.and_then(|t| t.panel.frame.and_then(|f| t.frame(f))).map(|f| origin_of(&f.page.url)).unwrap_or_default();
                eprintln!(
                    "below the floor: {} characters, {bits} bits, speakable {speakable}, floor {:?}, spec {:?}",
                    secret.chars().count(),
                    config.floor,
                    config.spec(&origin)
                );
            }
            // Known bug 6: the floor's bits are checked on an estimate, not on
            // what the generator drew (the length is checked for real).
            let short = secret.chars().count() < usize::from(config.floor.web_min_length);
            let tolerated = below && ((speakable && known(5)) || (!speakable && !short && known(6)));
            if kind == passwright::Kind::Web && !tolerated {
                let floor = &config.floor;
                assert!(
                    secret.chars().count() >= usize::from(floor.web_min_length),
                    "a web secret shorter than the floor ({} < {})",
                    secret.chars().count(),
                    floor.web_min_length
                );
                assert!(
                    bits + 1e-9 >= f64::from(floor.web_min_bits),
                    "a web secret below the floor's entropy ({bits:.1} < {} bits)",
                    floor.web_min_bits
                );
            }
        }

        // Every batch: for a page load described, naming its elements.
        let mut batches: Vec<(FrameId, String, &[Action], bool)> = Vec::new();
        if let Some(Reply::Agent(reply)) = &fx.reply {
            let (frame, page_id) = event_page.clone().expect("an agent's reply to an agent's message");
            match reply {
                ToAgent::Perform { page_id: p, actions } => {
                    assert_eq!(p, &page_id, "the reply is bound to another page load");
                    batches.push((frame, page_id, actions, true));
                }
                ToAgent::DescribeFully { provisional } => {
                    assert!(
                        provisional.iter().all(|a| matches!(a, Action::Inject { .. })),
                        "more than frames on a light look: [{}]",
                        invariants::ops(provisional)
                    );
                    assert!(fx.agents.is_empty(), "pushed actions on a light look");
                    batches.push((frame, page_id, provisional, true));
                }
                ToAgent::Idle => {}
            }
        }
        for send in &fx.agents {
            assert_eq!(send.tab, self.tab, "a message for another tab");
            match &send.message {
                ToAgent::Perform { page_id, actions } => batches.push((send.frame, page_id.clone(), actions, false)),
                // A request for a look (a flow's wait is over): nothing to perform.
                ToAgent::DescribeFully { provisional } if provisional.is_empty() => {}
                other => panic!("pushed to an agent something else than a batch or a request for a look: {other:?}"),
            }
        }
        let generated = after.memory.generated.as_ref().map(|g| g.secret.to_string());
        let flow_secret = af.and_then(|f| f.secret.as_ref()).map(|s| s.to_string());
        for (frame, page_id, actions, _) in &batches {
            if actions.is_empty() {
                continue;
            }
            let Some(page) = self.described.get(&(*frame, page_id.clone())) else {
                // A stored state names page loads this input does not describe.
                assert!(!self.strict, "actions for a page load never described: frame {frame}, {page_id}: [{}]", invariants::ops(actions));
                continue;
            };
            let acting = actions.iter().any(Action::acts_on_portal);
            let fills = invariants::fills(actions);
            let origin = page.origin();
            assert!(!(call.light && acting), "acted on a light look: [{}]", invariants::ops(actions));
            let mut secrets: Vec<&str> = Vec::new();
            let mut flow_origin = None;
            if acting {
                let generate = !fills.is_empty() && !actions.iter().any(|a| matches!(a, Action::Click { .. } | Action::Follow { .. } | Action::Navigate { .. }));
                if generate {
                    // Generate: the admin asked (and the guard let it through).
                    assert!(
                        matches!(executed, Some(PanelCommand::Generate { .. })),
                        "filled the form without a flow or a Generate: [{}]",
                        invariants::ops(actions)
                    );
                    secrets.extend(generated.as_deref());
                } else {
                    let f = af.unwrap_or_else(|| panic!("acted without a flow: [{}]", invariants::ops(actions)));
                    assert!(f.is_running(), "a stopped flow acted: [{}] ({:?})", invariants::ops(actions), f.status);
                    assert_eq!(f.origin, origin, "a flow acted on another origin's page");
                    flow_origin = Some(f.origin.as_str());
                    secrets.extend(flow_secret.as_deref());
                    if is_submission(actions) {
                        assert!(f.submitted, "submitted without saving the flow as submitted first");
                        let n = self.submissions.entry(f.id.clone()).or_default();
                        *n += 1;
                        assert!(*n <= 1, "the flow filled and submitted the form twice");
                    }
                }
            }
            let map = config.map(&origin);
            let same_origin_navigation = self.strict
                || af.is_none_or(|f| f.user_url.as_deref().is_none_or(|u| origin_of(u) == f.origin));
            let allowed = Allowed { secrets: &secrets, flow_origin, panel_url: &ctx.panel_url, map, same_origin_navigation };
            invariants::actions_fit_the_page(page, actions, &allowed);
            if !(actions.len() == 1 && actions[0] == Action::Guard) {
                self.batches.insert(*frame, (page_id.clone(), actions.to_vec()));
            }
        }
        if !call.agent && call.guarded.is_none() && executed.is_none() {
            // Wake-ups, a closed tab, the panel's own messages: nothing on the portal.
            for (_, _, actions, _) in &batches {
                assert!(!actions.iter().any(Action::acts_on_portal), "{} acted on the portal", event_name(event));
            }
        }

        // The flow across the call.
        if let Some(b_flow) = bf {
            match af.filter(|a| a.id == b_flow.id) {
                Some(a_flow) => {
                    let on_page = call.page_origin.as_deref();
                    invariants::same_flow(b_flow, a_flow, on_page, call.agent, self.strict);
                    if call.light {
                        assert!(a_flow == b_flow, "a light look moved the flow");
                    }
                    let cleared = b_flow.submitted && !a_flow.submitted;
                    if cleared {
                        // Only a report that the click never happened clears it.
                        assert!(call.agent && matches!(event, Event::Agent { message: FromAgent::Results { .. }, .. }), "the submission was forgotten");
                        assert!(a_flow.secret.is_none() && !a_flow.is_running(), "cleared the submission but kept going");
                        if let Some((batch, results)) = &self.reported {
                            let never_clicked = is_submission(batch) && !results.iter().any(|r| r.is_ok() && r.op == Op::Click);
                            assert!(
                                // Known bug 2: any failed batch at step Submit clears it.
                                never_clicked || known(2),
                                "the submission was cleared by the report on another batch ([{}]: {results:?}): the portal may hold the secret",
                                invariants::ops(batch)
                            );
                        }
                    }
                    if portal_may_hold(b_flow) && a_flow.accepted != Some(false) && !cleared {
                        assert!(a_flow.secret == b_flow.secret, "lost or changed a secret the portal may hold");
                    }
                }
                None => {
                    if portal_may_hold(b_flow) {
                        // Kept as an orphan when the tab closed, or when Start made room
                        // for a new flow (fuzz/REPORT.md, bug 1, fixed).
                        let started = matches!(executed, Some(PanelCommand::Start { .. })) && !b_flow.is_running();
                        let orphaned = (call.tab_closed || started)
                            && after.orphans.iter().any(|o| o.id == b_flow.id && o.secret == b_flow.secret);
                        let panel_origin = b.and_then(|t| t.panel.frame.and_then(|f| t.frame(f))).map(|f| origin_of(&f.page.url));
                        let dismissed = matches!(executed, Some(PanelCommand::Dismiss))
                            && !b_flow.is_running()
                            && panel_origin.as_deref() == Some(b_flow.origin.as_str());
                        // Known bug 3: Dismiss on another portal's page drops it.
                        let bug = match &executed {
                            Some(PanelCommand::Dismiss) if !b_flow.is_running() => known(3),
                            _ => false,
                        };
                        assert!(
                            orphaned || dismissed || bug,
                            "lost a secret the portal may hold ({}; the flow {:?} at {:?}, {:?})",
                            match &executed {
                                Some(c) => format!("{c:?}"),
                                None => event_name(event),
                            },
                            b_flow.status,
                            b_flow.step,
                            b_flow.problem.as_ref().map(|p| &p.why)
                        );
                    }
                }
            }
        }
        if let Some(a_flow) = af {
            if bf.is_none_or(|b| b.id != a_flow.id) {
                assert!(
                    matches!(executed, Some(PanelCommand::Start { .. } | PanelCommand::AddRules)),
                    "a flow appeared from nothing on {}",
                    event_name(event)
                );
            }
            if a_flow.accepted == Some(false) {
                assert!(a_flow.secret.is_none(), "kept a secret the portal rejected");
            }
            // (Suggestions in a stored state are arbitrary: only the engine's own are checked.)
            if let (Ok(spec), true) = (config.spec(&a_flow.origin), self.strict) {
                invariants::suggestions_apply(&spec, a_flow);
            }
        }
        for op in &fx.store {
            if let StoreOp::Audit { entry, .. } = op {
                let was_done = bf.is_some_and(|b| b.id == entry.id && b.status == passwright::flow::Status::Done);
                if entry.outcome == passwright::audit::Outcome::Done && (self.strict || !was_done) {
                    let f = af.filter(|f| f.id == entry.id);
                    assert!(f.is_some_and(|f| f.accepted == Some(true)), "audited as done without the portal's yes");
                }
            }
        }

        // Orphans: kept until the admin dismisses each.
        for o in &before.orphans {
            let kept = after.orphans.iter().find(|n| n.id == o.id);
            match kept {
                Some(n) => assert!(n.secret == o.secret, "an orphan's secret changed"),
                None => assert!(
                    matches!(&executed, Some(PanelCommand::DismissOrphan { id }) if *id == o.id),
                    "an orphan vanished on {}",
                    event_name(event)
                ),
            }
        }
        for n in &after.orphans {
            if !before.orphans.iter().any(|o| o.id == n.id) {
                // A closed tab's flow, or the finished flow a Start made room for.
                let retired = matches!(executed, Some(PanelCommand::Start { .. })) && bf.is_some_and(|f| f.id == n.id);
                assert!(call.tab_closed || retired, "an orphan appeared on {}", event_name(event));
                // (A stored flow may say anything, e.g. rejected yet holding a secret.)
                assert!(portal_may_hold(n) || !self.strict, "kept as an orphan a secret the portal cannot hold");
            }
        }

        // The guard.
        if let Some((command, ok)) = &call.guarded {
            let bt = b.expect("a pending command in a state");
            let at = a.expect("the state after the guard");
            assert!(at.panel.pending.is_none(), "the command stays pending after the guard's answer");
            if *ok {
                assert!(at.panel.disarmed.is_none() || !matches!(command, PanelCommand::Start { .. }), "disarmed though clean");
            } else {
                // (The frames are not compared: the guard's answer brings the
                // page again, which is recorded like any description.)
                let recorded = matches!(event, Event::Agent { url, message: FromAgent::Results { snapshot, .. }, .. } if snapshot.origin() == origin_of(url));
                let new_load = recorded
                    && b.and_then(|t| t.frame(event_page.as_ref().map_or(0, |p| p.0))).map(|f| f.page_id.as_str())
                        != event_page.as_ref().map(|p| p.1.as_str());
                let norm = |t: &TabState| {
                    let mut t = t.clone();
                    t.panel.pending = None;
                    t.panel.disarmed = None;
                    t.frames.clear();
                    if new_load {
                        // The answer comes from a new page load: the panel's frame is new
                        // too, and the command was dropped with the old one.
                        let p = &mut t.panel;
                        (p.port, p.revealed, p.note, p.height, p.opened) = (None, false, None, 0, None);
                        p.launchers.clear();
                    }
                    t
                };
                if norm(bt) != norm(at) && trace() {
                    eprintln!("before: {}\nafter:  {}", serde_json::to_string(&norm(bt)).unwrap_or_default(), serde_json::to_string(&norm(at)).unwrap_or_default());
                }
                assert!(norm(bt) == norm(at), "{command:?} took effect though the guard was not clean");
                if !new_load {
                    assert!(at.panel.disarmed.is_some(), "the panel does not say why its buttons are off");
                }
                assert!(fx.store.iter().all(|o| matches!(o, StoreOp::Tab { .. })), "{command:?} stored something");
                assert!(fx.agents.is_empty() && fx.memory.is_none() && fx.browser.is_empty(), "{command:?} acted");
            }
        }

        // What the panel is shown.
        for p in &fx.panels {
            if p.tab != self.tab {
                // Another tab's panel (the clipboard cleared): its state is not followed here.
                assert!(!self.strict, "a view for another tab");
                continue;
            }
            if let ToPanel::Copy { text } = &p.message {
                // The secret copied is the one on the panel's card: this
                // portal's flow's, else the one generated here.
                let here = a.and_then(|t| {
                    let page = t.panel.frame.and_then(|f| t.frame(f))?;
                    t.flow.as_ref().filter(|f| f.origin == origin_of(&page.page.url))
                });
                let shown = here
                    .and_then(|f| f.secret.as_ref())
                    .or(after.memory.generated.as_ref().map(|g| &g.secret));
                // Known bug 4: Copy takes the tab's flow's secret, whatever its portal.
                let bug = shown != Some(text) && a.and_then(|t| t.flow.as_ref()).and_then(|f| f.secret.as_ref()) == Some(text);
                assert!(shown == Some(text) || (bug && known(4)), "copied another secret than the card's (another portal's?)");
            }
            if let ToPanel::View(v) = &p.message {
                use passwright::protocol::panel::StatusState;
                let here = a.and_then(|t| {
                    let page = t.panel.frame.and_then(|f| t.frame(f))?;
                    t.flow.as_ref().filter(|f| f.origin == origin_of(&page.page.url))
                });
                let done_before = bf.is_some_and(|f| f.status == passwright::flow::Status::Done);
                if v.state == StatusState::Done && (self.strict || !done_before) {
                    assert!(here.is_some_and(|f| f.status == passwright::flow::Status::Done && f.accepted == Some(true)), "the panel says done without the portal's yes");
                }
                if v.result.as_ref().is_some_and(|r| r.handoff.is_some()) && (self.strict || !done_before) {
                    assert!(here.is_some_and(Flow::confirmed), "a hand-off text for a secret the portal did not confirm");
                }
                // (A disarmed panel keeps its controls enabled on purpose: each
                // click is judged by the guard again, so the admin can click
                // again once the page stops interfering. What a refused click
                // must not do, run its command, is checked where commands run.)
            }
        }

        // No secret outside where it belongs.
        let searched: Vec<String> =
            self.secrets.iter().filter(|s| invariants::searchable(s) && !self.inputs.contains(s.as_str())).cloned().collect();
        let copy = matches!(executed, Some(PanelCommand::Copy));
        invariants::no_secret_outside(fx, &searched, copy, Lang::En);
    }
}

fn event_name(e: &Event) -> String {
    match e {
        Event::Agent { frame, message, .. } => format!(
            "the agent's {} (frame {frame})",
            match message {
                FromAgent::Page { .. } => "page",
                FromAgent::Results { .. } => "results",
                FromAgent::Field { .. } => "field",
                FromAgent::Picked { .. } => "pick",
                FromAgent::Selection { .. } => "selection",
            }
        ),
        Event::Panel { message: FromPanel::Command { command, .. }, .. } => format!("the panel's {command:?}"),
        Event::Panel { .. } => "a panel message".into(),
        Event::PanelGone { .. } => "the panel gone".into(),
        Event::TabClosed { .. } => "the tab closed".into(),
        Event::Wake { .. } => "a wake-up".into(),
        Event::Shortcut { .. } => "the shortcut".into(),
        other => format!("{other:?}").chars().take(40).collect(),
    }
}
