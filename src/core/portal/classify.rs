//! Page classification: what a snapshot is (login, user page, Passwords
//! page, ...), which of its elements play which role, and what it says.
//!
//! Everything keys on visible text and form structure through the label
//! tables, never on one skin's ids, names or paths.

use serde::{Deserialize, Serialize};

use super::labels as l;
use super::snapshot::{Button, ElementId, Field, Link, Snapshot};
use super::text::{has_any, is_any, normalize};

/// What kind of page a snapshot is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PageKind {
    /// The portal's login page (also where an expired session lands).
    Login,
    /// The users list with its search form.
    UsersList,
    /// A user's page with the Basic links.
    User,
    /// A user's Profile.
    Profile,
    /// A user's Addresses, with the device profile link.
    Addresses,
    /// A user's Passwords page.
    Passwords,
    /// An Identity/Device Profile with its rebuild and reset actions.
    DeviceProfile,
    /// A confirmation question.
    Confirm,
    /// Utilities > Password Rules.
    PasswordRules,
    /// A server error page.
    ServerError,
    /// Anything else.
    Other,
}

/// A link the flow may follow.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkRef {
    /// Element id.
    pub id: ElementId,
    /// Where it goes.
    pub href: String,
    /// Its text.
    pub text: String,
}

impl From<&Link> for LinkRef {
    fn from(link: &Link) -> Self {
        LinkRef { id: link.id, href: link.href.clone(), text: link.text.clone() }
    }
}

/// The user a page is about, as far as it tells.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct UserInfo {
    /// Display name (the user page's heading).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// User ID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// First name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// Phone number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Extension.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extension: Option<String>,
}

impl UserInfo {
    /// Fills what `self` lacks from `other`.
    pub fn merge(&mut self, other: &UserInfo) {
        let fill = |mine: &mut Option<String>, theirs: &Option<String>| {
            if mine.is_none() {
                mine.clone_from(theirs);
            }
        };
        fill(&mut self.name, &other.name);
        fill(&mut self.user_id, &other.user_id);
        fill(&mut self.first_name, &other.first_name);
        fill(&mut self.last_name, &other.last_name);
        fill(&mut self.phone, &other.phone);
        fill(&mut self.extension, &other.extension);
    }

    /// The rules' context for this user.
    pub fn context(&self) -> crate::Context {
        crate::Context {
            user_id: self.user_id.clone(),
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            extension: self.extension.clone(),
            phone: self.phone.clone(),
            previous: Vec::new(),
        }
    }
}

/// The roles of a Passwords page's controls.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordsForm {
    /// The radio that chooses the web access password.
    pub web_radio: Option<ElementId>,
    /// The radio that chooses the portal passcode.
    pub passcode_radio: Option<ElementId>,
    /// The current-password field (self-service pages only).
    pub current: Option<ElementId>,
    /// The new password field.
    pub new: ElementId,
    /// The re-type field.
    pub retype: ElementId,
    /// OK: save and return.
    pub ok: Option<ElementId>,
    /// Apply: save and stay.
    pub apply: Option<ElementId>,
    /// Save (reskins).
    pub save: Option<ElementId>,
    /// Cancel.
    pub cancel: Option<ElementId>,
}

impl PasswordsForm {
    /// The button that saves: OK, else Save, else Apply.
    pub fn submit(&self) -> Option<ElementId> {
        self.ok.or(self.save).or(self.apply)
    }
}

/// A device profile's actions.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceActions {
    /// Rebuild the configuration files.
    pub rebuild: Option<ElementId>,
    /// Reset (reboot) the phones.
    pub reset: Option<ElementId>,
}

/// A confirmation question's buttons.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Confirm {
    /// The button that confirms.
    pub yes: ElementId,
    /// The button that declines.
    pub no: Option<ElementId>,
    /// What is being confirmed: rebuild or reset.
    pub about: Option<DeviceAction>,
}

/// Which device action.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DeviceAction {
    /// Rebuild the configuration files.
    Rebuild,
    /// Reset the phone.
    Reset,
}

/// How a message reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Tone {
    /// Something failed.
    Error,
    /// Something succeeded.
    Success,
    /// Neither.
    Info,
}

/// A message on the page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    /// Verbatim.
    pub text: String,
    /// Error, success or info.
    pub tone: Tone,
}

/// The analysis of one page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page {
    /// What it is.
    pub kind: PageKind,
    /// The page's URL.
    pub url: String,
    /// The page the admin came from, when of the same origin.
    #[serde(default)]
    pub referrer: Option<String>,
    /// Who it is about.
    pub user: UserInfo,
    /// The Passwords form, on a Passwords page.
    pub passwords: Option<PasswordsForm>,
    /// Link to the user's Profile.
    pub profile_link: Option<LinkRef>,
    /// Link to the user's Addresses.
    pub addresses_link: Option<LinkRef>,
    /// Link to the user's Passwords.
    pub passwords_link: Option<LinkRef>,
    /// Link to the user's Identity/Device Profile.
    pub device_link: Option<LinkRef>,
    /// The device actions, on a device page.
    pub device: Option<DeviceActions>,
    /// The confirmation, on a confirmation page.
    pub confirm: Option<Confirm>,
    /// The page's messages.
    pub notices: Vec<Notice>,
    /// Whether a login page says the session ended.
    pub session_ended: bool,
    /// Where a panel or launcher goes.
    pub anchor: Option<ElementId>,
}

impl Page {
    /// The first error message, verbatim.
    pub fn first_error(&self) -> Option<&Notice> {
        self.notices.iter().find(|n| n.tone == Tone::Error)
    }

    /// Every error message.
    pub fn errors(&self) -> impl Iterator<Item = &Notice> {
        self.notices.iter().filter(|n| n.tone == Tone::Error)
    }

    /// Whether the page reports success.
    pub fn has_success(&self) -> bool {
        self.notices.iter().any(|n| n.tone == Tone::Success)
    }
}

fn norm(s: &str) -> String {
    normalize(s)
}

fn button<'a>(buttons: &'a [&'a Button], phrases: &[&str]) -> Option<&'a Button> {
    buttons.iter().copied().find(|b| !b.disabled && is_any(&norm(&b.text), phrases))
}

fn tone(text: &str) -> Tone {
    let t = norm(text);
    if has_any(&t, l::ERROR) {
        Tone::Error
    } else if has_any(&t, l::SUCCESS) {
        Tone::Success
    } else {
        Tone::Info
    }
}

/// The Passwords form, if the page has one.
fn passwords_form(s: &Snapshot) -> Option<PasswordsForm> {
    let secrets: Vec<&Field> = s.fields.iter().filter(|f| f.kind == "password" && !f.disabled).collect();
    if secrets.len() < 2 {
        return None;
    }
    let mut current = None;
    let mut retype = None;
    let mut new = None;
    for f in &secrets {
        let label = norm(&f.label);
        if retype.is_none() && has_any(&label, l::RETYPE) {
            retype = Some(f.id);
        } else if current.is_none() && has_any(&label, l::CURRENT) {
            current = Some(f.id);
        } else if new.is_none() {
            new = Some(f.id);
        }
    }
    // Unlabelled fields: the order is current?, new, re-type.
    if retype.is_none() || new.is_none() {
        let ids: Vec<ElementId> = secrets.iter().map(|f| f.id).collect();
        let n = ids.len();
        retype = Some(ids[n - 1]);
        new = Some(ids[n - 2]);
        current = (n >= 3).then(|| ids[n - 3]);
    }
    let (new, retype) = (new?, retype?);
    // The agent numbers every element once; a snapshot where both entries are
    // one element is not a form the flow can fill (it would type into one field twice).
    if new == retype {
        return None;
    }
    let form_of = |id: ElementId| s.fields.iter().find(|f| f.id == id).map_or(-1, |f| f.form);
    let form = form_of(new);
    let mut web_radio = None;
    let mut passcode_radio = None;
    for radio in s.fields.iter().filter(|f| f.kind == "radio" && (form < 0 || f.form == form)) {
        let label = norm(&radio.label);
        if has_any(&label, l::PASSCODE) {
            passcode_radio.get_or_insert(radio.id);
        } else if has_any(&label, l::WEB_PASSWORD) {
            web_radio.get_or_insert(radio.id);
        }
    }
    let buttons: Vec<&Button> =
        s.buttons.iter().filter(|b| form < 0 || b.form == form || b.form < 0).collect();
    Some(PasswordsForm {
        web_radio,
        passcode_radio,
        current,
        new,
        retype,
        ok: button(&buttons, l::OK).map(|b| b.id),
        apply: button(&buttons, l::APPLY).map(|b| b.id),
        save: button(&buttons, l::SAVE).map(|b| b.id),
        cancel: button(&buttons, l::CANCEL).map(|b| b.id),
    })
}

/// One password field beside a user field, and a way to submit them.
fn is_login(s: &Snapshot) -> bool {
    let secrets = s.fields.iter().filter(|f| f.kind == "password").count();
    let texts = s.fields.iter().filter(|f| matches!(f.kind.as_str(), "text" | "email")).count();
    let buttons: Vec<&Button> = s.buttons.iter().collect();
    let submits = button(&buttons, l::LOGIN).is_some() || s.buttons.iter().any(|b| b.kind == "submit");
    secrets == 1 && texts >= 1 && submits
}

/// The user's details from label/value pairs, fields and the page text.
fn user_info(s: &Snapshot) -> UserInfo {
    let mut info = UserInfo::default();
    let values = s.pairs.iter().map(|p| (p.label.as_str(), p.value.as_str())).chain(
        s.fields
            .iter()
            .filter(|f| f.kind != "password")
            .filter_map(|f| Some((f.label.as_str(), f.value.as_deref()?))),
    );
    for (label, value) in values {
        let label = norm(label);
        let label = label.trim_end_matches([':', ' ']);
        let value = value.trim();
        if value.is_empty() || label.len() > 40 {
            continue;
        }
        let slot = if is_any(label, l::USER_ID) {
            &mut info.user_id
        } else if is_any(label, l::FIRST_NAME) {
            &mut info.first_name
        } else if is_any(label, l::LAST_NAME) {
            &mut info.last_name
        } else if is_any(label, l::EXTENSION) {
            &mut info.extension
        } else if is_any(label, l::PHONE) {
            &mut info.phone
        } else {
            continue;
        };
        if slot.is_none() {
            *slot = Some(value.to_owned());
        }
    }
    if info.user_id.is_none() {
        info.user_id = user_id_in_text(&s.text);
    }
    if info.phone.as_deref().is_some_and(|p| !p.chars().any(|c| c.is_ascii_digit())) {
        info.phone = None; // "None" in a phone select
    }
    info
}

/// "User ID: jsmith@x" or "User ID — jsmith@x" in running text.
fn user_id_in_text(text: &str) -> Option<String> {
    for marker in ["User ID", "ID utilisateur", "Login", "Benutzer-ID", "ID de usuario"] {
        let mut from = 0;
        while let Some(pos) = text[from..].find(marker) {
            let after = &text[from + pos + marker.len()..];
            let token: String = after
                .trim_start_matches(|c: char| {
                    c.is_whitespace() || matches!(c, ':' | '-' | '—' | '–' | '·' | '|')
                })
                .chars()
                .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | ';' | ')' | '('))
                .collect();
            if token.contains('@') && token.len() > 2 {
                return Some(token);
            }
            from += pos + marker.len();
        }
    }
    None
}

/// The heading that names the user (not the portal's brand, not a page title).
fn display_name(s: &Snapshot) -> Option<String> {
    const NOT_NAMES: &[&str] = &[
        "commpilot",
        "broadworks",
        "portal",
        "portail",
        "basic",
        "advanced",
        "users",
        "utilisateurs",
        "group",
        "groupe",
        "profile",
        "profil",
        "addresses",
        "adresses",
        "passwords",
        "mots de passe",
        "home",
        "welcome",
        "bienvenue",
        "services",
        "resources",
        "utilities",
        "voice",
    ];
    let main = if s.headings.iter().any(|h| h.level == 1) { 1 } else { 0 };
    s.headings
        .iter()
        .filter(|h| main == 0 || h.level == main)
        .find(|h| {
            let t = norm(&h.text);
            !t.is_empty() && !has_any(&t, NOT_NAMES) && h.text.len() < 80
        })
        .map(|h| h.text.clone())
}

fn find_link<'a>(links: &'a [Link], phrases: &[&str]) -> Option<&'a Link> {
    links.iter().find(|link| is_any(&norm(&link.text), phrases))
}

/// The link to the device profile: labelled as one, or in a device group.
fn device_link(s: &Snapshot) -> Option<&Link> {
    s.links.iter().find(|link| {
        let label = norm(&link.label);
        let group = norm(&link.group);
        let text = norm(&link.text);
        (has_any(&label, l::DEVICE_PROFILE) || has_any(&group, l::DEVICE_PROFILE))
            && !has_any(&text, l::DEVICE_PROFILE)
            && !is_any(&text, l::ADDRESSES_LINK)
    })
}

fn confirm(s: &Snapshot) -> Option<Confirm> {
    let text = norm(&s.text);
    let asks = s.text.contains('?')
        && (has_any(&text, l::QUESTION) || has_any(&text, l::REBUILD) || has_any(&text, l::RESET_PHONE));
    if !asks || s.fields.iter().any(|f| f.kind == "password") {
        return None;
    }
    let buttons: Vec<&Button> = s.buttons.iter().filter(|b| !b.disabled).collect();
    let said = |b: &&Button, phrases: &[&str]| has_any(&norm(&b.text), phrases);
    let no = buttons.iter().find(|b| said(b, l::NO)).map(|b| b.id);
    let yes = buttons
        .iter()
        .find(|b| !said(b, l::NO) && (said(b, l::YES) || said(b, l::REBUILD) || said(b, l::RESET_PHONE)))?;
    no?;
    let question = s.messages.iter().map(|m| norm(&m.text)).find(|t| t.contains('?')).unwrap_or(text);
    let about = if has_any(&question, l::REBUILD) {
        Some(DeviceAction::Rebuild)
    } else if has_any(&question, l::RESET_PHONE) || has_any(&question, &["reset"]) {
        Some(DeviceAction::Reset)
    } else {
        None
    };
    Some(Confirm { yes: yes.id, no, about })
}

fn device_actions(s: &Snapshot) -> Option<DeviceActions> {
    let find = |phrases: &[&str]| {
        s.buttons
            .iter()
            .filter(|b| !b.disabled)
            .map(|b| (b.id, norm(&b.text)))
            .chain(s.links.iter().map(|link| (link.id, norm(&link.text))))
            .find(|(_, t)| has_any(t, phrases))
            .map(|(id, _)| id)
    };
    let actions = DeviceActions { rebuild: find(l::REBUILD), reset: find(l::RESET_PHONE) };
    (actions.rebuild.is_some() || actions.reset.is_some()).then_some(actions)
}

/// The page's own title, normalised: the document title and the main heading,
/// not the menu headings around it ("PROFILE", "RESOURCES").
fn main_title(s: &Snapshot) -> String {
    let level = if s.headings.iter().any(|h| h.level == 1) {
        1
    } else {
        s.headings.iter().map(|h| h.level).min().unwrap_or(1)
    };
    let main: Vec<&str> = s.headings.iter().filter(|h| h.level == level).map(|h| h.text.as_str()).collect();
    norm(&format!("{} {}", s.title, main.join(" ")))
}

fn is_search(s: &Snapshot) -> bool {
    s.buttons.iter().any(|b| has_any(&norm(&b.text), &["search", "find", "rechercher", "buscar", "suchen"]))
        && s.fields.iter().any(|f| matches!(f.kind.as_str(), "text" | "search"))
}

/// Whether a light snapshot (the agent's first on each page: no link labels
/// or groups, label/value pairs or page text) can be a portal page, so that
/// the full snapshot is worth its cost. Errs towards yes: a password field,
/// any page kind but "other", or portal words in the title, a heading, a link
/// or a button.
pub fn wants_full(s: &Snapshot) -> bool {
    const PORTAL_WORDS: &[&[&str]] = &[
        l::PASSWORDS_LINK,
        l::PROFILE_LINK,
        l::ADDRESSES_LINK,
        l::DEVICE_PROFILE,
        l::RULES_PAGE,
        l::REBUILD,
        l::RESET_PHONE,
        l::WEB_PASSWORD,
        l::PASSCODE,
        l::SESSION_ENDED,
        l::SERVER_ERROR,
    ];
    let portal_words = |text: &str| {
        let t = norm(text);
        PORTAL_WORDS.iter().any(|words| has_any(&t, words))
    };
    s.fields.iter().any(|f| f.kind == "password")
        || portal_words(&s.title)
        || s.headings.iter().any(|h| portal_words(&h.text))
        || s.links.iter().any(|k| portal_words(&k.text))
        || s.buttons.iter().any(|b| portal_words(&b.text))
        || analyze(s).kind != PageKind::Other
}

/// Classifies a snapshot.
pub fn analyze(s: &Snapshot) -> Page {
    let notices: Vec<Notice> =
        s.messages.iter().map(|m| Notice { text: m.text.clone(), tone: tone(&m.text) }).collect();
    let mut user = user_info(s);
    user.name = display_name(s);
    let title = main_title(s);
    let mut page = Page {
        kind: PageKind::Other,
        url: s.url.clone(),
        referrer: (!s.referrer.is_empty()
            && s.referrer != s.url
            && super::snapshot::origin_of(&s.referrer) == super::snapshot::origin_of(&s.url))
        .then(|| s.referrer.clone()),
        user,
        passwords: None,
        profile_link: find_link(&s.links, l::PROFILE_LINK).map(LinkRef::from),
        addresses_link: find_link(&s.links, l::ADDRESSES_LINK).map(LinkRef::from),
        passwords_link: find_link(&s.links, l::PASSWORDS_LINK).map(LinkRef::from),
        device_link: device_link(s).map(LinkRef::from),
        device: None,
        confirm: None,
        notices,
        session_ended: false,
        anchor: None,
    };
    if let Some(form) = passwords_form(s) {
        page.kind = PageKind::Passwords;
        page.anchor = Some(form.new);
        page.passwords = Some(form);
    } else if is_login(s) {
        page.kind = PageKind::Login;
        page.session_ended = has_any(&norm(&s.text), l::SESSION_ENDED);
    } else if has_any(&title, l::SERVER_ERROR) && s.fields.iter().all(|f| f.kind == "hidden") {
        page.kind = PageKind::ServerError;
    } else if let Some(c) = confirm(s) {
        page.kind = PageKind::Confirm;
        page.confirm = Some(c);
    } else if let Some(actions) = device_actions(s)
        .filter(|_| has_any(&title, l::DEVICE_PROFILE) || has_any(&norm(&s.text), l::DEVICE_PROFILE))
    {
        page.kind = PageKind::DeviceProfile;
        page.anchor = actions.rebuild.or(actions.reset);
        page.device = Some(actions);
    } else if has_any(&title, l::ADDRESSES_LINK) {
        page.kind = PageKind::Addresses;
    } else if has_any(&title, l::PROFILE_LINK) && !has_any(&title, l::DEVICE_PROFILE) {
        page.kind = PageKind::Profile;
    } else if has_any(&title, l::RULES_PAGE) {
        page.kind = PageKind::PasswordRules;
    } else if page.passwords_link.is_some() && page.profile_link.is_some() && page.addresses_link.is_some() {
        page.kind = PageKind::User;
        // Beside the user's name.
        let top = s.headings.iter().map(|h| h.level).min();
        page.anchor = s.headings.iter().find(|h| Some(h.level) == top).map(|h| h.id);
    } else if is_search(s) {
        page.kind = PageKind::UsersList;
    }
    page
}
