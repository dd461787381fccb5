//! The one-click flow over arbitrary page sequences: a flow is started on a
//! page of one skin, then pages of that skin (as reported, or edited), random
//! pages, repeated descriptions of one page load, the agent's reports (some
//! steps failing), Cancel and a closed tab arrive in any order. Never panics,
//! and the flow keeps its promises at every event: never fills or submits
//! twice, never loses or changes a secret the portal may hold, never keeps one
//! the portal rejected, never reports done without the portal's confirmation,
//! never acts when stopped or on another portal's page, acts only on elements
//! of the page it was given, keeps the secret out of the audit record, and
//! survives the background's storage unchanged.

#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use passwright::engine::{self, Decision};
use passwright::flow::{Action, Flow, Task};
use passwright::policy::Kind;
use passwright::portal::Snapshot;
use passwright::settings::Settings;
use passwright_fuzz::build;
use passwright_fuzz::invariants::{self, Event};

fn after_event(settings: &Settings, page: &Snapshot, before: Option<&Flow>, d: &Decision, event: Event) {
    invariants::transition(before, d.flow.as_ref(), &d.actions, event, page, true);
    flow_checks(settings, page, d);
}

fn flow_checks(settings: &Settings, page: &Snapshot, d: &Decision) {
    invariants::decision_serializes(d);
    let Some(flow) = &d.flow else { return };
    invariants::actions_fit_the_page(
        page,
        &d.actions,
        flow.secret.as_deref().map(|s| s.as_str()),
        Some(&flow.origin),
    );
    invariants::no_secret_in_records(flow);
    invariants::suggestion_applies(&settings.spec_for(&flow.origin).unwrap_or_default(), flow);
}

/// Set PASSWRIGHT_FUZZ_TRACE=1 to print every event when reproducing a crash.
fn trace() -> bool {
    std::env::var_os("PASSWRIGHT_FUZZ_TRACE").is_some()
}

fn fills(actions: &[Action]) -> usize {
    usize::from(actions.iter().any(|a| matches!(a, Action::Fill { .. })))
}

fn run(u: &mut Unstructured) -> arbitrary::Result<()> {
    let skin = build::skin(u)?;
    let settings = build::settings(u)?;
    let task = Task {
        kind: if bool::arbitrary(u)? { Kind::Web } else { Kind::Passcode },
        rebuild: bool::arbitrary(u)?,
        reset_phone: bool::arbitrary(u)?,
    };
    let mut page = if u.ratio(1u8, 8)? { build::snapshot(u)? } else { build::page_of(u, skin)? };
    let d = engine::start(task, "f1".into(), 1_795_651_200_000.0, &page, "p0", &settings);
    assert!(d.flow.is_some(), "start made no flow");
    if trace() {
        eprintln!(
            "start {task:?} on {} ({:?}) with {settings:?}: {:?}\n  flow: {:?}",
            page.url, d.page.kind, d.actions, d.flow
        );
    }
    flow_checks(&settings, &page, &d);
    let mut fill_batches = fills(&d.actions);
    let mut flow = d.flow;
    let mut last_actions = d.actions;
    let mut load = 0u32;
    for _ in 0..u.int_in_range(0..=14)? {
        let before = flow.clone();
        let (d, event) = match u.int_in_range(0u8..=11)? {
            0..=6 => {
                page = if u.ratio(1u8, 10)? { build::snapshot(u)? } else { build::page_of(u, skin)? };
                if !u.ratio(1u8, 6)? {
                    load += 1; // a new page load; otherwise the same page described again
                }
                let panel_open = bool::arbitrary(u)?;
                (engine::on_page(flow, &page, &format!("p{load}"), &settings, panel_open), Event::Page)
            }
            7..=9 => {
                let results = build::results(u, &last_actions)?;
                (engine::on_results(flow, &results, &page), Event::Results)
            }
            10 => {
                let mut f = flow;
                if let Some(f) = f.as_mut() {
                    f.cancel();
                }
                (
                    Decision { flow: f, actions: Vec::new(), ..engine::on_results(None, &[], &page) },
                    Event::Cancel,
                )
            }
            _ => {
                let mut f = flow;
                if let Some(f) = f.as_mut() {
                    f.abandon("the tab was closed");
                }
                (
                    Decision { flow: f, actions: Vec::new(), ..engine::on_results(None, &[], &page) },
                    Event::Abandon,
                )
            }
        };
        if trace() {
            eprintln!("{event:?} on {} ({:?}): {:?}\n  flow: {:?}", page.url, d.page.kind, d.actions, d.flow);
        }
        after_event(&settings, &page, before.as_ref(), &d, event);
        fill_batches += fills(&d.actions);
        assert!(fill_batches <= 1, "the flow filled and submitted the form twice");
        flow = d.flow;
        last_actions = d.actions;
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});
