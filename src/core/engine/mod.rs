//! The extension's decisions, as one pure function: [`handle`] takes an
//! [`Event`] with the stored state it [`needs`], and returns the [`Effects`]
//! to apply. `extension/background.js` only loads, stores, carries messages
//! and calls browser APIs.
//!
//! | decision | where |
//! |---|---|
//! | what a page is, its form's roles, how sure | [`crate::portal::classify`] |
//! | the policy a page asks for (printed rules, field limits, floor) | [`page_policy`] |
//! | the flow's next step | [`crate::flow`] |
//! | which frames get the panel or the launcher, and where | [`tab`] |
//! | whether a click on the panel counts | [`crate::guard`] |
//! | what the panel shows | [`view`] |
//! | the options page and the popup | [`pages`] |
//! | bulk runs and the hand-off sheet | [`run`] |
//! | every text, in four languages | [`words`] |

pub mod page_policy;
pub mod pages;
pub mod run;
pub mod tab;
pub mod view;
pub mod words;

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::i18n::Lang;
use crate::policy::{Kind, PolicySpec};
use crate::portal::map::PortalMap;
use crate::protocol::{Context, Effects, Event, Loaded, Needs, Reply, StoreOp, Stored, TabId};
use crate::settings::{Floor, Settings};

pub use tab::{FrameState, PanelNote, PanelState, TabState};

/// How many audit records are kept.
pub const AUDIT_KEEP: u32 = 500;

/// A secret generated into the page's fields (not submitted), kept in the
/// background's memory until dismissed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GeneratedCard {
    /// The secret.
    pub secret: Zeroizing<String>,
    /// Its entropy.
    pub entropy_bits: f64,
    /// Which kind.
    pub kind: Kind,
    /// Made of words.
    pub speakable: bool,
    /// The origin of the page it was generated on: the card shows there only
    /// (a tab that goes to another portal does not take it along).
    #[serde(default)]
    pub origin: String,
}

/// What the background must load for `event`.
pub fn needs(event: &Event) -> Needs {
    let tab =
        |tab: TabId| Needs { tab: Some(tab), settings: true, orphans: true, runs: true, ..Needs::default() };
    match event {
        Event::Agent { tab: t, .. } | Event::Panel { tab: t, .. } | Event::PanelGone { tab: t, .. } => {
            tab(*t)
        }
        Event::Shortcut { tab: t } | Event::Wake { tab: t } => tab(*t),
        Event::TabClosed { tab: t } => {
            Needs { tab: Some(*t), orphans: true, settings: true, ..Needs::default() }
        }
        Event::Options(_) => Needs { all_tabs: true, settings: true, audit: true, ..Needs::default() },
        Event::Popup(r) => {
            let t = match r {
                crate::protocol::PopupRequest::Load { tab, .. } => tab.as_ref().map(|t| t.id),
                crate::protocol::PopupRequest::Enabled { tab, .. }
                | crate::protocol::PopupRequest::Disabled { tab }
                | crate::protocol::PopupRequest::OpenPanel { tab }
                | crate::protocol::PopupRequest::Teach { tab, .. } => Some(tab.id),
            };
            Needs { tab: t, settings: true, orphans: true, ..Needs::default() }
        }
        Event::Sheet(_) => Needs { all_tabs: true, settings: true, ..Needs::default() },
        Event::Started => Needs { audit: true, runs: true, ..Needs::default() },
        Event::ClipboardCleared { .. } => {
            Needs { all_tabs: true, settings: true, orphans: true, ..Needs::default() }
        }
    }
}

/// The settings as the engine uses them: the admin's merged with the IT
/// department's, the maps, the floor, and what could not be used.
pub struct Config {
    /// Merged settings (portals that failed validation are left out here and
    /// named in `broken`).
    pub settings: Settings,
    /// Origins whose settings are invalid: never generate for them (no
    /// fallback to a looser policy), with why.
    pub broken: Vec<(String, String)>,
    /// The whole stored settings could not be read: why. Nothing is generated.
    pub unreadable: Option<String>,
    /// The floor.
    pub floor: Floor,
    /// The portal maps: the IT department's, then the admin's.
    pub maps: Vec<PortalMap>,
    /// The IT department's settings as deployed.
    pub managed: Settings,
    /// The UI language.
    pub lang: Lang,
}

impl Config {
    /// Reads and validates what was loaded.
    pub fn new(ctx: &Context, stored: &Stored) -> Config {
        let (mine, mut unreadable) = match &stored.settings {
            Loaded::Valid(s) => (s.clone(), None),
            Loaded::Missing => (Settings::default(), None),
            Loaded::Invalid(e) => (Settings::default(), Some(e.clone())),
        };
        let managed = match &stored.managed {
            Loaded::Valid(m) => m.validate().map(|_| m.clone()).unwrap_or_default(),
            _ => Settings::default(),
        };
        let mut settings = mine.with_managed(&managed);
        let mut broken = Vec::new();
        let checker = settings.clone();
        settings.portals.retain(|p| match settings_problem(&checker, p) {
            Some(why) => {
                broken.push((
                    crate::settings::normalize_origin(&p.origin).unwrap_or_else(|_| p.origin.clone()),
                    why,
                ));
                false
            }
            None => true,
        });
        if let Err(e) = settings.prefs_valid() {
            unreadable.get_or_insert(e.to_string());
        }
        let mut maps = managed.maps.clone();
        for m in &mut maps {
            m.source = crate::portal::map::MapSource::Managed;
        }
        if let Loaded::Valid(local) = &stored.maps {
            for m in local {
                if m.validate().is_ok() && !maps.iter().any(|o| o.origin == m.origin) {
                    maps.push(m.clone());
                }
            }
        }
        let floor = managed.floor.unwrap_or_default();
        let lang = Lang::pick(settings.language, &ctx.ui_language);
        Config { settings, broken, unreadable, floor, maps, managed, lang }
    }

    /// The map for `origin`, if any.
    pub fn map(&self, origin: &str) -> Option<&PortalMap> {
        self.maps.iter().find(|m| m.origin.eq_ignore_ascii_case(origin))
    }

    /// The policy for `origin`, or why there is none (never a fallback).
    pub fn spec(&self, origin: &str) -> Result<PolicySpec, String> {
        if let Some(e) = &self.unreadable {
            return Err(crate::i18n::tf(
                self.lang,
                crate::i18n::Key::WarnSettingsUnreadable,
                &[("detail", e)],
            ));
        }
        if let Some((o, e)) = self.broken.iter().find(|(o, _)| o.eq_ignore_ascii_case(origin)) {
            return Err(crate::i18n::tf(
                self.lang,
                crate::i18n::Key::WarnSettingsInvalid,
                &[("origin", o), ("detail", e)],
            ));
        }
        self.settings.spec_for(origin).map_err(|e| e.to_string())
    }
}

fn settings_problem(s: &Settings, p: &crate::settings::Portal) -> Option<String> {
    s.portal_problem(p).map(|e| e.to_string())
}

/// The engine's work on one event.
pub struct Engine<'a> {
    /// What the background knows.
    pub ctx: &'a Context,
    /// What it loaded.
    pub stored: Stored,
    /// The settings.
    pub config: Config,
    /// What to do.
    pub fx: Effects,
}

impl<'a> Engine<'a> {
    /// Starts on `stored`.
    pub fn new(ctx: &'a Context, stored: Stored) -> Engine<'a> {
        let config = Config::new(ctx, &stored);
        Engine { ctx, stored, config, fx: Effects::default() }
    }

    /// The UI language.
    pub fn lang(&self) -> Lang {
        self.config.lang
    }

    /// A fresh id (flows, runs, frame nonces) from the background's random bytes.
    pub fn fresh_id(&self, salt: &str) -> String {
        let mut id: String = self.ctx.nonce.chars().filter(char::is_ascii_hexdigit).take(16).collect();
        if id.len() < 8 {
            // No nonce given (tests): derive one from the clock.
            id = format!("{:x}", self.ctx.now_ms as u64);
        }
        if !salt.is_empty() {
            id.push('-');
            id.push_str(salt);
        }
        id
    }

    /// Queues a storage write.
    pub fn store(&mut self, op: StoreOp) {
        self.fx.store.push(op);
    }
}

/// Decides what to do about `event`.
pub fn handle(event: Event, ctx: &Context, stored: Stored) -> Effects {
    let mut e = Engine::new(ctx, stored);
    match event {
        Event::Agent { tab, frame, url, message } => tab::on_agent(&mut e, tab, frame, &url, message),
        Event::Panel { tab, frame, message } => tab::on_panel(&mut e, tab, frame, message),
        Event::PanelGone { tab, frame } => tab::on_panel_gone(&mut e, tab, frame),
        Event::Shortcut { tab } => tab::on_shortcut(&mut e, tab),
        Event::Wake { tab } => tab::on_wake(&mut e, tab),
        Event::TabClosed { tab } => tab::on_tab_closed(&mut e, tab),
        Event::ClipboardCleared { ok } => tab::on_clipboard_cleared(&mut e, ok),
        Event::Started => {
            run::interrupt_all(&mut e);
            if let Loaded::Valid(mut audit) = e.stored.audit.clone() {
                if audit.iter().any(|a| a.outcome == crate::audit::Outcome::Running) {
                    audit.iter_mut().for_each(crate::audit::AuditEntry::interrupt);
                    e.store(StoreOp::AuditAll(audit));
                }
            }
            e.fx.browser.push(crate::protocol::BrowserOp::SyncContentScripts);
        }
        Event::Options(request) => {
            let reply = pages::options(&mut e, request);
            e.fx.reply = Some(Reply::Options(reply));
        }
        Event::Popup(request) => {
            let reply = pages::popup(&mut e, request);
            e.fx.reply = Some(Reply::Popup(reply));
        }
        Event::Sheet(request) => {
            let reply = run::sheet(&mut e, request);
            e.fx.reply = Some(Reply::Sheet(reply));
        }
    }
    e.fx
}
