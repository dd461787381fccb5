//! What must hold whatever the input: each function panics (a crash for the
//! fuzzer) with a message naming the broken promise.

use std::collections::BTreeSet;

use passwright::audit;
use passwright::charset::CharSet;
use passwright::check::{self, Outcome};
use passwright::flow::{Flow, Status};
use passwright::generate::{GenerateError, Generated};
use passwright::i18n::Lang;
use passwright::policy::{Kind, PORTAL_MAX_LENGTH, Policy, PolicyError, PolicySpec};
use passwright::portal::map::{PortalMap, Role};
use passwright::portal::outcome;
use passwright::portal::snapshot::{FieldType, Snapshot, origin_of};
use passwright::protocol::panel::{PanelView, ToPanel};
use passwright::protocol::{Action, Effects, FrameKind, StoreOp};
use passwright::words::{self as word_gen, WordsError};
use passwright::{Context, Options};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

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


/// What the words generator returned is a compliant words password of at
/// least the entropy it promises, or a true statement of why there is none.
pub fn generated_words(p: &Policy, ctx: &Context, opts: &Options, result: &Result<Generated, WordsError>) {
    match result {
        Ok(g) => {
            let s = g.secret.as_str();
            let n = s.chars().count();
            assert!(p.kind == Kind::Web, "a words passcode: {s:?}");
            assert!((p.min_length..=p.max_length).contains(&n), "length {n} outside the policy: {s:?} {p:?}");
            if let Some(len) = opts.length {
                // For words, the length asked for is a minimum.
                assert!(n >= len, "shorter than the length asked for: {s:?} ({len})");
            }
            let report = check::check(p, ctx, s);
            assert!(report.compliant(), "a words password fails the checker: {s:?} {report:?} {p:?} {ctx:?}");
            assert!(
                g.entropy_bits.is_finite() && g.entropy_bits >= word_gen::DEFAULT_MIN_BITS - 1e-9,
                "a words password below {} bits: {} ({s:?})",
                word_gen::DEFAULT_MIN_BITS,
                g.entropy_bits
            );
            // Read aloud, it reads back to exactly its characters.
            let pieces = passwright::nato::read_aloud(s);
            assert!(!pieces.is_empty() && pieces.iter().all(|p| !p.is_empty()), "{s:?} read as {pieces:?}");
        }
        Err(WordsError::Passcode) => assert_eq!(p.kind, Kind::Passcode, "refused as a passcode: {p:?}"),
        Err(WordsError::Generate(GenerateError::Length { requested, min, max })) => {
            assert_eq!(opts.length, Some(*requested), "a length error for a length nobody asked for");
            assert!(
                !(p.min_length..=p.max_length).contains(requested) && (*min, *max) == (p.min_length, p.max_length),
                "length {requested} refused though the policy allows it: {p:?}"
            );
        }
        Err(WordsError::Generate(GenerateError::Policy(e))) => {
            panic!("a built policy refused by the words generator: {e}: {p:?}")
        }
        Err(WordsError::Generate(GenerateError::Randomness(e))) => panic!("randomness failed: {e}"),
        // Only cross-word coincidences make an attempt fail; 200 failing in a
        // row is a weakness of the policy, not a broken promise.
        Err(WordsError::Generate(GenerateError::GaveUp { .. })) => {}
        Err(WordsError::TooFewWords { usable }) => {
            assert!(*usable < 2, "too few words with {usable} usable");
            // A word whose letters are all allowed in one case, with no run
            // rule or user ID to exclude it, is usable: two such words refute it.
            if p.max_consecutive.is_none() && !p.forbid_user_id {
                let fits = |upper: bool| {
                    word_gen::list()
                        .iter()
                        .filter(|w| {
                            w.chars().all(|c| p.allowed.contains(if upper { c.to_ascii_uppercase() } else { c }))
                        })
                        .count()
                };
                assert!(fits(false).max(fits(true)) < 2, "claimed too few words, but {} fit: {p:?}", fits(false).max(fits(true)));
            }
        }
        Err(WordsError::NoSeparator) => {
            let symbols = CharSet::SPECIAL.chars().filter(|&c| c != ' ').any(|c| p.allowed.contains(c));
            let digits = !p.allowed.intersection(CharSet::DIGIT).is_empty();
            assert!(!symbols && !digits, "claimed no separator, but symbols or digits are allowed: {p:?}");
        }
        Err(WordsError::TooLong { max, .. }) => assert_eq!(*max, p.max_length, "{p:?}"),
    }
}

// ------------------------------------------------------------------ the engine's output

/// Whether the action changes something on the portal (or may).
pub fn acts_on_page(a: &Action) -> bool {
    a.acts_on_portal()
}

/// A batch's fills: (field, value).
pub fn fills(actions: &[Action]) -> Vec<(u32, &str)> {
    actions
        .iter()
        .filter_map(|a| match a {
            Action::Fill { id, value } => Some((*id, value.as_str())),
            _ => None,
        })
        .collect()
}

/// Whether the batch fills the form and presses its button: a submission.
pub fn is_submission(actions: &[Action]) -> bool {
    !fills(actions).is_empty() && actions.iter().any(|a| matches!(a, Action::Click { .. }))
}

/// What a batch may do on the page it is for.
pub struct Allowed<'a> {
    /// The values a Fill may type (the flow's secret, Generate's).
    pub secrets: &'a [&'a str],
    /// The flow's origin, when a flow acts.
    pub flow_origin: Option<&'a str>,
    /// The extension's panel page (`Context::panel_url`).
    pub panel_url: &'a str,
    /// The portal's map, if any: fields an admin taught as the password
    /// fields may be text fields.
    pub map: Option<&'a PortalMap>,
    /// Whether a navigation must stay on the page's origin: not when a
    /// stored flow (arbitrary JSON, not the engine's) names a user page on
    /// another origin, which the agent refuses to go to.
    pub same_origin_navigation: bool,
}

/// Fills type one secret into two different fields, then the form is
/// submitted at most once, last; every action names an element of the page
/// it is for; a secret is typed and watched only in password fields (or the
/// fields an admin taught); a navigation stays on the page's (and the
/// flow's) origin; our frames show only our panel page.
pub fn actions_fit_the_page(page: &Snapshot, actions: &[Action], allowed: &Allowed<'_>) {
    let fills = fills(actions);
    if !fills.is_empty() {
        assert_eq!(fills.len(), 2, "not both fields: {actions:?}");
        assert_ne!(fills[0].0, fills[1].0, "the same field twice: {actions:?}");
        assert_eq!(fills[0].1, fills[1].1, "two different values in the two fields");
        assert!(
            allowed.secrets.contains(&fills[0].1),
            "filled something other than the secret ({} known)",
            allowed.secrets.len()
        );
        let last_fill = actions.iter().rposition(|a| matches!(a, Action::Fill { .. })).unwrap_or(0);
        for (i, a) in actions.iter().enumerate() {
            match a {
                Action::Click { .. } => {
                    assert!(i > last_fill, "clicked before both fields were filled: {actions:?}")
                }
                Action::Follow { .. } | Action::Navigate { .. } => {
                    panic!("left the page in the batch that fills it: {actions:?}")
                }
                _ => {}
            }
        }
        let clicks = actions.iter().filter(|a| matches!(a, Action::Click { .. })).count();
        assert!(clicks <= 1, "the form submitted twice in one batch: {actions:?}");
    }
    // Admin-taught password fields (a portal that shows them as text fields).
    let taught: BTreeSet<u32> = allowed
        .map
        .filter(|m| m.form.as_ref().is_some_and(|f| [&f.new, &f.retype].iter().any(|l| l.role == Role::Field(FieldType::Text))))
        .and_then(|m| passwright::portal::analyze(page, Some(m)).passwords)
        .map(|f| [f.new, f.retype].into_iter().collect())
        .unwrap_or_default();
    // A show-password toggle turns one half of the pair into a text field
    // (by design since the second session): that half counts when the other
    // is still a password field.
    let shown: BTreeSet<u32> = passwright::portal::analyze(page, allowed.map)
        .passwords
        .filter(|f| [f.new, f.retype].iter().any(|id| page.fields.iter().any(|x| x.id == *id && x.kind == FieldType::Password)))
        .map(|f| [f.new, f.retype].into_iter().collect())
        .unwrap_or_default();
    let element = |id: u32| {
        page.fields.iter().any(|f| f.id == id)
            || page.buttons.iter().any(|b| b.id == id)
            || page.links.iter().any(|l| l.id == id)
            || page.headings.iter().any(|h| h.id == id)
    };
    for a in actions {
        match a {
            Action::Fill { id, .. } | Action::Watch { id } => {
                let f = page.fields.iter().find(|f| f.id == *id).unwrap_or_else(|| panic!("{}: no such field", op(a)));
                // (Two fields of one id, which the agent never reports, may be a
                // radio and the password field: any password field of the id counts.)
                let password = page.fields.iter().any(|f| f.id == *id && f.kind == FieldType::Password);
                assert!(
                    password || taught.contains(id) || shown.contains(id),
                    "{} on a {:?} field: a secret typed or watched outside a password field",
                    op(a),
                    f.kind
                );
            }
            Action::Choose { id } => assert!(
                page.fields.iter().any(|f| f.id == *id && f.kind == FieldType::Radio),
                "{a:?}: no such radio"
            ),
            // A user ID typed into a users list's search: never into a password field.
            Action::TypeText { id, .. } => assert!(
                page.fields.iter().any(|f| f.id == *id && matches!(f.kind, FieldType::Text | FieldType::Search))
                    && !page.fields.iter().any(|f| f.id == *id && f.kind == FieldType::Password),
                "{a:?}: a search text outside a text field"
            ),
            Action::SelectOption { id, text } => assert!(
                page.fields.iter().any(|f| f.id == *id && f.kind == FieldType::Select && f.options.contains(text)),
                "{a:?}: no such select option"
            ),
            // Device actions may be links styled as buttons (the modern skin).
            Action::Click { id } => assert!(
                page.buttons.iter().any(|b| b.id == *id)
                    || page.fields.iter().any(|f| f.id == *id)
                    || page.links.iter().any(|l| l.id == *id),
                "{a:?}: no such button"
            ),
            Action::Follow { id } => assert!(page.links.iter().any(|l| l.id == *id), "{a:?}: no such link"),
            Action::Navigate { url } if allowed.same_origin_navigation => {
                let origin = origin_of(url);
                assert_eq!(origin, page.origin(), "navigates away from the page's origin: {url}");
                if let Some(flow_origin) = allowed.flow_origin {
                    assert_eq!(flow_origin, origin, "navigates away from the flow's portal: {url}");
                }
            }
            Action::Inject { frame, src, place } => {
                let ours = format!("{}?mode={}&", allowed.panel_url, frame.as_str());
                assert!(src.starts_with(&ours), "a frame showing something else than our page: {src}");
                assert!(place.width > 0 && place.height > 0, "an empty frame: {a:?}");
                if *frame == FrameKind::Panel {
                    assert!(place.height >= 120, "a panel too small to read: {place:?}");
                }
            }
            Action::MarkUsers { rows, .. } => {
                for r in rows {
                    assert!(element(r.anchor), "a user's checkbox beside nothing: {r:?}");
                }
            }
            Action::Navigate { .. } | Action::Remove { .. } | Action::Guard | Action::Teach { .. } | Action::StopTeaching => {}
        }
    }
}

/// An action's name, without its value (never print a secret).
pub fn op(a: &Action) -> String {
    match a {
        Action::Fill { id, .. } => format!("Fill {{ id: {id} }}"),
        other => format!("{other:?}"),
    }
}

/// Actions, printable (the Fill values left out).
pub fn ops(actions: &[Action]) -> String {
    actions.iter().map(op).collect::<Vec<_>>().join(", ")
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


/// `value` survives JSON: written, read back and written again the same.
pub fn round_trips<T: Serialize + DeserializeOwned>(value: &T, what: &str) -> T {
    let json = serde_json::to_string(value).unwrap_or_else(|e| panic!("{what} does not serialize: {e}"));
    let back: T =
        serde_json::from_str(&json).unwrap_or_else(|e| panic!("{what} written does not read back: {e}: {json}"));
    let (a, b) = (
        serde_json::to_value(value).unwrap_or_else(|e| panic!("{what}: {e}")),
        serde_json::to_value(&back).unwrap_or_else(|e| panic!("{what}: {e}")),
    );
    assert!(same_json(&a, &b), "{what} changed through JSON: {json}");
    back
}

/// The engine's effects serialize, and what it stores survives storage.
pub fn effects_serialize(fx: &Effects) {
    round_trips(fx, "the effects");
    for op in &fx.store {
        match op {
            StoreOp::Tab { state: Some(s), .. } => {
                round_trips(s, "a tab's state");
            }
            StoreOp::Tab { state: None, .. } => {}
            StoreOp::Orphans(o) => {
                round_trips(o, "the orphans");
            }
            StoreOp::Settings(s) => {
                let back = round_trips(s, "the settings");
                assert_eq!(&back, s, "the settings changed through storage");
                if let Err(e) = s.validate() {
                    panic!("the engine stored settings that do not validate: {e}: {s:?}");
                }
            }
            StoreOp::Maps(m) => {
                round_trips(m, "the maps");
                for map in m {
                    if let Err(e) = map.validate() {
                        panic!("the engine stored a map that does not validate: {e}: {map:?}");
                    }
                }
            }
            StoreOp::Pending(p) => {
                round_trips(p, "the pending policies");
            }
            StoreOp::Audit { entry, .. } => {
                round_trips(entry, "an audit record");
            }
            StoreOp::AuditAll(a) => {
                round_trips(a, "the audit log");
            }
            StoreOp::Run { .. } => {}
        }
    }
}

/// Whether `secret` is in a string of `value`. A secret of digits only (a
/// passcode) counts where it stands alone (not inside a longer run of
/// letters and digits such as an id or a number), so that a coincidence in
/// the page's own text or an id does not count.
pub fn leaks(value: &Value, secret: &str) -> bool {
    match value {
        Value::String(s) => contains_secret(s, secret),
        Value::Array(a) => a.iter().any(|v| leaks(v, secret)),
        Value::Object(o) => o.iter().any(|(k, v)| contains_secret(k, secret) || leaks(v, secret)),
        _ => false,
    }
}

fn contains_secret(text: &str, secret: &str) -> bool {
    if !secret.bytes().all(|b| b.is_ascii_digit()) {
        return text.contains(secret);
    }
    let bytes = text.as_bytes();
    text.match_indices(secret).any(|(i, m)| {
        let before = i.checked_sub(1).map(|j| bytes[j]);
        let after = bytes.get(i + m.len()).copied();
        !before.is_some_and(|b| b.is_ascii_alphanumeric()) && !after.is_some_and(|b| b.is_ascii_alphanumeric())
    })
}

/// Secrets worth looking for: long enough that a coincidence is unlikely.
pub fn searchable(secret: &str) -> bool {
    secret.chars().count() >= 6
}

/// No secret anywhere in what the engine stores, sends or asks, except the
/// tab's flow's `secret`, the orphans' `secret`, a Fill's value, the panel's
/// card while revealed and a Copy the admin asked for. Returns the panel
/// views sent, for more checks.
pub fn no_secret_outside(fx: &Effects, secrets: &[String], copy_allowed: bool, lang: Lang) {
    if secrets.is_empty() {
        return;
    }
    let check = |what: &str, value: &Value| {
        for s in secrets {
            assert!(!leaks(value, s), "a secret is in {what}");
        }
    };
    for op in &fx.store {
        match op {
            StoreOp::Tab { state: Some(st), .. } => {
                let mut st = st.clone();
                if let Some(f) = st.flow.as_mut() {
                    f.secret = None;
                }
                check("a tab's stored state (outside its flow's secret)", &json(&st));
            }
            StoreOp::Orphans(o) => {
                let mut o = o.clone();
                o.iter_mut().for_each(|f| f.secret = None);
                check("the orphans (outside their secret)", &json(&o));
            }
            StoreOp::Audit { entry, .. } => {
                check("an audit record", &json(entry));
                let csv = audit::to_csv(std::slice::from_ref(entry), |a| passwright::engine::words::audit(lang, a));
                check("the audit CSV", &Value::String(csv));
            }
            StoreOp::AuditAll(a) => check("the audit log", &json(a)),
            other => check("stored settings, maps or pending policies", &json(other)),
        }
    }
    check("a browser operation", &json(&fx.browser));
    for send in &fx.agents {
        check("a message to an agent (outside a Fill)", &json(&without_fills(&send.message)));
    }
    if let Some(passwright::protocol::Reply::Agent(m)) = &fx.reply {
        check("the reply to an agent (outside a Fill)", &json(&without_fills(m)));
    } else if let Some(r) = &fx.reply {
        check("a reply to our pages", &json(r));
    }
    for p in &fx.panels {
        match &p.message {
            ToPanel::View(v) => {
                view_holds_secret_only_revealed(v);
                let mut v = (**v).clone();
                if let Some(r) = v.result.as_mut() {
                    r.secret = None;
                    r.reading = None;
                }
                v.orphans.iter_mut().for_each(|o| o.secret = None);
                check("the panel's view (outside the revealed card)", &json(&v));
            }
            ToPanel::Copy { text } => {
                assert!(copy_allowed, "a secret handed to the clipboard without the admin's Copy");
                assert!(secrets.iter().any(|s| s == text.as_str()), "copied something else than a secret held");
            }
        }
    }
}

fn json<T: Serialize>(v: &T) -> Value {
    serde_json::to_value(v).expect("serializes")
}

fn without_fills(m: &passwright::protocol::ToAgent) -> passwright::protocol::ToAgent {
    use passwright::protocol::ToAgent;
    let blank = |a: &[Action]| -> Vec<Action> {
        a.iter()
            .map(|a| match a {
                Action::Fill { id, .. } => Action::Fill { id: *id, value: Default::default() },
                o => o.clone(),
            })
            .collect()
    };
    match m {
        ToAgent::Perform { page_id, actions } => ToAgent::Perform { page_id: page_id.clone(), actions: blank(actions) },
        ToAgent::DescribeFully { provisional } => ToAgent::DescribeFully { provisional: blank(provisional) },
        ToAgent::Idle => ToAgent::Idle,
    }
}

/// The panel shows a secret (and its reading) only while revealed.
pub fn view_holds_secret_only_revealed(v: &PanelView) {
    if let Some(r) = &v.result {
        assert!(r.secret.is_none() || r.revealed, "the card holds the secret while hidden");
        assert!(r.reading.is_none() || r.revealed, "the card reads the secret while hidden");
        if let Some(s) = &r.secret {
            assert_eq!(s.chars().count() as u32, r.length, "the mask's length is not the secret's");
        }
    }
}

/// A suggestion the flow offers (add the rules the portal enforced) only
/// adds those rules: each, and all together (what "Add these rules" does),
/// leave a policy that builds, knows the rule, and whose alphabet did not grow.
pub fn suggestions_apply(spec: &PolicySpec, flow: &Flow) {
    let Some(problem) = flow.problem.as_ref() else { return };
    if problem.suggestions.is_empty() {
        return;
    }
    let mut all = spec.clone();
    for suggestion in &problem.suggestions {
        suggestion.apply(&mut all);
        let Ok(before) = spec.policy(suggestion.kind) else { continue };
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
    for kind in [Kind::Web, Kind::Passcode] {
        if spec.policy(kind).is_ok() {
            if let Err(PolicyError::EmptyAlphabet) = all.policy(kind) {
                panic!("adding {:?} together left no allowed character", problem.suggestions);
            }
        }
    }
}

/// The promises of one flow across one event (the same flow, by id, before
/// and after). `strict` when `before` is a state the engine itself reached
/// (not arbitrary JSON).
pub fn same_flow(b: &Flow, a: &Flow, on_page: Option<&str>, agent_event: bool, strict: bool) {
    if !b.is_running() {
        assert!(!a.is_running(), "a stopped flow runs again: {:?} -> {:?}", b.status, a.status);
        if agent_event {
            assert!(a == b, "a stopped flow changed on the agent's report");
        }
    }
    if let Some(origin) = on_page {
        if origin != b.origin {
            assert!(a == b, "a flow changed on another portal's page");
        }
    }
    if let (Some(x), Some(y)) = (&b.secret, &a.secret) {
        assert!(x == y, "the flow's secret changed");
    }
    if b.accepted == Some(true) {
        assert_eq!(a.accepted, Some(true), "the portal's yes was forgotten");
    }
    if a.accepted == Some(false) && b.accepted != Some(false) {
        assert!(a.secret.is_none(), "kept a secret the portal rejected");
    }
    if a.status == Status::Done && b.status != Status::Done {
        assert_eq!(a.accepted, Some(true), "done without the portal's confirmation");
        if strict {
            assert!(a.secret.is_some(), "done, but the secret is gone");
        }
    }
    if strict {
        assert!(a.pages >= b.pages, "the page count went down");
        assert!(a.log.len() >= b.log.len() && a.log[..b.log.len()] == b.log[..], "the flow's log was rewritten");
    }
}

/// Whether the portal may hold the flow's secret: submitted, not rejected.
pub fn portal_may_hold(f: &Flow) -> bool {
    f.submitted && f.secret.is_some() && f.accepted != Some(false)
}
