//! The page as the content-script agent describes it (`extension/agent.js`).
//!
//! Element ids are the agent's, stable for as long as an element lives in its
//! page: a new element (one the page put in place of another) gets a new id,
//! so an action decided on an earlier snapshot can never land on a
//! replacement. Password fields carry only their length, never their value;
//! neither does a field that was ever a password field, nor one whose value
//! was typed (it differs from what the page served).

use serde::{Deserialize, Serialize};

/// An element id within one page load.
pub type ElementId = u32;

/// A structured description of a page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
    /// How many times this page load was described before (0 at load): a
    /// script-built form or a single-page portal changes the page in place.
    pub view: u32,
    /// Whether this is the tab's top frame (else a frame or iframe in it).
    pub top: bool,
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
    /// Visible short texts with how they look (colour, tag), near forms first.
    pub blocks: Vec<TextBlock>,
    /// Label and value pairs from tables, definition lists and "Label:" texts.
    pub pairs: Vec<Pair>,
    /// The page's forms.
    pub forms: Vec<Form>,
    /// Table rows of results lists: their cells' texts and the links in them.
    pub rows: Vec<Row>,
    /// The start of the page's visible text.
    pub text: String,
    /// Where things are on the page (for placing our frames out of the way).
    pub layout: Option<Layout>,
    /// A light snapshot: the agent's first on a page, without the links'
    /// labels and groups, the pairs, the blocks and the text (see [`wants_full`]).
    ///
    /// [`wants_full`]: crate::portal::wants_full
    pub light: bool,
}

/// A heading.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct Heading {
    /// Element id.
    pub id: ElementId,
    /// 1 to 6.
    pub level: u8,
    /// Its text.
    pub text: String,
    /// Where its text is on the page.
    pub rect: Option<Rect>,
}

/// A link.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct Link {
    /// Element id.
    pub id: ElementId,
    /// Its text.
    pub text: String,
    /// Absolute URL (empty for a scripted link).
    pub href: String,
    /// The frame it opens in (`target`), when not this one.
    pub target: String,
    /// The heading of the group it is in ("Basic").
    pub group: String,
    /// The text labelling it (the table cell before it).
    pub label: String,
    /// A tab shown as the selected one (`aria-selected="true"`).
    pub selected: bool,
}

/// What kind of form field.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum FieldType {
    /// A text input (also the default).
    #[default]
    Text,
    /// A password input, or a field that was one (shown as text by a toggle).
    Password,
    /// An e-mail input.
    Email,
    /// A telephone input.
    Tel,
    /// A number input.
    Number,
    /// A search input.
    Search,
    /// A radio button.
    Radio,
    /// A checkbox.
    Checkbox,
    /// A select.
    Select,
    /// A text area.
    Textarea,
    /// A hidden input.
    Hidden,
    /// Anything else (date, color, file, ...).
    #[serde(other)]
    Other,
}

impl FieldType {
    /// Whether the admin types text into it.
    pub fn is_text(self) -> bool {
        matches!(
            self,
            FieldType::Text | FieldType::Email | FieldType::Tel | FieldType::Number | FieldType::Search
        )
    }
}

/// A form field.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct Field {
    /// Element id.
    pub id: ElementId,
    /// Its type.
    #[serde(rename = "type")]
    pub kind: FieldType,
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
    /// `maxlength`, when set.
    pub max_length: Option<u32>,
    /// `minlength`, when set.
    pub min_length: Option<u32>,
    /// `pattern`, when set.
    pub pattern: String,
    /// `inputmode`, when set.
    pub inputmode: String,
    /// Radios and checkboxes: checked.
    pub checked: Option<bool>,
    /// Non-secret fields showing what the page served: the value (selects:
    /// the chosen option's text). `None` for password fields and typed values.
    pub value: Option<String>,
    /// Password fields: the value's length.
    pub value_length: Option<u32>,
    /// Where it is on the page.
    pub rect: Option<Rect>,
    /// A select's options' texts (the first 40).
    pub options: Vec<String>,
}

/// A button.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct Message {
    /// Its text.
    pub text: String,
    /// Its ARIA role.
    pub role: String,
    /// Its class attribute.
    pub class: String,
}

/// A short visible text and how it is presented: what legacy portals use for
/// their errors (red `<font>` text in a table row) and their printed rules.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct TextBlock {
    /// Its text.
    pub text: String,
    /// Its element's tag, lowercase.
    pub tag: String,
    /// Its computed text colour, as red, green, blue.
    pub color: Option<[u8; 3]>,
    /// A `<font color>` around it, as written.
    pub font_color: String,
    /// Its ARIA role, or the nearest ancestor's.
    pub role: String,
    /// Its class attribute and its parent's.
    pub class: String,
    /// Bold (font-weight 600 or more).
    pub bold: bool,
    /// Inside or next to a form with a password field.
    pub near_form: bool,
}

/// A label and its value.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct Pair {
    /// "User ID:".
    pub label: String,
    /// "jsmith@example.com".
    pub value: String,
}

/// A table row (of a list of results).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct Row {
    /// The row's element id.
    pub id: ElementId,
    /// Its cells' texts.
    pub cells: Vec<String>,
    /// The column headers of its table or grid, in the cells' order (empty
    /// when it has none).
    pub headers: Vec<String>,
    /// The links in it.
    pub links: Vec<ElementId>,
}

/// A form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct Form {
    /// Index in document.forms.
    pub index: i32,
    /// get or post.
    pub method: String,
    /// Absolute action URL.
    pub action: String,
}

/// A rectangle in page coordinates (CSS pixels from the document's top left).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct Rect {
    /// Left.
    pub x: i32,
    /// Top.
    pub y: i32,
    /// Width.
    pub w: i32,
    /// Height.
    pub h: i32,
}

impl Rect {
    /// Right edge.
    pub fn right(&self) -> i32 {
        self.x + self.w
    }

    /// Bottom edge.
    pub fn bottom(&self) -> i32 {
        self.y + self.h
    }

    /// Whether the two overlap (touching edges do not).
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.right() && other.x < self.right() && self.y < other.bottom() && other.y < self.bottom()
    }

    /// The smallest rectangle holding both.
    pub fn union(&self, other: &Rect) -> Rect {
        let x = self.x.min(other.x);
        let y = self.y.min(other.y);
        Rect { x, y, w: self.right().max(other.right()) - x, h: self.bottom().max(other.bottom()) - y }
    }
}

/// Where the page's visible texts and controls are, for placing our frames
/// where they cover none of them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct Layout {
    /// The viewport's width and height.
    pub viewport: (i32, i32),
    /// The scroll position (left, top).
    pub scroll: (i32, i32),
    /// The document's width and height.
    pub document: (i32, i32),
    /// The boxes of visible text and controls (merged where they touch), at most a few hundred.
    pub occupied: Vec<Rect>,
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

/// The URL without its query and fragment.
pub fn path_of(url: &str) -> &str {
    let end = url.find(['?', '#']).unwrap_or(url.len());
    &url[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins() {
        assert_eq!(origin_of("http://127.0.0.1:8080/User/Passwords/?key=a"), "http://127.0.0.1:8080");
        assert_eq!(origin_of("https://portal.example.com"), "https://portal.example.com");
        assert_eq!(origin_of("about:blank"), "");
        assert_eq!(path_of("http://a/b/c?d#e"), "http://a/b/c");
    }

    #[test]
    fn missing_fields_default_and_unknown_types_are_other() {
        let s: Snapshot = serde_json::from_str(
            r#"{"url": "http://x/", "fields": [{"id": 3, "type": "password"}, {"id": 4, "type": "week"}]}"#,
        )
        .unwrap();
        assert_eq!(s.fields[0].kind, FieldType::Password);
        assert_eq!(s.fields[1].kind, FieldType::Other);
        assert_eq!(s.fields[0].value, None);
    }
}
