//! Group pages: home with the menus, the users search, Password Rules.

use std::collections::HashMap;

use axum::Form;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;

use super::{App, authenticate, forbidden, form_map, html_page, see_other, slow};
use crate::rules::digits_of;
use crate::scenario::User;
use crate::sessions::{Flash, FormPurpose, TokenCheck};
use crate::skin::{PageKind, fill};
use crate::view::{Frame, pages, rules_form};

/// Group home.
pub(super) async fn home(State(app): State<App>, headers: HeaderMap) -> Response {
    slow(&app, PageKind::Home).await;
    let def = app.def();
    let mut guard = app.lock();
    let tenant = &mut *guard;
    let ctx = match authenticate(tenant, def, &headers) {
        Ok(c) => c,
        Err(r) => return *r,
    };
    if let Some(r) = ctx.forced_change_redirect(def) {
        return r;
    }
    if !ctx.is_admin() {
        return forbidden(tenant, def, &ctx);
    }
    let flash = ctx.take_flash(tenant);
    let frame = Frame {
        def,
        title: &tenant.group.name,
        viewer: ctx.viewer(tenant),
        group_name: &tenant.group.name,
        variants: &tenant.scenario.variants,
    };
    html_page(pages::home(&frame, &tenant.group, &flash))
}

/// Whether `user` matches the search.
pub(super) fn matches(user: &User, search: &pages::Search) -> bool {
    let wanted = search.value.trim().to_lowercase();
    if wanted.is_empty() {
        return true;
    }
    let (have, wanted) = match search.field.as_str() {
        "first_name" => (user.first_name.to_lowercase(), wanted),
        "user_id" => (user.user_id.to_lowercase(), wanted),
        // Phone numbers are compared by their digits, formatting aside.
        "phone" => (digits_of(&user.phone_number), digits_of(&wanted)),
        "extension" => (user.extension.clone(), wanted),
        _ => (user.last_name.to_lowercase(), wanted),
    };
    match search.mode.as_str() {
        "contains" => have.contains(&wanted),
        "equals" => have == wanted,
        _ => have.starts_with(&wanted),
    }
}

/// Users list with search.
pub(super) async fn users(
    State(app): State<App>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    slow(&app, PageKind::Users).await;
    let def = app.def();
    let mut guard = app.lock();
    let tenant = &mut *guard;
    let ctx = match authenticate(tenant, def, &headers) {
        Ok(c) => c,
        Err(r) => return *r,
    };
    if let Some(r) = ctx.forced_change_redirect(def) {
        return r;
    }
    if !ctx.is_admin() {
        return forbidden(tenant, def, &ctx);
    }
    let get = |name: &str| query.get(name).cloned().unwrap_or_default();
    let search = pages::Search {
        field: get(def.names.search_field),
        mode: get(def.names.search_mode),
        value: get(def.names.search_value),
    };
    let results: Vec<&User> = tenant.users.iter().map(|u| &u.info).filter(|u| matches(u, &search)).collect();
    let frame = Frame {
        def,
        title: def.t.users_heading,
        viewer: ctx.viewer(tenant),
        group_name: &tenant.group.name,
        variants: &tenant.scenario.variants,
    };
    html_page(pages::users(&frame, &search, &results))
}

/// Utilities > Password Rules (admin only).
pub(super) async fn rules_page(State(app): State<App>, headers: HeaderMap) -> Response {
    slow(&app, PageKind::PasswordRules).await;
    let def = app.def();
    let mut guard = app.lock();
    let tenant = &mut *guard;
    let ctx = match authenticate(tenant, def, &headers) {
        Ok(c) => c,
        Err(r) => return *r,
    };
    if let Some(r) = ctx.forced_change_redirect(def) {
        return r;
    }
    if !ctx.is_admin() {
        return forbidden(tenant, def, &ctx);
    }
    let flash = ctx.take_flash(tenant);
    let token = tenant.sessions.get_mut(&ctx.sid).map(|s| s.issue_token(FormPurpose::Rules));
    let frame = Frame {
        def,
        title: def.t.rules_heading,
        viewer: ctx.viewer(tenant),
        group_name: &tenant.group.name,
        variants: &tenant.scenario.variants,
    };
    html_page(rules_form::page(&frame, &tenant.rules, &flash, token.as_deref()))
}

/// Saves the Password Rules form.
pub(super) async fn rules_submit(
    State(app): State<App>,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    slow(&app, PageKind::PasswordRules).await;
    let def = app.def();
    let form = form_map(form);
    let mut guard = app.lock();
    let tenant = &mut *guard;
    tenant.stats.submissions += 1;
    let ctx = match authenticate(tenant, def, &headers) {
        Ok(c) => c,
        Err(r) => return *r,
    };
    if !ctx.is_admin() {
        return forbidden(tenant, def, &ctx);
    }
    let token = form.get(def.names.token).cloned().unwrap_or_default();
    let Some(session) = tenant.sessions.get_mut(&ctx.sid) else {
        return see_other(def.paths.login);
    };
    let mut flash = Flash::default();
    match session.check_token(&token, &FormPurpose::Rules) {
        TokenCheck::Used => {
            tenant.stats.duplicate_submissions += 1;
            flash.errors.push(def.t.duplicate.to_owned());
        }
        TokenCheck::Invalid => {
            tenant.stats.invalid_submissions += 1;
            flash.errors.push(def.t.invalid_request.to_owned());
        }
        TokenCheck::Fresh => {
            session.use_token(&token);
            match rules_form::parse(&form, &tenant.rules) {
                Ok(rules) => {
                    tenant.rules = rules;
                    flash.success.push(def.t.rules_saved.to_owned());
                }
                Err(message) => {
                    let (field, message) = message.split_once(": ").unwrap_or(("", &message));
                    flash.errors.push(fill(def.t.rules_invalid, &[("field", field), ("message", message)]));
                }
            }
        }
    }
    ctx.set_flash(tenant, flash);
    see_other(def.paths.rules)
}
