//! The options page: draws the engine's [`OptionsView`] (portals and their
//! policies, preferences, the floor, portal maps, pending policies, the audit
//! log) and sends what the admin edits as [`OptionsRequest`]s. Nothing is
//! validated or decided here: the engine checks and answers.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::EventListener;
use passwright_core::policy::{PolicySpec, Source};
use passwright_core::portal::map::PortalMap;
use passwright_core::protocol::pages::{
    DiffLine, OptionsReply, OptionsRequest, OptionsView, PortalForm, PortalView,
};
use passwright_core::settings::Prefs;
use passwright_glue::dom::{by_id, document, find, set_attr, show};
use passwright_glue::host::call;
use passwright_glue::{from_js, to_js};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{
    Document, Element, HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTemplateElement,
    HtmlTextAreaElement,
};

/// A handler of one of the page's controls.
type Handler = Box<dyn Fn(&Rc<Options>)>;

struct Options {
    doc: Document,
    host: JsValue,
    view: RefCell<Option<OptionsView>>,
    /// Rows added but not saved yet.
    draft: RefCell<Vec<PortalForm>>,
    listeners: RefCell<Vec<EventListener>>,
    fixed: RefCell<Vec<EventListener>>,
}

fn q<T: JsCast>(root: &Element, selector: &str) -> Option<T> {
    root.query_selector(selector).ok().flatten().and_then(|e| e.dyn_into::<T>().ok())
}

fn label<'a>(view: &'a OptionsView, id: &str) -> &'a str {
    view.labels.iter().find(|(k, _)| k == id).map_or("", |(_, v)| v.as_str())
}

fn clone(doc: &Document, id: &str) -> Option<Element> {
    let t: HtmlTemplateElement = find(doc, id)?;
    t.content().first_element_child()?.clone_node_with_deep(true).ok()?.dyn_into().ok()
}

fn diff_rows(doc: &Document, body: &Element, lines: &[DiffLine]) {
    body.set_text_content(None);
    for l in lines {
        let Ok(tr) = doc.create_element("tr") else { continue };
        if l.weaker {
            set_attr(&tr, "data-weaker", "");
        }
        for text in [&l.rule, &l.before, &l.after] {
            if let Ok(td) = doc.create_element("td") {
                td.set_text_content(Some(text));
                let _ = tr.append_child(&td);
            }
        }
        let _ = body.append_child(&tr);
    }
}

impl Options {
    async fn ask(self: &Rc<Self>, request: OptionsRequest) {
        let reply = match to_js(&request) {
            Ok(message) => call(&self.host, "send", &[message]).await.ok(),
            Err(_) => None,
        };
        match reply.map(|r| from_js::<OptionsReply>(r, "reply")) {
            Some(Ok(OptionsReply::View(view))) => {
                if view.confirm.is_empty() {
                    self.draft.borrow_mut().clear();
                    let _ = self.draw(&view);
                } else {
                    // A save that weakens a policy: the admin's rows stay as
                    // typed (the view holds only what is saved), so that
                    // "Confirm and save" sends them again, not the old ones.
                    self.draw_confirm(&view);
                }
                *self.view.borrow_mut() = Some(*view);
            }
            Some(Ok(OptionsReply::File { name, mime, text })) => {
                if self.download(&name, &mime, &text).is_err() {
                    self.say("The file could not be saved.", true);
                }
            }
            _ => self.say("The background did not answer; reload the page.", true),
        }
    }

    fn spawn(self: &Rc<Self>, request: OptionsRequest) {
        let me = Rc::clone(self);
        wasm_bindgen_futures::spawn_local(async move { me.ask(request).await });
    }

    /// Shows a weakening's before/after and the message, leaving the rest of the page as it is.
    fn draw_confirm(&self, view: &OptionsView) {
        let doc = &self.doc;
        if let Some(section) = find::<HtmlElement>(doc, "confirm") {
            show(&section, true);
            if let Some(body) = doc.get_element_by_id("confirm-lines") {
                diff_rows(doc, &body, &view.confirm);
            }
        }
        if let Some(n) = &view.message {
            self.say(&n.text, n.error);
        }
    }

    fn say(&self, text: &str, error: bool) {
        if let Some(m) = find::<HtmlElement>(&self.doc, "message") {
            m.set_text_content(Some(text));
            set_attr(&m, "data-kind", if error { "error" } else { "ok" });
        }
    }

    fn download(&self, name: &str, mime: &str, text: &str) -> Result<(), JsError> {
        passwright_glue::dom::download(&self.doc, name, mime, text)
    }

    fn portal_row(self: &Rc<Self>, view: &OptionsView, p: &PortalView) -> Option<Element> {
        let doc = &self.doc;
        let row = clone(doc, "portal-template")?;
        if !p.managed {
            set_attr(&row, "data-editable", "");
        } else {
            let _ = row.class_list().add_1("managed-portal");
        }
        set_attr(&row, "data-origin", &p.origin);
        for (selector, id) in [
            (".origin-label", "origin-label"),
            (".mode-label", "mode-label"),
            (".preset-label", "preset-label"),
            (".rules-label", "rules-label"),
            (".spec-label", "spec-label"),
            (".mode-preset", "mode-preset"),
            (".mode-rules", "mode-rules"),
            (".mode-spec", "mode-spec"),
            (".learn", "learn"),
            (".remove", "remove"),
            (".speakable-label", "speakable-label"),
            (".pending-title", "pending-title"),
            (".pending-confirm", "pending-confirm"),
            (".pending-reject", "pending-reject"),
        ] {
            if let Some(e) = q::<Element>(&row, selector) {
                e.set_text_content(Some(label(view, id)));
            }
        }
        if let Some(learn) = q::<Element>(&row, ".learn") {
            set_attr(&learn, "title", label(view, "learn-help"));
        }
        let origin: HtmlInputElement = q(&row, ".origin-input")?;
        origin.set_value(&p.origin);
        let mode: HtmlSelectElement = q(&row, ".mode")?;
        mode.set_value(match p.policy {
            Source::Preset(_) => "preset",
            Source::Rules(_) => "rules",
            Source::Spec(_) => "spec",
        });
        let preset: HtmlSelectElement = q(&row, ".preset")?;
        for (name, title) in &view.presets {
            if let Ok(o) = doc.create_element("option") {
                set_attr(&o, "value", name);
                o.set_text_content(Some(title));
                let _ = preset.append_child(&o);
            }
        }
        if let Source::Preset(name) = &p.policy {
            preset.set_value(name);
        }
        let rules: HtmlTextAreaElement = q(&row, ".rules-text")?;
        if let Source::Rules(text) = &p.policy {
            rules.set_value(text);
        }
        let spec: HtmlTextAreaElement = q(&row, ".spec")?;
        let text = p
            .spec
            .as_ref()
            .and_then(|s| to_js(s).ok())
            .and_then(|v| {
                js_sys::JSON::stringify_with_replacer_and_space(&v, &JsValue::NULL, &JsValue::from(2)).ok()
            })
            .and_then(|s| s.as_string())
            .unwrap_or_default();
        spec.set_value(&text);
        if let Some(s) = q::<HtmlInputElement>(&row, ".speakable") {
            s.set_checked(p.speakable);
        }
        if let Some(ul) = q::<Element>(&row, "ul.rules") {
            for line in &p.description {
                if let Ok(li) = doc.create_element("li") {
                    li.set_text_content(Some(line));
                    let _ = ul.append_child(&li);
                }
            }
        }
        for (selector, text) in [
            (".managed", p.managed.then(|| label(view, "managed-note"))),
            (".insecure", p.insecure.then(|| label(view, "insecure-note"))),
            (".problem", p.problem.as_deref()),
        ] {
            if let Some(note) = q::<HtmlElement>(&row, selector) {
                show(&note, text.is_some());
                note.set_text_content(text);
            }
        }
        if let Some(pending) = q::<HtmlElement>(&row, ".pending") {
            show(&pending, !p.pending.is_empty());
            if let Some(body) = q::<Element>(&row, ".pending-lines") {
                diff_rows(doc, &body, &p.pending);
            }
            if let (Some(title), Some(from)) = (q::<Element>(&row, ".pending-title"), &p.pending_from) {
                title.set_text_content(Some(&format!("{} ({from})", label(view, "pending-title"))));
            }
        }
        if p.managed {
            for selector in [
                ".origin-input",
                ".mode",
                ".preset",
                ".rules-text",
                ".spec",
                ".learn",
                ".remove",
                ".speakable",
            ] {
                if let Some(e) = q::<Element>(&row, selector) {
                    set_attr(&e, "disabled", "");
                }
            }
        }
        self.sync(&row);
        // The row's buttons.
        let weak = Rc::downgrade(self);
        let origin_value = p.origin.clone();
        let add = |selector: &str, event: &'static str, f: Handler| {
            if let Some(target) = q::<HtmlElement>(&row, selector) {
                let weak = weak.clone();
                self.listeners.borrow_mut().push(EventListener::new(&target, event, move |_| {
                    if let Some(o) = weak.upgrade() {
                        f(&o);
                    }
                }));
            }
        };
        let row_for_mode = row.clone();
        add(".mode", "change", Box::new(move |o| o.sync(&row_for_mode)));
        let row_for_remove = row.clone();
        add(".remove", "click", Box::new(move |_| row_for_remove.remove()));
        let row_for_learn = row.clone();
        add(
            ".learn",
            "click",
            Box::new(move |o| {
                let origin = q::<HtmlInputElement>(&row_for_learn, ".origin-input")
                    .map(|i| i.value())
                    .unwrap_or_default();
                o.spawn(OptionsRequest::Learn { origin });
            }),
        );
        let o1 = origin_value.clone();
        add(
            ".pending-confirm",
            "click",
            Box::new(move |o| o.spawn(OptionsRequest::ConfirmPending { origin: o1.clone() })),
        );
        let o2 = origin_value;
        add(
            ".pending-reject",
            "click",
            Box::new(move |o| o.spawn(OptionsRequest::RejectPending { origin: o2.clone() })),
        );
        Some(row)
    }

    /// Shows the editor of the row's chosen policy kind only.
    fn sync(&self, row: &Element) {
        let mode = q::<HtmlSelectElement>(row, ".mode").map(|m| m.value()).unwrap_or_default();
        for (selector, wanted) in [(".preset-row", "preset"), (".rules-row", "rules"), (".spec-row", "spec")]
        {
            if let Some(e) = q::<HtmlElement>(row, selector) {
                show(&e, mode == wanted);
            }
        }
    }

    fn draw(self: &Rc<Self>, view: &OptionsView) -> Result<(), JsError> {
        let doc = &self.doc;
        if let Some(html) = doc.document_element() {
            set_attr(&html, "lang", &view.lang);
        }
        for (id, text) in &view.labels {
            if let Some(e) = doc.get_element_by_id(id) {
                e.set_text_content(Some(text));
            }
        }
        self.listeners.borrow_mut().clear();
        let list: HtmlElement = by_id(doc, "portals")?;
        list.set_text_content(None);
        for p in &view.portals {
            if let Some(row) = self.portal_row(view, p) {
                let _ = list.append_child(&row);
            }
        }
        for draft in self.draft.borrow().iter() {
            let p = PortalView {
                origin: draft.origin.clone(),
                policy: draft.policy.clone(),
                spec: draft.policy.spec().ok(),
                description: Vec::new(),
                managed: false,
                insecure: false,
                speakable: draft.speakable,
                pending: Vec::new(),
                pending_from: None,
                problem: None,
            };
            if let Some(row) = self.portal_row(view, &p) {
                let _ = list.append_child(&row);
            }
        }
        // Preferences.
        let input = |id: &str| find::<HtmlInputElement>(doc, id);
        let p = &view.prefs;
        if let Some(i) = input("clipboard") {
            i.set_value(&p.clipboard_clear_seconds.to_string());
        }
        if let Some(i) = input("look-alikes") {
            i.set_checked(p.exclude_look_alikes);
        }
        if let Some(i) = input("length") {
            i.set_value(&p.default_length.map(|n| n.to_string()).unwrap_or_default());
        }
        if let Some(i) = input("offer-rebuild") {
            i.set_checked(p.offer_rebuild);
        }
        if let Some(i) = input("bulk-pause") {
            i.set_value(&p.bulk_pause_ms.to_string());
        }
        if let Some(s) = find::<HtmlSelectElement>(doc, "language") {
            s.set_value(p.language.map_or("", |l| l.code()));
        }
        for name in &view.managed_prefs {
            let id = match name.as_str() {
                "clipboard_clear_seconds" => "clipboard",
                "exclude_look_alikes" => "look-alikes",
                "default_length" => "length",
                "offer_rebuild" => "offer-rebuild",
                "language" => "language",
                "bulk_pause_ms" => "bulk-pause",
                _ => continue,
            };
            if let Some(e) = doc.get_element_by_id(id) {
                set_attr(&e, "disabled", "");
            }
        }
        // Confirmation of a weakening save.
        if let Some(section) = find::<HtmlElement>(doc, "confirm") {
            show(&section, !view.confirm.is_empty());
            if let Some(body) = doc.get_element_by_id("confirm-lines") {
                diff_rows(doc, &body, &view.confirm);
            }
        }
        passwright_glue::dom::set_text(doc, "floor", &view.floor.join(" "));
        if let Some(ul) = find::<HtmlElement>(doc, "problems") {
            ul.set_text_content(None);
            for text in &view.problems {
                if let Ok(li) = doc.create_element("li") {
                    li.set_text_content(Some(text));
                    let _ = ul.append_child(&li);
                }
            }
            show(&ul, !view.problems.is_empty());
        }
        // Portal maps.
        let maps: HtmlElement = by_id(doc, "maps")?;
        maps.set_text_content(None);
        for m in &view.maps {
            let Some(row) = clone(doc, "map-template") else { continue };
            set_attr(&row, "data-origin", &m.origin);
            if let Some(e) = q::<Element>(&row, ".map-origin") {
                e.set_text_content(Some(&m.origin));
            }
            if let Some(ul) = q::<Element>(&row, ".map-lines") {
                for line in &m.lines {
                    if let Ok(li) = doc.create_element("li") {
                        li.set_text_content(Some(line));
                        let _ = ul.append_child(&li);
                    }
                }
            }
            if let Some(b) = q::<HtmlElement>(&row, ".delete-map") {
                b.set_text_content(Some(label(view, "delete-map")));
                show(&b, !m.managed);
                let weak = Rc::downgrade(self);
                let origin = m.origin.clone();
                self.listeners.borrow_mut().push(EventListener::new(&b, "click", move |_| {
                    if let Some(o) = weak.upgrade() {
                        o.spawn(OptionsRequest::DeleteMap { origin: origin.clone() });
                    }
                }));
            }
            let _ = maps.append_child(&row);
        }
        // The audit log.
        let body: HtmlElement = by_id(doc, "audit")?;
        body.set_text_content(None);
        for a in &view.audit {
            let Ok(tr) = doc.create_element("tr") else { continue };
            for text in [&a.time, &a.origin, &a.who, &a.kind, &a.steps, &a.outcome] {
                if let Ok(td) = doc.create_element("td") {
                    td.set_text_content(Some(text));
                    let _ = tr.append_child(&td);
                }
            }
            let _ = body.append_child(&tr);
        }
        match &view.message {
            Some(n) => self.say(&n.text, n.error),
            None => self.say("", false),
        }
        Ok(())
    }

    /// Reads the portal rows back, as the admin edited them.
    fn read_portals(&self) -> Result<Vec<PortalForm>, String> {
        let rows =
            self.doc.query_selector_all(".portal[data-editable]").map_err(|_| "cannot read the page")?;
        let mut out = Vec::new();
        for i in 0..rows.length() {
            let Some(row) = rows.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else { continue };
            let origin = q::<HtmlInputElement>(&row, ".origin-input").map(|e| e.value()).unwrap_or_default();
            if origin.trim().is_empty() {
                continue;
            }
            let mode = q::<HtmlSelectElement>(&row, ".mode").map(|e| e.value()).unwrap_or_default();
            let policy = match mode.as_str() {
                "rules" => Source::Rules(
                    q::<HtmlTextAreaElement>(&row, ".rules-text").map(|e| e.value()).unwrap_or_default(),
                ),
                "spec" => {
                    let text = q::<HtmlTextAreaElement>(&row, ".spec").map(|e| e.value()).unwrap_or_default();
                    let value = js_sys::JSON::parse(&text)
                        .map_err(|_| format!("{}: the rule sets are not valid JSON", origin.trim()))?;
                    let spec: PolicySpec = from_js(value, "rule sets").map_err(|e| {
                        format!("{}: {}", origin.trim(), JsValue::from(e).as_string().unwrap_or_default())
                    })?;
                    Source::Spec(spec)
                }
                _ => Source::Preset(
                    q::<HtmlSelectElement>(&row, ".preset").map(|e| e.value()).unwrap_or_default(),
                ),
            };
            let speakable = q::<HtmlInputElement>(&row, ".speakable").is_some_and(|s| s.checked());
            out.push(PortalForm { origin, policy, speakable });
        }
        Ok(out)
    }

    fn read_prefs(&self) -> Result<Prefs, String> {
        let doc = &self.doc;
        let value = |id: &str| find::<HtmlInputElement>(doc, id).map(|i| i.value()).unwrap_or_default();
        let checked = |id: &str| find::<HtmlInputElement>(doc, id).is_some_and(|i| i.checked());
        let number = |id: &str, what: &str| -> Result<u32, String> {
            value(id).trim().parse().map_err(|_| format!("{what}: a whole number, please"))
        };
        let length = value("length");
        Ok(Prefs {
            clipboard_clear_seconds: number("clipboard", "Clipboard")?,
            exclude_look_alikes: checked("look-alikes"),
            default_length: if length.trim().is_empty() {
                None
            } else {
                Some(length.trim().parse().map_err(|_| "Length: a whole number, please".to_owned())?)
            },
            offer_rebuild: checked("offer-rebuild"),
            language: find::<HtmlSelectElement>(doc, "language").and_then(|s| match s.value().as_str() {
                "en" => Some(passwright_core::i18n::Lang::En),
                "fr" => Some(passwright_core::i18n::Lang::Fr),
                "de" => Some(passwright_core::i18n::Lang::De),
                "es" => Some(passwright_core::i18n::Lang::Es),
                _ => None,
            }),
            bulk_pause_ms: number("bulk-pause", "Pause")?,
        })
    }

    fn save(self: &Rc<Self>, confirmed: bool) {
        match self.read_portals().and_then(|portals| Ok((portals, self.read_prefs()?))) {
            Ok((portals, prefs)) => self.spawn(OptionsRequest::Save { portals, prefs, confirmed }),
            Err(e) => self.say(&e, true),
        }
    }

    fn import(self: &Rc<Self>) {
        let Some(input) = find::<HtmlInputElement>(&self.doc, "import-maps") else { return };
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        let me = Rc::clone(self);
        wasm_bindgen_futures::spawn_local(async move {
            let text =
                wasm_bindgen_futures::JsFuture::from(file.text()).await.ok().and_then(|t| t.as_string());
            let parsed = text.and_then(|t| js_sys::JSON::parse(&t).ok());
            let maps = parsed.and_then(|v| {
                let inner = passwright_glue::get(&v, "maps");
                let list = if inner.is_undefined() { v } else { inner };
                from_js::<Vec<PortalMap>>(list, "maps").ok()
            });
            match maps {
                Some(maps) => me.ask(OptionsRequest::ImportMaps { maps }).await,
                None => me.say("Not imported: the file is not a Passwright portal-map export.", true),
            }
        });
    }

    fn wire(self: &Rc<Self>) -> Result<(), JsError> {
        let doc = self.doc.clone();
        let mut fixed = self.fixed.borrow_mut();
        let mut on = |id: &str, event: &'static str, f: Handler| -> Result<(), JsError> {
            let target: web_sys::EventTarget = by_id(&doc, id)?;
            let weak = Rc::downgrade(self);
            fixed.push(EventListener::new(&target, event, move |_| {
                if let Some(o) = weak.upgrade() {
                    f(&o);
                }
            }));
            Ok(())
        };
        on(
            "add-portal",
            "click",
            Box::new(|o| {
                if let Ok(current) = o.read_portals() {
                    let saved: Vec<String> = o
                        .view
                        .borrow()
                        .as_ref()
                        .map(|v| v.portals.iter().map(|p| p.origin.clone()).collect())
                        .unwrap_or_default();
                    *o.draft.borrow_mut() =
                        current.into_iter().filter(|p| !saved.contains(&p.origin)).collect();
                }
                o.draft.borrow_mut().push(PortalForm {
                    origin: String::new(),
                    policy: Source::default(),
                    speakable: false,
                });
                let view = o.view.borrow().clone();
                if let Some(view) = view {
                    let _ = o.draw(&view);
                }
            }),
        )?;
        on("save", "click", Box::new(|o| o.save(false)))?;
        on("confirm-save", "click", Box::new(|o| o.save(true)))?;
        on("export", "click", Box::new(|o| o.spawn(OptionsRequest::ExportAudit)))?;
        on("clear-audit", "click", Box::new(|o| o.spawn(OptionsRequest::ClearAudit)))?;
        on("export-maps", "click", Box::new(|o| o.spawn(OptionsRequest::ExportMaps)))?;
        on("import-maps", "change", Box::new(|o| o.import()))?;
        Ok(())
    }
}

thread_local! {
    // The page lives until it closes.
    static OPTIONS: RefCell<Option<Rc<Options>>> = const { RefCell::new(None) };
}

/// Starts the options page with its host (`extension/options.js`: `send`
/// posts a request to the background and resolves with its reply).
#[wasm_bindgen]
pub async fn start_options(host: JsValue) -> Result<(), JsError> {
    let doc = document()?;
    let options = Rc::new(Options {
        doc: doc.clone(),
        host,
        view: RefCell::new(None),
        draft: RefCell::new(Vec::new()),
        listeners: RefCell::new(Vec::new()),
        fixed: RefCell::new(Vec::new()),
    });
    options.wire()?;
    options.ask(OptionsRequest::Load).await;
    OPTIONS.with(|o| *o.borrow_mut() = Some(Rc::clone(&options)));
    // Ready: every control answers from now on (automation waits for this).
    if let Some(body) = doc.body() {
        set_attr(&body, "data-ready", "true");
    }
    Ok(())
}
