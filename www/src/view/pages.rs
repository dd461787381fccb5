//! The bodies of the portal's pages.

use maud::{Markup, html};

use super::script_form::{self, ButtonSpec, FormSpec, HiddenSpec, InputSpec, RadioSpec};
use super::{
    Frame, Limits, Viewer, button_bar, fields, heading, hidden, input_row, key_values, limited_input_row,
    messages, radio, section, submit,
};
use crate::rules::{Secret, Violation};
use crate::scenario::{Device, Group, Rules, User};
use crate::sessions::{Flash, MustChange};
use crate::skin::{Buttons, SkinDef, Style, Texts, fill};
use crate::variants::{
    ErrorMarkup, FieldConstraints, Variants, passcode_field_names, paths as vpaths, rules_text,
};

/// The message for one violated rule, in the skin's words.
pub fn violation_text(def: &SkinDef, variants: &Variants, kind: Secret, v: &Violation) -> String {
    let t = def.t;
    let (what, whats) = match kind {
        Secret::Web => (t.noun_web, t.noun_web_plural),
        Secret::Passcode => (t.noun_passcode, t.noun_passcode_plural),
    };
    let (template, n, min, max): (&str, u32, u32, u32) = match v {
        Violation::NoChoice => (t.v_no_choice, 0, 0, 0),
        Violation::Missing => (t.v_missing, 0, 0, 0),
        Violation::Mismatch => (t.v_mismatch, 0, 0, 0),
        Violation::WrongCurrent => (t.v_wrong_current, 0, 0, 0),
        Violation::TooShort(n) => (t.v_too_short, *n, 0, 0),
        Violation::TooLong(n) => (t.v_too_long, *n, 0, 0),
        Violation::MinDigits(n) => (t.v_min_digits, *n, 0, 0),
        Violation::MinUpper(n) => (t.v_min_upper, *n, 0, 0),
        Violation::MinLower(n) => (t.v_min_lower, *n, 0, 0),
        Violation::MinLetters(n) => (t.v_min_letters, *n, 0, 0),
        Violation::MinNonAlphanumeric(n) => (t.v_min_special, *n, 0, 0),
        Violation::ContainsUserId => (t.v_user_id, 0, 0, 0),
        Violation::SameAsOld => (t.v_old, 0, 0, 0),
        Violation::OldReversed => (t.v_old_reversed, 0, 0, 0),
        Violation::Reused(n) => (t.v_reused, *n, 0, 0),
        Violation::IdenticalRun(n) => (t.v_identical_run, *n, 0, 0),
        Violation::NotDigits => (t.v_not_digits, 0, 0, 0),
        Violation::PasscodeLength { min, max } => (t.v_passcode_length, 0, *min, *max),
        Violation::RepeatedDigits(n) => (t.v_repeated_digits, *n, 0, 0),
        Violation::RepeatedPattern => (t.v_repeated_pattern, 0, 0, 0),
        Violation::Ascending(n) => (t.v_ascending, *n, 0, 0),
        Violation::Descending(n) => (t.v_descending, *n, 0, 0),
        Violation::PhoneNumber => (t.v_phone, 0, 0, 0),
        Violation::PhoneNumberReversed => (t.v_phone_reversed, 0, 0, 0),
        Violation::Extension => (t.v_extension, 0, 0, 0),
        Violation::ExtensionReversed => (t.v_extension_reversed, 0, 0, 0),
    };
    let text = fill(
        template,
        &[
            ("what", what),
            ("whats", whats),
            ("n", &n.to_string()),
            ("min", &min.to_string()),
            ("max", &max.to_string()),
        ],
    );
    // The legacy markups say nothing about errors, or just "Error:".
    let prefix = match variants.error_markup {
        ErrorMarkup::Skin => t.error_prefix,
        ErrorMarkup::FontPrefixed => crate::variants::texts::for_lang(def.lang).error_word,
        ErrorMarkup::Font | ErrorMarkup::Cell => "",
    };
    format!("{prefix}{}", capitalize(&text))
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The login page.
pub fn login(frame: &Frame, flash: &Flash) -> Markup {
    let d = frame.def;
    let t = d.t;
    // "signin", not "login": a reskin names its user field "login", and a
    // same-named button would overwrite the user ID in the form data.
    let button = crate::skin::Button { name: "signin", value: t.login_button, label: t.login_button };
    frame.page(html! {
        (heading(d, t.login_heading, Some(t.login_intro)))
        (messages(frame, flash))
        (section(d, None, html! {
            // `frameset`: a login shown in the content frame reloads the whole window.
            form method="post" action=(d.paths.login) target=[frame.variants.frameset.then_some("_top")] {
                (fields(d, html! {
                    (input_row(d, t.login_user, d.names.login_user, "text", "username"))
                    (input_row(d, t.login_password, d.names.login_password, "password", "current-password"))
                }))
                (button_bar(d, submit(d, &button, true)))
            }
        }))
    })
}

/// Group home: the four menus.
pub fn home(frame: &Frame, group: &Group, flash: &Flash) -> Markup {
    let d = frame.def;
    let (t, p) = (d.t, &d.paths);
    let link = |text: &'static str, href: &'static str| (text, Some(href));
    let plain = |items: &'static [&'static str]| items.iter().map(|i| (*i, None)).collect::<Vec<_>>();
    let mut profile = vec![link(t.item_users, p.users)];
    profile.extend(plain(t.profile_items));
    let mut resources = vec![link(t.item_devices, p.devices)];
    resources.extend(plain(t.resource_items));
    let services = plain(t.service_items);
    let mut utilities = vec![link(t.item_rules, p.rules)];
    utilities.extend(plain(t.utility_items));
    let menus = [
        (t.menu_profile, profile),
        (t.menu_resources, resources),
        (t.menu_services, services),
        (t.menu_utilities, utilities),
    ];
    let entry = |(text, href): &(&str, Option<&str>)| match href {
        Some(href) => html! { a href=(href) { (text) } },
        None => html! { span.muted { (text) } },
    };
    let sub = format!("{}: {}", t.group_label, group.id);
    frame.page(html! {
        (heading(d, &group.name, Some(&sub)))
        (messages(frame, flash))
        @match d.style {
            Style::Table => {
                table.menus { tr {
                    @for (title, items) in &menus {
                        td { h2 { (title) } ul { @for e in items { li { (entry(e)) } } } }
                    }
                } }
            }
            Style::Divs => {
                div.tiles {
                    @for (title, items) in &menus {
                        div.tile { div.tile-title { (title) } ul { @for e in items { li { (entry(e)) } } } }
                    }
                }
            }
            Style::Cards => {
                div.grid {
                    @for (title, items) in &menus {
                        section.card { h2.card-title { (title) } @for e in items { div { (entry(e)) } } }
                    }
                }
            }
        }
    })
}

/// The users search criteria.
#[derive(Clone, Debug, Default)]
pub struct Search {
    /// `last_name`, `first_name`, `user_id`, `phone`, `extension`.
    pub field: String,
    /// `starts`, `contains`, `equals`.
    pub mode: String,
    /// What to look for; empty lists everyone.
    pub value: String,
}

/// Search fields: (value, label).
pub fn search_fields(t: &Texts) -> [(&'static str, &'static str); 5] {
    [
        ("last_name", t.f_last_name),
        ("first_name", t.f_first_name),
        ("user_id", t.f_user_id),
        ("phone", t.f_phone),
        ("extension", t.f_extension),
    ]
}

/// The Users page: search form and results.
pub fn users(frame: &Frame, search: &Search, results: &[&User]) -> Markup {
    let d = frame.def;
    let (t, p, n) = (d.t, &d.paths, &d.names);
    let modes = [("starts", t.m_starts), ("contains", t.m_contains), ("equals", t.m_equals)];
    let select = |name: &str, label: &str, options: &[(&str, &str)], current: &str| {
        let select = html! {
            select name=(name) aria-label=[(d.style == Style::Cards).then_some(label)] id=[(d.style == Style::Table).then_some(name)] {
                @for (value, text) in options {
                    option value=(value) selected[*value == current] { (text) }
                }
            }
        };
        match d.style {
            Style::Table => html! { tr { td.label { label for=(name) { (label) ":" } } td { (select) } } },
            Style::Divs => html! { div.row { span.lbl { (label) } (select) } },
            Style::Cards => select,
        }
    };
    let value_input = match d.style {
        Style::Table => html! {
            tr { td.label { label for=(n.search_value) { (t.search_value) ":" } }
                 td { input type="text" id=(n.search_value) name=(n.search_value) value=(search.value); } }
        },
        Style::Divs => html! {
            div.row { span.lbl { (t.search_value) } input type="text" name=(n.search_value) value=(search.value); }
        },
        Style::Cards => html! {
            input type="search" name=(n.search_value) value=(search.value) aria-label=(t.search_value) placeholder=(t.search_value);
        },
    };
    let search_button =
        crate::skin::Button { name: "search", value: t.search_button, label: t.search_button };
    let count = fill(t.found, &[("n", &results.len().to_string())]);
    frame.page(html! {
        (heading(d, t.users_heading, Some(t.users_intro)))
        (section(d, None, html! {
            form method="get" action=(p.users) {
                (fields(d, html! {
                    (select(n.search_field, t.search_by, &search_fields(t), &search.field))
                    (select(n.search_mode, t.search_how, &modes, &search.mode))
                    (value_input)
                }))
                (button_bar(d, submit(d, &search_button, true)))
            }
        }))
        (section(d, None, html! {
            @if results.is_empty() {
                p { (t.none_found) }
            } @else {
                p.muted { (count) }
                table.data {
                    thead { tr {
                        th { (t.f_user_id) } th { (t.f_last_name) } th { (t.f_first_name) }
                        th { (t.f_phone) } th { (t.f_extension) } th { (t.f_department) }
                    } }
                    tbody {
                        @for u in results {
                            tr {
                                td { (u.user_id) }
                                td { a href=(p.user.href(&u.user_id)) { (u.last_name) } }
                                td { a href=(p.user.href(&u.user_id)) { (u.first_name) } }
                                td { (u.phone_number) }
                                td { (u.extension) }
                                td { (u.department.as_deref().unwrap_or("")) }
                            }
                        }
                    }
                }
            }
        }))
    })
}

/// A user's page: name, and the link groups Basic and Advanced.
pub fn user_home(frame: &Frame, user: &User, flash: &Flash) -> Markup {
    let d = frame.def;
    let (t, p) = (d.t, &d.paths);
    let id = &user.user_id;
    let v = frame.variants;
    let vt = crate::variants::texts::for_lang(d.lang);
    let mut basic_links =
        vec![(t.item_profile, p.profile.href(id)), (t.item_addresses, p.addresses.href(id))];
    // `deep-passwords`: Passwords is behind My profile.
    if !v.deep_passwords {
        basic_links.push((t.item_passwords, p.passwords.href(id)));
    }
    let mut advanced_links = Vec::new();
    let mut utility_links = Vec::new();
    if v.lookalikes {
        basic_links.push((vt.auth_link, vpaths::AUTHENTICATION.href(id)));
        advanced_links.push((vt.vm_link, vpaths::VOICE_MESSAGING.href(id)));
        utility_links.push((vt.auth_utility, vpaths::AUTHENTICATION.href(id)));
        if matches!(frame.viewer, Viewer::Admin) {
            utility_links.push((vt.my_password_link, vpaths::with_user(vpaths::MY_PASSWORD, "from", id)));
        }
        utility_links.push((vt.news_link, vpaths::with_user(vpaths::NEWSLETTER, "ref", id)));
    }
    let title = fill(t.user_heading, &[("name", &user.full_name())]);
    let sub = fill(t.user_sub, &[("id", id)]);
    let group = |title: &str, links: &[(&str, String)], plain: &[&str]| match d.style {
        Style::Table => html! {
            td {
                h2 { (title) }
                ul {
                    @for (text, href) in links { li { a href=(href) { (text) } } }
                    @for text in plain { li.muted { (text) } }
                }
            }
        },
        Style::Divs => html! {
            div.tile {
                div.tile-title { (title) }
                div.linklist {
                    @for (text, href) in links { a href=(href) { (text) } }
                    @for text in plain { span.muted { (text) " " } }
                }
            }
        },
        Style::Cards => html! {
            section.card {
                h2.card-title { (title) }
                @for (text, href) in links { a.pill href=(href) { (text) } }
                @for text in plain { span.pill.muted { (text) } }
            }
        },
    };
    let groups = html! {
        (group(t.basic, &basic_links, t.basic_items))
        (group(t.advanced, &advanced_links, t.advanced_items))
        @if !utility_links.is_empty() { (group(t.menu_utilities, &utility_links, &[])) }
    };
    frame.page(html! {
        (heading(d, &title, Some(&sub)))
        @if v.deep_passwords { (super::variant_pages::user_tabs(frame, user)) }
        (messages(frame, flash))
        @match d.style {
            Style::Table => { table.menus { tr { (groups) } } }
            Style::Divs => { div.tiles { (groups) } }
            Style::Cards => { div.grid { (groups) } }
        }
    })
}

/// A user's Profile page.
pub fn profile(frame: &Frame, user: &User) -> Markup {
    let d = frame.def;
    let t = d.t;
    let rows = [
        (t.f_user_id, html! { (user.user_id) }),
        (t.f_last_name, html! { (user.last_name) }),
        (t.f_first_name, html! { (user.first_name) }),
        (t.f_phone, html! { (user.phone_number) }),
        (t.f_extension, html! { (user.extension) }),
        (t.f_department, html! { (user.department.as_deref().unwrap_or("")) }),
        (t.f_email, html! { (user.email.as_deref().unwrap_or("")) }),
    ];
    frame.page(html! {
        (heading(d, t.profile_heading, Some(&user.full_name())))
        (section(d, None, key_values(d, &rows)))
        (back_to_user(d, user))
    })
}

fn back_to_user(d: &SkinDef, user: &User) -> Markup {
    html! { p { a href=(d.paths.user.href(&user.user_id)) { (user.full_name()) } } }
}

/// A user's Addresses page, with the device profile linked for the admin.
pub fn addresses(frame: &Frame, user: &User, device: Option<&Device>, domain: &str) -> Markup {
    let d = frame.def;
    let t = d.t;
    let admin = matches!(frame.viewer, Viewer::Admin);
    let device_name = match device {
        Some(dev) if admin => html! { a href=(d.paths.device.href(&dev.name)) { (dev.name) } },
        Some(dev) => html! { (dev.name) },
        None => html! { (t.no_device) },
    };
    let rows = [
        (t.f_phone, html! { (user.phone_number) }),
        (t.f_extension, html! { (user.extension) }),
        (t.line_port, html! { (user.line_port(domain)) }),
    ];
    let device_rows = [
        (t.device_name, device_name),
        (t.device_type, html! { (device.map_or(t.no_device, |d| d.device_type.as_str())) }),
    ];
    frame.page(html! {
        (heading(d, t.addresses_heading, Some(&user.full_name())))
        (section(d, None, key_values(d, &rows)))
        (section(d, Some(t.device_section), key_values(d, &device_rows)))
        (back_to_user(d, user))
    })
}

/// What the Passwords page needs.
pub struct PasswordsView<'a> {
    /// Whose secrets.
    pub user: &'a User,
    /// The user is changing their own (shows the current-password field).
    pub self_service: bool,
    /// A forced change is pending.
    pub must_change: Option<MustChange>,
    /// Outcome of the last submit.
    pub flash: &'a Flash,
    /// The one-time form token.
    pub token: &'a str,
    /// The rules in force (printed by `printed-rules`).
    pub rules: &'a Rules,
}

/// `field-constraints`: the web password inputs' limits.
pub fn web_limits(variants: &Variants, rules: &Rules) -> Limits {
    match variants.field_constraints {
        FieldConstraints::Off => Limits::default(),
        FieldConstraints::Maxlength => Limits { maxlength: variants.web_max_length(), ..Limits::default() },
        FieldConstraints::Full => Limits {
            maxlength: variants.web_max_length(),
            minlength: rules.web.min_length,
            ..Limits::default()
        },
    }
}

/// `field-constraints = full`: the passcode inputs' limits.
pub fn passcode_limits(rules: &Rules) -> Limits {
    let (min, max) = (rules.passcode.min_length, rules.passcode.max_length);
    Limits {
        maxlength: Some(max),
        minlength: Some(min),
        pattern: Some(format!("[0-9]{{{min},{max}}}")),
        inputmode: Some("numeric"),
    }
}

/// `printed-rules`: the rules as running text, one paragraph per secret.
pub fn printed_rules(frame: &Frame, rules: &Rules, with_passcode: bool) -> Markup {
    let d = frame.def;
    let web = rules_text::web(d.lang, &rules.web, frame.variants.web_max_length());
    let passcode = rules_text::passcode(d.lang, &rules.passcode);
    html! {
        p { (web) }
        @if with_passcode { p { (passcode) } }
    }
}

/// The Passwords page.
pub fn passwords(frame: &Frame, v: &PasswordsView) -> Markup {
    let d = frame.def;
    let (t, n) = (d.t, &d.names);
    let selected = v.flash.kind.unwrap_or(Secret::Web);
    let (new_label, confirm_label) =
        if v.self_service { (t.self_new, t.self_confirm) } else { (t.new_label, t.confirm_label) };
    let notice = v.must_change.map(|m| match m {
        MustChange::Expired => t.must_change_expired,
        MustChange::AfterReset => t.must_change_reset,
    });
    let cancel_href = d.paths.user.href(&v.user.user_id);
    let radios = html! {
        (radio(d, n.kind, n.kind_web, t.radio_web, selected == Secret::Web))
        @if v.must_change.is_none() {
            (radio(d, n.kind, n.kind_passcode, t.radio_passcode, selected == Secret::Passcode))
        }
    };
    let radios = match d.style {
        Style::Cards => html! { div.seg role="radiogroup" { (radios) } },
        _ => radios,
    };
    let radios = if frame.variants.kind_select {
        let passcode = v.must_change.is_none();
        crate::view::kind_select(
            d,
            vt_kind_label(d),
            n.kind,
            &[
                (n.kind_web, t.radio_web, selected == Secret::Web, true),
                (n.kind_passcode, t.radio_passcode, selected == Secret::Passcode, passcode),
            ],
        )
    } else {
        radios
    };
    let buttons = match d.buttons {
        Buttons::OkApplyCancel { ok, apply, cancel } => html! {
            (submit(d, &ok, true)) " " (submit(d, &apply, true)) " " (submit(d, &cancel, false))
        },
        Buttons::SaveCancel { save, cancel, cancel_is_link, .. } => html! {
            (submit(d, &save, true)) " "
            @if cancel_is_link {
                a.btn.ghost href=(cancel_href) { (cancel.label) }
            } @else {
                (submit(d, &cancel, false))
            }
        },
    };
    let sub = v.user.full_name();
    let vt = crate::variants::texts::for_lang(d.lang);
    let web_limits = web_limits(frame.variants, v.rules);
    let split_passcode =
        frame.variants.field_constraints == FieldConstraints::Full && v.must_change.is_none();
    let (pc_new, pc_confirm) = passcode_field_names(d.style);
    let form = html! {
        form method="post" action=(d.paths.passwords.href(&v.user.user_id)) autocomplete=[(d.style != Style::Cards).then_some("off")] {
            (hidden(n.token, v.token))
            (fields(d, html! {
                (radios)
                @if v.self_service {
                    (input_row(d, t.self_current, n.current, "password", "current-password"))
                }
                (limited_input_row(d, new_label, n.new, "password", "new-password", &web_limits))
                (limited_input_row(d, confirm_label, n.confirm, "password", "new-password", &web_limits))
                @if split_passcode {
                    (limited_input_row(d, vt.passcode_new, pc_new, "password", "off", &passcode_limits(v.rules)))
                    (limited_input_row(d, vt.passcode_confirm, pc_confirm, "password", "off", &passcode_limits(v.rules)))
                }
            }))
            (button_bar(d, buttons.clone()))
        }
    };
    // `tabs`: a tab per secret, each showing its own pair of fields.
    let form = if frame.variants.tabs {
        let passcode = v.must_change.is_none();
        let web_on = selected == Secret::Web || !passcode;
        html! {
            form method="post" action=(d.paths.passwords.href(&v.user.user_id)) {
                (hidden(n.token, v.token))
                input type="hidden" name=(n.kind) value=(if web_on { n.kind_web } else { n.kind_passcode }) data-tab-kind;
                div role="tablist" {
                    div role="tab" tabindex="0" data-kind=(n.kind_web) aria-controls="tab-web" aria-selected=(web_on.to_string()) { (t.radio_web) }
                    " "
                    @if passcode {
                        div role="tab" tabindex="0" data-kind=(n.kind_passcode) aria-controls="tab-passcode" aria-selected=((!web_on).to_string()) { (t.radio_passcode) }
                    }
                }
                div id="tab-web" role="tabpanel" hidden[!web_on] {
                    (fields(d, html! {
                        (limited_input_row(d, new_label, n.new, "password", "new-password", &web_limits))
                        (limited_input_row(d, confirm_label, n.confirm, "password", "new-password", &web_limits))
                    }))
                }
                @if passcode {
                    div id="tab-passcode" role="tabpanel" hidden[web_on] {
                        (fields(d, html! {
                            (limited_input_row(d, vt.passcode_new, pc_new, "password", "off", &Limits::default()))
                            (limited_input_row(d, vt.passcode_confirm, pc_confirm, "password", "off", &Limits::default()))
                        }))
                    }
                }
                (button_bar(d, buttons.clone()))
            }
            script src=(vpaths::TABS_JS) {}
        }
    } else {
        form
    };
    // `two-forms`: a form per secret, each its own card with its own buttons.
    let form = if frame.variants.two_forms {
        let card = |title: &str, kind: &str, new: &str, confirm: &str, limits: &Limits| {
            html! {
                (section(d, Some(title), html! {
                    form method="post" action=(d.paths.passwords.href(&v.user.user_id)) {
                        (hidden(n.token, v.token))
                        (hidden(n.kind, kind))
                        (fields(d, html! {
                            (limited_input_row(d, new, n.new, "password", "new-password", limits))
                            (limited_input_row(d, confirm, n.confirm, "password", "new-password", limits))
                        }))
                        (button_bar(d, buttons.clone()))
                    }
                }))
            }
        };
        html! {
            (card(t.radio_web, n.kind_web, new_label, confirm_label, &web_limits))
            @if v.must_change.is_none() {
                (card(t.radio_passcode, n.kind_passcode, vt.passcode_new, vt.passcode_confirm, &Limits::default()))
            }
        }
    } else {
        form
    };
    // `web-components`: the form inside <pw-form>'s shadow root (its script
    // moves the template's content there); `closed-components`: closed.
    let form = if frame.variants.web_components {
        let mode = if frame.variants.closed_shadow_root { "closed" } else { "open" };
        html! {
            pw-form data-mode=(mode) { template { (form) } }
            script src=(vpaths::WEB_COMPONENTS_JS) {}
        }
    } else {
        form
    };
    // `script-form`: an empty container; the page's script builds the form.
    let form = match frame.variants.script_form {
        true => script_form::container(d.lang, &passwords_spec(frame, v)),
        false => form,
    };
    let rules = frame.variants.printed_rules.then(|| printed_rules(frame, v.rules, v.must_change.is_none()));
    frame.page(html! {
        (heading(d, t.passwords_heading, Some(&sub)))
        @if let Some(notice) = notice {
            (messages(frame, &Flash { errors: vec![notice.to_owned()], ..Flash::default() }))
        }
        (messages(frame, v.flash))
        (section(d, None, html! {
            p { (t.passwords_intro) }
            @match (&rules, d.style) {
                (None, _) => { (form) }
                // Beside the form, in the table layouts.
                (Some(rules), Style::Table) => {
                    table.columns { tr {
                        td valign="top" { (form) }
                        td valign="top" width="40%" { (rules) }
                    } }
                }
                // Above it, elsewhere.
                (Some(rules), Style::Divs) => { div.hint { (rules) } (form) }
                (Some(rules), Style::Cards) => { aside.note { (rules) } (form) }
            }
        }))
    })
}

/// The Passwords form as data (`script-form`): the same fields, names,
/// labels, limits and buttons as the server-rendered form.
pub fn passwords_spec(frame: &Frame, v: &PasswordsView) -> FormSpec {
    let d = frame.def;
    let (t, n) = (d.t, &d.names);
    let selected = v.flash.kind.unwrap_or(Secret::Web);
    let (new_label, confirm_label) =
        if v.self_service { (t.self_new, t.self_confirm) } else { (t.new_label, t.confirm_label) };
    let mut radios = vec![RadioSpec {
        value: n.kind_web.into(),
        label: t.radio_web.into(),
        checked: selected == Secret::Web,
    }];
    if v.must_change.is_none() {
        radios.push(RadioSpec {
            value: n.kind_passcode.into(),
            label: t.radio_passcode.into(),
            checked: selected == Secret::Passcode,
        });
    }
    let web = web_limits(frame.variants, v.rules);
    let mut inputs = Vec::new();
    if v.self_service {
        inputs.push(InputSpec::password(n.current, t.self_current, "current-password", &Limits::default()));
    }
    inputs.push(InputSpec::password(n.new, new_label, "new-password", &web));
    inputs.push(InputSpec::password(n.confirm, confirm_label, "new-password", &web));
    if frame.variants.field_constraints == FieldConstraints::Full && v.must_change.is_none() {
        let vt = crate::variants::texts::for_lang(d.lang);
        let (pc_new, pc_confirm) = passcode_field_names(d.style);
        let pc = passcode_limits(v.rules);
        inputs.push(InputSpec::password(pc_new, vt.passcode_new, "off", &pc));
        inputs.push(InputSpec::password(pc_confirm, vt.passcode_confirm, "off", &pc));
    }
    let button = |b: &crate::skin::Button, secondary: bool| ButtonSpec {
        name: b.name.into(),
        value: b.value.into(),
        label: b.label.into(),
        secondary,
        href: None,
    };
    let buttons = match d.buttons {
        Buttons::OkApplyCancel { ok, apply, cancel } => {
            vec![button(&ok, false), button(&apply, false), button(&cancel, true)]
        }
        Buttons::SaveCancel { save, cancel, cancel_is_link, .. } => {
            let cancel = ButtonSpec {
                href: cancel_is_link.then(|| d.paths.user.href(&v.user.user_id)),
                ..button(&cancel, true)
            };
            vec![button(&save, false), cancel]
        }
    };
    FormSpec {
        action: d.paths.passwords.href(&v.user.user_id),
        autocomplete: (d.style != Style::Cards).then(|| "off".to_owned()),
        hidden: vec![HiddenSpec { name: n.token.into(), value: v.token.into() }],
        radio_name: n.kind.into(),
        radios,
        inputs,
        buttons,
        delay_ms: script_form::BUILD_DELAY_MS,
    }
}

/// A device with the user it belongs to.
pub struct DeviceRow<'a> {
    /// The device.
    pub device: &'a Device,
    /// Its user's name, if any.
    pub user: Option<&'a User>,
}

/// The Identity/Device Profiles list.
pub fn devices(frame: &Frame, rows: &[DeviceRow]) -> Markup {
    let d = frame.def;
    let t = d.t;
    frame.page(html! {
        (heading(d, t.devices_heading, None))
        (section(d, None, html! {
            table.data {
                thead { tr { th { (t.device_name) } th { (t.device_type) } th { (t.device_mac) } th { (t.device_users) } } }
                tbody {
                    @for r in rows {
                        tr {
                            td { a href=(d.paths.device.href(&r.device.name)) { (r.device.name) } }
                            td { (r.device.device_type) }
                            td { (r.device.mac.as_deref().unwrap_or("")) }
                            td { (r.user.map(User::full_name).unwrap_or_default()) }
                        }
                    }
                }
            }
        }))
    })
}

/// One Identity/Device Profile with its two actions.
pub fn device(frame: &Frame, row: &DeviceRow, domain: &str, flash: &Flash) -> Markup {
    let d = frame.def;
    let t = d.t;
    let dev = row.device;
    let title = fill(t.device_heading, &[("name", &dev.name)]);
    let rows = [
        (t.device_name, html! { (dev.name) }),
        (t.device_type, html! { (dev.device_type) }),
        (t.device_mac, html! { (dev.mac.as_deref().unwrap_or("")) }),
        (
            t.device_users,
            html! {
                @if let Some(u) = row.user { a href=(d.paths.user.href(&u.user_id)) { (u.full_name()) } }
            },
        ),
        (t.line_port, html! { @if let Some(u) = row.user { (u.line_port(domain)) } }),
    ];
    let route = d.paths.device_confirm;
    let actions = match d.style {
        // Links styled as buttons.
        Style::Cards => html! {
            a.btn href=(route.href_with(&dev.name, "action", "rebuild")) { (t.rebuild) }
            a.btn href=(route.href_with(&dev.name, "action", "reset")) { (t.reset) }
        },
        _ => html! {
            form method="get" action=(route.href(&dev.name).split('?').next().unwrap_or_default()) {
                @if let Some(key) = route.query_key { (hidden(key, &dev.name)) }
                @match d.style {
                    Style::Divs => {
                        div.actions {
                            button type="submit" name="action" value="rebuild" { (t.rebuild) }
                            button type="submit" name="action" value="reset" { (t.reset) }
                        }
                    }
                    _ => {
                        div.buttons {
                            button type="submit" name="action" value="rebuild" { (t.rebuild) }
                            " "
                            button type="submit" name="action" value="reset" { (t.reset) }
                        }
                    }
                }
            }
        },
    };
    frame.page(html! {
        (heading(d, &title, None))
        (messages(frame, flash))
        (section(d, None, key_values(d, &rows)))
        (section(d, None, actions))
    })
}

/// The confirmation step of a device action.
pub fn device_confirm(frame: &Frame, dev: &Device, action: &str, token: &str) -> Markup {
    let d = frame.def;
    let t = d.t;
    let question = if action == "rebuild" { t.confirm_rebuild } else { t.confirm_reset };
    let question = fill(question, &[("name", &dev.name)]);
    let title = if action == "rebuild" { t.rebuild } else { t.reset };
    let (yes, no) = d.confirm_buttons;
    frame.page(html! {
        (heading(d, title, None))
        (section(d, None, html! {
            form method="post" action=(d.paths.device_confirm.href(&dev.name)) {
                (hidden(d.names.token, token))
                (hidden("action", action))
                p { strong { (question) } }
                (button_bar(d, html! { (submit(d, &yes, true)) " " (submit(d, &no, false)) }))
            }
        }))
    })
}

/// An error page (403, 404, 500).
pub fn error_page(frame: &Frame, title: &str, detail: &str) -> Markup {
    let d = frame.def;
    let home = match frame.viewer {
        Viewer::Admin => d.paths.home.to_owned(),
        Viewer::User { id, .. } => d.paths.user.href(id),
        Viewer::Nobody => d.paths.login.to_owned(),
    };
    frame.page(html! {
        (heading(d, title, None))
        (messages(frame, &Flash { errors: vec![detail.to_owned()], ..Flash::default() }))
        p { a href=(home) { (d.t.back_home) } }
    })
}

/// `kind-select`: the select's label, in the skin's language.
fn vt_kind_label(d: &crate::skin::SkinDef) -> &'static str {
    crate::variants::texts::for_lang(d.lang).kind_select
}
