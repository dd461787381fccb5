//! The options page: a policy per portal, preferences, the audit log.
//!
//! Nothing invalid is saved: the whole settings object is validated by the
//! core first, and the first problem is shown, naming the portal and rule.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::EventListener;
use serde::Deserialize;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

use super::dom::{append, by_id, document, element, set_attr};
use super::host::call;
use passwright_core::audit::{AuditEntry, iso8601, to_csv};
use passwright_core::check;
use passwright_core::policy::{Kind, PRESETS, Source};
use passwright_core::settings::{Portal, Settings};

#[derive(Deserialize)]
struct Loaded {
    #[serde(default)]
    settings: Settings,
    #[serde(default)]
    audit: Vec<AuditEntry>,
    #[serde(default)]
    managed: Settings,
}

struct Options {
    doc: Document,
    host: JsValue,
    portals: RefCell<Vec<Portal>>,
    managed: Settings,
    audit: RefCell<Vec<AuditEntry>>,
    list: HtmlElement,
    message: HtmlElement,
    listeners: RefCell<Vec<EventListener>>,
}

fn mode_of(source: &Source) -> &'static str {
    match source {
        Source::Preset(_) => "preset",
        Source::Rules(_) => "rules",
        Source::Spec(_) => "spec",
    }
}

impl Options {
    fn say(&self, text: &str, error: bool) {
        self.message.set_text_content(Some(text));
        set_attr(&self.message, "data-kind", if error { "error" } else { "ok" });
    }

    fn field<T: JsCast>(&self, row: &Element, selector: &str) -> Option<T> {
        row.query_selector(selector).ok().flatten().and_then(|e| e.dyn_into::<T>().ok())
    }

    /// Reads the portal rows back from the page.
    fn read_portals(&self) -> Result<Vec<Portal>, String> {
        let rows =
            self.list.query_selector_all(".portal[data-editable]").map_err(|_| "cannot read the page")?;
        let mut portals = Vec::new();
        for i in 0..rows.length() {
            let Some(row) = rows.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else { continue };
            let origin =
                self.field::<HtmlInputElement>(&row, ".origin-input").map(|e| e.value()).unwrap_or_default();
            let mode = self.field::<HtmlSelectElement>(&row, ".mode").map(|e| e.value()).unwrap_or_default();
            let policy = match mode.as_str() {
                "rules" => Source::Rules(
                    self.field::<HtmlTextAreaElement>(&row, ".rules-text")
                        .map(|e| e.value())
                        .unwrap_or_default(),
                ),
                "spec" => {
                    let text = self
                        .field::<HtmlTextAreaElement>(&row, ".spec")
                        .map(|e| e.value())
                        .unwrap_or_default();
                    Source::Spec(
                        serde_json::from_str(&text).map_err(|e| {
                            format!("{}: the rule sets are not valid JSON ({e})", origin.trim())
                        })?,
                    )
                }
                _ => Source::Preset(
                    self.field::<HtmlSelectElement>(&row, ".preset").map(|e| e.value()).unwrap_or_default(),
                ),
            };
            portals.push(Portal { origin, policy });
        }
        Ok(portals)
    }

    fn describe(source: &Source) -> Vec<String> {
        let mut lines = Vec::new();
        for kind in [Kind::Web, Kind::Passcode] {
            match source.policy(kind) {
                Ok(p) => lines.push(format!(
                    "{}: {}",
                    if kind == Kind::Web { "Web password" } else { "Passcode" },
                    check::rules(&p).into_iter().map(|r| check::label(&p, r)).collect::<Vec<_>>().join("; ")
                )),
                Err(e) => lines.push(format!("{}: {e}", kind.as_str())),
            }
        }
        lines
    }

    fn portal_row(&self, portal: &Portal, managed: bool) -> Result<Element, JsError> {
        let doc = &self.doc;
        let row = element(doc, "div", None)?;
        set_attr(&row, "class", "portal");
        if !managed {
            set_attr(&row, "data-editable", "");
        }
        let line = element(doc, "div", None)?;
        set_attr(&line, "class", "row");
        let origin = element(doc, "input", None)?;
        set_attr(&origin, "class", "origin-input origin");
        set_attr(&origin, "placeholder", "https://portal.example.com");
        set_attr(&origin, "aria-label", "Portal address");
        set_attr(&origin, "value", &portal.origin);
        let mode = element(doc, "select", None)?;
        set_attr(&mode, "class", "mode");
        set_attr(&mode, "aria-label", "Policy kind");
        for (value, text) in [("preset", "Preset"), ("rules", "passwordrules"), ("spec", "Rule sets (JSON)")]
        {
            let option = element(doc, "option", Some(text))?;
            set_attr(&option, "value", value);
            if value == mode_of(&portal.policy) {
                set_attr(&option, "selected", "");
            }
            append(&mode, &option)?;
        }
        let preset = element(doc, "select", None)?;
        set_attr(&preset, "class", "preset");
        set_attr(&preset, "aria-label", "Preset");
        for p in PRESETS {
            let option = element(doc, "option", Some(p.title))?;
            set_attr(&option, "value", p.name);
            if portal.policy == Source::Preset(p.name.into()) {
                set_attr(&option, "selected", "");
            }
            append(&preset, &option)?;
        }
        let remove = element(doc, "button", Some("Remove"))?;
        set_attr(&remove, "type", "button");
        set_attr(&remove, "class", "remove");
        let learn = element(doc, "button", Some("Learn from the portal"))?;
        set_attr(&learn, "type", "button");
        set_attr(&learn, "class", "learn");
        set_attr(&learn, "title", "Reads Utilities > Password Rules from a tab open on this portal");
        for child in [&origin, &mode, &preset, &learn, &remove] {
            line.append_child(child).map_err(|_| JsError::new("dom"))?;
        }
        append(&row, &line)?;
        let rules = element(doc, "textarea", None)?;
        set_attr(&rules, "class", "rules-text");
        set_attr(&rules, "rows", "2");
        set_attr(&rules, "aria-label", "passwordrules");
        set_attr(&rules, "placeholder", "minlength: 10; required: upper; required: digit; allowed: lower");
        if let Source::Rules(text) = &portal.policy {
            rules.set_text_content(Some(text));
        }
        let spec = element(doc, "textarea", None)?;
        set_attr(&spec, "class", "spec");
        set_attr(&spec, "rows", "4");
        set_attr(&spec, "aria-label", "Rule sets as JSON");
        let spec_value =
            portal.policy.spec().ok().and_then(|s| serde_json::to_string_pretty(&s).ok()).unwrap_or_default();
        spec.set_text_content(Some(&spec_value));
        append(&row, &rules)?;
        append(&row, &spec)?;
        let list = element(doc, "ul", None)?;
        set_attr(&list, "class", "rules");
        for line in Self::describe(&portal.policy) {
            append(&list, &element(doc, "li", Some(&line))?)?;
        }
        append(&row, &list)?;
        if managed {
            append(&row, &element(doc, "p", Some("Set by your organization; it cannot be changed here."))?)?;
            let _ = row.set_attribute("class", "portal managed-portal");
            for control in [&origin, &mode, &preset, &rules, &spec, &learn, &remove] {
                set_attr(control, "disabled", "");
            }
        }
        self.sync_visibility(&row);
        Ok(row)
    }

    /// Shows the editor of the row's chosen policy kind only.
    fn sync_visibility(&self, row: &Element) {
        let mode = self.field::<HtmlSelectElement>(row, ".mode").map(|e| e.value()).unwrap_or_default();
        for (selector, wanted) in [(".preset", "preset"), (".rules-text", "rules"), (".spec", "spec")] {
            if let Some(el) = self.field::<HtmlElement>(row, selector) {
                el.set_hidden(mode != wanted);
            }
        }
    }

    fn render(self: &Rc<Self>) -> Result<(), JsError> {
        self.list.set_text_content(None);
        self.listeners.borrow_mut().clear();
        for portal in &self.managed.portals {
            let row = self.portal_row(portal, true)?;
            append(&self.list, &row)?;
        }
        for (index, portal) in self.portals.borrow().iter().enumerate() {
            let row = self.portal_row(portal, false)?;
            append(&self.list, &row)?;
            if let Some(remove) = self.field::<HtmlElement>(&row, ".remove") {
                let weak = Rc::downgrade(self);
                self.listeners.borrow_mut().push(EventListener::new(&remove, "click", move |_| {
                    if let Some(o) = weak.upgrade() {
                        if let Ok(current) = o.read_portals() {
                            *o.portals.borrow_mut() = current;
                        }
                        o.portals.borrow_mut().remove(index);
                        let _ = o.render();
                    }
                }));
            }
            if let (Some(learn), Some(origin)) = (
                self.field::<HtmlElement>(&row, ".learn"),
                self.field::<HtmlInputElement>(&row, ".origin-input"),
            ) {
                let weak = Rc::downgrade(self);
                self.listeners.borrow_mut().push(EventListener::new(&learn, "click", move |_| {
                    if let Some(o) = weak.upgrade() {
                        wasm_bindgen_futures::spawn_local(o.learn(origin.value()));
                    }
                }));
            }
            if let Some(mode) = self.field::<HtmlElement>(&row, ".mode") {
                let weak = Rc::downgrade(self);
                let row = row.clone();
                self.listeners.borrow_mut().push(EventListener::new(&mode, "change", move |_| {
                    if let Some(o) = weak.upgrade() {
                        o.sync_visibility(&row);
                    }
                }));
            }
        }
        self.render_audit()
    }

    fn render_audit(&self) -> Result<(), JsError> {
        let body: HtmlElement = by_id(&self.doc, "audit")?;
        body.set_text_content(None);
        for entry in self.audit.borrow().iter().rev() {
            let tr = element(&self.doc, "tr", None)?;
            let who = match (&entry.user_name, &entry.user_id) {
                (Some(n), Some(id)) => format!("{n} ({id})"),
                (Some(n), None) => n.clone(),
                (None, Some(id)) => id.clone(),
                (None, None) => String::new(),
            };
            for text in [
                iso8601(entry.time_ms),
                entry.origin.clone(),
                who,
                entry.kind.as_str().to_owned(),
                entry.actions.join("; "),
                entry.outcome.clone(),
            ] {
                append(&tr, &element(&self.doc, "td", Some(&text))?)?;
            }
            append(&body, &tr)?;
        }
        Ok(())
    }

    /// Asks the background to read the rules from a tab open on `origin`'s
    /// Password Rules page, then shows the portal's new policy.
    async fn learn(self: Rc<Self>, origin: String) {
        let origin = match passwright_core::settings::normalize_origin(&origin) {
            Ok(o) => o,
            Err(e) => return self.say(&e.to_string(), true),
        };
        let request = serde_json::json!({ "type": "learn", "origin": origin }).to_string();
        let reply = call(&self.host, "send", &[request.into()])
            .await
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default();
        let reply: serde_json::Value = super::json::parse(&reply).unwrap_or_default();
        if reply["ok"] != true {
            return self.say(reply["error"].as_str().unwrap_or("The rules could not be read."), true);
        }
        let loaded = call(&self.host, "load", &[]).await.ok().and_then(|v| v.as_string()).unwrap_or_default();
        if let Ok(loaded) = super::json::parse::<Loaded>(&loaded) {
            *self.portals.borrow_mut() = loaded.settings.portals;
        }
        let _ = self.render();
        self.say(&format!("Learned the rules in force on {origin}."), false);
    }

    fn prefs(&self, settings: &mut Settings) -> Result<(), String> {
        let input = |id: &str| by_id::<HtmlInputElement>(&self.doc, id).map_err(|_| format!("missing #{id}"));
        let seconds = input("clipboard")?.value();
        settings.clipboard_clear_seconds = seconds
            .trim()
            .parse()
            .map_err(|_| "The clipboard delay must be a whole number of seconds".to_owned())?;
        settings.exclude_look_alikes = input("look-alikes")?.checked();
        let length = input("length")?.value();
        settings.default_length = if length.trim().is_empty() {
            None
        } else {
            Some(length.trim().parse().map_err(|_| "The length must be a whole number".to_owned())?)
        };
        settings.offer_rebuild = input("offer-rebuild")?.checked();
        Ok(())
    }

    async fn save(self: Rc<Self>) {
        let mut settings = Settings::default();
        let collected = self.read_portals().and_then(|portals| {
            settings.portals = portals;
            self.prefs(&mut settings)
        });
        if let Err(e) = collected {
            self.say(&e, true);
            return;
        }
        let json = match super::json::write(&settings) {
            Ok(json) => json,
            Err(e) => return self.say(&e.to_string(), true),
        };
        let normalized = match super::engine::settings_validate(&json) {
            Ok(n) => n,
            Err(e) => {
                let value: JsValue = e.into();
                let text = js_sys::Reflect::get(&value, &"message".into()).ok().and_then(|m| m.as_string());
                return self.say(&format!("Not saved: {}", text.unwrap_or_default()), true);
            }
        };
        match call(&self.host, "saveSettings", &[normalized.clone().into()]).await {
            Ok(_) => {
                if let Ok(saved) = super::json::parse::<Settings>(&normalized) {
                    *self.portals.borrow_mut() = saved.portals;
                }
                let _ = self.render();
                self.say("Saved.", false);
            }
            Err(_) => self.say("Not saved: the browser refused to store the settings.", true),
        }
    }

    fn export(&self) -> Result<(), JsError> {
        let csv = to_csv(&self.audit.borrow());
        let parts: js_sys::Array = [JsValue::from_str(&csv)].iter().collect();
        let options = web_sys::BlobPropertyBag::new();
        options.set_type("text/csv");
        let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
            .map_err(|_| JsError::new("cannot build the file"))?;
        let url = web_sys::Url::create_object_url_with_blob(&blob)
            .map_err(|_| JsError::new("cannot link the file"))?;
        let a: HtmlElement = element(&self.doc, "a", None)?.dyn_into().map_err(|_| JsError::new("dom"))?;
        set_attr(&a, "href", &url);
        set_attr(&a, "download", "passwright-audit.csv");
        a.click();
        let _ = web_sys::Url::revoke_object_url(&url);
        Ok(())
    }
}

/// Starts the options page with its host (see extension/options.js).
#[wasm_bindgen]
pub async fn start_options(host: JsValue) -> Result<(), JsError> {
    let doc = document()?;
    let loaded = call(&host, "load", &[]).await?.as_string().unwrap_or_default();
    let loaded: Loaded =
        super::json::parse(&loaded).map_err(|e| JsError::new(&format!("stored settings: {e}")))?;
    let options = Rc::new(Options {
        list: by_id(&doc, "portals")?,
        message: by_id(&doc, "message")?,
        doc: doc.clone(),
        host,
        portals: RefCell::new(loaded.settings.portals.clone()),
        managed: loaded.managed.clone(),
        audit: RefCell::new(loaded.audit),
        listeners: RefCell::new(Vec::new()),
    });
    let s = loaded.settings;
    by_id::<HtmlInputElement>(&doc, "clipboard")?.set_value(&s.clipboard_clear_seconds.to_string());
    by_id::<HtmlInputElement>(&doc, "look-alikes")?.set_checked(s.exclude_look_alikes);
    by_id::<HtmlInputElement>(&doc, "length")?
        .set_value(&s.default_length.map(|n| n.to_string()).unwrap_or_default());
    by_id::<HtmlInputElement>(&doc, "offer-rebuild")?.set_checked(s.offer_rebuild);
    options.render()?;

    let mut fixed = Vec::new();
    let o = Rc::clone(&options);
    fixed.push(EventListener::new(&by_id::<web_sys::EventTarget>(&doc, "add-portal")?, "click", move |_| {
        if let Ok(current) = o.read_portals() {
            *o.portals.borrow_mut() = current;
        }
        o.portals.borrow_mut().push(Portal { origin: String::new(), policy: Source::default() });
        let _ = o.render();
    }));
    let o = Rc::clone(&options);
    fixed.push(EventListener::new(&by_id::<web_sys::EventTarget>(&doc, "save")?, "click", move |_| {
        wasm_bindgen_futures::spawn_local(Rc::clone(&o).save());
    }));
    let o = Rc::clone(&options);
    fixed.push(EventListener::new(&by_id::<web_sys::EventTarget>(&doc, "export")?, "click", move |_| {
        if o.export().is_err() {
            o.say("The log could not be exported.", true);
        }
    }));
    let o = Rc::clone(&options);
    fixed.push(EventListener::new(
        &by_id::<web_sys::EventTarget>(&doc, "clear-audit")?,
        "click",
        move |_| {
            let o = Rc::clone(&o);
            wasm_bindgen_futures::spawn_local(async move {
                if call(&o.host, "clearAudit", &[]).await.is_ok() {
                    o.audit.borrow_mut().clear();
                    let _ = o.render_audit();
                }
            });
        },
    ));
    // The page lives until it closes.
    std::mem::forget(fixed);
    // Ready: every control answers from now on (automation waits for this).
    if let Some(body) = doc.body() {
        set_attr(&body, "data-ready", "true");
    }
    Ok(())
}
