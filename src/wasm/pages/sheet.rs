//! The hand-off sheet of a bulk run: each user's new password and passcode
//! in plain text (this page is the one place they are shown together), to
//! print, download as CSV, or read out. Closing it wipes them in the
//! background too.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::EventListener;
use passwright_core::protocol::pages::{SheetReply, SheetRequest, SheetView};
use passwright_glue::dom::{append, document, element, find, set_attr, set_text, show};
use passwright_glue::host::call;
use passwright_glue::{from_js, to_js};
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, HtmlElement};

struct Sheet {
    doc: Document,
    host: JsValue,
    run: String,
    csv: RefCell<Option<zeroize::Zeroizing<String>>>,
}

impl Sheet {
    async fn ask(self: &Rc<Self>, request: SheetRequest) {
        let Ok(message) = to_js(&request) else { return };
        let reply =
            call(&self.host, "send", &[message]).await.ok().map(|r| from_js::<SheetReply>(r, "reply"));
        match reply {
            Some(Ok(SheetReply::View(view))) => {
                let _ = self.draw(&view);
                *self.csv.borrow_mut() = Some(view.csv.clone());
            }
            Some(Ok(SheetReply::Gone { message })) => self.gone(&message),
            _ => self.gone("…"),
        }
    }

    /// Nothing (any more) to show: the table and the CSV are wiped.
    fn gone(&self, message: &str) {
        let doc = &self.doc;
        self.csv.borrow_mut().take();
        if let Some(body) = find::<HtmlElement>(doc, "sheet-rows") {
            body.set_text_content(None);
        }
        for id in ["sheet-table", "sheet-print", "sheet-csv", "sheet-close", "sheet-warning"] {
            if let Some(e) = find::<HtmlElement>(doc, id) {
                show(&e, false);
            }
        }
        if let Some(m) = find::<HtmlElement>(doc, "sheet-message") {
            m.set_text_content(Some(message));
            show(&m, true);
        }
    }

    fn draw(&self, view: &SheetView) -> Result<(), JsError> {
        let doc = &self.doc;
        if let Some(html) = doc.document_element() {
            set_attr(&html, "lang", &view.lang);
        }
        for (id, text) in &view.labels {
            set_text(doc, id, text);
        }
        set_text(doc, "sheet-title", &view.title);
        doc.set_title(&view.title);
        let Some(body) = find::<HtmlElement>(doc, "sheet-rows") else { return Ok(()) };
        body.set_text_content(None);
        for r in &view.rows {
            let tr = element(doc, "tr", None)?;
            set_attr(&tr, "data-field", "handoff-row");
            set_attr(&tr, "data-user", &r.user);
            let who = element(doc, "th", None)?;
            set_attr(&who, "scope", "row");
            let name = r.name.clone().unwrap_or_default();
            append(&who, &element(doc, "strong", Some(if name.is_empty() { &r.user } else { &name }))?)?;
            if !name.is_empty() {
                append(&who, &element(doc, "div", Some(&r.user))?)?;
            }
            let note = element(doc, "p", Some(&r.note))?;
            set_attr(&note, "class", "note");
            append(&who, &note)?;
            append(&tr, &who)?;
            append(&tr, &element(doc, "td", Some(r.extension.as_deref().unwrap_or("")))?)?;
            for (field, secret, reading) in [
                ("password", r.password.as_deref(), r.password_reading.as_deref()),
                ("passcode", r.passcode.as_deref(), r.passcode_reading.as_deref()),
            ] {
                let td = element(doc, "td", None)?;
                if let Some(secret) = secret {
                    let code = element(doc, "code", Some(secret))?;
                    set_attr(&code, "data-field", field);
                    append(&td, &code)?;
                    if let Some(reading) = reading {
                        let p: Element = element(doc, "p", Some(reading))?;
                        set_attr(&p, "class", "reading");
                        append(&td, &p)?;
                    }
                }
                append(&tr, &td)?;
            }
            append(&body, &tr)?;
        }
        Ok(())
    }

    fn on(self: &Rc<Self>, id: &str, f: fn(Rc<Sheet>)) -> Option<EventListener> {
        passwright_glue::dom::on_trusted_click(&self.doc, id, self, f)
    }
}

/// Starts the hand-off sheet (`sheet.html?run=<id>`) with its host (`extension/sheet.js`).
#[wasm_bindgen]
pub async fn start_sheet(host: JsValue) -> Result<(), JsError> {
    let doc = document()?;
    let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    let params =
        web_sys::UrlSearchParams::new_with_str(&search).map_err(|_| JsError::new("bad sheet address"))?;
    let run = params.get("run").unwrap_or_default();
    let sheet = Rc::new(Sheet { doc, host, run: run.clone(), csv: RefCell::new(None) });
    sheet.ask(SheetRequest::Load { run }).await;
    let mut listeners = Vec::new();
    listeners.extend(sheet.on("sheet-print", |s| {
        wasm_bindgen_futures::spawn_local(async move {
            let _ = call(&s.host, "print", &[]).await;
        });
    }));
    listeners.extend(sheet.on("sheet-csv", |s| {
        let csv = s.csv.borrow().clone();
        if let Some(csv) = csv {
            let name = format!("passwright-handoff-{}.csv", s.run.split('-').next().unwrap_or("run"));
            let _ = passwright_glue::dom::download(&s.doc, &name, "text/csv", &csv);
        }
    }));
    listeners.extend(sheet.on("sheet-close", |s| {
        wasm_bindgen_futures::spawn_local(async move {
            let run = s.run.clone();
            s.ask(SheetRequest::Close { run }).await;
        });
    }));
    SHEET.with(|slot| *slot.borrow_mut() = Some((sheet, listeners)));
    Ok(())
}

thread_local! {
    // The sheet lives as long as its page: its listeners with it.
    static SHEET: RefCell<Option<(Rc<Sheet>, Vec<EventListener>)>> = const { RefCell::new(None) };
}
