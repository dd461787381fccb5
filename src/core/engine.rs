//! The extension's decisions for one tab, as pure functions: given the page
//! the agent described, the tab's flow (if any) and the settings, what to
//! show and what to do. The background script only stores state and carries
//! messages; it calls these through the wasm bindings.

use serde::Serialize;

use crate::audit::AuditEntry;
use crate::flow::{Action, ActionResult, Flow, Frame, Prefs, Task};
use crate::policy::PolicySpec;
use crate::portal::{Page, PageKind, Snapshot, analyze, wants_full};
use crate::settings::Settings;

/// What the background does next for a tab.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Decision {
    /// The page, as classified.
    pub page: Page,
    /// The tab's flow after the event (`None`: no flow).
    pub flow: Option<Flow>,
    /// For the agent, in order.
    pub actions: Vec<Action>,
    /// The flow's audit record, when it exists.
    pub audit: Option<AuditEntry>,
    /// A problem with this portal's settings, for the panel.
    pub settings_error: Option<String>,
    /// The snapshot was light and the page needs the full one: nothing was
    /// decided, the agent describes the page again in full.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub full: bool,
}

fn prefs(settings: &Settings) -> Prefs {
    Prefs { length: settings.default_length, exclude_look_alikes: settings.exclude_look_alikes }
}

fn spec(settings: &Settings, page: &Page) -> (PolicySpec, Option<String>) {
    let origin = crate::portal::snapshot::origin_of(&page.url);
    match settings.spec_for(&origin) {
        Ok(spec) => (spec, None),
        // Never act on a broken policy silently: fall back and say so.
        Err(e) => (PolicySpec::default(), Some(format!("The policy for {origin} is invalid ({e})."))),
    }
}

/// Where the panel and the launcher go: the panel on the Passwords page, when
/// a flow is on, or when the admin opened it; the launcher on user pages.
fn frames(page: &Page, flow: Option<&Flow>, panel_open: bool) -> Vec<Action> {
    let mut actions = Vec::new();
    if panel_open || page.kind == PageKind::Passwords || flow.is_some() {
        actions.push(Action::Remove { mode: Frame::Launcher });
        actions.push(Action::Inject { mode: Frame::Panel, anchor: page.anchor });
    } else if page.kind == PageKind::User {
        actions.push(Action::Inject { mode: Frame::Launcher, anchor: page.anchor });
    }
    if let Some(form) = &page.passwords {
        actions.push(Action::Watch { id: form.new });
    }
    actions
}

/// What Cancel leaves: the flow to keep, if any, and its audit record.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Cancelled {
    /// The flow, kept only when it holds a secret the portal may have taken
    /// (cancelled after the submission); `None` when nothing was submitted,
    /// so no card holds the panel open or blocks *Generate*.
    pub flow: Option<Flow>,
    /// The cancelled flow's record.
    pub audit: Option<AuditEntry>,
}

/// The admin pressed Cancel.
pub fn cancel(flow: Option<Flow>) -> Cancelled {
    let Some(mut flow) = flow else { return Cancelled { flow: None, audit: None } };
    flow.cancel();
    let audit = Some(AuditEntry::of(&flow));
    let keep = flow.secret.is_some() || flow.status != crate::flow::Status::Cancelled;
    Cancelled { flow: keep.then_some(flow), audit }
}

/// The admin closed the panel: what the page shows instead. A user's page
/// gets its launcher back, so the panel can be opened again without a reload
/// (`None`: no page was described yet).
pub fn close_panel(snapshot: Option<&Snapshot>) -> Vec<Action> {
    let mut actions = vec![Action::Remove { mode: Frame::Panel }];
    let page = snapshot.map(analyze);
    if let Some(page) = page.filter(|p| p.kind == PageKind::User) {
        actions.push(Action::Inject { mode: Frame::Launcher, anchor: page.anchor });
    }
    actions
}

/// A page was loaded (or described again) in a tab.
///
/// `page_id` identifies the page load: a flow acts once per load, so a second
/// description of the same page (the panel asking) never repeats a step.
pub fn on_page(
    flow: Option<Flow>,
    snapshot: &Snapshot,
    page_id: &str,
    settings: &Settings,
    panel_open: bool,
) -> Decision {
    let page = analyze(snapshot);
    // A light snapshot decides only that a page is none of ours; a flow, an
    // open panel or a page that may be the portal's needs the full one.
    if snapshot.light && (flow.is_some() || panel_open || wants_full(snapshot)) {
        // Only the frames, which the full decision confirms or corrects: the
        // panel loads while the agent describes the page again.
        let here = flow.as_ref().filter(|f| f.origin == crate::portal::snapshot::origin_of(&page.url));
        let actions = frames(&page, here, panel_open)
            .into_iter()
            .filter(|a| matches!(a, Action::Inject { .. } | Action::Remove { .. }))
            .collect();
        return Decision { page, flow, actions, audit: None, settings_error: None, full: true };
    }
    decide(flow, page, page_id, settings, panel_open)
}

/// [`on_page`] on the page as classified, whatever the snapshot's detail.
fn decide(
    mut flow: Option<Flow>,
    page: Page,
    page_id: &str,
    settings: &Settings,
    panel_open: bool,
) -> Decision {
    let (spec, settings_error) = spec(settings, &page);
    // A flow belongs to its portal: on another origin it neither shows nor acts.
    let here = flow.as_mut().filter(|f| f.origin == crate::portal::snapshot::origin_of(&page.url));
    let mut actions = frames(&page, here.as_deref(), panel_open);
    if let Some(f) = here {
        if f.is_running() && f.last_page.as_deref() != Some(page_id) {
            f.last_page = Some(page_id.to_owned());
            actions.extend(f.on_page(&page, &spec, &prefs(settings)));
        }
    }
    let audit = flow.as_ref().map(AuditEntry::of);
    Decision { page, flow, actions, audit, settings_error, full: false }
}

/// The admin started a flow on the page described by `snapshot`.
pub fn start(
    task: Task,
    id: String,
    now_ms: f64,
    snapshot: &Snapshot,
    page_id: &str,
    settings: &Settings,
) -> Decision {
    let page = analyze(snapshot);
    let (spec, settings_error) = spec(settings, &page);
    let flow = Flow::start(id, task, &page, &spec, now_ms);
    let mut decision = decide(Some(flow), page, page_id, settings, true);
    if decision.settings_error.is_none() {
        decision.settings_error = settings_error;
    }
    decision
}

/// The agent reported on a batch.
pub fn on_results(mut flow: Option<Flow>, results: &[ActionResult], snapshot: &Snapshot) -> Decision {
    if let Some(f) = flow.as_mut() {
        f.on_results(results);
    }
    let audit = flow.as_ref().map(AuditEntry::of);
    Decision { page: analyze(snapshot), flow, actions: Vec::new(), audit, settings_error: None, full: false }
}

/// What the panel's Generate does on a Passwords page: a compliant secret for
/// the page's user, filled into both fields with the right radio chosen, not
/// submitted. Returns the secret and the actions.
pub fn generate_and_fill(
    kind: crate::Kind,
    snapshot: &Snapshot,
    settings: &Settings,
    user: &crate::portal::UserInfo,
) -> Result<(crate::Generated, Vec<Action>), String> {
    let page = analyze(snapshot);
    let (spec, settings_error) = spec(settings, &page);
    if let Some(e) = settings_error {
        return Err(e);
    }
    let policy = spec.policy(kind).map_err(|e| e.to_string())?;
    let mut who = page.user.clone();
    who.merge(user);
    let opts = crate::Options {
        length: if kind == crate::Kind::Web { settings.default_length } else { None },
        exclude_look_alikes: settings.exclude_look_alikes,
    };
    let generated = crate::generate(&policy, &who.context(), &opts).map_err(|e| e.to_string())?;
    let mut actions = Vec::new();
    if let Some(form) = &page.passwords {
        let radio = match kind {
            crate::Kind::Web => form.web_radio,
            crate::Kind::Passcode => form.passcode_radio,
        };
        actions.extend(radio.map(|id| Action::Choose { id }));
        actions.push(Action::Fill { id: form.new, value: generated.secret.clone() });
        actions.push(Action::Fill { id: form.retype, value: generated.secret.clone() });
    }
    Ok((generated, actions))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::portal::snapshot::{Button, Field, Heading, Link};

    fn passwords_page() -> Snapshot {
        let field = |id, kind: &str, label: &str| Field {
            id,
            kind: kind.into(),
            label: label.into(),
            form: 0,
            ..Field::default()
        };
        Snapshot {
            url: "http://127.0.0.1:9/User/Passwords/?key=jsmith".into(),
            headings: vec![Heading { id: 0, level: 1, text: "Passwords".into() }],
            fields: vec![
                field(1, "radio", "Set web access password"),
                field(2, "radio", "Set portal password"),
                field(3, "password", "Type new user web access password"),
                field(4, "password", "Re-type new user web access password"),
            ],
            buttons: vec![
                Button { id: 5, text: "OK".into(), kind: "submit".into(), form: 0, disabled: false },
                Button { id: 6, text: "Apply".into(), kind: "submit".into(), form: 0, disabled: false },
                Button { id: 7, text: "Cancel".into(), kind: "submit".into(), form: 0, disabled: false },
            ],
            links: vec![Link {
                id: 8,
                text: "Profile".into(),
                href: "http://127.0.0.1:9/p".into(),
                ..Link::default()
            }],
            ..Snapshot::default()
        }
    }

    #[test]
    fn the_passwords_page_gets_the_panel_and_a_watched_field() {
        let d = on_page(None, &passwords_page(), "p1", &Settings::default(), false);
        assert_eq!(d.page.kind, PageKind::Passwords);
        assert!(d.actions.contains(&Action::Inject { mode: Frame::Panel, anchor: Some(3) }));
        assert!(d.actions.contains(&Action::Watch { id: 3 }));
    }

    #[test]
    fn a_flow_submits_once_per_page_load() {
        let task = Task { kind: crate::Kind::Web, rebuild: false, reset_phone: false };
        let d = start(task, "f1".into(), 0.0, &passwords_page(), "p1", &Settings::default());
        let fills = d.actions.iter().filter(|a| matches!(a, Action::Fill { .. })).count();
        assert_eq!(fills, 2);
        assert!(d.actions.contains(&Action::Choose { id: 1 }));
        assert_eq!(d.actions.last(), Some(&Action::Click { id: 5 }));
        let flow = d.flow.clone();
        assert!(flow.as_ref().unwrap().submitted);
        // The same page described again: nothing more is done.
        let again = on_page(flow, &passwords_page(), "p1", &Settings::default(), false);
        assert!(!again.actions.iter().any(|a| matches!(a, Action::Click { .. } | Action::Fill { .. })));
        assert_eq!(again.flow.unwrap().status, crate::flow::Status::Running);
    }
}
