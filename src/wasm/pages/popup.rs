//! The toolbar popup: enable or disable Passwright on the current portal,
//! open the panel, teach the portal. It draws the engine's [`PopupView`].
//!
//! Least privilege: the extension has no host access at install; enabling
//! asks for this one site, inside the admin's click (browsers grant
//! permissions only on a user gesture), then tells the background.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::EventListener;
use passwright_core::protocol::pages::{PopupReply, PopupRequest, PopupView, TabInfo};
use passwright_core::teach::TeachCommand;
use passwright_glue::dom::{document, find, show};
use passwright_glue::host::{self, call, string};
use passwright_glue::{from_js, get, to_js};
use wasm_bindgen::prelude::*;
use web_sys::{Document, HtmlElement};

struct Popup {
    doc: Document,
    host: JsValue,
    tab: Option<TabInfo>,
    view: RefCell<Option<PopupView>>,
}

impl Popup {
    async fn ask(self: &Rc<Self>, request: PopupRequest) {
        let Ok(message) = to_js(&request) else { return };
        let reply =
            call(&self.host, "send", &[message]).await.ok().map(|r| from_js::<PopupReply>(r, "reply"));
        match reply {
            Some(Ok(PopupReply::View(view))) => {
                self.draw(&view);
                *self.view.borrow_mut() = Some(*view);
            }
            Some(Ok(PopupReply::Close)) => {
                let _ = call(&self.host, "close", &[]).await;
            }
            _ => {}
        }
    }

    fn draw(&self, view: &PopupView) {
        let doc = &self.doc;
        if let Some(html) = doc.document_element() {
            let _ = html.set_attribute("lang", &view.lang);
        }
        for (id, text) in &view.labels {
            passwright_glue::dom::set_text(doc, id, text);
        }
        passwright_glue::dom::set_text(doc, "site", &view.site);
        passwright_glue::dom::set_text(doc, "state", &view.state);
        if let Some(w) = find::<HtmlElement>(doc, "warning") {
            show(&w, view.warning.is_some());
            w.set_text_content(view.warning.as_deref());
        }
        for (id, on) in [
            ("enable", view.enable),
            ("disable", view.disable),
            ("open-panel", view.open),
            ("teach", view.open),
        ] {
            if let Some(e) = find::<HtmlElement>(doc, id) {
                show(&e, on);
            }
        }
    }

    fn on(self: &Rc<Self>, id: &str, f: fn(Rc<Popup>)) -> Option<EventListener> {
        passwright_glue::dom::on_trusted_click(&self.doc, id, self, f)
    }
}

/// Starts the popup with its host (`extension/popup.js`).
#[wasm_bindgen]
pub async fn start_popup(host: JsValue) -> Result<(), JsError> {
    let doc = document()?;
    let tab = call(&host, "activeTab", &[]).await?;
    let tab = (!tab.is_null() && !tab.is_undefined()).then(|| TabInfo {
        id: get(&tab, "id").as_f64().unwrap_or(-1.0) as i64,
        url: string(&tab, "url").unwrap_or_default(),
    });
    let popup = Rc::new(Popup { doc, host: host.clone(), tab: tab.clone(), view: RefCell::new(None) });
    // Whether this site is enabled is the browser's to say (the permission).
    let pattern = tab.as_ref().and_then(|t| {
        let url = web_sys::Url::new(&t.url).ok()?;
        matches!(url.protocol().as_str(), "http:" | "https:")
            .then(|| format!("{}//{}/*", url.protocol(), url.hostname()))
    });
    let enabled = match &pattern {
        Some(p) => {
            call(&host, "contains", &[p.clone().into()]).await.ok().and_then(|v| v.as_bool()).unwrap_or(false)
        }
        None => false,
    };
    popup.ask(PopupRequest::Load { tab: tab.clone(), enabled }).await;
    let mut listeners: Vec<EventListener> = Vec::new();
    listeners.extend(popup.on("enable", |p| {
        let Some(tab) = p.tab.clone() else { return };
        let Some(pattern) = p.view.borrow().as_ref().and_then(|v| v.pattern.clone()) else { return };
        // Asked inside the click: browsers only grant permissions on a user gesture.
        let asked = host::start(&p.host, "request", &[pattern.into()]);
        wasm_bindgen_futures::spawn_local(async move {
            let granted = match asked {
                Ok(v) => host::finish(v).await.ok().and_then(|v| v.as_bool()).unwrap_or(false),
                Err(_) => false,
            };
            p.ask(PopupRequest::Enabled { tab, granted }).await;
        });
    }));
    listeners.extend(popup.on("disable", |p| {
        let Some(tab) = p.tab.clone() else { return };
        let Some(pattern) = p.view.borrow().as_ref().and_then(|v| v.pattern.clone()) else { return };
        wasm_bindgen_futures::spawn_local(async move {
            let _ = call(&p.host, "remove", &[pattern.into()]).await;
            p.ask(PopupRequest::Disabled { tab }).await;
        });
    }));
    listeners.extend(popup.on("open-panel", |p| {
        let Some(tab) = p.tab.clone() else { return };
        wasm_bindgen_futures::spawn_local(async move { p.ask(PopupRequest::OpenPanel { tab }).await });
    }));
    listeners.extend(popup.on("teach-user", |p| {
        let Some(tab) = p.tab.clone() else { return };
        wasm_bindgen_futures::spawn_local(async move {
            p.ask(PopupRequest::Teach { tab, command: TeachCommand::UserPage }).await
        });
    }));
    listeners.extend(popup.on("teach-passwords", |p| {
        let Some(tab) = p.tab.clone() else { return };
        wasm_bindgen_futures::spawn_local(async move {
            p.ask(PopupRequest::Teach { tab, command: TeachCommand::PasswordsPage }).await
        });
    }));
    listeners.extend(popup.on("options", |p| {
        wasm_bindgen_futures::spawn_local(async move {
            let _ = call(&p.host, "openOptions", &[]).await;
        });
    }));
    POPUP.with(|slot| *slot.borrow_mut() = Some((popup, listeners)));
    Ok(())
}

thread_local! {
    // The popup lives until it closes: its listeners with it.
    static POPUP: RefCell<Option<(Rc<Popup>, Vec<EventListener>)>> = const { RefCell::new(None) };
}
