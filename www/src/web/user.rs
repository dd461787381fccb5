//! A user's pages: home, Profile, Addresses, Passwords.

use std::collections::HashMap;

use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use super::{
    App, Ctx, Early, Target, authenticate, error_response, forbidden, form_map, html_page, missing,
    see_other, slow,
};
use crate::rules::{Secret, Violation};
use crate::sessions::{Flash, FormPurpose, Principal, TokenCheck};
use crate::skin::{Buttons, PageKind, SkinDef};
use crate::tenant::{FormKind, LastError, Outcome, SetBy, Submission, Tenant};
use crate::variants::{FieldConstraints, Variants, passcode_field_names};
use crate::view::{Frame, pages};

/// Authenticates and resolves the user of the page: (ctx, user index), or
/// the response to send instead (login redirect, forced change, 403, 404).
pub(super) fn open_user(
    tenant: &mut Tenant,
    def: &'static SkinDef,
    headers: &HeaderMap,
    target: Option<String>,
    page: PageKind,
) -> Result<(Ctx, usize), Early> {
    let ctx = authenticate(tenant, def, headers)?;
    let index = target.as_deref().and_then(|id| tenant.user_index(id));
    let Some(i) = index else {
        return Err(Box::new(missing(tenant, def, &ctx)));
    };
    if !ctx.may_see_user(&tenant.users[i].info.user_id) {
        return Err(Box::new(forbidden(tenant, def, &ctx)));
    }
    if page != PageKind::Passwords {
        if let Some(r) = ctx.forced_change_redirect(def) {
            return Err(Box::new(r));
        }
    }
    Ok((ctx, i))
}

/// The user's page with the link groups.
pub(super) async fn home(State(app): State<App>, headers: HeaderMap, Target(id): Target) -> Response {
    slow(&app, PageKind::User).await;
    let def = app.def();
    let mut guard = app.lock();
    let tenant = &mut *guard;
    let (ctx, i) = match open_user(tenant, def, &headers, id, PageKind::User) {
        Ok(v) => v,
        Err(r) => return *r,
    };
    let flash = ctx.take_flash(tenant);
    let user = &tenant.users[i].info;
    let name = user.full_name();
    let frame = Frame {
        def,
        title: &name,
        viewer: ctx.viewer(tenant),
        group_name: &tenant.group.name,
        variants: &tenant.scenario.variants,
    };
    html_page(pages::user_home(&frame, user, &flash))
}

/// The user's Profile page.
pub(super) async fn profile(State(app): State<App>, headers: HeaderMap, Target(id): Target) -> Response {
    slow(&app, PageKind::Profile).await;
    let def = app.def();
    let mut guard = app.lock();
    let tenant = &mut *guard;
    let (ctx, i) = match open_user(tenant, def, &headers, id, PageKind::Profile) {
        Ok(v) => v,
        Err(r) => return *r,
    };
    let frame = Frame {
        def,
        title: def.t.profile_heading,
        viewer: ctx.viewer(tenant),
        group_name: &tenant.group.name,
        variants: &tenant.scenario.variants,
    };
    html_page(pages::profile(&frame, &tenant.users[i].info))
}

/// The user's Addresses page.
pub(super) async fn addresses(State(app): State<App>, headers: HeaderMap, Target(id): Target) -> Response {
    slow(&app, PageKind::Addresses).await;
    let def = app.def();
    let mut guard = app.lock();
    let tenant = &mut *guard;
    let (ctx, i) = match open_user(tenant, def, &headers, id, PageKind::Addresses) {
        Ok(v) => v,
        Err(r) => return *r,
    };
    let user = &tenant.users[i].info;
    let device = user.device.as_deref().and_then(|d| tenant.device_index(d)).map(|d| &tenant.devices[d].info);
    let frame = Frame {
        def,
        title: def.t.addresses_heading,
        viewer: ctx.viewer(tenant),
        group_name: &tenant.group.name,
        variants: &tenant.scenario.variants,
    };
    html_page(pages::addresses(&frame, user, device, &tenant.group.domain))
}

/// The Passwords page, with a fresh one-time token.
pub(super) async fn passwords_page(
    State(app): State<App>,
    headers: HeaderMap,
    Target(id): Target,
) -> Response {
    slow(&app, PageKind::Passwords).await;
    let def = app.def();
    let mut guard = app.lock();
    let tenant = &mut *guard;
    let (ctx, i) = match open_user(tenant, def, &headers, id, PageKind::Passwords) {
        Ok(v) => v,
        Err(r) => return *r,
    };
    let flash = ctx.take_flash(tenant);
    let user_id = tenant.users[i].info.user_id.clone();
    let Some(session) = tenant.sessions.get_mut(&ctx.sid) else {
        return see_other(def.paths.login);
    };
    let token = session.issue_token(FormPurpose::Passwords(user_id));
    let view = pages::PasswordsView {
        user: &tenant.users[i].info,
        self_service: !ctx.is_admin(),
        must_change: ctx.must_change,
        flash: &flash,
        token: &token,
        rules: &tenant.rules,
    };
    let frame = Frame {
        def,
        title: def.t.passwords_heading,
        viewer: ctx.viewer(tenant),
        group_name: &tenant.group.name,
        variants: &tenant.scenario.variants,
    };
    html_page(pages::passwords(&frame, &view))
}

/// Which submit button was pressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pressed {
    /// Save and go back to the user page.
    Ok,
    /// Save and stay.
    Apply,
    /// Leave without saving.
    Cancel,
}

fn pressed(def: &SkinDef, form: &HashMap<String, String>) -> Pressed {
    let is = |b: &crate::skin::Button| form.get(b.name).is_some_and(|v| v == b.value);
    match def.buttons {
        Buttons::OkApplyCancel { apply, cancel, .. } => {
            if is(&cancel) {
                Pressed::Cancel
            } else if is(&apply) {
                Pressed::Apply
            } else {
                Pressed::Ok
            }
        }
        Buttons::SaveCancel { cancel, returns, .. } => {
            if is(&cancel) {
                Pressed::Cancel
            } else if returns {
                Pressed::Ok
            } else {
                Pressed::Apply
            }
        }
    }
}

pub(super) fn server_error(tenant: &mut Tenant, def: &'static SkinDef, ctx: &Ctx) -> Response {
    tenant.stats.server_errors += 1;
    let (t, viewer) = (def.t, ctx.viewer(tenant));
    error_response(
        tenant,
        def,
        viewer,
        StatusCode::INTERNAL_SERVER_ERROR,
        t.server_error,
        t.server_error_detail,
    )
}

/// What a change of a secret came to.
pub(super) enum Change {
    /// Stored; `failed` when the `fail_submit` fault then answers 500 anyway.
    Applied {
        /// Which secret.
        kind: Secret,
        /// The 500 of `fail_submit { after_apply = true }`.
        failed: bool,
    },
    /// Refused: one message per broken rule (already in the skin's words).
    Rejected {
        /// The messages.
        messages: Vec<String>,
        /// The secret chosen, if any.
        kind: Option<Secret>,
    },
    /// The `fail_submit` fault, before anything was stored.
    FailedBefore,
}

/// What was typed into a Passwords form.
pub(super) struct Typed<'a> {
    /// The secret chosen with the radios.
    pub kind: Option<Secret>,
    /// Self-service: the current password.
    pub current: &'a str,
    /// The new secret.
    pub new: &'a str,
    /// Its re-type.
    pub confirm: &'a str,
}

/// Checks and stores a new secret for user `i` on behalf of `ctx`, whatever
/// form it came from (the skin's, the deep one, the single-page portal's):
/// the `fail_submit` fault, the current password on self-service, the
/// re-type, the rules. Every form of the portal goes through here.
pub(super) fn change_secret(
    tenant: &mut Tenant,
    def: &'static SkinDef,
    variants: &Variants,
    ctx: &Ctx,
    i: usize,
    typed: &Typed,
) -> Change {
    // A crash before anything is stored: the token stays fresh.
    let fail = tenant.faults.fail_submit;
    if tenant.fail_submit_left > 0 && !fail.is_some_and(|f| f.after_apply) {
        tenant.fail_submit_left -= 1;
        return Change::FailedBefore;
    }
    let kind = typed.kind;
    let self_service = matches!(ctx.principal, Principal::User(_));
    let mut violations = Vec::new();
    if kind.is_none() {
        violations.push(Violation::NoChoice);
    }
    let current_wrong = tenant.users[i].passwords.first().map(String::as_str) != Some(typed.current);
    if self_service && kind == Some(Secret::Web) && current_wrong {
        violations.push(Violation::WrongCurrent);
    }
    if let Some(kind) = kind {
        if typed.new.is_empty() {
            violations.push(Violation::Missing);
        } else if typed.new != typed.confirm {
            violations.push(Violation::Mismatch);
        } else {
            violations.extend(tenant.check(i, kind, typed.new));
        }
    }
    let shown_kind = kind.unwrap_or(Secret::Web);
    if !violations.is_empty() {
        let messages: Vec<String> =
            violations.iter().map(|v| pages::violation_text(def, variants, shown_kind, v)).collect();
        tenant.users[i].last_error = Some(LastError {
            messages: messages.clone(),
            codes: violations.iter().map(|v| v.code().to_owned()).collect(),
        });
        return Change::Rejected { messages, kind };
    }
    let by = if self_service { SetBy::User } else { SetBy::Admin };
    tenant.apply(i, shown_kind, typed.new, by);
    if self_service && shown_kind == Secret::Web {
        if let Some(s) = tenant.sessions.get_mut(&ctx.sid) {
            s.must_change = None;
        }
    }
    // The nastiest case: stored, but the browser sees a 500.
    let failed = tenant.fail_submit_left > 0;
    if failed {
        tenant.fail_submit_left -= 1;
    }
    Change::Applied { kind: shown_kind, failed }
}

/// The radio's value as a secret (the passcode cannot be chosen while a
/// forced change is pending).
pub(super) fn kind_of(value: Option<&str>, web: &str, passcode: &str, ctx: &Ctx) -> Option<Secret> {
    match value {
        Some(v) if v == web => Some(Secret::Web),
        Some(v) if v == passcode && ctx.must_change.is_none() => Some(Secret::Passcode),
        _ => None,
    }
}

/// Logs a submission for the test API.
pub(super) fn log(
    tenant: &mut Tenant,
    form: FormKind,
    user_id: Option<&str>,
    kind: Option<Secret>,
    path: &str,
    fields: &HashMap<String, String>,
    outcome: Outcome,
) {
    tenant.log_submission(Submission {
        seq: 0,
        form,
        user_id: user_id.map(str::to_owned),
        kind,
        path: path.split('?').next().unwrap_or(path).to_owned(),
        fields: fields.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        outcome,
    });
}

/// Sets a web password or passcode: token check, rules, then the outcome.
pub(super) async fn passwords_submit(
    State(app): State<App>,
    headers: HeaderMap,
    Target(id): Target,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    slow(&app, PageKind::Passwords).await;
    let def = app.def();
    let variants = app.variants();
    let (t, n) = (def.t, &def.names);
    let form = form_map(form);
    let mut guard = app.lock();
    let tenant = &mut *guard;
    tenant.stats.submissions += 1;
    tenant.stats.password_submissions += 1;
    let (ctx, i) = match open_user(tenant, def, &headers, id.clone(), PageKind::Passwords) {
        Ok(v) => v,
        Err(r) => {
            log(
                tenant,
                FormKind::Passwords,
                id.as_deref(),
                None,
                def.paths.passwords.pattern,
                &form,
                Outcome::Refused,
            );
            return *r;
        }
    };
    let user_id = tenant.users[i].info.user_id.clone();
    let passwords_url = def.paths.passwords.href(&user_id);
    let user_url = def.paths.user.href(&user_id);
    let kind = kind_of(form.get(n.kind).map(String::as_str), n.kind_web, n.kind_passcode, &ctx);
    let logged = |tenant: &mut Tenant, outcome: Outcome| {
        log(tenant, FormKind::Passwords, Some(&user_id), kind, &passwords_url, &form, outcome);
    };
    let token = form.get(n.token).cloned().unwrap_or_default();
    let purpose = FormPurpose::Passwords(user_id.clone());
    let check = match tenant.sessions.get_mut(&ctx.sid) {
        Some(s) => s.check_token(&token, &purpose),
        None => return see_other(def.paths.login),
    };
    let use_token = |tenant: &mut Tenant| {
        if let Some(s) = tenant.sessions.get_mut(&ctx.sid) {
            s.use_token(&token);
        }
    };
    let fail_with = |tenant: &mut Tenant, message: &str| {
        let flash = Flash { errors: vec![message.to_owned()], ..Flash::default() };
        ctx.set_flash(tenant, flash);
        see_other(&passwords_url)
    };
    match check {
        // Never applied twice; counted so tests can see a double submit.
        TokenCheck::Used => {
            tenant.stats.duplicate_submissions += 1;
            logged(tenant, Outcome::Duplicate);
            return fail_with(tenant, t.duplicate);
        }
        TokenCheck::Invalid => {
            tenant.stats.invalid_submissions += 1;
            logged(tenant, Outcome::Invalid);
            return fail_with(tenant, t.invalid_request);
        }
        TokenCheck::Fresh => {}
    }

    let pressed = pressed(def, &form);
    if pressed == Pressed::Cancel {
        use_token(tenant);
        logged(tenant, Outcome::Cancelled);
        return see_other(if ctx.must_change.is_some() { &passwords_url } else { &user_url });
    }

    // `field-constraints`: the passcode has its own pair of inputs.
    let (new_name, confirm_name) = match kind {
        Some(Secret::Passcode) if variants.field_constraints == FieldConstraints::Full || variants.tabs => {
            passcode_field_names(def.style)
        }
        _ => (n.new, n.confirm),
    };
    let field = |name: &str| form.get(name).map(String::as_str).unwrap_or("");
    let typed = Typed { kind, current: field(n.current), new: field(new_name), confirm: field(confirm_name) };
    match change_secret(tenant, def, variants, &ctx, i, &typed) {
        Change::FailedBefore => {
            logged(tenant, Outcome::Failed);
            server_error(tenant, def, &ctx)
        }
        Change::Rejected { messages, kind } => {
            use_token(tenant);
            logged(tenant, Outcome::Rejected);
            let flash = Flash { errors: messages, kind, ..Flash::default() };
            ctx.set_flash(tenant, flash);
            see_other(&passwords_url)
        }
        Change::Applied { kind, failed } => {
            use_token(tenant);
            logged(tenant, if failed { Outcome::Failed } else { Outcome::Applied });
            if failed {
                return server_error(tenant, def, &ctx);
            }
            let message = match kind {
                Secret::Web => t.success_web,
                Secret::Passcode => t.success_passcode,
            };
            let flash = Flash { success: vec![message.to_owned()], kind: Some(kind), ..Flash::default() };
            ctx.set_flash(tenant, flash);
            see_other(match pressed {
                Pressed::Apply => &passwords_url,
                _ => &user_url,
            })
        }
    }
}
