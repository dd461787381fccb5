//! Page classification on arbitrary snapshots (random, real pages of every
//! skin, and real pages with random edits): analyze, learn and the engine's
//! first look at a page never panic; whatever the core tells the agent names
//! elements of that page, types a secret only into password fields and only
//! watches password fields; Generate fills both fields with a compliant
//! secret and never submits; rules learned from a page build sound policies
//! and survive the settings' JSON.

#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use passwright::flow::Action;
use passwright::policy::{Kind, PolicySpec};
use passwright::portal::{PageKind, UserInfo, analyze, learn, wants_full};
use passwright::{check, engine};
use passwright_fuzz::{build, invariants};

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok((snapshot, settings, panel_open, kind)) = (|| -> arbitrary::Result<_> {
        let snapshot = build::snapshot(&mut u)?;
        let settings = build::settings(&mut u)?;
        let kind = if bool::arbitrary(&mut u)? { Kind::Web } else { Kind::Passcode };
        Ok((snapshot, settings, bool::arbitrary(&mut u)?, kind))
    })() else {
        return;
    };

    let page = analyze(&snapshot);
    serde_json::to_value(&page).expect("a page serializes");
    if let Some(form) = &page.passwords {
        assert_ne!(form.new, form.retype, "one field for both entries: {form:?}");
    }

    let d = engine::on_page(None, &snapshot, "p1", &settings, panel_open);
    assert!(d.flow.is_none());
    invariants::decision_serializes(&d);
    invariants::actions_fit_the_page(&snapshot, &d.actions, None, None);
    assert!(!d.actions.iter().any(invariants::acts_on_page), "acted without a flow: {:?}", d.actions);

    // The same page described light first (the agent's first look): either
    // the core asks for the whole page and decides nothing, or the page is
    // none of the portal's and the panel is closed.
    let mut first = snapshot.clone();
    first.light = true;
    let d = engine::on_page(None, &first, "p1", &settings, panel_open);
    invariants::decision_serializes(&d);
    if d.full {
        // At most the frames, which the full look confirms or corrects.
        assert!(d.audit.is_none());
        assert!(
            d.actions.iter().all(|a| matches!(a, Action::Inject { .. } | Action::Remove { .. })),
            "acted on a light look: {:?}",
            d.actions
        );
    } else {
        assert!(!panel_open && !wants_full(&first) && d.page.kind == PageKind::Other, "{:?}", d.page.kind);
        assert!(!d.actions.iter().any(invariants::acts_on_page), "acted without a flow: {:?}", d.actions);
    }

    match engine::generate_and_fill(kind, &snapshot, &settings, &UserInfo::default()) {
        Ok((generated, actions)) => {
            let secret = generated.secret.as_str();
            invariants::actions_fit_the_page(&snapshot, &actions, Some(secret), None);
            assert!(
                !actions.iter().any(|a| matches!(
                    a,
                    Action::Click { .. } | Action::Follow { .. } | Action::Navigate { .. }
                )),
                "Generate submitted or navigated: {actions:?}"
            );
            let spec = settings.spec_for(&snapshot.origin()).expect("generated from this spec");
            let policy = spec.policy(kind).expect("generated from this policy");
            let report = check::check(&policy, &page.user.context(), secret);
            assert!(report.compliant(), "Generate made a non-compliant secret: {secret:?} {report:?}");
        }
        Err(e) => assert!(!e.is_empty()),
    }

    if let Ok(spec) = learn::learn(&snapshot) {
        for kind in [Kind::Web, Kind::Passcode] {
            let policy = spec.policy(kind).expect("learned rules build");
            invariants::policy_is_sound(&policy);
        }
        let json = serde_json::to_string(&spec).expect("a spec serializes");
        let back: PolicySpec = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{json}: {e}"));
        assert_eq!(back, spec, "learned rules changed through the settings' JSON");
    }
});
