//! The one-click flow through the engine, over arbitrary sequences of what
//! happens in a tab: a flow is started from the panel on a page of one skin,
//! then pages of that skin (as reported, or edited, light first or full, in
//! the top frame or a sub-frame), random pages and other portals' pages,
//! repeated descriptions of one page load, the agent's results (some steps
//! failing with typed errors), Cancel and the panel's other commands (each
//! sensitive one behind a guard report that is sometimes not clean), a
//! closed tab, wake-ups after the patience ran out, in any order. Never
//! panics, and at every call of the engine (`passwright_fuzz::drive`): never
//! fills and submits twice, never loses or changes a secret the portal may
//! hold, never keeps one the portal rejected, never reports done without the
//! portal's confirmation, never acts when stopped, without a flow or on
//! another origin's page, acts only on elements of the page load it was
//! given, keeps every secret out of the audit and of everything stored but
//! the flow and the orphans, a suggested rule keeps the policy working, and a
//! sensitive command takes effect only when the guard's report is clean (the
//! same command with a clean report, the control, does).

#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use passwright::flow::{PATIENCE_MS, Task};
use passwright::policy::Kind;
use passwright::protocol::panel::{FromPanel, PanelCommand};
use passwright::protocol::FrameId;
use passwright::settings::Settings;
use passwright_fuzz::build;
use passwright_fuzz::drive::{Tab, trace};

fn task(u: &mut Unstructured) -> arbitrary::Result<Task> {
    Ok(Task {
        kind: if bool::arbitrary(u)? { Kind::Web } else { Kind::Passcode },
        rebuild: bool::arbitrary(u)?,
        reset_phone: bool::arbitrary(u)?,
    })
}

/// The guard's report for a sensitive command: clean mostly.
fn guard(
    u: &mut Unstructured,
) -> arbitrary::Result<Option<(passwright::guard::GuardReport, passwright::guard::PanelVisibility)>> {
    Ok(if u.ratio(1u8, 4)? { Some((build::guard_report(u)?, build::visibility(u)?)) } else { None })
}

fn command(u: &mut Unstructured, tab: &Tab) -> arbitrary::Result<PanelCommand> {
    let orphan = |u: &mut Unstructured| -> arbitrary::Result<String> {
        let ids: Vec<String> = tab.bg.orphans.iter().map(|o| o.id.clone()).collect();
        Ok(if ids.is_empty() { String::arbitrary(u)? } else { ids[build::index(u, ids.len())?].clone() })
    };
    Ok(match u.int_in_range(0u8..=15)? {
        0..=2 => PanelCommand::Cancel,
        3 => PanelCommand::Dismiss,
        4 => PanelCommand::Reveal,
        5 => PanelCommand::Copy,
        6 => PanelCommand::AddRules,
        7 => PanelCommand::Generate { kind: if bool::arbitrary(u)? { Kind::Web } else { Kind::Passcode } },
        8 => PanelCommand::Start { task: task(u)? },
        9 => PanelCommand::Close,
        10 => PanelCommand::Open,
        11 => PanelCommand::Speakable { on: bool::arbitrary(u)? },
        12 => PanelCommand::RevealOrphan { id: orphan(u)? },
        13 => PanelCommand::DismissOrphan { id: orphan(u)? },
        14 => PanelCommand::Learn,
        _ => PanelCommand::Settings,
    })
}

fn frame(u: &mut Unstructured) -> arbitrary::Result<FrameId> {
    Ok(if u.ratio(1u8, 8)? { 1 } else { 0 })
}

fn run(u: &mut Unstructured) -> arbitrary::Result<()> {
    let skin = build::skin(u)?;
    let settings = build::settings(u)?;
    let managed = if u.ratio(1u8, 8)? {
        Some(Settings { floor: Some(build::floor(u)?), ..Settings::default() })
    } else {
        None
    };
    let mut tab = Tab::new(Some(settings), managed, None);
    // The first page: the user's or the Passwords page, sometimes anything.
    let first = match u.int_in_range(0u8..=7)? {
        0 => build::snapshot(u)?,
        1..=3 => build::named(skin, "passwords").expect("a Passwords fixture"),
        _ => build::named(skin, "user").expect("a user fixture"),
    };
    tab.page(0, first, false, bool::arbitrary(u)?);
    if tab.state().is_some_and(|t| t.panel.frame.is_none()) {
        tab.open_from_launcher(0);
    }
    let start = PanelCommand::Start { task: task(u)? };
    let g = guard(u)?;
    tab.command(start, g);
    if trace() {
        eprintln!("started: {:?}", tab.flow().map(|f| (&f.origin, f.step, f.status)));
    }

    for _ in 0..u.int_in_range(0..=20)? {
        tab.advance(1.0);
        match u.int_in_range(0u8..=19)? {
            0..=7 => {
                let f = frame(u)?;
                let mut page = match u.int_in_range(0u8..=19)? {
                    0 | 1 => build::snapshot(u)?,
                    _ => build::page_of(u, skin)?,
                };
                if f == 1 {
                    page.top = false;
                }
                // A new page load, or the same one described again.
                let same = u.ratio(1u8, 6)?;
                let light = u.ratio(1u8, 5)?;
                tab.page(f, page, same, light);
            }
            8..=11 => {
                let f = frame(u)?;
                let mut err = Ok(());
                tab.report(f, |actions| match build::results(u, actions) {
                    Ok(r) => r,
                    Err(e) => {
                        err = Err(e);
                        actions.iter().map(|a| passwright::protocol::ActionResult::ok(a.op())).collect()
                    }
                });
                err?;
            }
            12..=15 => {
                let c = command(u, &tab)?;
                let g = if c.is_sensitive() { guard(u)? } else { None };
                tab.command(c, g);
            }
            16 => tab.close_tab(),
            17 => {
                let ms = if bool::arbitrary(u)? { PATIENCE_MS + 1.0 } else { f64::from(u.int_in_range(0u32..=5000)?) };
                tab.wake(ms);
            }
            18 => {
                let message = match u.int_in_range(0u8..=3)? {
                    0 => Some(FromPanel::Resize { height: u.int_in_range(0..=1200)? }),
                    1 => Some(FromPanel::Visibility(build::visibility(u)?)),
                    2 => Some(FromPanel::Copied { ok: bool::arbitrary(u)? }),
                    _ => None,
                };
                tab.panel_message(message);
            }
            _ => {
                if bool::arbitrary(u)? {
                    tab.shortcut();
                } else {
                    tab.open_from_launcher(frame(u)?);
                }
            }
        }
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});
