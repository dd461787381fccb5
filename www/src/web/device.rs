//! Resources > Identity/Device Profiles: the list, one profile, and its two
//! actions (rebuild the files, reset the phones), each behind a
//! confirmation. Only the confirmed POST moves a counter.

use std::collections::HashMap;

use axum::Form;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;

use super::{
    App, Ctx, Early, Target, authenticate, forbidden, form_map, html_page, missing, see_other, slow,
};
use crate::sessions::{Flash, FormPurpose, TokenCheck};
use crate::skin::{PageKind, SkinDef, fill};
use crate::tenant::Tenant;
use crate::view::{Frame, pages};

/// Authenticates the admin and resolves the device of the page.
fn open_device(
    tenant: &mut Tenant,
    def: &'static SkinDef,
    headers: &HeaderMap,
    target: Option<String>,
) -> Result<(Ctx, usize), Early> {
    let ctx = authenticate(tenant, def, headers)?;
    if let Some(r) = ctx.forced_change_redirect(def) {
        return Err(Box::new(r));
    }
    if !ctx.is_admin() {
        return Err(Box::new(forbidden(tenant, def, &ctx)));
    }
    match target.as_deref().and_then(|name| tenant.device_index(name)) {
        Some(i) => Ok((ctx, i)),
        None => Err(Box::new(missing(tenant, def, &ctx))),
    }
}

/// The list of device profiles.
pub(super) async fn list(State(app): State<App>, headers: HeaderMap) -> Response {
    slow(&app, PageKind::Devices).await;
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
    let rows: Vec<pages::DeviceRow> = tenant
        .devices
        .iter()
        .map(|d| pages::DeviceRow {
            device: &d.info,
            user: tenant.device_user(&d.info.name).map(|u| &u.info),
        })
        .collect();
    let frame = Frame {
        def,
        title: def.t.devices_heading,
        viewer: ctx.viewer(tenant),
        group_name: &tenant.group.name,
        variants: &tenant.scenario.variants,
    };
    html_page(pages::devices(&frame, &rows))
}

/// One device profile with its actions and the last action's result.
pub(super) async fn page(State(app): State<App>, headers: HeaderMap, Target(id): Target) -> Response {
    slow(&app, PageKind::Device).await;
    let def = app.def();
    let mut guard = app.lock();
    let tenant = &mut *guard;
    let (ctx, i) = match open_device(tenant, def, &headers, id) {
        Ok(v) => v,
        Err(r) => return *r,
    };
    let flash = ctx.take_flash(tenant);
    let info = &tenant.devices[i].info;
    let row = pages::DeviceRow { device: info, user: tenant.device_user(&info.name).map(|u| &u.info) };
    let frame = Frame {
        def,
        title: &info.name,
        viewer: ctx.viewer(tenant),
        group_name: &tenant.group.name,
        variants: &tenant.scenario.variants,
    };
    html_page(pages::device(&frame, &row, &tenant.group.domain, &flash))
}

fn action_of(query: &HashMap<String, String>) -> Option<&'static str> {
    match query.get("action").map(String::as_str) {
        Some("rebuild") => Some("rebuild"),
        Some("reset") => Some("reset"),
        _ => None,
    }
}

/// The confirmation step (`?action=rebuild` or `?action=reset`).
pub(super) async fn confirm_page(
    State(app): State<App>,
    headers: HeaderMap,
    Target(id): Target,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    slow(&app, PageKind::DeviceConfirm).await;
    let def = app.def();
    let mut guard = app.lock();
    let tenant = &mut *guard;
    let (ctx, i) = match open_device(tenant, def, &headers, id) {
        Ok(v) => v,
        Err(r) => return *r,
    };
    let Some(action) = action_of(&query) else {
        return missing(tenant, def, &ctx);
    };
    let name = tenant.devices[i].info.name.clone();
    let Some(session) = tenant.sessions.get_mut(&ctx.sid) else {
        return see_other(def.paths.login);
    };
    let token = session.issue_token(FormPurpose::DeviceAction(name, action.to_owned()));
    let frame = Frame {
        def,
        title: if action == "rebuild" { def.t.rebuild } else { def.t.reset },
        viewer: ctx.viewer(tenant),
        group_name: &tenant.group.name,
        variants: &tenant.scenario.variants,
    };
    html_page(pages::device_confirm(&frame, &tenant.devices[i].info, action, &token))
}

/// The confirmed (or cancelled) action.
pub(super) async fn confirm_submit(
    State(app): State<App>,
    headers: HeaderMap,
    Target(id): Target,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    slow(&app, PageKind::DeviceConfirm).await;
    let def = app.def();
    let form = form_map(form);
    let mut guard = app.lock();
    let tenant = &mut *guard;
    tenant.stats.submissions += 1;
    let (ctx, i) = match open_device(tenant, def, &headers, id) {
        Ok(v) => v,
        Err(r) => return *r,
    };
    let Some(action) = action_of(&form) else {
        return missing(tenant, def, &ctx);
    };
    let name = tenant.devices[i].info.name.clone();
    let device_url = def.paths.device.href(&name);
    let token = form.get(def.names.token).cloned().unwrap_or_default();
    let purpose = FormPurpose::DeviceAction(name.clone(), action.to_owned());
    let Some(session) = tenant.sessions.get_mut(&ctx.sid) else {
        return see_other(def.paths.login);
    };
    let check = session.check_token(&token, &purpose);
    if check == TokenCheck::Fresh {
        session.use_token(&token);
    }
    let (_, cancel) = def.confirm_buttons;
    let cancelled = form.get(cancel.name).is_some_and(|v| v == cancel.value);
    let mut flash = Flash::default();
    match check {
        TokenCheck::Used => {
            tenant.stats.duplicate_submissions += 1;
            flash.errors.push(def.t.duplicate.to_owned());
        }
        TokenCheck::Invalid => {
            tenant.stats.invalid_submissions += 1;
            flash.errors.push(def.t.invalid_request.to_owned());
        }
        TokenCheck::Fresh if cancelled => {}
        TokenCheck::Fresh => {
            let device = &mut tenant.devices[i];
            let message = if action == "rebuild" {
                device.rebuild_count += 1;
                def.t.rebuilt
            } else {
                device.reset_count += 1;
                def.t.was_reset
            };
            flash.success.push(fill(message, &[("name", &name)]));
        }
    }
    ctx.set_flash(tenant, flash);
    see_other(&device_url)
}
