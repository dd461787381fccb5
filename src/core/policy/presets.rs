//! Named policies that operators publish (see docs in the portal notes).

use super::{CharRules, PasscodeRules, PolicyError, PolicySpec, WebRules};

/// A named, published policy.
#[derive(Clone, Copy, Debug)]
pub struct Preset {
    /// Short name used on the command line and in settings.
    pub name: &'static str,
    /// Who publishes it, in English.
    pub title: &'static str,
    /// The title's catalogue key, when it has words to translate (not only names).
    pub title_key: Option<crate::i18n::Key>,
    /// The policy as published, in words.
    pub summary: &'static str,
    build: fn() -> PolicySpec,
}

impl Preset {
    /// The title in `lang`.
    pub fn title_in(&self, lang: crate::i18n::Lang) -> &'static str {
        self.title_key.map_or(self.title, |key| crate::i18n::t(lang, key))
    }

    /// The preset's rules.
    pub fn spec(&self) -> PolicySpec {
        (self.build)()
    }
}

/// The preset used when none is chosen.
pub const DEFAULT_PRESET: &str = "broadsmart";

/// Every preset, the default first.
pub const PRESETS: [Preset; 4] = [
    Preset {
        name: "broadsmart",
        title: "Broadsmart (the support article)",
        title_key: Some(crate::i18n::Key::PresetBroadsmartTitle),
        summary: "web: letters and numbers, at least 8; passcode: 4 to 10 digits, not the extension",
        build: broadsmart,
    },
    Preset {
        name: "bell",
        title: "Bell Total Connect",
        title_key: None,
        summary: "web: at least 6 with a digit, an uppercase and a lowercase letter, not containing the login ID or the previous password; passcode: 6 to 8 digits, not the previous, not the extension or phone number, no digit more than twice in a row",
        build: bell,
    },
    Preset {
        name: "sinch",
        title: "Sinch UCaaS",
        title_key: None,
        summary: "passcode: 4 to 8 digits, not the extension or phone number or either reversed, at most 3 repeated digits and at most 3 ascending or descending digits in a row, no repeating pattern, not the current passcode or its reverse; web: not published, Broadsmart's",
        build: sinch,
    },
    Preset {
        name: "bt",
        title: "BT Cloud Voice",
        title_key: None,
        summary: "passcode: 4 to 6 digits, no repeated digits, no ascending or descending sequences, no repeated sequences, not the extension or its reverse, no reuse, expires every 60 days, locks after 5 failures; web: not published, Broadsmart's",
        build: bt,
    },
];

/// The preset named `name`.
pub fn preset(name: &str) -> Result<&'static Preset, PolicyError> {
    PRESETS
        .iter()
        .find(|p| p.name.eq_ignore_ascii_case(name))
        .ok_or_else(|| PolicyError::UnknownPreset(name.to_owned()))
}

/// "Letters and numbers, at least 8": a digit and a letter of either case.
fn letters_and_numbers() -> (WebRules, Option<CharRules>) {
    let web = WebRules { min_length: Some(8), min_digits: Some(1), ..Default::default() };
    let chars = CharRules::parse("required: lower, upper; allowed: ascii-printable;").ok();
    (web, chars)
}

fn broadsmart() -> PolicySpec {
    let (web, web_chars) = letters_and_numbers();
    PolicySpec {
        web,
        web_chars,
        passcode: PasscodeRules {
            min_length: 4,
            max_length: 10,
            forbid_extension: true,
            ..Default::default()
        },
    }
}

fn bell() -> PolicySpec {
    PolicySpec {
        web: WebRules {
            min_length: Some(6),
            min_digits: Some(1),
            min_upper: Some(1),
            min_lower: Some(1),
            forbid_user_id: true,
            forbid_old: true,
            ..Default::default()
        },
        web_chars: None,
        passcode: PasscodeRules {
            min_length: 6,
            max_length: 8,
            // "no repeated digits such as 111111": read as no digit more than
            // twice in a row, the strictest reading that still allows 112...
            max_repeated_digits: Some(2),
            forbid_phone: true,
            forbid_extension: true,
            forbid_old: true,
            ..Default::default()
        },
    }
}

fn sinch() -> PolicySpec {
    let (web, web_chars) = letters_and_numbers();
    PolicySpec {
        web,
        web_chars,
        passcode: PasscodeRules {
            min_length: 4,
            max_length: 8,
            max_repeated_digits: Some(3),
            forbid_repeated_patterns: true,
            max_ascending: Some(3),
            max_descending: Some(3),
            forbid_phone: true,
            forbid_phone_reversed: true,
            forbid_extension: true,
            forbid_extension_reversed: true,
            forbid_old: true,
            ..Default::default()
        },
    }
}

fn bt() -> PolicySpec {
    let (web, web_chars) = letters_and_numbers();
    PolicySpec {
        web,
        web_chars,
        passcode: PasscodeRules {
            min_length: 4,
            max_length: 6,
            max_repeated_digits: Some(1),
            forbid_repeated_patterns: true,
            // "No ascending or descending sequences": the portal's smallest
            // setting, so 123 and 321 are already rejected.
            max_ascending: Some(2),
            max_descending: Some(2),
            forbid_extension: true,
            forbid_extension_reversed: true,
            forbid_old: true,
            history: Some(10),
            expires_after_days: Some(60),
            lockout_after: Some(5),
            ..Default::default()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::Kind;

    #[test]
    fn every_preset_builds_both_policies() {
        for p in PRESETS {
            let spec = p.spec();
            for kind in [Kind::Web, Kind::Passcode] {
                spec.policy(kind).unwrap_or_else(|e| panic!("{} {kind:?}: {e}", p.name));
            }
        }
    }

    #[test]
    fn a_title_with_words_is_translated_and_a_name_alone_is_not() {
        use crate::i18n::Lang;
        for p in PRESETS {
            assert_eq!(p.title_in(Lang::En), p.title, "{}", p.name);
            for lang in [Lang::Fr, Lang::De, Lang::Es] {
                let translated = p.title_in(lang) != p.title;
                assert_eq!(translated, p.title_key.is_some(), "{} in {lang:?}", p.name);
            }
        }
    }

    #[test]
    fn lookup_is_case_insensitive_and_unknown_names_fail() {
        assert_eq!(preset("BT").unwrap().name, "bt");
        assert_eq!(
            preset("acme").unwrap_err().to_string(),
            "unknown preset \"acme\"; the presets are broadsmart, bell, sinch, bt"
        );
        assert_eq!(PRESETS[0].name, DEFAULT_PRESET);
    }

    #[test]
    fn broadsmart_matches_the_article() {
        let spec = preset("broadsmart").unwrap().spec();
        let web = spec.policy(Kind::Web).unwrap();
        assert_eq!(web.min_length, 8);
        let code = spec.policy(Kind::Passcode).unwrap();
        assert_eq!((code.min_length, code.max_length), (4, 10));
        assert!(code.forbid_extension && !code.forbid_phone);
    }
}
