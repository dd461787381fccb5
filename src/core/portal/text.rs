//! Matching page text by meaning: normalised text against keyword tables.

/// Lowercase, accents folded, apostrophes and dashes unified, whitespace collapsed.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = true;
    for c in text.chars().flat_map(char::to_lowercase) {
        let folded = match c {
            'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => "a",
            'ç' => "c",
            'è' | 'é' | 'ê' | 'ë' => "e",
            'ì' | 'í' | 'î' | 'ï' => "i",
            'ñ' => "n",
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' => "o",
            'ù' | 'ú' | 'û' | 'ü' => "u",
            'ß' => "ss",
            '’' | '‘' | '`' | '´' => "'",
            '–' | '—' | '‐' => "-",
            '¿' | '¡' => "",
            c if c.is_whitespace() => {
                if !space {
                    out.push(' ');
                }
                space = true;
                continue;
            }
            _ => {
                out.push(c);
                space = false;
                continue;
            }
        };
        out.push_str(folded);
        space = false;
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Whether normalised `text` contains any phrase, on word boundaries.
pub fn has_any(text: &str, phrases: &[&str]) -> bool {
    phrases.iter().any(|p| has_phrase(text, p))
}

/// Whether normalised `text` contains `phrase` with no letter or digit
/// immediately before or after it.
pub fn has_phrase(text: &str, phrase: &str) -> bool {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(pos) = text[from..].find(phrase) {
        let start = from + pos;
        let end = start + phrase.len();
        let before = start == 0 || !bytes[start - 1].is_ascii_alphanumeric();
        // A plain plural still matches: "digit" in "digits", "chiffre" in "chiffres".
        let boundary = |i: usize| i >= bytes.len() || !bytes[i].is_ascii_alphanumeric();
        let after = boundary(end) || (bytes[end] == b's' && boundary(end + 1));
        if before && after {
            return true;
        }
        from = start + phrase.len().max(1);
        if from >= text.len() {
            break;
        }
    }
    false
}

/// Whether normalised `text`, stripped of surrounding punctuation, is one of `phrases`.
pub fn is_any(text: &str, phrases: &[&str]) -> bool {
    let t = text.trim_matches(|c: char| !c.is_alphanumeric());
    phrases.contains(&t)
}

/// The first whole number in `text`.
pub fn first_number(text: &str) -> Option<u32> {
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let digits: String = text[start..].chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// The number a rule message is about: the first one that is not an example
/// ("like 1234", "for example 1212") and has at most two digits.
pub fn rule_number(text: &str) -> Option<u32> {
    const EXAMPLE: &[&str] =
        &["like", "example", "e.g.", "eg", "ex.", "such as", "comme", "como", "wie", "z.b."];
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            let before = text[..start].trim_end().trim_end_matches(['(', ':', ',']).trim_end();
            let example = EXAMPLE.iter().any(|w| before.ends_with(w));
            if !example && i - start <= 2 {
                return text[start..i].parse().ok();
            }
        } else {
            i += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_case_accents_and_space() {
        assert_eq!(normalize("  Définir le  Code d’accès\n"), "definir le code d'acces");
        assert_eq!(normalize("Bestätigen – OK"), "bestatigen - ok");
    }

    #[test]
    fn phrases_match_on_word_boundaries() {
        assert!(has_phrase("set portal password", "portal password"));
        assert!(!has_phrase("set web portal access password", "portal password"));
        assert!(!has_phrase("okay", "ok"));
        assert!(has_phrase("ok", "ok"));
        assert!(has_phrase("re-type new password", "re-type"));
        assert!(is_any("ok »", &["ok"]));
        assert!(has_phrase("needs 2 digits", "digit"));
        assert!(!has_phrase("digitsx", "digit"));
    }

    #[test]
    fn numbers() {
        assert_eq!(first_number("no longer than 12 characters"), Some(12));
        assert_eq!(first_number("none"), None);
        assert_eq!(rule_number("avoid counting up like 1234 (max 3 in a row)"), Some(3));
        assert_eq!(rule_number("repeated patterns (for example 1212 or 123123)"), None);
    }
}
