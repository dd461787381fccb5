//! A user's pages: home, Profile, Addresses, Passwords.

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
use crate::tenant::{LastError, SetBy, Tenant};
use crate::view::{Frame, pages};

/// Authenticates and resolves the user of the page: (ctx, user index), or
/// the response to send instead (login redirect, forced change, 403, 404).
fn open_user(
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
    let frame = Frame { def, title: &name, viewer: ctx.viewer(tenant), group_name: &tenant.group.name };
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
    };
    let frame = Frame {
        def,
        title: def.t.passwords_heading,
        viewer: ctx.viewer(tenant),
        group_name: &tenant.group.name,
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

fn pressed(def: &SkinDef, form: &std::collections::HashMap<String, String>) -> Pressed {
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

fn server_error(tenant: &mut Tenant, def: &'static SkinDef, ctx: &Ctx) -> Response {
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

/// Sets a web password or passcode: token check, rules, then the outcome.
pub(super) async fn passwords_submit(
    State(app): State<App>,
    headers: HeaderMap,
    Target(id): Target,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    slow(&app, PageKind::Passwords).await;
    let def = app.def();
    let (t, n) = (def.t, &def.names);
    let form = form_map(form);
    let mut guard = app.lock();
    let tenant = &mut *guard;
    tenant.stats.submissions += 1;
    tenant.stats.password_submissions += 1;
    let (ctx, i) = match open_user(tenant, def, &headers, id, PageKind::Passwords) {
        Ok(v) => v,
        Err(r) => return *r,
    };
    let user_id = tenant.users[i].info.user_id.clone();
    let passwords_url = def.paths.passwords.href(&user_id);
    let user_url = def.paths.user.href(&user_id);
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
            return fail_with(tenant, t.duplicate);
        }
        TokenCheck::Invalid => {
            tenant.stats.invalid_submissions += 1;
            return fail_with(tenant, t.invalid_request);
        }
        TokenCheck::Fresh => {}
    }

    let pressed = pressed(def, &form);
    if pressed == Pressed::Cancel {
        use_token(tenant);
        return see_other(if ctx.must_change.is_some() { &passwords_url } else { &user_url });
    }

    // A crash before anything is stored: the token stays fresh.
    let fail = tenant.faults.fail_submit;
    if tenant.fail_submit_left > 0 && !fail.is_some_and(|f| f.after_apply) {
        tenant.fail_submit_left -= 1;
        return server_error(tenant, def, &ctx);
    }

    let kind = match form.get(n.kind).map(String::as_str) {
        Some(v) if v == n.kind_web => Some(Secret::Web),
        Some(v) if v == n.kind_passcode && ctx.must_change.is_none() => Some(Secret::Passcode),
        _ => None,
    };
    let new = form.get(n.new).map(String::as_str).unwrap_or("");
    let confirm = form.get(n.confirm).map(String::as_str).unwrap_or("");
    let self_service = matches!(ctx.principal, Principal::User(_));
    let mut violations = Vec::new();
    if kind.is_none() {
        violations.push(Violation::NoChoice);
    }
    if self_service && kind == Some(Secret::Web) {
        let current = form.get(n.current).map(String::as_str).unwrap_or("");
        if tenant.users[i].passwords.first().map(String::as_str) != Some(current) {
            violations.push(Violation::WrongCurrent);
        }
    }
    if let Some(kind) = kind {
        if new.is_empty() {
            violations.push(Violation::Missing);
        } else if new != confirm {
            violations.push(Violation::Mismatch);
        } else {
            violations.extend(tenant.check(i, kind, new));
        }
    }
    let shown_kind = kind.unwrap_or(Secret::Web);
    if !violations.is_empty() {
        use_token(tenant);
        let messages: Vec<String> =
            violations.iter().map(|v| pages::violation_text(def, shown_kind, v)).collect();
        tenant.users[i].last_error = Some(LastError {
            messages: messages.clone(),
            codes: violations.iter().map(|v| v.code().to_owned()).collect(),
        });
        let flash = Flash { errors: messages, kind, ..Flash::default() };
        ctx.set_flash(tenant, flash);
        return see_other(&passwords_url);
    }

    let by = if self_service { SetBy::User } else { SetBy::Admin };
    tenant.apply(i, shown_kind, new, by);
    use_token(tenant);
    if self_service && shown_kind == Secret::Web {
        if let Some(s) = tenant.sessions.get_mut(&ctx.sid) {
            s.must_change = None;
        }
    }
    // The nastiest case: stored, but the browser sees a 500.
    if tenant.fail_submit_left > 0 {
        tenant.fail_submit_left -= 1;
        return server_error(tenant, def, &ctx);
    }
    let message = match shown_kind {
        Secret::Web => t.success_web,
        Secret::Passcode => t.success_passcode,
    };
    let flash = Flash { success: vec![message.to_owned()], kind: Some(shown_kind), ..Flash::default() };
    ctx.set_flash(tenant, flash);
    see_other(match pressed {
        Pressed::Apply => &passwords_url,
        _ => &user_url,
    })
}
