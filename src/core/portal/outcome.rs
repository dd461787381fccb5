//! What a portal's rejection means: which rule it names, whether the policy
//! knew that rule, and if not, the rule to add to the policy.

use serde::{Deserialize, Serialize};

use super::text::{has_any, normalize, rule_number};
use crate::check::{self, RuleId};
use crate::policy::{CharRules, Kind, Policy, PolicySpec};

/// A rule a portal message names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cause {
    /// The two entries differ.
    Mismatch,
    /// Shorter than N.
    TooShort(Option<u32>),
    /// Longer than N.
    TooLong(u32),
    /// Fewer than N digits.
    MinDigits(u32),
    /// Fewer than N uppercase letters.
    MinUpper(u32),
    /// Fewer than N lowercase letters.
    MinLower(u32),
    /// Fewer than N letters.
    MinLetters(u32),
    /// Fewer than N symbols.
    MinSpecial(u32),
    /// More than N identical characters in a row.
    IdenticalRun(u32),
    /// Ascending run longer than N.
    Ascending(u32),
    /// Descending run longer than N.
    Descending(u32),
    /// A repeated pattern.
    Pattern,
    /// Contains the user ID.
    UserId,
    /// The old secret or its reverse, or a recent one.
    Reused,
    /// The extension or its reverse.
    Extension,
    /// The phone number or its reverse.
    Phone,
    /// Not digits only.
    DigitsOnly,
    /// Something else.
    Unknown,
}

/// Every rule a message names, each once, in order: a message may run
/// several together ("at least 10 characters, an uppercase letter and a
/// digit").
pub fn causes_of(message: &str) -> Vec<Cause> {
    let mut out = Vec::new();
    let whole = cause_of(message);
    // Clauses: the rule words of one clause go with its own number.
    // "8 or more characters" is one rule, not two clauses.
    let mut lowered = normalize(message);
    for (phrase, joined) in [
        (" or more", " or-more"),
        (" ou plus", " ou-plus"),
        (" o mas", " o-mas"),
        (" oder mehr", " oder-mehr"),
    ] {
        lowered = lowered.replace(phrase, joined);
    }
    // "8+ characters" says the same as "8 or more characters".
    let lowered = plus_as_or_more(&lowered);
    let mut clauses: Vec<String> = vec![lowered];
    for sep in [
        ". ",
        ";",
        ",",
        " and ",
        " et ",
        " y ",
        " und ",
        " as well as ",
        " plus ",
        " as well ",
        " ou ",
        " or ",
    ] {
        clauses = clauses.iter().flat_map(|c| c.split(sep).map(str::to_owned).collect::<Vec<_>>()).collect();
    }
    // A clause without a number of its own ("an uppercase letter") counts one.
    for clause in &clauses {
        let c = cause_of(clause);
        if c != Cause::Unknown && !out.contains(&c) {
            out.push(c);
        }
    }
    if out.is_empty() && whole != Cause::Unknown {
        out.push(whole);
    }
    // "Must match" or a whole-message reading that the clauses missed.
    if whole == Cause::Mismatch && !out.contains(&Cause::Mismatch) {
        out.insert(0, Cause::Mismatch);
    }
    out
}

/// `lowered` with each "N+" (a number then a plus) written "N or-more".
fn plus_as_or_more(lowered: &str) -> String {
    let mut out = String::with_capacity(lowered.len() + 8);
    let mut after_digit = false;
    for c in lowered.chars() {
        if c == '+' && after_digit {
            out.push_str(" or-more");
        } else {
            out.push(c);
        }
        after_digit = c.is_ascii_digit();
    }
    out
}

/// Reads a rejection message (the first rule it names).
pub fn cause_of(message: &str) -> Cause {
    let t = normalize(message);
    let n = rule_number(&t);
    let n_or = |d: u32| n.unwrap_or(d);
    if has_any(
        &t,
        &["match", "correspond", "correspondent", "coinciden", "ubereinstimmen", "uberein", "stimmen nicht"],
    ) {
        Cause::Mismatch
    } else if has_any(
        &t,
        &[
            "identical",
            "same character",
            "same digit",
            "repeat the same",
            "repeat a number",
            "consecutive",
            "identiques",
            "identicos",
            "gleiche zeichen",
        ],
    ) {
        Cause::IdenticalRun(n_or(2))
    } else if has_any(&t, &["ascending", "counting up", "croissant", "ascendente", "aufsteigend"]) {
        Cause::Ascending(n_or(2))
    } else if has_any(&t, &["descending", "counting down", "decroissant", "descendente", "absteigend"]) {
        Cause::Descending(n_or(2))
    } else if has_any(
        &t,
        &["pattern", "repeating sequences", "repeated sequence", "motif", "patron", "muster"],
    ) {
        Cause::Pattern
    } else if has_any(&t, &["extension", "poste", "durchwahl"]) {
        Cause::Extension
    } else if has_any(&t, &["phone number", "telephone", "telefono", "rufnummer", "telefonnummer"]) {
        Cause::Phone
    } else if has_any(&t, &["user id", "login", "identifiant", "usuario", "benutzer"]) {
        Cause::UserId
    } else if has_any(
        &t,
        &[
            "old", "current", "previous", "reuse", "last", "ancien", "actuel", "anterior", "vorherig",
            "letzten",
        ],
    ) {
        Cause::Reused
    } else if has_any(
        &t,
        &["digits only", "numbers only", "chiffres uniquement", "solo digitos", "nur ziffern"],
    ) {
        Cause::DigitsOnly
    } else if has_any(&t, &["non-alphanumeric", "symbol", "special", "speciaux", "especial", "sonderzeichen"])
    {
        Cause::MinSpecial(n_or(1))
    } else if has_any(&t, &["uppercase", "upper case", "capital", "majuscule", "mayuscula", "grossbuchstabe"])
    {
        Cause::MinUpper(n_or(1))
    } else if has_any(
        &t,
        &["lowercase", "lower case", "small letter", "minuscule", "minuscula", "kleinbuchstabe"],
    ) {
        Cause::MinLower(n_or(1))
    } else if has_any(&t, &["digit", "numeric", "number", "chiffre", "digito", "numero", "ziffer", "zahl"]) {
        Cause::MinDigits(n_or(1))
    } else if has_any(&t, &["letter", "alphabetic", "lettre", "letra", "buchstabe"]) {
        Cause::MinLetters(n_or(1))
    } else if has_any(
        &t,
        &[
            "longer than",
            "no more than",
            "at most",
            "maximum",
            "too long",
            "pas plus de",
            "trop long",
            "demasiado larga",
            "zu lang",
            "hochstens",
        ],
    ) {
        n.map_or(Cause::Unknown, Cause::TooLong)
    } else if has_any(
        &t,
        &[
            "at least",
            "or more",
            "or-more",
            "ou-plus",
            "o-mas",
            "oder-mehr",
            "too short",
            "minimum",
            "como minimo",
            "au minimum",
            "au moins",
            "trop court",
            "al menos",
            "demasiado corta",
            "mindestens",
            "zu kurz",
        ],
    ) {
        Cause::TooShort(n)
    } else {
        Cause::Unknown
    }
}

/// A rule to add to a portal's policy after the portal rejected a secret by it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    /// Which secret.
    pub kind: Kind,
    /// The rule.
    pub cause: Cause,
}

impl Suggestion {
    /// The rule in words, as the checklist will show it once added.
    pub fn describe(&self) -> String {
        match self.cause {
            Cause::TooShort(Some(n)) => format!("At least {n} characters"),
            Cause::TooLong(n) => format!("At most {n} characters"),
            Cause::MinDigits(n) => format!("At least {n} digit(s)"),
            Cause::MinUpper(n) => format!("At least {n} uppercase letter(s)"),
            Cause::MinLower(n) => format!("At least {n} lowercase letter(s)"),
            Cause::MinLetters(_) => "At least 1 letter".into(),
            Cause::MinSpecial(n) => format!("At least {n} special character(s)"),
            Cause::IdenticalRun(n) => format!("No character repeated more than {n} times in a row"),
            Cause::Ascending(n) => format!("No ascending run longer than {n}"),
            Cause::Descending(n) => format!("No descending run longer than {n}"),
            Cause::Pattern => "No repeated pattern".into(),
            Cause::UserId => "Does not contain the user ID".into(),
            Cause::Extension => "Not the extension or its reverse".into(),
            Cause::Phone => "Not the phone number or its reverse".into(),
            _ => "(no rule)".into(),
        }
    }

    /// Adds the rule to `spec`; the spec only ever gets stricter.
    pub fn apply(&self, spec: &mut PolicySpec) {
        let clamp = |n: u32, lo: u32, hi: u32| n.clamp(lo, hi) as u8;
        let raise = |slot: &mut Option<u8>, n: u8| *slot = Some(slot.map_or(n, |m| m.max(n)));
        match self.kind {
            Kind::Web => {
                // New passwordrules must not narrow the alphabet: rules with no
                // class at all allow nothing (the default `allowed: ascii-printable`
                // is the parser's, for text), so start from what the web rules allow.
                let chars = spec.web_chars.get_or_insert_with(neutral_chars);
                match self.cause {
                    Cause::TooShort(Some(n)) => {
                        chars.min_length = Some(chars.min_length.map_or(n, |m| m.max(n)))
                    }
                    Cause::TooLong(n) => {
                        let n = max_length_of(Kind::Web, n);
                        chars.max_length = Some(chars.max_length.map_or(n, |m| m.min(n)))
                    }
                    Cause::IdenticalRun(n) => {
                        let n = max_run_of(Kind::Web, n);
                        chars.max_consecutive = Some(chars.max_consecutive.map_or(n, |m| m.min(n)))
                    }
                    Cause::MinLetters(_) => {
                        use crate::policy::CharClass;
                        let letters = vec![CharClass::Upper, CharClass::Lower];
                        if !chars.required.contains(&letters) {
                            chars.required.push(letters);
                        }
                        if chars.allowed.is_empty() {
                            chars.allowed.push(CharClass::AsciiPrintable);
                        }
                    }
                    Cause::MinDigits(n) => raise(&mut spec.web.min_digits, clamp(n, 1, 10)),
                    Cause::MinUpper(n) => raise(&mut spec.web.min_upper, clamp(n, 1, 10)),
                    Cause::MinLower(n) => raise(&mut spec.web.min_lower, clamp(n, 1, 10)),
                    Cause::MinSpecial(n) => raise(&mut spec.web.min_non_alphanumeric, clamp(n, 1, 10)),
                    Cause::UserId => spec.web.forbid_user_id = true,
                    _ => {}
                }
                if spec.web_chars.as_ref().is_some_and(|c| c == &neutral_chars()) {
                    spec.web_chars = None;
                }
            }
            Kind::Passcode => {
                let p = &mut spec.passcode;
                match self.cause {
                    Cause::TooShort(Some(n)) => p.min_length = p.min_length.max(clamp(n, 2, 15)),
                    // Below the minimum length, the portal contradicts the policy:
                    // building it then names the conflict (never a silent no-op).
                    Cause::TooLong(n) => {
                        p.max_length = p.max_length.min(max_length_of(Kind::Passcode, n) as u8)
                    }
                    Cause::IdenticalRun(n) => {
                        let n = max_run_of(Kind::Passcode, n) as u8;
                        p.max_repeated_digits = Some(p.max_repeated_digits.map_or(n, |m| m.min(n)))
                    }
                    Cause::Ascending(n) => {
                        p.max_ascending =
                            Some(p.max_ascending.map_or(clamp(n, 2, 5), |m| m.min(clamp(n, 2, 5))))
                    }
                    Cause::Descending(n) => {
                        p.max_descending =
                            Some(p.max_descending.map_or(clamp(n, 2, 5), |m| m.min(clamp(n, 2, 5))))
                    }
                    Cause::Pattern => p.forbid_repeated_patterns = true,
                    Cause::Extension => {
                        p.forbid_extension = true;
                        p.forbid_extension_reversed = true;
                    }
                    Cause::Phone => {
                        p.forbid_phone = true;
                        p.forbid_phone_reversed = true;
                    }
                    _ => {}
                }
            }
        }
    }
}

/// The maximum length a "longer than N" rule becomes in a policy of `kind`
/// (passcode rules accept 3 to 30).
fn max_length_of(kind: Kind, n: u32) -> u32 {
    match kind {
        Kind::Web => n,
        Kind::Passcode => n.clamp(3, 30),
    }
}

/// The run limit a "more than N in a row" rule becomes in a policy of `kind`
/// (at least 1; passcode rules accept 1 to 6).
fn max_run_of(kind: Kind, n: u32) -> u32 {
    match kind {
        Kind::Web => n.max(1),
        Kind::Passcode => n.clamp(1, 6),
    }
}

/// passwordrules that change nothing in a web policy: every printable character allowed.
fn neutral_chars() -> CharRules {
    CharRules { allowed: vec![crate::policy::CharClass::AsciiPrintable], ..CharRules::default() }
}

/// The policy rule a cause corresponds to, if the policy has it.
pub fn matching_rule(policy: &Policy, cause: Cause) -> Option<RuleId> {
    let rules = check::rules(policy);
    let required = |set: crate::CharSet| {
        policy
            .required
            .iter()
            .position(|r| r.set.intersection(set) == r.set && !r.set.is_empty())
            .map(RuleId::Required)
    };
    let has = |id: RuleId| rules.contains(&id).then_some(id);
    match cause {
        Cause::TooShort(_) => Some(RuleId::MinLength),
        Cause::TooLong(n) => {
            (policy.max_length <= max_length_of(policy.kind, n) as usize).then_some(RuleId::MaxLength)
        }
        Cause::MinDigits(_) => required(crate::CharSet::DIGIT),
        Cause::MinUpper(_) => required(crate::CharSet::UPPER),
        Cause::MinLower(_) => required(crate::CharSet::LOWER),
        Cause::MinLetters(_) => required(crate::CharSet::LETTERS),
        Cause::MinSpecial(_) => required(crate::CharSet::SPECIAL),
        Cause::IdenticalRun(n) => {
            let n = max_run_of(policy.kind, n) as usize;
            has(RuleId::MaxConsecutive).filter(|_| policy.max_consecutive.is_some_and(|m| m <= n))
        }
        Cause::Ascending(_) => has(RuleId::MaxAscending),
        Cause::Descending(_) => has(RuleId::MaxDescending),
        Cause::Pattern => has(RuleId::RepeatedPattern),
        Cause::UserId => has(RuleId::UserId),
        Cause::Reused => has(RuleId::Old).or(has(RuleId::History)),
        Cause::Extension => has(RuleId::Extension).or(has(RuleId::ExtensionReversed)),
        Cause::Phone => has(RuleId::Phone).or(has(RuleId::PhoneReversed)),
        Cause::DigitsOnly => has(RuleId::Allowed),
        Cause::Mismatch | Cause::Unknown => None,
    }
}

/// What to propose after a rejection: the rule to add, when the policy did not
/// know it and it is one a policy can hold.
pub fn suggest(policy: &Policy, cause: Cause) -> Option<Suggestion> {
    if matching_rule(policy, cause).is_some() {
        return None;
    }
    // Only what [`Suggestion::apply`] can add to a policy of this kind: a
    // passcode has no letters or user ID rule, a web password no digit-run,
    // pattern, extension or phone rule.
    let addable = matches!(
        (policy.kind, cause),
        (_, Cause::TooShort(Some(_)) | Cause::TooLong(_) | Cause::IdenticalRun(_))
            | (
                Kind::Web,
                Cause::MinDigits(_)
                    | Cause::MinUpper(_)
                    | Cause::MinLower(_)
                    | Cause::MinLetters(_)
                    | Cause::MinSpecial(_)
                    | Cause::UserId
            )
            | (
                Kind::Passcode,
                Cause::Ascending(_) | Cause::Descending(_) | Cause::Pattern | Cause::Extension | Cause::Phone
            )
    );
    addable.then_some(Suggestion { kind: policy.kind, cause })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::preset;

    #[test]
    fn reads_the_simulator_and_real_wordings() {
        assert_eq!(cause_of("The new password and the re-typed password do not match."), Cause::Mismatch);
        assert_eq!(cause_of("Passwords do not match."), Cause::Mismatch);
        assert_eq!(
            cause_of("The password cannot contain more than 2 identical characters in a row."),
            Cause::IdenticalRun(2)
        );
        assert_eq!(cause_of("Use no more than 12 characters."), Cause::TooLong(12));
        assert_eq!(cause_of("The password cannot be longer than 12 characters."), Cause::TooLong(12));
        assert_eq!(cause_of("Include at least 2 symbol(s)."), Cause::MinSpecial(2));
        assert_eq!(
            cause_of("The password must contain at least 2 non-alphanumeric character(s)."),
            Cause::MinSpecial(2)
        );
        assert_eq!(
            cause_of("Password too short — at least 8 characters are required."),
            Cause::TooShort(Some(8))
        );
        assert_eq!(cause_of("The portal password cannot be the user's extension."), Cause::Extension);
        assert_eq!(cause_of("Avoid counting up like 1234 (max 3 in a row)."), Cause::Ascending(3));
        assert_eq!(cause_of("Le mot de passe doit contenir au moins 2 chiffre(s)."), Cause::MinDigits(2));
        assert_eq!(cause_of("Don't include your login."), Cause::UserId);
        // A number then "+" is a minimum; a "+" elsewhere is not.
        assert_eq!(causes_of("8+ characters"), [Cause::TooShort(Some(8))]);
        assert_eq!(causes_of("12+ characters, a digit"), [Cause::TooShort(Some(12)), Cause::MinDigits(1)]);
        assert_eq!(causes_of("Letters + digits"), [Cause::MinDigits(1)]);
    }

    #[test]
    fn unknown_rules_are_suggested_and_known_ones_are_not() {
        let spec = preset("broadsmart").unwrap().spec();
        let web = spec.policy(Kind::Web).unwrap();
        assert!(suggest(&web, Cause::MinDigits(1)).is_none(), "broadsmart requires a digit");
        let s = suggest(&web, Cause::TooLong(12)).expect("a portal cap the policy did not know");
        assert_eq!(s.describe(), "At most 12 characters");
        let mut changed = spec.clone();
        s.apply(&mut changed);
        let stricter = changed.policy(Kind::Web).unwrap();
        assert_eq!(stricter.max_length, 12);
        assert!(suggest(&stricter, Cause::TooLong(12)).is_none(), "now known");

        let s = suggest(&web, Cause::IdenticalRun(2)).unwrap();
        s.apply(&mut changed);
        assert_eq!(changed.policy(Kind::Web).unwrap().max_consecutive, Some(2));
    }
}
