//! Portal variants: the ways real portals, written by other people, differ
//! from the five (seven) skins in structure rather than in wording. Each is a
//! switch in [`Variants`]; most compose with every skin and with each other.
//!
//! Switch them on with [`crate::Config::with_variants`] /
//! [`crate::Config::with_variant`], a `[variants]` table in a scenario, or
//! `--variant NAME` on the command line (repeatable).

pub mod opaque;
pub mod paths;
pub mod rules_text;
pub mod texts;

use serde::{Deserialize, Serialize};

use crate::skin::Style;

/// Every variant switch; the default is all off (the plain skin).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Variants {
    /// The Passwords page arrives with an empty container; the page's own
    /// script (`/assets/pwform.js`) builds the form 400 ms after load and it
    /// submits as a normal form POST.
    pub script_form: bool,
    /// After login everything is one HTML shell under `/ui/` whose script
    /// renders every page from JSON endpoints, navigates with
    /// `history.pushState` and submits the password change with `fetch`.
    pub single_page: bool,
    /// A reseller's own site on a second listener (same host, another port)
    /// that embeds the portal in an `<iframe>`.
    pub reseller_wrapper: bool,
    /// The portal's pages inside a `<frameset>`: a navigation frame and a
    /// content frame.
    pub frameset: bool,
    /// A static portal-looking page (a user with the Passwords form) on a
    /// loopback host the extension is not granted (default `127.0.0.2`),
    /// framed by a page of the portal's own origin.
    pub ungranted_frame: bool,
    /// Passwords several links away (Bell Total Connect): user page > "My
    /// profile" > "Passwords" > "Manage passwords", with risky links on the
    /// way; the user page has no Passwords link.
    pub deep_passwords: bool,
    /// `maxlength` (and more) on the password inputs, enforced by the server.
    pub field_constraints: FieldConstraints,
    /// The rules in force printed beside the form in running text.
    pub printed_rules: bool,
    /// How messages are marked up.
    pub error_markup: ErrorMarkup,
    /// Look-alike forms next to Passwords: Authentication (SIP credentials),
    /// Voice mail password, the admin's own Change my password, and a
    /// newsletter page with two password fields.
    pub lookalikes: bool,
    /// The Authentication page also asks for the current authentication
    /// password (needs `lookalikes`).
    pub authentication_asks_current: bool,
    /// The user page and the Passwords page in words no heuristic knows
    /// (links "Card", "Lines", "Keys"; fields "Box 1", "Box 2"; buttons
    /// "Go", "✓", "Back"), field names and server rules unchanged: a portal
    /// to teach ([`opaque`]).
    pub opaque: bool,
    /// The Passwords page chooses the secret with a `<select>` ("Password
    /// type": web access password / portal passcode) instead of radios; the
    /// server reads the same field.
    pub kind_select: bool,
    /// The Passwords page has two forms, one per secret (the web access
    /// password's and the portal passcode's), each with its own pair of
    /// fields and its own buttons; no radios.
    pub two_forms: bool,
    /// The Passwords form is drawn inside a web component's open shadow
    /// root (`<pw-form>`, `/assets/pwshadow.js`).
    pub web_components: bool,
    /// That web component's shadow root is closed (needs `web_components`):
    /// the page's own scripts cannot reach the form; an extension's content
    /// script can, through the extension-only accessors.
    pub closed_shadow_root: bool,
    /// Two tabs choose the secret instead of radios, each showing its own
    /// pair of fields (`/assets/pwtabs.js`).
    pub tabs: bool,
}

/// Constraints on the password inputs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FieldConstraints {
    /// None (the skins as they are).
    #[default]
    Off,
    /// `maxlength="12"` on the password inputs; the server refuses a longer
    /// web password with the skin's "too long" message.
    Maxlength,
    /// As `maxlength`, plus `minlength` (the rules' minimum) on the web
    /// password inputs and a separate pair of passcode inputs with
    /// `pattern="[0-9]{MIN,MAX}"`, `inputmode="numeric"` and `maxlength=MAX`.
    Full,
}

/// The longest web password the `field-constraints` variants accept.
pub const MAX_WEB_LENGTH: u32 = 12;

/// `field-constraints`: the names of the passcode's own pair of inputs (new,
/// re-type); each layout names them its own way.
pub fn passcode_field_names(style: Style) -> (&'static str, &'static str) {
    match style {
        Style::Table => ("newPasscode", "confirmPasscode"),
        Style::Divs => ("pin1", "pin2"),
        Style::Cards => ("passcode", "passcode_again"),
    }
}

/// How errors and confirmations are marked up.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorMarkup {
    /// The skin's own boxes.
    #[default]
    Skin,
    /// `<font color="#ff0000">` in a table row above the form (confirmations
    /// `<font color="green">`); no role, class, id or heading.
    Font,
    /// As `font`, each error line starting with "Error: " (in the skin's
    /// language).
    FontPrefixed,
    /// Plain text in a `<td style="color:#c00">` (confirmations
    /// `color:green`); the page CSP then allows inline styles.
    Cell,
}

/// One variant by name, for the command line (`--variant NAME`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Variant {
    /// `script-form`
    ScriptForm,
    /// `single-page`
    SinglePage,
    /// `reseller-wrapper`
    ResellerWrapper,
    /// `frameset`
    Frameset,
    /// `ungranted-frame`
    UngrantedFrame,
    /// `deep-passwords`
    DeepPasswords,
    /// `maxlength`
    Maxlength,
    /// `field-constraints` (all of them)
    FieldConstraints,
    /// `printed-rules`
    PrintedRules,
    /// `font-errors`
    FontErrors,
    /// `font-errors-prefixed`
    FontErrorsPrefixed,
    /// `cell-errors`
    CellErrors,
    /// `lookalikes`
    Lookalikes,
    /// `lookalikes-current`: look-alikes whose Authentication page also asks
    /// for the current password.
    LookalikesCurrent,
    /// `opaque`
    Opaque,
    /// `kind-select`
    KindSelect,
    /// `two-forms`
    TwoForms,
    /// `web-components`
    WebComponents,
    /// `closed-components`: as web-components, the shadow root closed.
    ClosedComponents,
    /// `tabs`
    Tabs,
}

impl Variant {
    /// Every variant.
    pub const ALL: [Variant; 20] = [
        Variant::ScriptForm,
        Variant::SinglePage,
        Variant::ResellerWrapper,
        Variant::Frameset,
        Variant::UngrantedFrame,
        Variant::DeepPasswords,
        Variant::Maxlength,
        Variant::FieldConstraints,
        Variant::PrintedRules,
        Variant::FontErrors,
        Variant::FontErrorsPrefixed,
        Variant::CellErrors,
        Variant::Lookalikes,
        Variant::LookalikesCurrent,
        Variant::Opaque,
        Variant::KindSelect,
        Variant::TwoForms,
        Variant::WebComponents,
        Variant::ClosedComponents,
        Variant::Tabs,
    ];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Variant::ScriptForm => "script-form",
            Variant::SinglePage => "single-page",
            Variant::ResellerWrapper => "reseller-wrapper",
            Variant::Frameset => "frameset",
            Variant::UngrantedFrame => "ungranted-frame",
            Variant::DeepPasswords => "deep-passwords",
            Variant::Maxlength => "maxlength",
            Variant::FieldConstraints => "field-constraints",
            Variant::PrintedRules => "printed-rules",
            Variant::FontErrors => "font-errors",
            Variant::FontErrorsPrefixed => "font-errors-prefixed",
            Variant::CellErrors => "cell-errors",
            Variant::Lookalikes => "lookalikes",
            Variant::LookalikesCurrent => "lookalikes-current",
            Variant::Opaque => "opaque",
            Variant::KindSelect => "kind-select",
            Variant::TwoForms => "two-forms",
            Variant::WebComponents => "web-components",
            Variant::ClosedComponents => "closed-components",
            Variant::Tabs => "tabs",
        }
    }

    /// One line about it.
    pub fn description(self) -> &'static str {
        match self {
            Variant::ScriptForm => "the Passwords form is built by the page's script after load",
            Variant::SinglePage => "a single-page portal under /ui/ (JSON, pushState, fetch)",
            Variant::ResellerWrapper => "a reseller site on a second port embedding the portal in an iframe",
            Variant::Frameset => "the pages inside a frameset (navigation frame + content frame)",
            Variant::UngrantedFrame => "a portal-looking page on 127.0.0.2 framed by a portal page",
            Variant::DeepPasswords => {
                "user > My profile > Passwords > Manage passwords, risky links on the way"
            }
            Variant::Maxlength => "maxlength=12 on the password inputs, enforced by the server",
            Variant::FieldConstraints => "maxlength, minlength, and digits-only passcode inputs",
            Variant::PrintedRules => "the rules in force printed beside the form",
            Variant::FontErrors => "messages as <font color> text in a table row",
            Variant::FontErrorsPrefixed => "as font-errors, each error starting with \"Error:\"",
            Variant::CellErrors => "messages as plain text in a <td style=\"color:#c00\">",
            Variant::Lookalikes => "Authentication, Voice mail, Change my password and newsletter forms",
            Variant::LookalikesCurrent => "as lookalikes; Authentication also asks for the current password",
            Variant::Opaque => "user and Passwords pages in words no heuristic knows (a portal to teach)",
            Variant::KindSelect => "a <select> chooses web password or passcode instead of radios",
            Variant::TwoForms => "one form per secret on the Passwords page, each with its own buttons",
            Variant::WebComponents => "the Passwords form inside a web component's shadow root",
            Variant::ClosedComponents => {
                "as web-components, in a closed shadow root (no page script reaches it)"
            }
            Variant::Tabs => "two tabs choose web password or passcode, each with its own fields",
        }
    }
}

impl std::fmt::Display for Variant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Variant {
    type Err = String;
    fn from_str(s: &str) -> Result<Variant, String> {
        Variant::ALL.into_iter().find(|v| v.name().eq_ignore_ascii_case(s)).ok_or_else(|| {
            let names: Vec<_> = Variant::ALL.iter().map(|v| v.name()).collect();
            format!("unknown variant {s:?}; expected one of {}", names.join(", "))
        })
    }
}

impl Variants {
    /// These switches with `variant` turned on as well.
    pub fn with(mut self, variant: Variant) -> Variants {
        match variant {
            Variant::ScriptForm => self.script_form = true,
            Variant::SinglePage => self.single_page = true,
            Variant::ResellerWrapper => self.reseller_wrapper = true,
            Variant::Frameset => self.frameset = true,
            Variant::UngrantedFrame => self.ungranted_frame = true,
            Variant::DeepPasswords => self.deep_passwords = true,
            Variant::Maxlength => {
                if self.field_constraints == FieldConstraints::Off {
                    self.field_constraints = FieldConstraints::Maxlength;
                }
            }
            Variant::FieldConstraints => self.field_constraints = FieldConstraints::Full,
            Variant::PrintedRules => self.printed_rules = true,
            Variant::FontErrors => self.error_markup = ErrorMarkup::Font,
            Variant::FontErrorsPrefixed => self.error_markup = ErrorMarkup::FontPrefixed,
            Variant::CellErrors => self.error_markup = ErrorMarkup::Cell,
            Variant::Lookalikes => self.lookalikes = true,
            Variant::LookalikesCurrent => {
                self.lookalikes = true;
                self.authentication_asks_current = true;
            }
            Variant::Opaque => self.opaque = true,
            Variant::KindSelect => self.kind_select = true,
            Variant::TwoForms => self.two_forms = true,
            Variant::WebComponents => self.web_components = true,
            Variant::ClosedComponents => {
                self.web_components = true;
                self.closed_shadow_root = true;
            }
            Variant::Tabs => self.tabs = true,
        }
        self
    }

    /// All of `variants` on.
    pub fn of(variants: impl IntoIterator<Item = Variant>) -> Variants {
        variants.into_iter().fold(Variants::default(), Variants::with)
    }

    /// Whether nothing is switched on.
    pub fn is_plain(&self) -> bool {
        *self == Variants::default()
    }

    /// The names of the variants switched on (as `--variant` takes them).
    pub fn names(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        let flags = [
            (self.script_form, Variant::ScriptForm),
            (self.single_page, Variant::SinglePage),
            (self.reseller_wrapper, Variant::ResellerWrapper),
            (self.frameset, Variant::Frameset),
            (self.ungranted_frame, Variant::UngrantedFrame),
            (self.deep_passwords, Variant::DeepPasswords),
            (self.field_constraints == FieldConstraints::Maxlength, Variant::Maxlength),
            (self.field_constraints == FieldConstraints::Full, Variant::FieldConstraints),
            (self.printed_rules, Variant::PrintedRules),
            (self.error_markup == ErrorMarkup::Font, Variant::FontErrors),
            (self.error_markup == ErrorMarkup::FontPrefixed, Variant::FontErrorsPrefixed),
            (self.error_markup == ErrorMarkup::Cell, Variant::CellErrors),
            (self.lookalikes && !self.authentication_asks_current, Variant::Lookalikes),
            (self.lookalikes && self.authentication_asks_current, Variant::LookalikesCurrent),
            (self.opaque, Variant::Opaque),
            (self.kind_select, Variant::KindSelect),
            (self.two_forms, Variant::TwoForms),
            (self.web_components && !self.closed_shadow_root, Variant::WebComponents),
            (self.web_components && self.closed_shadow_root, Variant::ClosedComponents),
            (self.tabs, Variant::Tabs),
        ];
        for (on, v) in flags {
            if on {
                out.push(v.name());
            }
        }
        out
    }

    /// The web password cap of the field-constraints variants, if on.
    pub fn web_max_length(&self) -> Option<u32> {
        (self.field_constraints != FieldConstraints::Off).then_some(MAX_WEB_LENGTH)
    }

    /// Checks that the switched-on variants go together; the error names the
    /// field (`single_page: …`).
    pub fn validate(&self) -> Result<(), String> {
        if self.authentication_asks_current && !self.lookalikes {
            return Err("authentication_asks_current: needs lookalikes = true".into());
        }
        if self.closed_shadow_root && !self.web_components {
            return Err("closed_shadow_root: needs web_components = true".into());
        }
        if self.opaque && (self.deep_passwords || self.lookalikes) {
            return Err(
                "opaque: cannot be combined with deep_passwords or lookalikes (their pages name Passwords)"
                    .into(),
            );
        }
        let own_form = self.script_form || self.single_page || self.opaque;
        for (on, name) in [
            (self.kind_select, "kind_select"),
            (self.two_forms, "two_forms"),
            (self.web_components, "web_components"),
            (self.tabs, "tabs"),
        ] {
            if on && own_form {
                return Err(format!(
                    "{name}: cannot be combined with script_form, single_page or opaque (they draw their own Passwords form)"
                ));
            }
        }
        if self.two_forms && (self.kind_select || self.field_constraints == FieldConstraints::Full) {
            return Err("two_forms: cannot be combined with kind_select or field_constraints = full".into());
        }
        if self.tabs
            && (self.kind_select || self.two_forms || self.field_constraints == FieldConstraints::Full)
        {
            return Err(
                "tabs: cannot be combined with kind_select, two_forms or field_constraints = full".into()
            );
        }
        if self.single_page {
            let clashes = [
                (self.script_form, "script_form"),
                (self.frameset, "frameset"),
                (self.deep_passwords, "deep_passwords"),
                (self.lookalikes, "lookalikes"),
                (self.error_markup != ErrorMarkup::Skin, "error_markup"),
            ];
            if let Some((_, name)) = clashes.iter().find(|(on, _)| *on) {
                return Err(format!(
                    "single_page: cannot be combined with {name} (the single-page portal renders its own pages)"
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for v in Variant::ALL {
            assert_eq!(v.name().parse::<Variant>().unwrap(), v);
            let names = Variants::of([v]).names();
            assert_eq!(names, [v.name()], "{v}");
        }
        assert!("purple".parse::<Variant>().unwrap_err().contains("script-form"));
        assert!(Variants::default().is_plain());
    }

    #[test]
    fn clashes_name_the_field() {
        let v = Variants::of([Variant::SinglePage, Variant::Frameset]);
        assert!(v.validate().unwrap_err().starts_with("single_page: cannot be combined with frameset"));
        let v = Variants { authentication_asks_current: true, ..Variants::default() };
        assert!(v.validate().unwrap_err().starts_with("authentication_asks_current"));
        let v = Variants::of([Variant::DeepPasswords, Variant::Frameset, Variant::ScriptForm]);
        assert!(v.validate().is_ok());
    }
}
