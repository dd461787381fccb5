//! What the fuzzers (fuzz/, `cargo make fuzz`) found in the core, one test
//! each, so that it stays fixed without a fuzzer.

use std::path::Path;

use passwright::engine::TabState;
use passwright::flow::{Flow, Status, Task};
use passwright::policy::{CharRules, Kind, PRESETS, Policy, PolicyError, Source, WebRules, preset};
use passwright::portal::outcome::{Cause, Suggestion, suggest};
use passwright::portal::{PageKind, Snapshot, analyze};
use passwright::protocol::Action;
use passwright::protocol::panel::PanelCommand;
use passwright::settings::{Portal, Settings};
use passwright::testing::FakeBackground;
use passwright::{Context, GenerateError, Options, check, generate};

fn fixture(skin: &str, page: &str) -> Snapshot {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/snapshots/{skin}/{page}.json"));
    serde_json::from_str(&std::fs::read_to_string(&path).expect("fixture")).expect("fixture parses")
}

const CAUSES: [Cause; 16] = [
    Cause::TooShort(Some(12)),
    Cause::TooLong(12),
    Cause::TooLong(5),
    Cause::MinDigits(2),
    Cause::MinUpper(2),
    Cause::MinLower(2),
    Cause::MinLetters(1),
    Cause::MinSpecial(1),
    Cause::IdenticalRun(2),
    Cause::IdenticalRun(0),
    Cause::Ascending(3),
    Cause::Descending(3),
    Cause::Pattern,
    Cause::UserId,
    Cause::Extension,
    Cause::Phone,
];

/// flow target: the README's own example, a portal capping passwords at 12
/// characters, broke every policy without passwordrules (the Bell preset, any
/// spec of rule sets alone): the suggestion created empty passwordrules, which
/// allow no character at all, so adding the rule failed with "no character is
/// allowed".
#[test]
fn a_portal_cap_added_to_a_policy_without_passwordrules_keeps_it_working() {
    let spec = preset("bell").unwrap().spec();
    assert!(spec.web_chars.is_none(), "the case: no passwordrules");
    let before = spec.policy(Kind::Web).unwrap();
    for cause in [Cause::TooLong(12), Cause::IdenticalRun(2)] {
        let suggestion = suggest(&before, cause).expect("a rule Bell's policy does not have");
        let mut stricter = spec.clone();
        suggestion.apply(&mut stricter);
        let after = stricter.policy(Kind::Web).unwrap_or_else(|e| panic!("{cause:?}: {e}"));
        assert_eq!(after.allowed, before.allowed, "{cause:?} changed the alphabet");
        assert!(suggest(&after, cause).is_none(), "{cause:?} is known once added");

        // What settings_apply_suggestion stores: valid, and the same after storage.
        let settings = Settings {
            portals: vec![Portal {
                origin: "https://portal.example.com".into(),
                policy: Source::Spec(stricter),
            }],
            ..Settings::default()
        };
        settings.validate().unwrap();
        let back: Settings = serde_json::from_str(&serde_json::to_string(&settings).unwrap()).unwrap();
        assert_eq!(back, settings);
    }
    let mut capped = spec.clone();
    Suggestion { kind: Kind::Web, cause: Cause::TooLong(12) }.apply(&mut capped);
    assert_eq!(capped.policy(Kind::Web).unwrap().max_length, 12);
}

/// flow target: a passcode rejected with a web rule's words ("at least 2
/// digits") was offered a rule a passcode cannot hold, and applying it did
/// nothing, so the same offer came back after every rejection; the same for a
/// web password and the passcode-only rules.
#[test]
fn suggestions_are_only_rules_the_kind_can_hold() {
    for p in PRESETS {
        let spec = p.spec();
        for kind in [Kind::Web, Kind::Passcode] {
            let policy = spec.policy(kind).unwrap();
            for cause in CAUSES {
                let Some(s) = suggest(&policy, cause) else { continue };
                let mut stricter = spec.clone();
                s.apply(&mut stricter);
                assert_ne!(stricter, spec, "{}: {kind:?} {cause:?} offered but changes nothing", p.name);
                match stricter.policy(kind) {
                    Ok(after) => assert!(
                        suggest(&after, cause).is_none(),
                        "{}: {kind:?} {cause:?} still unknown once added",
                        p.name
                    ),
                    Err(e) => assert_ne!(e, PolicyError::EmptyAlphabet, "{}: {kind:?} {cause:?}", p.name),
                }
            }
        }
    }
    let passcode = preset("bell").unwrap().spec().policy(Kind::Passcode).unwrap();
    for cause in [Cause::MinDigits(2), Cause::MinUpper(1), Cause::MinLetters(1), Cause::UserId] {
        assert_eq!(suggest(&passcode, cause), None, "{cause:?} for a passcode");
    }
    assert!(suggest(&passcode, Cause::Pattern).is_some(), "Bell's passcode has no pattern rule yet");
    // A cap below the policy's own minimum is a conflict, named when the
    // policy is built (it used to be dropped silently, and offered again).
    let mut conflict = preset("bell").unwrap().spec();
    Suggestion { kind: Kind::Passcode, cause: Cause::TooLong(5) }.apply(&mut conflict);
    assert_eq!(conflict.policy(Kind::Passcode), Err(PolicyError::LengthRange { min: 6, max: 5 }));
    let web = preset("bell").unwrap().spec().policy(Kind::Web).unwrap();
    for cause in [Cause::Ascending(3), Cause::Descending(3), Cause::Pattern, Cause::Extension, Cause::Phone] {
        assert_eq!(suggest(&web, cause), None, "{cause:?} for a web password");
    }
}

/// messages target: a Passwords page whose two entries carry one element id
/// (never from the agent, which numbers each element once) was classified as
/// a form with the same field for both, and the flow typed the secret twice
/// into it and submitted.
#[test]
fn a_passwords_form_with_one_element_for_both_entries_is_not_filled() {
    let good = fixture("classic", "passwords");
    let form = analyze(&good, None).passwords.expect("the fixture is a Passwords page");
    assert_ne!(form.new, form.retype);

    let mut bad = good.clone();
    let retype = bad.fields.iter_mut().find(|f| f.id == form.retype).unwrap();
    retype.id = form.new;
    let page = analyze(&bad, None);
    assert_ne!(page.kind, PageKind::Passwords);
    assert!(page.passwords.is_none());

    let task = Task { kind: Kind::Web, rebuild: false, reset_phone: false };
    let mut bg = FakeBackground::new();
    let actions = bg.page(1, 0, "p1", &bad);
    bg.command(1, PanelCommand::Start { task });
    let pushed: Vec<Action> = bg.pushed_since(0).into_iter().flat_map(|(_, a)| a).chain(actions).collect();
    assert!(!pushed.iter().any(|a| matches!(a, Action::Fill { .. } | Action::Click { .. })), "{pushed:?}");
    assert!(!bg.flow(1).is_some_and(|f| f.submitted));
}

/// messages target: a stored flow whose page count was at its limit
/// overflowed (a panic with overflow checks, a wrap to 0 without them, which
/// lifted the loop guard); it now stops the flow.
#[test]
fn a_stored_flow_at_its_page_limit_stops_instead_of_overflowing() {
    let json = serde_json::json!({
        "id": "f1", "task": { "kind": "web" }, "origin": "http://portal.test", "user": {},
        "user_url": null, "step": "open_passwords", "phase": "start", "status": "running",
        "secret": null, "entropy_bits": 0.0, "submitted": false, "accepted": null,
        "pages": u32::MAX, "navigated": false, "log": [], "problem": null, "started_ms": 0.0,
    });
    let flow: Flow = serde_json::from_value(json).unwrap();
    let mut bg = FakeBackground::new();
    bg.tabs.insert(1, TabState { flow: Some(flow), ..TabState::default() });
    let actions = bg.page(1, 0, "p1", &fixture("classic", "user"));
    let flow = bg.flow(1).unwrap();
    assert_eq!(flow.status, Status::Failed);
    assert_eq!(flow.pages, u32::MAX);
    assert_eq!(flow.problem.as_ref().unwrap().why, passwright::flow::Why::Looping);
    assert!(!actions.iter().any(|a| matches!(a, Action::Follow { .. } | Action::Navigate { .. })));
}

/// policy target: overlapping requirements ("a printable character" and "a
/// special character"; "a letter" and "an uppercase letter") took one
/// position each, so the generator refused a length one character meets
/// ("length 1 is outside the policy's 2 to 60") and a policy whose maximum
/// length was tight was refused as impossible.
#[test]
fn overlapping_requirements_share_positions() {
    let ctx = Context::default();
    let chars = CharRules::parse("required: ascii-printable; required: special").unwrap();
    let policy = Policy::web(&WebRules::default(), Some(&chars)).unwrap();
    assert_eq!(policy.fewest_characters(), 1);
    let one = Options { length: Some(1), ..Options::default() };
    let g = generate(&policy, &ctx, &one).expect("one special character meets both");
    assert_eq!(g.secret.chars().count(), 1);
    assert!(!g.secret.chars().next().unwrap().is_ascii_alphanumeric());
    assert!(check(&policy, &ctx, &g.secret).compliant());

    // "An uppercase letter" (the portal) and "a letter" (passwordrules) in one character.
    let rules = WebRules { min_upper: Some(1), ..Default::default() };
    let chars = CharRules::parse("maxlength: 1; required: upper, lower; allowed: digit").unwrap();
    let policy = Policy::web(&rules, Some(&chars)).expect("one uppercase letter meets both");
    let g = generate(&policy, &ctx, &Options::default()).unwrap();
    assert!(g.secret.len() == 1 && g.secret.chars().all(|c| c.is_ascii_uppercase()), "{:?}", g.secret);

    // Counts: two uppercase letters are also two letters; a lowercase one is a third.
    let rules = WebRules { min_upper: Some(2), min_lower: Some(1), ..Default::default() };
    let chars = CharRules::parse("required: upper, lower; allowed: digit").unwrap();
    assert_eq!(Policy::web(&rules, Some(&chars)).unwrap().fewest_characters(), 3);

    // Disjoint requirements still take one position each, and say so.
    let chars = CharRules::parse("maxlength: 2; required: upper; required: lower; required: digit").unwrap();
    assert_eq!(
        Policy::web(&WebRules::default(), Some(&chars)),
        Err(PolicyError::RequiredExceedsMaxLength { required: 3, max: 2 })
    );
    let policy = Policy::web(
        &WebRules::default(),
        Some(&CharRules::parse("required: upper; required: digit").unwrap()),
    )
    .unwrap();
    assert!(matches!(generate(&policy, &ctx, &one), Err(GenerateError::Length { requested: 1, min: 2, .. })));
}
