//! What must hold whatever the input: each function panics (a crash for the
//! fuzzer) with a message naming the broken promise.

use passwright::audit::{self, AuditEntry};
use passwright::charset::CharSet;
use passwright::check::{self, Outcome};
use passwright::engine::Decision;
use passwright::flow::{Action, Flow, Status};
use passwright::generate::{GenerateError, Generated};
use passwright::policy::{Kind, PORTAL_MAX_LENGTH, Policy, PolicyError, PolicySpec};
use passwright::portal::outcome;
use passwright::portal::snapshot::{Snapshot, origin_of};
use passwright::{Context, Options};

/// Candidates the brute-force cross-checks enumerate at most.
const BRUTE_FORCE_LIMIT: u128 = 60_000;

/// A built policy admits passwords: the rules are consistent and in range.
pub fn policy_is_sound(p: &Policy) {
    if let Err(e) = p.validate() {
        panic!("a built policy fails its own validation: {e}: {p:?}");
    }
    assert!(p.min_length <= p.max_length, "{p:?}");
    assert!(p.max_length <= PORTAL_MAX_LENGTH, "longer than the portal stores: {p:?}");
    assert!(!p.allowed.is_empty() && p.allowed.is_subset(CharSet::ASCII_PRINTABLE), "{p:?}");
    if p.kind == Kind::Passcode {
        assert!(p.allowed.is_subset(CharSet::DIGIT), "a passcode policy allows non-digits: {p:?}");
    }
    for r in &p.required {
        assert!(!r.set.intersection(p.allowed).is_empty(), "a requirement outside the alphabet: {p:?}");
    }
}

/// Every candidate of a length in `lengths` over the policy's alphabet, while
/// there are few enough: `None` when there are too many to try, else the first
/// compliant candidate found (if any).
pub fn brute_force(p: &Policy, ctx: &Context, lengths: &[usize]) -> Option<Option<String>> {
    let alphabet: Vec<char> = p.allowed.chars().collect();
    let total = lengths
        .iter()
        .map(|&l| (alphabet.len() as u128).checked_pow(l as u32).unwrap_or(u128::MAX))
        .fold(0u128, u128::saturating_add);
    if total > BRUTE_FORCE_LIMIT {
        return None;
    }
    for &length in lengths {
        let mut digits = vec![0usize; length];
        loop {
            let candidate: String = digits.iter().map(|&d| alphabet[d]).collect();
            if check::complies(p, ctx, &candidate) {
                return Some(Some(candidate));
            }
            // Odometer: the next candidate, or done with this length.
            let mut i = 0;
            while i < length {
                digits[i] += 1;
                if digits[i] < alphabet.len() {
                    break;
                }
                digits[i] = 0;
                i += 1;
            }
            if i == length {
                break;
            }
        }
    }
    Some(None)
}

/// What the generator returned is a compliant secret, or a true statement of
/// why there is none.
pub fn generated(p: &Policy, ctx: &Context, opts: &Options, result: &Result<Generated, GenerateError>) {
    match result {
        Ok(g) => {
            let s = g.secret.as_str();
            let n = s.chars().count();
            assert!((p.min_length..=p.max_length).contains(&n), "length {n} outside the policy: {s:?} {p:?}");
            if let Some(len) = opts.length {
                assert_eq!(n, len, "not the length asked for: {s:?}");
            }
            assert!(
                s.chars().all(|c| p.allowed.contains(c)),
                "a character outside the alphabet: {s:?} {p:?}"
            );
            let report = check::check(p, ctx, s);
            assert!(
                report.compliant(),
                "a generated secret fails the checker: {s:?} {report:?} {p:?} {ctx:?}"
            );
            assert!(check::complies(p, ctx, s), "complies() disagrees with check(): {s:?}");
            assert!(g.entropy_bits.is_finite() && g.entropy_bits >= 0.0, "entropy {}", g.entropy_bits);
        }
        Err(GenerateError::Length { requested, .. }) => {
            assert_eq!(opts.length, Some(*requested), "a length error for a length nobody asked for: {p:?}");
            if (p.min_length..=p.max_length).contains(requested)
                && let Some(Some(found)) = brute_force(p, ctx, &[*requested])
            {
                panic!("length {requested} refused, but {found:?} complies: {p:?} {ctx:?}");
            }
        }
        Err(GenerateError::Policy(PolicyError::Exhausted { detail, .. })) => {
            let lengths: Vec<usize> = match opts.length {
                Some(l) => vec![l],
                None => (p.min_length..=p.max_length).collect(),
            };
            if let Some(Some(found)) = brute_force(p, ctx, &lengths) {
                panic!("claimed no compliant secret ({detail}), but {found:?} complies: {p:?} {ctx:?}");
            }
        }
        Err(GenerateError::Policy(e)) => panic!("a built policy refused by the generator: {e}: {p:?}"),
        Err(GenerateError::GaveUp { .. }) => {
            // Only for enormous spaces: never when trying them all is cheap.
            let lengths: Vec<usize> = match opts.length {
                Some(l) => vec![l],
                None => (p.min_length..=p.max_length).collect(),
            };
            if let Some(found) = brute_force(p, ctx, &lengths) {
                panic!("gave up on a small space (a compliant one: {found:?}): {p:?} {ctx:?}");
            }
        }
        Err(GenerateError::Randomness(e)) => panic!("randomness failed: {e}"),
    }
}

/// The checker's report agrees with itself and with the policy.
pub fn report_is_consistent(p: &Policy, ctx: &Context, secret: &str) {
    let report = check::check(p, ctx, secret);
    let rules = check::rules(p);
    assert_eq!(report.verdicts.iter().map(|v| v.rule).collect::<Vec<_>>(), rules);
    assert_eq!(report.compliant(), check::complies(p, ctx, secret), "{secret:?} {report:?}");
    for v in &report.verdicts {
        assert_eq!(v.outcome == Outcome::Pass, v.problem.is_none(), "{v:?}");
        assert!(!v.label.is_empty());
    }
    let n = secret.chars().count();
    let outcome = |rule| report.verdicts.iter().find(|v| v.rule == rule).map(|v| v.outcome);
    assert_eq!(outcome(check::RuleId::MinLength) == Some(Outcome::Fail), n < p.min_length);
    assert_eq!(outcome(check::RuleId::MaxLength) == Some(Outcome::Fail), n > p.max_length);
    assert_eq!(
        outcome(check::RuleId::Allowed) == Some(Outcome::Fail),
        secret.chars().any(|c| !p.allowed.contains(c))
    );
    serde_json::to_string(&report).expect("a report serializes");
}

/// What a page event is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    /// A page was described.
    Page,
    /// The agent reported on a batch.
    Results,
    /// The admin cancelled.
    Cancel,
    /// The tab went away.
    Abandon,
}

/// Whether the action does something to the page (not just the extension's own frames).
pub fn acts_on_page(a: &Action) -> bool {
    matches!(
        a,
        Action::Fill { .. }
            | Action::Choose { .. }
            | Action::Click { .. }
            | Action::Follow { .. }
            | Action::Navigate { .. }
    )
}

/// The promises of the flow across one event. `strict` when `before` is a
/// state the flow itself reached (not arbitrary JSON).
pub fn transition(
    before: Option<&Flow>,
    after: Option<&Flow>,
    actions: &[Action],
    event: Event,
    page: &Snapshot,
    strict: bool,
) {
    let fills: Vec<&Action> = actions.iter().filter(|a| matches!(a, Action::Fill { .. })).collect();
    let Some(b) = before else {
        assert!(after.is_none(), "a flow appeared from nothing on {event:?}");
        return;
    };
    let Some(a) = after else { panic!("the flow vanished on {event:?}") };
    if !b.is_running() {
        assert!(!a.is_running(), "a stopped flow runs again: {b:?} -> {a:?}");
        if event == Event::Page {
            assert_eq!(a, b, "a stopped flow changed on a page");
        }
        assert!(!actions.iter().any(acts_on_page), "a stopped flow acted: {actions:?}");
    }
    if event == Event::Page && b.origin != origin_of(&page.url) {
        assert_eq!(a, b, "a flow changed on another portal's page");
        assert!(!actions.iter().any(acts_on_page), "a flow acted on another portal's page: {actions:?}");
    }
    if b.submitted {
        assert!(fills.is_empty(), "filled again after submitting: {actions:?}");
        if event != Event::Results {
            assert!(a.submitted, "submitted was cleared on {event:?}");
        }
        if b.secret.is_some() && a.accepted != Some(false) {
            assert_eq!(a.secret, b.secret, "lost or changed a secret the portal may hold");
        }
    }
    if a.accepted == Some(false) && b.accepted != Some(false) {
        assert!(a.secret.is_none(), "kept a secret the portal rejected");
    }
    assert!(a.pages >= b.pages || !strict, "the page count went down");
    if strict && a.status == Status::Done && b.status != Status::Done {
        assert_eq!(a.accepted, Some(true), "done without the portal's confirmation: {a:?}");
        assert!(a.secret.is_some(), "done, but the secret is gone");
    }
}

/// Fill actions type the flow's secret into both fields, then the form is
/// submitted once; every action names an element of the page it is for; a
/// navigation stays on `flow_origin` (when given).
pub fn actions_fit_the_page(
    page: &Snapshot,
    actions: &[Action],
    secret: Option<&str>,
    flow_origin: Option<&str>,
) {
    let field = |id| page.fields.iter().find(|f| f.id == id);
    let fills: Vec<(u32, &str)> = actions
        .iter()
        .filter_map(|a| match a {
            Action::Fill { id, value } => Some((*id, value.as_str())),
            _ => None,
        })
        .collect();
    if !fills.is_empty() {
        assert_eq!(fills.len(), 2, "not both fields: {actions:?}");
        assert_ne!(fills[0].0, fills[1].0, "the same field twice: {actions:?}");
        for (_, value) in &fills {
            assert_eq!(Some(*value), secret, "filled something other than the secret");
        }
    }
    for a in actions {
        match a {
            Action::Fill { id, .. } | Action::Watch { id } => {
                let f = field(*id).unwrap_or_else(|| panic!("{a:?}: no such field"));
                assert!(
                    page.fields.iter().any(|f| f.id == *id && f.kind == "password"),
                    "{a:?} on a {:?} field: a secret typed or watched outside a password field",
                    f.kind
                );
            }
            Action::Choose { id } => {
                assert!(page.fields.iter().any(|f| f.id == *id && f.kind == "radio"), "{a:?}: no such radio");
            }
            // Device actions may be links styled as buttons (the modern skin).
            Action::Click { id } => assert!(
                page.buttons.iter().any(|b| b.id == *id)
                    || page.fields.iter().any(|f| f.id == *id)
                    || page.links.iter().any(|l| l.id == *id),
                "{a:?}: no such button"
            ),
            Action::Follow { id } => assert!(page.links.iter().any(|l| l.id == *id), "{a:?}: no such link"),
            Action::Navigate { url } => {
                let origin = origin_of(url);
                if let Some(flow_origin) = flow_origin {
                    assert_eq!(flow_origin, origin, "navigates away from the flow's portal: {url}");
                }
            }
            Action::Inject { anchor: Some(id), .. } => assert!(
                page.headings.iter().any(|h| h.id == *id)
                    || page.fields.iter().any(|f| f.id == *id)
                    || page.buttons.iter().any(|b| b.id == *id)
                    || page.links.iter().any(|l| l.id == *id),
                "{a:?}: no such element"
            ),
            Action::Inject { anchor: None, .. } | Action::Remove { .. } => {}
        }
    }
}

/// Whether two JSON values are equal, numbers up to the last bits of a
/// float: serde_json's default float parsing (without its `float_roundtrip`
/// feature, which the wasm does not pay for) may differ from the shortest
/// representation it writes in the last place.
pub fn same_json(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) if x.is_f64() || y.is_f64() => {
            let (x, y) = (x.as_f64().unwrap_or(f64::NAN), y.as_f64().unwrap_or(f64::NAN));
            x == y || (x - y).abs() <= 4.0 * f64::EPSILON * x.abs().max(y.abs())
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        _ => a == b,
    }
}

/// The flow survives the background's storage (JSON) unchanged.
pub fn flow_round_trips(flow: &Flow) {
    let json = serde_json::to_string(flow).expect("a flow serializes");
    let back: Flow =
        serde_json::from_str(&json).unwrap_or_else(|e| panic!("a stored flow does not load: {e}: {json}"));
    let (a, b) = (serde_json::to_value(flow).expect("flow"), serde_json::to_value(&back).expect("flow"));
    assert!(same_json(&a, &b), "a flow changed through storage: {json}");
}

/// The secret is never in the audit record, the log, or our own messages.
pub fn no_secret_in_records(flow: &Flow) {
    let Some(secret) = flow.secret.as_deref().filter(|s| s.len() >= 8) else { return };
    let entry = AuditEntry::of(flow);
    let json = serde_json::to_string(&entry).expect("an audit entry serializes");
    assert!(!json.contains(secret), "the secret is in the audit record: {json}");
    assert!(!audit::to_csv(&[entry]).contains(secret), "the secret is in the CSV");
    for e in &flow.log {
        assert!(!e.note.contains(secret), "the secret is in the log: {e:?}");
    }
    if let Some(p) = &flow.problem {
        assert!(!p.message.contains(secret), "the secret is in a message: {p:?}");
    }
}

/// Every decision serializes as the background writes it.
pub fn decision_serializes(d: &Decision) {
    let value = serde_json::to_value(d).expect("a decision serializes");
    assert!(value.is_object());
    if let Some(flow) = &d.flow {
        flow_round_trips(flow);
    }
}

/// A suggestion the flow offers (add the rule the portal enforced) only adds
/// that rule: the stricter policy knows it, and its alphabet does not grow or
/// vanish.
pub fn suggestion_applies(spec: &PolicySpec, flow: &Flow) {
    let Some(suggestion) = flow.problem.as_ref().and_then(|p| p.suggestion) else { return };
    let Ok(before) = spec.policy(suggestion.kind) else { return };
    let mut stricter = spec.clone();
    suggestion.apply(&mut stricter);
    match stricter.policy(suggestion.kind) {
        Ok(after) => {
            // A letter requirement where no letter was allowed must widen it.
            if !matches!(suggestion.cause, outcome::Cause::MinLetters(_)) {
                assert!(after.allowed.is_subset(before.allowed), "the suggestion widened the alphabet");
            }
            assert!(
                outcome::suggest(&after, suggestion.cause).is_none(),
                "after adding {suggestion:?} the policy still does not know it: {after:?}"
            );
        }
        Err(PolicyError::EmptyAlphabet) => {
            panic!("adding {suggestion:?} to a working policy left no allowed character: {stricter:?}")
        }
        Err(_) => {} // a genuine conflict with the portal's other rules
    }
}
