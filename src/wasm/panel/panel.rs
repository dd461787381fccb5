//! The panel (an extension page in an iframe beside the portal's fields) and
//! the compact launcher (the same page, `?mode=launcher`): they draw the
//! engine's [`PanelView`] and send the admin's commands, for trusted events
//! only (a click the page synthesised never starts anything).
//!
//! The panel also watches its own visibility with Chromium's
//! IntersectionObserver v2, where the browser has it, and sends it with
//! every command: the guard refuses clicks the browser says were not seen.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use passwright_core::bulk::{BulkCommand, BulkTask};
use passwright_core::flow::Task;
use passwright_core::guard::PanelVisibility;
use passwright_core::policy::Kind;
use passwright_core::protocol::FrameKind;
use passwright_core::protocol::panel::{
    Control, FromPanel, ItemState, PanelCommand, PanelView, RuleOrigin, StatusState, StepState, ToPanel,
};
use passwright_glue::dom::{by_id, document, find, set_attr, show};
use passwright_glue::port::Connection;
use passwright_glue::{from_js, to_js};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, HtmlButtonElement, HtmlElement, HtmlInputElement, HtmlTemplateElement};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;
    #[wasm_bindgen(thread_local_v2, js_namespace = performance, js_name = timeOrigin)]
    static TIME_ORIGIN: f64;
}

/// Now, as `performance.timeOrigin + performance.now()`: comparable across
/// the page and the panel's frame (the benchmark's timestamps).
fn epoch_ms() -> f64 {
    TIME_ORIGIN.with(|origin| *origin) + performance_now()
}

/// What the panel's own visibility observer says.
#[derive(Default)]
struct Seen {
    supported: bool,
    visible: bool,
    since: f64,
}

/// The visibility observer and its callback, kept alive together.
type Observer = (web_sys::IntersectionObserver, Closure<dyn FnMut(js_sys::Array)>);

struct Panel {
    doc: Document,
    mode: FrameKind,
    nonce: String,
    connect: js_sys::Function,
    conn: RefCell<Option<Connection>>,
    view: RefCell<Option<PanelView>>,
    seen: RefCell<Seen>,
    /// The same, for each control: what counts for a click is whether the
    /// control clicked was painted, not the whole panel (part of a tall panel
    /// may lie outside a wrapper's frame).
    controls: RefCell<Vec<(Element, Seen)>>,
    /// The control whose click is being handled.
    clicked: RefCell<Option<Element>>,
    height: Cell<u32>,
    reconnect: RefCell<Option<Timeout>>,
    listeners: RefCell<Vec<EventListener>>,
    observer: RefCell<Option<Observer>>,
}

fn el<T: JsCast>(doc: &Document, id: &str) -> Option<T> {
    find(doc, id)
}

fn control(doc: &Document, id: &str, c: Control) {
    if let Some(e) = el::<HtmlElement>(doc, id) {
        show(&e, c.shown);
        if let Ok(b) = e.clone().dyn_into::<HtmlButtonElement>() {
            b.set_disabled(!c.enabled);
        } else if let Ok(i) = e.dyn_into::<HtmlInputElement>() {
            i.set_disabled(!c.enabled);
        }
    }
}

fn template(doc: &Document, id: &str) -> Option<Element> {
    let t: HtmlTemplateElement = find(doc, id)?;
    t.content().first_element_child()?.clone_node_with_deep(true).ok()?.dyn_into().ok()
}

impl Panel {
    fn visibility(&self) -> PanelVisibility {
        Self::visibility_of(&self.seen.borrow())
    }

    fn visibility_of(seen: &Seen) -> PanelVisibility {
        PanelVisibility {
            supported: seen.supported,
            visible: seen.visible,
            visible_ms: if seen.visible { (performance_now() - seen.since).max(0.0) as u32 } else { 0 },
        }
    }

    /// The visibility that counts for a click: the whole panel's when the
    /// browser says it is all painted (every control in it is, then); else
    /// the clicked control's own, when it is observed (part of a tall panel
    /// may lie outside a wrapper's frame, while the control is in view).
    fn visibility_of_click(&self) -> PanelVisibility {
        let body = self.visibility();
        if !body.supported || body.visible {
            return body;
        }
        let clicked = self.clicked.borrow();
        let controls = self.controls.borrow();
        match clicked.as_ref().and_then(|c| controls.iter().find(|(e, _)| e == c)) {
            Some((_, seen)) => Self::visibility_of(seen),
            None => body,
        }
    }

    fn post(&self, message: &FromPanel) {
        if let (Some(conn), Ok(value)) = (self.conn.borrow().as_ref(), to_js(message)) {
            conn.send(&value);
        }
    }

    fn command(&self, command: PanelCommand) {
        self.post(&FromPanel::Command {
            command,
            nonce: self.nonce.clone(),
            visibility: self.visibility_of_click(),
        });
    }

    fn connect(self: &Rc<Self>) {
        let weak = Rc::downgrade(self);
        let on_message = move |value: JsValue| {
            if let Some(panel) = weak.upgrade() {
                if let Ok(message) = from_js::<ToPanel>(value, "message") {
                    panel.receive(message);
                }
            }
        };
        let weak = Rc::downgrade(self);
        let on_disconnect = move || {
            if let Some(panel) = weak.upgrade() {
                panel.reconnect_later();
            }
        };
        match Connection::open(&self.connect, on_message, on_disconnect) {
            Ok(conn) => {
                *self.conn.borrow_mut() = Some(conn);
                self.post(&FromPanel::Hello {
                    frame: self.mode,
                    nonce: self.nonce.clone(),
                    visibility: self.visibility(),
                });
            }
            Err(_) => self.reconnect_later(),
        }
    }

    /// The background restarted (a service worker): connect again shortly.
    fn reconnect_later(self: &Rc<Self>) {
        self.conn.borrow_mut().take();
        let weak = Rc::downgrade(self);
        *self.reconnect.borrow_mut() = Some(Timeout::new(300, move || {
            if let Some(panel) = weak.upgrade() {
                panel.connect();
            }
        }));
    }

    fn receive(self: &Rc<Self>, message: ToPanel) {
        match message {
            ToPanel::View(view) => {
                self.draw(&view);
                *self.view.borrow_mut() = Some(*view);
            }
            ToPanel::Copy { text } => {
                let Some(window) = web_sys::window() else { return };
                let promise = window.navigator().clipboard().write_text(&text);
                let panel = Rc::clone(self);
                wasm_bindgen_futures::spawn_local(async move {
                    let ok = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
                    panel.post(&FromPanel::Copied { ok });
                });
            }
        }
    }

    fn labels(&self, view: &PanelView) {
        let doc = &self.doc;
        if let Some(html) = doc.document_element() {
            set_attr(&html, "lang", &view.lang);
        }
        for (id, text) in &view.labels {
            let Some(e) = doc.get_element_by_id(id) else { continue };
            match e.get_attribute("data-label").as_deref() {
                Some("aria") => {
                    set_attr(&e, "aria-label", text);
                    if e.has_attribute("title") {
                        set_attr(&e, "title", text);
                    }
                }
                Some("title") => set_attr(&e, "title", text),
                _ => e.set_text_content(Some(text)),
            }
        }
    }

    fn draw(self: &Rc<Self>, view: &PanelView) {
        let doc = &self.doc;
        self.labels(view);
        if self.mode == FrameKind::Launcher {
            if let Some(l) = el::<HtmlElement>(doc, "launcher") {
                show(&l, true);
            }
            return;
        }
        let Some(main) = el::<HtmlElement>(doc, "panel") else { return };
        show(&main, true);
        if let Some(who) = el::<HtmlElement>(doc, "who") {
            let (name, id) = view.who.clone().unwrap_or_default();
            who.set_text_content(Some(&name));
            set_attr(&who, "title", id.as_deref().unwrap_or(""));
        }
        if let Some(status) = el::<HtmlElement>(doc, "status") {
            let state = match view.state {
                StatusState::Loading => "loading",
                StatusState::Idle => "idle",
                StatusState::Running => "running",
                StatusState::Done => "done",
                StatusState::Failed => "failed",
            };
            set_attr(&status, "data-state", state);
            // For `cargo make bench-browser`: when this panel first showed
            // ready and done, in epoch milliseconds. Set once, never read here.
            for (s, attr) in [("idle", "data-ready-at"), ("done", "data-done-at")] {
                if state == s && !status.has_attribute(attr) {
                    // Microseconds as integers: float formatting would add
                    // about 7 KB of code to the module for this one attribute.
                    let us = (epoch_ms() * 1000.0) as u64;
                    set_attr(&status, attr, &format!("{}.{:03}", us / 1000, us % 1000));
                }
            }
            if status.text_content().as_deref() != Some(&view.status) {
                status.set_text_content(Some(&view.status));
            }
        }
        if let Some(d) = el::<HtmlElement>(doc, "disarmed") {
            show(&d, view.disarmed.is_some());
            d.set_text_content(view.disarmed.as_deref());
        }
        self.list("warnings", &view.warnings);
        self.orphans(view);
        self.problem(view);
        self.result(view);
        self.steps(view);
        let c = &view.controls;
        control(doc, "oneclick", c.oneclick);
        control(doc, "reset-web", c.reset_web);
        control(doc, "reset-passcode", c.reset_passcode);
        control(doc, "rebuild-row", c.rebuild);
        control(doc, "reset-row", c.reset_phone);
        if let (Some(rebuild), Some(reset)) =
            (el::<HtmlInputElement>(doc, "rebuild"), el::<HtmlInputElement>(doc, "reset-phone"))
        {
            reset.set_disabled(!rebuild.checked());
        }
        control(doc, "generate", c.generate);
        if let Some(g) = el::<HtmlElement>(doc, "generate") {
            show(&g, true);
        }
        control(doc, "speakable-row", c.speakable);
        if let Some(s) = el::<HtmlInputElement>(doc, "speakable") {
            s.set_checked(c.speakable_on);
        }
        control(doc, "learn-row", c.learn);
        control(doc, "cancel", c.cancel);
        control(doc, "finish", Control::when(c.dismiss.shown));
        control(doc, "dismiss", c.dismiss);
        control(doc, "reveal", c.reveal);
        control(doc, "copy", c.copy);
        control(doc, "add-rule", c.add_rules);
        // The kind radios follow what is on show.
        let passcode = view.kind == Kind::Passcode;
        if let (Some(w), Some(p)) =
            (el::<HtmlInputElement>(doc, "kind-web"), el::<HtmlInputElement>(doc, "kind-passcode"))
        {
            if p.checked() != passcode {
                p.set_checked(passcode);
                w.set_checked(!passcode);
            }
        }
        self.teach(view);
        self.bulk(view);
        self.checklist(view);
        self.resize();
    }

    fn bulk(&self, view: &PanelView) {
        let doc = &self.doc;
        let Some(section) = el::<HtmlElement>(doc, "bulk") else { return };
        show(&section, view.bulk.is_some());
        // On a users list, or during a run, the generator and the rules are beside the point.
        for id in ["generator", "rules"] {
            if let Some(e) = el::<HtmlElement>(doc, id) {
                show(&e, view.bulk.is_none());
            }
        }
        let Some(b) = &view.bulk else { return };
        for (id, text) in &b.labels {
            passwright_glue::dom::set_text(doc, id, text);
        }
        for (id, on) in [("bulk-choose", b.choosing), ("bulk-run", !b.choosing)] {
            if let Some(e) = el::<HtmlElement>(doc, id) {
                show(&e, on);
            }
        }
        passwright_glue::dom::set_text(doc, "bulk-selected", &b.progress);
        control(doc, "bulk-select-all", Control::when(b.choosing && b.listed > 0));
        self.bulk_rebuild_follows();
        passwright_glue::dom::set_text(doc, "bulk-status", &b.status);
        passwright_glue::dom::set_text(doc, "bulk-progress", &b.progress);
        if let Some(p) = el::<HtmlElement>(doc, "bulk-progress") {
            set_attr(&p, "data-done", &b.done.to_string());
            set_attr(&p, "data-total", &b.total.to_string());
        }
        if let Some(bar) = el::<Element>(doc, "bulk-bar") {
            set_attr(&bar, "max", &b.total.max(1).to_string());
            set_attr(&bar, "value", &b.done.to_string());
        }
        passwright_glue::dom::set_text(doc, "bulk-current", b.current.as_deref().unwrap_or(""));
        passwright_glue::dom::set_text(doc, "bulk-timing", &b.timing);
        if let Some(ol) = el::<HtmlElement>(doc, "bulk-rows") {
            ol.set_text_content(None);
            for r in &b.rows {
                let Ok(li) = doc.create_element("li") else { continue };
                let who = if r.name.is_empty() { r.user.clone() } else { format!("{} ({})", r.name, r.user) };
                li.set_text_content(Some(&format!("{who}: {}", r.detail)));
                set_attr(&li, "data-field", "bulk-row");
                set_attr(&li, "data-user", &r.user);
                set_attr(&li, "data-state", &r.state);
                let _ = ol.append_child(&li);
            }
        }
        control(doc, "bulk-pause", Control::when(b.running));
        control(doc, "bulk-resume", Control::when(b.paused));
        control(doc, "bulk-cancel", Control::when(b.running || b.paused));
        control(doc, "handoff-sheet", Control::when(b.sheet));
        control(doc, "bulk-dismiss", Control::when(b.over));
    }

    /// "Reset the phone" and "every n-th user" only with "rebuild".
    fn bulk_rebuild_follows(&self) {
        let rebuild = el::<HtmlInputElement>(&self.doc, "bulk-rebuild").is_some_and(|r| r.checked());
        for id in ["bulk-reset", "bulk-rebuild-every"] {
            if let Some(i) = el::<HtmlInputElement>(&self.doc, id) {
                i.set_disabled(!rebuild);
            }
        }
    }

    /// The bulk run the admin set up.
    fn bulk_start(&self) -> BulkCommand {
        let checked =
            |id: &str| el::<HtmlInputElement>(&self.doc, id).is_some_and(|i| i.checked() && !i.disabled());
        let pasted =
            el::<web_sys::HtmlTextAreaElement>(&self.doc, "bulk-list").map(|t| t.value()).unwrap_or_default();
        let rebuild = checked("bulk-rebuild");
        let every = el::<HtmlInputElement>(&self.doc, "bulk-rebuild-every")
            .and_then(|i| i.value().trim().parse::<u32>().ok())
            .unwrap_or(1)
            .clamp(1, 100);
        BulkCommand::Start {
            pasted,
            task: BulkTask {
                web: checked("bulk-web"),
                passcode: checked("bulk-passcode"),
                rebuild,
                reset_phone: rebuild && checked("bulk-reset"),
            },
            rebuild_every: if rebuild { every } else { 0 },
        }
    }

    fn list(&self, id: &str, items: &[String]) {
        let Some(ul) = el::<HtmlElement>(&self.doc, id) else { return };
        ul.set_text_content(None);
        for text in items {
            if let Ok(li) = self.doc.create_element("li") {
                li.set_text_content(Some(text));
                let _ = ul.append_child(&li);
            }
        }
        show(&ul, !items.is_empty());
    }

    fn orphans(&self, view: &PanelView) {
        // Unchanged rows stay as they are: rebuilding them would take the
        // keyboard focus (and a pointer's target) away from their buttons.
        if self.view.borrow().as_ref().is_some_and(|v| v.orphans == view.orphans) {
            return;
        }
        let Some(section) = el::<HtmlElement>(&self.doc, "orphans") else { return };
        section.set_text_content(None);
        show(&section, !view.orphans.is_empty());
        let dismiss =
            view.labels.iter().find(|(id, _)| id == "dismiss").map(|(_, t)| t.clone()).unwrap_or_default();
        for o in &view.orphans {
            let Some(row) = template(&self.doc, "orphan-template") else { continue };
            set_attr(&row, "data-orphan-id", &o.id);
            if let Ok(Some(t)) = row.query_selector(".title") {
                t.set_text_content(Some(&o.title));
            }
            if let Ok(Some(n)) = row.query_selector(".note") {
                n.set_text_content(Some(&o.note));
            }
            if let Ok(Some(code)) = row.query_selector("code") {
                let shown =
                    o.secret.as_ref().map_or_else(|| "•".repeat(o.length as usize), |s| s.to_string());
                code.set_text_content(Some(&shown));
            }
            for (action, text) in [("reveal", o.reveal_label.as_str()), ("dismiss", dismiss.as_str())] {
                if let Ok(Some(b)) = row.query_selector(&format!("[data-orphan-action={action}]")) {
                    b.set_text_content(Some(text));
                    set_attr(&b, "data-orphan", &o.id);
                }
            }
            let _ = section.append_child(&row);
        }
    }

    fn problem(&self, view: &PanelView) {
        let doc = &self.doc;
        let Some(section) = el::<HtmlElement>(doc, "problem") else { return };
        show(&section, view.problem.is_some());
        let Some(p) = &view.problem else { return };
        passwright_glue::dom::set_text(doc, "problem-message", &p.message);
        if let Some(q) = el::<HtmlElement>(doc, "portal-text") {
            show(&q, p.portal_text.is_some());
            q.set_text_content(p.portal_text.as_deref());
        }
        if let Some(r) = el::<HtmlElement>(doc, "problem-rule") {
            show(&r, p.rule.is_some());
            r.set_text_content(p.rule.as_deref());
        }
        self.list("suggestions", &p.suggestions);
        if let Some(b) = el::<HtmlElement>(doc, "add-rule") {
            b.set_text_content(p.add_label.as_deref());
        }
    }

    fn result(&self, view: &PanelView) {
        let doc = &self.doc;
        let Some(section) = el::<HtmlElement>(doc, "result") else { return };
        show(&section, view.result.is_some());
        let Some(r) = &view.result else { return };
        passwright_glue::dom::set_text(doc, "result-title", &r.title);
        let _ = section.class_list().toggle_with_force("warn", r.warn);
        if let Some(code) = el::<HtmlElement>(doc, "password") {
            let shown = r.secret.as_ref().map_or_else(|| "•".repeat(r.length as usize), |s| s.to_string());
            code.set_text_content(Some(&shown));
            // Screen readers hear "Password (hidden)" rather than the dots,
            // and "Password" then the password itself once it is revealed.
            let name = if r.revealed { "password-shown" } else { "password-hidden" };
            let name = view.labels.iter().find(|(id, _)| id == name).map_or("", |(_, text)| text.as_str());
            passwright_glue::dom::set_text(doc, "password-name", name);
            if r.revealed {
                let _ = code.remove_attribute("aria-hidden");
            } else {
                set_attr(&code, "aria-hidden", "true");
            }
            set_attr(&code, "data-revealed", if r.revealed { "true" } else { "false" });
        }
        if let Some(b) = el::<HtmlElement>(doc, "reveal") {
            b.set_text_content(Some(&r.reveal_label));
            set_attr(&b, "aria-pressed", if r.revealed { "true" } else { "false" });
        }
        passwright_glue::dom::set_text(doc, "entropy", &r.entropy);
        if let Some(n) = el::<HtmlElement>(doc, "nato") {
            show(&n, r.reading.is_some());
            n.set_text_content(r.reading.as_deref());
        }
        if let Some(h) = el::<HtmlElement>(doc, "handoff") {
            show(&h, r.handoff.is_some());
            h.set_text_content(r.handoff.as_deref());
        }
    }

    fn steps(&self, view: &PanelView) {
        let Some(ol) = el::<HtmlElement>(&self.doc, "steps") else { return };
        ol.set_text_content(None);
        show(&ol, !view.steps.is_empty());
        for s in &view.steps {
            if let Ok(li) = self.doc.create_element("li") {
                li.set_text_content(Some(&s.label));
                let status = match s.state {
                    StepState::Done => "done",
                    StepState::Current => "active",
                    StepState::Failed => "failed",
                    StepState::Todo => "pending",
                };
                set_attr(&li, "data-status", status);
                if s.state == StepState::Current {
                    set_attr(&li, "aria-current", "step");
                }
                let _ = ol.append_child(&li);
            }
        }
    }

    fn teach(&self, view: &PanelView) {
        let doc = &self.doc;
        let Some(section) = el::<HtmlElement>(doc, "teach") else { return };
        show(&section, view.teach.is_some());
        let Some(t) = &view.teach else { return };
        passwright_glue::dom::set_text(doc, "teach-instruction", &t.instruction);
        for (id, text) in &t.labels {
            passwright_glue::dom::set_text(doc, id, text);
        }
        if let Some(ul) = el::<HtmlElement>(doc, "teach-items") {
            ul.set_text_content(None);
            for (label, done) in &t.items {
                if let Ok(li) = doc.create_element("li") {
                    li.set_text_content(Some(&format!("{} {label}", if *done { "✓" } else { "○" })));
                    let _ = ul.append_child(&li);
                }
            }
        }
        control(doc, "teach-skip", Control::when(t.can_skip));
        control(doc, "teach-save", Control { shown: true, enabled: t.can_save });
    }

    fn checklist(&self, view: &PanelView) {
        let doc = &self.doc;
        let name = view.rules_title.split_once(' ').map(|(_, rest)| rest).unwrap_or("");
        passwright_glue::dom::set_text(doc, "policy-name", name);
        if let Some(first) = view.rules_title.split(' ').next() {
            passwright_glue::dom::set_text(doc, "rules-title-text", first);
        }
        let Some(ul) = el::<HtmlElement>(doc, "checklist") else { return };
        ul.set_text_content(None);
        for item in &view.checklist {
            let Some(li) = template(doc, "item-template") else { continue };
            if let Ok(Some(label)) = li.query_selector(".label") {
                label.set_text_content(Some(&item.label));
            }
            if let Ok(Some(origin)) = li.query_selector(".origin") {
                origin.set_text_content(item.origin_label.as_deref().map(|o| format!("({o})")).as_deref());
            }
            let outcome = match item.state {
                ItemState::Pending => "pending",
                ItemState::Pass => "pass",
                ItemState::Fail => "fail",
                ItemState::NotChecked => "not-checked",
            };
            set_attr(&li, "data-outcome", outcome);
            set_attr(&li, "data-rule", &item.rule);
            if item.origin != RuleOrigin::Policy {
                set_attr(&li, "data-origin", if item.origin == RuleOrigin::Page { "page" } else { "field" });
            }
            let _ = ul.append_child(&li);
        }
    }

    fn resize(&self) {
        let Some(main) = el::<HtmlElement>(&self.doc, "panel") else { return };
        // The content's own height: the document's would never shrink below the frame.
        let height = (main.offset_height().max(120) + 2) as u32;
        if height != self.height.get() {
            self.height.set(height);
            self.post(&FromPanel::Resize { height });
        }
    }

    fn selected_kind(&self) -> Kind {
        let passcode = el::<HtmlInputElement>(&self.doc, "kind-passcode").is_some_and(|p| p.checked());
        if passcode { Kind::Passcode } else { Kind::Web }
    }

    fn task(&self, kind: Kind) -> Task {
        let checked =
            |id: &str| el::<HtmlInputElement>(&self.doc, id).is_some_and(|i| i.checked() && !i.disabled());
        let offered = self.view.borrow().as_ref().is_some_and(|v| v.controls.rebuild.shown);
        let rebuild = offered && checked("rebuild");
        Task { kind, rebuild, reset_phone: rebuild && checked("reset-phone") }
    }

    fn on(self: &Rc<Self>, id: &str, event: &'static str, f: impl Fn(&Rc<Panel>, &web_sys::Event) + 'static) {
        let Some(target) = el::<HtmlElement>(&self.doc, id) else { return };
        let weak = Rc::downgrade(self);
        self.listeners.borrow_mut().push(EventListener::new(&target, event, move |e| {
            // Only a real action of the admin: never one the page synthesised.
            if !e.is_trusted() {
                return;
            }
            if let Some(panel) = weak.upgrade() {
                *panel.clicked.borrow_mut() = e.current_target().and_then(|t| t.dyn_into::<Element>().ok());
                f(&panel, e);
                *panel.clicked.borrow_mut() = None;
            }
        }));
    }

    fn wire(self: &Rc<Self>) {
        self.on("open", "click", |p, _| p.command(PanelCommand::Open));
        self.on("close", "click", |p, _| p.command(PanelCommand::Close));
        self.on("settings", "click", |p, _| p.command(PanelCommand::Settings));
        self.on("reset-web", "click", |p, _| p.command(PanelCommand::Start { task: p.task(Kind::Web) }));
        self.on("reset-passcode", "click", |p, _| {
            p.command(PanelCommand::Start { task: p.task(Kind::Passcode) })
        });
        self.on("generate", "click", |p, _| p.command(PanelCommand::Generate { kind: p.selected_kind() }));
        self.on("cancel", "click", |p, _| p.command(PanelCommand::Cancel));
        self.on("learn", "click", |p, _| p.command(PanelCommand::Learn));
        self.on("dismiss", "click", |p, _| p.command(PanelCommand::Dismiss));
        self.on("reveal", "click", |p, _| p.command(PanelCommand::Reveal));
        self.on("copy", "click", |p, _| p.command(PanelCommand::Copy));
        self.on("add-rule", "click", |p, _| p.command(PanelCommand::AddRules));
        self.on("bulk-select-all", "click", |p, _| p.command(PanelCommand::Bulk(BulkCommand::SelectAll)));
        self.on("bulk-start", "click", |p, _| p.command(PanelCommand::Bulk(p.bulk_start())));
        self.on("bulk-pause", "click", |p, _| p.command(PanelCommand::Bulk(BulkCommand::Pause)));
        self.on("bulk-resume", "click", |p, _| p.command(PanelCommand::Bulk(BulkCommand::Resume)));
        self.on("bulk-cancel", "click", |p, _| p.command(PanelCommand::Bulk(BulkCommand::Cancel)));
        self.on("handoff-sheet", "click", |p, _| p.command(PanelCommand::Bulk(BulkCommand::Sheet)));
        self.on("bulk-dismiss", "click", |p, _| p.command(PanelCommand::Bulk(BulkCommand::Dismiss)));
        self.on("bulk-rebuild", "change", |p, _| p.bulk_rebuild_follows());
        self.on("speakable", "change", |p, _| {
            let on = el::<HtmlInputElement>(&p.doc, "speakable").is_some_and(|s| s.checked());
            p.command(PanelCommand::Speakable { on });
        });
        use passwright_core::teach::TeachCommand as T;
        self.on("teach-skip", "click", |p, _| p.command(PanelCommand::Teach(T::Skip)));
        self.on("teach-save", "click", |p, _| p.command(PanelCommand::Teach(T::Save)));
        self.on("teach-cancel", "click", |p, _| p.command(PanelCommand::Teach(T::Cancel)));
        self.on("orphans", "click", |p, e| {
            let target = e.target().and_then(|t| t.dyn_into::<Element>().ok());
            let id = target.as_ref().and_then(|t| t.get_attribute("data-orphan"));
            let action = target.as_ref().and_then(|t| t.get_attribute("data-orphan-action"));
            match (id, action.as_deref()) {
                (Some(id), Some("reveal")) => p.command(PanelCommand::RevealOrphan { id }),
                (Some(id), Some("dismiss")) => p.command(PanelCommand::DismissOrphan { id }),
                _ => {}
            }
        });
        for id in ["rebuild", "kind-web", "kind-passcode"] {
            let Some(target) = el::<HtmlElement>(&self.doc, id) else { continue };
            let weak = Rc::downgrade(self);
            self.listeners.borrow_mut().push(EventListener::new(&target, "change", move |_| {
                if let Some(panel) = weak.upgrade() {
                    if let Some(view) = panel.view.borrow().as_ref() {
                        if let (Some(rebuild), Some(reset)) = (
                            el::<HtmlInputElement>(&panel.doc, "rebuild"),
                            el::<HtmlInputElement>(&panel.doc, "reset-phone"),
                        ) {
                            reset.set_disabled(!rebuild.checked());
                        }
                        let _ = view;
                    }
                }
            }));
        }
    }

    /// Chromium's IntersectionObserver v2 (`trackVisibility`): the browser
    /// says whether the panel, and each of its controls, is painted
    /// unobscured, untransformed and opaque. A click counts by its control's
    /// visibility (see `visibility_of_click`).
    fn observe(self: &Rc<Self>) {
        let supported = js_sys::Reflect::get(&js_sys::global(), &"IntersectionObserverEntry".into())
            .ok()
            .and_then(|ctor| js_sys::Reflect::get(&ctor, &"prototype".into()).ok())
            .is_some_and(|proto| js_sys::Reflect::has(&proto, &"isVisible".into()).unwrap_or(false));
        self.seen.borrow_mut().supported = supported;
        if !supported {
            return;
        }
        let weak = Rc::downgrade(self);
        let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            let Some(panel) = weak.upgrade() else { return };
            let mut body_changed = false;
            for entry in entries.iter() {
                let visible = js_sys::Reflect::get(&entry, &"isVisible".into())
                    .ok()
                    .and_then(|v| v.as_bool())
                    .unwrap_or(false);
                let target = js_sys::Reflect::get(&entry, &"target".into())
                    .ok()
                    .and_then(|t| t.dyn_into::<Element>().ok());
                let is_body = target.as_ref().is_some_and(|t| t.tag_name().eq_ignore_ascii_case("body"));
                let update = |seen: &mut Seen| {
                    let changed = seen.visible != visible;
                    if changed {
                        seen.visible = visible;
                        seen.since = performance_now();
                    }
                    changed
                };
                if is_body {
                    body_changed |= update(&mut panel.seen.borrow_mut());
                } else if let Some(target) = target {
                    if let Some((_, seen)) =
                        panel.controls.borrow_mut().iter_mut().find(|(e, _)| *e == target)
                    {
                        update(seen);
                    }
                }
            }
            if body_changed {
                let visible = panel.seen.borrow().visible;
                // What the browser says, on show for people and tests.
                if let Some(main) = el::<HtmlElement>(&panel.doc, "panel") {
                    set_attr(&main, "data-visible", if visible { "true" } else { "false" });
                }
                panel.post(&FromPanel::Visibility(panel.visibility()));
            }
        });
        let init = web_sys::IntersectionObserverInit::new();
        let _ = js_sys::Reflect::set(&init, &"trackVisibility".into(), &JsValue::TRUE);
        let _ = js_sys::Reflect::set(&init, &"delay".into(), &JsValue::from(100));
        init.set_threshold(&JsValue::from(1.0));
        let Ok(observer) =
            web_sys::IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &init)
        else {
            return;
        };
        if let Some(body) = self.doc.body() {
            observer.observe(&body);
        }
        if let Ok(list) = self.doc.query_selector_all("[data-action]") {
            let mut controls = self.controls.borrow_mut();
            for i in 0..list.length() {
                if let Some(control) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                    observer.observe(&control);
                    controls.push((control, Seen { supported: true, ..Seen::default() }));
                }
            }
        }
        *self.observer.borrow_mut() = Some((observer, callback));
    }
}

impl Drop for Panel {
    fn drop(&mut self) {
        if let Some((observer, _)) = self.observer.borrow_mut().take() {
            observer.disconnect();
        }
    }
}

thread_local! {
    // The page lives as long as the panel.
    static PANEL: RefCell<Option<Rc<Panel>>> = const { RefCell::new(None) };
}

/// Starts the panel or the launcher (`?mode=launcher`). `connect` returns a
/// new `runtime.Port` to the background each time it is called.
#[wasm_bindgen]
pub fn start_panel(connect: js_sys::Function) -> Result<(), JsError> {
    let doc = document()?;
    let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    let params =
        web_sys::UrlSearchParams::new_with_str(&search).map_err(|_| JsError::new("bad panel address"))?;
    let mode = if params.get("mode").as_deref() == Some("launcher") {
        FrameKind::Launcher
    } else {
        FrameKind::Panel
    };
    let nonce = params.get("n").unwrap_or_default();
    let _: HtmlElement = by_id(&doc, "panel")?;
    let panel = Rc::new(Panel {
        doc,
        mode,
        nonce,
        connect,
        conn: RefCell::new(None),
        view: RefCell::new(None),
        seen: RefCell::new(Seen::default()),
        controls: RefCell::new(Vec::new()),
        clicked: RefCell::new(None),
        height: Cell::new(0),
        reconnect: RefCell::new(None),
        listeners: RefCell::new(Vec::new()),
        observer: RefCell::new(None),
    });
    panel.wire();
    panel.observe();
    panel.connect();
    PANEL.with(|p| *p.borrow_mut() = Some(panel));
    Ok(())
}
