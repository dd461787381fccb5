//! Skins: the markup, wording, URL layout and form field names a portal
//! uses. Each real reseller reskin differs in all of these, so the extension
//! must work from visible text and form structure, never from one skin's ids
//! or paths.

mod paths;
mod texts;

use serde::{Deserialize, Serialize};

pub use paths::{Paths, Route, encode};
pub use texts::{Texts, fill};

/// The skins the simulator can wear.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Skin {
    /// CommPilot as reseller guides show it: table layout, OK / Apply / Cancel.
    #[default]
    Classic,
    /// An older release: "Set voice portal password", servlet-style URLs,
    /// numbered error codes.
    Legacy,
    /// A reseller reskin: div layout, ids that change on every load, labels
    /// not linked to inputs, Save / Cancel.
    Reskin,
    /// A French-language reskin.
    Francais,
    /// A "modern" reskin: cards, inputs labelled only by ARIA, messages in a
    /// `role="alert"` element, submit inputs "Save changes".
    Modern,
    /// A German-language reskin: tables, OK / Übernehmen / Abbrechen.
    Deutsch,
    /// A Spanish-language reskin: divs, labels not linked, Guardar / Cancelar.
    Espanol,
}

impl Skin {
    /// Every skin.
    pub const ALL: [Skin; 7] = [
        Skin::Classic,
        Skin::Legacy,
        Skin::Reskin,
        Skin::Francais,
        Skin::Modern,
        Skin::Deutsch,
        Skin::Espanol,
    ];

    /// The skin's name as used in scenarios and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Skin::Classic => "classic",
            Skin::Legacy => "legacy",
            Skin::Reskin => "reskin",
            Skin::Francais => "francais",
            Skin::Modern => "modern",
            Skin::Deutsch => "deutsch",
            Skin::Espanol => "espanol",
        }
    }

    /// Everything the skin defines.
    pub fn def(self) -> &'static SkinDef {
        match self {
            Skin::Classic => &CLASSIC,
            Skin::Legacy => &LEGACY,
            Skin::Reskin => &RESKIN,
            Skin::Francais => &FRANCAIS,
            Skin::Modern => &MODERN,
            Skin::Deutsch => &DEUTSCH,
            Skin::Espanol => &ESPANOL,
        }
    }

    /// The URL layout of the skin.
    pub fn paths(self) -> &'static Paths {
        &self.def().paths
    }
}

impl std::fmt::Display for Skin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Skin {
    type Err = String;
    fn from_str(s: &str) -> Result<Skin, String> {
        Skin::ALL.into_iter().find(|k| k.name().eq_ignore_ascii_case(s)).ok_or_else(|| {
            let names: Vec<_> = Skin::ALL.iter().map(|k| k.name()).collect();
            format!("unknown skin {s:?}; expected one of {}", names.join(", "))
        })
    }
}

/// The pages of the portal, for faults that name a page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PageKind {
    /// Login page.
    Login,
    /// Group home with the menus.
    Home,
    /// Users list and search.
    Users,
    /// A user's page (link groups Basic / Advanced).
    User,
    /// A user's Profile page.
    Profile,
    /// A user's Addresses page.
    Addresses,
    /// A user's Passwords page.
    Passwords,
    /// Identity/Device Profiles list.
    Devices,
    /// One Identity/Device Profile.
    Device,
    /// The confirmation of a device action.
    DeviceConfirm,
    /// Utilities > Password Rules.
    PasswordRules,
}

/// How the skin lays pages out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// Tables, `<label for>` linked to stable ids.
    Table,
    /// Divs, random ids per load, labels as spans not linked to inputs.
    Divs,
    /// Cards, inputs labelled only through `aria-label` / `aria-labelledby`.
    Cards,
}

/// A submit control: the name/value pair it posts and the text it shows.
#[derive(Clone, Copy, Debug)]
pub struct Button {
    /// Form field name.
    pub name: &'static str,
    /// Value posted (for `<input type=submit>` it is also the visible text).
    pub value: &'static str,
    /// Visible text.
    pub label: &'static str,
}

/// Form field names. They differ per skin as they would between portals.
#[derive(Clone, Copy, Debug)]
pub struct FieldNames {
    /// Login form: user ID.
    pub login_user: &'static str,
    /// Login form: password.
    pub login_password: &'static str,
    /// The hidden one-time form token.
    pub token: &'static str,
    /// The radio group choosing the secret.
    pub kind: &'static str,
    /// Radio value: web access password.
    pub kind_web: &'static str,
    /// Radio value: portal passcode.
    pub kind_passcode: &'static str,
    /// Self-service: current password.
    pub current: &'static str,
    /// New secret.
    pub new: &'static str,
    /// Re-typed secret.
    pub confirm: &'static str,
    /// Users search: which field.
    pub search_field: &'static str,
    /// Users search: how to match.
    pub search_mode: &'static str,
    /// Users search: the value.
    pub search_value: &'static str,
}

/// Which submit buttons a skin's Passwords page has.
#[derive(Clone, Copy, Debug)]
pub enum Buttons {
    /// OK (save, back to the user), Apply (save, stay), Cancel.
    OkApplyCancel {
        /// OK.
        ok: Button,
        /// Apply.
        apply: Button,
        /// Cancel.
        cancel: Button,
    },
    /// One save button and Cancel; `returns` says whether Save goes back to
    /// the user page (like OK) or stays (like Apply).
    SaveCancel {
        /// Save.
        save: Button,
        /// Cancel (a button, or a link styled as one when `cancel_is_link`).
        cancel: Button,
        /// Save goes back to the user page.
        returns: bool,
        /// Cancel is a link rather than a submit button.
        cancel_is_link: bool,
    },
}

/// Everything a skin defines.
#[derive(Clone, Debug)]
pub struct SkinDef {
    /// Which skin.
    pub skin: Skin,
    /// `lang` attribute of the pages.
    pub lang: &'static str,
    /// Layout style.
    pub style: Style,
    /// URL layout.
    pub paths: Paths,
    /// Form field names.
    pub names: FieldNames,
    /// Passwords page buttons.
    pub buttons: Buttons,
    /// The other confirm pages' buttons: (confirm, cancel).
    pub confirm_buttons: (Button, Button),
    /// Session cookie name.
    pub cookie: &'static str,
    /// Visible wording.
    pub t: &'static Texts,
    /// The stylesheet.
    pub css: &'static str,
}

const BASE_CSS: &str = include_str!("../../assets/base.css");

/// The stylesheet text served for a skin (shared base + the skin's own).
pub fn stylesheet(skin: Skin) -> String {
    format!("{BASE_CSS}\n{}", skin.def().css)
}

const CLASSIC_NAMES: FieldNames = FieldNames {
    login_user: "UserID",
    login_password: "Password",
    token: "formToken",
    kind: "passwordType",
    kind_web: "web",
    kind_passcode: "portal",
    current: "oldPassword",
    new: "newPassword",
    confirm: "confirmPassword",
    search_field: "findKey",
    search_mode: "findMode",
    search_value: "findValue",
};

const fn submit(name: &'static str, value: &'static str) -> Button {
    Button { name, value, label: value }
}

static CLASSIC: SkinDef = SkinDef {
    skin: Skin::Classic,
    lang: "en",
    style: Style::Table,
    paths: paths::CLASSIC,
    names: CLASSIC_NAMES,
    buttons: Buttons::OkApplyCancel {
        ok: submit("ok", "OK"),
        apply: submit("apply", "Apply"),
        cancel: submit("cancel", "Cancel"),
    },
    confirm_buttons: (submit("ok", "OK"), submit("cancel", "Cancel")),
    cookie: "JSESSIONID",
    t: &texts::CLASSIC,
    css: include_str!("../../assets/classic.css"),
};

static LEGACY: SkinDef = SkinDef {
    skin: Skin::Legacy,
    lang: "en",
    style: Style::Table,
    paths: paths::LEGACY,
    names: FieldNames {
        login_user: "userId",
        login_password: "pwd",
        token: "_tk",
        kind: "setWhich",
        kind_web: "webAccess",
        kind_passcode: "voicePortal",
        current: "currentPwd",
        new: "pwd1",
        confirm: "pwd2",
        search_field: "field",
        search_mode: "op",
        search_value: "val",
    },
    buttons: Buttons::OkApplyCancel {
        ok: submit("buttonOK", "OK"),
        apply: submit("buttonApply", "Apply"),
        cancel: submit("buttonCancel", "Cancel"),
    },
    confirm_buttons: (submit("buttonOK", "OK"), submit("buttonCancel", "Cancel")),
    cookie: "JSESSIONID",
    t: &texts::LEGACY,
    css: include_str!("../../assets/legacy.css"),
};

static RESKIN: SkinDef = SkinDef {
    skin: Skin::Reskin,
    lang: "en",
    style: Style::Divs,
    paths: paths::RESKIN,
    names: FieldNames {
        login_user: "login",
        login_password: "secret",
        token: "nonce",
        kind: "target",
        kind_web: "web-portal",
        kind_passcode: "voice-portal",
        current: "current",
        new: "pass1",
        confirm: "pass2",
        search_field: "by",
        search_mode: "match",
        search_value: "term",
    },
    buttons: Buttons::SaveCancel {
        save: Button { name: "op", value: "save", label: "Save" },
        cancel: Button { name: "op", value: "cancel", label: "Cancel" },
        returns: false,
        cancel_is_link: false,
    },
    confirm_buttons: (
        Button { name: "op", value: "confirm", label: "Yes, continue" },
        Button { name: "op", value: "cancel", label: "Cancel" },
    ),
    cookie: "nvp_session",
    t: &texts::RESKIN,
    css: include_str!("../../assets/reskin.css"),
};

static FRANCAIS: SkinDef = SkinDef {
    skin: Skin::Francais,
    lang: "fr",
    style: Style::Table,
    paths: paths::FRANCAIS,
    names: FieldNames {
        login_user: "identifiant",
        login_password: "motdepasse",
        token: "jeton",
        kind: "choix",
        kind_web: "acces-web",
        kind_passcode: "code-portail",
        current: "actuel",
        new: "nouveau",
        confirm: "confirmation",
        search_field: "critere",
        search_mode: "mode",
        search_value: "valeur",
    },
    buttons: Buttons::OkApplyCancel {
        ok: submit("valider", "OK"),
        apply: submit("appliquer", "Appliquer"),
        cancel: submit("annuler", "Annuler"),
    },
    confirm_buttons: (submit("valider", "OK"), submit("annuler", "Annuler")),
    cookie: "JSESSIONID",
    t: &texts::FRANCAIS,
    css: include_str!("../../assets/francais.css"),
};

static MODERN: SkinDef = SkinDef {
    skin: Skin::Modern,
    lang: "en",
    style: Style::Cards,
    paths: paths::MODERN,
    names: FieldNames {
        login_user: "identifier",
        login_password: "credential",
        token: "csrf",
        kind: "credential_type",
        kind_web: "password",
        kind_passcode: "passcode",
        current: "current_secret",
        new: "secret",
        confirm: "secret_again",
        search_field: "in",
        search_mode: "how",
        search_value: "q",
    },
    buttons: Buttons::SaveCancel {
        save: submit("commit", "Save changes"),
        cancel: submit("discard", "Cancel"),
        returns: true,
        cancel_is_link: true,
    },
    confirm_buttons: (submit("commit", "Confirm"), submit("discard", "Go back")),
    cookie: "sid",
    t: &texts::MODERN,
    css: include_str!("../../assets/modern.css"),
};

static DEUTSCH: SkinDef = SkinDef {
    skin: Skin::Deutsch,
    lang: "de",
    style: Style::Table,
    paths: paths::DEUTSCH,
    names: FieldNames {
        login_user: "benutzer",
        login_password: "kennwort",
        token: "formularToken",
        kind: "art",
        kind_web: "webzugang",
        kind_passcode: "pin",
        current: "altesKennwort",
        new: "neuesKennwort",
        confirm: "kennwortWdh",
        search_field: "suchfeld",
        search_mode: "suchart",
        search_value: "suchwert",
    },
    buttons: Buttons::OkApplyCancel {
        ok: submit("ok", "OK"),
        apply: submit("uebernehmen", "Übernehmen"),
        cancel: submit("abbrechen", "Abbrechen"),
    },
    confirm_buttons: (submit("ok", "OK"), submit("abbrechen", "Abbrechen")),
    cookie: "JSESSIONID",
    t: &texts::DEUTSCH,
    css: include_str!("../../assets/deutsch.css"),
};

static ESPANOL: SkinDef = SkinDef {
    skin: Skin::Espanol,
    lang: "es",
    style: Style::Divs,
    paths: paths::ESPANOL,
    names: FieldNames {
        login_user: "usuario",
        login_password: "clave",
        token: "tk",
        kind: "tipo",
        kind_web: "web",
        kind_passcode: "codigo",
        current: "clave_actual",
        new: "clave_nueva",
        confirm: "clave_repetida",
        search_field: "campo",
        search_mode: "modo",
        search_value: "texto",
    },
    buttons: Buttons::SaveCancel {
        save: Button { name: "accion", value: "guardar", label: "Guardar" },
        cancel: Button { name: "accion", value: "cancelar", label: "Cancelar" },
        returns: true,
        cancel_is_link: false,
    },
    confirm_buttons: (
        Button { name: "accion", value: "confirmar", label: "Confirmar" },
        Button { name: "accion", value: "cancelar", label: "Cancelar" },
    ),
    cookie: "SESIONID",
    t: &texts::ESPANOL,
    css: include_str!("../../assets/espanol.css"),
};
