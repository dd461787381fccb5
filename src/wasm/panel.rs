//! The panel (an extension page in an iframe beside the portal's password
//! fields) and the compact launcher (the same page, `?mode=launcher`).
//!
//! It renders what the background sends (the page, the tab's flow, the
//! settings), computes the live checklist itself with the core, and sends the
//! admin's commands back. Commands are sent only for trusted events: a click
//! the page synthesised never starts anything.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use serde::Deserialize;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Event, HtmlButtonElement, HtmlElement, HtmlInputElement};
use zeroize::Zeroizing;

use super::dom::{append, by_id, document, element, set_attr, show};
use super::port::Connection;
use passwright_core::check::{self, Outcome};
use passwright_core::flow::{Flow, Status, Step};
use passwright_core::policy::{Kind, Source};
use passwright_core::portal::{Page, PageKind, UserInfo};
use passwright_core::settings::Settings;

/// What the background sends.
#[derive(Default)]
struct State {
    page: Option<Page>,
    flow: Option<Flow>,
    settings: Settings,
    source: Option<Source>,
    settings_error: Option<String>,
    orphans: Vec<Flow>,
}

#[derive(Deserialize)]
struct Generated {
    password: Zeroizing<String>,
    entropy_bits: f64,
    kind: Kind,
}

/// One message from the background. The state's fields are repeated, not
/// flattened: `flatten` would pull serde's buffering into the wasm.
#[derive(Deserialize)]
struct Incoming {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    page: Option<Page>,
    #[serde(default)]
    flow: Option<Flow>,
    #[serde(default)]
    settings: Settings,
    #[serde(default)]
    source: Option<Source>,
    #[serde(default, rename = "settingsError")]
    settings_error: Option<String>,
    #[serde(default)]
    orphans: Vec<Flow>,
    generated: Option<Generated>,
    error: Option<String>,
    notice: Option<String>,
    value: Option<Zeroizing<String>>,
    field: Option<Zeroizing<String>>,
}

struct Elements {
    launcher: HtmlElement,
    panel: HtmlElement,
    who: HtmlElement,
    status: HtmlElement,
    orphans: HtmlElement,
    problem: HtmlElement,
    problem_message: HtmlElement,
    portal_text: HtmlElement,
    problem_rule: HtmlElement,
    add_rule: HtmlButtonElement,
    result: HtmlElement,
    result_title: HtmlElement,
    password: HtmlElement,
    reveal: HtmlButtonElement,
    entropy: HtmlElement,
    nato: HtmlElement,
    handoff: HtmlElement,
    finish: HtmlElement,
    steps: HtmlElement,
    cancel: HtmlButtonElement,
    oneclick: HtmlElement,
    reset_web: HtmlButtonElement,
    reset_passcode: HtmlButtonElement,
    rebuild_row: HtmlElement,
    rebuild: HtmlInputElement,
    reset_phone: HtmlInputElement,
    kind_passcode: HtmlInputElement,
    generate: HtmlButtonElement,
    learn_row: HtmlElement,
    policy_name: HtmlElement,
    checklist: HtmlElement,
}

impl Elements {
    fn find(doc: &Document) -> Result<Elements, JsError> {
        Ok(Elements {
            launcher: by_id(doc, "launcher")?,
            panel: by_id(doc, "panel")?,
            who: by_id(doc, "who")?,
            status: by_id(doc, "status")?,
            orphans: by_id(doc, "orphans")?,
            problem: by_id(doc, "problem")?,
            problem_message: by_id(doc, "problem-message")?,
            portal_text: by_id(doc, "portal-text")?,
            problem_rule: by_id(doc, "problem-rule")?,
            add_rule: by_id(doc, "add-rule")?,
            result: by_id(doc, "result")?,
            result_title: by_id(doc, "result-title")?,
            password: by_id(doc, "password")?,
            reveal: by_id(doc, "reveal")?,
            entropy: by_id(doc, "entropy")?,
            nato: by_id(doc, "nato")?,
            handoff: by_id(doc, "handoff")?,
            finish: by_id(doc, "finish")?,
            steps: by_id(doc, "steps")?,
            cancel: by_id(doc, "cancel")?,
            oneclick: by_id(doc, "oneclick")?,
            reset_web: by_id(doc, "reset-web")?,
            reset_passcode: by_id(doc, "reset-passcode")?,
            rebuild_row: by_id(doc, "rebuild-row")?,
            rebuild: by_id(doc, "rebuild")?,
            reset_phone: by_id(doc, "reset-phone")?,
            kind_passcode: by_id(doc, "kind-passcode")?,
            generate: by_id(doc, "generate")?,
            learn_row: by_id(doc, "learn-row")?,
            policy_name: by_id(doc, "policy-name")?,
            checklist: by_id(doc, "checklist")?,
        })
    }
}

struct Panel {
    doc: Document,
    el: Elements,
    launcher: bool,
    connect: js_sys::Function,
    conn: RefCell<Option<Connection>>,
    state: RefCell<State>,
    generated: RefCell<Option<Generated>>,
    field: RefCell<Zeroizing<String>>,
    revealed: Cell<bool>,
    orphans_revealed: RefCell<std::collections::HashSet<String>>,
    ready: Cell<bool>,
    note: RefCell<Option<(String, bool)>>,
    reconnect_timer: RefCell<Option<Timeout>>,
    listeners: RefCell<Vec<EventListener>>,
}

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

/// A message's note for the status line: its error (shown as one), else its notice.
fn note_of(error: Option<String>, notice: Option<String>) -> Option<(String, bool)> {
    error.map(|e| (e, true)).or(notice.map(|n| (n, false)))
}

fn kind_noun(kind: Kind) -> &'static str {
    match kind {
        Kind::Web => "web access password",
        Kind::Passcode => "portal passcode",
    }
}

impl Panel {
    fn send(&self, message: serde_json::Value) {
        if let Some(conn) = self.conn.borrow().as_ref() {
            conn.send(&message.to_string());
        }
    }

    fn connect(self: &Rc<Self>) {
        let on_message = {
            let panel = Rc::downgrade(self);
            move |text: String| {
                if let Some(panel) = panel.upgrade() {
                    panel.receive(&text);
                }
            }
        };
        let on_disconnect = {
            let panel = Rc::downgrade(self);
            move || {
                if let Some(panel) = panel.upgrade() {
                    panel.reconnect_later();
                }
            }
        };
        match Connection::open(&self.connect, on_message, on_disconnect) {
            Ok(conn) => {
                *self.conn.borrow_mut() = Some(conn);
                self.send(serde_json::json!({ "type": "hello" }));
            }
            Err(_) => self.reconnect_later(),
        }
    }

    /// The background restarted (service worker): connect again shortly.
    fn reconnect_later(self: &Rc<Self>) {
        self.conn.borrow_mut().take();
        let panel = Rc::downgrade(self);
        *self.reconnect_timer.borrow_mut() = Some(Timeout::new(300, move || {
            if let Some(panel) = panel.upgrade() {
                panel.connect();
            }
        }));
    }

    fn receive(&self, text: &str) {
        let Ok(message) = super::json::parse::<Incoming>(text) else { return };
        match message.kind.as_str() {
            "field" => *self.field.borrow_mut() = message.value.unwrap_or_default(),
            // The background cleared the clipboard (or could not).
            "clipboard" => {
                if let Some(note) = note_of(message.error, message.notice) {
                    *self.note.borrow_mut() = Some(note);
                    self.render();
                }
            }
            "state" => {
                let state = State {
                    page: message.page,
                    flow: message.flow,
                    settings: message.settings,
                    source: message.source,
                    settings_error: message.settings_error,
                    orphans: message.orphans,
                };
                let flow_changed = {
                    let old = self.state.borrow();
                    old.flow.as_ref().map(|f| &f.id) != state.flow.as_ref().map(|f| &f.id)
                };
                if flow_changed {
                    self.revealed.set(false);
                }
                if state.flow.is_some() {
                    self.generated.borrow_mut().take();
                }
                *self.state.borrow_mut() = state;
                // No value: the background forgot the field (new page, card dismissed).
                *self.field.borrow_mut() = message.field.unwrap_or_default();
                if let Some(generated) = message.generated {
                    self.revealed.set(false);
                    *self.generated.borrow_mut() = Some(generated);
                }
                *self.note.borrow_mut() = note_of(message.error, message.notice);
                self.ready.set(true);
            }
            _ => return,
        }
        self.render();
    }

    /// The secret on show: the flow's, else the one generated here.
    fn secret(&self) -> Option<(Zeroizing<String>, Kind)> {
        let state = self.state.borrow();
        if let Some(flow) = &state.flow {
            return flow.secret.clone().map(|s| (s, flow.task.kind));
        }
        self.generated.borrow().as_ref().map(|g| (g.password.clone(), g.kind))
    }

    fn user(&self) -> UserInfo {
        let state = self.state.borrow();
        let mut user = state.flow.as_ref().map(|f| f.user.clone()).unwrap_or_default();
        if let Some(page) = &state.page {
            user.merge(&page.user);
        }
        user
    }

    fn selected_kind(&self) -> Kind {
        if let Some(flow) = &self.state.borrow().flow {
            return flow.task.kind;
        }
        if let Some(g) = self.generated.borrow().as_ref() {
            return g.kind;
        }
        if self.el.kind_passcode.checked() { Kind::Passcode } else { Kind::Web }
    }

    fn render(&self) {
        if self.launcher {
            show(&self.el.launcher, true);
            return;
        }
        show(&self.el.panel, true);
        let state = self.state.borrow();
        let flow = state.flow.as_ref();
        let page_kind = state.page.as_ref().map(|p| p.kind);
        let user = self.user();
        let who = user.name.clone().or(user.user_id.clone()).unwrap_or_default();
        self.el.who.set_text_content(Some(&who));
        set_attr(&self.el.who, "title", user.user_id.as_deref().unwrap_or(""));

        // Status line.
        let (data_state, text) = match flow.map(|f| f.status) {
            _ if !self.ready.get() => ("loading", "Loading…".to_owned()),
            Some(Status::Running) => {
                let f = flow.map(|f| (f.step, f.task.kind));
                let (step, kind) = f.unwrap_or((Step::OpenPasswords, Kind::Web));
                ("running", format!("Working: {}…", step.label(kind)))
            }
            Some(Status::Done) => {
                ("done", format!("Done: the portal confirmed the new {}.", kind_noun(self.selected_kind())))
            }
            Some(Status::Failed) => (
                "failed",
                flow.and_then(|f| f.problem.as_ref()).map_or("Stopped.".to_owned(), |p| p.message.clone()),
            ),
            Some(Status::Cancelled) => ("idle", "Cancelled. Nothing more will be done.".to_owned()),
            None => match (&state.settings_error, page_kind) {
                (Some(e), _) => ("idle", e.clone()),
                (None, Some(PageKind::Passwords)) => (
                    "idle",
                    "Ready. Generate fills both fields; the one-click reset also presses OK.".to_owned(),
                ),
                (None, Some(PageKind::User)) => ("idle", "Ready to reset this user's password.".to_owned()),
                (None, Some(PageKind::PasswordRules)) => (
                    "idle",
                    "This page shows the portal's password rules: Passwright can learn them.".to_owned(),
                ),
                (None, _) => ("idle", "Open a user's page to reset their password.".to_owned()),
            },
        };
        set_attr(&self.el.status, "data-state", data_state);
        // For `cargo make bench-browser`: when this panel first showed ready
        // and first showed done, in epoch milliseconds, so the benchmark reads
        // the moment instead of polling for it. Set once, never read here.
        for (state, attr) in [("idle", "data-ready-at"), ("done", "data-done-at")] {
            if data_state == state && !self.el.status.has_attribute(attr) {
                set_attr(&self.el.status, attr, &format!("{:.3}", epoch_ms()));
            }
        }
        let note = self.note.borrow();
        let text = match note.as_ref() {
            Some((n, _)) if flow.is_none_or(|f| f.status != Status::Running) => format!("{text} {n}"),
            _ => text,
        };
        self.el.status.set_text_content(Some(&text));

        self.render_orphans(&state.orphans);
        self.render_problem(flow);
        self.render_steps(flow);
        show(self.el.cancel.unchecked_ref(), flow.is_some_and(Flow::is_running));
        // A finished flow (or a generated password) stays until the admin dismisses it.
        let finished = flow.is_some_and(|f| !f.is_running());
        show(&self.el.finish, finished || (flow.is_none() && self.generated.borrow().is_some()));

        // One-click actions: where a user is at hand, when nothing runs.
        let running = flow.is_some_and(Flow::is_running);
        let at_user = matches!(page_kind, Some(PageKind::User | PageKind::Passwords));
        // Until the admin dismisses a result, no second reset can be started by mistake.
        show(&self.el.oneclick, flow.is_none() && at_user);
        show(&self.el.rebuild_row, state.settings.offer_rebuild);
        self.el.reset_phone.set_disabled(!self.el.rebuild.checked());
        self.el.generate.set_disabled(flow.is_some() || page_kind != Some(PageKind::Passwords));
        show(&self.el.learn_row, page_kind == Some(PageKind::PasswordRules));
        self.el.reset_web.set_disabled(running);
        self.el.reset_passcode.set_disabled(running);

        drop(note);
        let source = state.source.clone().unwrap_or_default();
        drop(state);
        // The kind radios follow what is on show (a flow's or a generated secret's kind).
        if self.state.borrow().flow.is_some() || self.generated.borrow().is_some() {
            let passcode = self.selected_kind() == Kind::Passcode;
            self.el.kind_passcode.set_checked(passcode);
            if let Some(web) =
                self.doc.get_element_by_id("kind-web").and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
            {
                web.set_checked(!passcode);
            }
        }
        self.render_result();
        self.render_checklist(&source);
        self.resize();
    }

    /// Passwords from flows whose tab was closed: kept until dismissed, masked
    /// unless shown, each with what is known about it.
    fn render_orphans(&self, orphans: &[Flow]) {
        self.el.orphans.set_text_content(None);
        show(&self.el.orphans, !orphans.is_empty());
        let revealed = self.orphans_revealed.borrow();
        for orphan in orphans {
            let who =
                orphan.user.name.clone().or(orphan.user.user_id.clone()).unwrap_or_else(|| "a user".into());
            let secret = orphan.secret.as_deref().map_or("", String::as_str);
            let shown = revealed.contains(&orphan.id);
            let item = || -> Result<(), JsError> {
                let box_ = element(&self.doc, "div", None)?;
                set_attr(&box_, "data-orphan-id", &orphan.id);
                let title = format!("From a closed tab: {who}'s new {}", kind_noun(orphan.task.kind));
                append(&box_, &element(&self.doc, "p", Some(&title))?)?;
                let status = match (&orphan.problem, orphan.status) {
                    (Some(problem), _) => problem.message.clone(),
                    (None, Status::Done) => "The portal confirmed it before the tab was closed.".to_owned(),
                    (None, _) => "The tab was closed before the portal answered.".to_owned(),
                };
                append(&box_, &element(&self.doc, "p", Some(&status))?)?;
                let masked = if shown { secret.to_owned() } else { "•".repeat(secret.chars().count()) };
                let code = element(&self.doc, "code", Some(&masked))?;
                set_attr(&code, "data-field", "orphan-password");
                set_attr(&code, "data-revealed", if shown { "true" } else { "false" });
                append(&box_, &code)?;
                for (label, action) in
                    [(if shown { "Hide" } else { "Show" }, "reveal"), ("Dismiss", "dismiss")]
                {
                    let button = element(&self.doc, "button", Some(label))?;
                    set_attr(&button, "type", "button");
                    set_attr(&button, "data-orphan", &orphan.id);
                    set_attr(&button, "data-orphan-action", action);
                    append(&box_, &button)?;
                }
                append(&self.el.orphans, &box_)?;
                Ok(())
            };
            let _ = item();
        }
    }

    fn render_problem(&self, flow: Option<&Flow>) {
        let problem = flow.and_then(|f| f.problem.as_ref());
        show(&self.el.problem, problem.is_some());
        let Some(problem) = problem else { return };
        self.el.problem_message.set_text_content(Some(&problem.message));
        show(&self.el.portal_text, problem.portal_text.is_some());
        self.el.portal_text.set_text_content(problem.portal_text.as_deref());
        let rule = match (&problem.rule, &problem.suggestion_label) {
            (Some(rule), _) => Some(format!("It maps to the policy's rules: {rule}.")),
            (None, Some(label)) => Some(format!("A rule this portal's policy did not know: {label}.")),
            _ => None,
        };
        show(&self.el.problem_rule, rule.is_some());
        self.el.problem_rule.set_text_content(rule.as_deref());
        show(self.el.add_rule.unchecked_ref(), problem.suggestion.is_some());
    }

    fn render_steps(&self, flow: Option<&Flow>) {
        self.el.steps.set_text_content(None);
        show(&self.el.steps, flow.is_some());
        let Some(flow) = flow else { return };
        for step in flow.plan() {
            let status = if flow.step == Step::Done || step < flow.step {
                "done"
            } else if step == flow.step {
                match flow.status {
                    Status::Running => "active",
                    Status::Failed => "failed",
                    _ => "pending",
                }
            } else {
                "pending"
            };
            if let Ok(li) = element(&self.doc, "li", Some(step.label(flow.task.kind))) {
                set_attr(&li, "data-status", status);
                set_attr(
                    &li,
                    "data-step",
                    &serde_json::to_value(step)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default(),
                );
                let _ = self.el.steps.append_child(&li);
            }
        }
    }

    fn render_result(&self) {
        let state = self.state.borrow();
        let flow = state.flow.as_ref();
        let secret = self.secret();
        show(&self.el.result, secret.is_some());
        let Some((secret, kind)) = secret else { return };
        let title = match flow {
            Some(f) if f.status == Status::Done => format!("New {} — set on the portal", kind_noun(kind)),
            Some(f) if f.accepted == Some(true) => format!("The portal accepted this {}", kind_noun(kind)),
            Some(f) if f.is_running() => format!("New {} (being set…)", kind_noun(kind)),
            Some(_) => format!("This {} may have been set: keep it until you have checked", kind_noun(kind)),
            None => format!("Generated {} — filled in, not saved until you press OK", kind_noun(kind)),
        };
        self.el.result_title.set_text_content(Some(&title));
        let warn = flow.is_some_and(|f| f.status == Status::Failed);
        let _ = self.el.result.class_list().toggle_with_force("warn", warn);
        let revealed = self.revealed.get();
        let shown = if revealed { secret.to_string() } else { "•".repeat(secret.chars().count()) };
        self.el.password.set_text_content(Some(&shown));
        set_attr(&self.el.password, "aria-label", if revealed { "Password" } else { "Password (hidden)" });
        set_attr(&self.el.password, "data-revealed", if revealed { "true" } else { "false" });
        self.el.reveal.set_text_content(Some(if revealed { "Hide" } else { "Show" }));
        set_attr(&self.el.reveal, "aria-pressed", if revealed { "true" } else { "false" });
        let bits = flow.map(|f| f.entropy_bits).or(self.generated.borrow().as_ref().map(|g| g.entropy_bits));
        self.el.entropy.set_text_content(bits.map(|b| format!("{b:.0} bits of entropy")).as_deref());
        show(&self.el.nato, revealed);
        self.el.nato.set_text_content(Some(&passwright_core::nato::spell(&secret)));
        let handoff = flow.and_then(Flow::handoff);
        show(&self.el.handoff, handoff.is_some());
        self.el.handoff.set_text_content(handoff.as_deref());
    }

    fn render_checklist(&self, source: &Source) {
        self.el.checklist.set_text_content(None);
        let kind = self.selected_kind();
        let policy = match source.policy(kind) {
            Ok(policy) => policy,
            Err(e) => {
                let _ = element(&self.doc, "li", Some(&e.to_string()))
                    .map(|li| self.el.checklist.append_child(&li));
                return;
            }
        };
        let name = match source {
            Source::Preset(name) => format!("({name}, {})", kind.as_str()),
            Source::Rules(_) => format!("(passwordrules, {})", kind.as_str()),
            Source::Spec(_) => format!("(this portal's, {})", kind.as_str()),
        };
        self.el.policy_name.set_text_content(Some(&name));
        let value: Zeroizing<String> = match self.secret() {
            Some((s, _)) => s,
            None => self.field.borrow().clone(),
        };
        let ctx = self.user().context();
        let report = check::check(&policy, &ctx, &value);
        for v in &report.verdicts {
            let outcome = if value.is_empty() {
                "pending"
            } else {
                match v.outcome {
                    Outcome::Pass => "pass",
                    Outcome::Fail => "fail",
                    Outcome::NotChecked => "not-checked",
                }
            };
            let text = match (&v.problem, value.is_empty()) {
                (Some(p), false) => format!("{}: {p}", v.label),
                _ => v.label.clone(),
            };
            if let Ok(li) = element(&self.doc, "li", Some(&text)) {
                set_attr(&li, "data-outcome", outcome);
                set_attr(&li, "data-rule", &v.rule.to_string());
                let _ = self.el.checklist.append_child(&li);
            }
        }
    }

    fn resize(&self) {
        // The content's own height: the document's would never shrink below the frame.
        let height = self.el.panel.offset_height().max(120);
        self.send(serde_json::json!({ "type": "resize", "height": height + 2 }));
    }

    fn copy(self: &Rc<Self>) {
        let Some((secret, _)) = self.secret() else { return };
        let Some(window) = web_sys::window() else { return };
        let clipboard = window.navigator().clipboard();
        let seconds = self.state.borrow().settings.clipboard_clear_seconds;
        let promise = clipboard.write_text(&secret);
        let panel = Rc::clone(self);
        wasm_bindgen_futures::spawn_local(async move {
            let copied = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
            let note = match (copied, seconds) {
                (false, _) => {
                    ("The browser refused the clipboard; select the password instead.".to_owned(), true)
                }
                (true, 0) => ("Copied.".to_owned(), false),
                (true, n) => (format!("Copied; the clipboard is cleared in {n} s."), false),
            };
            *panel.note.borrow_mut() = Some(note);
            panel.render();
            if copied && seconds > 0 {
                // The background clears it: this frame may be gone by then (the
                // admin opened the next user) or unfocused (pasting elsewhere),
                // and a frame without focus may not write the clipboard.
                panel.send(serde_json::json!({ "type": "clipboard-written", "seconds": seconds }));
            }
        });
    }

    fn on_click(
        self: &Rc<Self>,
        id: &str,
        action: impl Fn(&Rc<Panel>, &Event) + 'static,
    ) -> Result<(), JsError> {
        let target: HtmlElement = by_id(&self.doc, id)?;
        let weak = Rc::downgrade(self);
        let listener = EventListener::new(&target, "click", move |event| {
            // Only a real click by the admin: never one the page synthesised.
            if !event.is_trusted() {
                return;
            }
            if let Some(panel) = weak.upgrade() {
                action(&panel, event);
            }
        });
        self.listeners.borrow_mut().push(listener);
        Ok(())
    }

    fn wire(self: &Rc<Self>) -> Result<(), JsError> {
        self.on_click("open", |p, _| p.send(serde_json::json!({ "type": "open" })))?;
        self.on_click("close", |p, _| p.send(serde_json::json!({ "type": "close" })))?;
        self.on_click("settings", |p, _| p.send(serde_json::json!({ "type": "open-options" })))?;
        for (id, kind) in [("reset-web", "web"), ("reset-passcode", "passcode")] {
            self.on_click(id, move |p, _| {
                let rebuild = p.el.rebuild.checked() && p.state.borrow().settings.offer_rebuild;
                let task = serde_json::json!({ "kind": kind, "rebuild": rebuild, "reset_phone": rebuild && p.el.reset_phone.checked() });
                p.generated.borrow_mut().take();
                p.send(serde_json::json!({ "type": "start", "task": task }));
            })?;
        }
        self.on_click("generate", |p, _| {
            let kind = if p.el.kind_passcode.checked() { "passcode" } else { "web" };
            p.send(serde_json::json!({ "type": "generate", "kind": kind }));
        })?;
        self.on_click("cancel", |p, _| p.send(serde_json::json!({ "type": "cancel" })))?;
        self.on_click("learn", |p, _| p.send(serde_json::json!({ "type": "learn" })))?;
        self.on_click("dismiss", |p, _| {
            let flow_id = p.state.borrow().flow.as_ref().map(|f| f.id.clone());
            p.generated.borrow_mut().take();
            p.revealed.set(false);
            p.send(serde_json::json!({ "type": "dismiss", "flowId": flow_id }));
            p.render();
        })?;
        self.on_click("reveal", |p, _| {
            p.revealed.set(!p.revealed.get());
            p.render();
        })?;
        self.on_click("copy", |p, _| p.copy())?;
        self.on_click("add-rule", |p, _| {
            let suggestion =
                p.state.borrow().flow.as_ref().and_then(|f| f.problem.as_ref()).and_then(|pr| pr.suggestion);
            if let Some(s) = suggestion {
                p.send(serde_json::json!({ "type": "add-rule", "suggestion": s }));
            }
        })?;
        self.on_click("orphans", |p, event| {
            let target = event.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
            let id = target.as_ref().and_then(|el| el.get_attribute("data-orphan"));
            let action = target.as_ref().and_then(|el| el.get_attribute("data-orphan-action"));
            match (id, action.as_deref()) {
                (Some(id), Some("reveal")) => {
                    let mut shown = p.orphans_revealed.borrow_mut();
                    if !shown.remove(&id) {
                        shown.insert(id);
                    }
                    drop(shown);
                    p.render();
                }
                (Some(id), Some("dismiss")) => {
                    p.orphans_revealed.borrow_mut().remove(&id);
                    p.send(serde_json::json!({ "type": "dismiss", "flowId": id }));
                }
                _ => {}
            }
        })?;
        for id in ["rebuild", "kind-web", "kind-passcode"] {
            let target: HtmlElement = by_id(&self.doc, id)?;
            let weak = Rc::downgrade(self);
            self.listeners.borrow_mut().push(EventListener::new(&target, "change", move |_| {
                if let Some(panel) = weak.upgrade() {
                    panel.render();
                }
            }));
        }
        Ok(())
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
    let launcher = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .is_some_and(|search| search.contains("mode=launcher"));
    let panel = Rc::new(Panel {
        el: Elements::find(&doc)?,
        doc,
        launcher,
        connect,
        conn: RefCell::new(None),
        state: RefCell::new(State::default()),
        generated: RefCell::new(None),
        field: RefCell::new(Zeroizing::new(String::new())),
        revealed: Cell::new(false),
        orphans_revealed: RefCell::new(std::collections::HashSet::new()),
        ready: Cell::new(false),
        note: RefCell::new(None),
        reconnect_timer: RefCell::new(None),
        listeners: RefCell::new(Vec::new()),
    });
    panel.wire()?;
    panel.render();
    panel.connect();
    PANEL.with(|p| *p.borrow_mut() = Some(panel));
    Ok(())
}
