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
use passwright::flow::{Action, ActionResult};
use passwright::policy::{CharClass, CharRules, PasscodeRules, WebRules};
use passwright::portal::snapshot::{Button, Field, Form, Heading, Link, Message, Pair, Snapshot};
use zeroize::Zeroizing;

/// The fixtures' origin, which flows and random pages mostly share.
pub const ORIGIN: &str = "http://portal.test";

const OTHER_ORIGINS: &[&str] =
    &["https://portal.example.com", "http://portal.test:8080", "https://evil.example"];
const LANGS: &[&str] = &["en", "fr", "es", "de", ""];
const FIELD_TYPES: &[&str] =
    &["text", "password", "radio", "checkbox", "select", "textarea", "number", "hidden", "email", "tel"];
const LABEL_SOURCES: &[&str] =
    &["aria-labelledby", "aria-label", "for", "wrapping", "cell", "near", "placeholder", "none"];
const AUTOCOMPLETE: &[&str] = &["", "new-password", "current-password", "off", "username"];
const BUTTON_TYPES: &[&str] = &["submit", "button", "reset", ""];
const ROLES: &[&str] = &["alert", "status", "", "dialog"];
const CLASSES: &[&str] =
    &["error", "errorMessage", "success", "message", "info", "warning", "alert alert-danger", ""];
const USER_IDS: &[&str] = &["jsmith@acme.example.com", "jsmith", "", "a@b"];
const ACTION_ERRORS: &[&str] =
    &["the field was replaced", "read-back mismatch", "no such element", "the element is disabled", ""];

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

fn field(u: &mut Unstructured, ids: &mut Ids) -> Result<Field> {
    let kind = if u.ratio(1u8, 16)? { String::arbitrary(u)? } else { choose_str(u, FIELD_TYPES)? };
    let password = kind == "password";
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
        checked: if matches!(kind.as_str(), "radio" | "checkbox") { Some(bool::arbitrary(u)?) } else { None },
        value: if password { None } else { Option::<()>::arbitrary(u)?.map(|()| text(u)).transpose()? },
        value_length: if password { Some(u.int_in_range(0..=70)?) } else { None },
        kind,
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
        group: if u.ratio(1u8, 2)? { text(u)? } else { String::new() },
        label: if u.ratio(1u8, 4)? { text(u)? } else { String::new() },
    })
}

fn message(u: &mut Unstructured) -> Result<Message> {
    Ok(Message { text: text(u)?, role: choose_str(u, ROLES)?, class: choose_str(u, CLASSES)? })
}

/// A snapshot built from scratch.
pub fn random_snapshot(u: &mut Unstructured) -> Result<Snapshot> {
    let mut ids = Ids(0);
    let mut s =
        Snapshot { url: url(u)?, title: text(u)?, lang: choose_str(u, LANGS)?, ..Snapshot::default() };
    if bool::arbitrary(u)? {
        s.referrer = url(u)?;
    }
    for _ in 0..u.int_in_range(0..=4)? {
        s.headings.push(Heading { id: ids.next(u)?, level: u.int_in_range(0..=7)?, text: text(u)? });
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
    for _ in 0..u.int_in_range(0..=5)? {
        s.pairs.push(Pair { label: text(u)?, value: text(u)? });
    }
    for index in 0..u.int_in_range(0..=2)? {
        s.forms.push(Form { index, method: choose_str(u, &["post", "get", ""])?, action: url(u)? });
    }
    let n = u.int_in_range(0..=12)?;
    s.text = (0..n).map(|_| text(u)).collect::<Result<Vec<_>>>()?.join(" ");
    Ok(s)
}

/// A few random edits of a real page.
pub fn mutate(u: &mut Unstructured, s: &mut Snapshot) -> Result<()> {
    let mut ids = Ids(s.fields.len() as u32 + s.buttons.len() as u32 + s.links.len() as u32 + 100);
    for _ in 0..u.int_in_range(1..=4)? {
        match u.int_in_range(0u8..=13)? {
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
                s.fields[i].kind = choose_str(u, FIELD_TYPES)?;
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
    if u.ratio(1u8, 3)? {
        mutate(u, &mut s)?;
    }
    Ok(s)
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

/// What the agent reports for a batch: mostly one result per action, as it does.
pub fn results(u: &mut Unstructured, actions: &[Action]) -> Result<Vec<ActionResult>> {
    let op = |a: &Action| match a {
        Action::Fill { .. } => "fill",
        Action::Choose { .. } => "choose",
        Action::Click { .. } => "click",
        Action::Follow { .. } => "follow",
        Action::Navigate { .. } => "navigate",
        Action::Inject { .. } => "inject",
        Action::Remove { .. } => "remove",
        Action::Watch { .. } => "watch",
    };
    let mut out = Vec::new();
    for a in actions {
        if u.ratio(1u8, 12)? {
            break; // the page went away mid-batch
        }
        let ok = u.ratio(5u8, 6)?;
        let error = if ok { None } else { Some(choose_str(u, ACTION_ERRORS)?) };
        out.push(ActionResult { op: op(a).to_owned(), ok, error });
    }
    if u.ratio(1u8, 16)? {
        out.push(ActionResult {
            op: String::arbitrary(u)?,
            ok: bool::arbitrary(u)?,
            error: Option::<String>::arbitrary(u)?,
        });
    }
    Ok(out)
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
    s.default_length = maybe(u, |u| u.int_in_range(0..=70))?;
    s.exclude_look_alikes = bool::arbitrary(u)?;
    s.offer_rebuild = bool::arbitrary(u)?;
    Ok(s)
}
