//! The page as the content-script agent describes it (extension/agent.js).
//!
//! Element ids index the agent's list of elements for this snapshot; actions
//! refer to them. Password fields carry only their length, never their value.

use serde::{Deserialize, Serialize};

/// An element id within one snapshot.
pub type ElementId = u32;

/// A structured description of a page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Snapshot {
    /// The page's URL.
    pub url: String,
    /// `document.title`.
    pub title: String,
    /// `<html lang>`.
    pub lang: String,
    /// `document.referrer`: the page the admin came from.
    pub referrer: String,
    /// Visible headings.
    pub headings: Vec<Heading>,
    /// Visible links.
    pub links: Vec<Link>,
    /// Inputs, selects and text areas.
    pub fields: Vec<Field>,
    /// Buttons and submit inputs.
    pub buttons: Vec<Button>,
    /// Visible texts of alert, status and message elements.
    pub messages: Vec<Message>,
    /// Label and value pairs from tables, definition lists and "Label:" texts.
    pub pairs: Vec<Pair>,
    /// The page's forms.
    pub forms: Vec<Form>,
    /// The start of the page's visible text.
    pub text: String,
    /// A light snapshot: the agent's first on a page, without the links'
    /// labels and groups, the pairs and the text (see [`wants_full`]).
    ///
    /// [`wants_full`]: crate::portal::wants_full
    pub light: bool,
}

/// A heading.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Heading {
    /// Element id.
    pub id: ElementId,
    /// 1 to 6.
    pub level: u8,
    /// Its text.
    pub text: String,
}

/// A link.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Link {
    /// Element id.
    pub id: ElementId,
    /// Its text.
    pub text: String,
    /// Absolute URL.
    pub href: String,
    /// The heading of the group it is in ("Basic").
    pub group: String,
    /// The text labelling it (the table cell before it).
    pub label: String,
}

/// A form field.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Field {
    /// Element id.
    pub id: ElementId,
    /// `text`, `password`, `radio`, `checkbox`, `select`, `textarea`, `number`, ...
    #[serde(rename = "type")]
    pub kind: String,
    /// The `name` attribute.
    pub name: String,
    /// The text that labels it.
    pub label: String,
    /// Where the label came from: aria-labelledby, aria-label, for, wrapping, cell, near, placeholder, none.
    pub label_source: String,
    /// The heading of its group (a fieldset's legend, a section heading).
    pub group: String,
    /// Index of its form, -1 when outside a form.
    pub form: i32,
    /// Disabled.
    pub disabled: bool,
    /// Read-only.
    pub readonly: bool,
    /// Required.
    pub required: bool,
    /// The autocomplete attribute.
    pub autocomplete: String,
    /// Radios and checkboxes: checked.
    pub checked: Option<bool>,
    /// Non-password fields: the value (selects: the chosen option's text).
    pub value: Option<String>,
    /// Password fields: the value's length.
    pub value_length: Option<u32>,
}

/// A button.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Button {
    /// Element id.
    pub id: ElementId,
    /// Its text or value.
    pub text: String,
    /// submit, button, reset.
    #[serde(rename = "type")]
    pub kind: String,
    /// Index of its form, -1 when outside a form.
    pub form: i32,
    /// Disabled.
    pub disabled: bool,
}

/// A visible message.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Message {
    /// Its text.
    pub text: String,
    /// Its ARIA role.
    pub role: String,
    /// Its class attribute.
    pub class: String,
}

/// A label and its value.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Pair {
    /// "User ID:".
    pub label: String,
    /// "jsmith@example.com".
    pub value: String,
}

/// A form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Form {
    /// Index in document.forms.
    pub index: i32,
    /// get or post.
    pub method: String,
    /// Absolute action URL.
    pub action: String,
}

impl Snapshot {
    /// The origin (scheme, host, port) of the page's URL.
    pub fn origin(&self) -> String {
        origin_of(&self.url)
    }
}

/// The origin of a URL: everything before the path.
pub fn origin_of(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else { return String::new() };
    let rest = &url[scheme_end + 3..];
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    format!("{}{}", &url[..scheme_end + 3], &rest[..host_end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins() {
        assert_eq!(origin_of("http://127.0.0.1:8080/User/Passwords/?key=a"), "http://127.0.0.1:8080");
        assert_eq!(origin_of("https://portal.example.com"), "https://portal.example.com");
        assert_eq!(origin_of("about:blank"), "");
    }

    #[test]
    fn missing_fields_default() {
        let s: Snapshot =
            serde_json::from_str(r#"{"url": "http://x/", "fields": [{"id": 3, "type": "password"}]}"#)
                .unwrap();
        assert_eq!(s.fields[0].kind, "password");
        assert_eq!(s.fields[0].value, None);
    }
}
