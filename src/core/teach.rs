//! Teach mode: when the heuristics miss, the admin shows Passwright the
//! portal's pages and the Passwords form's elements, one click each, and the
//! result is a [`PortalMap`](crate::portal::map::PortalMap) used before the
//! heuristics from then on.
//!
//! The toolbar popup starts it; the panel guides it step by step; the agent
//! highlights what the pointer is over and reports the admin's (trusted)
//! click on an element. No secret is ever part of it.

use serde::{Deserialize, Serialize};

use crate::portal::map::{FormMap, Locator, PageSignature, PortalMap};
use crate::portal::snapshot::{ElementId, Snapshot};

/// What the admin is asked to pick.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum PickTarget {
    /// The field for the new password.
    NewPassword,
    /// The field to re-type it.
    Retype,
    /// The choice (radio) for the web access password, if the form has one.
    WebChoice,
    /// The choice for the portal passcode, if the form has one.
    PasscodeChoice,
    /// The button that saves (OK, Save).
    Submit,
}

impl PickTarget {
    /// The order the panel asks them in.
    pub const ORDER: [PickTarget; 5] = [
        PickTarget::NewPassword,
        PickTarget::Retype,
        PickTarget::WebChoice,
        PickTarget::PasscodeChoice,
        PickTarget::Submit,
    ];

    /// Whether the form may lack it (the web/passcode choice).
    pub fn optional(self) -> bool {
        matches!(self, PickTarget::WebChoice | PickTarget::PasscodeChoice)
    }
}

/// The admin's click on an element, in teach mode.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Pick {
    /// What it was asked for.
    pub target: PickTarget,
    /// The element clicked.
    pub element: ElementId,
    /// The page as it was at the click.
    pub snapshot: Snapshot,
}

/// Teach-mode commands (from the popup and the panel).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum TeachCommand {
    /// This page is a user's page.
    UserPage,
    /// This page is the Passwords page: pick its elements next.
    PasswordsPage,
    /// Pick (or pick again) this element.
    Pick(PickTarget),
    /// The form has no such element (the web/passcode choice).
    Skip,
    /// Store the map.
    Save,
    /// Leave teach mode without storing anything.
    Cancel,
}

/// Teach mode in progress, in a tab.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Teaching {
    /// The portal.
    pub origin: String,
    /// The map so far.
    pub map: PortalMap,
    /// The element being asked for.
    pub asking: Option<PickTarget>,
    /// What has been picked, in this load's terms.
    pub picked: Vec<(PickTarget, Locator)>,
    /// What was skipped.
    pub skipped: Vec<PickTarget>,
}

impl Teaching {
    /// Starts teaching `origin`, from what is already known of it.
    pub fn new(origin: &str, known: Option<&PortalMap>) -> Teaching {
        let map =
            known.cloned().unwrap_or_else(|| PortalMap { origin: origin.to_owned(), ..PortalMap::default() });
        Teaching { origin: origin.to_owned(), map, asking: None, picked: Vec::new(), skipped: Vec::new() }
    }

    /// Marks the page at `url` (with `title`) as a user's page. The user's
    /// own name and ID (`who`) are left out of the signature: it is every
    /// user's page, not this one's.
    pub fn user_page(&mut self, url: &str, title: &str, who: &[&str]) {
        let mut title = crate::portal::text::normalize(title);
        for w in who.iter().map(|w| crate::portal::text::normalize(w)).filter(|w| !w.is_empty()) {
            title = title.replace(&w, " ");
        }
        let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
        self.map.user_page = Some(PageSignature { path: crate::portal::map::url_path(url), title });
    }

    /// Marks the page at `url` as the Passwords page and asks for its first element.
    pub fn passwords_page(&mut self, url: &str, title: &str) {
        self.map.passwords_page =
            Some(PageSignature { path: crate::portal::map::url_path(url), title: title.to_owned() });
        self.picked.clear();
        self.skipped.clear();
        self.asking = Some(PickTarget::NewPassword);
    }

    /// The next element to ask for, after what was picked or skipped.
    fn next(&self) -> Option<PickTarget> {
        PickTarget::ORDER
            .into_iter()
            .find(|t| !self.picked.iter().any(|(p, _)| p == t) && !self.skipped.contains(t))
    }

    /// Records a pick; returns false when the element cannot serve (not the kind asked).
    pub fn pick(&mut self, pick: &Pick) -> bool {
        use crate::portal::map::Role;
        use crate::portal::snapshot::FieldType;
        let Some(locator) = crate::portal::map::locate(pick.element, &pick.snapshot) else { return false };
        let fits = match pick.target {
            PickTarget::NewPassword | PickTarget::Retype => {
                matches!(locator.role, Role::Field(FieldType::Password | FieldType::Text))
            }
            PickTarget::WebChoice | PickTarget::PasscodeChoice => {
                matches!(
                    locator.role,
                    Role::Field(FieldType::Radio | FieldType::Checkbox | FieldType::Select)
                )
            }
            PickTarget::Submit => matches!(locator.role, Role::Button | Role::Link),
        };
        if !fits {
            return false;
        }
        self.picked.retain(|(t, _)| *t != pick.target);
        self.picked.push((pick.target, locator));
        self.asking = self.next();
        true
    }

    /// Skips the element being asked for, if it is optional.
    pub fn skip(&mut self) {
        if let Some(t) = self.asking.filter(|t| t.optional()) {
            self.skipped.push(t);
            self.asking = self.next();
        }
    }

    /// The map to store, when enough was taught: a page, and for the
    /// Passwords page both fields and the button.
    pub fn result(&self) -> Option<PortalMap> {
        let mut map = self.map.clone();
        let get = |t: PickTarget| self.picked.iter().find(|(p, _)| *p == t).map(|(_, l)| l.clone());
        if map.passwords_page.is_some() {
            map.form = Some(FormMap {
                new: get(PickTarget::NewPassword)?,
                retype: get(PickTarget::Retype)?,
                web: get(PickTarget::WebChoice),
                passcode: get(PickTarget::PasscodeChoice),
                submit: get(PickTarget::Submit)?,
            });
        }
        (map.user_page.is_some() || map.passwords_page.is_some()).then_some(map)
    }
}

/// What the panel shows in teach mode.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TeachView {
    /// What to do now, in words.
    pub instruction: String,
    /// Each element: its label, and whether it is picked (or skipped).
    pub items: Vec<(String, bool)>,
    /// Whether Skip applies now.
    pub can_skip: bool,
    /// Whether Save applies now.
    pub can_save: bool,
    /// Fixed labels (Skip, Save, Cancel).
    pub labels: Vec<(String, String)>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::portal::classify::{PageKind, analyze};
    use crate::portal::snapshot::Heading;

    /// A user's page whose menus have headings of the page's own level before its name.
    fn user_page(name: &str, id: &str) -> Snapshot {
        let h = |id, text: &str| Heading { id, level: 1, text: text.into(), rect: None };
        Snapshot {
            url: format!("https://p.example/User/?key={id}"),
            title: "CommPilot".into(),
            headings: vec![h(1, "Zone A"), h(2, "Tools"), h(3, name)],
            ..Snapshot::default()
        }
    }

    #[test]
    fn a_taught_user_page_is_every_users_page_and_matches_with_menus_first() {
        let mut t = Teaching::new("https://p.example", None);
        let s = user_page("John Smith", "jsmith");
        let page = analyze(&s, None);
        assert_eq!(page.kind, PageKind::Other, "control: the heuristics do not know it");
        t.user_page(&s.url, &page.title, &["John Smith", "jsmith"]);
        let sig = t.map.user_page.clone().unwrap();
        assert_eq!(sig.path, "/User/");
        assert!(!sig.title.contains("john") && !sig.title.contains("smith"), "{sig:?}");
        let map = t.result().unwrap();
        // The same page, and another user's page of the portal: a user's page.
        assert_eq!(analyze(&s, Some(&map)).kind, PageKind::User);
        assert_eq!(analyze(&user_page("Ann Lee", "alee"), Some(&map)).kind, PageKind::User);
        // Another page of the portal at another path: not.
        let mut other = user_page("Ann Lee", "alee");
        other.url = "https://p.example/Group/".into();
        assert_eq!(analyze(&other, Some(&map)).kind, PageKind::Other);
    }

    #[test]
    fn a_taught_passwords_page_matches_when_a_menu_heading_comes_before_its_own() {
        let h = |id, level, text: &str| Heading { id, level, text: text.into(), rect: None };
        let s = Snapshot {
            url: "https://p.example/User/Keys/?key=jsmith".into(),
            title: "CommPilot".into(),
            headings: vec![h(1, 3, "Zone A"), h(2, 1, "Keys"), h(3, 3, "Tools")],
            ..Snapshot::default()
        };
        let mut t = Teaching::new("https://p.example", None);
        t.passwords_page(&s.url, &analyze(&s, None).title);
        let map = PortalMap { form: None, ..t.map.clone() };
        assert_eq!(analyze(&s, Some(&map)).kind, PageKind::Passwords, "{:?}", map.passwords_page);
        // Control: another page at that path with other words is not it.
        let mut other = s.clone();
        other.headings = vec![h(1, 3, "Zone A"), h(2, 1, "Lines")];
        assert_eq!(analyze(&other, Some(&map)).kind, PageKind::Other);
    }
}
