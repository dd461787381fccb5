//! The core's inputs, built from the fuzzer's bytes.
//!
//! Text comes mostly from the portal's own words (fuzz/dict/portal-words.txt,
//! made from the snapshot fixtures by fuzz/tools/seeds.mjs) and sometimes is
//! arbitrary; snapshots are either random, a fixture of one skin as the agent
//! reported it, or a fixture with a few random edits (elements removed or
//! added, labels, types, ids and messages changed), so that the classifier
//! and the flow see pages both near and far from real ones.

use std::path::Path;
use std::sync::OnceLock;

use arbitrary::{Arbitrary, Result, Unstructured};
use passwright::Context;
use passwright::charset::CharSet;
use passwright::guard::{Cover, Effect, GuardReport, PanelVisibility};
use passwright::policy::{CharClass, CharRules, PasscodeRules, WebRules};
use passwright::portal::map::{self, FormMap, MapSource, PageSignature, PortalMap, url_path};
use passwright::portal::snapshot::{
    Button, Field, FieldType, Form, Heading, Layout, Link, Message, Pair, Rect, Snapshot, TextBlock,
};
use passwright::protocol::{Action, ActionResult, AgentError, Op, Validity};
use passwright::settings::Floor;
use zeroize::Zeroizing;

/// The fixtures' origin, which flows and random pages mostly share.
pub const ORIGIN: &str = "http://portal.test";

/// Other origins: the same host on another port or scheme, and strangers.
pub const OTHER_ORIGINS: &[&str] =
    &["https://portal.example.com", "http://portal.test:8080", "https://evil.example"];
const LANGS: &[&str] = &["en", "fr", "es", "de", ""];
const FIELD_TYPES: &[FieldType] = &[
    FieldType::Text,
    FieldType::Password,
    FieldType::Radio,
    FieldType::Checkbox,
    FieldType::Select,
    FieldType::Textarea,
    FieldType::Number,
    FieldType::Hidden,
    FieldType::Email,
    FieldType::Tel,
    FieldType::Search,
    FieldType::Other,
];
const LABEL_SOURCES: &[&str] =
    &["aria-labelledby", "aria-label", "for", "wrapping", "cell", "near", "placeholder", "none"];
const AUTOCOMPLETE: &[&str] = &["", "new-password", "current-password", "off", "username"];
const PATTERNS: &[&str] = &["", "[0-9]{6,8}", "^\\d{4}$", ".{8,}", "[0-9]*", "(?=.*[A-Z]).{8,}", "[A-Za-z0-9]{12,20}"];
const INPUTMODES: &[&str] = &["", "numeric", "text"];
const BUTTON_TYPES: &[&str] = &["submit", "button", "reset", ""];
const LINK_TARGETS: &[&str] = &["", "_top", "content", "_blank"];
const ROLES: &[&str] = &["alert", "status", "", "dialog"];
const CLASSES: &[&str] =
    &["error", "errorMessage", "success", "message", "info", "warning", "alert alert-danger", ""];
const TAGS: &[&str] = &["font", "td", "span", "div", "p", "b", "li"];
const FONT_COLORS: &[&str] = &["", "red", "#ff0000", "#c00", "green", "#000080"];
const COLORS: &[[u8; 3]] = &[[204, 0, 0], [0, 128, 0], [51, 51, 51], [255, 0, 0], [0, 0, 128]];
const USER_IDS: &[&str] = &["jsmith@acme.example.com", "jsmith", "", "a@b"];

fn lines(text: &'static str, cell: &'static OnceLock<Vec<&'static str>>) -> &'static [&'static str] {
    cell.get_or_init(|| text.lines().filter(|l| !l.is_empty()).collect())
}

/// The portal's words.
pub fn words() -> &'static [&'static str] {
    static CELL: OnceLock<Vec<&str>> = OnceLock::new();
    lines(include_str!("../dict/portal-words.txt"), &CELL)
}

/// The portal's URL paths, with their queries.
pub fn paths() -> &'static [&'static str] {
    static CELL: OnceLock<Vec<&str>> = OnceLock::new();
    lines(include_str!("../dict/portal-paths.txt"), &CELL)
}

/// One skin's pages: (skin, [(page, snapshot)]).
pub type Skin = (String, Vec<(String, Snapshot)>);

/// The snapshot fixtures, by skin: what the agent reported on every page of
/// the simulator (tests/fixtures/snapshots/<skin>/<page>.json).
pub fn fixtures() -> &'static [Skin] {
    static CELL: OnceLock<Vec<Skin>> = OnceLock::new();
    CELL.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/snapshots");
        let mut skins = Vec::new();
        let mut dirs: Vec<_> = std::fs::read_dir(&root)
            .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
            .map(|d| d.expect("fixture dir").path())
            .collect();
        dirs.sort();
        for dir in dirs {
            let mut files: Vec<_> =
                std::fs::read_dir(&dir).expect("fixture dir").map(|f| f.expect("fixture").path()).collect();
            files.sort();
            let pages = files
                .into_iter()
                .map(|f| {
                    let text = std::fs::read_to_string(&f).expect("fixture");
                    let snapshot: Snapshot = serde_json::from_str(&text).expect("fixture parses");
                    (f.file_stem().unwrap().to_string_lossy().into_owned(), snapshot)
                })
                .collect();
            skins.push((dir.file_name().unwrap().to_string_lossy().into_owned(), pages));
        }
        assert!(!skins.is_empty(), "no fixtures in {}", root.display());
        skins
    })
}

/// An index below `len` (which must not be 0).
pub fn index(u: &mut Unstructured, len: usize) -> Result<usize> {
    u.int_in_range(0..=len - 1)
}

fn choose_str(u: &mut Unstructured, items: &[&str]) -> Result<String> {
    Ok(items[index(u, items.len())?].to_owned())
}

/// One of the portal's words.
pub fn word(u: &mut Unstructured) -> Result<&'static str> {
    let w = words();
    Ok(w[index(u, w.len())?])
}

/// A text: mostly the portal's words, sometimes with numbers or arbitrary text.
pub fn text(u: &mut Unstructured) -> Result<String> {
    Ok(match u.int_in_range(0u8..=8)? {
        0 => String::new(),
        1 => String::arbitrary(u)?,
        2 => format!("{} {}", word(u)?, word(u)?),
        3 => format!("{} {}", word(u)?, u.int_in_range(0u32..=64)?),
        4 => format!("{} {}", word(u)?, String::arbitrary(u)?),
        5 => format!("{}: {}", word(u)?, choose_str(u, USER_IDS)?),
        _ => word(u)?.to_owned(),
    })
}

/// A URL: mostly a portal path on the fixtures' origin.
pub fn url(u: &mut Unstructured) -> Result<String> {
    let p = paths();
    Ok(match u.int_in_range(0u8..=7)? {
        0 => String::arbitrary(u)?,
        1 => format!("{ORIGIN}/{}", String::arbitrary(u)?),
        2 => format!("{}{}", choose_str(u, OTHER_ORIGINS)?, p[index(u, p.len())?]),
        _ => format!("{ORIGIN}{}", p[index(u, p.len())?]),
    })
}

fn digits(u: &mut Unstructured, max: usize) -> Result<String> {
    let n = u.int_in_range(0..=max)?;
    (0..n).map(|_| Ok(char::from(b'0' + u.int_in_range(0u8..=9)?))).collect()
}

/// Element ids: mostly unique and increasing, as the agent numbers them,
/// sometimes colliding.
struct Ids(u32);

impl Ids {
    fn next(&mut self, u: &mut Unstructured) -> Result<u32> {
        if u.ratio(7u8, 8)? {
            self.0 += 1;
            Ok(self.0 - 1)
        } else {
            u.int_in_range(0..=self.0 + 2)
        }
    }
}

fn choose<T: Copy>(u: &mut Unstructured, items: &[T]) -> Result<T> {
    Ok(items[index(u, items.len())?])
}

fn rect(u: &mut Unstructured) -> Result<Rect> {
    Ok(Rect {
        x: u.int_in_range(-50..=1600)?,
        y: u.int_in_range(-50..=3000)?,
        w: u.int_in_range(-5..=900)?,
        h: u.int_in_range(-5..=400)?,
    })
}

fn field_type(u: &mut Unstructured) -> Result<FieldType> {
    choose(u, FIELD_TYPES)
}

fn field(u: &mut Unstructured, ids: &mut Ids) -> Result<Field> {
    let kind = field_type(u)?;
    let password = kind == FieldType::Password;
    Ok(Field {
        id: ids.next(u)?,
        name: if u.ratio(1u8, 2)? { word(u)?.to_lowercase().replace(' ', "_") } else { String::new() },
        label: text(u)?,
        label_source: choose_str(u, LABEL_SOURCES)?,
        group: if u.ratio(1u8, 2)? { text(u)? } else { String::new() },
        form: u.int_in_range(-1..=2)?,
        disabled: u.ratio(1u8, 10)?,
        readonly: u.ratio(1u8, 10)?,
        required: bool::arbitrary(u)?,
        autocomplete: choose_str(u, AUTOCOMPLETE)?,
        max_length: if u.ratio(1u8, 5)? { Some(u.int_in_range(0..=70)?) } else { None },
        min_length: if u.ratio(1u8, 8)? { Some(u.int_in_range(0..=20)?) } else { None },
        pattern: if u.ratio(1u8, 6)? { choose_str(u, PATTERNS)? } else { String::new() },
        inputmode: if u.ratio(1u8, 6)? { choose_str(u, INPUTMODES)? } else { String::new() },
        checked: if matches!(kind, FieldType::Radio | FieldType::Checkbox) {
            Some(bool::arbitrary(u)?)
        } else {
            None
        },
        value: if password { None } else { Option::<()>::arbitrary(u)?.map(|()| text(u)).transpose()? },
        value_length: if password { Some(u.int_in_range(0..=70)?) } else { None },
        rect: if u.ratio(1u8, 4)? { Some(rect(u)?) } else { None },
        kind,
        options: if kind == FieldType::Select { (0..u.int_in_range(0..=4)?).map(|_| text(u)).collect::<Result<Vec<_>>>()? } else { Vec::new() },
    })
}

fn button(u: &mut Unstructured, ids: &mut Ids) -> Result<Button> {
    Ok(Button {
        id: ids.next(u)?,
        text: text(u)?,
        kind: choose_str(u, BUTTON_TYPES)?,
        form: u.int_in_range(-1..=2)?,
        disabled: u.ratio(1u8, 10)?,
    })
}

fn link(u: &mut Unstructured, ids: &mut Ids) -> Result<Link> {
    Ok(Link {
        id: ids.next(u)?,
        text: text(u)?,
        href: url(u)?,
        target: if u.ratio(1u8, 6)? { choose_str(u, LINK_TARGETS)? } else { String::new() },
        group: if u.ratio(1u8, 2)? { text(u)? } else { String::new() },
        label: if u.ratio(1u8, 4)? { text(u)? } else { String::new() },
        selected: u.ratio(1u8, 8)?,
    })
}

fn message(u: &mut Unstructured) -> Result<Message> {
    Ok(Message { text: text(u)?, role: choose_str(u, ROLES)?, class: choose_str(u, CLASSES)? })
}

fn block(u: &mut Unstructured) -> Result<TextBlock> {
    Ok(TextBlock {
        text: text(u)?,
        tag: choose_str(u, TAGS)?,
        color: if bool::arbitrary(u)? { Some(choose(u, COLORS)?) } else { None },
        font_color: choose_str(u, FONT_COLORS)?,
        role: choose_str(u, ROLES)?,
        class: choose_str(u, CLASSES)?,
        bold: bool::arbitrary(u)?,
        near_form: bool::arbitrary(u)?,
    })
}

fn layout(u: &mut Unstructured) -> Result<Layout> {
    let mut occupied = Vec::new();
    for _ in 0..u.int_in_range(0..=6)? {
        occupied.push(rect(u)?);
    }
    Ok(Layout {
        viewport: (u.int_in_range(-1..=2000)?, u.int_in_range(-1..=1400)?),
        scroll: (u.int_in_range(-10..=500)?, u.int_in_range(-10..=3000)?),
        document: (u.int_in_range(-1..=3000)?, u.int_in_range(-1..=6000)?),
        occupied,
    })
}

/// A snapshot built from scratch.
pub fn random_snapshot(u: &mut Unstructured) -> Result<Snapshot> {
    let mut ids = Ids(0);
    let mut s = Snapshot {
        url: url(u)?,
        title: text(u)?,
        lang: choose_str(u, LANGS)?,
        top: u.ratio(3u8, 4)?,
        ..Snapshot::default()
    };
    if bool::arbitrary(u)? {
        s.referrer = url(u)?;
    }
    for _ in 0..u.int_in_range(0..=4)? {
        let rect = if u.ratio(1u8, 4)? { Some(rect(u)?) } else { None };
        s.headings.push(Heading { id: ids.next(u)?, level: u.int_in_range(0..=7)?, text: text(u)?, rect });
    }
    for _ in 0..u.int_in_range(0..=8)? {
        s.links.push(link(u, &mut ids)?);
    }
    for _ in 0..u.int_in_range(0..=8)? {
        s.fields.push(field(u, &mut ids)?);
    }
    for _ in 0..u.int_in_range(0..=5)? {
        s.buttons.push(button(u, &mut ids)?);
    }
    for _ in 0..u.int_in_range(0..=3)? {
        s.messages.push(message(u)?);
    }
    for _ in 0..u.int_in_range(0..=3)? {
        s.blocks.push(block(u)?);
    }
    for _ in 0..u.int_in_range(0..=5)? {
        s.pairs.push(Pair { label: text(u)?, value: text(u)? });
    }
    for index in 0..u.int_in_range(0..=2)? {
        s.forms.push(Form { index, method: choose_str(u, &["post", "get", ""])?, action: url(u)? });
    }
    let n = u.int_in_range(0..=12)?;
    s.text = (0..n).map(|_| text(u)).collect::<Result<Vec<_>>>()?.join(" ");
    if u.ratio(1u8, 4)? {
        s.layout = Some(layout(u)?);
    }
    Ok(s)
}

/// A few random edits of a real page.
pub fn mutate(u: &mut Unstructured, s: &mut Snapshot) -> Result<()> {
    let mut ids = Ids(s.fields.len() as u32 + s.buttons.len() as u32 + s.links.len() as u32 + 100);
    for _ in 0..u.int_in_range(1..=4)? {
        match u.int_in_range(0u8..=17)? {
            0 if !s.fields.is_empty() => {
                let i = index(u, s.fields.len())?;
                s.fields.remove(i);
            }
            1 if !s.buttons.is_empty() => {
                let i = index(u, s.buttons.len())?;
                s.buttons.remove(i);
            }
            2 if !s.links.is_empty() => {
                let i = index(u, s.links.len())?;
                s.links.remove(i);
            }
            3 => s.messages.push(message(u)?),
            4 if !s.fields.is_empty() => {
                let i = index(u, s.fields.len())?;
                s.fields[i].label = text(u)?;
            }
            5 if !s.buttons.is_empty() => {
                let i = index(u, s.buttons.len())?;
                s.buttons[i].text = text(u)?;
            }
            6 if !s.fields.is_empty() => {
                let i = index(u, s.fields.len())?;
                s.fields[i].kind = field_type(u)?;
            }
            7 if bool::arbitrary(u)? => s.url = url(u)?,
            7 => s.referrer = url(u)?,
            8 => {
                let f = field(u, &mut ids)?;
                let at = index(u, s.fields.len() + 1)?;
                s.fields.insert(at, f);
            }
            9 => {
                let b = button(u, &mut ids)?;
                let at = index(u, s.buttons.len() + 1)?;
                s.buttons.insert(at, b);
            }
            10 if !s.fields.is_empty() && !s.buttons.is_empty() => {
                // Two elements with one id: a page that confuses the agent's numbering.
                let (f, b) = (index(u, s.fields.len())?, index(u, s.buttons.len())?);
                s.buttons[b].id = s.fields[f].id;
            }
            11 => s.fields.reverse(),
            12 => s.messages.clear(),
            13 if !s.headings.is_empty() => {
                let i = index(u, s.headings.len())?;
                s.headings[i].text = text(u)?;
            }
            14 => s.blocks.push(block(u)?),
            15 if !s.fields.is_empty() => {
                // The field's own limits: maxlength, minlength, a pattern.
                let i = index(u, s.fields.len())?;
                let f = &mut s.fields[i];
                f.max_length = if bool::arbitrary(u)? { Some(u.int_in_range(0..=70)?) } else { None };
                f.min_length = if u.ratio(1u8, 3)? { Some(u.int_in_range(0..=20)?) } else { None };
                f.pattern = choose_str(u, PATTERNS)?;
                f.inputmode = choose_str(u, INPUTMODES)?;
            }
            16 => s.layout = Some(layout(u)?),
            17 if !s.links.is_empty() => {
                let i = index(u, s.links.len())?;
                s.links[i].target = choose_str(u, LINK_TARGETS)?;
            }
            _ => s.pairs.push(Pair { label: text(u)?, value: text(u)? }),
        }
    }
    Ok(())
}

/// A skin of the fixtures.
pub fn skin(u: &mut Unstructured) -> Result<usize> {
    index(u, fixtures().len())
}

/// A page of one skin: as reported, or edited.
pub fn page_of(u: &mut Unstructured, skin: usize) -> Result<Snapshot> {
    let pages = &fixtures()[skin].1;
    let mut s = pages[index(u, pages.len())?].1.clone();
    // The agent in the tab's top frame, mostly.
    s.top = !u.ratio(1u8, 10)?;
    if u.ratio(1u8, 3)? {
        mutate(u, &mut s)?;
    }
    Ok(s)
}

/// The index of a skin by name.
pub fn skin_named(name: &str) -> Option<usize> {
    fixtures().iter().position(|(n, _)| n == name)
}

/// A named page of one skin, as reported.
pub fn named(skin: usize, name: &str) -> Option<Snapshot> {
    let mut s = fixtures()[skin].1.iter().find(|(n, _)| n == name)?.1.clone();
    s.top = true;
    Some(s)
}

/// Any snapshot: random, or a (possibly edited) fixture of any skin.
pub fn snapshot(u: &mut Unstructured) -> Result<Snapshot> {
    if u.ratio(1u8, 3)? {
        random_snapshot(u)
    } else {
        let skin = skin(u)?;
        page_of(u, skin)
    }
}

/// A user: the fixtures' user, partial, or arbitrary.
pub fn context(u: &mut Unstructured) -> Result<Context> {
    let opt_text = |u: &mut Unstructured, known: &str| -> Result<Option<String>> {
        Ok(match u.int_in_range(0u8..=3)? {
            0 => None,
            1 => Some(known.to_owned()),
            2 => Some(String::arbitrary(u)?),
            _ => Some(text(u)?),
        })
    };
    let user_id = if u.ratio(1u8, 3)? { Some(choose_str(u, USER_IDS)?) } else { opt_text(u, "jsmith")? };
    let extension = if u.ratio(1u8, 2)? { Some(digits(u, 6)?) } else { opt_text(u, "2105")? };
    let phone = if u.ratio(1u8, 2)? { Some(digits(u, 12)?) } else { opt_text(u, "+1 (555) 010-2105")? };
    let mut previous = Vec::new();
    for _ in 0..u.int_in_range(0..=3)? {
        previous.push(Zeroizing::new(if u.ratio(1u8, 2)? { digits(u, 10)? } else { String::arbitrary(u)? }));
    }
    Ok(Context {
        user_id,
        first_name: opt_text(u, "John")?,
        last_name: opt_text(u, "Smith")?,
        extension,
        phone,
        previous,
    })
}

/// A rule value: mostly around the ranges the portal accepts, sometimes any byte.
fn small(u: &mut Unstructured, hi: u8) -> Result<u8> {
    if u.ratio(1u8, 8)? { u8::arbitrary(u) } else { u.int_in_range(0..=hi) }
}

fn maybe<T>(u: &mut Unstructured, f: impl FnOnce(&mut Unstructured) -> Result<T>) -> Result<Option<T>> {
    if bool::arbitrary(u)? { f(u).map(Some) } else { Ok(None) }
}

/// Web rules with any values, valid or not.
pub fn web_rules(u: &mut Unstructured) -> Result<WebRules> {
    Ok(WebRules {
        min_length: maybe(u, |u| small(u, 42))?,
        min_digits: maybe(u, |u| small(u, 11))?,
        min_upper: maybe(u, |u| small(u, 11))?,
        min_lower: maybe(u, |u| small(u, 11))?,
        min_non_alphanumeric: maybe(u, |u| small(u, 11))?,
        forbid_user_id: bool::arbitrary(u)?,
        forbid_old: bool::arbitrary(u)?,
        history: maybe(u, |u| small(u, 11))?,
        expires_after_days: maybe(u, |u| small(u, 200))?,
        lockout_after: maybe(u, |u| small(u, 11))?,
        force_change_after_reset: bool::arbitrary(u)?,
    })
}

/// Passcode rules with any values, valid or not.
pub fn passcode_rules(u: &mut Unstructured) -> Result<PasscodeRules> {
    Ok(PasscodeRules {
        min_length: small(u, 16)?,
        max_length: small(u, 31)?,
        max_repeated_digits: maybe(u, |u| small(u, 7))?,
        forbid_repeated_patterns: bool::arbitrary(u)?,
        max_ascending: maybe(u, |u| small(u, 6))?,
        max_descending: maybe(u, |u| small(u, 6))?,
        forbid_phone: bool::arbitrary(u)?,
        forbid_phone_reversed: bool::arbitrary(u)?,
        forbid_extension: bool::arbitrary(u)?,
        forbid_extension_reversed: bool::arbitrary(u)?,
        forbid_old: bool::arbitrary(u)?,
        history: maybe(u, |u| small(u, 11))?,
        expires_after_days: maybe(u, |u| small(u, 181))?,
        lockout_after: maybe(u, |u| small(u, 11))?,
    })
}

fn char_class(u: &mut Unstructured) -> Result<CharClass> {
    Ok(match u.int_in_range(0u8..=7)? {
        0 => CharClass::Upper,
        1 => CharClass::Lower,
        2 => CharClass::Digit,
        3 => CharClass::Special,
        4 => CharClass::AsciiPrintable,
        5 => CharClass::Unicode,
        _ => {
            let n = u.int_in_range(0..=8)?;
            let chars: String =
                (0..n).map(|_| Ok(char::from(u.int_in_range(b' '..=b'~')?))).collect::<Result<_>>()?;
            CharClass::Custom(CharSet::from_chars(&chars))
        }
    })
}

fn small32(u: &mut Unstructured) -> Result<u32> {
    if u.ratio(1u8, 16)? { u32::arbitrary(u) } else { u.int_in_range(0..=70) }
}

/// passwordrules character rules, as the parser could produce them or not.
pub fn char_rules(u: &mut Unstructured) -> Result<CharRules> {
    let mut rules = CharRules {
        min_length: maybe(u, small32)?,
        max_length: maybe(u, small32)?,
        max_consecutive: maybe(u, |u| Ok(small32(u)? % 8))?,
        ..CharRules::default()
    };
    for _ in 0..u.int_in_range(0..=3)? {
        rules.allowed.push(char_class(u)?);
    }
    for _ in 0..u.int_in_range(0..=4)? {
        let n = u.int_in_range(1..=3)?;
        rules.required.push((0..n).map(|_| char_class(u)).collect::<Result<_>>()?);
    }
    Ok(rules)
}

/// Why an action failed, as the agent types it.
pub fn agent_error(u: &mut Unstructured) -> Result<AgentError> {
    Ok(match u.int_in_range(0u8..=6)? {
        0 => AgentError::Replaced,
        1 => AgentError::ReadBack,
        2 => AgentError::Invalid {
            validity: Validity {
                too_long: bool::arbitrary(u)?,
                too_short: bool::arbitrary(u)?,
                pattern_mismatch: bool::arbitrary(u)?,
                type_mismatch: bool::arbitrary(u)?,
            },
        },
        3 => AgentError::NotChecked,
        4 => AgentError::CrossOrigin,
        5 => AgentError::PageChanged,
        _ => AgentError::Other { message: if bool::arbitrary(u)? { text(u)? } else { String::arbitrary(u)? } },
    })
}

/// What the agent reports for a batch: one result per action performed, in
/// order, the first failure ending the batch (as the agent does); sometimes
/// cut short (the page went away) or with an odd extra entry.
pub fn results(u: &mut Unstructured, actions: &[Action]) -> Result<Vec<ActionResult>> {
    let mut out = Vec::new();
    for a in actions {
        if u.ratio(1u8, 12)? {
            break; // the page went away mid-batch
        }
        if u.ratio(5u8, 6)? {
            out.push(ActionResult::ok(a.op()));
        } else {
            out.push(ActionResult::failed(a.op(), agent_error(u)?));
            break;
        }
    }
    if u.ratio(1u8, 24)? {
        const OPS: &[Op] = &[Op::Fill, Op::Choose, Op::Click, Op::Follow, Op::Navigate, Op::Inject, Op::Remove, Op::Watch];
        let op = choose(u, OPS)?;
        out.push(if bool::arbitrary(u)? { ActionResult::ok(op) } else { ActionResult::failed(op, agent_error(u)?) });
    }
    Ok(out)
}

/// What the agent reports of the panel's frame when the guard asks: mostly
/// one thing wrong with a clean report, sometimes anything.
pub fn guard_report(u: &mut Unstructured) -> Result<GuardReport> {
    let mut r = passwright::testing::clean_guard();
    const EFFECTS: &[Effect] =
        &[Effect::Filter, Effect::Transform, Effect::Clip, Effect::Mask, Effect::Blend, Effect::Hidden];
    for _ in 0..u.int_in_range(1..=3)? {
        match u.int_in_range(0u8..=11)? {
            0 => r.present = false,
            1 => r.ours = false,
            2 => r.attached = false,
            3 => r.opacity = choose(u, &[0.0, 0.001, 0.5, 0.98, 0.99, 1.0, f32::NAN, f32::INFINITY, -1.0])?,
            4 => r.effects.push(choose(u, EFFECTS)?),
            5 => r.covers.push(Cover {
                tag: choose_str(u, &["div", "iframe", "img", "dialog"])?,
                click_through: bool::arbitrary(u)?,
                top_layer: bool::arbitrary(u)?,
            }),
            6 => r.in_view = choose(u, &[0.0, 0.5, 0.998, 0.999, 1.0, f32::NAN])?,
            7 => r.full_size = false,
            8 => r.stable_ms = u.int_in_range(0..=1000)?,
            9 => r.stable_ms = passwright::guard::SETTLED_MS,
            10 => r.sample_step = choose(u, &[0.0, 4.0, 8.0, 8.5, 136.0, f32::NAN])?,
            _ => {}
        }
    }
    Ok(r)
}

/// What the panel's own visibility observer says.
pub fn visibility(u: &mut Unstructured) -> Result<PanelVisibility> {
    Ok(if u.ratio(1u8, 2)? {
        PanelVisibility::default() // Firefox: no observer
    } else {
        PanelVisibility {
            supported: true,
            visible: !u.ratio(1u8, 3)?,
            visible_ms: choose(u, &[0, 100, 499, 500, 900, 5000])?,
        }
    })
}

/// A portal map for `s`'s origin, as teach mode would make it from `s`'s own
/// elements (by `locate`), or with arbitrary locators.
pub fn portal_map(u: &mut Unstructured, s: &Snapshot) -> Result<PortalMap> {
    let origin = s.origin();
    let mut m = PortalMap { origin, source: MapSource::Taught, ..PortalMap::default() };
    let sig = PageSignature {
        path: url_path(&s.url),
        title: if bool::arbitrary(u)? { String::new() } else { passwright::portal::text::normalize(&s.title) },
    };
    let ids: Vec<u32> = s.fields.iter().map(|f| f.id).collect();
    let pick = |u: &mut Unstructured, pool: &[u32]| -> Result<Option<map::Locator>> {
        if pool.is_empty() {
            return Ok(None);
        }
        Ok(map::locate(pool[index(u, pool.len())?], s))
    };
    if bool::arbitrary(u)? {
        let passwords: Vec<u32> =
            s.fields.iter().filter(|f| f.kind == FieldType::Password).map(|f| f.id).collect();
        // Mostly the password fields; sometimes any field (teach mode lets text fields be picked).
        let pool = if passwords.len() >= 2 && !u.ratio(1u8, 6)? { passwords } else { ids.clone() };
        let radios: Vec<u32> = s.fields.iter().filter(|f| f.kind == FieldType::Radio).map(|f| f.id).collect();
        let buttons: Vec<u32> = s.buttons.iter().map(|b| b.id).collect();
        let new = pick(u, &pool)?;
        let retype = pick(u, &pool)?;
        let submit = pick(u, &buttons)?;
        if let (Some(new), Some(retype), Some(submit)) = (new, retype, submit) {
            m.form = Some(FormMap {
                new,
                retype,
                web: if bool::arbitrary(u)? { pick(u, &radios)? } else { None },
                passcode: if bool::arbitrary(u)? { pick(u, &radios)? } else { None },
                submit,
            });
        }
        m.passwords_page = Some(sig);
    } else {
        m.user_page = Some(sig);
    }
    for _ in 0..u.int_in_range(0..=2)? {
        m.path.push(word(u)?.to_owned());
    }
    Ok(m)
}

/// The IT department's floor: the default, or raised, or (invalid) lowered.
pub fn floor(u: &mut Unstructured) -> Result<Floor> {
    Ok(if bool::arbitrary(u)? {
        Floor::default()
    } else {
        Floor {
            web_min_length: u.int_in_range(0..=40)?,
            web_min_bits: u.int_in_range(0..=200)?,
            passcode_min_length: u.int_in_range(0..=16)?,
        }
    })
}

/// Settings: none, or a policy for the fixtures' portal (a preset, passwordrules,
/// or full rule sets that may be invalid), with the admin's preferences.
pub fn settings(u: &mut Unstructured) -> Result<passwright::settings::Settings> {
    use passwright::policy::{PRESETS, PolicySpec, Source};
    use passwright::settings::{Portal, Settings};
    const RULES: &[&str] = &[
        "minlength: 8; maxlength: 12; required: upper; required: digit; allowed: lower, [-_];",
        "minlength: 20; required: lower, upper; required: digit; required: [!#$%&*];",
        "maxlength: 6; allowed: digit;",
        "max-consecutive: 1; minlength: 12; allowed: [ab01];",
        "required: special; allowed: ascii-printable;",
    ];
    let mut s = Settings::default();
    let policy = match u.int_in_range(0u8..=4)? {
        0 => None,
        1 => Some(Source::Preset(PRESETS[index(u, PRESETS.len())?].name.to_owned())),
        2 => {
            Some(Source::Rules(if u.ratio(3u8, 4)? { choose_str(u, RULES)? } else { String::arbitrary(u)? }))
        }
        _ => Some(Source::Spec(PolicySpec {
            web: web_rules(u)?,
            web_chars: maybe(u, char_rules)?,
            passcode: passcode_rules(u)?,
        })),
    };
    if let Some(policy) = policy {
        s.portals.push(Portal { origin: ORIGIN.to_owned(), policy });
    }
    // Mostly in range (4 to 60): out of range, the settings are unreadable
    // and nothing is generated.
    s.default_length = maybe(u, |u| if u.ratio(1u8, 8)? { u.int_in_range(0..=70) } else { u.int_in_range(4..=60) })?;
    s.exclude_look_alikes = bool::arbitrary(u)?;
    s.offer_rebuild = bool::arbitrary(u)?;
    if u.ratio(1u8, 4)? {
        s.speakable.push(ORIGIN.to_owned());
    }
    if u.ratio(1u8, 8)? {
        s.clipboard_clear_seconds = u.int_in_range(0..=120)?;
    }
    Ok(s)
}
