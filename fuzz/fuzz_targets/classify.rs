//! Page classification on arbitrary snapshots (random, real pages of every
//! skin, and real pages with random edits), without and with a portal map
//! taught from the page itself: `analyze`, `learn` and the engine's look at
//! the page (light first or full, through the fake background) never panic;
//! whatever the engine tells the agent names elements of that page, types a
//! secret and watches only password fields (or the fields an admin taught),
//! and nothing acts without a flow; the panel's Generate fills both fields
//! with one secret that complies with the page's policy (and the configured
//! one, and the floor) and never submits; the engine's replies and stored
//! state serialize; rules learned from a page build sound policies and
//! survive the settings' JSON.

#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use passwright::check;
use passwright::engine::{Config, page_policy};
use passwright::policy::{Kind, PolicySpec};
use passwright::portal::{PageKind, analyze, learn, wants_full};
use passwright::protocol::panel::PanelCommand;
use passwright::protocol::{Action, Loaded, Stored};
use passwright::settings::Settings;
use passwright_fuzz::drive::{TAB, Tab};
use passwright_fuzz::{build, invariants};

fn run(u: &mut Unstructured) -> arbitrary::Result<()> {
    let snapshot = build::snapshot(u)?;
    let settings = build::settings(u)?;
    let kind = if bool::arbitrary(u)? { Kind::Web } else { Kind::Passcode };
    let map = if u.ratio(1u8, 4)? { Some(build::portal_map(u, &snapshot)?) } else { None };
    let managed = if u.ratio(1u8, 6)? {
        Some(Settings { floor: Some(build::floor(u)?), ..Settings::default() })
    } else {
        None
    };
    let light = bool::arbitrary(u)?;
    let open = bool::arbitrary(u)?;

    for m in [None, map.as_ref()] {
        let page = analyze(&snapshot, m);
        serde_json::to_value(&page).expect("a page serializes");
        if let Some(form) = &page.passwords {
            assert_ne!(form.new, form.retype, "one field for both entries: {form:?}");
            if m.is_none() {
                // The heuristics take password fields for the secret, and at
                // most one text field beside a password field (a "show
                // password" toggle left it as text; docs/usage.md).
                // (Any field of the id: two fields of one id, which the agent
                // never reports, may be a hidden one and the password field.)
                use passwright::portal::snapshot::FieldType;
                let is = |id: u32, kind: FieldType| snapshot.fields.iter().any(|f| f.id == id && f.kind == kind);
                let passwords = [form.new, form.retype].iter().filter(|id| is(**id, FieldType::Password)).count();
                for id in [form.new, form.retype] {
                    let ok = is(id, FieldType::Password) || (passwords >= 1 && is(id, FieldType::Text));
                    assert!(ok, "a secret field that is neither a password field nor a shown one beside it: {id}");
                }
                assert!(passwords >= 1, "no password field in the pair: {form:?}");
            }
        }
    }
    let _ = wants_full(&snapshot);
    if let Ok(spec) = learn::learn(&snapshot) {
        for kind in [Kind::Web, Kind::Passcode] {
            let policy = spec.policy(kind).expect("learned rules build");
            invariants::policy_is_sound(&policy);
        }
        let json = serde_json::to_string(&spec).expect("a spec serializes");
        let back: PolicySpec = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{json}: {e}"));
        assert_eq!(back, spec, "learned rules changed through the settings' JSON");
    }

    // The engine's look, through the fake background.
    let maps = map.clone().filter(|m| m.validate().is_ok()).map(|m| vec![m]);
    let mut tab = Tab::new(Some(settings.clone()), managed.clone(), maps.clone());
    tab.page(0, snapshot.clone(), false, light);
    assert!(tab.flow().is_none(), "a flow without the admin");
    if open && tab.state().is_some_and(|t| t.panel.frame.is_none()) {
        tab.shortcut();
    }

    // Generate, from the panel (the guard clean).
    let Some(state) = tab.state().cloned() else { return Ok(()) };
    let Some(host) = state.panel.frame.and_then(|f| state.frame(f)).cloned() else { return Ok(()) };
    let pushed = tab.bg.to_agents.len();
    tab.command(PanelCommand::Generate { kind }, None);
    let actions: Vec<Action> = tab.bg.pushed_since(pushed).into_iter().flat_map(|(_, a)| a).collect();
    assert!(
        !actions.iter().any(|a| matches!(a, Action::Click { .. } | Action::Follow { .. } | Action::Navigate { .. })),
        "Generate submitted or navigated: [{}]",
        invariants::ops(&actions)
    );
    let fills = invariants::fills(&actions);
    let memory = tab.bg.memory.get(&TAB).cloned().unwrap_or_default();
    let Some(generated) = memory.generated.filter(|_| !fills.is_empty()) else {
        assert!(fills.is_empty(), "filled without keeping the secret for the card");
        return Ok(());
    };
    assert_eq!(host.page.kind, PageKind::Passwords, "Generate filled a page that is not a Passwords page");
    let secret = generated.secret.as_str();
    assert_eq!(fills.len(), 2, "Generate filled {} fields", fills.len());
    assert!(fills.iter().all(|(_, v)| *v == secret), "Generate typed something else than its secret");
    assert_eq!(generated.kind, kind);

    // The policy it had to meet: the page's (printed rules, field limits) over
    // the configured one, never below the floor.
    let loaded = |s: &Option<Settings>| s.clone().map_or(Loaded::Missing, Loaded::Valid);
    let stored = Stored {
        settings: Loaded::Valid(settings.clone()),
        managed: loaded(&managed),
        maps: maps.clone().map_or(Loaded::Missing, Loaded::Valid),
        ..Stored::default()
    };
    let config = Config::new(&tab.bg.ctx, &stored);
    // The page as the engine was given it (light, it lacks some texts).
    let given = tab.described.get(&(0, "p1".to_owned())).cloned().expect("described");
    let origin = given.origin();
    let spec = config.spec(&origin).expect("generated, so the settings hold a policy");
    let page = analyze(&given, config.map(&origin));
    let s = &config.settings;
    let eff = page_policy::effective(config.lang, &spec, kind, Some(&page), &config.floor, s.default_length, s.exclude_look_alikes);
    let policy = eff.page.policy.as_ref().expect("generated, so the page's policy holds");
    let ctx = page.user.context();
    let report = check::check(policy, &ctx, secret);
    assert!(report.compliant(), "Generate made a secret the page's policy refuses: {report:?} {policy:?}");
    let n = secret.chars().count();
    if passwright_fuzz::drive::trace() {
        eprintln!(
            "generated {n} characters, {} bits, speakable {}; floor {:?}; length {:?}; policy {policy:?}",
            generated.entropy_bits, generated.speakable, config.floor, eff.page.length
        );
    }
    match kind {
        Kind::Web => {
            let below = n < usize::from(config.floor.web_min_length)
                || generated.entropy_bits + 1e-9 < f64::from(config.floor.web_min_bits);
            // Known bugs 5 and 6 (fuzz/REPORT.md): words passwords ignore the
            // floor; the floor's bits are checked on an estimate.
            let short = n < usize::from(config.floor.web_min_length);
            let known = |n| passwright_fuzz::drive::known(n);
            if !(below && ((generated.speakable && known(5)) || (!generated.speakable && !short && known(6)))) {
                assert!(n >= usize::from(config.floor.web_min_length), "below the floor's length: {n}");
                assert!(
                    generated.entropy_bits + 1e-9 >= f64::from(config.floor.web_min_bits),
                    "below the floor's entropy: {}",
                    generated.entropy_bits
                );
            }
        }
        Kind::Passcode => {
            let least = usize::from(config.floor.passcode_min_length).min(policy.max_length);
            assert!(n >= least, "a passcode below the floor: {n} digits");
        }
    }
    // A page only ever makes the policy stricter, except a digits-only web
    // field, which narrows the alphabet and drops what digits cannot meet
    // (said so in the panel's warnings).
    let digits_field = page.passwords.as_ref().is_some_and(|f| f.constraints.digits_only || f.retype_constraints.digits_only);
    if !(digits_field && kind == Kind::Web) {
        let base = spec.policy(kind).expect("the configured policy builds");
        let report = check::check(&base, &ctx, secret);
        assert!(report.compliant(), "Generate made a secret the configured policy refuses: {report:?}");
    }
    if generated.speakable {
        assert_eq!(kind, Kind::Web, "a speakable passcode");
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});
