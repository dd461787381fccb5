//! `opaque`: a portal whose user page and Passwords page speak words no
//! heuristic knows. The user page's heading is the user's name alone, its
//! links are "Card", "Lines" and "Keys"; the Passwords page is "Keys", its
//! choices "Oak" and "Elm", its fields "Box 1" and "Box 2", its buttons
//! "Go", "✓" and "Back". The form's semantics stay (field names and ids,
//! `type=password`, the same server rules and messages): only the words
//! change, so an admin can teach it (teach mode) and the server accepts the
//! change as it would on the skin.

use crate::skin::{Button, Buttons, SkinDef, Texts};

/// The definition a portal serves under `variants`: the skin's own, or
/// with the opaque words when `opaque` is on.
pub fn served(base: &'static SkinDef, variants: &super::Variants) -> &'static SkinDef {
    if variants.opaque { def(base) } else { base }
}

/// The skin's definition with the opaque words (built once per skin, kept
/// for the process: a portal's definition is `'static`).
pub fn def(base: &'static SkinDef) -> &'static SkinDef {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static BUILT: OnceLock<Mutex<HashMap<&'static str, &'static SkinDef>>> = OnceLock::new();
    let built = BUILT.get_or_init(|| Mutex::new(HashMap::new()));
    let mut built = built.lock().unwrap_or_else(|e| e.into_inner());
    let key = base.skin.name();
    if let Some(d) = built.get(key) {
        return d;
    }
    let mut t = base.t.clone();
    t.user_heading = "{name}";
    t.user_sub = "{id}";
    t.basic = "Zone A";
    t.advanced = "Zone B";
    t.item_profile = "Card";
    t.item_addresses = "Lines";
    t.item_passwords = "Keys";
    t.basic_items = &["Misc"];
    t.advanced_items = &["More"];
    t.profile_heading = "Card";
    t.addresses_heading = "Lines";
    t.passwords_heading = "Keys";
    t.passwords_intro = "Pick one, type twice, go.";
    t.radio_web = "Oak";
    t.radio_passcode = "Elm";
    t.new_label = "Box 1";
    t.confirm_label = "Box 2";
    let t: &'static Texts = Box::leak(Box::new(t));
    let relabel = |b: Button, label: &'static str| {
        // A submit input's value is its visible text: both change together
        // (the server reads the button from this same definition).
        let value = if b.value == b.label { label } else { b.value };
        Button { name: b.name, value, label }
    };
    let buttons = match base.buttons {
        Buttons::OkApplyCancel { ok, apply, cancel } => Buttons::OkApplyCancel {
            ok: relabel(ok, "Go"),
            apply: relabel(apply, "✓"),
            cancel: relabel(cancel, "Back"),
        },
        Buttons::SaveCancel { save, cancel, returns, cancel_is_link } => Buttons::SaveCancel {
            save: relabel(save, "Go"),
            cancel: relabel(cancel, "Back"),
            returns,
            cancel_is_link,
        },
    };
    let d: &'static SkinDef = Box::leak(Box::new(SkinDef { t, buttons, ..base.clone() }));
    built.insert(key, d);
    d
}
