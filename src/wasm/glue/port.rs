//! A `runtime.Port` to the background, with listeners held as RAII guards
//! (removed when dropped, as gloo's `EventListener` does for DOM events).

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `runtime.Port`.
    pub type Port;
    #[wasm_bindgen(method, catch, js_name = postMessage)]
    fn post_message(this: &Port, message: &JsValue) -> Result<(), JsValue>;
    #[wasm_bindgen(method, getter, js_name = onMessage)]
    fn on_message(this: &Port) -> ExtensionEvent;
    #[wasm_bindgen(method, getter, js_name = onDisconnect)]
    fn on_disconnect(this: &Port) -> ExtensionEvent;

    /// `events.Event` of the extension APIs.
    pub type ExtensionEvent;
    #[wasm_bindgen(method, js_name = addListener)]
    fn add_listener(this: &ExtensionEvent, listener: &js_sys::Function);
    #[wasm_bindgen(method, js_name = removeListener)]
    fn remove_listener(this: &ExtensionEvent, listener: &js_sys::Function);
}

/// A listener on an extension event; removed on drop.
pub struct Listener {
    event: ExtensionEvent,
    closure: Closure<dyn FnMut(JsValue)>,
}

impl Listener {
    fn new(event: ExtensionEvent, f: impl FnMut(JsValue) + 'static) -> Listener {
        let closure = Closure::<dyn FnMut(JsValue)>::new(f);
        event.add_listener(closure.as_ref().unchecked_ref());
        Listener { event, closure }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.event.remove_listener(self.closure.as_ref().unchecked_ref());
    }
}

/// A connected port and its two listeners.
pub struct Connection {
    port: Port,
    _message: Listener,
    _disconnect: Listener,
}

impl Connection {
    /// Connects with `connect` (a JS function returning a new Port); messages
    /// go to `on_message`, and `on_disconnect` runs when the background goes
    /// away (a service-worker restart).
    pub fn open(
        connect: &js_sys::Function,
        on_message: impl FnMut(JsValue) + 'static,
        mut on_disconnect: impl FnMut() + 'static,
    ) -> Result<Connection, JsError> {
        let port: Port = connect
            .call0(&JsValue::NULL)
            .map_err(|_| JsError::new("cannot connect to the background"))?
            .unchecked_into();
        let message = Listener::new(port.on_message(), on_message);
        let disconnect = Listener::new(port.on_disconnect(), move |_| on_disconnect());
        Ok(Connection { port, _message: message, _disconnect: disconnect })
    }

    /// Sends a message; false if the port is gone.
    pub fn send(&self, message: &JsValue) -> bool {
        self.port.post_message(message).is_ok()
    }
}
