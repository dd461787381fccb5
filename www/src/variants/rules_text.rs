//! `printed-rules`: the rules in force as running text, in the skin's
//! language, built from the same rule values the server enforces (so the
//! page can never print a rule the checker does not apply, or leave one out).
//! Hidden server rules (the `server_rule` fault) stay hidden, and so do the
//! rules that say nothing about the value (expiry, lockout).

use crate::rules::{PasscodeRules, WebRules};
use crate::skin::fill;

/// The words of one language.
struct Words {
    subject: &'static str,
    len_range: &'static str,
    len_min: &'static str,
    len_max: &'static str,
    and_classes: &'static str,
    classes_only: &'static str,
    classes_end: &'static str,
    anything: &'static str,
    upper: (&'static str, &'static str),
    lower: (&'static str, &'static str),
    letters: (&'static str, &'static str),
    digits: (&'static str, &'static str),
    special: (&'static str, &'static str),
    comma: &'static str,
    and: &'static str,
    or: &'static str,
    user_id: &'static str,
    old: &'static str,
    history: &'static str,
    pc_length: &'static str,
    pc_repeated: &'static str,
    pc_patterns: &'static str,
    pc_ascending: &'static str,
    pc_descending: &'static str,
    pc_not: &'static str,
    pc_phone: &'static str,
    pc_phone_reversed: &'static str,
    pc_extension: &'static str,
    pc_extension_reversed: &'static str,
    pc_old: &'static str,
    pc_history: &'static str,
}

static EN: Words = Words {
    subject: "Your password must ",
    len_range: "be {n} to {m} characters long",
    len_min: "be at least {n} characters long",
    len_max: "be at most {m} characters long",
    and_classes: " and contain at least ",
    classes_only: "contain at least ",
    classes_end: "",
    anything: "Your password may be 1 to 60 characters long.",
    upper: ("one uppercase letter", "{n} uppercase letters"),
    lower: ("one lowercase letter", "{n} lowercase letters"),
    letters: ("one letter", "{n} letters"),
    digits: ("one digit", "{n} digits"),
    special: ("one special character", "{n} special characters"),
    comma: ", ",
    and: " and ",
    or: " or ",
    user_id: "It may not contain your user ID.",
    old: "It may not be your current password or your current password reversed.",
    history: "It may not be one of your last {n} passwords.",
    pc_length: "Your passcode must be {min} to {max} digits.",
    pc_repeated: "No digit may appear more than {n} times in a row.",
    pc_patterns: "It may not contain a repeated pattern such as 1212.",
    pc_ascending: "It may not contain more than {n} ascending digits in a row (such as 1234).",
    pc_descending: "It may not contain more than {n} descending digits in a row (such as 4321).",
    pc_not: "It may not be {list}.",
    pc_phone: "your phone number",
    pc_phone_reversed: "your phone number reversed",
    pc_extension: "your extension",
    pc_extension_reversed: "your extension reversed",
    pc_old: "It may not be your current passcode or your current passcode reversed.",
    pc_history: "It may not be one of your last {n} passcodes.",
};

static FR: Words = Words {
    subject: "Votre mot de passe doit ",
    len_range: "comporter de {n} à {m} caractères",
    len_min: "comporter au moins {n} caractères",
    len_max: "comporter au plus {m} caractères",
    and_classes: " et contenir au moins ",
    classes_only: "contenir au moins ",
    classes_end: "",
    anything: "Votre mot de passe peut comporter de 1 à 60 caractères.",
    upper: ("une majuscule", "{n} majuscules"),
    lower: ("une minuscule", "{n} minuscules"),
    letters: ("une lettre", "{n} lettres"),
    digits: ("un chiffre", "{n} chiffres"),
    special: ("un caractère spécial", "{n} caractères spéciaux"),
    comma: ", ",
    and: " et ",
    or: " ou ",
    user_id: "Il ne peut pas contenir votre identifiant.",
    old: "Il ne peut pas être votre mot de passe actuel, ni celui-ci à l'envers.",
    history: "Il ne peut pas reprendre l'un de vos {n} derniers mots de passe.",
    pc_length: "Votre code d'accès doit comporter de {min} à {max} chiffres.",
    pc_repeated: "Un même chiffre ne peut pas apparaître plus de {n} fois de suite.",
    pc_patterns: "Il ne peut pas contenir de motif répété comme 1212.",
    pc_ascending: "Il ne peut pas contenir plus de {n} chiffres croissants consécutifs (comme 1234).",
    pc_descending: "Il ne peut pas contenir plus de {n} chiffres décroissants consécutifs (comme 4321).",
    pc_not: "Il ne peut pas être {list}.",
    pc_phone: "votre numéro de téléphone",
    pc_phone_reversed: "votre numéro de téléphone à l'envers",
    pc_extension: "votre poste",
    pc_extension_reversed: "votre poste à l'envers",
    pc_old: "Il ne peut pas être votre code actuel, ni celui-ci à l'envers.",
    pc_history: "Il ne peut pas reprendre l'un de vos {n} derniers codes.",
};

static DE: Words = Words {
    subject: "Ihr Kennwort muss ",
    len_range: "{n} bis {m} Zeichen lang sein",
    len_min: "mindestens {n} Zeichen lang sein",
    len_max: "höchstens {m} Zeichen lang sein",
    and_classes: " und mindestens ",
    classes_only: "mindestens ",
    classes_end: " enthalten",
    anything: "Ihr Kennwort darf 1 bis 60 Zeichen lang sein.",
    upper: ("einen Großbuchstaben", "{n} Großbuchstaben"),
    lower: ("einen Kleinbuchstaben", "{n} Kleinbuchstaben"),
    letters: ("einen Buchstaben", "{n} Buchstaben"),
    digits: ("eine Ziffer", "{n} Ziffern"),
    special: ("ein Sonderzeichen", "{n} Sonderzeichen"),
    comma: ", ",
    and: " und ",
    or: " oder ",
    user_id: "Es darf Ihre Benutzer-ID nicht enthalten.",
    old: "Es darf weder Ihr aktuelles Kennwort noch dessen Umkehrung sein.",
    history: "Es darf keinem Ihrer letzten {n} Kennwörter entsprechen.",
    pc_length: "Ihre PIN muss aus {min} bis {max} Ziffern bestehen.",
    pc_repeated: "Keine Ziffer darf mehr als {n}-mal hintereinander vorkommen.",
    pc_patterns: "Sie darf keine sich wiederholenden Muster wie 1212 enthalten.",
    pc_ascending: "Sie darf nicht mehr als {n} aufsteigende Ziffern hintereinander enthalten (wie 1234).",
    pc_descending: "Sie darf nicht mehr als {n} absteigende Ziffern hintereinander enthalten (wie 4321).",
    pc_not: "Sie darf nicht {list} sein.",
    pc_phone: "Ihre Rufnummer",
    pc_phone_reversed: "Ihre Rufnummer rückwärts",
    pc_extension: "Ihre Durchwahl",
    pc_extension_reversed: "Ihre Durchwahl rückwärts",
    pc_old: "Sie darf weder Ihre aktuelle PIN noch deren Umkehrung sein.",
    pc_history: "Sie darf keiner Ihrer letzten {n} PINs entsprechen.",
};

static ES: Words = Words {
    subject: "Su contraseña debe ",
    len_range: "tener entre {n} y {m} caracteres",
    len_min: "tener al menos {n} caracteres",
    len_max: "tener como máximo {m} caracteres",
    and_classes: " y contener al menos ",
    classes_only: "contener al menos ",
    classes_end: "",
    anything: "Su contraseña puede tener de 1 a 60 caracteres.",
    upper: ("una mayúscula", "{n} mayúsculas"),
    lower: ("una minúscula", "{n} minúsculas"),
    letters: ("una letra", "{n} letras"),
    digits: ("un dígito", "{n} dígitos"),
    special: ("un carácter especial", "{n} caracteres especiales"),
    comma: ", ",
    and: " y ",
    or: " ni ",
    user_id: "No puede contener su ID de usuario.",
    old: "No puede ser su contraseña actual ni esta escrita al revés.",
    history: "No puede coincidir con ninguna de sus últimas {n} contraseñas.",
    pc_length: "Su código de acceso debe tener entre {min} y {max} dígitos.",
    pc_repeated: "Ningún dígito puede repetirse más de {n} veces seguidas.",
    pc_patterns: "No puede contener secuencias repetidas como 1212.",
    pc_ascending: "No puede contener más de {n} dígitos ascendentes seguidos (como 1234).",
    pc_descending: "No puede contener más de {n} dígitos descendentes seguidos (como 4321).",
    pc_not: "No puede ser {list}.",
    pc_phone: "su número de teléfono",
    pc_phone_reversed: "su número de teléfono al revés",
    pc_extension: "su extensión",
    pc_extension_reversed: "su extensión al revés",
    pc_old: "No puede ser su código actual ni este escrito al revés.",
    pc_history: "No puede coincidir con ninguno de sus últimos {n} códigos.",
};

fn words(lang: &str) -> &'static Words {
    match lang {
        "fr" => &FR,
        "de" => &DE,
        "es" => &ES,
        _ => &EN,
    }
}

/// "a, b and c".
fn join(items: &[String], comma: &str, last: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., tail] => format!("{}{last}{tail}", init.join(comma)),
    }
}

fn count(forms: (&str, &str), n: u32) -> String {
    if n == 1 { forms.0.to_owned() } else { fill(forms.1, &[("n", &n.to_string())]) }
}

/// The web access password rules as running text. `max_length` is the
/// form's cap (`field-constraints`), if any.
pub fn web(lang: &str, rules: &WebRules, max_length: Option<u32>) -> String {
    let w = words(lang);
    let n = |v: u32| v.to_string();
    let length = match (rules.min_length, max_length) {
        (Some(min), Some(max)) => Some(fill(w.len_range, &[("n", &n(min)), ("m", &n(max))])),
        (Some(min), None) => Some(fill(w.len_min, &[("n", &n(min))])),
        (None, Some(max)) => Some(fill(w.len_max, &[("m", &n(max))])),
        (None, None) => None,
    };
    let classes: Vec<String> = [
        (rules.min_upper, w.upper),
        (rules.min_lower, w.lower),
        (rules.min_letters, w.letters),
        (rules.min_digits, w.digits),
        (rules.min_non_alphanumeric, w.special),
    ]
    .into_iter()
    .filter_map(|(min, forms)| min.map(|m| count(forms, m)))
    .collect();
    let list = join(&classes, w.comma, w.and);
    let mut out = match (length, classes.is_empty()) {
        (Some(len), false) => format!("{}{len}{}{list}{}.", w.subject, w.and_classes, w.classes_end),
        (Some(len), true) => format!("{}{len}.", w.subject),
        (None, false) => format!("{}{}{list}{}.", w.subject, w.classes_only, w.classes_end),
        (None, true) => w.anything.to_owned(),
    };
    let mut add = |s: String| {
        out.push(' ');
        out.push_str(&s);
    };
    if rules.forbid_user_id {
        add(w.user_id.to_owned());
    }
    if rules.forbid_old {
        add(w.old.to_owned());
    }
    if let Some(h) = rules.history {
        add(fill(w.history, &[("n", &n(h))]));
    }
    out
}

/// The portal passcode rules as running text.
pub fn passcode(lang: &str, rules: &PasscodeRules) -> String {
    let w = words(lang);
    let n = |v: u32| v.to_string();
    let mut parts = vec![fill(w.pc_length, &[("min", &n(rules.min_length)), ("max", &n(rules.max_length))])];
    if let Some(r) = rules.max_repeated_digits {
        parts.push(fill(w.pc_repeated, &[("n", &n(r))]));
    }
    if rules.forbid_repeated_patterns {
        parts.push(w.pc_patterns.to_owned());
    }
    if let Some(a) = rules.max_ascending {
        parts.push(fill(w.pc_ascending, &[("n", &n(a))]));
    }
    if let Some(d) = rules.max_descending {
        parts.push(fill(w.pc_descending, &[("n", &n(d))]));
    }
    let numbers: Vec<String> = [
        (rules.forbid_phone, w.pc_phone),
        (rules.forbid_phone_reversed, w.pc_phone_reversed),
        (rules.forbid_extension, w.pc_extension),
        (rules.forbid_extension_reversed, w.pc_extension_reversed),
    ]
    .into_iter()
    .filter(|(on, _)| *on)
    .map(|(_, s)| s.to_owned())
    .collect();
    if !numbers.is_empty() {
        parts.push(fill(w.pc_not, &[("list", &join(&numbers, w.comma, w.or))]));
    }
    if rules.forbid_old {
        parts.push(w.pc_old.to_owned());
    }
    if let Some(h) = rules.history {
        parts.push(fill(w.pc_history, &[("n", &n(h))]));
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strict() -> WebRules {
        WebRules {
            min_length: Some(10),
            min_upper: Some(1),
            min_digits: Some(1),
            min_non_alphanumeric: Some(1),
            forbid_user_id: true,
            ..WebRules::default()
        }
    }

    #[test]
    fn the_brief_s_sentences() {
        assert_eq!(
            web("en", &strict(), None),
            "Your password must be at least 10 characters long and contain at least one uppercase letter, one digit and one special character. It may not contain your user ID."
        );
        let pc = PasscodeRules { min_length: 6, max_length: 8, ..PasscodeRules::default() };
        assert_eq!(passcode("en", &pc), "Your passcode must be 6 to 8 digits.");
    }

    #[test]
    fn every_language_prints_every_rule() {
        let rules = WebRules { min_lower: Some(2), history: Some(4), forbid_old: true, ..strict() };
        assert_eq!(
            web("de", &rules, Some(12)),
            "Ihr Kennwort muss 10 bis 12 Zeichen lang sein und mindestens einen Großbuchstaben, 2 Kleinbuchstaben, eine Ziffer und ein Sonderzeichen enthalten. Es darf Ihre Benutzer-ID nicht enthalten. Es darf weder Ihr aktuelles Kennwort noch dessen Umkehrung sein. Es darf keinem Ihrer letzten 4 Kennwörter entsprechen."
        );
        assert!(web("fr", &rules, None).starts_with(
            "Votre mot de passe doit comporter au moins 10 caractères et contenir au moins une majuscule, 2 minuscules, un chiffre et un caractère spécial."
        ));
        assert!(
            web("es", &WebRules::default(), Some(12)).starts_with("Su contraseña debe tener como máximo 12")
        );
        let pc = PasscodeRules {
            min_length: 6,
            max_length: 8,
            forbid_phone: true,
            forbid_extension: true,
            max_repeated_digits: Some(2),
            ..PasscodeRules::default()
        };
        assert_eq!(
            passcode("es", &pc),
            "Su código de acceso debe tener entre 6 y 8 dígitos. Ningún dígito puede repetirse más de 2 veces seguidas. No puede ser su número de teléfono ni su extensión."
        );
    }
}
