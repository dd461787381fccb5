//! The UI's texts in English, French, German and Spanish, from the
//! extension's `_locales` catalogue (compiled in by `build.rs`).
//!
//! Texts take named arguments written `{name}` in the catalogue:
//! `tf(lang, Key::StatusWorking, &[("step", "Open Passwords")])`.

use serde::{Deserialize, Serialize};

include!(concat!(env!("OUT_DIR"), "/catalogue.rs"));

/// A UI language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// French.
    Fr,
    /// German.
    De,
    /// Spanish.
    Es,
}

impl Lang {
    /// Every language.
    pub const ALL: [Lang; 4] = [Lang::En, Lang::Fr, Lang::De, Lang::Es];

    /// The language's code (`en`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::De => "de",
            Lang::Es => "es",
        }
    }

    /// The language of a browser's UI language tag (`fr-CA` is French);
    /// English for any other.
    pub fn of_tag(tag: &str) -> Lang {
        let primary = tag.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.code() == primary).unwrap_or(Lang::En)
    }

    /// The language to use: the admin's choice, else the browser's.
    pub fn pick(chosen: Option<Lang>, ui_language: &str) -> Lang {
        chosen.unwrap_or_else(|| Lang::of_tag(ui_language))
    }
}

/// The text of `key` in `lang` (English where the locale lacks it; a test
/// keeps every locale complete).
pub fn t(lang: Lang, key: Key) -> &'static str {
    lookup(lang, key).or_else(|| lookup(Lang::En, key)).unwrap_or("")
}

/// The text of `key` with its `{name}` arguments filled in.
pub fn tf(lang: Lang, key: Key, args: &[(&str, &str)]) -> String {
    let mut out = t(lang, key).to_owned();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_come_from_the_choice_or_the_browser() {
        assert_eq!(Lang::pick(None, "fr-CA"), Lang::Fr);
        assert_eq!(Lang::pick(None, "de"), Lang::De);
        assert_eq!(Lang::pick(None, "pt-BR"), Lang::En);
        assert_eq!(Lang::pick(Some(Lang::Es), "fr"), Lang::Es);
    }

    #[test]
    fn every_english_text_is_there() {
        for key in ALL {
            assert!(!t(Lang::En, *key).is_empty(), "{} is empty", key.name());
        }
    }
}
