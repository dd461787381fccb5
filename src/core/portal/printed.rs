//! Rules a portal prints beside its Passwords form ("at least 10 characters
//! with an uppercase letter, a digit and a special character", "6 to 8
//! digits"), in English, French, German and Spanish, read so that the first
//! submission already meets them. They only ever add to the configured
//! policy (see [`crate::engine::page_policy`]): a page cannot loosen it.

use serde::{Deserialize, Serialize};

use super::labels as l;
use super::outcome::{Cause, causes_of};
use super::snapshot::TextBlock;
use super::text::{has_any, normalize};

/// What a page prints, by the secret it is about.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PrintedRules {
    /// Rules for the web access password.
    pub web: Vec<Cause>,
    /// Rules for the portal passcode.
    pub passcode: Vec<Cause>,
    /// The sentences they come from, verbatim (for the checklist's tooltip).
    pub sentences: Vec<String>,
}

impl PrintedRules {
    /// Whether the page printed any rule.
    pub fn is_empty(&self) -> bool {
        self.web.is_empty() && self.passcode.is_empty()
    }
}

/// Words of a sentence that states a rule.
const RULE_WORDS: &[&str] = &[
    "must",
    "should",
    "at least",
    "at most",
    "minimum",
    "maximum",
    "no more than",
    "no fewer than",
    "between",
    "may not",
    "cannot",
    "can not",
    "must not",
    "required",
    "contain",
    "include",
    "doit",
    "doivent",
    "au moins",
    "au plus",
    "entre",
    "ne peut",
    "ne doit",
    "contenir",
    "debe",
    "deben",
    "al menos",
    "como minimo",
    "como maximo",
    "no puede",
    "contener",
    "muss",
    "mussen",
    "mindestens",
    "hochstens",
    "darf nicht",
    "zwischen",
    "enthalten",
];

/// Words that make a sentence about the passcode rather than the web password.
const PASSCODE_WORDS: &[&str] = &["pin", "digits only", "chiffres uniquement", "solo digitos", "nur ziffern"];

/// Words that make a sentence about the web password.
const WEB_WORDS: &[&str] = &[
    "web",
    "password",
    "mot de passe",
    "contrasena",
    "kennwort",
    "passwort",
    "characters",
    "caracteres",
    "zeichen",
];

/// "6 to 8 digits", "between 10 and 20 characters": a length range.
fn range(sentence: &str) -> Option<(u32, u32, bool)> {
    let words: Vec<&str> = sentence.split(|c: char| c.is_whitespace() || c == '(' || c == ')').collect();
    for (i, w) in words.iter().enumerate() {
        // "6-8 digits", "4–10 digits" (normalised to a hyphen).
        if let Some((x, y)) = w.split_once('-') {
            let digits = |t: &str| t.trim_matches(|c: char| !c.is_ascii_digit()).parse::<u32>();
            if let (Ok(x), Ok(y)) = (digits(x), digits(y)) {
                if x > 0 && x <= y && y <= 60 && x.to_string().len() + 1 < w.len() {
                    let unit = words.get(i + 1).copied().unwrap_or("");
                    return Some((x, y, is_digits(unit)));
                }
            }
        }
        let Ok(a) = w.trim_matches(|c: char| !c.is_ascii_digit()).parse::<u32>() else { continue };
        let (sep, b) = match (words.get(i + 1), words.get(i + 2)) {
            (Some(sep), Some(b)) => (*sep, *b),
            _ => {
                // "6-8 digits"
                if let Some((x, y)) = w.split_once('-') {
                    let (Ok(x), Ok(y)) =
                        (x.parse::<u32>(), y.trim_matches(|c: char| !c.is_ascii_digit()).parse::<u32>())
                    else {
                        continue;
                    };
                    let unit = words.get(i + 1).copied().unwrap_or("");
                    return Some((x, y, is_digits(unit)));
                }
                continue;
            }
        };
        if !matches!(sep, "to" | "-" | "and" | "a" | "et" | "y" | "und" | "bis" | "–") {
            continue;
        }
        let Ok(b) = b.trim_matches(|c: char| !c.is_ascii_digit()).parse::<u32>() else { continue };
        if a == 0 || b < a || b > 60 {
            continue;
        }
        let unit = words.get(i + 3).copied().unwrap_or("");
        return Some((a, b, is_digits(unit)));
    }
    None
}

fn is_digits(unit: &str) -> bool {
    matches!(
        unit.trim_matches(|c: char| !c.is_alphanumeric()),
        "digits"
            | "digit"
            | "chiffres"
            | "chiffre"
            | "digitos"
            | "digito"
            | "cifras"
            | "ziffern"
            | "ziffer"
            | "numbers"
            | "numeros"
    )
}

/// Reads the rules printed in `blocks` (the page's short texts) and its `text`.
pub fn read<'a>(blocks: impl Iterator<Item = &'a str>, text: &'a str) -> PrintedRules {
    let mut out = PrintedRules::default();
    let mut sentences: Vec<String> = Vec::new();
    for block in blocks.chain(std::iter::once(text)) {
        for s in block.split(['.', '\n', '•', '·']).map(str::trim) {
            if s.len() >= 8 && s.len() <= 300 && !sentences.iter().any(|o| o == s) {
                sentences.push(s.to_owned());
            }
        }
    }
    for sentence in sentences.iter().take(200) {
        let t = normalize(sentence);
        if !has_any(&t, RULE_WORDS) {
            continue;
        }
        let Some((causes, digit_range)) = causes_in(sentence, &t) else { continue };
        let passcode = has_any(&t, l::PASSCODE) || has_any(&t, PASSCODE_WORDS);
        let web = has_any(&t, WEB_WORDS) && !has_any(&t, l::PASSCODE);
        let to_passcode = passcode || (digit_range && !web);
        add(&mut out, to_passcode, causes, sentence);
    }
    out
}

/// The rules one sentence states, and whether it gives a range of digits
/// ("6 to 8 digits"); `None` when it states none. `t` is it normalised.
fn causes_in(sentence: &str, t: &str) -> Option<(Vec<Cause>, bool)> {
    let mut causes = causes_of(sentence);
    let mut digit_range = false;
    if let Some((a, b, digits)) = range(t) {
        causes.retain(|c| !matches!(c, Cause::TooShort(_) | Cause::TooLong(_) | Cause::MinDigits(_)));
        causes.push(Cause::TooShort(Some(a)));
        causes.push(Cause::TooLong(b));
        digit_range = digits;
    }
    // Mismatch and unknowns say nothing about the rules.
    causes.retain(|c| !matches!(c, Cause::Mismatch | Cause::Unknown | Cause::TooShort(None)));
    (!causes.is_empty()).then_some((causes, digit_range))
}

fn add(out: &mut PrintedRules, to_passcode: bool, causes: Vec<Cause>, sentence: &str) {
    let target = if to_passcode { &mut out.passcode } else { &mut out.web };
    for c in causes {
        // A passcode is digits: "digits" in its sentence is no class rule.
        if to_passcode && matches!(c, Cause::MinDigits(_) | Cause::DigitsOnly) {
            continue;
        }
        if !target.contains(&c) {
            target.push(c);
        }
    }
    if !out.sentences.iter().any(|s| s == sentence) {
        out.sentences.push(sentence.to_owned());
    }
}

/// Reads a rules page that states its rules as text, a list under a heading
/// per secret ("Web portal access password": "Minimum 6 characters", ...):
/// every line under a heading is a rule of that heading's secret, whether
/// or not it says "must".
pub fn read_page(blocks: &[TextBlock]) -> PrintedRules {
    let mut out = PrintedRules::default();
    let mut passcode_section: Option<bool> = None;
    for b in blocks.iter().take(400) {
        let t = normalize(&b.text);
        let heading =
            matches!(b.tag.as_str(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "legend" | "caption" | "dt")
                || b.role == "heading"
                || (b.bold && b.text.len() <= 80 && !t.chars().next().is_some_and(|c| c.is_ascii_digit()));
        if heading {
            if has_any(&t, l::PASSCODE) || has_any(&t, PASSCODE_WORDS) {
                passcode_section = Some(true);
            } else if has_any(&t, l::WEB_PASSWORD) || has_any(&t, WEB_WORDS) {
                passcode_section = Some(false);
            }
            continue;
        }
        // A line that names its secret ("Portal passcode: 4-10 digits")
        // belongs to it, whatever the heading above says.
        let own = if has_any(&t, l::PASSCODE) || has_any(&t, PASSCODE_WORDS) {
            Some(true)
        } else if has_any(&t, l::WEB_PASSWORD) {
            Some(false)
        } else {
            None
        };
        let Some(to_passcode) = own.or(passcode_section) else { continue };
        if b.text.len() > 300 {
            continue;
        }
        if let Some((causes, _)) = causes_in(&b.text, &t) {
            add(&mut out, to_passcode, causes, &b.text);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_web_rule_sentence() {
        let r = read(
            std::iter::once(
                "Your password must be at least 10 characters long and contain at least one uppercase letter, one digit and one special character. It may not contain your user ID.",
            ),
            "",
        );
        assert!(r.web.contains(&Cause::TooShort(Some(10))), "{r:?}");
        assert!(r.web.contains(&Cause::MinUpper(1)), "{r:?}");
        assert!(r.web.contains(&Cause::MinDigits(1)), "{r:?}");
        assert!(r.web.contains(&Cause::MinSpecial(1)), "{r:?}");
        assert!(r.web.contains(&Cause::UserId), "{r:?}");
        assert!(r.passcode.is_empty(), "{r:?}");
    }

    #[test]
    fn reads_a_passcode_range_in_four_languages() {
        for text in [
            "The portal passcode must be 6 to 8 digits.",
            "Le code d'accès doit comporter entre 6 et 8 chiffres.",
            "El código de acceso debe tener entre 6 y 8 dígitos.",
            "Der Zugangscode muss zwischen 6 und 8 Ziffern lang sein.",
        ] {
            let r = read(std::iter::once(text), "");
            assert!(r.passcode.contains(&Cause::TooShort(Some(6))), "{text}: {r:?}");
            assert!(r.passcode.contains(&Cause::TooLong(8)), "{text}: {r:?}");
            assert!(r.web.is_empty(), "{text}: {r:?}");
        }
    }

    #[test]
    fn reads_other_languages() {
        let fr = read(
            std::iter::once(
                "Le mot de passe doit contenir au moins 12 caractères, dont une majuscule et un chiffre.",
            ),
            "",
        );
        assert!(fr.web.contains(&Cause::TooShort(Some(12))), "{fr:?}");
        assert!(fr.web.contains(&Cause::MinUpper(1)), "{fr:?}");
        assert!(fr.web.contains(&Cause::MinDigits(1)), "{fr:?}");
        let de = read(
            std::iter::once(
                "Das Kennwort muss mindestens 10 Zeichen lang sein und ein Sonderzeichen enthalten.",
            ),
            "",
        );
        assert!(de.web.contains(&Cause::TooShort(Some(10))), "{de:?}");
        assert!(de.web.contains(&Cause::MinSpecial(1)), "{de:?}");
    }

    #[test]
    fn ordinary_text_is_no_rule() {
        let r = read(std::iter::once("Choose Set web access password, type it twice and press OK."), "");
        assert!(r.is_empty(), "{r:?}");
    }
}
