//! `deep-passwords`: Passwords several links away, as in Bell Total
//! Connect's admin guide: the user page > "My profile" (a tab) > "Passwords"
//! (sub-level menu) > "Manage passwords" (left menu) > the form. Save
//! returns to the previous page, Cancel exits. Risky links wait on the way:
//! "Log out", "Delete user", "Reset voice mail", "Remove device"; following
//! one is counted, confirming one is logged (nothing is deleted).

use axum::Form;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;

use super::user::{Change, Typed, change_secret, kind_of, log, open_user, server_error};
use super::{App, Ctx, Target, form_map, html_page, see_other, slow};
use crate::rules::Secret;
use crate::sessions::{Flash, FormPurpose, TokenCheck};
use crate::skin::{PageKind, Route, SkinDef, fill};
use crate::tenant::{FormKind, Outcome, Tenant};
use crate::variants::paths as vpaths;
use crate::variants::texts::for_lang;
use crate::view::Frame;
use crate::view::variant_pages::{self, ManageView, manage_names as n};

fn frame_of<'a>(def: &'static SkinDef, tenant: &'a Tenant, ctx: &Ctx, title: &'a str) -> Frame<'a> {
    Frame {
        def,
        title,
        viewer: ctx.viewer(tenant),
        group_name: &tenant.group.name,
        variants: &tenant.scenario.variants,
    }
}

/// "My profile".
pub(super) async fn my_profile(State(app): State<App>, headers: HeaderMap, Target(id): Target) -> Response {
    let def = app.def();
    let mut guard = app.lock();
    let tenant = &mut *guard;
    let (ctx, i) = match open_user(tenant, def, &headers, id, PageKind::User) {
        Ok(v) => v,
        Err(r) => return *r,
    };
    let flash = ctx.take_flash(tenant);
    let frame = frame_of(def, tenant, &ctx, for_lang(def.lang).tab_my_profile);
    html_page(variant_pages::my_profile(&frame, &tenant.users[i].info, &flash))
}

/// "Passwords" of the sub-level menu.
pub(super) async fn passwords(State(app): State<App>, headers: HeaderMap, Target(id): Target) -> Response {
    let def = app.def();
    let mut guard = app.lock();
    let tenant = &mut *guard;
    let (ctx, i) = match open_user(tenant, def, &headers, id, PageKind::User) {
        Ok(v) => v,
        Err(r) => return *r,
    };
    let flash = ctx.take_flash(tenant);
    let frame = frame_of(def, tenant, &ctx, for_lang(def.lang).sub_passwords);
    html_page(variant_pages::deep_passwords(&frame, &tenant.users[i].info, &flash))
}

fn purpose(user_id: &str) -> FormPurpose {
    FormPurpose::Other("manage_passwords", user_id.to_owned())
}

/// "Manage passwords": the form.
pub(super) async fn manage_page(State(app): State<App>, headers: HeaderMap, Target(id): Target) -> Response {
    slow(&app, PageKind::Passwords).await;
    let def = app.def();
    let mut guard = app.lock();
    let tenant = &mut *guard;
    let (ctx, i) = match open_user(tenant, def, &headers, id, PageKind::User) {
        Ok(v) => v,
        Err(r) => return *r,
    };
    let flash = ctx.take_flash(tenant);
    let user_id = tenant.users[i].info.user_id.clone();
    let token =
        tenant.sessions.get_mut(&ctx.sid).map(|s| s.issue_token(purpose(&user_id))).unwrap_or_default();
    let view = ManageView {
        user: &tenant.users[i].info,
        self_service: !ctx.is_admin(),
        flash: &flash,
        token: &token,
        rules: &tenant.rules,
    };
    let frame = frame_of(def, tenant, &ctx, for_lang(def.lang).manage_passwords);
    html_page(variant_pages::manage_form(&frame, &view))
}

/// Saves the Manage passwords form: back to "Passwords" on success, Cancel
/// exits to "My profile", a refusal stays with one message per broken rule.
pub(super) async fn manage_submit(
    State(app): State<App>,
    headers: HeaderMap,
    Target(id): Target,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    slow(&app, PageKind::Passwords).await;
    let def = app.def();
    let variants = app.variants();
    let form = form_map(form);
    let mut guard = app.lock();
    let tenant = &mut *guard;
    tenant.stats.submissions += 1;
    tenant.stats.password_submissions += 1;
    let (ctx, i) = match open_user(tenant, def, &headers, id.clone(), PageKind::User) {
        Ok(v) => v,
        Err(r) => {
            let path = vpaths::MANAGE_PASSWORDS.pattern;
            log(tenant, FormKind::Passwords, id.as_deref(), None, path, &form, Outcome::Refused);
            return *r;
        }
    };
    let user_id = tenant.users[i].info.user_id.clone();
    let here = vpaths::MANAGE_PASSWORDS.href(&user_id);
    let kind = kind_of(form.get(n::KIND).map(String::as_str), n::KIND_WEB, n::KIND_PASSCODE, &ctx);
    let logged = |tenant: &mut Tenant, outcome: Outcome| {
        log(tenant, FormKind::Passwords, Some(&user_id), kind, &here, &form, outcome);
    };
    let token = form.get(n::TOKEN).cloned().unwrap_or_default();
    let check = tenant.sessions.get_mut(&ctx.sid).map(|s| s.check_token(&token, &purpose(&user_id)));
    let refuse = |tenant: &mut Tenant, message: &str| {
        ctx.set_flash(tenant, Flash { errors: vec![message.to_owned()], ..Flash::default() });
        see_other(&here)
    };
    match check {
        Some(TokenCheck::Fresh) => {}
        Some(TokenCheck::Used) => {
            tenant.stats.duplicate_submissions += 1;
            logged(tenant, Outcome::Duplicate);
            return refuse(tenant, def.t.duplicate);
        }
        _ => {
            tenant.stats.invalid_submissions += 1;
            logged(tenant, Outcome::Invalid);
            return refuse(tenant, def.t.invalid_request);
        }
    }
    let use_token = |tenant: &mut Tenant| {
        if let Some(s) = tenant.sessions.get_mut(&ctx.sid) {
            s.use_token(&token);
        }
    };
    if form.contains_key(n::CANCEL) {
        use_token(tenant);
        logged(tenant, Outcome::Cancelled);
        return see_other(&vpaths::MY_PROFILE.href(&user_id));
    }
    let split = variants.field_constraints == crate::variants::FieldConstraints::Full;
    let (new_f, confirm_f) = match kind {
        Some(Secret::Passcode) if split => (n::PASSCODE, n::PASSCODE_CONFIRM),
        _ => (n::NEW, n::CONFIRM),
    };
    let field = |name: &str| form.get(name).map(String::as_str).unwrap_or("");
    let typed = Typed { kind, current: field(n::CURRENT), new: field(new_f), confirm: field(confirm_f) };
    match change_secret(tenant, def, variants, &ctx, i, &typed) {
        Change::FailedBefore => {
            logged(tenant, Outcome::Failed);
            server_error(tenant, def, &ctx)
        }
        Change::Rejected { messages, kind } => {
            use_token(tenant);
            logged(tenant, Outcome::Rejected);
            ctx.set_flash(tenant, Flash { errors: messages, kind, ..Flash::default() });
            see_other(&here)
        }
        Change::Applied { failed, .. } => {
            use_token(tenant);
            logged(tenant, if failed { Outcome::Failed } else { Outcome::Applied });
            if failed {
                return server_error(tenant, def, &ctx);
            }
            let saved = for_lang(def.lang).deep_saved;
            ctx.set_flash(tenant, Flash { success: vec![saved.to_owned()], ..Flash::default() });
            // Save returns to the previous page.
            see_other(&vpaths::DEEP_PASSWORDS.href(&user_id))
        }
    }
}

/// One of the risky actions.
#[derive(Clone, Copy)]
pub(super) enum Risky {
    DeleteUser,
    ResetVoiceMail,
    RemoveDevice,
}

impl Risky {
    /// The route pattern.
    pub(super) fn pattern(self) -> &'static str {
        self.route().pattern
    }

    fn route(self) -> Route {
        match self {
            Risky::DeleteUser => vpaths::DELETE_USER,
            Risky::ResetVoiceMail => vpaths::RESET_VOICE_MAIL,
            Risky::RemoveDevice => vpaths::REMOVE_DEVICE,
        }
    }

    fn form(self) -> FormKind {
        match self {
            Risky::DeleteUser => FormKind::DeleteUser,
            Risky::ResetVoiceMail => FormKind::ResetVoiceMail,
            Risky::RemoveDevice => FormKind::RemoveDevice,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Risky::DeleteUser => "delete_user",
            Risky::ResetVoiceMail => "reset_voice_mail",
            Risky::RemoveDevice => "remove_device",
        }
    }
}

/// Following a risky link: counted, then a confirmation.
pub(super) async fn risky_page(
    State(app): State<App>,
    headers: HeaderMap,
    Target(id): Target,
    risky: Risky,
) -> Response {
    let def = app.def();
    let mut guard = app.lock();
    let tenant = &mut *guard;
    let (ctx, i) = match open_user(tenant, def, &headers, id, PageKind::User) {
        Ok(v) => v,
        Err(r) => return *r,
    };
    tenant.stats.risky_links_followed += 1;
    let counts = &mut tenant.users[i].risky;
    match risky {
        Risky::DeleteUser => counts.delete_user += 1,
        Risky::ResetVoiceMail => counts.reset_voice_mail += 1,
        Risky::RemoveDevice => counts.remove_device += 1,
    }
    let user_id = tenant.users[i].info.user_id.clone();
    let token = tenant
        .sessions
        .get_mut(&ctx.sid)
        .map(|s| s.issue_token(FormPurpose::Other(risky.name(), user_id.clone())))
        .unwrap_or_default();
    let t = for_lang(def.lang);
    let question = match risky {
        Risky::DeleteUser => t.confirm_delete_user,
        Risky::ResetVoiceMail => t.confirm_reset_voice_mail,
        Risky::RemoveDevice => t.confirm_remove_device,
    };
    let user = &tenant.users[i].info;
    let question = fill(question, &[("name", &user.full_name())]);
    let action = risky.route().href(&user_id);
    let frame = frame_of(def, tenant, &ctx, "");
    html_page(variant_pages::risky_confirm(&frame, user, &question, &action, &token))
}

/// Confirming (or cancelling) a risky action: logged; nothing is deleted.
pub(super) async fn risky_submit(
    State(app): State<App>,
    headers: HeaderMap,
    Target(id): Target,
    risky: Risky,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let def = app.def();
    let form = form_map(form);
    let mut guard = app.lock();
    let tenant = &mut *guard;
    tenant.stats.submissions += 1;
    let (ctx, i) = match open_user(tenant, def, &headers, id.clone(), PageKind::User) {
        Ok(v) => v,
        Err(r) => {
            log(tenant, risky.form(), id.as_deref(), None, risky.route().pattern, &form, Outcome::Refused);
            return *r;
        }
    };
    let user_id = tenant.users[i].info.user_id.clone();
    let token = form.get(def.names.token).cloned().unwrap_or_default();
    let purpose = FormPurpose::Other(risky.name(), user_id.clone());
    let check = tenant.sessions.get_mut(&ctx.sid).map(|s| s.check_token(&token, &purpose));
    let (_, cancel) = def.confirm_buttons;
    let outcome = match check {
        Some(TokenCheck::Fresh) if form.get(cancel.name).is_some_and(|v| v == cancel.value) => {
            Outcome::Cancelled
        }
        Some(TokenCheck::Fresh) => Outcome::Applied,
        Some(TokenCheck::Used) => Outcome::Duplicate,
        _ => Outcome::Invalid,
    };
    if let Some(s) = tenant.sessions.get_mut(&ctx.sid) {
        s.use_token(&token);
    }
    log(tenant, risky.form(), Some(&user_id), None, &risky.route().href(&user_id), &form, outcome);
    if outcome == Outcome::Applied {
        let done = for_lang(def.lang).risky_done;
        ctx.set_flash(tenant, Flash { success: vec![done.to_owned()], ..Flash::default() });
    }
    see_other(&def.paths.user.href(&user_id))
}
