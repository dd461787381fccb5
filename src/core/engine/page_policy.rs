//! The policy a page asks for: the portal's configured policy, plus the rules
//! the page prints, plus the password field's own constraints (`maxlength`,
//! `pattern`), minus nothing: a page can only make it stricter, and never
//! below the floor (a page limiting passwords to 6 characters is ignored
//! for generation, and said so).

use crate::check::{self, RuleId};
use crate::flow::{PagePolicy, Why};
use crate::i18n::{Key as K, Lang, tf};
use crate::policy::{Kind, Policy, PolicySpec};
use crate::portal::classify::Page;
use crate::portal::outcome::{Cause, Suggestion};
use crate::protocol::panel::RuleOrigin;
use crate::settings::Floor;

/// The web password length when none is chosen.
const DEFAULT_WEB_LENGTH: usize = crate::generate::DEFAULT_WEB_LENGTH;

/// What the engine works out for a page.
#[derive(Clone, Debug)]
pub struct Effective {
    /// The policy and the length to generate, or why there is none.
    pub page: PagePolicy,
    /// Where each rule that is not the configured policy's comes from.
    pub origins: Vec<(RuleId, RuleOrigin)>,
    /// What the page asks that the policy or the floor cannot take, in words.
    pub conflicts: Vec<String>,
}

/// Bits of entropy per character of `policy`'s alphabet (its letters and
/// digits when it has them, as the generator draws its filler).
fn bits_per_char(policy: &Policy, no_look_alikes: bool) -> f64 {
    let alnum = policy.allowed.intersection(crate::CharSet::ALPHANUMERIC);
    let mut set = if alnum.is_empty() { policy.allowed } else { alnum };
    if no_look_alikes {
        set = set.prefer_without(crate::CharSet::LOOK_ALIKES);
    }
    f64::from(set.len().max(1) as u32).log2()
}

/// The configured policy for `kind`, with what `page` adds.
pub fn effective(
    lang: Lang,
    spec: &PolicySpec,
    kind: Kind,
    page: Option<&Page>,
    floor: &Floor,
    length: Option<usize>,
    no_look_alikes: bool,
) -> Effective {
    let mut conflicts = Vec::new();
    let mut origins = Vec::new();
    let base = match spec.policy(kind) {
        Ok(p) => p,
        Err(e) => {
            return Effective {
                page: PagePolicy { policy: Err(Why::Impossible(e.to_string())), length: None },
                origins,
                conflicts,
            };
        }
    };
    // 1. Rules printed on the page, each only if the floor still holds with it.
    let mut with_printed = spec.clone();
    if let Some(page) = page {
        let printed = match kind {
            Kind::Web => &page.printed.web,
            Kind::Passcode => &page.printed.passcode,
        };
        for &cause in printed {
            let mut trial = with_printed.clone();
            Suggestion { kind, cause }.apply(&mut trial);
            let built = trial.policy(kind);
            let refused = match &built {
                Ok(p) => below_floor(p, floor, base.max_length, no_look_alikes),
                // A rule that contradicts the policy (a cap below its minimum).
                Err(_) => matches!(cause, Cause::TooLong(_)),
            };
            let Ok(p) = built.or_else(|_| with_printed.policy(kind)) else { continue };
            if refused {
                let p = match cause {
                    Cause::TooLong(n) => Policy { max_length: n as usize, ..p },
                    _ => p,
                };
                conflicts.push(tf(
                    lang,
                    K::ConflictFloor,
                    &[
                        ("nouns", super::words::noun(lang, kind)),
                        ("max", &p.max_length.to_string()),
                        ("floor", &floor_length(floor, kind, base.max_length).to_string()),
                    ],
                ));
                continue;
            }
            if !matches!(cause, Cause::Reused) {
                with_printed = trial;
            }
        }
    }
    let mut policy = match with_printed.policy(kind) {
        Ok(p) => p,
        Err(_) => base.clone(),
    };
    mark(&base, &policy, RuleOrigin::Page, &mut origins);
    // 2. The field's own constraints.
    let before_field = policy.clone();
    if let Some(form) = page.and_then(|p| p.passwords.as_ref()) {
        let form = form.fields_for(kind);
        let caps = [form.constraints.max_length, form.retype_constraints.max_length];
        let cap = caps.iter().flatten().min().copied().map(|n| n as usize);
        let pattern = form.constraints.pattern_length.or(form.retype_constraints.pattern_length);
        let digits = form.constraints.digits_only || form.retype_constraints.digits_only;
        let mins = [form.constraints.min_length, form.retype_constraints.min_length];
        let min = mins.iter().flatten().max().copied().map(|n| n as usize);
        if let Some(cap) = cap.into_iter().chain(pattern.map(|(_, b)| b as usize)).min() {
            if cap < policy.min_length.max(policy.fewest_characters()) {
                conflicts.push(tf(
                    lang,
                    K::ConflictFieldCap,
                    &[("max", &cap.to_string()), ("min", &policy.min_length.to_string())],
                ));
                return Effective {
                    page: PagePolicy { policy: Err(Why::Conflict(conflicts.join(" "))), length: None },
                    origins,
                    conflicts,
                };
            }
            policy.max_length = policy.max_length.min(cap);
        }
        if let Some(min) = min.into_iter().chain(pattern.map(|(a, _)| a as usize)).max() {
            policy.min_length = policy.min_length.max(min.min(policy.max_length));
        }
        if digits && kind == Kind::Web {
            let narrowed = policy.allowed.intersection(crate::CharSet::DIGIT);
            if !narrowed.is_empty() {
                policy.allowed = narrowed;
                policy.required.retain(|r| !r.set.intersection(narrowed).is_empty());
                conflicts.push(tf(lang, K::ConflictDigitsWeb, &[]));
            }
        }
        if policy.validate().is_err() {
            policy = before_field.clone();
        }
    }
    mark(&before_field, &policy, RuleOrigin::Field, &mut origins);
    // 3. The length: what the admin chose, at least the floor, within the policy.
    let length = match kind {
        Kind::Web => {
            let per = bits_per_char(&policy, no_look_alikes);
            let for_bits = (f64::from(floor.web_min_bits) / per).ceil() as usize;
            let wanted =
                length.unwrap_or(DEFAULT_WEB_LENGTH).max(usize::from(floor.web_min_length)).max(for_bits);
            let shortest = policy.min_length.max(policy.fewest_characters());
            let l = wanted.clamp(shortest, policy.max_length.max(shortest));
            if l < usize::from(floor.web_min_length) || (l as f64) * per < f64::from(floor.web_min_bits) {
                conflicts.push(tf(
                    lang,
                    K::ConflictFloorRefused,
                    &[("max", &policy.max_length.to_string()), ("floor", &floor.web_min_length.to_string())],
                ));
                return Effective {
                    page: PagePolicy { policy: Err(Why::Conflict(conflicts.join(" "))), length: None },
                    origins,
                    conflicts,
                };
            }
            if policy.max_length < wanted {
                conflicts.push(tf(lang, K::ConflictCapUsed, &[("max", &policy.max_length.to_string())]));
            }
            Some(l)
        }
        Kind::Passcode => {
            let default = crate::generate::default_length(&policy);
            let least = usize::from(floor.passcode_min_length).min(policy.max_length);
            Some(default.max(least).min(policy.max_length))
        }
    };
    Effective { page: PagePolicy { policy: Ok(policy), length }, origins, conflicts }
}

fn floor_length(floor: &Floor, kind: Kind, portal_max: usize) -> usize {
    match kind {
        Kind::Web => usize::from(floor.web_min_length),
        Kind::Passcode => usize::from(floor.passcode_min_length).min(portal_max),
    }
}

/// Whether a policy can no longer make secrets as strong as the floor asks.
pub fn below_floor(p: &Policy, floor: &Floor, portal_max: usize, no_look_alikes: bool) -> bool {
    match p.kind {
        Kind::Web => {
            p.max_length < usize::from(floor.web_min_length)
                || (p.max_length as f64) * bits_per_char(p, no_look_alikes) < f64::from(floor.web_min_bits)
        }
        Kind::Passcode => p.max_length < usize::from(floor.passcode_min_length).min(portal_max),
    }
}

/// Notes, for each rule of `after` that `before` lacks or states otherwise, where it came from.
fn mark(before: &Policy, after: &Policy, origin: RuleOrigin, out: &mut Vec<(RuleId, RuleOrigin)>) {
    let old: Vec<(RuleId, String)> =
        check::rules(before).into_iter().map(|r| (r, check::label(before, r))).collect();
    for r in check::rules(after) {
        let label = check::label(after, r);
        if !old.iter().any(|(_, l)| *l == label) && !out.iter().any(|(id, _)| *id == r) {
            out.push((r, origin));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::portal::classify::{Confidence, Constraints, PageKind, PasswordsForm};
    use crate::portal::printed::PrintedRules;

    fn passwords(max: Option<u32>, printed: Vec<Cause>) -> Page {
        Page {
            kind: PageKind::Passwords,
            passwords: Some(PasswordsForm {
                new: 1,
                retype: 2,
                confidence: Confidence::Portal,
                constraints: Constraints { max_length: max, ..Constraints::default() },
                ..PasswordsForm::default()
            }),
            printed: PrintedRules { web: printed, ..PrintedRules::default() },
            ..Page::default()
        }
    }

    fn spec() -> PolicySpec {
        crate::policy::preset("broadsmart").unwrap().spec()
    }

    #[test]
    fn maxlength_caps_the_generated_length() {
        let page = passwords(Some(12), vec![]);
        let e = effective(Lang::En, &spec(), Kind::Web, Some(&page), &Floor::default(), None, true);
        let p = e.page.policy.unwrap();
        assert_eq!(p.max_length, 12);
        assert_eq!(e.page.length, Some(12));
        assert!(e.origins.contains(&(RuleId::MaxLength, RuleOrigin::Field)));
    }

    #[test]
    fn printed_rules_are_added_and_marked() {
        let page = passwords(None, vec![Cause::TooShort(Some(10)), Cause::MinUpper(1), Cause::MinSpecial(1)]);
        let e = effective(Lang::En, &spec(), Kind::Web, Some(&page), &Floor::default(), None, true);
        let p = e.page.policy.unwrap();
        assert_eq!(p.min_length, 10);
        assert!(e.origins.iter().any(|(_, o)| *o == RuleOrigin::Page));
        assert!(e.origins.contains(&(RuleId::MinLength, RuleOrigin::Page)));
    }

    #[test]
    fn a_page_cannot_push_generation_below_the_floor() {
        let page = passwords(None, vec![Cause::TooLong(6)]);
        let e = effective(Lang::En, &spec(), Kind::Web, Some(&page), &Floor::default(), None, true);
        let p = e.page.policy.unwrap();
        assert!(p.max_length > 6, "the printed cap is ignored");
        assert_eq!(e.conflicts.len(), 1);
        // A field that physically takes 8 characters: refused, never weaker.
        let field = passwords(Some(8), vec![]);
        let e = effective(Lang::En, &spec(), Kind::Web, Some(&field), &Floor::default(), None, true);
        assert!(e.page.policy.is_err());
    }
}
