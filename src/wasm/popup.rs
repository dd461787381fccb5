//! The toolbar popup: enable or disable Passwright on the current portal.
//!
//! Least privilege: the extension has no host access at install; enabling
//! asks for this one host, on the admin's click, and registers the agent for it.

use std::rc::Rc;

use gloo_events::EventListener;
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

use super::dom::{by_id, document, show};
use super::host::{self, call, string};

struct Popup {
    host: JsValue,
    pattern: String,
    tab_id: JsValue,
    site: HtmlElement,
    state: HtmlElement,
    enable: HtmlElement,
    disable: HtmlElement,
    open: HtmlElement,
}

impl Popup {
    fn render(&self, enabled: Option<bool>, note: Option<&str>) {
        show(&self.enable, enabled == Some(false));
        show(&self.disable, enabled == Some(true));
        show(&self.open, enabled == Some(true));
        let text = match (enabled, note) {
            (_, Some(note)) => note.to_owned(),
            (Some(true), None) => "Enabled: Passwright works on this portal's user pages.".into(),
            (Some(false), None) => "Not enabled here. Passwright reads only the portals you enable.".into(),
            (None, None) => "Passwright works on your portal's pages (http or https).".into(),
        };
        self.state.set_text_content(Some(&text));
    }

    async fn refresh(&self) {
        let enabled =
            call(&self.host, "contains", &[self.pattern.clone().into()]).await.ok().and_then(|v| v.as_bool());
        self.render(enabled, None);
    }
}

fn on_click(target: &HtmlElement, popup: &Rc<Popup>, f: fn(Rc<Popup>)) -> EventListener {
    let popup = Rc::clone(popup);
    EventListener::new(target, "click", move |event| {
        if event.is_trusted() {
            f(Rc::clone(&popup));
        }
    })
}

/// Starts the popup with its host (see extension/popup.js).
#[wasm_bindgen]
pub async fn start_popup(host: JsValue) -> Result<(), JsError> {
    let doc = document()?;
    let options: HtmlElement = by_id(&doc, "options")?;
    let tab = call(&host, "activeTab", &[]).await?;
    let url = string(&tab, "url").unwrap_or_default();
    let tab_id = js_sys::Reflect::get(&tab, &"id".into()).unwrap_or(JsValue::NULL);
    let parsed = web_sys::Url::new(&url).ok().filter(|u| matches!(u.protocol().as_str(), "http:" | "https:"));
    let pattern =
        parsed.as_ref().map(|u| format!("{}//{}/*", u.protocol(), u.hostname())).unwrap_or_default();
    let popup = Rc::new(Popup {
        host: host.clone(),
        pattern: pattern.clone(),
        tab_id,
        site: by_id(&doc, "site")?,
        state: by_id(&doc, "state")?,
        enable: by_id(&doc, "enable")?,
        disable: by_id(&doc, "disable")?,
        open: by_id(&doc, "open-panel")?,
    });
    popup
        .site
        .set_text_content(Some(&parsed.as_ref().map(|u| u.origin()).unwrap_or_else(|| "This page".into())));
    let mut listeners = vec![
        on_click(&popup.enable, &popup, |p| {
            // Asked inside the click: browsers only grant permissions on a user gesture.
            let asked = host::start(&p.host, "request", &[p.pattern.clone().into()]);
            wasm_bindgen_futures::spawn_local(async move {
                let granted = match asked {
                    Ok(v) => host::finish(v).await.ok().and_then(|v| v.as_bool()).unwrap_or(false),
                    Err(_) => false,
                };
                if granted {
                    let _ = call(&p.host, "send", &[message("registered", &JsValue::NULL)]).await;
                    let _ = call(&p.host, "send", &[message("inject", &p.tab_id)]).await;
                    p.render(Some(true), Some("Enabled. Open a user's page to reset a password."));
                } else {
                    p.render(Some(false), Some("Not enabled: the permission was not granted."));
                }
            });
        }),
        on_click(&popup.disable, &popup, |p| {
            wasm_bindgen_futures::spawn_local(async move {
                let _ = call(&p.host, "remove", &[p.pattern.clone().into()]).await;
                let _ = call(&p.host, "send", &[message("registered", &JsValue::NULL)]).await;
                p.refresh().await;
            });
        }),
        on_click(&popup.open, &popup, |p| {
            wasm_bindgen_futures::spawn_local(async move {
                let _ = call(&p.host, "send", &[message("open-panel", &p.tab_id)]).await;
            });
        }),
    ];
    let h = host.clone();
    listeners.push(EventListener::new(&options, "click", move |_| {
        let h = h.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let _ = call(&h, "openOptions", &[]).await;
        });
    }));
    if pattern.is_empty() {
        popup.render(None, None);
    } else {
        popup.refresh().await;
    }
    // The popup lives until it closes.
    std::mem::forget(listeners);
    Ok(())
}

fn message(kind: &str, tab_id: &JsValue) -> JsValue {
    let object = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&object, &"type".into(), &kind.into());
    let _ = js_sys::Reflect::set(&object, &"tabId".into(), tab_id);
    object.into()
}
