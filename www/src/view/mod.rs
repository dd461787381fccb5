//! Server-rendered HTML: the page frame and form components of each layout
//! style. Maud escapes every interpolated value. No script anywhere.

pub mod pages;
pub mod rules_form;
pub mod script_form;
pub mod variant_pages;

use maud::{DOCTYPE, Markup, html};

use crate::sessions::{Flash, random_hex};
use crate::skin::{Button, SkinDef, Style};
use crate::variants::{ErrorMarkup, Variants};

/// Who the page is for.
#[derive(Clone, Copy, Debug)]
pub enum Viewer<'a> {
    /// Not logged in.
    Nobody,
    /// The group administrator.
    Admin,
    /// A user (self-service), with ID and display name.
    User {
        /// User ID.
        id: &'a str,
        /// "First Last".
        name: &'a str,
    },
}

/// What every page shares.
#[derive(Clone, Copy, Debug)]
pub struct Frame<'a> {
    /// The skin.
    pub def: &'static SkinDef,
    /// The page's own title (before the brand).
    pub title: &'a str,
    /// Who is looking.
    pub viewer: Viewer<'a>,
    /// The group's display name.
    pub group_name: &'a str,
    /// The variants switched on.
    pub variants: &'a Variants,
}

/// A fresh id for skins whose ids change on every load.
fn random_id(prefix: &str) -> String {
    format!("{prefix}{}", random_hex(4))
}

impl Frame<'_> {
    /// A whole HTML page around `body`.
    pub fn page(&self, body: Markup) -> Markup {
        let d = self.def;
        html! {
            (DOCTYPE)
            html lang=(d.lang) {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (self.title) " – " (d.t.brand) }
                    link rel="stylesheet" href=(d.paths.css);
                }
                body {
                    // `frameset`: the navigation lives in its own frame.
                    @if self.variants.frameset && !matches!(self.viewer, Viewer::Nobody) {
                        div.content.framed { (body) }
                    } @else {
                        @match d.style {
                            Style::Table => (self.table_frame(body)),
                            Style::Divs => (self.divs_frame(body)),
                            Style::Cards => (self.cards_frame(body)),
                        }
                    }
                }
            }
        }
    }

    /// "Welcome NAME" for the banner.
    pub fn who(&self) -> String {
        let name = match self.viewer {
            Viewer::Nobody => return String::new(),
            Viewer::Admin => self.def.t.admin_label,
            Viewer::User { name, .. } => name,
        };
        crate::skin::fill(self.def.t.welcome, &[("name", name)])
    }

    /// Links for the navigation: (text, href).
    pub fn nav(&self) -> Vec<(&'static str, String)> {
        let (t, p) = (self.def.t, &self.def.paths);
        match self.viewer {
            Viewer::Nobody => vec![],
            Viewer::Admin => vec![
                (t.nav_home, p.home.to_owned()),
                (t.nav_users, p.users.to_owned()),
                (t.nav_logout, p.logout.to_owned()),
            ],
            Viewer::User { id, .. } => {
                vec![(t.nav_my_page, p.user.href(id)), (t.nav_logout, p.logout.to_owned())]
            }
        }
    }

    /// Menu sections of the side navigation: (title, [(text, href)]).
    pub fn side_menus(&self) -> Vec<(&'static str, Vec<(&'static str, String)>)> {
        let (t, p) = (self.def.t, &self.def.paths);
        match self.viewer {
            Viewer::Nobody => vec![],
            Viewer::Admin => vec![
                (t.menu_profile, vec![(t.item_users, p.users.to_owned())]),
                (t.menu_resources, vec![(t.item_devices, p.devices.to_owned())]),
                (t.menu_utilities, vec![(t.item_rules, p.rules.to_owned())]),
            ],
            Viewer::User { id, .. } => {
                let mut links =
                    vec![(t.item_profile, p.profile.href(id)), (t.item_addresses, p.addresses.href(id))];
                if !self.variants.deep_passwords {
                    links.push((t.item_passwords, p.passwords.href(id)));
                }
                vec![(t.basic, links)]
            }
        }
    }

    fn table_frame(&self, body: Markup) -> Markup {
        let t = self.def.t;
        let menus = self.side_menus();
        html! {
            div.banner {
                span.brand { (t.brand) }
                span {
                    span.who { (self.who()) }
                    @for (text, href) in self.nav() { a href=(href) { (text) } }
                }
            }
            @if !matches!(self.viewer, Viewer::Nobody) {
                div.crumbs { (t.group_label) ": " (self.group_name) }
            }
            div.layout {
                @if !menus.is_empty() {
                    div.leftnav {
                        @for (title, links) in &menus {
                            h3 { (title) }
                            ul { @for (text, href) in links { li { a href=(href) { (text) } } } }
                        }
                    }
                }
                div.content { (body) }
            }
        }
    }

    fn divs_frame(&self, body: Markup) -> Markup {
        let t = self.def.t;
        html! {
            div.topbar {
                div.brand { (t.brand) }
                div {
                    span.who { (self.who()) }
                    @for (text, href) in self.nav() { a href=(href) { (text) } }
                }
            }
            div.page { (body) }
        }
    }

    fn cards_frame(&self, body: Markup) -> Markup {
        let t = self.def.t;
        let mut links = self.nav();
        if matches!(self.viewer, Viewer::Admin) {
            // The rail lists every section; the logout link stays last.
            let logout = links.pop();
            for (_, menu) in self.side_menus() {
                for (text, href) in menu {
                    if !links.iter().any(|(_, h)| *h == href) {
                        links.push((text, href));
                    }
                }
            }
            links.extend(logout);
        }
        html! {
            div.shell {
                nav.rail aria-label="Main" {
                    div.brand { (t.brand) }
                    @if !matches!(self.viewer, Viewer::Nobody) { div.muted { (self.who()) } }
                    @for (text, href) in links { a href=(href) { (text) } }
                }
                main.main { (body) }
            }
        }
    }
}

/// Page heading with an optional line under it.
pub fn heading(def: &SkinDef, title: &str, sub: Option<&str>) -> Markup {
    match def.style {
        Style::Cards => html! {
            div.card {
                h1 { (title) }
                @if let Some(sub) = sub { p.sub { (sub) } }
            }
        },
        _ => html! {
            h1 { (title) }
            @if let Some(sub) = sub { p.sub { (sub) } }
        },
    }
}

/// The outcome messages: successes and errors (one line per violated rule).
pub fn messages(frame: &Frame, flash: &Flash) -> Markup {
    let def = frame.def;
    let t = def.t;
    let has_errors = !flash.errors.is_empty();
    if frame.variants.error_markup != ErrorMarkup::Skin {
        return legacy_messages(frame.variants.error_markup, flash);
    }
    match def.style {
        Style::Table => html! {
            @if has_errors {
                table.msg { tr { td.error {
                    strong.error { (t.error_heading) }
                    ul { @for e in &flash.errors { li.error { (e) } } }
                } } }
            }
            @for s in &flash.success { table.msg { tr { td.info { (s) } } } }
        },
        Style::Divs => html! {
            @if has_errors {
                div.banner-msg.bad {
                    strong { (t.error_heading) }
                    ul { @for e in &flash.errors { li { (e) } } }
                }
            }
            @for s in &flash.success { div.banner-msg.good { (s) } }
        },
        Style::Cards => html! {
            @if has_errors {
                div.alert.bad role="alert" {
                    strong { (t.error_heading) }
                    ul { @for e in &flash.errors { li { (e) } } }
                }
            }
            @for s in &flash.success { div.alert.good role="alert" { (s) } }
        },
    }
}

/// `font-errors` / `cell-errors`: a table row above the form, red or green
/// text, one line per message, nothing else (no role, class, id or heading).
fn legacy_messages(markup: ErrorMarkup, flash: &Flash) -> Markup {
    if flash.errors.is_empty() && flash.success.is_empty() {
        return html! {};
    }
    let lines = |lines: &[String]| {
        html! {
            @for (i, line) in lines.iter().enumerate() {
                @if i > 0 { br; }
                (line)
            }
        }
    };
    html! {
        table width="100%" border="0" cellspacing="0" cellpadding="2" {
            @if !flash.errors.is_empty() {
                tr { @match markup {
                    ErrorMarkup::Cell => { td style="color:#c00" { (lines(&flash.errors)) } }
                    _ => { td { font color="#ff0000" { (lines(&flash.errors)) } } }
                } }
            }
            @if !flash.success.is_empty() {
                tr { @match markup {
                    ErrorMarkup::Cell => { td style="color:green" { (lines(&flash.success)) } }
                    _ => { td { font color="green" { (lines(&flash.success)) } } }
                } }
            }
        }
    }
}

/// A group of input rows.
pub fn fields(def: &SkinDef, rows: Markup) -> Markup {
    match def.style {
        Style::Table => html! { table.form { (rows) } },
        Style::Divs => html! { div.fields { (rows) } },
        Style::Cards => html! { div.stack { (rows) } },
    }
}

/// Constraints on an input (`field-constraints`); all absent by default.
#[derive(Clone, Debug, Default)]
pub struct Limits {
    /// `maxlength`.
    pub maxlength: Option<u32>,
    /// `minlength`.
    pub minlength: Option<u32>,
    /// `pattern`.
    pub pattern: Option<String>,
    /// `inputmode`.
    pub inputmode: Option<&'static str>,
}

/// One labelled input inside [`fields`].
pub fn input_row(def: &SkinDef, label: &str, name: &str, input_type: &str, autocomplete: &str) -> Markup {
    limited_input_row(def, label, name, input_type, autocomplete, &Limits::default())
}

/// [`input_row`] with constraints on the input.
pub fn limited_input_row(
    def: &SkinDef,
    label: &str,
    name: &str,
    input_type: &str,
    autocomplete: &str,
    l: &Limits,
) -> Markup {
    let (max, min, pattern, mode) = (l.maxlength, l.minlength, l.pattern.as_deref(), l.inputmode);
    match def.style {
        Style::Table => html! {
            tr {
                td.label { label for=(name) { (label) ":" } }
                td { input type=(input_type) id=(name) name=(name) size="30" maxlength=[max] minlength=[min] pattern=[pattern] inputmode=[mode]; }
            }
        },
        // Ids change on every load and the label is not linked to the input.
        Style::Divs => html! {
            div.row {
                span.lbl { (label) }
                input type=(input_type) id=(random_id("f")) name=(name) maxlength=[max] minlength=[min] pattern=[pattern] inputmode=[mode];
            }
        },
        Style::Cards => html! {
            input type=(input_type) name=(name) aria-label=(label) placeholder=(label) autocomplete=(autocomplete) maxlength=[max] minlength=[min] pattern=[pattern] inputmode=[mode];
        },
    }
}

/// `kind-select`: a labelled select of `(value, text, selected, shown)`
/// options, inside [`fields`], in the skin's layout.
pub fn kind_select(def: &SkinDef, label: &str, name: &str, options: &[(&str, &str, bool, bool)]) -> Markup {
    let select = |id: Option<&str>| {
        html! {
            select id=[id] name=(name) aria-label=[(def.style == Style::Cards).then_some(label)] {
                @for (value, text, selected, shown) in options {
                    @if *shown { option value=(value) selected[*selected] { (text) } }
                }
            }
        }
    };
    match def.style {
        Style::Table => html! {
            tr {
                td.label { label for=(name) { (label) ":" } }
                td { (select(Some(name))) }
            }
        },
        Style::Divs => html! { div.row { span.lbl { (label) } (select(None)) } },
        Style::Cards => select(None),
    }
}

/// A radio button with its visible text, inside [`fields`].
pub fn radio(def: &SkinDef, group: &str, value: &str, text: &str, checked: bool) -> Markup {
    match def.style {
        Style::Table => {
            let id = format!("{group}_{value}");
            html! {
                tr { td colspan="2" {
                    input type="radio" id=(id) name=(group) value=(value) checked[checked];
                    " "
                    label for=(id) { (text) }
                } }
            }
        }
        Style::Divs => html! {
            div.choice {
                input type="radio" id=(random_id("r")) name=(group) value=(value) checked[checked];
                " "
                span { (text) }
            }
        },
        Style::Cards => {
            let id = format!("lbl-{value}");
            html! {
                span {
                    input type="radio" name=(group) value=(value) aria-labelledby=(id) checked[checked];
                    " "
                    span id=(id) { (text) }
                }
            }
        }
    }
}

/// A submit control.
pub fn submit(def: &SkinDef, button: &Button, primary: bool) -> Markup {
    match def.style {
        Style::Table => html! { input type="submit" name=(button.name) value=(button.value); },
        Style::Divs => html! {
            button type="submit" name=(button.name) value=(button.value) class=[(!primary).then_some("secondary")] {
                (button.label)
            }
        },
        Style::Cards => html! {
            input.btn.ghost[!primary] type="submit" name=(button.name) value=(button.value);
        },
    }
}

/// The row of buttons under a form.
pub fn button_bar(def: &SkinDef, buttons: Markup) -> Markup {
    match def.style {
        Style::Table => html! { div.buttons { (buttons) } },
        Style::Divs => html! { div.actions { (buttons) } },
        Style::Cards => html! { div.actions { (buttons) } },
    }
}

/// A hidden input.
pub fn hidden(name: &str, value: &str) -> Markup {
    html! { input type="hidden" name=(name) value=(value); }
}

/// Label/value pairs (read-only data).
pub fn key_values(def: &SkinDef, rows: &[(&str, Markup)]) -> Markup {
    match def.style {
        Style::Table => html! {
            table.form {
                @for (k, v) in rows { tr { td.label { (k) ":" } td { (v) } } }
            }
        },
        Style::Divs => html! {
            @for (k, v) in rows { div.kv { div.k { (k) } div.v { (v) } } }
        },
        Style::Cards => html! {
            div.kv {
                @for (k, v) in rows { div.k { (k) } div.v { (v) } }
            }
        },
    }
}

/// Wraps a section in a card (modern) or a plain block.
pub fn section(def: &SkinDef, title: Option<&str>, inner: Markup) -> Markup {
    match def.style {
        Style::Cards => html! {
            section.card {
                @if let Some(title) = title { div.card-title { (title) } }
                (inner)
            }
        },
        _ => html! {
            @if let Some(title) = title { h2 { (title) } }
            (inner)
        },
    }
}
