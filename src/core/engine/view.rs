//! What the panel shows for a tab's state: the pure panel model. The panel's
//! web-sys code only draws it.

use super::page_policy::{self, Effective};
use super::tab::{PanelNote, TabState};
use super::{Engine, words};
use crate::check::{self, Outcome as Verdict};
use crate::flow::{Flow, Status, Step};
use crate::i18n::{Key as K, Lang, t, tf};
use crate::policy::{Kind, Source};
use crate::portal::classify::{Confidence, Page, PageKind, UserInfo};
use crate::portal::outcome;
use crate::portal::snapshot::origin_of;
use crate::protocol::TabId;
use crate::protocol::panel::{
    Control, Controls, ItemState, ItemView, OrphanView, PanelView, ProblemView, ResultView, RuleOrigin,
    StatusState, StepState, StepView,
};

/// The fixed labels of the panel page, by element id.
pub fn labels(lang: Lang) -> Vec<(String, String)> {
    [
        ("open-text", K::LabelOpen),
        ("open", K::LabelOpenTitle),
        ("settings", K::LabelSettings),
        ("close", K::LabelClose),
        ("reset-web", K::LabelResetWeb),
        ("reset-passcode", K::LabelResetPasscode),
        ("rebuild-text", K::LabelRebuild),
        ("reset-phone-text", K::LabelResetPhone),
        ("generate", K::LabelGenerate),
        ("kind-web-text", K::LabelKindWeb),
        ("kind-passcode-text", K::LabelKindPasscode),
        ("kinds", K::LabelKinds),
        ("speakable-text", K::LabelSpeakable),
        ("learn", K::LabelLearn),
        ("cancel", K::LabelCancel),
        ("dismiss", K::LabelDismiss),
        ("copy", K::LabelCopy),
        ("rules-title-text", K::LabelRules),
        ("orphans", K::LabelOrphans),
        ("result", K::LabelResult),
        ("oneclick", K::LabelOneclick),
        ("generator", K::LabelGenerator),
        ("panel-title", K::LabelPanelTitle),
        // Not element ids: the password's spoken name, hidden and shown (`result` in src/wasm/panel).
        ("password-hidden", K::LabelPasswordHidden),
        ("password-shown", K::LabelPassword),
    ]
    .into_iter()
    .map(|(id, key)| (id.to_owned(), t(lang, key).to_owned()))
    .collect()
}

fn note_text(lang: Lang, note: &PanelNote) -> (String, bool) {
    match note {
        PanelNote::CancelledNothing => (t(lang, K::NoteCancelledNothing).into(), false),
        PanelNote::Copied { seconds: 0 } => (t(lang, K::NoteCopied).into(), false),
        PanelNote::Copied { seconds } => {
            (tf(lang, K::NoteCopiedClear, &[("n", &seconds.to_string())]), false)
        }
        PanelNote::CopyRefused => (t(lang, K::NoteCopyRefused).into(), true),
        PanelNote::ClipboardCleared => (t(lang, K::NoteClipboardCleared).into(), false),
        PanelNote::ClipboardNotCleared => (t(lang, K::NoteClipboardNotCleared).into(), true),
        PanelNote::RulesAdded => (t(lang, K::NoteRulesAdded).into(), false),
        PanelNote::RulesPending => (t(lang, K::NoteRulesPending).into(), true),
        PanelNote::Learned { rules } => (tf(lang, K::NoteLearned, &[("n", &rules.to_string())]), false),
        PanelNote::LearnPending => (t(lang, K::NoteLearnPending).into(), true),
        PanelNote::LearnFailed(d) => (tf(lang, K::NoteLearnFailed, &[("detail", d)]), true),
        PanelNote::FillFailed => (t(lang, K::NoteFillFailed).into(), true),
        PanelNote::GenerateFailed(d) => (tf(lang, K::NoteGenerateFailed, &[("detail", d)]), true),
    }
}

/// The panel's frame's page.
pub fn panel_page(st: &TabState) -> Option<&Page> {
    let frame = st.panel.frame?;
    st.frames.iter().find(|f| f.frame == frame).map(|f| &f.page)
}

/// The flow of this tab on the panel's origin (a card never follows the tab
/// to another origin).
pub fn flow_here<'s>(st: &'s TabState, origin: &str) -> Option<&'s Flow> {
    st.flow.as_ref().filter(|f| f.origin == origin)
}

/// Generate's card, when it was made on `origin` (it does not follow the tab either).
pub fn generated_here<'e>(e: &'e Engine<'_>, origin: &str) -> Option<&'e crate::engine::GeneratedCard> {
    e.stored.memory.generated.as_ref().filter(|g| g.origin == origin)
}

/// The kind the panel is about: the flow's, the generated secret's, or the admin's choice.
pub fn kind(e: &Engine<'_>, st: &TabState, flow: Option<&Flow>) -> Kind {
    flow.map(|f| f.task.kind).or(e.stored.memory.generated.as_ref().map(|g| g.kind)).unwrap_or(st.panel.kind)
}

/// Whether speakable passwords are chosen here.
pub fn speakable(e: &Engine<'_>, st: &TabState, origin: &str) -> bool {
    st.panel.speakable.unwrap_or_else(|| e.config.settings.speakable_for(origin))
}

/// The policy the panel and the flow work with on `page`, for `kind`.
pub fn effective(e: &Engine<'_>, origin: &str, kind: Kind, page: Option<&Page>) -> Result<Effective, String> {
    let spec = e.config.spec(origin)?;
    let s = &e.config.settings;
    Ok(page_policy::effective(
        e.lang(),
        &spec,
        kind,
        page,
        &e.config.floor,
        s.default_length,
        s.exclude_look_alikes,
    ))
}

fn steps(lang: Lang, flow: &Flow) -> Vec<StepView> {
    let plan = flow.plan();
    plan.iter()
        .map(|&s| {
            let state = match flow.status {
                _ if s < flow.step => StepState::Done,
                Status::Done => StepState::Done,
                Status::Running if s == flow.step => StepState::Current,
                Status::Failed | Status::Cancelled if s == flow.step => StepState::Failed,
                _ => StepState::Todo,
            };
            StepView { label: words::step(lang, s, flow.task.kind), state }
        })
        .collect()
}

fn problem(lang: Lang, flow: &Flow, eff: Option<&Effective>) -> Option<ProblemView> {
    let p = flow.problem.as_ref()?;
    let policy = eff.and_then(|e| e.page.policy.as_ref().ok());
    let rules: Vec<String> = policy
        .map(|pol| {
            p.causes
                .iter()
                .filter_map(|&c| outcome::matching_rule(pol, c).map(|r| words::rule(lang, pol, r)))
                .collect()
        })
        .unwrap_or_default();
    let suggestions: Vec<String> = p.suggestions.iter().map(|s| words::cause(lang, s.cause)).collect();
    let add_label = match suggestions.len() {
        0 => None,
        1 => Some(t(lang, K::AddRule).to_owned()),
        _ => Some(t(lang, K::AddRules).to_owned()),
    };
    Some(ProblemView {
        message: words::why(lang, &p.why, flow.task.kind),
        portal_text: p.portal_text.clone(),
        rule: (!rules.is_empty()).then(|| tf(lang, K::ProblemRules, &[("rules", &rules.join("; "))])),
        suggestions,
        add_label,
    })
}

fn masked(
    lang: Lang,
    secret: &zeroize::Zeroizing<String>,
    revealed: bool,
) -> (u32, Option<zeroize::Zeroizing<String>>, String) {
    let length = secret.chars().count() as u32;
    let label = t(lang, if revealed { K::Hide } else { K::Show }).to_owned();
    (length, revealed.then(|| secret.clone()), label)
}

fn reading(secret: &str, speakable: bool) -> String {
    if speakable { crate::nato::speak(secret) } else { crate::nato::spell(secret) }
}

/// The panel's whole view for `tab`.
pub fn panel(e: &Engine<'_>, _tab: TabId, st: &TabState) -> PanelView {
    let lang = e.lang();
    let page = panel_page(st);
    let origin = page.map(|p| origin_of(&p.url)).unwrap_or_default();
    let flow = flow_here(st, &origin);
    let generated = generated_here(e, &origin).filter(|_| flow.is_none());
    let kind = kind(e, st, flow);
    let page_kind = page.map(|p| p.kind);
    let eff = effective(e, &origin, kind, page.filter(|p| p.kind == PageKind::Passwords));
    let mut warnings = Vec::new();
    if origin.starts_with("http://") {
        warnings.push(t(lang, K::WarnHttp).to_owned());
    }
    match &eff {
        Ok(eff) => warnings.extend(eff.conflicts.iter().cloned()),
        Err(e) => warnings.push(e.clone()),
    }
    let mut user = flow.map(|f| f.user.clone()).unwrap_or_default();
    if let Some(p) = page {
        user.merge(&p.user);
    }
    let who = user.name.clone().or(user.user_id.clone()).map(|n| (n, user.user_id.clone()));

    // The status line.
    let (state, mut status) = match flow.map(|f| f.status) {
        Some(Status::Running) => {
            let f = flow.map(|f| (f.step, f.task.kind)).unwrap_or((Step::OpenPasswords, Kind::Web));
            (StatusState::Running, tf(lang, K::StatusWorking, &[("step", &words::step(lang, f.0, f.1))]))
        }
        Some(Status::Done) => {
            (StatusState::Done, tf(lang, K::StatusDone, &[("noun", words::noun(lang, kind))]))
        }
        Some(Status::Failed) => (
            StatusState::Failed,
            flow.and_then(|f| f.problem.as_ref())
                .map_or_else(|| t(lang, K::StatusStopped).to_owned(), |p| words::why(lang, &p.why, kind)),
        ),
        Some(Status::Cancelled) => (StatusState::Idle, t(lang, K::StatusCancelled).to_owned()),
        None => (
            StatusState::Idle,
            t(
                lang,
                match page_kind {
                    Some(PageKind::Passwords) if page.is_some_and(Page::one_click) => K::StatusReadyPasswords,
                    Some(PageKind::Passwords) => K::StatusReadyGenerator,
                    Some(PageKind::User) => K::StatusReadyUser,
                    Some(PageKind::PasswordRules) => K::StatusReadyRules,
                    _ => K::StatusOther,
                },
            )
            .to_owned(),
        ),
    };
    // Between a run's users (or choosing them), the status line speaks of the run.
    let bulk = super::run::view(e, st, page);
    if let Some(b) = bulk.as_ref().filter(|_| flow.is_none()) {
        status = if b.choosing { b.progress.clone() } else { b.status.clone() };
    }
    if let Some(note) = &st.panel.note {
        if flow.is_none_or(|f| !f.is_running()) {
            status.push(' ');
            status.push_str(&note_text(lang, note).0);
        }
    }
    // An unsure Passwords form: say why one-click is not offered.
    if flow.is_none() {
        if let Some(f) =
            page.and_then(|p| p.passwords.as_ref()).filter(|f| f.confidence != Confidence::Portal)
        {
            let why = if f.current.is_some() {
                crate::flow::Why::AsksCurrent
            } else {
                crate::flow::Why::NotConfident(f.confidence)
            };
            warnings.push(words::why(lang, &why, kind));
        }
    }

    let orphans: Vec<OrphanView> = e
        .stored
        .orphans
        .iter()
        .filter(|f| f.origin == origin)
        .filter_map(|f| {
            let secret = f.secret.as_ref()?;
            let revealed = st.panel.orphans_revealed.contains(&f.id);
            // Its user as the flow knew them, else as this page shows them
            // (the same user's page), else the page the flow began on.
            let here = page.filter(|p| f.user_url.as_deref() == Some(p.url.as_str()));
            let who = f
                .user
                .name
                .clone()
                .or(f.user.user_id.clone())
                .or_else(|| here.and_then(|p| p.user.name.clone().or(p.user.user_id.clone())))
                .or_else(|| f.user_url.clone())
                .unwrap_or_else(|| f.origin.clone());
            let (length, secret, reveal_label) = masked(lang, secret, revealed);
            Some(OrphanView {
                id: f.id.clone(),
                title: tf(lang, K::OrphanTitle, &[("who", &who)]),
                note: f.problem.as_ref().map(|p| words::why(lang, &p.why, f.task.kind)).unwrap_or_default(),
                length,
                secret,
                reveal_label,
            })
        })
        .collect();

    // The card of the new secret.
    let revealed = st.panel.revealed;
    let result = if let Some(f) = flow.filter(|f| f.secret.is_some()) {
        let secret = f.secret.as_ref().expect("filtered");
        let noun = words::noun(lang, f.task.kind);
        let title = match f.status {
            Status::Done => tf(lang, K::CardDone, &[("noun", noun)]),
            _ if f.accepted == Some(true) => tf(lang, K::CardAccepted, &[("noun", noun)]),
            Status::Running => tf(lang, K::CardRunning, &[("noun", noun)]),
            _ => tf(lang, K::CardMaybe, &[("noun", noun)]),
        };
        let (length, shown, reveal_label) = masked(lang, secret, revealed);
        Some(ResultView {
            title,
            warn: f.status == Status::Failed,
            length,
            reading: revealed.then(|| reading(secret, f.speakable)),
            secret: shown,
            reveal_label,
            revealed,
            entropy: tf(lang, K::Entropy, &[("n", &format!("{:.0}", f.entropy_bits))]),
            handoff: words::handoff(lang, f),
        })
    } else {
        generated.map(|g| {
            let (length, shown, reveal_label) = masked(lang, &g.secret, revealed);
            ResultView {
                title: tf(lang, K::CardGenerated, &[("noun", words::noun(lang, g.kind))]),
                warn: false,
                length,
                reading: revealed.then(|| reading(&g.secret, g.speakable)),
                secret: shown,
                reveal_label,
                revealed,
                entropy: tf(lang, K::Entropy, &[("n", &format!("{:.0}", g.entropy_bits))]),
                handoff: None,
            }
        })
    };

    // The controls.
    let running = flow.is_some_and(Flow::is_running);
    // A bulk run drives the tab: no single reset meanwhile.
    let in_run = st.run.as_ref().is_some_and(crate::bulk::Run::is_active);
    let at_user = !in_run
        && (matches!(page_kind, Some(PageKind::User))
            || matches!(page_kind, Some(PageKind::Passwords)) && page.is_some_and(Page::one_click));
    let policy_ok = eff.as_ref().is_ok_and(|e| e.page.policy.is_ok());
    // Disarmed or not, the controls answer: each click is judged by the guard
    // again, and refused (with the reason shown) while the page interferes.
    let enabled = |c: bool| Control { shown: true, enabled: c };
    let card = result.is_some();
    let finished = flow.is_some_and(|f| !f.is_running());
    let controls = Controls {
        oneclick: Control::when(flow.is_none() && at_user),
        reset_web: if flow.is_none() && at_user {
            enabled(!running && e.config.spec(&origin).is_ok())
        } else {
            Control::OFF
        },
        reset_passcode: if flow.is_none() && at_user {
            enabled(!running && e.config.spec(&origin).is_ok())
        } else {
            Control::OFF
        },
        rebuild: Control::when(flow.is_none() && at_user && e.config.settings.offer_rebuild),
        reset_phone: Control::when(flow.is_none() && at_user && e.config.settings.offer_rebuild),
        generate: if page_kind == Some(PageKind::Passwords) {
            enabled(flow.is_none() && policy_ok)
        } else {
            Control::GREY
        },
        speakable: Control::when(kind == Kind::Web && flow.is_none()),
        speakable_on: speakable(e, st, &origin),
        learn: if page_kind == Some(PageKind::PasswordRules) { enabled(true) } else { Control::OFF },
        cancel: if running { enabled(true) } else { Control::OFF },
        dismiss: if finished || (flow.is_none() && generated.is_some()) {
            enabled(true)
        } else {
            Control::OFF
        },
        reveal: if card { enabled(true) } else { Control::OFF },
        copy: if card { enabled(true) } else { Control::OFF },
        add_rules: if flow.and_then(|f| f.problem.as_ref()).is_some_and(|p| !p.suggestions.is_empty()) {
            enabled(true)
        } else {
            Control::OFF
        },
    };

    // The checklist over what is on show, or in the portal's field.
    let (rules_title, checklist) = checklist(e, st, &origin, kind, page, eff.as_ref().ok(), &user, flow);
    PanelView {
        lang: lang.code().to_owned(),
        labels: labels(lang),
        who,
        state,
        status,
        warnings,
        disarmed: st.panel.disarmed.as_ref().map(|i| words::interference(lang, i)),
        orphans,
        problem: flow.and_then(|f| problem(lang, f, eff.as_ref().ok())),
        result,
        steps: flow.map(|f| steps(lang, f)).unwrap_or_default(),
        controls,
        rules_title,
        checklist,
        kind,
        bulk,
        teach: st.teach.as_ref().map(|tch| super::tab::teach_view(lang, tch)),
    }
}

#[allow(clippy::too_many_arguments)]
fn checklist(
    e: &Engine<'_>,
    st: &TabState,
    origin: &str,
    kind: Kind,
    page: Option<&Page>,
    eff: Option<&Effective>,
    user: &UserInfo,
    flow: Option<&Flow>,
) -> (String, Vec<ItemView>) {
    let lang = e.lang();
    let source = e.config.settings.source_for(origin);
    let policy_name = match &source {
        Source::Preset(name) => {
            crate::policy::preset(name).map_or(name.clone(), |p| p.title_in(lang).to_owned())
        }
        Source::Rules(_) => t(lang, K::PolicyRulesText).to_owned(),
        Source::Spec(_) => t(lang, K::PolicyPortal).to_owned(),
    };
    let title = tf(lang, K::RulesTitle, &[("policy", &policy_name), ("kind", words::kind_word(lang, kind))]);
    let Some(eff) = eff else { return (title, Vec::new()) };
    let Ok(policy) = &eff.page.policy else { return (title, Vec::new()) };
    let value: zeroize::Zeroizing<String> = flow
        .and_then(|f| f.secret.clone())
        .or_else(|| generated_here(e, origin).filter(|_| flow.is_none()).map(|g| g.secret.clone()))
        .or_else(|| {
            e.stored.memory.field.clone().filter(|_| page.is_some_and(|p| p.kind == PageKind::Passwords))
        })
        .unwrap_or_default();
    let _ = st;
    let ctx = user.context();
    let items = check::rules(policy)
        .into_iter()
        .map(|rule| {
            let result = check::evaluate(policy, &ctx, &value, rule);
            let state = match (&result, value.is_empty()) {
                (_, true) => ItemState::Pending,
                (Ok(()), _) => ItemState::Pass,
                (Err(f), _) if f.outcome() == Verdict::NotChecked => ItemState::NotChecked,
                (Err(_), _) => ItemState::Fail,
            };
            let label = words::rule(lang, policy, rule);
            let label = match (&result, value.is_empty()) {
                (Err(f), false) => format!("{label}: {}", words::failure(lang, policy, rule, f)),
                _ => label,
            };
            let origin = eff.origins.iter().find(|(r, _)| *r == rule).map_or(RuleOrigin::Policy, |(_, o)| *o);
            ItemView {
                label,
                state,
                rule: rule.to_string(),
                origin,
                origin_label: match origin {
                    RuleOrigin::Policy => None,
                    RuleOrigin::Page => Some(t(lang, K::FromPage).to_owned()),
                    RuleOrigin::Field => Some(t(lang, K::FromField).to_owned()),
                },
            }
        })
        .collect();
    (title, items)
}
