//! Apple's passwordrules language: parsed with 1Password's
//! `password-rules-parser` (the parser Bitwarden uses) and written back in
//! canonical form.
//!
//! ```text
//! minlength: 8; maxlength: 20; required: upper; required: digit; allowed: lower, [-_];
//! ```

use std::fmt;

use password_rules_parser::{CharacterClass, parse_password_rules};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::charset::CharSet;

use super::PolicyError;

/// One character class of the language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CharClass {
    /// `upper`: A to Z.
    Upper,
    /// `lower`: a to z.
    Lower,
    /// `digit`: 0 to 9.
    Digit,
    /// `special`: printable ASCII that is not a letter or digit, space included.
    Special,
    /// `ascii-printable`: space to `~`.
    AsciiPrintable,
    /// `unicode`: any character. Generation draws from printable ASCII, since a
    /// portal that does not normalise Unicode would reject what it stored.
    Unicode,
    /// `[...]`: the characters listed.
    Custom(CharSet),
}

impl CharClass {
    /// The characters the class stands for when generating and checking.
    pub fn chars(&self) -> CharSet {
        match self {
            CharClass::Upper => CharSet::UPPER,
            CharClass::Lower => CharSet::LOWER,
            CharClass::Digit => CharSet::DIGIT,
            CharClass::Special => CharSet::SPECIAL,
            CharClass::AsciiPrintable | CharClass::Unicode => CharSet::ASCII_PRINTABLE,
            CharClass::Custom(set) => *set,
        }
    }

    fn from_parsed(class: &CharacterClass) -> CharClass {
        match class {
            CharacterClass::Upper => CharClass::Upper,
            CharacterClass::Lower => CharClass::Lower,
            CharacterClass::Digit => CharClass::Digit,
            CharacterClass::Special => CharClass::Special,
            CharacterClass::AsciiPrintable => CharClass::AsciiPrintable,
            CharacterClass::Unicode => CharClass::Unicode,
            CharacterClass::Custom(chars) => CharClass::Custom(
                chars.iter().filter_map(|&c| CharSet::single(c)).fold(CharSet::EMPTY, CharSet::union),
            ),
        }
    }
}

impl fmt::Display for CharClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CharClass::Upper => f.write_str("upper"),
            CharClass::Lower => f.write_str("lower"),
            CharClass::Digit => f.write_str("digit"),
            CharClass::Special => f.write_str("special"),
            CharClass::AsciiPrintable => f.write_str("ascii-printable"),
            CharClass::Unicode => f.write_str("unicode"),
            CharClass::Custom(set) => {
                // The grammar wants `-` first and `]` last inside the brackets.
                let mut body = String::from("[");
                if set.contains('-') {
                    body.push('-');
                }
                body.extend(set.chars().filter(|&c| c != '-' && c != ']'));
                if set.contains(']') {
                    body.push(']');
                }
                body.push(']');
                f.write_str(&body)
            }
        }
    }
}

/// The character rules of a passwordrules document.
///
/// `required` lists sets of which at least one character each must appear;
/// required classes are also allowed (as the language defines).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CharRules {
    /// `minlength`.
    pub min_length: Option<u32>,
    /// `maxlength`.
    pub max_length: Option<u32>,
    /// `max-consecutive`: the longest run of one repeated character.
    pub max_consecutive: Option<u32>,
    /// `allowed`: classes any character may come from.
    pub allowed: Vec<CharClass>,
    /// `required`: each entry is a group of classes, at least one character of
    /// the group must appear.
    pub required: Vec<Vec<CharClass>>,
}

impl CharRules {
    /// Parses a passwordrules document. An empty document is an error, as is
    /// anything the grammar rejects; the message points at the column.
    pub fn parse(text: &str) -> Result<CharRules, PolicyError> {
        let parsed = parse_password_rules(text, true)
            .map_err(|err| PolicyError::Rules { message: one_line(&err.to_string()) })?;
        Ok(CharRules {
            min_length: parsed.min_length,
            max_length: parsed.max_length,
            max_consecutive: parsed.max_consecutive,
            allowed: parsed.allowed.iter().map(CharClass::from_parsed).collect(),
            required: parsed
                .required
                .iter()
                .map(|group| group.iter().map(CharClass::from_parsed).collect())
                .collect(),
        })
    }

    /// Every character the rules allow: the allowed classes and the required ones.
    pub fn alphabet(&self) -> CharSet {
        self.allowed
            .iter()
            .chain(self.required.iter().flatten())
            .map(CharClass::chars)
            .fold(CharSet::EMPTY, CharSet::union)
    }

    /// The character set of each `required` group.
    pub fn required_sets(&self) -> impl Iterator<Item = CharSet> + '_ {
        self.required
            .iter()
            .map(|group| group.iter().map(CharClass::chars).fold(CharSet::EMPTY, CharSet::union))
    }
}

fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn join(classes: &[CharClass]) -> String {
    classes.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}

impl fmt::Display for CharRules {
    /// Writes the canonical document: lengths, max-consecutive, required, allowed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if let Some(n) = self.min_length {
            parts.push(format!("minlength: {n};"));
        }
        if let Some(n) = self.max_length {
            parts.push(format!("maxlength: {n};"));
        }
        if let Some(n) = self.max_consecutive {
            parts.push(format!("max-consecutive: {n};"));
        }
        for group in &self.required {
            parts.push(format!("required: {};", join(group)));
        }
        if !self.allowed.is_empty() {
            parts.push(format!("allowed: {};", join(&self.allowed)));
        }
        f.write_str(&parts.join(" "))
    }
}

impl Serialize for CharRules {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for CharRules {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        CharRules::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_lengths_classes_and_custom_sets() {
        let rules =
            CharRules::parse("minlength: 8; maxlength: 20; required: upper; required: digit; allowed: lower, [-_]; max-consecutive: 2").unwrap();
        assert_eq!(rules.min_length, Some(8));
        assert_eq!(rules.max_length, Some(20));
        assert_eq!(rules.max_consecutive, Some(2));
        assert_eq!(rules.required.len(), 2);
        let alphabet = rules.alphabet();
        assert!(alphabet.contains('A') && alphabet.contains('a') && alphabet.contains('7'));
        assert!(alphabet.contains('-') && alphabet.contains('_'));
        assert!(!alphabet.contains('!'));
    }

    #[test]
    fn writes_back_what_it_parsed() {
        let text = "minlength: 8; maxlength: 20; max-consecutive: 2; required: upper; required: digit; allowed: lower, [-_];";
        let rules = CharRules::parse(text).unwrap();
        assert_eq!(rules.to_string(), text);
        assert_eq!(CharRules::parse(&rules.to_string()).unwrap(), rules);
    }

    #[test]
    fn custom_sets_put_dash_first_and_bracket_last() {
        let rules = CharRules::parse("allowed: [-a]];").unwrap();
        assert!(rules.alphabet().contains(']') && rules.alphabet().contains('-'));
        let written = rules.to_string();
        assert_eq!(written, "allowed: [-a]];");
        assert_eq!(CharRules::parse(&written).unwrap(), rules);
    }

    #[test]
    fn garbage_and_empty_are_errors_with_a_message() {
        let err = CharRules::parse("minlength: eight").unwrap_err();
        assert!(matches!(err, PolicyError::Rules { .. }));
        assert!(!err.to_string().contains('\n'));
        assert!(CharRules::parse("   ").is_err());
    }

    #[test]
    fn no_classes_means_ascii_printable() {
        let rules = CharRules::parse("minlength: 6").unwrap();
        assert_eq!(rules.alphabet(), CharSet::ASCII_PRINTABLE);
    }
}
