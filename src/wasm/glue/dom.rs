//! Small DOM helpers shared by the Rust UIs.

use std::rc::Rc;

use gloo_events::EventListener;
use wasm_bindgen::{JsCast, JsError};
use web_sys::{Document, Element, HtmlElement, HtmlInputElement};

/// The page's document.
pub fn document() -> Result<Document, JsError> {
    web_sys::window().and_then(|w| w.document()).ok_or_else(|| JsError::new("no document"))
}

/// The element with `id`, as type `T`.
pub fn by_id<T: JsCast>(doc: &Document, id: &str) -> Result<T, JsError> {
    doc.get_element_by_id(id)
        .ok_or_else(|| JsError::new(&format!("missing element #{id}")))?
        .dyn_into::<T>()
        .map_err(|_| JsError::new(&format!("#{id} is not the expected kind of element")))
}

/// A new element with optional text.
pub fn element(doc: &Document, tag: &str, text: Option<&str>) -> Result<Element, JsError> {
    let el = doc.create_element(tag).map_err(|_| JsError::new("cannot create element"))?;
    if let Some(text) = text {
        el.set_text_content(Some(text));
    }
    Ok(el)
}

/// Sets an attribute, ignoring failure (only invalid names fail).
pub fn set_attr(el: &Element, name: &str, value: &str) {
    let _ = el.set_attribute(name, value);
}

/// Shows or hides an element with the `hidden` attribute.
pub fn show(el: &HtmlElement, visible: bool) {
    el.set_hidden(!visible);
}

/// The element with `id`, if there is one of type `T`.
pub fn find<T: JsCast>(doc: &Document, id: &str) -> Option<T> {
    doc.get_element_by_id(id)?.dyn_into::<T>().ok()
}

/// Sets the text of the element with `id`, when there is one.
pub fn set_text(doc: &Document, id: &str, text: &str) {
    if let Some(el) = doc.get_element_by_id(id) {
        el.set_text_content(Some(text));
    }
}

/// The input's value, trimmed; `None` when empty.
pub fn trimmed(input: &HtmlInputElement) -> Option<String> {
    let v = input.value();
    let v = v.trim();
    (!v.is_empty()).then(|| v.to_owned())
}

/// Appends `child` to `parent`.
pub fn append(parent: &Element, child: &Element) -> Result<(), JsError> {
    parent.append_child(child).map(drop).map_err(|_| JsError::new("cannot build the page"))
}

/// Offers `text` as a file download named `name` (the admin's explicit
/// choice: an audit export, a hand-off sheet's CSV).
pub fn download(doc: &Document, name: &str, mime: &str, text: &str) -> Result<(), JsError> {
    let parts: js_sys::Array = [wasm_bindgen::JsValue::from_str(text)].iter().collect();
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| JsError::new("cannot build the file"))?;
    let url =
        web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| JsError::new("cannot link the file"))?;
    let a: HtmlElement = doc
        .create_element("a")
        .map_err(|_| JsError::new("dom"))?
        .dyn_into()
        .map_err(|_| JsError::new("dom"))?;
    set_attr(&a, "href", &url);
    set_attr(&a, "download", name);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// Calls `f` with `me` on each trusted click (the admin's, never one the
/// page synthesised) of the element `id`, while the listener is kept.
pub fn on_trusted_click<T: 'static>(
    doc: &Document,
    id: &str,
    me: &Rc<T>,
    f: fn(Rc<T>),
) -> Option<EventListener> {
    let target: HtmlElement = find(doc, id)?;
    let me = Rc::clone(me);
    Some(EventListener::new(&target, "click", move |event| {
        if event.is_trusted() {
            f(Rc::clone(&me));
        }
    }))
}
