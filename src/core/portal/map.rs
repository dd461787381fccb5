//! Portal maps: what an admin taught about a portal the heuristics cannot
//! read (teach mode), or what a reset learned on the way (the path of links
//! to Passwords). Stored per origin in `storage.local`, exported and imported
//! as JSON, deployable through `storage.managed`. No secret is ever in one.
//!
//! A map names elements by what survives a reload: the field's kind, its
//! `name` attribute, its label's words, its position among its kind; never
//! the agent's element ids, which change with every page load.

use serde::{Deserialize, Serialize};

use super::classify::{Confidence, PageKind, PasswordsForm};
use super::snapshot::{ElementId, FieldType, Snapshot, path_of};
use super::text::normalize;

/// The longest way to Passwords a map may hold, in links followed from the
/// user's page: longer is a portal sending the flow round, not a route.
pub const MAX_PATH: usize = 6;

/// Which of a page's elements a locator names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A form field of this type.
    Field(FieldType),
    /// A button.
    Button,
    /// A link.
    Link,
    /// A heading.
    Heading,
}

/// How to find an element again on a later load of the same page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Locator {
    /// What kind of element.
    pub role: Role,
    /// Its `name` attribute (fields), when it has one.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Its label or text, normalised.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
    /// Its position among the page's elements of the same role (0-based).
    pub index: u32,
}

/// How to recognise a page: the path of its URL (without the query) and,
/// for portals whose URLs say nothing, words of its title.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageSignature {
    /// The URL's path, e.g. `/User/Passwords/` (the origin and the query left out).
    pub path: String,
    /// The page's title and main heading, normalised.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
}

/// The Passwords form, taught.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormMap {
    /// The new-password field.
    pub new: Locator,
    /// The re-type field.
    pub retype: Locator,
    /// The radio choosing the web access password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub web: Option<Locator>,
    /// The radio choosing the portal passcode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passcode: Option<Locator>,
    /// The button that saves.
    pub submit: Locator,
}

/// Where a map came from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MapSource {
    /// An admin taught it here.
    #[default]
    Taught,
    /// A reset found the way (the path to Passwords) by itself.
    Learned,
    /// Imported from a file.
    Imported,
    /// Deployed by the IT department.
    Managed,
}

/// What is known of one portal.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortalMap {
    /// The portal's origin.
    pub origin: String,
    /// A user's page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_page: Option<PageSignature>,
    /// The Passwords page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passwords_page: Option<PageSignature>,
    /// The Passwords form's elements.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form: Option<FormMap>,
    /// The links followed from a user's page to the Passwords form, by text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub path: Vec<String>,
    /// Where it came from.
    #[serde(default)]
    pub source: MapSource,
}

/// What a map says of a snapshot.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Taught {
    /// The page's kind.
    pub kind: PageKind,
    /// The Passwords form, resolved to this load's elements.
    pub form: Option<PasswordsForm>,
    /// Where the launcher goes.
    pub anchor: Option<ElementId>,
}

/// Why a map cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MapError {
    /// Not an origin.
    #[error("{0:?} is not a portal address like https://portal.example.com")]
    Origin(String),
    /// The form map names the same element twice.
    #[error("{0}: the new-password and re-type fields must be two different fields")]
    SameField(String),
    /// A locator names no kind of element a form has.
    #[error("{0}: the password fields must be password or text fields")]
    BadRole(String),
    /// Too long to be a real path.
    #[error("{0}: a path of more than {max} links", max = MAX_PATH)]
    LongPath(String),
}

impl PortalMap {
    /// Checks what a map says before it is stored or used.
    pub fn validate(&self) -> Result<(), MapError> {
        let origin = crate::settings::normalize_origin(&self.origin)
            .map_err(|_| MapError::Origin(self.origin.clone()))?;
        if origin != self.origin {
            return Err(MapError::Origin(self.origin.clone()));
        }
        if let Some(form) = &self.form {
            if form.new == form.retype {
                return Err(MapError::SameField(self.origin.clone()));
            }
            for l in [&form.new, &form.retype] {
                if !matches!(l.role, Role::Field(FieldType::Password | FieldType::Text)) {
                    return Err(MapError::BadRole(self.origin.clone()));
                }
            }
        }
        if self.path.len() > MAX_PATH {
            return Err(MapError::LongPath(self.origin.clone()));
        }
        Ok(())
    }

    /// What the map says of `s`, if it is one of the pages it knows.
    pub fn apply(&self, s: &Snapshot) -> Option<Taught> {
        let path = url_path(&s.url);
        // The same words the signature was taught from (the title and the
        // main headings): a menu's heading before the page's own is no mismatch.
        let title = super::classify::main_title(s);
        let matches = |sig: &PageSignature| {
            sig.path == path
                && (sig.title.is_empty() || title.contains(&sig.title) || sig.title.contains(&title))
        };
        if let Some(sig) = &self.passwords_page {
            if matches(sig) {
                let form = self.form.as_ref().and_then(|f| resolve_form(f, s));
                return Some(Taught {
                    kind: PageKind::Passwords,
                    anchor: form.as_ref().map(|f| f.new),
                    form,
                });
            }
        }
        if let Some(sig) = &self.user_page {
            if matches(sig) {
                return Some(Taught {
                    kind: PageKind::User,
                    form: None,
                    anchor: s.headings.first().map(|h| h.id),
                });
            }
        }
        None
    }
}

impl PortalMap {
    /// The link of `s` that leads to the taught Passwords page (its address's
    /// path, same origin, not the page itself), when there is exactly one.
    pub fn passwords_link<'a>(&self, s: &'a Snapshot) -> Option<&'a super::snapshot::Link> {
        let sig = self.passwords_page.as_ref()?;
        if url_path(&s.url) == sig.path {
            return None;
        }
        let origin = s.origin();
        let mut to = s.links.iter().filter(|k| {
            !k.href.is_empty()
                && super::snapshot::origin_of(&k.href) == origin
                && !k.href.to_ascii_lowercase().starts_with("javascript:")
                && url_path(&k.href) == sig.path
        });
        let first = to.next()?;
        // Several links to that page (one per user on a list): none is the way.
        to.all(|k| k.href == first.href).then_some(first)
    }
}

/// The path of a URL: after the origin, before the query.
pub fn url_path(url: &str) -> String {
    let origin = super::snapshot::origin_of(url);
    let no_query = path_of(url);
    let path = no_query.strip_prefix(&origin).unwrap_or(no_query);
    if path.is_empty() { "/".to_owned() } else { path.to_owned() }
}

/// This load's element for a locator.
pub fn resolve(locator: &Locator, s: &Snapshot) -> Option<ElementId> {
    match locator.role {
        Role::Field(kind) => {
            let same: Vec<_> = s.fields.iter().filter(|f| f.kind == kind).collect();
            let by_name: Vec<_> =
                same.iter().filter(|f| !locator.name.is_empty() && f.name == locator.name).collect();
            if by_name.len() == 1 {
                return Some(by_name[0].id);
            }
            let by_text: Vec<_> = same
                .iter()
                .filter(|f| !locator.text.is_empty() && normalize(&f.label) == locator.text)
                .collect();
            if by_text.len() == 1 {
                return Some(by_text[0].id);
            }
            same.get(locator.index as usize).map(|f| f.id)
        }
        Role::Button => {
            let by_text: Vec<_> = s
                .buttons
                .iter()
                .filter(|b| !locator.text.is_empty() && normalize(&b.text) == locator.text)
                .collect();
            if by_text.len() == 1 {
                return Some(by_text[0].id);
            }
            s.buttons.get(locator.index as usize).map(|b| b.id)
        }
        Role::Link => {
            let by_text: Vec<_> = s
                .links
                .iter()
                .filter(|k| !locator.text.is_empty() && normalize(&k.text) == locator.text)
                .collect();
            if by_text.len() == 1 {
                return Some(by_text[0].id);
            }
            s.links.get(locator.index as usize).map(|k| k.id)
        }
        Role::Heading => s.headings.get(locator.index as usize).map(|h| h.id),
    }
}

/// The locator for an element of `s` (teach mode).
pub fn locate(id: ElementId, s: &Snapshot) -> Option<Locator> {
    if let Some(f) = s.fields.iter().find(|f| f.id == id) {
        let index = s.fields.iter().filter(|o| o.kind == f.kind).position(|o| o.id == id)? as u32;
        return Some(Locator {
            role: Role::Field(f.kind),
            name: f.name.clone(),
            text: normalize(&f.label),
            index,
        });
    }
    if let Some(b) = s.buttons.iter().find(|b| b.id == id) {
        let index = s.buttons.iter().position(|o| o.id == id)? as u32;
        return Some(Locator { role: Role::Button, name: String::new(), text: normalize(&b.text), index });
    }
    if let Some(k) = s.links.iter().find(|k| k.id == id) {
        let index = s.links.iter().position(|o| o.id == id)? as u32;
        return Some(Locator { role: Role::Link, name: String::new(), text: normalize(&k.text), index });
    }
    None
}

fn resolve_form(f: &FormMap, s: &Snapshot) -> Option<PasswordsForm> {
    let new = resolve(&f.new, s)?;
    let retype = resolve(&f.retype, s)?;
    if new == retype {
        return None;
    }
    let submit = resolve(&f.submit, s)?;
    let field = |id| s.fields.iter().find(|x| x.id == id);
    let constraints = |id| {
        field(id)
            .map(|x| super::classify::Constraints {
                max_length: x.max_length.filter(|&n| n > 0),
                min_length: x.min_length.filter(|&n| n > 0),
                ..Default::default()
            })
            .unwrap_or_default()
    };
    Some(PasswordsForm {
        web_radio: f.web.as_ref().and_then(|l| resolve(l, s)),
        passcode_radio: f.passcode.as_ref().and_then(|l| resolve(l, s)),
        kind_select: None,
        passcode_fields: None,
        tabs: None,
        current: None,
        new,
        retype,
        ok: Some(submit),
        apply: None,
        save: None,
        cancel: None,
        confidence: Confidence::Portal,
        constraints: constraints(new),
        retype_constraints: constraints(retype),
    })
}

/// Adds `incoming` maps to `maps`: a map for an origin replaces the one there
/// (managed maps are never replaced). Invalid ones are refused with their error.
pub fn merge(
    maps: &mut Vec<PortalMap>,
    incoming: Vec<PortalMap>,
    source: MapSource,
) -> Result<usize, MapError> {
    for m in &incoming {
        m.validate()?;
    }
    let n = incoming.len();
    for mut m in incoming {
        m.source = source;
        if maps.iter().any(|o| o.origin == m.origin && o.source == MapSource::Managed) {
            continue;
        }
        maps.retain(|o| o.origin != m.origin);
        maps.push(m);
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::portal::snapshot::{Button, Field};

    fn page() -> Snapshot {
        let field = |id, kind, name: &str, label: &str| Field {
            id,
            kind,
            name: name.into(),
            label: label.into(),
            ..Field::default()
        };
        Snapshot {
            url: "https://p.example/x/pw?u=1".into(),
            fields: vec![
                field(1, FieldType::Password, "a1", "Secret"),
                field(2, FieldType::Password, "a2", "Secret again"),
            ],
            buttons: vec![Button { id: 3, text: "Go".into(), kind: "submit".into(), ..Button::default() }],
            ..Snapshot::default()
        }
    }

    #[test]
    fn a_taught_form_resolves_on_a_later_load() {
        let s = page();
        let map = PortalMap {
            origin: "https://p.example".into(),
            passwords_page: Some(PageSignature { path: "/x/pw".into(), title: String::new() }),
            form: Some(FormMap {
                new: locate(1, &s).unwrap(),
                retype: locate(2, &s).unwrap(),
                web: None,
                passcode: None,
                submit: locate(3, &s).unwrap(),
            }),
            ..PortalMap::default()
        };
        assert!(map.validate().is_ok());
        // A later load: new element ids, same page.
        let mut later = page();
        for (i, f) in later.fields.iter_mut().enumerate() {
            f.id = 10 + i as u32;
        }
        later.buttons[0].id = 20;
        let taught = map.apply(&later).expect("the Passwords page");
        assert_eq!(taught.kind, PageKind::Passwords);
        let form = taught.form.unwrap();
        assert_eq!((form.new, form.retype, form.submit()), (10, 11, Some(20)));
        assert_eq!(form.confidence, Confidence::Portal);
    }

    #[test]
    fn the_link_to_a_taught_passwords_page_is_the_way_whatever_its_words() {
        use crate::portal::snapshot::Link;
        let link =
            |id, text: &str, href: &str| Link { id, text: text.into(), href: href.into(), ..Link::default() };
        let map = PortalMap {
            origin: "https://p.example".into(),
            passwords_page: Some(PageSignature { path: "/x/pw".into(), title: String::new() }),
            ..PortalMap::default()
        };
        let user = Snapshot {
            url: "https://p.example/x/user?u=1".into(),
            title: "Jane".into(),
            links: vec![
                link(1, "Card", "https://p.example/x/card?u=1"),
                link(2, "Keys", "https://p.example/x/pw?u=1"),
                link(3, "Keys", "https://other.example/x/pw?u=1"),
            ],
            ..Snapshot::default()
        };
        assert_eq!(map.passwords_link(&user).map(|k| k.id), Some(2));
        let page = crate::portal::classify::analyze(&user, Some(&map));
        assert_eq!(page.passwords_link.map(|k| k.id), Some(2), "the flow's Passwords link");
        // Control: without the map, the words say nothing.
        assert_eq!(crate::portal::classify::analyze(&user, None).passwords_link, None);
        // Two users' Passwords pages (a list): no one way.
        let mut list = user.clone();
        list.links.push(link(4, "Keys", "https://p.example/x/pw?u=2"));
        assert_eq!(map.passwords_link(&list), None);
        // The Passwords page itself links to itself: not a way on.
        let mut on = user.clone();
        on.url = "https://p.example/x/pw?u=1".into();
        assert_eq!(map.passwords_link(&on), None);
        // A map taught without a Passwords page knows no such link.
        assert_eq!(PortalMap { passwords_page: None, ..map }.passwords_link(&user), None);
    }

    #[test]
    fn invalid_maps_are_refused() {
        let bad = PortalMap { origin: "portal".into(), ..PortalMap::default() };
        assert!(bad.validate().is_err());
        let mut maps = Vec::new();
        assert!(merge(&mut maps, vec![bad], MapSource::Imported).is_err());
        assert!(maps.is_empty());
    }
}
