//! `script-form`: the Passwords form described as data. The page carries it
//! in a JSON data block (`<script type="application/json">`, which the CSP
//! does not govern: it is never run) next to an empty container, and the
//! page's own script (`/assets/pwform.js`, same origin) builds the form from
//! it after load. The single-page portal renders the same description.

use maud::{Markup, PreEscaped, html};
use serde::Serialize;

use super::Limits;
use crate::variants::paths as vpaths;
use crate::variants::texts::for_lang;

/// How long after `load` the script builds the form.
pub const BUILD_DELAY_MS: u32 = 400;
/// The container's id.
pub const ROOT_ID: &str = "credentials-app";
/// The data block's id.
pub const CONFIG_ID: &str = "credentials-app-config";

/// A hidden field.
#[derive(Clone, Debug, Serialize)]
pub struct HiddenSpec {
    /// Name.
    pub name: String,
    /// Value.
    pub value: String,
}

/// One radio.
#[derive(Clone, Debug, Serialize)]
pub struct RadioSpec {
    /// Value posted.
    pub value: String,
    /// Visible text.
    pub label: String,
    /// Selected.
    pub checked: bool,
}

/// One text or password input.
#[derive(Clone, Debug, Serialize)]
pub struct InputSpec {
    /// Name.
    pub name: String,
    /// Visible label.
    pub label: String,
    /// `password`.
    #[serde(rename = "type")]
    pub input_type: String,
    /// `autocomplete`.
    pub autocomplete: String,
    /// `maxlength`.
    pub maxlength: Option<u32>,
    /// `minlength`.
    pub minlength: Option<u32>,
    /// `pattern`.
    pub pattern: Option<String>,
    /// `inputmode`.
    pub inputmode: Option<String>,
}

impl InputSpec {
    /// A password input with `limits`.
    pub fn password(name: &str, label: &str, autocomplete: &str, limits: &Limits) -> InputSpec {
        InputSpec {
            name: name.to_owned(),
            label: label.to_owned(),
            input_type: "password".into(),
            autocomplete: autocomplete.to_owned(),
            maxlength: limits.maxlength,
            minlength: limits.minlength,
            pattern: limits.pattern.clone(),
            inputmode: limits.inputmode.map(str::to_owned),
        }
    }
}

/// A button (a submit with its name and value) or a link styled as one.
#[derive(Clone, Debug, Serialize)]
pub struct ButtonSpec {
    /// Name posted (submits).
    pub name: String,
    /// Value posted (submits).
    pub value: String,
    /// Visible text.
    pub label: String,
    /// Not the main action.
    pub secondary: bool,
    /// A link to here instead of a submit.
    pub href: Option<String>,
}

/// The whole form.
#[derive(Clone, Debug, Serialize)]
pub struct FormSpec {
    /// Where it posts.
    pub action: String,
    /// `autocomplete` of the form, if set.
    pub autocomplete: Option<String>,
    /// Hidden fields (the one-time token).
    pub hidden: Vec<HiddenSpec>,
    /// The radio group's name.
    pub radio_name: String,
    /// The radios.
    pub radios: Vec<RadioSpec>,
    /// The inputs, in order.
    pub inputs: Vec<InputSpec>,
    /// The buttons, in order.
    pub buttons: Vec<ButtonSpec>,
    /// How long after `load` to build it.
    pub delay_ms: u32,
}

/// JSON safe to put inside a `<script>` element (no `<`, `>` or `&`).
pub fn script_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value)
        .unwrap_or_else(|_| "null".into())
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// The empty container, the form's description and the script that builds it.
pub fn container(lang: &str, spec: &FormSpec) -> Markup {
    let v = for_lang(lang);
    html! {
        div id=(ROOT_ID) {}
        noscript { p { (v.needs_script) } }
        script type="application/json" id=(CONFIG_ID) { (PreEscaped(script_json(spec))) }
        script src=(vpaths::SCRIPT_FORM_JS) {}
    }
}
