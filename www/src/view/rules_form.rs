//! Utilities > Password Rules: every rule as a labelled checkbox and/or
//! number input, rendered from one table of fields that also parses the
//! submitted form, so the page and the parser cannot drift apart.

use std::collections::HashMap;

use maud::{Markup, html};

use super::{Frame, button_bar, heading, hidden, messages, section};
use crate::rules::{PasscodeRules, WebRules};
use crate::scenario::Rules;
use crate::sessions::Flash;
use crate::skin::{Button, SkinDef, Style, Texts};

/// The value a rule holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Value {
    /// On or off.
    Flag(bool),
    /// Off, or on with a number.
    Optional(Option<u32>),
    /// Always a number.
    Number(u32),
}

/// One rule on the page.
pub struct Field<R> {
    /// Field name in the form and in errors.
    pub key: &'static str,
    /// The label template (`{n}` marks the number input).
    pub label: fn(&Texts) -> &'static str,
    /// Smallest and largest accepted number.
    pub range: (u32, u32),
    get: fn(&R) -> Value,
    set: fn(&mut R, Value),
}

macro_rules! flag {
    ($key:literal, $label:ident, $field:ident) => {
        Field {
            key: $key,
            label: |t| t.$label,
            range: (0, 0),
            get: |r| Value::Flag(r.$field),
            set: |r, v| {
                if let Value::Flag(b) = v {
                    r.$field = b
                }
            },
        }
    };
}

macro_rules! optional {
    ($key:literal, $label:ident, $field:ident, $min:literal, $max:literal) => {
        Field {
            key: $key,
            label: |t| t.$label,
            range: ($min, $max),
            get: |r| Value::Optional(r.$field),
            set: |r, v| {
                if let Value::Optional(n) = v {
                    r.$field = n
                }
            },
        }
    };
}

macro_rules! number {
    ($key:literal, $label:ident, $field:ident, $min:literal, $max:literal) => {
        Field {
            key: $key,
            label: |t| t.$label,
            range: ($min, $max),
            get: |r| Value::Number(r.$field),
            set: |r, v| {
                if let Value::Number(n) = v {
                    r.$field = n
                }
            },
        }
    };
}

/// The web access password rules, in page order.
pub const WEB_FIELDS: [Field<WebRules>; 12] = [
    optional!("min_length", r_min_length, min_length, 3, 40),
    optional!("min_digits", r_min_digits, min_digits, 1, 10),
    optional!("min_upper", r_min_upper, min_upper, 1, 10),
    optional!("min_lower", r_min_lower, min_lower, 1, 10),
    optional!("min_letters", r_min_letters, min_letters, 1, 10),
    optional!("min_non_alphanumeric", r_min_special, min_non_alphanumeric, 1, 10),
    flag!("forbid_user_id", r_user_id, forbid_user_id),
    flag!("forbid_old", r_old, forbid_old),
    optional!("history", r_history, history, 1, 10),
    optional!("expires_after_days", r_expires, expires_after_days, 0, 199),
    optional!("lockout_after", r_lockout, lockout_after, 0, 10),
    flag!("force_change_after_reset", r_force_change, force_change_after_reset),
];

/// The portal passcode rules, in page order.
pub const PASSCODE_FIELDS: [Field<PasscodeRules>; 14] = [
    number!("min_length", p_min_length, min_length, 2, 15),
    number!("max_length", p_max_length, max_length, 3, 30),
    optional!("max_repeated_digits", p_repeated, max_repeated_digits, 1, 6),
    flag!("forbid_repeated_patterns", p_patterns, forbid_repeated_patterns),
    optional!("max_ascending", p_ascending, max_ascending, 2, 5),
    optional!("max_descending", p_descending, max_descending, 2, 5),
    flag!("forbid_phone", p_phone, forbid_phone),
    flag!("forbid_phone_reversed", p_phone_reversed, forbid_phone_reversed),
    flag!("forbid_extension", p_extension, forbid_extension),
    flag!("forbid_extension_reversed", p_extension_reversed, forbid_extension_reversed),
    flag!("forbid_old", p_old, forbid_old),
    optional!("history", p_history, history, 1, 10),
    optional!("expires_after_days", p_expires, expires_after_days, 15, 180),
    optional!("lockout_after", p_lockout, lockout_after, 2, 10),
];

fn row<R>(d: &SkinDef, prefix: &str, field: &Field<R>, rules: &R) -> Markup {
    let label = (field.label)(d.t);
    let name = format!("{prefix}.{}", field.key);
    let check_name = format!("{name}.on");
    // The reskin's ids change on every load, like its other pages'.
    let (id, check_id) = match d.style {
        Style::Divs => (super::random_id("n"), super::random_id("c")),
        _ => (name.clone(), check_name.clone()),
    };
    // The label reads as a sentence; the number input sits where "{n}" is.
    let (before, after) = label.split_once("{n}").unwrap_or((label, ""));
    let (before, after) = (before.trim_end(), after.trim_start());
    let full = label.replace("{n}", "N");
    let value = (field.get)(rules);
    let number = |n: Option<u32>| {
        html! {
            input type="number" id=(id) name=(name) min=(field.range.0) max=(field.range.1)
                value=[n] aria-label=(full);
        }
    };
    let (checkbox, input) = match value {
        Value::Flag(on) => {
            (Some(html! { input type="checkbox" id=(id) name=(name) value="on" checked[on]; }), None)
        }
        Value::Optional(n) => (
            Some(
                html! { input type="checkbox" id=(check_id) name=(check_name) value="on" checked[n.is_some()] aria-label=(full); },
            ),
            Some(number(n)),
        ),
        Value::Number(n) => (None, Some(number(Some(n)))),
    };
    let label_for = if matches!(value, Value::Optional(_)) { &check_id } else { &id };
    match d.style {
        Style::Table | Style::Cards => html! {
            tr {
                td { @if let Some(c) = &checkbox { (c) } }
                td {
                    label for=(label_for) { (before) }
                    @if let Some(i) = &input { " " (i) " " }
                    (after)
                }
            }
        },
        Style::Divs => html! {
            div.row {
                @if let Some(c) = &checkbox { (c) " " }
                span { (before) }
                @if let Some(i) = &input { " " (i) " " }
                span { (after) }
            }
        },
    }
}

fn rows<R>(d: &SkinDef, prefix: &str, fields: &[Field<R>], rules: &R) -> Markup {
    let inner = html! { @for f in fields { (row(d, prefix, f, rules)) } };
    match d.style {
        Style::Divs => inner,
        _ => html! { table.form { (inner) } },
    }
}

/// The Password Rules page. Only the admin gets a token (and a save button).
pub fn page(frame: &Frame, rules: &Rules, flash: &Flash, token: Option<&str>) -> Markup {
    let d = frame.def;
    let t = d.t;
    let save = Button { name: "save", value: t.rules_save, label: t.rules_save };
    frame.page(html! {
        (heading(d, t.rules_heading, Some(t.rules_intro)))
        (messages(frame, flash))
        form method="post" action=(d.paths.rules) {
            @if let Some(token) = token { (hidden(d.names.token, token)) }
            (section(d, Some(t.rules_web), rows(d, "web", &WEB_FIELDS, &rules.web)))
            (section(d, Some(t.rules_passcode), rows(d, "passcode", &PASSCODE_FIELDS, &rules.passcode)))
            @if token.is_some() { (button_bar(d, super::submit(d, &save, true))) }
        }
    })
}

fn parse_into<R: Clone>(
    prefix: &str,
    fields: &[Field<R>],
    form: &HashMap<String, String>,
    current: &R,
) -> Result<R, String> {
    let mut out = current.clone();
    for f in fields {
        let name = format!("{prefix}.{}", f.key);
        let number = || -> Result<u32, String> {
            let raw = form.get(&name).map(|s| s.trim()).unwrap_or("");
            let n: u32 = raw.parse().map_err(|_| format!("{name}: expected a number, got {raw:?}"))?;
            if !(f.range.0..=f.range.1).contains(&n) {
                return Err(format!(
                    "{name}: {n} is out of range; the portal accepts {} to {}",
                    f.range.0, f.range.1
                ));
            }
            Ok(n)
        };
        let value = match (f.get)(current) {
            Value::Flag(_) => Value::Flag(form.contains_key(&name)),
            Value::Optional(_) if form.contains_key(&format!("{name}.on")) => {
                Value::Optional(Some(number()?))
            }
            Value::Optional(_) => Value::Optional(None),
            Value::Number(_) => Value::Number(number()?),
        };
        (f.set)(&mut out, value);
    }
    Ok(out)
}

/// Reads the submitted rules; the error names the field.
pub fn parse(form: &HashMap<String, String>, current: &Rules) -> Result<Rules, String> {
    let web = parse_into("web", &WEB_FIELDS, form, &current.web)?;
    let passcode = parse_into("passcode", &PASSCODE_FIELDS, form, &current.passcode)?;
    passcode.validate().map_err(|e| {
        format!(
            "passcode.{}: {} is out of range; the portal accepts {} to {}",
            e.field, e.value, e.min, e.max
        )
    })?;
    web.validate().map_err(|e| format!("web.{}: {} is out of range", e.field, e.value))?;
    Ok(Rules { web, passcode })
}
