//! Every text the engine shows, in the admin's language: the flow's steps
//! and problems, the checklist's rules and failures, the audit's records,
//! the guard's reasons. Typed values in, words out (the catalogue is
//! `extension/_locales`).

use crate::audit::{AuditEntry, Outcome};
use crate::charset::CharSet;
use crate::check::{Failure, RuleId};
use crate::flow::{Flow, Note, Step, Why};
use crate::guard::{Effect, Interference};
use crate::i18n::{Key as K, Lang, t, tf};
use crate::policy::{Kind, Policy};
use crate::portal::classify::{Confidence, DeviceAction};
use crate::portal::outcome::Cause;
use crate::protocol::Validity;

/// "web access password" or "portal passcode".
pub fn noun(lang: Lang, kind: Kind) -> &'static str {
    match kind {
        Kind::Web => t(lang, K::NounWeb),
        Kind::Passcode => t(lang, K::NounPasscode),
    }
}

fn short_noun(lang: Lang, kind: Kind) -> &'static str {
    match kind {
        Kind::Web => t(lang, K::NounWebShort),
        Kind::Passcode => t(lang, K::NounPasscodeShort),
    }
}

fn short_nouns(lang: Lang, kind: Kind) -> &'static str {
    match kind {
        Kind::Web => t(lang, K::NounWebShortPlural),
        Kind::Passcode => t(lang, K::NounPasscodeShortPlural),
    }
}

/// "web" or "passcode", for the checklist's title.
pub fn kind_word(lang: Lang, kind: Kind) -> &'static str {
    match kind {
        Kind::Web => t(lang, K::KindWeb),
        Kind::Passcode => t(lang, K::KindPasscode),
    }
}

/// A step of the flow.
pub fn step(lang: Lang, step: Step, kind: Kind) -> String {
    t(
        lang,
        match (step, kind) {
            (Step::ReadProfile, _) => K::StepReadProfile,
            (Step::OpenPasswords, _) => K::StepOpenPasswords,
            (Step::Submit, Kind::Web) => K::StepSubmitWeb,
            (Step::Submit, Kind::Passcode) => K::StepSubmitPasscode,
            (Step::Verify, _) => K::StepVerify,
            (Step::OpenDevice, _) => K::StepOpenDevice,
            (Step::Rebuild, _) => K::StepRebuild,
            (Step::Reset, _) => K::StepReset,
            (Step::Done, _) => K::StepDone,
        },
    )
    .to_owned()
}

fn action(lang: Lang, a: DeviceAction) -> &'static str {
    match a {
        DeviceAction::Rebuild => t(lang, K::ActionRebuild),
        DeviceAction::Reset => t(lang, K::ActionReset),
    }
}

fn validity(lang: Lang, v: &Validity) -> String {
    let mut parts = Vec::new();
    if v.too_long {
        parts.push(t(lang, K::ValidityTooLong));
    }
    if v.too_short {
        parts.push(t(lang, K::ValidityTooShort));
    }
    if v.pattern_mismatch {
        parts.push(t(lang, K::ValidityPattern));
    }
    if v.type_mismatch {
        parts.push(t(lang, K::ValidityType));
    }
    parts.join(", ")
}

/// An agent's error in words.
fn agent_error(lang: Lang, e: &crate::protocol::AgentError) -> String {
    use crate::protocol::AgentError as E;
    match e {
        E::Replaced => t(lang, K::AgentReplaced).to_owned(),
        E::ReadBack => t(lang, K::AgentReadBack).to_owned(),
        E::Invalid { validity: v } => validity(lang, v),
        E::NotChecked => t(lang, K::AgentNotChecked).to_owned(),
        E::CrossOrigin => t(lang, K::AgentCrossOrigin).to_owned(),
        E::PageChanged => t(lang, K::AgentPageChanged).to_owned(),
        E::Other { message } => message.clone(),
    }
}

/// Why a flow stopped, as the panel says it.
pub fn why(lang: Lang, why: &Why, kind: Kind) -> String {
    let n = noun(lang, kind);
    let with = |key: K| tf(lang, key, &[("noun", n)]);
    let with_action = |key: K, a: DeviceAction| tf(lang, key, &[("noun", n), ("action", action(lang, a))]);
    match why {
        Why::Looping => with(K::WhyLooping),
        Why::SessionEndedBefore => with(K::WhySessionBefore),
        Why::SessionEndedAfter => with(K::WhySessionAfter),
        Why::NoWayToPasswords => with(K::WhyNoWay),
        Why::NoForm => with(K::WhyNoForm),
        Why::AsksCurrent => with(K::WhyAsksCurrent),
        Why::NotConfident(Confidence::OtherCredential) => with(K::WhyOtherCredential),
        Why::NotConfident(Confidence::OwnPassword) => with(K::WhyAsksCurrent),
        Why::NotConfident(_) => with(K::WhyUnknownForm),
        Why::NoChoice(k) => tf(lang, K::WhyNoChoice, &[("noun", noun(lang, *k))]),
        Why::NoButton => with(K::WhyNoButton),
        Why::Impossible(detail) => tf(lang, K::WhyImpossible, &[("noun", n), ("detail", detail)]),
        Why::Conflict(detail) => detail.clone(),
        Why::FieldsReplaced => with(K::WhyFieldsReplaced),
        Why::FillFailed => with(K::WhyFillFailed),
        Why::FieldRefused(v) => tf(lang, K::WhyFieldRefused, &[("noun", n), ("detail", &validity(lang, v))]),
        Why::StepFailed => with(K::WhyStepFailed),
        Why::ActionFailed { op, error } => tf(
            lang,
            K::WhyActionFailed,
            &[("op", &format!("{op:?}").to_lowercase()), ("detail", &agent_error(lang, error))],
        ),
        Why::ServerError => with(K::WhyServerError),
        Why::Unconfirmed => with(K::WhyUnconfirmed),
        Why::ErrorAfterSubmit => with(K::WhyErrorAfter),
        Why::Rejected(k) => tf(lang, K::WhyRejected, &[("noun", noun(lang, *k))]),
        Why::NoDevice => with(K::WhyNoDevice),
        Why::NoAddresses => with(K::WhyNoAddresses),
        Why::NoDeviceAction(a) => with_action(K::WhyNoDeviceAction, *a),
        Why::ConfirmUnreadable(a) => with_action(K::WhyConfirmUnreadable, *a),
        Why::DeviceRefused(a) => with_action(K::WhyDeviceRefused, *a),
        Why::DeviceUnconfirmed(a) => with_action(K::WhyDeviceUnconfirmed, *a),
        Why::SessionEndedDevice(a) => with_action(K::WhySessionDevice, *a),
        Why::ResetPageGone => with(K::WhyResetPageGone),
        Why::Interrupted { step: s, submitted } => tf(
            lang,
            if *submitted { K::WhyInterruptedAfter } else { K::WhyInterruptedBefore },
            &[("noun", n), ("step", &step(lang, *s, kind))],
        ),
    }
}

/// A line of the flow's log (the audit's steps).
pub fn note(lang: Lang, note: &Note) -> String {
    match note {
        Note::ReadProfile => t(lang, K::NoteReadProfile).to_owned(),
        Note::ProfileUnread => t(lang, K::NoteProfileUnread).to_owned(),
        Note::Followed(link) => tf(lang, K::NoteFollowed, &[("link", link)]),
        Note::OpenedPasswords => t(lang, K::NoteOpenedPasswords).to_owned(),
        Note::Submitted => t(lang, K::NoteSubmitted).to_owned(),
        Note::Accepted => t(lang, K::NoteAccepted).to_owned(),
        Note::Rejected => t(lang, K::NoteRejected).to_owned(),
        Note::OpenedDevice => t(lang, K::NoteOpenedDevice).to_owned(),
        Note::ConfirmedQuestion(a) => tf(lang, K::NoteConfirmedQuestion, &[("action", action(lang, *a))]),
        Note::DeviceDone(a) => tf(lang, K::NoteDeviceDone, &[("action", action(lang, *a))]),
        Note::Cancelled => t(lang, K::NoteCancelled).to_owned(),
        Note::Stopped => t(lang, K::NoteStopped).to_owned(),
        Note::Interrupted => t(lang, K::NoteInterrupted).to_owned(),
        Note::Done => t(lang, K::NoteDone).to_owned(),
    }
}

/// How an audit record ended.
pub fn outcome(lang: Lang, o: &Outcome, kind: Kind) -> String {
    match o {
        Outcome::Running => t(lang, K::OutcomeRunning).to_owned(),
        Outcome::Done => t(lang, K::OutcomeDone).to_owned(),
        Outcome::Cancelled { submitted: false } => t(lang, K::OutcomeCancelled).to_owned(),
        Outcome::Cancelled { submitted: true } => t(lang, K::OutcomeCancelledAfter).to_owned(),
        Outcome::Interrupted { step: s } => {
            tf(lang, K::OutcomeInterrupted, &[("step", &step(lang, *s, kind))])
        }
        Outcome::Failed { why: w, accepted, submitted } => {
            let detail = t(
                lang,
                match (accepted, submitted) {
                    (Some(true), _) => K::AcceptedYes,
                    (Some(false), _) => K::AcceptedNo,
                    (None, true) => K::AcceptedUnknown,
                    (None, false) => K::AcceptedNothing,
                },
            );
            tf(lang, K::OutcomeFailed, &[("why", &why(lang, w, kind)), ("detail", detail)])
        }
    }
}

/// An audit record's steps and outcome, for the options page and the CSV.
pub fn audit(lang: Lang, e: &AuditEntry) -> (String, String) {
    let steps = e.steps.iter().map(|n| note(lang, n)).collect::<Vec<_>>().join("; ");
    (steps, outcome(lang, &e.outcome, e.kind))
}

/// What the admin tells the end user, once the portal confirmed the secret.
pub fn handoff(lang: Lang, flow: &Flow) -> Option<String> {
    if !flow.confirmed() {
        return None;
    }
    let mut text =
        t(lang, if flow.task.kind == Kind::Web { K::HandoffWeb } else { K::HandoffPasscode }).to_owned();
    if flow.device_done(DeviceAction::Reset) {
        text.push(' ');
        text.push_str(t(lang, K::HandoffRestarting));
    } else if flow.device_done(DeviceAction::Rebuild) || flow.task.rebuild {
        text.push(' ');
        text.push_str(t(lang, K::HandoffReboot));
    }
    Some(text)
}

fn units(lang: Lang, kind: Kind, n: usize) -> &'static str {
    t(
        lang,
        match (kind, n) {
            (Kind::Passcode, 1) => K::UnitsDigit,
            (Kind::Passcode, _) => K::UnitsDigits,
            (Kind::Web, 1) => K::UnitsChar,
            (Kind::Web, _) => K::UnitsChars,
        },
    )
}

fn shown(lang: Lang, c: char) -> String {
    match c {
        ' ' => t(lang, K::Space).to_owned(),
        c if c.is_control() => format!("U+{:04X}", c as u32),
        c => c.to_string(),
    }
}

fn class(lang: Lang, set: CharSet, n: usize) -> String {
    let (one, many) = match set {
        s if s == CharSet::UPPER => (K::ClassUpper, K::ClassUpperPlural),
        s if s == CharSet::LOWER => (K::ClassLower, K::ClassLowerPlural),
        s if s == CharSet::DIGIT => (K::ClassDigit, K::ClassDigitPlural),
        s if s == CharSet::LETTERS => (K::ClassLetter, K::ClassLetterPlural),
        s if s == CharSet::ALPHANUMERIC => (K::ClassAlnum, K::ClassAlnumPlural),
        s if s == CharSet::SPECIAL || s == CharSet::SPECIAL.difference(CharSet::SPACE) => {
            (K::ClassSpecial, K::ClassSpecialPlural)
        }
        s if s == CharSet::ASCII_PRINTABLE => (K::ClassPrintable, K::ClassPrintablePlural),
        s => return tf(lang, K::ClassFrom, &[("chars", &s.chars().collect::<String>())]),
    };
    t(lang, if n == 1 { one } else { many }).to_owned()
}

fn times(lang: Lang, n: usize) -> String {
    match n {
        1 => t(lang, K::Times1).to_owned(),
        2 => t(lang, K::Times2).to_owned(),
        n => tf(lang, K::TimesN, &[("n", &n.to_string())]),
    }
}

/// A rule of a policy, as the checklist shows it.
pub fn rule(lang: Lang, policy: &Policy, rule: RuleId) -> String {
    let kind = policy.kind;
    let num = |n: usize| n.to_string();
    match rule {
        RuleId::MinLength => tf(
            lang,
            K::RuleMinLength,
            &[("n", &num(policy.min_length)), ("units", units(lang, kind, policy.min_length))],
        ),
        RuleId::MaxLength => tf(
            lang,
            K::RuleMaxLength,
            &[("n", &num(policy.max_length)), ("units", units(lang, kind, policy.max_length))],
        ),
        RuleId::Allowed => match policy.allowed {
            s if s == CharSet::ASCII_PRINTABLE => t(lang, K::RulePrintable).to_owned(),
            s if s == CharSet::DIGIT => t(lang, K::RuleDigitsOnly).to_owned(),
            s if s == CharSet::ALPHANUMERIC => t(lang, K::RuleAlnumOnly).to_owned(),
            s => tf(
                lang,
                K::RuleOnly,
                &[("chars", &s.chars().map(|c| shown(lang, c)).collect::<Vec<_>>().join(" "))],
            ),
        },
        RuleId::Required(i) => {
            let req = policy.required[i];
            tf(lang, K::RuleRequired, &[("n", &num(req.count)), ("what", &class(lang, req.set, req.count))])
        }
        RuleId::MaxConsecutive => tf(
            lang,
            if kind == Kind::Passcode { K::RuleMaxConsecutivePasscode } else { K::RuleMaxConsecutiveWeb },
            &[("times", &times(lang, policy.max_consecutive.unwrap_or(0)))],
        ),
        RuleId::MaxAscending => tf(lang, K::RuleAscending, &[("n", &num(policy.max_ascending.unwrap_or(0)))]),
        RuleId::MaxDescending => {
            tf(lang, K::RuleDescending, &[("n", &num(policy.max_descending.unwrap_or(0)))])
        }
        RuleId::RepeatedPattern => t(lang, K::RulePattern).to_owned(),
        RuleId::UserId => t(lang, K::RuleUserId).to_owned(),
        RuleId::Phone => t(lang, K::RulePhone).to_owned(),
        RuleId::PhoneReversed => t(lang, K::RulePhoneReversed).to_owned(),
        RuleId::Extension => t(lang, K::RuleExtension).to_owned(),
        RuleId::ExtensionReversed => t(lang, K::RuleExtensionReversed).to_owned(),
        RuleId::Old => tf(lang, K::RuleOld, &[("noun", short_noun(lang, kind))]),
        RuleId::History => tf(
            lang,
            K::RuleHistory,
            &[("n", &num(policy.history.unwrap_or(0))), ("nouns", short_nouns(lang, kind))],
        ),
    }
}

/// What a context rule compares against, by rule.
fn what(lang: Lang, kind: Kind, rule: RuleId) -> String {
    match rule {
        RuleId::Phone => t(lang, K::WhatPhone).to_owned(),
        RuleId::PhoneReversed => t(lang, K::WhatPhoneReversed).to_owned(),
        RuleId::Extension => t(lang, K::WhatExtension).to_owned(),
        RuleId::ExtensionReversed => t(lang, K::WhatExtensionReversed).to_owned(),
        RuleId::UserId => t(lang, K::WhatUserId).to_owned(),
        RuleId::History => tf(lang, K::WhatHistory, &[("nouns", short_nouns(lang, kind))]),
        _ => tf(lang, K::WhatOld, &[("noun", short_noun(lang, kind))]),
    }
}

/// Why a secret fails a rule.
pub fn failure(lang: Lang, policy: &Policy, rule: RuleId, f: &Failure) -> String {
    let kind = policy.kind;
    let s = |n: &usize| n.to_string();
    match f {
        Failure::TooShort { len, min } => tf(
            lang,
            K::FailTooShort,
            &[("len", &s(len)), ("units", units(lang, kind, *len)), ("min", &s(min))],
        ),
        Failure::TooLong { len, max } => tf(
            lang,
            K::FailTooLong,
            &[("len", &s(len)), ("units", units(lang, kind, *len)), ("max", &s(max))],
        ),
        Failure::Disallowed { chars } => tf(
            lang,
            K::FailDisallowed,
            &[("chars", &chars.iter().map(|&c| shown(lang, c)).collect::<Vec<_>>().join(", "))],
        ),
        Failure::Missing { have, need } => {
            tf(lang, K::FailMissing, &[("have", &s(have)), ("need", &s(need))])
        }
        Failure::Run { ch, len, max } => tf(
            lang,
            K::FailRun,
            &[
                ("run", &std::iter::repeat_n(*ch, *len).collect::<String>()),
                ("ch", &shown(lang, *ch)),
                ("len", &s(len)),
                ("max", &s(max)),
            ],
        ),
        Failure::Sequence { run, ascending, max } => tf(
            lang,
            if *ascending { K::FailAscending } else { K::FailDescending },
            &[("run", run), ("len", &run.chars().count().to_string()), ("max", &s(max))],
        ),
        Failure::Pattern { repeated, block } => {
            tf(lang, K::FailPattern, &[("repeated", repeated), ("block", block)])
        }
        Failure::ContainsUserId { id } => tf(lang, K::FailUserId, &[("id", id)]),
        Failure::Equals { .. } => tf(lang, K::FailEquals, &[("what", &what(lang, kind, rule))]),
        Failure::Unknown { .. } => tf(lang, K::FailUnknown, &[("what", &what(lang, kind, rule))]),
    }
}

/// A rule the portal named, as a suggestion to add.
pub fn cause(lang: Lang, c: Cause) -> String {
    let n = |n: u32| n.to_string();
    match c {
        Cause::TooShort(Some(v)) => tf(lang, K::CauseTooShort, &[("n", &n(v))]),
        Cause::TooLong(v) => tf(lang, K::CauseTooLong, &[("n", &n(v))]),
        Cause::MinDigits(v) => tf(lang, K::CauseMinDigits, &[("n", &n(v))]),
        Cause::MinUpper(v) => tf(lang, K::CauseMinUpper, &[("n", &n(v))]),
        Cause::MinLower(v) => tf(lang, K::CauseMinLower, &[("n", &n(v))]),
        Cause::MinLetters(_) => t(lang, K::CauseMinLetters).to_owned(),
        Cause::MinSpecial(v) => tf(lang, K::CauseMinSpecial, &[("n", &n(v))]),
        Cause::IdenticalRun(v) => tf(lang, K::CauseIdentical, &[("n", &n(v))]),
        Cause::Ascending(v) => tf(lang, K::CauseAscending, &[("n", &n(v))]),
        Cause::Descending(v) => tf(lang, K::CauseDescending, &[("n", &n(v))]),
        Cause::Pattern => t(lang, K::CausePattern).to_owned(),
        Cause::UserId => t(lang, K::CauseUserId).to_owned(),
        Cause::Extension => t(lang, K::CauseExtension).to_owned(),
        Cause::Phone => t(lang, K::CausePhone).to_owned(),
        Cause::Mismatch => t(lang, K::CauseMismatch).to_owned(),
        Cause::Reused => t(lang, K::CauseReused).to_owned(),
        Cause::DigitsOnly => t(lang, K::CauseDigitsOnly).to_owned(),
        Cause::TooShort(None) | Cause::Unknown => t(lang, K::CauseUnknown).to_owned(),
    }
}

/// Why the panel's buttons are off.
pub fn interference(lang: Lang, i: &Interference) -> String {
    match i {
        Interference::NotOurs => t(lang, K::GuardNotOurs).to_owned(),
        Interference::Moved => t(lang, K::GuardMoved).to_owned(),
        Interference::Faded => t(lang, K::GuardFaded).to_owned(),
        Interference::Distorted(e) => {
            let effect = t(
                lang,
                match e {
                    Effect::Filter => K::EffectFilter,
                    Effect::Transform => K::EffectTransform,
                    Effect::Clip => K::EffectClip,
                    Effect::Mask => K::EffectMask,
                    Effect::Blend => K::EffectBlend,
                    Effect::Hidden => K::EffectHidden,
                },
            );
            tf(lang, K::GuardDistorted, &[("effect", effect)])
        }
        Interference::Covered { click_through: true } => t(lang, K::GuardCoveredThrough).to_owned(),
        Interference::Covered { click_through: false } => t(lang, K::GuardCovered).to_owned(),
        Interference::OutOfView => t(lang, K::GuardOutOfView).to_owned(),
        Interference::Shrunk => t(lang, K::GuardShrunk).to_owned(),
        Interference::Unsettled => t(lang, K::GuardUnsettled).to_owned(),
        Interference::Unchecked => t(lang, K::GuardUnchecked).to_owned(),
        Interference::BrowserSaysHidden => t(lang, K::GuardBrowser).to_owned(),
    }
}
