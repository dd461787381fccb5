//! The extension's own pages: the options page (portals, preferences, the
//! audit log, portal maps, pending policies), the toolbar popup, the
//! hand-off sheet. And how a policy changes: stronger at once, weaker only
//! after the admin saw its before/after in the options page.

use super::{Engine, words};
use crate::audit;
use crate::i18n::{Key as K, Lang, t, tf};
use crate::policy::{Kind, PRESETS, Policy, PolicySpec, Source};
use crate::portal::map::{self, MapSource, PortalMap};
use crate::protocol::pages::{
    AuditRow, DiffLine, MapView, Note, OptionsReply, OptionsRequest, OptionsView, PopupReply, PopupRequest,
    PopupView, PortalForm, PortalView,
};
use crate::protocol::{BrowserOp, Loaded, StoreOp};
use crate::settings::{Pending, PendingFrom, Portal, Settings, normalize_origin};

/// What became of a change to a portal's policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// Stored: it only makes the policy stricter.
    Applied,
    /// It would weaken the policy: kept aside for the admin's confirmation in the options page.
    Pending,
    /// Not possible: why.
    Refused(String),
}

fn mine(e: &Engine<'_>) -> Settings {
    e.stored.settings.valid().cloned().unwrap_or_default()
}

/// One aspect of a policy in words, for comparing two.
struct Aspect {
    name: String,
    text: String,
}

fn aspects(lang: Lang, p: &Policy) -> Vec<Aspect> {
    use crate::check::RuleId;
    let mut out = Vec::new();
    for r in crate::check::rules(p) {
        let name = match r {
            RuleId::Required(i) => format!("required:{}", p.required[i].set.chars().collect::<String>()),
            r => r.to_string(),
        };
        out.push(Aspect { name, text: words::rule(lang, p, r) });
    }
    out
}

/// Whether `after` makes weaker secrets than `before` or checks less.
fn weaker_rule(before: &Policy, after: &Policy, name: &str) -> bool {
    use crate::check::RuleId;
    let present = |p: &Policy, id: RuleId| crate::check::rules(p).contains(&id);
    match name {
        "min-length" => after.min_length < before.min_length,
        "max-length" => {
            let cap = |p: &Policy| p.max_length.min(crate::generate::default_length(p).max(16));
            cap(after) < cap(before)
        }
        "allowed" => after.allowed.len() < before.allowed.len() && after.allowed.is_subset(before.allowed),
        "max-consecutive" => {
            after.max_consecutive.is_none_or(|a| before.max_consecutive.is_some_and(|b| a > b))
        }
        "max-ascending" => after.max_ascending.is_none_or(|a| before.max_ascending.is_some_and(|b| a > b)),
        "max-descending" => after.max_descending.is_none_or(|a| before.max_descending.is_some_and(|b| a > b)),
        "history" => after.history.is_none_or(|a| before.history.is_some_and(|b| a < b)),
        n if n.starts_with("required:") => {
            let set = before
                .required
                .iter()
                .find(|r| format!("required:{}", r.set.chars().collect::<String>()) == n);
            match set {
                Some(req) => !after.required.iter().any(|r| r.set == req.set && r.count >= req.count),
                None => false,
            }
        }
        "repeated-pattern" => !present(after, RuleId::RepeatedPattern),
        "user-id" => !present(after, RuleId::UserId),
        "phone" => !present(after, RuleId::Phone),
        "phone-reversed" => !present(after, RuleId::PhoneReversed),
        "extension" => !present(after, RuleId::Extension),
        "extension-reversed" => !present(after, RuleId::ExtensionReversed),
        "old" => !present(after, RuleId::Old),
        _ => false,
    }
}

/// The before/after of two specs, rule by rule, each line saying whether it weakens.
pub fn diff(lang: Lang, before: &PolicySpec, after: &PolicySpec) -> Vec<DiffLine> {
    let mut out = Vec::new();
    for kind in [Kind::Web, Kind::Passcode] {
        let (Ok(b), Ok(a)) = (before.policy(kind), after.policy(kind)) else { continue };
        let kind_word = words::kind_word(lang, kind);
        let before_aspects = aspects(lang, &b);
        let after_aspects = aspects(lang, &a);
        let mut names: Vec<&str> = before_aspects.iter().map(|x| x.name.as_str()).collect();
        for x in &after_aspects {
            if !names.contains(&x.name.as_str()) {
                names.push(&x.name);
            }
        }
        for name in names {
            let bt = before_aspects.iter().find(|x| x.name == name).map(|x| x.text.clone());
            let at = after_aspects.iter().find(|x| x.name == name).map(|x| x.text.clone());
            if bt == at {
                continue;
            }
            let none = t(lang, K::DiffNone).to_owned();
            out.push(DiffLine {
                rule: format!("{kind_word}: {}", at.clone().or(bt.clone()).unwrap_or_default()),
                before: bt.unwrap_or_else(|| none.clone()),
                after: at.unwrap_or(none),
                weaker: weaker_rule(&b, &a, name),
            });
        }
    }
    out
}

/// Makes a portal's policy what `change` does to it: at once when that only
/// makes it stricter, as a pending change (for the options page) when it
/// weakens it, never below the floor and never over the IT department's.
pub fn strengthen(
    e: &mut Engine<'_>,
    origin: &str,
    change: impl FnOnce(&mut PolicySpec),
    from: PendingFrom,
) -> Change {
    let lang = e.lang();
    if e.config.managed.portal(origin).is_some() {
        return Change::Refused(t(lang, K::ManagedPortal).to_owned());
    }
    let current = match e.config.spec(origin) {
        Ok(s) => s,
        Err(why) => return Change::Refused(why),
    };
    let mut next = current.clone();
    change(&mut next);
    for kind in [Kind::Web, Kind::Passcode] {
        match next.policy(kind) {
            Ok(p) => {
                let portal_max = current.policy(kind).map(|c| c.max_length).unwrap_or(p.max_length);
                if super::page_policy::below_floor(
                    &p,
                    &e.config.floor,
                    portal_max,
                    e.config.settings.exclude_look_alikes,
                ) {
                    return Change::Refused(floor_text(lang, &e.config.floor));
                }
            }
            Err(err) => return Change::Refused(err.to_string()),
        }
    }
    if next == current {
        return Change::Applied;
    }
    if diff(lang, &current, &next).iter().any(|l| l.weaker) {
        let mut pending: Vec<Pending> = e.stored.pending.valid().cloned().unwrap_or_default();
        pending.retain(|p| p.origin != origin);
        pending.push(Pending { origin: origin.to_owned(), spec: next, from });
        e.store(StoreOp::Pending(pending));
        return Change::Pending;
    }
    let mut s = mine(e);
    s.portals.retain(|p| !p.origin.eq_ignore_ascii_case(origin));
    s.portals.push(Portal { origin: origin.to_owned(), policy: Source::Spec(next) });
    if let Err(err) = s.validate() {
        return Change::Refused(err.to_string());
    }
    e.store(StoreOp::Settings(s));
    Change::Applied
}

fn floor_text(lang: Lang, f: &crate::settings::Floor) -> String {
    tf(
        lang,
        K::FloorText,
        &[
            ("length", &f.web_min_length.to_string()),
            ("bits", &f.web_min_bits.to_string()),
            ("digits", &f.passcode_min_length.to_string()),
        ],
    )
}

fn describe(lang: Lang, source: &Source) -> Vec<String> {
    [Kind::Web, Kind::Passcode]
        .into_iter()
        .map(|kind| {
            let name = t(lang, if kind == Kind::Web { K::LabelKindWeb } else { K::LabelKindPasscode });
            match source.policy(kind) {
                Ok(p) => format!(
                    "{name}: {}",
                    crate::check::rules(&p)
                        .into_iter()
                        .map(|r| words::rule(lang, &p, r))
                        .collect::<Vec<_>>()
                        .join("; ")
                ),
                Err(err) => format!("{name}: {err}"),
            }
        })
        .collect()
}

fn map_lines(lang: Lang, m: &PortalMap) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(p) = &m.user_page {
        out.push(tf(lang, K::MapUserPage, &[("path", &p.path)]));
    }
    if let Some(p) = &m.passwords_page {
        out.push(tf(lang, K::MapPasswordsPage, &[("path", &p.path)]));
    }
    if m.form.is_some() {
        out.push(t(lang, K::MapForm).to_owned());
    }
    if !m.path.is_empty() {
        out.push(tf(lang, K::MapPath, &[("path", &m.path.join(" › "))]));
    }
    out
}

/// The options page's labels, by element id.
fn option_labels(lang: Lang) -> Vec<(String, String)> {
    [
        ("title", K::OptTitle),
        ("portals-title", K::OptPortalsTitle),
        ("portals-help", K::OptPortalsHelp),
        ("add-portal", K::OptAddPortal),
        ("prefs-title", K::OptPrefsTitle),
        ("clipboard-label", K::OptClipboard),
        ("look-alikes-label", K::OptLookAlikes),
        ("length-label", K::OptLength),
        ("offer-rebuild-label", K::OptOfferRebuild),
        ("language-label", K::OptLanguage),
        ("language-auto", K::OptLanguageAuto),
        ("bulk-pause-label", K::OptBulkPause),
        ("save", K::OptSave),
        ("confirm-title", K::OptConfirmTitle),
        ("confirm-save", K::OptConfirmSave),
        ("floor-title", K::OptFloorTitle),
        ("maps-title", K::OptMapsTitle),
        ("maps-help", K::OptMapsHelp),
        ("export-maps", K::OptExportMaps),
        ("import-maps-label", K::OptImportMaps),
        ("audit-title", K::OptAuditTitle),
        ("audit-help", K::OptAuditHelp),
        ("export", K::OptExport),
        ("clear-audit", K::OptClearAudit),
        ("col-time", K::OptColTime),
        ("col-portal", K::OptColPortal),
        ("col-user", K::OptColUser),
        ("col-what", K::OptColWhat),
        ("col-steps", K::OptColSteps),
        ("col-outcome", K::OptColOutcome),
        ("mode-preset", K::OptModePreset),
        ("mode-rules", K::OptModeRules),
        ("mode-spec", K::OptModeSpec),
        ("remove", K::OptRemove),
        ("learn", K::OptLearn),
        ("learn-help", K::OptLearnHelp),
        ("origin-label", K::OptOriginLabel),
        ("mode-label", K::OptModeLabel),
        ("preset-label", K::OptPresetLabel),
        ("rules-label", K::OptRulesLabel),
        ("spec-label", K::OptSpecLabel),
        ("managed-note", K::OptManagedNote),
        ("insecure-note", K::WarnHttp),
        ("pending-title", K::OptPendingTitle),
        ("pending-confirm", K::OptPendingConfirm),
        ("pending-reject", K::OptPendingReject),
        ("delete-map", K::OptDeleteMap),
        ("speakable-label", K::OptSpeakable),
        ("diff-rule", K::OptDiffRule),
        ("diff-before", K::OptDiffBefore),
        ("diff-after", K::OptDiffAfter),
    ]
    .into_iter()
    .map(|(id, k)| (id.to_owned(), t(lang, k).to_owned()))
    .collect()
}

fn options_view(e: &Engine<'_>, message: Option<Note>, confirm: Vec<DiffLine>) -> OptionsView {
    let lang = e.lang();
    let managed = &e.config.managed;
    let me = mine(e);
    let pending: Vec<Pending> = e.stored.pending.valid().cloned().unwrap_or_default();
    let portal_view = |p: &Portal, is_managed: bool| {
        let origin = p.origin.clone();
        let problem = me.portal_problem(p).map(|err| err.to_string());
        let pend = pending.iter().find(|x| x.origin == origin);
        PortalView {
            origin: origin.clone(),
            policy: p.policy.clone(),
            spec: p.policy.spec().ok(),
            description: describe(lang, &p.policy),
            managed: is_managed,
            insecure: origin.starts_with("http://"),
            speakable: e.config.settings.speakable_for(&origin),
            pending: pend
                .map(|x| diff(lang, &p.policy.spec().unwrap_or_default(), &x.spec))
                .unwrap_or_default(),
            pending_from: pend.map(|x| {
                t(
                    lang,
                    if x.from == PendingFrom::RulesPage {
                        K::PendingFromRules
                    } else {
                        K::PendingFromSuggestion
                    },
                )
                .to_owned()
            }),
            problem,
        }
    };
    let mut portals: Vec<PortalView> = managed.portals.iter().map(|p| portal_view(p, true)).collect();
    for p in &me.portals {
        if !managed.portals.iter().any(|m| m.origin.eq_ignore_ascii_case(&p.origin)) {
            portals.push(portal_view(p, false));
        }
    }
    // A pending policy for a portal that has no entry yet (it used the default).
    for x in &pending {
        if !portals.iter().any(|p| p.origin == x.origin) {
            let p = Portal { origin: x.origin.clone(), policy: Source::default() };
            portals.push(portal_view(&p, false));
        }
    }
    let mut problems: Vec<String> = Vec::new();
    if let Some(u) = &e.config.unreadable {
        problems.push(tf(lang, K::WarnSettingsUnreadable, &[("detail", u)]));
    }
    for (o, why) in &e.config.broken {
        problems.push(tf(lang, K::WarnSettingsInvalid, &[("origin", o), ("detail", why)]));
    }
    if let Some(p) = e.stored.maps.problem() {
        problems.push(tf(lang, K::ProblemMaps, &[("detail", p)]));
    }
    if let Some(p) = e.stored.audit.problem() {
        problems.push(tf(lang, K::ProblemAudit, &[("detail", p)]));
    }
    let audit_rows = e
        .stored
        .audit
        .valid()
        .map(|entries| {
            entries
                .iter()
                .rev()
                .map(|a| {
                    let (steps, outcome) = words::audit(lang, a);
                    let who = match (&a.user_name, &a.user_id) {
                        (Some(n), Some(id)) => format!("{n} ({id})"),
                        (Some(n), None) => n.clone(),
                        (None, Some(id)) => id.clone(),
                        (None, None) => String::new(),
                    };
                    AuditRow {
                        time: audit::iso8601(a.time_ms),
                        origin: a.origin.clone(),
                        who,
                        kind: words::kind_word(lang, a.kind).to_owned(),
                        steps,
                        outcome,
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let maps = e
        .config
        .maps
        .iter()
        .map(|m| MapView {
            origin: m.origin.clone(),
            lines: map_lines(lang, m),
            managed: m.source == MapSource::Managed,
            map: m.clone(),
        })
        .collect();
    OptionsView {
        lang: lang.code().to_owned(),
        labels: option_labels(lang),
        presets: PRESETS.iter().map(|p| (p.name.to_owned(), p.title_in(lang).to_owned())).collect(),
        portals,
        // The values in force: a preference the IT department set shows its value (locked).
        prefs: me.clone().with_managed(managed).prefs(),
        managed_prefs: Settings::managed_prefs(managed).into_iter().map(str::to_owned).collect(),
        floor: vec![floor_text(lang, &e.config.floor)],
        maps,
        audit: audit_rows,
        problems,
        confirm,
        message,
    }
}

fn note(text: String, error: bool) -> Option<Note> {
    Some(Note { text, error })
}

/// An options page request.
pub fn options(e: &mut Engine<'_>, request: OptionsRequest) -> OptionsReply {
    let lang = e.lang();
    let view = |e: &Engine<'_>, m: Option<Note>, c: Vec<DiffLine>| {
        OptionsReply::View(Box::new(options_view(e, m, c)))
    };
    match request {
        OptionsRequest::Load => view(e, None, Vec::new()),
        OptionsRequest::Save { portals, prefs, confirmed } => match save(e, portals, &prefs, confirmed) {
            Ok(SaveOutcome::Saved) => view(e, note(t(lang, K::OptSaved).to_owned(), false), Vec::new()),
            Ok(SaveOutcome::Confirm(lines)) => {
                view(e, note(t(lang, K::OptConfirmNeeded).to_owned(), true), lines)
            }
            Err(why) => view(e, note(tf(lang, K::OptNotSaved, &[("detail", &why)]), true), Vec::new()),
        },
        OptionsRequest::ConfirmPending { origin } => {
            let mut pending: Vec<Pending> = e.stored.pending.valid().cloned().unwrap_or_default();
            let Some(p) = pending.iter().position(|p| p.origin == origin).map(|i| pending.remove(i)) else {
                return view(e, None, Vec::new());
            };
            let mut s = mine(e);
            s.portals.retain(|x| !x.origin.eq_ignore_ascii_case(&origin));
            s.portals.push(Portal { origin: origin.clone(), policy: Source::Spec(p.spec) });
            match s.validate() {
                Ok(()) => {
                    e.store(StoreOp::Settings(s.clone()));
                    e.store(StoreOp::Pending(pending.clone()));
                    e.stored.settings = Loaded::Valid(s);
                    e.stored.pending = Loaded::Valid(pending);
                    view(e, note(tf(lang, K::OptPendingApplied, &[("origin", &origin)]), false), Vec::new())
                }
                Err(err) => {
                    view(e, note(tf(lang, K::OptNotSaved, &[("detail", &err.to_string())]), true), Vec::new())
                }
            }
        }
        OptionsRequest::RejectPending { origin } => {
            let mut pending: Vec<Pending> = e.stored.pending.valid().cloned().unwrap_or_default();
            pending.retain(|p| p.origin != origin);
            e.store(StoreOp::Pending(pending.clone()));
            e.stored.pending = Loaded::Valid(pending);
            view(e, None, Vec::new())
        }
        OptionsRequest::Learn { origin } => {
            let origin = match normalize_origin(&origin) {
                Ok(o) => o,
                Err(err) => return view(e, note(err.to_string(), true), Vec::new()),
            };
            let learned = e.stored.tabs.iter().find_map(|(_, st)| {
                st.frames.iter().find_map(|f| {
                    (crate::portal::snapshot::origin_of(&f.page.url) == origin)
                        .then(|| f.page.learned.clone())
                        .flatten()
                })
            });
            let Some(spec) = learned else {
                return view(e, note(tf(lang, K::OptLearnNoTab, &[("origin", &origin)]), true), Vec::new());
            };
            match strengthen(e, &origin, |s| *s = spec, PendingFrom::RulesPage) {
                Change::Applied => {
                    reload(e);
                    view(e, note(tf(lang, K::OptLearned, &[("origin", &origin)]), false), Vec::new())
                }
                Change::Pending => {
                    reload(e);
                    view(e, note(t(lang, K::NoteLearnPending).to_owned(), true), Vec::new())
                }
                Change::Refused(why) => view(e, note(why, true), Vec::new()),
            }
        }
        OptionsRequest::ExportAudit => {
            let entries = e.stored.audit.valid().cloned().unwrap_or_default();
            OptionsReply::File {
                name: "passwright-audit.csv".into(),
                mime: "text/csv".into(),
                text: audit::to_csv(&entries, |a| words::audit(lang, a)),
            }
        }
        OptionsRequest::ClearAudit => {
            e.store(StoreOp::AuditAll(Vec::new()));
            e.stored.audit = Loaded::Valid(Vec::new());
            view(e, None, Vec::new())
        }
        OptionsRequest::ExportMaps => {
            let maps: Vec<PortalMap> =
                e.config.maps.iter().filter(|m| m.source != MapSource::Managed).cloned().collect();
            OptionsReply::File {
                name: "passwright-portal-maps.json".into(),
                mime: "application/json".into(),
                text: maps_json(&maps),
            }
        }
        OptionsRequest::ImportMaps { maps } => {
            let mut mine: Vec<PortalMap> = e.stored.maps.valid().cloned().unwrap_or_default();
            match map::merge(&mut mine, maps, MapSource::Imported) {
                Ok(n) => {
                    e.store(StoreOp::Maps(mine.clone()));
                    e.stored.maps = Loaded::Valid(mine);
                    reload(e);
                    view(e, note(tf(lang, K::OptMapsImported, &[("n", &n.to_string())]), false), Vec::new())
                }
                Err(err) => view(
                    e,
                    note(tf(lang, K::OptMapsRefused, &[("detail", &err.to_string())]), true),
                    Vec::new(),
                ),
            }
        }
        OptionsRequest::DeleteMap { origin } => {
            let mut mine: Vec<PortalMap> = e.stored.maps.valid().cloned().unwrap_or_default();
            mine.retain(|m| m.origin != origin);
            e.store(StoreOp::Maps(mine.clone()));
            e.stored.maps = Loaded::Valid(mine);
            reload(e);
            view(e, None, Vec::new())
        }
    }
}

/// Re-reads the configuration after a write (the view shows what was stored).
fn reload(e: &mut Engine<'_>) {
    for op in &e.fx.store {
        match op {
            StoreOp::Settings(s) => e.stored.settings = Loaded::Valid(s.clone()),
            StoreOp::Pending(p) => e.stored.pending = Loaded::Valid(p.clone()),
            StoreOp::Maps(m) => e.stored.maps = Loaded::Valid(m.clone()),
            _ => {}
        }
    }
    e.config = super::Config::new(e.ctx, &e.stored);
}

/// The maps as JSON text (the export file; written by hand because the core
/// has no JSON library and the format is this one shape).
fn maps_json(maps: &[PortalMap]) -> String {
    fn s(v: &str) -> String {
        let mut out = String::from('"');
        for c in v.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }
    fn loc(l: &map::Locator) -> String {
        let role = match l.role {
            map::Role::Field(f) => format!("{{\"field\":{}}}", s(&format!("{f:?}").to_lowercase())),
            map::Role::Button => "\"button\"".into(),
            map::Role::Link => "\"link\"".into(),
            map::Role::Heading => "\"heading\"".into(),
        };
        format!("{{\"role\":{role},\"name\":{},\"text\":{},\"index\":{}}}", s(&l.name), s(&l.text), l.index)
    }
    fn sig(p: &map::PageSignature) -> String {
        format!("{{\"path\":{},\"title\":{}}}", s(&p.path), s(&p.title))
    }
    let items: Vec<String> = maps
        .iter()
        .map(|m| {
            let mut fields = vec![format!("\"origin\":{}", s(&m.origin))];
            if let Some(p) = &m.user_page {
                fields.push(format!("\"user_page\":{}", sig(p)));
            }
            if let Some(p) = &m.passwords_page {
                fields.push(format!("\"passwords_page\":{}", sig(p)));
            }
            if let Some(f) = &m.form {
                let mut form =
                    vec![format!("\"new\":{}", loc(&f.new)), format!("\"retype\":{}", loc(&f.retype))];
                if let Some(w) = &f.web {
                    form.push(format!("\"web\":{}", loc(w)));
                }
                if let Some(p) = &f.passcode {
                    form.push(format!("\"passcode\":{}", loc(p)));
                }
                form.push(format!("\"submit\":{}", loc(&f.submit)));
                fields.push(format!("\"form\":{{{}}}", form.join(",")));
            }
            if !m.path.is_empty() {
                fields.push(format!(
                    "\"path\":[{}]",
                    m.path.iter().map(|p| s(p)).collect::<Vec<_>>().join(",")
                ));
            }
            format!("  {{{}}}", fields.join(","))
        })
        .collect();
    format!("{{\"passwright_portal_maps\":1,\"maps\":[\n{}\n]}}\n", items.join(",\n"))
}

enum SaveOutcome {
    Saved,
    Confirm(Vec<DiffLine>),
}

fn save(
    e: &mut Engine<'_>,
    portals: Vec<PortalForm>,
    prefs: &crate::settings::Prefs,
    confirmed: bool,
) -> Result<SaveOutcome, String> {
    let lang = e.lang();
    let before = mine(e);
    let mut next = before.clone();
    next.set_prefs(prefs);
    // The page shows (and sends back) the IT department's values for the
    // preferences it set: the admin's own stay as they were.
    for name in Settings::managed_prefs(&e.config.managed) {
        match name {
            "clipboard_clear_seconds" => next.clipboard_clear_seconds = before.clipboard_clear_seconds,
            "exclude_look_alikes" => next.exclude_look_alikes = before.exclude_look_alikes,
            "default_length" => next.default_length = before.default_length,
            "offer_rebuild" => next.offer_rebuild = before.offer_rebuild,
            "language" => next.language = before.language,
            "bulk_pause_ms" => next.bulk_pause_ms = before.bulk_pause_ms,
            _ => {}
        }
    }
    next.portals.clear();
    next.speakable.clear();
    for p in portals {
        let origin = normalize_origin(&p.origin).map_err(|err| err.to_string())?;
        if e.config.managed.portal(&origin).is_some() {
            continue;
        }
        if p.speakable {
            next.speakable.push(origin.clone());
        }
        next.portals.push(Portal { origin, policy: p.policy });
    }
    next.validate().map_err(|err| err.to_string())?;
    // What weakens: a portal's policy loosened, or a portal removed whose
    // policy was stricter than the default it falls back to.
    let mut lines = Vec::new();
    let mut origins: Vec<String> = before.portals.iter().map(|p| p.origin.clone()).collect();
    for p in &next.portals {
        if !origins.contains(&p.origin) {
            origins.push(p.origin.clone());
        }
    }
    for origin in origins {
        let b = before.spec_for(&origin).unwrap_or_default();
        let a = next.spec_for(&origin).unwrap_or_default();
        for mut l in diff(lang, &b, &a).into_iter().filter(|l| l.weaker) {
            l.rule = format!("{origin} — {}", l.rule);
            lines.push(l);
        }
    }
    if !lines.is_empty() && !confirmed {
        return Ok(SaveOutcome::Confirm(lines));
    }
    e.store(StoreOp::Settings(next.clone()));
    e.stored.settings = Loaded::Valid(next);
    e.config = super::Config::new(e.ctx, &e.stored);
    Ok(SaveOutcome::Saved)
}

/// A toolbar popup request.
pub fn popup(e: &mut Engine<'_>, request: PopupRequest) -> PopupReply {
    let lang = e.lang();
    let (tab, enabled, note_key) = match request {
        PopupRequest::Load { tab, enabled } => (tab, enabled, None),
        PopupRequest::Enabled { tab, granted } => {
            if granted {
                e.fx.browser.push(BrowserOp::SyncContentScripts);
                e.fx.browser.push(BrowserOp::InjectAgent { tab: tab.id });
            }
            (Some(tab), granted, Some(if granted { K::PopupEnabledNow } else { K::PopupNotGranted }))
        }
        PopupRequest::Disabled { tab } => {
            e.fx.browser.push(BrowserOp::SyncContentScripts);
            (Some(tab), false, None)
        }
        PopupRequest::OpenPanel { tab } => {
            super::tab::open_from_popup(e, tab.id);
            return PopupReply::Close;
        }
        PopupRequest::Teach { tab, command } => {
            super::tab::teach_from_popup(e, tab.id, command);
            return PopupReply::Close;
        }
    };
    let url = tab.as_ref().map(|t| t.url.clone()).unwrap_or_default();
    let origin = crate::portal::snapshot::origin_of(&url);
    let web = origin.starts_with("http://") || origin.starts_with("https://");
    let pattern = web.then(|| {
        let host = origin.split("://").nth(1).unwrap_or("").split(':').next().unwrap_or("");
        format!("{}://{host}/*", origin.split("://").next().unwrap_or("https"))
    });
    let state = match (web, enabled, note_key) {
        (_, _, Some(k)) => t(lang, k).to_owned(),
        (false, _, None) => t(lang, K::PopupNotPortal).to_owned(),
        (true, true, None) => t(lang, K::PopupEnabled).to_owned(),
        (true, false, None) => t(lang, K::PopupDisabled).to_owned(),
    };
    PopupReply::View(Box::new(PopupView {
        lang: lang.code().to_owned(),
        labels: [
            ("enable", K::PopupEnable),
            ("disable", K::PopupDisable),
            ("open-panel", K::PopupOpenPanel),
            ("options", K::LabelSettings),
            ("teach-title", K::PopupTeachTitle),
            ("teach-user", K::PopupTeachUser),
            ("teach-passwords", K::PopupTeachPasswords),
        ]
        .into_iter()
        .map(|(id, k)| (id.to_owned(), t(lang, k).to_owned()))
        .collect(),
        site: if web { origin.clone() } else { t(lang, K::PopupThisPage).to_owned() },
        state,
        warning: (web && origin.starts_with("http://")).then(|| t(lang, K::WarnHttp).to_owned()),
        pattern,
        enable: web && !enabled,
        disable: web && enabled,
        open: web && enabled,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::preset;

    #[test]
    fn a_shorter_minimum_is_weaker_and_an_added_rule_is_not() {
        let before = preset("bell").unwrap().spec();
        let mut shorter = before.clone();
        shorter.web.min_length = Some(3);
        assert!(diff(Lang::En, &before, &shorter).iter().any(|l| l.weaker));
        let mut stricter = before.clone();
        stricter.web.min_non_alphanumeric = Some(1);
        let lines = diff(Lang::En, &before, &stricter);
        assert!(!lines.is_empty() && lines.iter().all(|l| !l.weaker), "{lines:?}");
        let mut fewer_digits = before.clone();
        fewer_digits.passcode.min_length = 4;
        assert!(diff(Lang::En, &before, &fewer_digits).iter().any(|l| l.weaker));
    }
}
