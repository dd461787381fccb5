//! The translations of the UI stay complete: every locale of
//! `extension/_locales` has every English key and no other, the same
//! `{placeholders}` in every message, no English left untranslated, and no
//! `$` (Chrome reads `$name$` as a placeholder of its own).

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use passwright_core::i18n::{ALL, EXTRA, Lang, MISSING, t};

/// The translated locales (English is the reference).
const LOCALES: [(&str, Lang); 3] = [("fr", Lang::Fr), ("de", Lang::De), ("es", Lang::Es)];

/// Messages a locale may leave identical to English, each with its reason.
/// `"*"` stands for every locale. Anything else identical to English fails.
const SAME_AS_ENGLISH: &[(&str, &str, &str)] = &[
    ("*", "extName", "the product name"),
    ("*", "actionTitle", "the product name"),
    ("*", "label_panel_title", "the product name"),
    ("*", "policy_rules_text", "passwordrules is the format's name"),
    ("*", "opt_mode_rules", "passwordrules is the format's name"),
    ("*", "opt_rules_label", "passwordrules is the format's name"),
    ("de", "opt_col_portal", "German for portal is Portal"),
    ("es", "opt_col_portal", "Spanish for portal is portal (a column heading, capitalised)"),
    ("es", "kind_web", "Spanish says web too (\"contraseña web\")"),
    ("*", "bulk_seconds", "the symbol for seconds"),
    ("fr", "bulk_minutes", "min and s are the French symbols too"),
    ("es", "bulk_minutes", "min and s are the Spanish symbols too"),
    ("fr", "bulk_pause", "French says pause"),
];

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../extension/_locales")
}

/// A locale's messages by key, read as the browsers read them.
fn messages(lang: &str) -> BTreeMap<String, String> {
    let path = dir().join(lang).join("messages.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let value: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: not JSON: {e}", path.display()));
    let object = value.as_object().unwrap_or_else(|| panic!("{}: not an object", path.display()));
    object
        .iter()
        .map(|(key, entry)| {
            let message =
                entry["message"].as_str().unwrap_or_else(|| panic!("{lang}/{key}: no message")).to_owned();
            assert!(
                entry.get("description").is_none_or(serde_json::Value::is_string),
                "{lang}/{key}: the description is not a string"
            );
            (key.clone(), message)
        })
        .collect()
}

/// The `{name}` placeholders of a message, or why it has a stray brace.
fn placeholders(message: &str) -> Result<BTreeSet<String>, String> {
    let mut out = BTreeSet::new();
    let mut rest = message;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return Err(format!("a '}}' closes nothing in {message:?}"));
        }
        let after = &rest[open + 1..];
        let close = after.find('}').ok_or_else(|| format!("a '{{' is not closed in {message:?}"))?;
        let name = &after[..close];
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(format!("{{{name}}} is not a placeholder in {message:?}"));
        }
        out.insert(name.to_owned());
        rest = &after[close + 1..];
    }
    Ok(out)
}

fn allowed_same(lang: &str, key: &str) -> bool {
    SAME_AS_ENGLISH.iter().any(|(l, k, _)| (*l == "*" || *l == lang) && *k == key)
}

#[test]
fn every_locale_has_every_english_key_and_no_other() {
    assert!(MISSING.is_empty(), "keys missing from a locale (language, key): {MISSING:?}");
    assert!(EXTRA.is_empty(), "keys a locale has that English lacks (language, key): {EXTRA:?}");
    let en = messages("en");
    assert_eq!(en.len(), ALL.len(), "the compiled tables are not the English catalogue");
    for (lang, _) in LOCALES {
        let keys: BTreeSet<_> = messages(lang).into_keys().collect();
        let missing: Vec<_> = en.keys().filter(|k| !keys.contains(*k)).collect();
        let extra: Vec<_> = keys.iter().filter(|k| !en.contains_key(*k)).collect();
        assert!(missing.is_empty(), "{lang} lacks {missing:?}");
        assert!(extra.is_empty(), "{lang} has keys English lacks: {extra:?}");
    }
}

#[test]
fn the_engine_speaks_each_catalogue() {
    for (lang, code) in LOCALES {
        let table = messages(lang);
        for key in ALL {
            assert_eq!(
                Some(t(code, *key)),
                table.get(key.name()).map(String::as_str),
                "{lang}/{}",
                key.name()
            );
        }
    }
}

#[test]
fn every_message_has_the_english_placeholders() {
    let en = messages("en");
    let mut wrong = Vec::new();
    for (key, message) in &en {
        if let Err(e) = placeholders(message) {
            wrong.push(format!("en/{key}: {e}"));
        }
    }
    for (lang, _) in LOCALES {
        for (key, message) in messages(lang) {
            let Some(english) = en.get(&key) else { continue };
            match (placeholders(&message), placeholders(english)) {
                (Ok(ours), Ok(theirs)) if ours != theirs => {
                    wrong.push(format!("{lang}/{key}: {ours:?}, English has {theirs:?}"));
                }
                (Err(e), _) => wrong.push(format!("{lang}/{key}: {e}")),
                _ => {}
            }
        }
    }
    assert!(wrong.is_empty(), "placeholders differ:\n{}", wrong.join("\n"));
}

#[test]
fn no_english_is_left_untranslated() {
    let en = messages("en");
    for (_, key, reason) in SAME_AS_ENGLISH {
        assert!(
            en.contains_key(*key),
            "the allowed identical message {key} ({reason}) is no longer in English"
        );
    }
    let mut left = Vec::new();
    for (lang, _) in LOCALES {
        for (key, message) in messages(lang) {
            // A message without letters (punctuation, numbers, placeholders
            // only) is the same in every language.
            let letters = message.split('{').any(|part| {
                let text = part.split_once('}').map_or(part, |(_, after)| after);
                text.chars().any(char::is_alphabetic)
            });
            if en.get(&key) == Some(&message) && letters && !allowed_same(lang, &key) {
                left.push(format!("{lang}/{key}: {message:?}"));
            }
        }
    }
    assert!(
        left.is_empty(),
        "messages identical to English (translate them, or add them to SAME_AS_ENGLISH with the reason):\n{}",
        left.join("\n")
    );
}

#[test]
fn no_message_has_a_dollar() {
    let mut found = Vec::new();
    for lang in std::iter::once("en").chain(LOCALES.iter().map(|(l, _)| *l)) {
        for (key, message) in messages(lang) {
            if message.contains('$') {
                found.push(format!("{lang}/{key}: {message:?}"));
            }
        }
    }
    assert!(found.is_empty(), "Chrome reads $name$ as a placeholder:\n{}", found.join("\n"));
}

#[test]
fn no_translation_is_empty() {
    let en = messages("en");
    for (lang, _) in LOCALES {
        for (key, message) in messages(lang) {
            let english_empty = en.get(&key).is_some_and(|m| m.trim().is_empty());
            assert!(english_empty || !message.trim().is_empty(), "{lang}/{key} is empty");
        }
    }
}

#[test]
fn the_placeholder_parser_finds_names_and_stray_braces() {
    let names = |m: &str| placeholders(m).map(|s| s.into_iter().collect::<Vec<_>>());
    assert_eq!(names("At least {n} {units}"), Ok(vec!["n".to_owned(), "units".to_owned()]));
    assert_eq!(names("no placeholder"), Ok(vec![]));
    assert!(placeholders("a {noun").is_err());
    assert!(placeholders("a noun}").is_err());
    assert!(placeholders("a {the noun}").is_err());
    assert!(placeholders("{}").is_err());
}
