//! Page classification: what a snapshot is (login, user page, Passwords
//! page, ...), which of its elements play which role, what it says, and how
//! sure the classifier is that a password form is the portal's.
//!
//! Everything keys on visible text, presentation and form structure through
//! the label tables, never on one skin's ids, names or paths. A portal map
//! taught by an admin ([`super::map`]) comes first.

use serde::{Deserialize, Serialize};

use super::labels as l;
use super::map::PortalMap;
use super::printed::{self, PrintedRules};
use super::snapshot::{Button, ElementId, Field, FieldType, Link, Row, Snapshot};
use super::text::{has_any, is_any, normalize};
use crate::policy::Kind;

/// What kind of page a snapshot is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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
    /// A page with a form to set a new password twice (see [`Confidence`]).
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
    #[default]
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

/// A link that may lead towards the Passwords form, by what its text means.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NavLink {
    /// Element id.
    pub id: ElementId,
    /// Where it goes.
    pub href: String,
    /// Its text.
    pub text: String,
    /// How promising: 3 a Passwords or security menu, 2 a profile or
    /// account, higher when it is the next step of a path that worked before.
    pub score: u32,
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

/// How sure the classifier is that a password form is the portal's own
/// web-password or passcode form: only [`Confidence::Portal`] gets the
/// one-click reset; every other form gets at most the generator.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// The portal's Passwords form: the web/passcode choice, or a Passwords
    /// page in the portal's pages, or a form an admin taught.
    Portal,
    /// A form for another credential (the phone's SIP authentication, voice mail).
    OtherCredential,
    /// A form asking for the current password (someone's own password).
    OwnPassword,
    /// Two password fields and nothing saying they are the portal's.
    #[default]
    Unknown,
}

/// What the new-password field itself accepts (`maxlength`, `pattern`, ...).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Constraints {
    /// `maxlength`.
    pub max_length: Option<u32>,
    /// `minlength`.
    pub min_length: Option<u32>,
    /// Digits only (a digits pattern, or a numeric field).
    pub digits_only: bool,
    /// The pattern, as written, when set.
    pub pattern: Option<String>,
    /// The length range a simple pattern sets (`[0-9]{6,8}`).
    pub pattern_length: Option<(u32, u32)>,
}

/// The roles of a Passwords page's controls.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordsForm {
    /// The radio that chooses the web access password.
    pub web_radio: Option<ElementId>,
    /// The radio that chooses the portal passcode.
    pub passcode_radio: Option<ElementId>,
    /// A select that chooses between them instead of radios.
    #[serde(default)]
    pub kind_select: Option<KindSelect>,
    /// The passcode's own fields and button, where the page has a second
    /// form for it (then `new` and `retype` are the web password's).
    #[serde(default)]
    pub passcode_fields: Option<SecretFields>,
    /// Tabs that choose the secret, each showing its own fields (only the
    /// shown tab's are described).
    #[serde(default)]
    pub tabs: Option<KindTabs>,
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
    /// Whether one-click may submit it.
    #[serde(default)]
    pub confidence: Confidence,
    /// The new-password field's own constraints.
    #[serde(default)]
    pub constraints: Constraints,
    /// The re-type field's (the tighter of the two applies).
    #[serde(default)]
    pub retype_constraints: Constraints,
}

/// A select choosing which secret a Passwords form sets ("Password type:
/// Web access / Portal passcode"), with its options' exact texts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindSelect {
    /// The select.
    pub id: ElementId,
    /// The option that chooses the web access password.
    pub web: Option<String>,
    /// The option that chooses the portal passcode.
    pub passcode: Option<String>,
}

/// Tabs choosing which secret the form shows ("Web access password" /
/// "Portal passcode"), and which one the shown fields are for.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindTabs {
    /// The web access password's tab.
    pub web: ElementId,
    /// The portal passcode's tab.
    pub passcode: ElementId,
    /// The secret the shown fields are labelled for.
    pub shown: Option<Kind>,
}

impl KindTabs {
    /// The tab to open before `kind` can be typed in, if it is not shown.
    pub fn to_open(&self, kind: Kind) -> Option<ElementId> {
        (self.shown != Some(kind)).then_some(match kind {
            Kind::Web => self.web,
            Kind::Passcode => self.passcode,
        })
    }
}

/// A pair of fields for one secret and the button that saves them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecretFields {
    /// The new secret.
    pub new: ElementId,
    /// Its re-type.
    pub retype: ElementId,
    /// The button that saves it.
    pub submit: Option<ElementId>,
    /// The new field's own constraints.
    pub constraints: Constraints,
    /// The re-type field's.
    pub retype_constraints: Constraints,
}

/// How a Passwords form is told which secret it sets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Choice {
    /// Check this radio.
    Radio(ElementId),
    /// Choose this option of a select.
    Option {
        /// The select.
        select: ElementId,
        /// The option's text.
        text: String,
    },
}

impl PasswordsForm {
    /// What chooses `kind` on this form: a radio, else a select's option.
    pub fn choice(&self, kind: Kind) -> Option<Choice> {
        let radio = match kind {
            Kind::Web => self.web_radio,
            Kind::Passcode => self.passcode_radio,
        };
        radio.map(Choice::Radio).or_else(|| {
            let select = self.kind_select.as_ref()?;
            let text = match kind {
                Kind::Web => select.web.clone(),
                Kind::Passcode => select.passcode.clone(),
            }?;
            Some(Choice::Option { select: select.id, text })
        })
    }

    /// The fields `kind` is typed into and the button that saves it: the
    /// passcode's own pair where the page has one, else the form's.
    pub fn fields_for(&self, kind: Kind) -> SecretFields {
        match (kind, &self.passcode_fields) {
            (Kind::Passcode, Some(pair)) => pair.clone(),
            _ => SecretFields {
                new: self.new,
                retype: self.retype,
                submit: self.submit(),
                constraints: self.constraints.clone(),
                retype_constraints: self.retype_constraints.clone(),
            },
        }
    }

    /// Whether `kind` needs choosing (a radio, an option) on this form and
    /// nothing chooses it: the same fields could set the other secret.
    pub fn lacks_choice(&self, kind: Kind) -> bool {
        let separate = self.passcode_fields.is_some() || self.tabs.is_some();
        self.choice(kind).is_none()
            && !separate
            && (kind == Kind::Passcode || self.choice(Kind::Passcode).is_some())
    }

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
#[serde(rename_all = "snake_case")]
pub enum DeviceAction {
    /// Rebuild the configuration files.
    Rebuild,
    /// Reset the phone.
    Reset,
}

/// How a message reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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

/// A user on a users list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListedUser {
    /// The user ID.
    pub user_id: String,
    /// The name, as the row shows it.
    pub name: Option<String>,
    /// The user's page.
    pub url: String,
    /// The row (where the checkbox goes).
    pub row: ElementId,
}

/// The analysis of one page. Holds no value typed into the page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Page {
    /// What it is.
    pub kind: PageKind,
    /// The page's URL.
    pub url: String,
    /// The page's title and main heading, normalised.
    pub title: String,
    /// The page the admin came from, when of the same origin.
    pub referrer: Option<String>,
    /// Which description of its page load (0 at load).
    pub view: u32,
    /// The tab's top frame.
    pub top: bool,
    /// Who it is about.
    pub user: UserInfo,
    /// The Passwords form, on a Passwords page.
    pub passwords: Option<PasswordsForm>,
    /// Rules printed on a Passwords page.
    pub printed: PrintedRules,
    /// Link to the user's Profile.
    pub profile_link: Option<LinkRef>,
    /// Link to the user's Addresses.
    pub addresses_link: Option<LinkRef>,
    /// Link to the user's Passwords.
    pub passwords_link: Option<LinkRef>,
    /// Link to the user's Identity/Device Profile.
    pub device_link: Option<LinkRef>,
    /// Links that may lead towards Passwords (never a risky one).
    pub nav: Vec<NavLink>,
    /// The device actions, on a device page.
    pub device: Option<DeviceActions>,
    /// The confirmation, on a confirmation page.
    pub confirm: Option<Confirm>,
    /// The page's messages.
    pub notices: Vec<Notice>,
    /// Whether a login page says the session ended.
    pub session_ended: bool,
    /// Where the launcher goes (the user's name).
    pub anchor: Option<ElementId>,
    /// Words of the portal anywhere on the page (links Profile, Addresses;
    /// a CommPilot title): context that makes a Passwords form the portal's.
    pub portal_context: bool,
    /// The users a users list shows.
    pub users: Vec<ListedUser>,
    /// The policy read from a Password Rules page, when it is one.
    pub learned: Option<crate::policy::PolicySpec>,
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

    /// The page without the messages it already showed before (their texts).
    pub fn without_notices(&self, before: &[String]) -> Page {
        let mut page = self.clone();
        page.notices.retain(|n| !before.contains(&n.text));
        page
    }

    /// Whether the page is its tab's top frame, or shows a portal page.
    pub fn top_or_only(&self) -> bool {
        self.top || self.kind != PageKind::Other
    }

    /// Whether the page has a way on towards Passwords: its link, or one
    /// whose text leads there (Profile, My profile, Manage passwords).
    fn way_on(&self) -> bool {
        self.passwords_link.is_some() || self.nav.iter().any(|n| n.score >= 2)
    }

    /// Takes an unrecognised page for `listed`'s page, when it is the page the
    /// users list linked that user to (the admin just followed it) and it
    /// has a way on towards Passwords: a reskin's user page that names no
    /// user ID and has no Passwords link of its own. Returns whether it did.
    pub fn adopt_listed_user(&mut self, listed: &ListedUser, s: &Snapshot) -> bool {
        if self.kind != PageKind::Other || !self.way_on() || !same_page(&listed.url, &s.url) {
            return false;
        }
        self.kind = PageKind::User;
        self.portal_context = true;
        self.user.user_id.get_or_insert_with(|| listed.user_id.clone());
        if self.user.name.is_none() {
            self.user.name = listed.name.clone();
        }
        let top = s.headings.iter().map(|h| h.level).min();
        self.anchor = s.headings.iter().find(|h| Some(h.level) == top).map(|h| h.id);
        true
    }

    /// Whether a one-click reset may submit this page's form.
    pub fn one_click(&self) -> bool {
        self.passwords.as_ref().is_some_and(|f| f.confidence == Confidence::Portal && f.current.is_none())
    }
}

/// Whether two addresses are of one page: the same but for a fragment or a
/// trailing slash (and not empty).
pub(crate) fn same_page(a: &str, b: &str) -> bool {
    let strip = |u: &str| u.split('#').next().unwrap_or(u).trim_end_matches('/').to_owned();
    !a.is_empty() && strip(a) == strip(b)
}

fn norm(s: &str) -> String {
    normalize(s)
}

fn button<'a>(buttons: &'a [&'a Button], phrases: &[&str]) -> Option<&'a Button> {
    buttons.iter().copied().find(|b| !b.disabled && is_any(&norm(&b.text), phrases))
}

/// A message's tone by what it says.
fn tone(text: &str) -> Tone {
    let t = norm(text);
    // Error words first; then success words ("the phones have been reset");
    // then a rule named without an error word ("at least 10 characters").
    if has_any(&t, l::ERROR) {
        Tone::Error
    } else if has_any(&t, l::SUCCESS) {
        Tone::Success
    } else if !super::outcome::causes_of(text).is_empty() {
        Tone::Error
    } else {
        Tone::Info
    }
}

/// A colour that reads as an error (red) or a success (green).
fn hue_tone(rgb: [u8; 3]) -> Option<Tone> {
    let [r, g, b] = rgb.map(i32::from);
    if r >= 150 && r - g >= 80 && r - b >= 80 {
        Some(Tone::Error)
    } else if g >= 90 && g - r >= 40 && g - b >= 20 {
        Some(Tone::Success)
    } else {
        None
    }
}

/// A `<font color>` value that reads as red or green.
fn font_tone(color: &str) -> Option<Tone> {
    let c = color.trim().to_ascii_lowercase();
    let named = match c.as_str() {
        "red" | "darkred" | "crimson" | "firebrick" | "maroon" => return Some(Tone::Error),
        "green" | "darkgreen" | "forestgreen" | "seagreen" | "olive" => return Some(Tone::Success),
        _ => c.strip_prefix('#'),
    };
    let hex = named?;
    let expand = |s: &str| -> Option<[u8; 3]> {
        let v: Vec<u8> = match s.len() {
            3 => s.chars().map(|ch| ch.to_digit(16).map(|d| (d * 17) as u8)).collect::<Option<_>>()?,
            6 => (0..3).map(|i| u8::from_str_radix(&s[i * 2..i * 2 + 2], 16).ok()).collect::<Option<_>>()?,
            _ => return None,
        };
        Some([v[0], v[1], v[2]])
    };
    hue_tone(expand(hex)?)
}

/// The page's messages: the ones the agent found by role and class, and the
/// short texts whose presentation marks them (an error colour, a `<font
/// color>`, an "Error:" prefix) near a password form. Each text once.
fn notices(s: &Snapshot) -> Vec<Notice> {
    let mut out: Vec<Notice> = Vec::new();
    let mut add = |text: &str, tone: Tone| {
        let text = text.trim();
        if text.chars().filter(|c| c.is_alphanumeric()).count() < 3 || text.len() > 600 {
            return;
        }
        if let Some(existing) = out.iter_mut().find(|n| n.text == text) {
            if existing.tone == Tone::Info {
                existing.tone = tone;
            }
            return;
        }
        out.push(Notice { text: text.to_owned(), tone });
    };
    for m in &s.messages {
        let by_meaning = tone(&m.text);
        let class = norm(&m.class);
        let by_look = if m.role == "alert" || has_any(&class, &["error", "danger", "invalid", "fail", "bad"])
        {
            Some(Tone::Error)
        } else if has_any(&class, &["success", "ok", "good", "confirm"]) {
            Some(Tone::Success)
        } else {
            None
        };
        // Meaning first; the look decides only what the words leave open.
        let t = match (by_meaning, by_look) {
            (Tone::Info, Some(look)) if look == Tone::Success || !has_any(&norm(&m.text), l::SUCCESS) => look,
            (meaning, _) => meaning,
        };
        add(&m.text, t);
    }
    for b in &s.blocks {
        let t = norm(&b.text);
        let prefixed =
            l::ERROR_PREFIX.iter().any(|p| t.starts_with(p) && t[p.len()..].starts_with([':', ' ', '!']));
        let look = b.color.and_then(hue_tone).or_else(|| font_tone(&b.font_color));
        let class = norm(&b.class);
        let classed = if has_any(&class, &["error", "danger", "invalid", "fail"]) || b.role == "alert" {
            Some(Tone::Error)
        } else if has_any(&class, &["success", "confirm"]) {
            Some(Tone::Success)
        } else {
            None
        };
        let marked = prefixed || look.is_some() || classed.is_some();
        if !marked || !b.near_form && !prefixed && classed.is_none() && b.tag != "font" {
            continue;
        }
        let meaning = tone(&b.text);
        let t = match meaning {
            Tone::Info if prefixed => Tone::Error,
            Tone::Info => classed.or(look).unwrap_or(Tone::Info),
            m => m,
        };
        add(&b.text, t);
    }
    out
}

fn kind_of_field(f: &Field) -> bool {
    f.kind == FieldType::Password && !f.disabled
}

/// The passcode's own pair, where the page has exactly two forms of two
/// secret fields each, one of them named for the passcode (its fields'
/// labels or section) and the other for the web password.
fn separate_passcode(s: &Snapshot, secrets: &[&Field]) -> Option<SecretFields> {
    let mut forms: Vec<i32> = secrets.iter().map(|f| f.form).collect();
    forms.dedup();
    if forms.len() != 2 || forms.contains(&-1) {
        return None;
    }
    let of = |form: i32| secrets.iter().filter(|f| f.form == form).copied().collect::<Vec<&Field>>();
    let (a, b) = (of(forms[0]), of(forms[1]));
    if a.len() != 2 || b.len() != 2 {
        return None;
    }
    let says = |pair: &[&Field], phrases: &[&str]| {
        pair.iter().any(|f| has_any(&norm(&format!("{} {}", f.label, f.group)), phrases))
    };
    const PIN: &[&str] = &["pin", "passcode", "code"];
    let code = |pair: &[&Field]| (says(pair, l::PASSCODE) || says(pair, PIN)) && !says(pair, l::WEB_PASSWORD);
    let web = |pair: &[&Field]| says(pair, l::WEB_PASSWORD) || (says(pair, l::PASSWORDS_LINK) && !code(pair));
    let pair = match (code(&a) && web(&b) && !code(&b), code(&b) && web(&a) && !code(&a)) {
        (true, false) => a,
        (false, true) => b,
        _ => return None,
    };
    let form = pair[0].form;
    let submit = s
        .buttons
        .iter()
        .filter(|x| x.form == form && !x.disabled && !is_any(&norm(&x.text), l::CANCEL))
        .find(|x| x.kind == "submit" || x.kind == "image")
        .map(|x| x.id);
    Some(SecretFields {
        new: pair[0].id,
        retype: pair[1].id,
        submit,
        constraints: constraints(pair[0]),
        retype_constraints: constraints(pair[1]),
    })
}

/// A text input named or labelled as a password ("Type new password",
/// `nwPwd1`): a password field shown in clear.
fn shown_secret(f: &Field) -> bool {
    const WORDS: &[&str] = &[
        "password",
        "passcode",
        "pin",
        "kennwort",
        "passwort",
        "mot de passe",
        "contrasena",
        "code d'acces",
    ];
    let name = f.name.to_ascii_lowercase();
    f.kind == FieldType::Text
        && !f.disabled
        && !f.readonly
        && (has_any(&norm(&f.label), WORDS) || ["pwd", "passw", "passcode"].iter().any(|w| name.contains(w)))
        && !has_any(&norm(&f.label), l::USER_ID)
}

/// The constraints an input's attributes set.
fn constraints(f: &Field) -> Constraints {
    let pattern = (!f.pattern.trim().is_empty()).then(|| f.pattern.trim().to_owned());
    let simple = pattern.as_deref().and_then(simple_pattern);
    let numeric_mode = matches!(f.inputmode.as_str(), "numeric" | "decimal");
    Constraints {
        max_length: f.max_length.filter(|&n| n > 0),
        min_length: f.min_length.filter(|&n| n > 0),
        digits_only: simple.is_some_and(|(digits, _)| digits) || numeric_mode,
        pattern_length: simple.and_then(|(_, len)| len),
        pattern,
    }
}

/// Reads the patterns portals use: a class and a quantifier (`[0-9]{6,8}`,
/// `\d+`, `.{8,}`), anchored or not. Returns whether it is digits only and
/// the length range; `None` for anything more complex (the agent then checks
/// the field's own validity after filling).
fn simple_pattern(p: &str) -> Option<(bool, Option<(u32, u32)>)> {
    let p = p.trim_start_matches('^').trim_end_matches('$');
    let (class, rest) = if let Some(rest) = p.strip_prefix("\\d") {
        ("0-9", rest)
    } else if let Some(rest) = p.strip_prefix('.') {
        (".", rest)
    } else if let Some(inner) = p.strip_prefix('[') {
        let end = inner.find(']')?;
        (&inner[..end], &inner[end + 1..])
    } else {
        return None;
    };
    let digits = matches!(class, "0-9" | "\\d" | "0123456789");
    let len = match rest {
        "" => Some((1, 1)),
        "*" => None,
        "+" => None,
        q if q.starts_with('{') && q.ends_with('}') => {
            let inner = &q[1..q.len() - 1];
            match inner.split_once(',') {
                Some((a, "")) => Some((a.trim().parse().ok()?, crate::policy::PORTAL_MAX_LENGTH as u32)),
                Some((a, b)) => Some((a.trim().parse().ok()?, b.trim().parse().ok()?)),
                None => {
                    let n = inner.trim().parse().ok()?;
                    Some((n, n))
                }
            }
        }
        _ => return None,
    };
    Some((digits, len))
}

/// Words near a form: its fields' labels and groups, the radios, the
/// page's title and headings.
fn form_words(s: &Snapshot, form: i32, except: &[Option<ElementId>]) -> String {
    let mut words = String::new();
    for f in s.fields.iter().filter(|f| (form < 0 || f.form == form) && !except.contains(&Some(f.id))) {
        words.push_str(&f.label);
        words.push(' ');
        words.push_str(&f.group);
        words.push(' ');
        words.push_str(&f.name);
        words.push(' ');
    }
    norm(&words)
}

/// The Passwords form, if the page has one, with how sure this is the portal's.
fn passwords_form(s: &Snapshot, title: &str, portal_context: bool) -> Option<PasswordsForm> {
    // A password field a "show" toggle left as text is one too, beside a
    // real one in the same form.
    let real_in = |form: i32| s.fields.iter().any(|f| kind_of_field(f) && f.form == form);
    let mut secrets: Vec<&Field> =
        s.fields.iter().filter(|f| kind_of_field(f) || (shown_secret(f) && real_in(f.form))).collect();
    // Two forms, a pair each, one of them the passcode's ("Voice portal
    // passcode: New PIN, Confirm PIN, Update passcode"): the passcode's pair
    // is its own; the rest is read as the web password's form.
    let passcode_fields = separate_passcode(s, &secrets);
    if let Some(pair) = &passcode_fields {
        secrets.retain(|f| f.id != pair.new && f.id != pair.retype);
    }
    if secrets.len() < 2 {
        return None;
    }
    let mut current = None;
    let mut retype = None;
    let mut new = None;
    for f in &secrets {
        let label = norm(&f.label);
        let auto = f.autocomplete.as_str();
        if retype.is_none() && has_any(&label, l::RETYPE) {
            retype = Some(f.id);
        } else if current.is_none() && (has_any(&label, l::CURRENT) || auto == "current-password") {
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
    let field = |id: ElementId| s.fields.iter().find(|f| f.id == id);
    let form = field(new).map_or(-1, |f| f.form);
    let mut web_radio = None;
    let mut passcode_radio = None;
    for radio in s.fields.iter().filter(|f| f.kind == FieldType::Radio && (form < 0 || f.form == form)) {
        let label = norm(&radio.label);
        // "Web portal password" is the web one, though it says "portal password".
        if has_any(&label, l::WEB_PASSWORD) {
            web_radio.get_or_insert(radio.id);
        } else if has_any(&label, l::PASSCODE) {
            passcode_radio.get_or_insert(radio.id);
        }
    }
    // No radios: a select whose options are the two secrets.
    let kind_select = if web_radio.is_none() && passcode_radio.is_none() {
        s.fields
            .iter()
            .filter(|f| f.kind == FieldType::Select && !f.disabled && (form < 0 || f.form == form))
            .find_map(|f| {
                let option =
                    |phrases: &[&str]| f.options.iter().find(|o| has_any(&norm(o), phrases)).cloned();
                let passcode = option(l::PASSCODE);
                let web = f.options.iter().find(|o| {
                    let o = norm(o);
                    has_any(&o, l::WEB_PASSWORD) && !has_any(&o, l::PASSCODE)
                });
                (web.is_some() && passcode.is_some()).then(|| KindSelect {
                    id: f.id,
                    web: web.cloned(),
                    passcode,
                })
            })
    } else {
        None
    };
    // Neither: tabs (in-page links) named for the two secrets, the shown
    // fields labelled for one of them.
    let tabs = (web_radio.is_none()
        && passcode_radio.is_none()
        && kind_select.is_none()
        && passcode_fields.is_none())
    .then(|| {
        let in_page = |k: &&Link| k.href.is_empty() || same_page(&k.href, &s.url) && k.href.contains('#');
        let tab = |web: bool| {
            s.links.iter().filter(in_page).find(|k| {
                let t = norm(&k.text);
                let is_web = has_any(&t, l::WEB_PASSWORD);
                if web { is_web } else { !is_web && has_any(&t, l::PASSCODE) }
            })
        };
        let (web, passcode) = (tab(true)?, tab(false)?);
        let label = field(new).map(|f| norm(&f.label)).unwrap_or_default();
        // The selected tab says, else the shown fields' labels.
        let shown = if web.selected != passcode.selected {
            Some(if web.selected { Kind::Web } else { Kind::Passcode })
        } else if has_any(&label, l::WEB_PASSWORD) {
            Some(Kind::Web)
        } else if has_any(&label, l::PASSCODE) || has_any(&label, &["pin"]) {
            Some(Kind::Passcode)
        } else {
            None
        };
        Some(KindTabs { web: web.id, passcode: passcode.id, shown })
    })
    .flatten();
    let buttons: Vec<&Button> =
        s.buttons.iter().filter(|b| form < 0 || b.form == form || b.form < 0).collect();
    // The form's own words and the page's title: not every heading, since a
    // user's menu ("Voice Messaging") surrounds the real Passwords form too.
    // The two choices' own labels are left out: the portal's passcode is the
    // voice portal's ("code d'accès de la messagerie vocale / portail vocal"),
    // which another credential's words would otherwise claim.
    let choices = [web_radio, passcode_radio];
    let both_radios = web_radio.is_some() && passcode_radio.is_some();
    let words = form_words(s, form, if both_radios { &choices } else { &[] });
    let about_other = has_any(&words, l::OTHER_CREDENTIAL) || has_any(title, l::OTHER_CREDENTIAL);
    let labelled_web = secrets.iter().any(|f| {
        let label = norm(&f.label);
        has_any(&label, l::WEB_PASSWORD) || has_any(&label, l::PASSCODE)
    });
    let confidence = if about_other {
        Confidence::OtherCredential
    } else if current.is_some() {
        Confidence::OwnPassword
    } else if (web_radio.is_some() && passcode_radio.is_some())
        || kind_select.is_some()
        || passcode_fields.is_some()
        || tabs.as_ref().is_some_and(|t| t.shown.is_some())
        || ((web_radio.is_some() || passcode_radio.is_some() || labelled_web) && portal_context)
        || (has_any(title, l::PASSWORDS_PAGE) && portal_context)
    {
        Confidence::Portal
    } else {
        Confidence::Unknown
    };
    let ok = button(&buttons, l::OK).map(|b| b.id);
    let apply = button(&buttons, l::APPLY).map(|b| b.id);
    let save = button(&buttons, l::SAVE).map(|b| b.id);
    // A form whose only submit button says something else ("Continue",
    // "Submit request"): the form's single submit button.
    let save = save.or_else(|| {
        let submits: Vec<&&Button> =
            buttons.iter().filter(|b| b.kind == "submit" && !b.disabled && b.form == form).collect();
        let cancel = |b: &&&Button| is_any(&norm(&b.text), l::CANCEL);
        (ok.is_none() && apply.is_none() && submits.iter().filter(|b| !cancel(b)).count() == 1)
            .then(|| submits.iter().find(|b| !cancel(b)).map(|b| b.id))
            .flatten()
    });
    Some(PasswordsForm {
        web_radio,
        passcode_radio,
        kind_select,
        passcode_fields,
        tabs,
        current,
        new,
        retype,
        ok,
        apply,
        save,
        cancel: button(&buttons, l::CANCEL).map(|b| b.id),
        confidence,
        constraints: field(new).map(constraints).unwrap_or_default(),
        retype_constraints: field(retype).map(constraints).unwrap_or_default(),
    })
}

/// Whether the page's selected tab (a link marked `aria-selected`) is named
/// by one of `words`: the page then shows that tab's content.
fn on_selected_tab(s: &Snapshot, words: &[&str]) -> bool {
    s.links.iter().any(|k| k.selected && has_any(&norm(&k.text), words))
}

/// One password field beside a user field, and a way to submit them.
fn is_login(s: &Snapshot) -> bool {
    let secrets = s.fields.iter().filter(|f| f.kind == FieldType::Password).count();
    let texts = s.fields.iter().filter(|f| matches!(f.kind, FieldType::Text | FieldType::Email)).count();
    let buttons: Vec<&Button> = s.buttons.iter().collect();
    let submits = button(&buttons, l::LOGIN).is_some() || s.buttons.iter().any(|b| b.kind == "submit");
    // A scripted sign-in (no form, a "Continue" div): the page or its
    // password field says it signs in.
    let signs_in =
        s.fields.iter().any(|f| f.kind == FieldType::Password && f.autocomplete == "current-password")
            || has_any(&main_title(s), l::LOGIN);
    secrets == 1 && texts >= 1 && (submits || (signs_in && !s.buttons.is_empty()))
}

/// The user's details from label/value pairs, fields and the page text.
fn user_info(s: &Snapshot) -> UserInfo {
    let mut info = UserInfo::default();
    let values = s.pairs.iter().map(|p| (p.label.as_str(), p.value.as_str())).chain(
        s.fields
            .iter()
            .filter(|f| f.kind != FieldType::Password)
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
    for marker in ["User ID", "ID utilisateur", "Login", "Benutzer-ID", "ID de usuario", "Identifiant"] {
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
        "portal de",
        "basic",
        "advanced",
        "users",
        "utilisateurs",
        "usuarios",
        "benutzer",
        "group",
        "groupe",
        "grupo",
        "gruppe",
        "profile",
        "profil",
        "perfil",
        "addresses",
        "adresses",
        "passwords",
        "password",
        "mots de passe",
        "mot de passe",
        "contrasenas",
        "kennworter",
        "home",
        "welcome",
        "bienvenue",
        "bienvenido",
        "willkommen",
        "services",
        "resources",
        "utilities",
        "voice",
        "menu",
        "options",
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

/// A button that opens the Passwords form in place (a dialog, a panel):
/// "Change password". Only a plain button (`type=button`), which submits
/// nothing; never one that resets, sends or deletes.
fn passwords_opener(s: &Snapshot) -> Option<LinkRef> {
    s.buttons
        .iter()
        .filter(|b| b.kind == "button" && !b.disabled)
        .find(|b| {
            let t = norm(&b.text);
            is_any(&t, l::PASSWORDS_OPENER) && !has_any(&t, l::RISKY) && !has_any(&t, l::OTHER_CREDENTIAL)
        })
        .map(|b| LinkRef { id: b.id, href: String::new(), text: b.text.clone() })
}

/// A link a crawler may follow: same origin (or scripted), not risky.
fn safe_link(link: &Link, origin: &str) -> bool {
    let text = norm(&link.text);
    let href = link.href.to_ascii_lowercase();
    let same_origin = link.href.is_empty() || super::snapshot::origin_of(&link.href) == origin;
    let scripted = href.starts_with("javascript:");
    let risky_href = ["logout", "logoff", "signout", "delete", "remove", "reset", "action="]
        .iter()
        .any(|w| super::snapshot::path_of(&href).rsplit('/').take(2).any(|seg| seg.contains(w)))
        || href.contains("action=");
    same_origin
        && !scripted
        && !risky_href
        && !has_any(&text, l::RISKY)
        && !has_any(&text, l::OTHER_CREDENTIAL)
        && text.len() <= 60
}

/// Links that may lead to Passwords, scored by meaning.
fn nav_links(s: &Snapshot, map: Option<&PortalMap>) -> Vec<NavLink> {
    let origin = s.origin();
    let taught: Vec<String> = map.map(|m| m.path.iter().map(|p| norm(p)).collect()).unwrap_or_default();
    s.links
        .iter()
        .filter(|link| safe_link(link, &origin))
        .filter_map(|link| {
            let text = norm(&link.text);
            // The rules page and the device profiles mention passwords and
            // profiles but lead away from the user's Passwords form.
            let away = has_any(&text, l::RULES_PAGE) || has_any(&text, l::DEVICE_PROFILE);
            let mut score = if away {
                0
            } else if has_any(&text, l::TOWARDS_PASSWORDS) {
                3
            } else if has_any(&text, l::TOWARDS_PROFILE) {
                2
            } else {
                0
            };
            if taught.contains(&text) {
                score += 10;
            }
            (score > 0).then(|| NavLink {
                id: link.id,
                href: link.href.clone(),
                text: link.text.clone(),
                score,
            })
        })
        .take(40)
        .collect()
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
    if !asks || s.fields.iter().any(|f| f.kind == FieldType::Password) {
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
/// The page's title and its main headings, normalised (what a taught page
/// signature records and is compared with).
pub fn main_title(s: &Snapshot) -> String {
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
        && s.fields.iter().any(|f| matches!(f.kind, FieldType::Text | FieldType::Search))
}

/// A list of users without a search form (a group's members, paged): the
/// page is titled as users, and two or more rows name a user ID.
fn is_users_listing(s: &Snapshot, title: &str) -> bool {
    has_any(
        &norm(title),
        &["users", "utilisateurs", "usuarios", "benutzer", "members", "membres", "miembros", "mitglieder"],
    ) && users_of(s).len() >= 2
}

/// The portal's words around a page: its user links (Profile, Addresses,
/// Passwords), its brand, or breadcrumbs to Users.
fn portal_context(s: &Snapshot) -> bool {
    let links: Vec<String> = s.links.iter().map(|k| norm(&k.text)).collect();
    let has = |phrases: &[&str]| links.iter().any(|t| is_any(t, phrases));
    let brand = has_any(&norm(&s.title), &["commpilot", "broadworks", "business portal", "call manager"]);
    (has(l::PROFILE_LINK) || has(l::TOWARDS_PROFILE)) && (has(l::ADDRESSES_LINK) || has(l::PASSWORDS_LINK))
        || brand
        || has(l::ADDRESSES_LINK) && has(&["users", "utilisateurs", "usuarios", "benutzer"])
}

/// Whether a light snapshot (the agent's first on each page: no link labels
/// or groups, label/value pairs, blocks or page text) can be a portal page,
/// so that the full snapshot is worth its cost. Errs towards yes: a password
/// field, any page kind but "other", or portal words in the title, a
/// heading, a link or a button.
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
        l::TOWARDS_PASSWORDS,
    ];
    let portal_words = |text: &str| {
        let t = norm(text);
        PORTAL_WORDS.iter().any(|words| has_any(&t, words))
    };
    s.fields.iter().any(|f| f.kind == FieldType::Password)
        || portal_words(&s.title)
        || s.headings.iter().any(|h| portal_words(&h.text))
        || s.links.iter().any(|k| portal_words(&k.text))
        || s.buttons.iter().any(|b| portal_words(&b.text))
        || analyze(s, None).kind != PageKind::Other
}

/// The user ID of the one user a page is about: in a labelled pair or
/// field, or in the text right after a "User ID" (or "Login ID") label,
/// spelled as the page spells it.
fn names_one_user(s: &Snapshot, user: &UserInfo) -> Option<String> {
    if let Some(id) = user.user_id.as_deref().filter(|id| looks_like_user_id(id)) {
        return Some(id.to_owned());
    }
    let text = norm(&s.text);
    l::USER_ID.iter().find_map(|label| {
        text.match_indices(label).find_map(|(at, _)| {
            let after = text[at + label.len()..].trim_start_matches([':', ' ']);
            let found = after.split_whitespace().next().filter(|w| looks_like_user_id(w))?;
            let spelled = s.text.split_whitespace().find(|w| w.eq_ignore_ascii_case(found));
            Some(spelled.unwrap_or(found).to_owned())
        })
    })
}

/// Whether `text` looks like a user ID (`user@domain`, no spaces).
fn looks_like_user_id(text: &str) -> bool {
    let t = text.trim();
    t.contains('@') && !t.contains(' ') && t.len() > 2 && t.len() < 120
}

/// The users a results list shows: each row with a link to the user and a
/// cell holding a user ID (or a link whose address names one).
fn users_of(s: &Snapshot) -> Vec<ListedUser> {
    let mut out: Vec<ListedUser> = Vec::new();
    let origin = s.origin();
    for row in &s.rows {
        let links: Vec<&Link> =
            row.links.iter().filter_map(|id| s.links.iter().find(|k| k.id == *id)).collect();
        let Some(link) =
            links.iter().find(|k| !k.href.is_empty() && super::snapshot::origin_of(&k.href) == origin)
        else {
            continue;
        };
        let decoded = link.href.replace("%40", "@");
        let id = row.cells.iter().map(|c| c.trim()).find(|c| looks_like_user_id(c)).or_else(|| {
            // No user ID cell: one the link's address names.
            decoded.split(['/', '=', '?', '&']).find(|part| looks_like_user_id(part))
        });
        let Some(id) = id else { continue };
        if out.iter().any(|u| u.user_id.eq_ignore_ascii_case(id)) {
            continue;
        }
        let name = name_by_headers(row, header_row(s, row)).or_else(|| {
            // The row's own links, but not its actions ("Edit").
            let texts: Vec<&str> = links
                .iter()
                .map(|k| k.text.trim())
                .filter(|t| !t.is_empty() && !looks_like_user_id(t) && !is_any(&norm(t), ROW_ACTIONS))
                .collect();
            (!texts.is_empty()).then(|| texts.join(" "))
        });
        let name = name.map(|n| first_name_first(&n));
        out.push(ListedUser { user_id: id.to_owned(), name, url: link.href.clone(), row: row.id });
        if out.len() >= 500 {
            break;
        }
    }
    out
}

/// "Smith, John" as a person says it: "John Smith" (one comma between
/// words, no digits); any other name as it is.
fn first_name_first(name: &str) -> String {
    match name.split_once(',') {
        Some((last, first))
            if !first.contains(',')
                && !name.chars().any(|c| c.is_ascii_digit())
                && !last.trim().is_empty()
                && !first.trim().is_empty() =>
        {
            format!("{} {}", first.trim(), last.trim())
        }
        _ => name.trim().to_owned(),
    }
}

/// Links of a results row that act on the user rather than name them.
const ROW_ACTIONS: &[&str] = &[
    "edit",
    "modify",
    "view",
    "select",
    "open",
    "details",
    "manage",
    "delete",
    "modifier",
    "voir",
    "editar",
    "ver",
    "bearbeiten",
    "andern",
    "anzeigen",
];

/// A row's column headers: the agent's (a table head), else an earlier row
/// of the same width whose cells are headers (a first row of sort links,
/// "User ID", "Last Name", ...).
fn header_row<'a>(s: &'a Snapshot, row: &'a Row) -> &'a [String] {
    if !row.headers.is_empty() {
        return &row.headers;
    }
    let at = s.rows.iter().position(|r| r.id == row.id).unwrap_or(0);
    s.rows[..at]
        .iter()
        .rev()
        .find(|r| r.cells.len() == row.cells.len() && r.cells.iter().any(|c| is_any(&norm(c), l::USER_ID)))
        .map_or(&row.headers, |r| &r.cells)
}

/// A row's name as a person reads it ("John Smith"), from the columns its
/// headers name: first and last name columns in whatever order the list shows
/// them (BroadWorks lists put the last name first), or one name column.
fn name_by_headers(row: &Row, headers: &[String]) -> Option<String> {
    let column = |phrases: &[&str]| {
        headers
            .iter()
            .position(|h| is_any(&norm(h), phrases))
            .and_then(|i| row.cells.get(i))
            .map(|c| c.trim())
    };
    let first = column(l::FIRST_NAME).filter(|c| !c.is_empty());
    let last = column(l::LAST_NAME).filter(|c| !c.is_empty());
    match (first, last) {
        (Some(f), Some(l)) => Some(format!("{f} {l}")),
        (Some(one), None) | (None, Some(one)) => Some(one.to_owned()),
        (None, None) => column(l::FULL_NAME).filter(|c| !c.is_empty()).map(str::to_owned),
    }
}

/// Classifies a snapshot, with the portal's map first when an admin taught one.
pub fn analyze(s: &Snapshot, map: Option<&PortalMap>) -> Page {
    let mut user = user_info(s);
    user.name = display_name(s);
    let title = main_title(s);
    let context = portal_context(s) || map.is_some();
    let mut page = Page {
        kind: PageKind::Other,
        url: s.url.clone(),
        title: title.clone(),
        referrer: (!s.referrer.is_empty()
            && s.referrer != s.url
            && super::snapshot::origin_of(&s.referrer) == super::snapshot::origin_of(&s.url))
        .then(|| s.referrer.clone()),
        view: s.view,
        top: s.top,
        user,
        passwords: None,
        printed: PrintedRules::default(),
        profile_link: find_link(&s.links, l::PROFILE_LINK).map(LinkRef::from),
        addresses_link: find_link(&s.links, l::ADDRESSES_LINK).map(LinkRef::from),
        passwords_link: find_link(&s.links, l::PASSWORDS_LINK)
            .filter(|k| safe_link(k, &s.origin()))
            .map(LinkRef::from)
            .or_else(|| passwords_opener(s)),
        device_link: device_link(s).map(LinkRef::from),
        nav: nav_links(s, map),
        device: None,
        confirm: None,
        notices: notices(s),
        session_ended: false,
        anchor: None,
        portal_context: context,
        users: Vec::new(),
        learned: None,
    };
    // A taught portal's Passwords page: the link that leads to its address
    // is the Passwords link, whatever its words.
    if page.passwords_link.is_none() {
        page.passwords_link = map.and_then(|m| m.passwords_link(s)).map(LinkRef::from);
    }
    if let Some(taught) = map.and_then(|m| m.apply(s)) {
        page.kind = taught.kind;
        if let Some(form) = taught.form {
            page.passwords = Some(form);
        }
        if taught.anchor.is_some() {
            page.anchor = taught.anchor;
        }
    }
    let device = device_actions(s)
        .filter(|_| has_any(&title, l::DEVICE_PROFILE) || has_any(&norm(&s.text), l::DEVICE_PROFILE));
    // A device page has password fields of its own (the device access
    // credentials): a form that is not surely the portal's Passwords form
    // leaves such a page a device page.
    let form =
        passwords_form(s, &title, context).filter(|f| device.is_none() || f.confidence == Confidence::Portal);
    // The user's own link group (Profile, Addresses, Passwords) is the user's
    // page, also where its heading says "Profile" (CommPilot's user home).
    let user_links =
        page.passwords_link.is_some() && page.profile_link.is_some() && page.addresses_link.is_some();
    // The Profile page itself shows the user's details (names, extension);
    // the user's home lists what there is to open.
    let details =
        page.user.first_name.is_some() || page.user.last_name.is_some() || page.user.extension.is_some();
    if page.kind != PageKind::Other {
        // Taught: the map said.
    } else if let Some(form) = form {
        page.kind = PageKind::Passwords;
        page.passwords = Some(form);
    } else if is_login(s) {
        page.kind = PageKind::Login;
        page.session_ended = has_any(&norm(&s.text), l::SESSION_ENDED);
    } else if has_any(&title, l::SERVER_ERROR) && s.fields.iter().all(|f| f.kind == FieldType::Hidden) {
        page.kind = PageKind::ServerError;
    } else if let Some(c) = confirm(s) {
        page.kind = PageKind::Confirm;
        page.confirm = Some(c);
    } else if let Some(actions) = device {
        page.kind = PageKind::DeviceProfile;
        page.device = Some(actions);
    } else if has_any(&title, l::ADDRESSES_LINK) {
        page.kind = PageKind::Addresses;
    } else if has_any(&title, l::PROFILE_LINK)
        && !has_any(&title, l::DEVICE_PROFILE)
        && (details || !user_links)
    {
        page.kind = PageKind::Profile;
    } else if has_any(&title, l::RULES_PAGE) || on_selected_tab(s, l::RULES_PAGE) {
        // Titled so, or shown on the selected tab of another page ("Security"
        // with tabs "Sign-in", "Password rules").
        page.kind = PageKind::PasswordRules;
        page.learned = super::learn::learn(s).ok();
    } else if user_links {
        page.kind = PageKind::User;
    } else if is_search(s) || is_users_listing(s, &title) {
        page.kind = PageKind::UsersList;
        page.users = users_of(s);
    } else if let Some(id) = names_one_user(s, &page.user)
        && (page.profile_link.is_some()
            || page.addresses_link.is_some()
            || page.nav.iter().any(|n| n.score >= 2))
        && page.way_on()
    {
        // A user's page whose Passwords is further away (a profile tab, a
        // sub-menu, Bell's "My profile" tile): it names one user and has a
        // way on towards Passwords.
        page.kind = PageKind::User;
        page.user.user_id.get_or_insert(id);
    }
    if page.kind == PageKind::User && page.anchor.is_none() {
        // Beside the user's name.
        let top = s.headings.iter().map(|h| h.level).min();
        page.anchor = s.headings.iter().find(|h| Some(h.level) == top).map(|h| h.id);
    }
    if page.kind == PageKind::Passwords {
        page.anchor = page.passwords.as_ref().map(|f| f.new);
        // The portal's errors name rules too, but they are its answer to a
        // submission (read as such, and offered as rules to add), not what the
        // page prints: left out, also from the page's text.
        let errors: Vec<&str> = page.errors().map(|n| n.text.as_str()).collect();
        let texts = s
            .blocks
            .iter()
            .map(|b| b.text.as_str())
            .chain(s.messages.iter().map(|m| m.text.as_str()))
            .filter(|t| !errors.iter().any(|e| e.contains(t) || t.contains(e)));
        let mut text = s.text.clone();
        for e in &errors {
            text = text.replace(e, " ");
        }
        page.printed = printed::read(texts, &text);
    }
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simple_patterns() {
        assert_eq!(simple_pattern("[0-9]{6,8}"), Some((true, Some((6, 8)))));
        assert_eq!(simple_pattern("^\\d{4}$"), Some((true, Some((4, 4)))));
        assert_eq!(simple_pattern(".{8,}"), Some((false, Some((8, 60)))));
        assert_eq!(simple_pattern("[0-9]*"), Some((true, None)));
        assert_eq!(simple_pattern("(?=.*[A-Z]).{8,}"), None);
    }

    #[test]
    fn colours() {
        assert_eq!(hue_tone([204, 0, 0]), Some(Tone::Error));
        assert_eq!(hue_tone([0, 128, 0]), Some(Tone::Success));
        assert_eq!(hue_tone([51, 51, 51]), None);
        assert_eq!(font_tone("#ff0000"), Some(Tone::Error));
        assert_eq!(font_tone("#c00"), Some(Tone::Error));
        assert_eq!(font_tone("green"), Some(Tone::Success));
        assert_eq!(font_tone("#000080"), None);
    }
}
