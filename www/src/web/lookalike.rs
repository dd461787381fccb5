//! `lookalikes`: forms that look like the Passwords form and must never be
//! taken for it. Each really stores what it is given, and each submission is
//! counted per form for the test API:
//!
//! * Authentication (the phone's SIP credentials): user name, (current,)
//!   new and re-type;
//! * Voice Messaging > Voice mail password: new and re-type;
//! * the admin's own Change my password: current, new, confirm;
//! * a newsletter page with two password fields and no portal words.

use std::collections::HashMap;

use axum::Form;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use maud::html;

use super::user::{log, open_user};
use super::{App, Ctx, Target, authenticate, forbidden, form_map, html_page, see_other};
use crate::sessions::{Flash, FormPurpose, TokenCheck};
use crate::skin::{Button, PageKind, SkinDef, fill};
use crate::tenant::{FormKind, Outcome, Tenant};
use crate::variants::paths as vpaths;
use crate::variants::texts::{VariantTexts, for_lang};
use crate::view::variant_pages::{self, Row, SimpleForm};
use crate::view::{self, Frame};

const AUTH_NAMES: (&str, &str, &str, &str) = (
    "authenticationUserName",
    "currentAuthenticationPassword",
    "newAuthenticationPassword",
    "confirmAuthenticationPassword",
);
const AUTH_OK: &str = "authOK";
const AUTH_CANCEL: &str = "authCancel";
const VM_NAMES: (&str, &str) = ("vmPassword", "vmPasswordConfirm");
const MY_NAMES: (&str, &str, &str) = ("currentPassword", "newPassword1", "newPassword2");
/// The admin's own password must be at least this long.
const MY_MIN_LENGTH: usize = 8;

fn texts(def: &SkinDef) -> &'static VariantTexts {
    for_lang(def.lang)
}

/// Takes the session's flash.
fn flash_of(tenant: &mut Tenant, ctx: &Ctx) -> Flash {
    ctx.take_flash(tenant)
}

/// Checks a look-alike form's token: `Err(message)` for a duplicate or an
/// unknown token (counted as the Passwords form's are).
fn check_token(
    tenant: &mut Tenant,
    def: &SkinDef,
    ctx: &Ctx,
    form: &HashMap<String, String>,
    purpose: &FormPurpose,
) -> Result<(), (&'static str, Outcome)> {
    let token = form.get(def.names.token).cloned().unwrap_or_default();
    let check = tenant.sessions.get_mut(&ctx.sid).map(|s| s.check_token(&token, purpose));
    match check {
        Some(TokenCheck::Fresh) => {
            if let Some(s) = tenant.sessions.get_mut(&ctx.sid) {
                s.use_token(&token);
            }
            Ok(())
        }
        Some(TokenCheck::Used) => {
            tenant.stats.duplicate_submissions += 1;
            Err((def.t.duplicate, Outcome::Duplicate))
        }
        _ => {
            tenant.stats.invalid_submissions += 1;
            Err((def.t.invalid_request, Outcome::Invalid))
        }
    }
}

fn issue(tenant: &mut Tenant, ctx: &Ctx, purpose: FormPurpose) -> String {
    tenant.sessions.get_mut(&ctx.sid).map(|s| s.issue_token(purpose)).unwrap_or_default()
}

fn auth_purpose(user_id: &str) -> FormPurpose {
    FormPurpose::Other("authentication", user_id.to_owned())
}

/// The Authentication page of a user.
pub(super) async fn authentication_page(
    State(app): State<App>,
    headers: HeaderMap,
    Target(id): Target,
) -> Response {
    let def = app.def();
    let asks_current = app.variants().authentication_asks_current;
    let mut guard = app.lock();
    let tenant = &mut *guard;
    let (ctx, i) = match open_user(tenant, def, &headers, id, PageKind::User) {
        Ok(v) => v,
        Err(r) => return *r,
    };
    let flash = flash_of(tenant, &ctx);
    let user_id = tenant.users[i].info.user_id.clone();
    let token = issue(tenant, &ctx, auth_purpose(&user_id));
    let v = texts(def);
    let user = &tenant.users[i];
    let (name_f, current_f, new_f, confirm_f) = AUTH_NAMES;
    let mut rows = vec![Row {
        label: v.auth_user_name,
        name: name_f,
        input_type: "text",
        autocomplete: "off",
        value: Some(&user.authentication.user_name),
    }];
    if asks_current {
        rows.push(Row {
            label: v.auth_current,
            name: current_f,
            input_type: "password",
            autocomplete: "off",
            value: None,
        });
    }
    rows.push(Row {
        label: v.auth_new,
        name: new_f,
        input_type: "password",
        autocomplete: "off",
        value: None,
    });
    rows.push(Row {
        label: v.auth_confirm,
        name: confirm_f,
        input_type: "password",
        autocomplete: "off",
        value: None,
    });
    let ok = Button { name: AUTH_OK, value: v.auth_button, label: v.auth_button };
    let (_, cancel) = def.confirm_buttons;
    let cancel = Button { name: AUTH_CANCEL, ..cancel };
    let action = vpaths::AUTHENTICATION.href(&user_id);
    let name = user.info.full_name();
    let form = SimpleForm {
        heading: v.auth_heading,
        sub: Some(&name),
        intro: v.auth_intro,
        action: &action,
        token: Some((def.names.token, &token)),
        rows,
        buttons: html! { (view::submit(def, &ok, true)) " " (view::submit(def, &cancel, false)) },
        flash: &flash,
        back: Some((def.paths.user.href(&user_id), &name)),
    };
    let frame = frame_of(def, tenant, &ctx, v.auth_heading);
    html_page(variant_pages::simple_form(&frame, &form))
}

fn frame_of<'a>(def: &'static SkinDef, tenant: &'a Tenant, ctx: &Ctx, title: &'a str) -> Frame<'a> {
    Frame {
        def,
        title,
        viewer: ctx.viewer(tenant),
        group_name: &tenant.group.name,
        variants: &tenant.scenario.variants,
    }
}

/// Saves a user's SIP authentication credentials.
pub(super) async fn authentication_submit(
    State(app): State<App>,
    headers: HeaderMap,
    Target(id): Target,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let def = app.def();
    let asks_current = app.variants().authentication_asks_current;
    let form = form_map(form);
    let mut guard = app.lock();
    let tenant = &mut *guard;
    tenant.stats.submissions += 1;
    let path = vpaths::AUTHENTICATION.pattern;
    let (ctx, i) = match open_user(tenant, def, &headers, id.clone(), PageKind::User) {
        Ok(v) => v,
        Err(r) => {
            log(tenant, FormKind::Authentication, id.as_deref(), None, path, &form, Outcome::Refused);
            return *r;
        }
    };
    let user_id = tenant.users[i].info.user_id.clone();
    let back = vpaths::AUTHENTICATION.href(&user_id);
    let v = texts(def);
    let done = |tenant: &mut Tenant, outcome: Outcome, flash: Flash, to: &str| {
        log(tenant, FormKind::Authentication, Some(&user_id), None, &back, &form, outcome);
        ctx.set_flash(tenant, flash);
        see_other(to)
    };
    if let Err((message, outcome)) = check_token(tenant, def, &ctx, &form, &auth_purpose(&user_id)) {
        return done(tenant, outcome, Flash { errors: vec![message.into()], ..Flash::default() }, &back);
    }
    if form.contains_key(AUTH_CANCEL) {
        return done(tenant, Outcome::Cancelled, Flash::default(), &def.paths.user.href(&user_id));
    }
    let (name_f, current_f, new_f, confirm_f) = AUTH_NAMES;
    let field = |n: &str| form.get(n).map(String::as_str).unwrap_or("");
    let (name, current, new, confirm) = (field(name_f), field(current_f), field(new_f), field(confirm_f));
    let mut errors = Vec::new();
    if name.trim().is_empty() || new.is_empty() || confirm.is_empty() || (asks_current && current.is_empty())
    {
        errors.push(v.required.to_owned());
    } else if asks_current && current != tenant.users[i].authentication.password {
        errors.push(v.auth_wrong_current.to_owned());
    } else if new != confirm {
        errors.push(v.mismatch.to_owned());
    }
    if !errors.is_empty() {
        return done(tenant, Outcome::Rejected, Flash { errors, ..Flash::default() }, &back);
    }
    let auth = &mut tenant.users[i].authentication;
    auth.user_name = name.trim().to_owned();
    auth.password = new.to_owned();
    auth.set_count += 1;
    done(tenant, Outcome::Applied, Flash { success: vec![v.auth_saved.into()], ..Flash::default() }, &back)
}

/// Voice Messaging.
pub(super) async fn voice_messaging(
    State(app): State<App>,
    headers: HeaderMap,
    Target(id): Target,
) -> Response {
    let def = app.def();
    let mut guard = app.lock();
    let tenant = &mut *guard;
    let (ctx, i) = match open_user(tenant, def, &headers, id, PageKind::User) {
        Ok(v) => v,
        Err(r) => return *r,
    };
    let frame = frame_of(def, tenant, &ctx, texts(def).vm_link);
    html_page(variant_pages::voice_messaging(&frame, &tenant.users[i].info))
}

fn vm_purpose(user_id: &str) -> FormPurpose {
    FormPurpose::Other("voice_mail", user_id.to_owned())
}

/// Voice Messaging > Voice mail password.
pub(super) async fn voice_mail_page(
    State(app): State<App>,
    headers: HeaderMap,
    Target(id): Target,
) -> Response {
    let def = app.def();
    let mut guard = app.lock();
    let tenant = &mut *guard;
    let (ctx, i) = match open_user(tenant, def, &headers, id, PageKind::User) {
        Ok(v) => v,
        Err(r) => return *r,
    };
    let flash = flash_of(tenant, &ctx);
    let user_id = tenant.users[i].info.user_id.clone();
    let token = issue(tenant, &ctx, vm_purpose(&user_id));
    let v = texts(def);
    let (new_f, confirm_f) = VM_NAMES;
    let action = vpaths::VOICE_MAIL_PASSWORD.href(&user_id);
    let name = tenant.users[i].info.full_name();
    let form = SimpleForm {
        heading: v.vm_password_heading,
        sub: Some(&name),
        intro: v.vm_intro,
        action: &action,
        token: Some((def.names.token, &token)),
        rows: vec![
            Row { label: v.vm_new, name: new_f, input_type: "password", autocomplete: "off", value: None },
            Row {
                label: v.vm_confirm,
                name: confirm_f,
                input_type: "password",
                autocomplete: "off",
                value: None,
            },
        ],
        // Always a <button> here, whatever the skin's other pages use.
        buttons: html! { button type="submit" name="action" value="submit" { (v.vm_button) } },
        flash: &flash,
        back: Some((vpaths::VOICE_MESSAGING.href(&user_id), v.vm_link)),
    };
    let frame = frame_of(def, tenant, &ctx, v.vm_password_heading);
    html_page(variant_pages::simple_form(&frame, &form))
}

/// Saves the voice mail password (digits only).
pub(super) async fn voice_mail_submit(
    State(app): State<App>,
    headers: HeaderMap,
    Target(id): Target,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let def = app.def();
    let form = form_map(form);
    let mut guard = app.lock();
    let tenant = &mut *guard;
    tenant.stats.submissions += 1;
    let path = vpaths::VOICE_MAIL_PASSWORD.pattern;
    let (ctx, i) = match open_user(tenant, def, &headers, id.clone(), PageKind::User) {
        Ok(v) => v,
        Err(r) => {
            log(tenant, FormKind::VoiceMail, id.as_deref(), None, path, &form, Outcome::Refused);
            return *r;
        }
    };
    let user_id = tenant.users[i].info.user_id.clone();
    let back = vpaths::VOICE_MAIL_PASSWORD.href(&user_id);
    let v = texts(def);
    let done = |tenant: &mut Tenant, outcome: Outcome, flash: Flash| {
        log(tenant, FormKind::VoiceMail, Some(&user_id), None, &back, &form, outcome);
        ctx.set_flash(tenant, flash);
        see_other(&back)
    };
    if let Err((message, outcome)) = check_token(tenant, def, &ctx, &form, &vm_purpose(&user_id)) {
        return done(tenant, outcome, Flash { errors: vec![message.into()], ..Flash::default() });
    }
    let (new_f, confirm_f) = VM_NAMES;
    let new = form.get(new_f).map(String::as_str).unwrap_or("");
    let confirm = form.get(confirm_f).map(String::as_str).unwrap_or("");
    let error = if new.is_empty() || confirm.is_empty() {
        Some(v.required)
    } else if new != confirm {
        Some(v.mismatch)
    } else if !new.chars().all(|c| c.is_ascii_digit()) {
        Some(v.vm_digits)
    } else {
        None
    };
    if let Some(e) = error {
        return done(tenant, Outcome::Rejected, Flash { errors: vec![e.into()], ..Flash::default() });
    }
    tenant.users[i].voice_mail_password = Some(new.to_owned());
    done(tenant, Outcome::Applied, Flash { success: vec![v.vm_saved.into()], ..Flash::default() })
}

/// The user whose page linked to an unscoped look-alike page, if known.
fn context_user(tenant: &Tenant, query: &HashMap<String, String>, key: &str) -> Option<String> {
    query.get(key).and_then(|id| tenant.user_index(id)).map(|i| tenant.users[i].info.user_id.clone())
}

/// The admin's own Change my password page.
pub(super) async fn my_password_page(
    State(app): State<App>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let def = app.def();
    let mut guard = app.lock();
    let tenant = &mut *guard;
    let ctx = match authenticate(tenant, def, &headers) {
        Ok(c) => c,
        Err(r) => return *r,
    };
    if !ctx.is_admin() {
        return forbidden(tenant, def, &ctx);
    }
    let flash = flash_of(tenant, &ctx);
    let from = context_user(tenant, &query, "from");
    let token = issue(tenant, &ctx, FormPurpose::Other("admin_password", String::new()));
    let v = texts(def);
    let (current_f, new_f, confirm_f) = MY_NAMES;
    let action = match &from {
        Some(id) => vpaths::with_user(vpaths::MY_PASSWORD, "from", id),
        None => vpaths::MY_PASSWORD.to_owned(),
    };
    let back = from.as_ref().map(|id| (def.paths.user.href(id), def.t.back_home));
    let form = SimpleForm {
        heading: v.my_password_link,
        sub: Some(&tenant.admin.user_id),
        intro: v.my_password_intro,
        action: &action,
        token: Some((def.names.token, &token)),
        rows: vec![
            Row {
                label: v.my_current,
                name: current_f,
                input_type: "password",
                autocomplete: "current-password",
                value: None,
            },
            Row {
                label: v.my_new,
                name: new_f,
                input_type: "password",
                autocomplete: "new-password",
                value: None,
            },
            Row {
                label: v.my_confirm,
                name: confirm_f,
                input_type: "password",
                autocomplete: "new-password",
                value: None,
            },
        ],
        buttons: html! { input type="submit" name="apply" value=(v.my_button); },
        flash: &flash,
        back,
    };
    let frame = frame_of(def, tenant, &ctx, v.my_password_link);
    html_page(variant_pages::simple_form(&frame, &form))
}

/// Changes the admin's own password (for real: the next admin login needs it).
pub(super) async fn my_password_submit(
    State(app): State<App>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let def = app.def();
    let form = form_map(form);
    let mut guard = app.lock();
    let tenant = &mut *guard;
    tenant.stats.submissions += 1;
    let from = context_user(tenant, &query, "from");
    let ctx = match authenticate(tenant, def, &headers) {
        Ok(c) if c.is_admin() => c,
        Ok(c) => {
            log(
                tenant,
                FormKind::AdminPassword,
                from.as_deref(),
                None,
                vpaths::MY_PASSWORD,
                &form,
                Outcome::Refused,
            );
            return forbidden(tenant, def, &c);
        }
        Err(r) => {
            log(
                tenant,
                FormKind::AdminPassword,
                from.as_deref(),
                None,
                vpaths::MY_PASSWORD,
                &form,
                Outcome::Refused,
            );
            return *r;
        }
    };
    let back = match &from {
        Some(id) => vpaths::with_user(vpaths::MY_PASSWORD, "from", id),
        None => vpaths::MY_PASSWORD.to_owned(),
    };
    let v = texts(def);
    let done = |tenant: &mut Tenant, outcome: Outcome, flash: Flash| {
        log(tenant, FormKind::AdminPassword, from.as_deref(), None, vpaths::MY_PASSWORD, &form, outcome);
        ctx.set_flash(tenant, flash);
        see_other(&back)
    };
    let purpose = FormPurpose::Other("admin_password", String::new());
    if let Err((message, outcome)) = check_token(tenant, def, &ctx, &form, &purpose) {
        return done(tenant, outcome, Flash { errors: vec![message.into()], ..Flash::default() });
    }
    let (current_f, new_f, confirm_f) = MY_NAMES;
    let field = |n: &str| form.get(n).map(String::as_str).unwrap_or("");
    let (current, new, confirm) = (field(current_f), field(new_f), field(confirm_f));
    let mut errors = Vec::new();
    if current.is_empty() || new.is_empty() || confirm.is_empty() {
        errors.push(v.required.to_owned());
    } else {
        if current != tenant.admin.password {
            errors.push(v.my_wrong_current.to_owned());
        }
        if new.chars().count() < MY_MIN_LENGTH {
            errors.push(fill(v.my_too_short, &[("n", &MY_MIN_LENGTH.to_string())]));
        }
        if new != confirm {
            errors.push(v.mismatch.to_owned());
        }
    }
    if !errors.is_empty() {
        return done(tenant, Outcome::Rejected, Flash { errors, ..Flash::default() });
    }
    tenant.admin.password = new.to_owned();
    done(tenant, Outcome::Applied, Flash { success: vec![v.my_saved.into()], ..Flash::default() })
}

/// The newsletter page (no login needed; `?ref=USER` from a user's page).
pub(super) async fn newsletter_page(
    State(app): State<App>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let def = app.def();
    let tenant = app.lock();
    let action = newsletter_action(&context_user(&tenant, &query, "ref"));
    html_page(variant_pages::newsletter(def.lang, &action, &Flash::default(), ""))
}

fn newsletter_action(user: &Option<String>) -> String {
    match user {
        Some(id) => vpaths::with_user(vpaths::NEWSLETTER, "ref", id),
        None => vpaths::NEWSLETTER.to_owned(),
    }
}

/// Takes the newsletter form and answers with the page (no redirect).
pub(super) async fn newsletter_submit(
    State(app): State<App>,
    Query(query): Query<HashMap<String, String>>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let def = app.def();
    let form = form_map(form);
    let mut guard = app.lock();
    let tenant = &mut *guard;
    tenant.stats.submissions += 1;
    let user = context_user(tenant, &query, "ref");
    let v = texts(def);
    let field = |n: &str| form.get(n).map(String::as_str).unwrap_or("");
    let (email, password, confirm) = (field("email"), field("password"), field("password_confirm"));
    let error = if email.trim().is_empty() || password.is_empty() || confirm.is_empty() {
        Some(v.required)
    } else if password != confirm {
        Some(v.mismatch)
    } else {
        None
    };
    let (outcome, flash) = match error {
        Some(e) => (Outcome::Rejected, Flash { errors: vec![e.into()], ..Flash::default() }),
        None => (Outcome::Applied, Flash { success: vec![v.news_saved.into()], ..Flash::default() }),
    };
    log(tenant, FormKind::Generic, user.as_deref(), None, vpaths::NEWSLETTER, &form, outcome);
    html_page(variant_pages::newsletter(def.lang, &newsletter_action(&user), &flash, email))
}
