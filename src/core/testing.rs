//! A stand-in for `extension/background.js`, for native tests and the fuzz
//! targets: it keeps what the background would store, loads what the engine
//! [`needs`](crate::engine::needs), applies the [`Effects`] in the same order,
//! and answers the guard's questions like an agent would (a clean, settled
//! panel unless a test says otherwise). Compiled with the `testing` feature.

use std::collections::BTreeMap;

use crate::audit::AuditEntry;
use crate::engine::{self, TabState};
use crate::flow::Flow;
use crate::guard::{GuardReport, PanelVisibility};
use crate::portal::map::PortalMap;
use crate::portal::snapshot::Snapshot;
use crate::protocol::panel::{FromPanel, PanelCommand, PanelView, ToPanel};
use crate::protocol::{
    Action, ActionResult, AgentSend, BrowserOp, Context, Effects, Event, FrameId, FrameKind, FromAgent,
    Loaded, Memory, Op, Reason, Reply, StoreOp, Stored, TabId, ToAgent,
};
use crate::settings::{Pending, Settings};

/// What a fake background keeps.
#[derive(Clone)]
pub struct FakeBackground {
    /// The context given to every event.
    pub ctx: Context,
    /// Session storage: the tabs.
    pub tabs: BTreeMap<TabId, TabState>,
    /// Session storage: secrets kept from closed tabs.
    pub orphans: Vec<Flow>,
    /// Local storage.
    pub settings: Option<Settings>,
    /// The IT department's settings.
    pub managed: Option<Settings>,
    /// Local storage: portal maps.
    pub maps: Option<Vec<PortalMap>>,
    /// Local storage: pending policies.
    pub pending: Option<Vec<Pending>>,
    /// Local storage: the audit log.
    pub audit: Vec<AuditEntry>,
    /// Memory, by tab.
    pub memory: BTreeMap<TabId, Memory>,
    /// Every message sent to a panel.
    pub to_panels: Vec<(TabId, ToPanel)>,
    /// Every message pushed to an agent that the fake did not answer itself.
    pub to_agents: Vec<AgentSend>,
    /// Every browser operation asked for.
    pub browser: Vec<BrowserOp>,
    /// What the fake agent reports when the guard asks.
    pub guard: GuardReport,
    /// What the fake panel's observer says.
    pub visibility: PanelVisibility,
    /// The frame id of the panel's own page (its port).
    pub panel_port: FrameId,
    /// The last page each frame described (sent again with the agent's results).
    pub pages: BTreeMap<(TabId, FrameId), Snapshot>,
    /// Every event handled, with its effects, in order (for the fuzz targets'
    /// checks across each call of the engine).
    pub journal: Vec<(Event, Effects)>,
    /// Bulk runs (`storage.local`).
    pub runs: Vec<crate::bulk::Run>,
    clock: f64,
}

impl Default for FakeBackground {
    fn default() -> Self {
        FakeBackground::new()
    }
}

/// A clean, settled panel, as an agent would report it.
pub fn clean_guard() -> GuardReport {
    GuardReport {
        present: true,
        ours: true,
        attached: true,
        opacity: 1.0,
        effects: Vec::new(),
        covers: Vec::new(),
        sample_step: crate::guard::MAX_SAMPLE_STEP,
        in_view: 1.0,
        full_size: true,
        stable_ms: 5000,
    }
}

impl FakeBackground {
    /// An empty background, English, at a fixed time.
    pub fn new() -> FakeBackground {
        FakeBackground {
            ctx: Context {
                now_ms: 1_795_651_200_000.0,
                ui_language: "en".into(),
                panel_url: "chrome-extension://test/panel.html".into(),
                nonce: "0123456789abcdef".into(),
                offscreen: true,
            },
            tabs: BTreeMap::new(),
            orphans: Vec::new(),
            settings: None,
            managed: None,
            maps: None,
            pending: None,
            audit: Vec::new(),
            memory: BTreeMap::new(),
            to_panels: Vec::new(),
            to_agents: Vec::new(),
            browser: Vec::new(),
            guard: clean_guard(),
            visibility: PanelVisibility::default(),
            panel_port: 1000,
            pages: BTreeMap::new(),
            journal: Vec::new(),
            runs: Vec::new(),
            clock: 0.0,
        }
    }

    /// Moves the clock on.
    pub fn advance(&mut self, ms: f64) {
        self.clock += ms;
        self.ctx.now_ms += ms;
    }

    fn stored(&self, event: &Event) -> Stored {
        fn loaded<T: Clone>(v: &Option<T>) -> Loaded<T> {
            v.clone().map_or(Loaded::Missing, Loaded::Valid)
        }
        let needs = engine::needs(event);

        Stored {
            tab: needs.tab.and_then(|t| self.tabs.get(&t).cloned()).map_or(Loaded::Missing, Loaded::Valid),
            tabs: if needs.all_tabs {
                self.tabs.iter().map(|(k, v)| (*k, v.clone())).collect()
            } else {
                Vec::new()
            },
            settings: loaded(&self.settings),
            managed: loaded(&self.managed),
            maps: loaded(&self.maps),
            pending: loaded(&self.pending),
            audit: if needs.audit { Loaded::Valid(self.audit.clone()) } else { Loaded::Missing },
            orphans: self.orphans.clone(),
            runs: if needs.runs { self.runs.clone() } else { Vec::new() },
            memory: needs.tab.and_then(|t| self.memory.get(&t).cloned()).unwrap_or_default(),
        }
    }

    /// Handles one event the way the background does; returns the effects.
    pub fn event(&mut self, event: Event) -> Effects {
        let tab = engine::needs(&event).tab;
        let stored = self.stored(&event);
        // A fresh nonce per event, as the background draws one.
        self.ctx.nonce = format!(
            "{:016x}",
            (self.ctx.now_ms as u64).wrapping_mul(2_654_435_761).wrapping_add(
                self.to_panels.len() as u64 + self.audit.len() as u64 * 7919 + self.tabs.len() as u64
            )
        );
        let fx = engine::handle(event.clone(), &self.ctx, stored);
        self.journal.push((event, fx.clone()));
        for op in &fx.store {
            match op.clone() {
                StoreOp::Tab { tab, state: Some(s) } => {
                    self.tabs.insert(tab, s);
                }
                StoreOp::Tab { tab, state: None } => {
                    self.tabs.remove(&tab);
                }
                StoreOp::Orphans(o) => self.orphans = o,
                StoreOp::Settings(s) => self.settings = Some(s),
                StoreOp::Maps(m) => self.maps = Some(m),
                StoreOp::Pending(p) => self.pending = Some(p),
                StoreOp::Audit { entry, keep } => {
                    match self.audit.iter_mut().find(|e| e.id == entry.id) {
                        Some(e) => *e = entry,
                        None => self.audit.push(entry),
                    }
                    let excess = self.audit.len().saturating_sub(keep as usize);
                    self.audit.drain(..excess);
                }
                StoreOp::AuditAll(a) => self.audit = a,
                StoreOp::Run { id, run } => {
                    self.runs.retain(|r| r.id != id);
                    self.runs.extend(run);
                }
            }
        }
        if let (Some(m), Some(tab)) = (&fx.memory, tab) {
            self.memory.insert(tab, m.clone());
        }
        self.to_panels.extend(fx.panels.iter().map(|p| (p.tab, p.message.clone())));
        self.browser.extend(fx.browser.iter().cloned());
        fx
    }

    /// An agent reports a page; returns what the background answers it
    /// (the light look is answered with the full one at once, as the agent does).
    pub fn page(&mut self, tab: TabId, frame: FrameId, page_id: &str, snapshot: &Snapshot) -> Vec<Action> {
        let url = snapshot.url.clone();
        self.pages.insert((tab, frame), Snapshot { light: false, ..snapshot.clone() });
        let message =
            FromAgent::Page { page_id: page_id.into(), reason: Reason::Load, snapshot: snapshot.clone() };
        let fx = self.event(Event::Agent { tab, frame, url, message });
        self.settle(&fx);
        match fx.reply {
            Some(Reply::Agent(ToAgent::Perform { actions, .. })) => actions,
            Some(Reply::Agent(ToAgent::DescribeFully { .. })) => {
                let mut full = snapshot.clone();
                full.light = false;
                self.page(tab, frame, page_id, &full)
            }
            _ => Vec::new(),
        }
    }

    /// The agent's results for a batch.
    pub fn results(
        &mut self,
        tab: TabId,
        frame: FrameId,
        page_id: &str,
        results: Vec<ActionResult>,
        snapshot: &Snapshot,
    ) {
        let url = snapshot.url.clone();
        let message = FromAgent::Results { page_id: page_id.into(), results, snapshot: snapshot.clone() };
        let fx = self.event(Event::Agent { tab, frame, url, message });
        self.settle(&fx);
    }

    /// Answers what the engine pushed to agents that the fake can answer
    /// itself (the guard), and keeps the rest in `to_agents`.
    fn settle(&mut self, fx: &Effects) {
        for send in &fx.agents {
            match &send.message {
                ToAgent::Perform { page_id, actions } if actions == &vec![Action::Guard] => {
                    let page_id = page_id.clone();
                    let snapshot = self.pages.get(&(send.tab, send.frame)).cloned().unwrap_or_default();
                    let url = snapshot.url.clone();
                    let mut result = ActionResult::ok(Op::Guard);
                    result.guard = Some(self.guard.clone());
                    let message = FromAgent::Results { page_id, results: vec![result], snapshot };
                    let fx = self.event(Event::Agent { tab: send.tab, frame: send.frame, url, message });
                    self.settle(&fx);
                }
                _ => self.to_agents.push(send.clone()),
            }
        }
    }

    /// A timer the engine asked for (`BrowserOp::WakeAfter`) goes off.
    pub fn wake(&mut self, tab: TabId) {
        let fx = self.event(Event::Wake { tab });
        self.settle(&fx);
    }

    /// The panel's port says hello (its nonce read from the engine's last injection).
    pub fn hello(&mut self, tab: TabId) {
        let nonce = self.tabs.get(&tab).map(|t| t.panel.nonce.clone()).unwrap_or_default();
        let message = FromPanel::Hello { frame: FrameKind::Panel, nonce, visibility: self.visibility };
        let fx = self.event(Event::Panel { tab, frame: self.panel_port, message });
        self.settle(&fx);
    }

    /// The admin clicks a panel control (the panel's port is bound first).
    pub fn command(&mut self, tab: TabId, command: PanelCommand) {
        if self.tabs.get(&tab).is_some_and(|t| t.panel.port.is_none()) {
            self.hello(tab);
        }
        let nonce = self.tabs.get(&tab).map(|t| t.panel.nonce.clone()).unwrap_or_default();
        let message = FromPanel::Command { command, nonce, visibility: self.visibility };
        let fx = self.event(Event::Panel { tab, frame: self.panel_port, message });
        self.settle(&fx);
    }

    /// The launcher's Open, from the launcher in `frame`.
    pub fn open_from_launcher(&mut self, tab: TabId, frame: FrameId) {
        let nonce = self
            .tabs
            .get(&tab)
            .and_then(|t| t.panel.launchers.iter().find(|(_, f)| *f == frame).map(|(n, _)| n.clone()))
            .unwrap_or_default();
        let message = FromPanel::Command { command: PanelCommand::Open, nonce, visibility: self.visibility };
        let fx = self.event(Event::Panel { tab, frame: self.panel_port + 1, message });
        self.settle(&fx);
    }

    /// The last view sent to `tab`'s panel.
    pub fn view(&self, tab: TabId) -> Option<&PanelView> {
        self.to_panels.iter().rev().find_map(|(t, m)| match m {
            ToPanel::View(v) if *t == tab => Some(&**v),
            _ => None,
        })
    }

    /// The actions pushed to `tab`'s agents since `from` (an index into `to_agents`).
    pub fn pushed_since(&self, from: usize) -> Vec<(FrameId, Vec<Action>)> {
        self.to_agents[from.min(self.to_agents.len())..]
            .iter()
            .filter_map(|s| match &s.message {
                ToAgent::Perform { actions, .. } => Some((s.frame, actions.clone())),
                _ => None,
            })
            .collect()
    }

    /// The tab's flow.
    pub fn flow(&self, tab: TabId) -> Option<&Flow> {
        self.tabs.get(&tab).and_then(|t| t.flow.as_ref())
    }

    /// Elapsed fake time.
    pub fn elapsed(&self) -> f64 {
        self.clock
    }
}
