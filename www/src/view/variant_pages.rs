//! The variants' own pages, in the skin's frame and wording: the look-alike
//! forms, the Bell-style path to Passwords, and the pieces of the frameset.

use maud::{DOCTYPE, Markup, html};

use super::{Frame, Viewer, button_bar, fields, heading, hidden, messages, random_id, section};
use crate::scenario::User;
use crate::sessions::Flash;
use crate::skin::{SkinDef, Style, fill};
use crate::variants::paths as vpaths;
use crate::variants::texts::{VariantTexts, for_lang};

/// The variants' wording for the frame's skin.
pub fn vt(frame: &Frame) -> &'static VariantTexts {
    for_lang(frame.def.lang)
}

/// One input of a [`SimpleForm`].
pub struct Row<'a> {
    /// Visible label.
    pub label: &'a str,
    /// Field name.
    pub name: &'a str,
    /// `text`, `password`, `email`.
    pub input_type: &'a str,
    /// `autocomplete` (the cards layout sets it).
    pub autocomplete: &'a str,
    /// A value to show (text inputs only).
    pub value: Option<&'a str>,
}

/// A form page of the portal: heading, messages, intro, rows, buttons.
pub struct SimpleForm<'a> {
    /// Heading.
    pub heading: &'a str,
    /// Line under it.
    pub sub: Option<&'a str>,
    /// Paragraph above the form.
    pub intro: &'a str,
    /// Where it posts.
    pub action: &'a str,
    /// The hidden one-time token (name, value).
    pub token: Option<(&'a str, &'a str)>,
    /// The inputs.
    pub rows: Vec<Row<'a>>,
    /// The buttons.
    pub buttons: Markup,
    /// Outcome of the last submit.
    pub flash: &'a Flash,
    /// A link under the form: (href, text).
    pub back: Option<(String, &'a str)>,
}

/// One input row in the skin's layout (as `input_row`, with a value).
fn row(d: &SkinDef, r: &Row) -> Markup {
    match d.style {
        Style::Table => html! {
            tr {
                td.label { label for=(r.name) { (r.label) ":" } }
                td { input type=(r.input_type) id=(r.name) name=(r.name) size="30" value=[r.value]; }
            }
        },
        Style::Divs => html! {
            div.row {
                span.lbl { (r.label) }
                input type=(r.input_type) id=(random_id("f")) name=(r.name) value=[r.value];
            }
        },
        Style::Cards => html! {
            input type=(r.input_type) name=(r.name) aria-label=(r.label) placeholder=(r.label) autocomplete=(r.autocomplete) value=[r.value];
        },
    }
}

/// A form page in the portal's frame.
pub fn simple_form(frame: &Frame, f: &SimpleForm) -> Markup {
    let d = frame.def;
    frame.page(html! {
        (heading(d, f.heading, f.sub))
        (messages(frame, f.flash))
        (section(d, None, html! {
            p { (f.intro) }
            form method="post" action=(f.action) autocomplete="off" {
                @if let Some((name, value)) = f.token { (hidden(name, value)) }
                (fields(d, html! { @for r in &f.rows { (row(d, r)) } }))
                (button_bar(d, f.buttons.clone()))
            }
            @if let Some((href, text)) = &f.back { p { a href=(href) { (text) } } }
        }))
    })
}

/// `lookalikes`: Voice Messaging, with the link to the voice mail password.
pub fn voice_messaging(frame: &Frame, user: &User) -> Markup {
    let d = frame.def;
    let v = vt(frame);
    let id = &user.user_id;
    frame.page(html! {
        (heading(d, v.vm_link, Some(&user.full_name())))
        (section(d, None, html! {
            p { (v.vm_intro) }
            ul {
                li { a href=(vpaths::VOICE_MAIL_PASSWORD.href(id)) { (v.vm_password_link) } }
                @for item in v.vm_items { li { (item) } }
            }
            p { a href=(d.paths.user.href(id)) { (user.full_name()) } }
        }))
    })
}

/// `lookalikes`: the newsletter page. Not in the portal's frame and without
/// a portal word: a plain page of the same origin.
pub fn newsletter(lang: &str, action: &str, flash: &Flash, email: &str) -> Markup {
    let v = for_lang(lang);
    html! {
        (DOCTYPE)
        html lang=(lang) {
            head {
                meta charset="utf-8";
                title { (v.news_heading) }
            }
            body {
                h2 { (v.news_heading) }
                p { (v.news_intro) }
                @for e in &flash.errors { p { b { (e) } } }
                @for s in &flash.success { p { i { (s) } } }
                form method="post" action=(action) {
                    p { label { (v.news_email) br; input type="email" name="email" value=(email); } }
                    p { label { (v.news_password) br; input type="password" name="password"; } }
                    p { label { (v.news_confirm) br; input type="password" name="password_confirm"; } }
                    p { button type="submit" { (v.news_button) } }
                }
            }
        }
    }
}

/// `deep-passwords`: the tab bar of the user page; "My profile" leads on,
/// and a risky "Delete user" link sits beside it for the admin.
pub fn user_tabs(frame: &Frame, user: &User) -> Markup {
    let v = vt(frame);
    let id = &user.user_id;
    let admin = matches!(frame.viewer, Viewer::Admin);
    html! {
        ul.tabs {
            li.current { a href=(vpaths::MY_PROFILE.href(id)) { (v.tab_my_profile) } }
            @for tab in v.tabs_other { li { span { (tab) } } }
            @if admin { li.danger { a href=(vpaths::DELETE_USER.href(id)) { (v.delete_user) } } }
        }
    }
}

/// `deep-passwords`: "My profile" with its sub-level menu.
pub fn my_profile(frame: &Frame, user: &User, flash: &Flash) -> Markup {
    let d = frame.def;
    let v = vt(frame);
    let id = &user.user_id;
    let t = d.t;
    let rows = [
        (t.f_user_id, html! { (user.user_id) }),
        (t.f_phone, html! { (user.phone_number) }),
        (t.f_extension, html! { (user.extension) }),
        (t.f_email, html! { (user.email.as_deref().unwrap_or("")) }),
    ];
    frame.page(html! {
        (heading(d, v.tab_my_profile, Some(&user.full_name())))
        (user_tabs(frame, user))
        div.submenu {
            span { (v.sub_overview) }
            " | "
            a href=(vpaths::DEEP_PASSWORDS.href(id)) { (v.sub_passwords) }
            " | "
            a href=(vpaths::RESET_VOICE_MAIL.href(id)) { (v.reset_voice_mail) }
            " | "
            a href=(vpaths::REMOVE_DEVICE.href(id)) { (v.remove_device) }
            " | "
            a href=(d.paths.logout) { (v.log_out) }
        }
        (messages(frame, flash))
        (section(d, None, html! {
            p { (fill(v.my_profile_intro, &[("name", &user.full_name())])) }
            (super::key_values(d, &rows))
        }))
    })
}

/// `deep-passwords`: "Passwords", whose left menu has "Manage passwords".
pub fn deep_passwords(frame: &Frame, user: &User, flash: &Flash) -> Markup {
    let d = frame.def;
    let v = vt(frame);
    let id = &user.user_id;
    frame.page(html! {
        (heading(d, v.sub_passwords, Some(&user.full_name())))
        div.submenu {
            a href=(vpaths::MY_PROFILE.href(id)) { (v.sub_overview) }
            " | "
            b { (v.sub_passwords) }
            " | "
            a href=(d.paths.logout) { (v.log_out) }
        }
        (messages(frame, flash))
        table.split { tr {
            td.side {
                ul {
                    li { a href=(vpaths::MANAGE_PASSWORDS.href(id)) { (v.manage_passwords) } }
                    @for item in v.left_other { li { (item) } }
                    li { a href=(vpaths::REMOVE_DEVICE.href(id)) { (v.remove_device) } }
                }
            }
            td.main { p { (v.deep_passwords_intro) } }
        } }
    })
}

/// `deep-passwords`: the confirmation of a risky action.
pub fn risky_confirm(frame: &Frame, user: &User, question: &str, action: &str, token: &str) -> Markup {
    let d = frame.def;
    let (yes, no) = d.confirm_buttons;
    frame.page(html! {
        (heading(d, &user.full_name(), None))
        (section(d, None, html! {
            form method="post" action=(action) {
                (hidden(d.names.token, token))
                p { strong { (question) } }
                (button_bar(d, html! { (super::submit(d, &yes, true)) " " (super::submit(d, &no, false)) }))
            }
        }))
    })
}

/// What the Manage passwords form needs.
pub struct ManageView<'a> {
    /// Whose secrets.
    pub user: &'a User,
    /// A user changing their own (asks for the current password).
    pub self_service: bool,
    /// Outcome of the last submit.
    pub flash: &'a Flash,
    /// The one-time token.
    pub token: &'a str,
    /// The rules in force (`printed-rules`).
    pub rules: &'a crate::scenario::Rules,
}

/// `deep-passwords`: the Manage passwords form's field names (its own, not
/// the skin's): kind, web value, passcode value, re-type, current, passcode
/// pair (`field-constraints = full`), Save, Cancel.
pub mod manage_names {
    /// The radio group.
    pub const KIND: &str = "pwdType";
    /// Radio value: web portal access password.
    pub const KIND_WEB: &str = "WEB";
    /// Radio value: voice portal passcode.
    pub const KIND_PASSCODE: &str = "VP";
    /// Self-service: current password.
    pub const CURRENT: &str = "oldPassword";
    /// New value.
    pub const NEW: &str = "password";
    /// Re-entered.
    pub const CONFIRM: &str = "confirmPassword";
    /// `field-constraints = full`: the passcode.
    pub const PASSCODE: &str = "passcode";
    /// Its re-entry.
    pub const PASSCODE_CONFIRM: &str = "confirmPasscode";
    /// The hidden token.
    pub const TOKEN: &str = "_csrf";
    /// Save.
    pub const SAVE: &str = "save";
    /// Cancel.
    pub const CANCEL: &str = "cancel";
}

/// `deep-passwords`: the Manage passwords form, written its own way: radios
/// inside their labels, labels above the inputs, two `<button>`s.
pub fn manage_form(frame: &Frame, v: &ManageView) -> Markup {
    use manage_names as n;
    let d = frame.def;
    let t = vt(frame);
    let id = &v.user.user_id;
    let kind = v.flash.kind.unwrap_or(crate::rules::Secret::Web);
    let web_limits = super::pages::web_limits(frame.variants, v.rules);
    let pc_limits = super::pages::passcode_limits(v.rules);
    let split = frame.variants.field_constraints == crate::variants::FieldConstraints::Full;
    let input = |label: &str, input_id: &str, name: &str, l: &super::Limits| {
        let (max, min, pattern, mode) = (l.maxlength, l.minlength, l.pattern.as_deref(), l.inputmode);
        html! {
            p {
                label for=(input_id) { (label) }
                br;
                input type="password" id=(input_id) name=(name) maxlength=[max] minlength=[min] pattern=[pattern] inputmode=[mode];
            }
        }
    };
    let none = super::Limits::default();
    let printed = frame.variants.printed_rules.then(|| super::pages::printed_rules(frame, v.rules, true));
    let form = if frame.variants.script_form {
        super::script_form::container(d.lang, &manage_spec(frame, v))
    } else {
        html! {
        form #managePasswordsForm method="post" action=(vpaths::MANAGE_PASSWORDS.href(id)) {
            input type="hidden" name=(n::TOKEN) value=(v.token);
            fieldset {
                div.radio { label {
                    input type="radio" name=(n::KIND) value=(n::KIND_WEB) checked[kind == crate::rules::Secret::Web];
                    " " (t.deep_radio_web)
                } }
                div.radio { label {
                    input type="radio" name=(n::KIND) value=(n::KIND_PASSCODE) checked[kind == crate::rules::Secret::Passcode];
                    " " (t.deep_radio_passcode)
                } }
                @if v.self_service { (input(d.t.self_current, "pwdCurrent", n::CURRENT, &none)) }
                (input(t.deep_enter, "pwdEnter", n::NEW, &web_limits))
                (input(t.deep_reenter, "pwdReEnter", n::CONFIRM, &web_limits))
                @if split {
                    (input(t.passcode_new, "pcEnter", n::PASSCODE, &pc_limits))
                    (input(t.passcode_confirm, "pcReEnter", n::PASSCODE_CONFIRM, &pc_limits))
                }
            }
            div.formbuttons {
                button type="submit" name=(n::SAVE) value="1" { (t.deep_save) }
                " "
                button type="submit" name=(n::CANCEL) value="1" { (t.deep_cancel) }
            }
        }
        }
    };
    frame.page(html! {
        (heading(d, t.manage_passwords, Some(&v.user.full_name())))
        div.submenu {
            a href=(vpaths::MY_PROFILE.href(id)) { (t.sub_overview) }
            " | "
            a href=(vpaths::DEEP_PASSWORDS.href(id)) { (t.sub_passwords) }
            " | "
            a href=(d.paths.logout) { (t.log_out) }
        }
        (messages(frame, v.flash))
        @if let Some(rules) = printed { div.rules { (rules) } }
        (form)
    })
}

/// `frameset`: the names of the two frames.
pub const NAV_FRAME: &str = "menu";
/// The content frame's name (the navigation's links target it).
pub const CONTENT_FRAME: &str = "main";

/// `frameset`: the frameset, with the navigation frame and the content frame
/// showing `content`.
pub fn frameset(frame: &Frame, content: &str) -> Markup {
    let d = frame.def;
    let v = vt(frame);
    html! {
        (maud::PreEscaped(r#"<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Frameset//EN" "http://www.w3.org/TR/html4/frameset.dtd">"#))
        html lang=(d.lang) {
            head {
                meta http-equiv="Content-Type" content="text/html; charset=utf-8";
                title { (d.t.brand) }
            }
            frameset cols="220,*" frameborder="1" border="1" {
                frame name=(NAV_FRAME) src=(vpaths::FRAME_NAV) title=(v.frame_nav) scrolling="auto";
                frame name=(CONTENT_FRAME) src=(content) title=(d.t.brand);
                noframes { body { p { (v.no_frames) } } }
            }
        }
    }
}

/// `frameset`: the navigation frame's page: every menu, links targeting the
/// content frame, logout the whole window.
pub fn frame_nav(frame: &Frame) -> Markup {
    let d = frame.def;
    let t = d.t;
    let mut menus = frame.side_menus();
    if let Viewer::User { id, .. } = frame.viewer {
        menus.insert(0, (t.nav_my_page, vec![(t.nav_my_page, d.paths.user.href(id))]));
    } else if matches!(frame.viewer, Viewer::Admin) {
        menus.insert(0, (t.nav_home, vec![(t.nav_home, d.paths.home.to_owned())]));
    }
    html! {
        (DOCTYPE)
        html lang=(d.lang) {
            head {
                meta charset="utf-8";
                title { (vt(frame).frame_nav) }
                link rel="stylesheet" href=(d.paths.css);
            }
            body.navframe {
                div.brand { b { (t.brand) } }
                div.who { (frame.who()) }
                @for (title, links) in &menus {
                    h3 { (title) }
                    ul { @for (text, href) in links { li { a href=(href) target=(CONTENT_FRAME) { (text) } } } }
                }
                p { a href=(d.paths.logout) target="_top" { (t.nav_logout) } }
            }
        }
    }
}

/// The Manage passwords form as data (`script-form` with `deep-passwords`).
pub fn manage_spec(frame: &Frame, v: &ManageView) -> super::script_form::FormSpec {
    use super::script_form::{ButtonSpec, FormSpec, HiddenSpec, InputSpec, RadioSpec};
    use crate::rules::Secret;
    use manage_names as n;
    let t = vt(frame);
    let kind = v.flash.kind.unwrap_or(Secret::Web);
    let web = super::pages::web_limits(frame.variants, v.rules);
    let mut inputs = Vec::new();
    if v.self_service {
        inputs.push(InputSpec::password(
            n::CURRENT,
            frame.def.t.self_current,
            "current-password",
            &super::Limits::default(),
        ));
    }
    inputs.push(InputSpec::password(n::NEW, t.deep_enter, "new-password", &web));
    inputs.push(InputSpec::password(n::CONFIRM, t.deep_reenter, "new-password", &web));
    if frame.variants.field_constraints == crate::variants::FieldConstraints::Full {
        let pc = super::pages::passcode_limits(v.rules);
        inputs.push(InputSpec::password(n::PASSCODE, t.passcode_new, "off", &pc));
        inputs.push(InputSpec::password(n::PASSCODE_CONFIRM, t.passcode_confirm, "off", &pc));
    }
    let button = |name: &str, label: &str, secondary: bool| ButtonSpec {
        name: name.into(),
        value: "1".into(),
        label: label.into(),
        secondary,
        href: None,
    };
    FormSpec {
        action: vpaths::MANAGE_PASSWORDS.href(&v.user.user_id),
        autocomplete: None,
        hidden: vec![HiddenSpec { name: n::TOKEN.into(), value: v.token.into() }],
        radio_name: n::KIND.into(),
        radios: vec![
            RadioSpec {
                value: n::KIND_WEB.into(),
                label: t.deep_radio_web.into(),
                checked: kind == Secret::Web,
            },
            RadioSpec {
                value: n::KIND_PASSCODE.into(),
                label: t.deep_radio_passcode.into(),
                checked: kind == Secret::Passcode,
            },
        ],
        inputs,
        buttons: vec![button(n::SAVE, t.deep_save, false), button(n::CANCEL, t.deep_cancel, true)],
        delay_ms: super::script_form::BUILD_DELAY_MS,
    }
}
