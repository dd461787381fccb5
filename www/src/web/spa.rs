//! `single-page`: after login the portal is one HTML shell under `/ui/`.
//! Its script (`/assets/console.js`) renders the users list, a user's page,
//! Profile, Addresses, Passwords and the device pages from the JSON
//! endpoints below, navigates with `history.pushState` (and handles back),
//! and changes passwords with `fetch`, showing the outcome in the page. The
//! skin's own page URLs redirect into the shell; login and the Password Rules
//! page stay server-rendered.
//!
//! | endpoint | |
//! |---|---|
//! | `GET /ui/api/session` | viewer, group, the skin's strings, links |
//! | `GET /ui/api/users?field=&mode=&value=` | the search (admin) |
//! | `GET /ui/api/users/{id}` | profile, addresses and device |
//! | `GET /ui/api/users/{id}/password-form` | the form, with a one-time token |
//! | `POST /ui/api/users/{id}/passwords` | `{token, kind, current?, new, confirm, passcode?, passcode_confirm?}` |
//! | `GET /ui/api/devices`, `GET /ui/api/devices/{name}` | devices (admin), with action tokens |
//! | `POST /ui/api/devices/{name}/actions` | `{action: "rebuild"\|"reset", token}` |

use std::collections::HashMap;

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use maud::{DOCTYPE, html};
use serde::Deserialize;
use serde_json::{Value, json};

use super::user::{Change, Typed, change_secret, kind_of, log};
use super::{App, Ctx, Target, authenticate, login_expired_url, see_other};
use crate::rules::Secret;
use crate::scenario::User;
use crate::sessions::{FormPurpose, Lookup, Principal, TokenCheck};
use crate::skin::{PageKind, SkinDef, fill};
use crate::tenant::{FormKind, Outcome, Tenant};
use crate::variants::paths::{CONSOLE_CSS, CONSOLE_JS, UI_HOME};
use crate::variants::texts::for_lang;
use crate::variants::{FieldConstraints, rules_text};
use crate::view::pages::{passcode_limits, web_limits};
use crate::view::script_form::{ButtonSpec, FormSpec, HiddenSpec, InputSpec, RadioSpec};
use crate::view::{Limits, pages::Search};

/// The shell's path for a user's page (`""`, `/profile`, …).
pub(crate) fn user_url(id: &str, tail: &str) -> String {
    format!("{UI_HOME}users/{}{tail}", crate::skin::encode(id))
}

/// The shell's path for a device.
pub(crate) fn device_url(name: &str) -> String {
    format!("{UI_HOME}devices/{}", crate::skin::encode(name))
}

/// Where a login lands: the shell's home (admin), the user's page, or their
/// Passwords page while a change is forced.
pub(crate) fn landing(principal: &Principal, must_change: bool) -> String {
    match principal {
        Principal::Admin => UI_HOME.to_owned(),
        Principal::User(id) if must_change => user_url(id, "/passwords"),
        Principal::User(id) => user_url(id, ""),
    }
}

/// The shell: one page for every `/ui/…` path.
pub(super) async fn shell(State(app): State<App>, headers: HeaderMap) -> Response {
    let def = app.def();
    let mut guard = app.lock();
    if let Err(r) = authenticate(&mut guard, def, &headers) {
        return *r;
    }
    let v = for_lang(def.lang);
    let page = html! {
        (DOCTYPE)
        html lang=(def.lang) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (def.t.brand) }
                link rel="stylesheet" href=(CONSOLE_CSS);
                script src=(CONSOLE_JS) defer {}
            }
            body {
                div #app { p.console-loading { (v.loading) } }
                noscript { p { (v.needs_script) } }
            }
        }
    };
    Html(page.into_string()).into_response()
}

/// The skin's page URLs lead into the shell.
pub(super) async fn legacy_redirect(
    State(app): State<App>,
    Target(id): Target,
    Query(query): Query<HashMap<String, String>>,
    page: PageKind,
) -> Response {
    let def = app.def();
    let id = id.unwrap_or_default();
    let to = match page {
        PageKind::Home => UI_HOME.to_owned(),
        PageKind::Users => {
            let n = &def.names;
            let get = |k: &str| query.get(k).cloned().unwrap_or_default();
            let (f, m, v) = (get(n.search_field), get(n.search_mode), get(n.search_value));
            if v.is_empty() {
                format!("{UI_HOME}users")
            } else {
                format!("{UI_HOME}users?field={f}&mode={m}&value={}", crate::skin::encode(&v))
            }
        }
        PageKind::User => user_url(&id, ""),
        PageKind::Profile => user_url(&id, "/profile"),
        PageKind::Addresses => user_url(&id, "/addresses"),
        PageKind::Passwords => user_url(&id, "/passwords"),
        PageKind::Devices => format!("{UI_HOME}devices"),
        _ => device_url(&id),
    };
    see_other(&to)
}

fn error(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "error": message }))).into_response()
}

/// The session for an API call, or a JSON 401 naming the login page.
fn api_session(tenant: &mut Tenant, def: &SkinDef, headers: &HeaderMap) -> Result<Ctx, Box<Response>> {
    let sid = super::session_cookie(def, headers);
    let faults = tenant.faults.clone();
    let login = match tenant.sessions.touch(sid.as_deref(), &faults) {
        Lookup::Live(s) => {
            let (principal, must_change) = (s.principal.clone(), s.must_change);
            return Ok(Ctx { sid: sid.unwrap_or_default(), principal, must_change });
        }
        Lookup::Expired => {
            tenant.stats.expired_session_hits += 1;
            login_expired_url(def)
        }
        Lookup::Anonymous => def.paths.login.to_owned(),
    };
    let body = json!({ "error": "session", "login": login });
    Err(Box::new((StatusCode::UNAUTHORIZED, Json(body)).into_response()))
}

/// The user of an API call, with the same rules as the pages (403, 404, a
/// pending forced change allows only the Passwords form).
fn api_user(
    tenant: &mut Tenant,
    def: &SkinDef,
    headers: &HeaderMap,
    id: Option<String>,
    passwords: bool,
) -> Result<(Ctx, usize), Box<Response>> {
    let ctx = api_session(tenant, def, headers)?;
    let Some(i) = id.as_deref().and_then(|id| tenant.user_index(id)) else {
        return Err(Box::new(error(StatusCode::NOT_FOUND, def.t.not_found)));
    };
    if !ctx.may_see_user(&tenant.users[i].info.user_id) {
        return Err(Box::new(error(StatusCode::FORBIDDEN, def.t.forbidden)));
    }
    if !passwords && ctx.must_change.is_some() {
        let to = landing(&ctx.principal, true);
        return Err(Box::new((StatusCode::CONFLICT, Json(json!({ "redirect": to }))).into_response()));
    }
    Ok((ctx, i))
}

fn admin_only(tenant: &mut Tenant, def: &SkinDef, headers: &HeaderMap) -> Result<Ctx, Box<Response>> {
    let ctx = api_session(tenant, def, headers)?;
    if !ctx.is_admin() {
        return Err(Box::new(error(StatusCode::FORBIDDEN, def.t.forbidden)));
    }
    Ok(ctx)
}

fn user_json(u: &User) -> Value {
    json!({
        "user_id": u.user_id,
        "first_name": u.first_name,
        "last_name": u.last_name,
        "name": u.full_name(),
        "phone_number": u.phone_number,
        "extension": u.extension,
        "department": u.department,
        "email": u.email,
    })
}

/// `GET /ui/api/session`.
pub(super) async fn session(State(app): State<App>, headers: HeaderMap) -> Response {
    let def = app.def();
    let mut guard = app.lock();
    let tenant = &mut *guard;
    let ctx = match api_session(tenant, def, &headers) {
        Ok(c) => c,
        Err(r) => return *r,
    };
    let viewer = match &ctx.principal {
        Principal::Admin => json!({ "kind": "admin", "id": tenant.admin.user_id, "name": def.t.admin_label }),
        Principal::User(id) => {
            let name = tenant.user_index(id).map(|i| tenant.users[i].info.first_name.clone());
            json!({ "kind": "user", "id": id, "name": name })
        }
    };
    let (yes, no) = def.confirm_buttons;
    Json(json!({
        "lang": def.lang,
        "viewer": viewer,
        "must_change": ctx.must_change.is_some(),
        "home": landing(&ctx.principal, ctx.must_change.is_some()),
        "group": { "id": tenant.group.id, "name": tenant.group.name },
        "links": { "logout": def.paths.logout, "rules": def.paths.rules },
        "strings": def.t,
        "buttons": { "confirm": yes.label, "cancel": no.label },
        "loading": for_lang(def.lang).loading,
    }))
    .into_response()
}

/// `GET /ui/api/users?field=&mode=&value=`.
pub(super) async fn users(
    State(app): State<App>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let def = app.def();
    let mut guard = app.lock();
    let tenant = &mut *guard;
    if let Err(r) = admin_only(tenant, def, &headers) {
        return *r;
    }
    let get = |k: &str| query.get(k).cloned().unwrap_or_default();
    let search = Search { field: get("field"), mode: get("mode"), value: get("value") };
    let users: Vec<Value> = tenant
        .users
        .iter()
        .map(|u| &u.info)
        .filter(|u| super::group::matches(u, &search))
        .map(user_json)
        .collect();
    Json(json!({ "users": users })).into_response()
}

/// `GET /ui/api/users/{id}`: profile, addresses, device.
pub(super) async fn user(State(app): State<App>, headers: HeaderMap, Target(id): Target) -> Response {
    let def = app.def();
    let mut guard = app.lock();
    let tenant = &mut *guard;
    let (ctx, i) = match api_user(tenant, def, &headers, id, false) {
        Ok(v) => v,
        Err(r) => return *r,
    };
    let u = &tenant.users[i].info;
    let device = u.device.as_deref().and_then(|d| tenant.device_index(d)).map(|d| &tenant.devices[d].info);
    Json(json!({
        "user": user_json(u),
        "line_port": u.line_port(&tenant.group.domain),
        "device": device.map(|d| json!({ "name": d.name, "type": d.device_type, "mac": d.mac })),
        "device_link": ctx.is_admin(),
    }))
    .into_response()
}

fn ui_purpose(user_id: &str) -> FormPurpose {
    FormPurpose::Other("ui_passwords", user_id.to_owned())
}

/// `GET /ui/api/users/{id}/password-form`: the form with a fresh token.
pub(super) async fn password_form(
    State(app): State<App>,
    headers: HeaderMap,
    Target(id): Target,
) -> Response {
    let def = app.def();
    let variants = app.variants();
    let mut guard = app.lock();
    let tenant = &mut *guard;
    let (ctx, i) = match api_user(tenant, def, &headers, id, true) {
        Ok(v) => v,
        Err(r) => return *r,
    };
    let user_id = tenant.users[i].info.user_id.clone();
    let token =
        tenant.sessions.get_mut(&ctx.sid).map(|s| s.issue_token(ui_purpose(&user_id))).unwrap_or_default();
    let t = def.t;
    let self_service = !ctx.is_admin();
    let forced = ctx.must_change.is_some();
    let mut radios = vec![RadioSpec { value: "web".into(), label: t.radio_web.into(), checked: true }];
    if !forced {
        radios.push(RadioSpec { value: "passcode".into(), label: t.radio_passcode.into(), checked: false });
    }
    let (new_label, confirm_label) =
        if self_service { (t.self_new, t.self_confirm) } else { (t.new_label, t.confirm_label) };
    let web = web_limits(variants, &tenant.rules);
    let mut inputs = Vec::new();
    if self_service {
        inputs.push(InputSpec::password("current", t.self_current, "current-password", &Limits::default()));
    }
    inputs.push(InputSpec::password("new", new_label, "new-password", &web));
    inputs.push(InputSpec::password("confirm", confirm_label, "new-password", &web));
    if variants.field_constraints == FieldConstraints::Full && !forced {
        let vt = for_lang(def.lang);
        let pc = passcode_limits(&tenant.rules);
        inputs.push(InputSpec::password("passcode", vt.passcode_new, "off", &pc));
        inputs.push(InputSpec::password("passcode_confirm", vt.passcode_confirm, "off", &pc));
    }
    let (save, cancel) = match def.buttons {
        crate::skin::Buttons::OkApplyCancel { ok, cancel, .. } => (ok.label, cancel.label),
        crate::skin::Buttons::SaveCancel { save, cancel, .. } => (save.label, cancel.label),
    };
    let spec = FormSpec {
        action: format!("/ui/api/users/{}/passwords", crate::skin::encode(&user_id)),
        autocomplete: Some("off".into()),
        hidden: vec![HiddenSpec { name: "token".into(), value: token }],
        radio_name: "kind".into(),
        radios,
        inputs,
        buttons: vec![
            ButtonSpec {
                name: "save".into(),
                value: "1".into(),
                label: save.into(),
                secondary: false,
                href: None,
            },
            ButtonSpec {
                name: String::new(),
                value: String::new(),
                label: cancel.into(),
                secondary: true,
                href: Some(user_url(&user_id, "")),
            },
        ],
        delay_ms: 0,
    };
    let notice = ctx.must_change.map(|m| match m {
        crate::sessions::MustChange::Expired => t.must_change_expired,
        crate::sessions::MustChange::AfterReset => t.must_change_reset,
    });
    let rules = variants.printed_rules.then(|| {
        json!({
            "web": rules_text::web(def.lang, &tenant.rules.web, variants.web_max_length()),
            "passcode": (!forced).then(|| rules_text::passcode(def.lang, &tenant.rules.passcode)),
        })
    });
    Json(json!({
        "user": user_json(&tenant.users[i].info),
        "form": spec,
        "notice": notice,
        "rules": rules,
    }))
    .into_response()
}

/// The JSON a password change posts.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct ChangeBody {
    token: String,
    kind: String,
    current: String,
    new: String,
    confirm: String,
    passcode: String,
    passcode_confirm: String,
}

impl ChangeBody {
    fn fields(&self) -> HashMap<String, String> {
        [
            ("token", &self.token),
            ("kind", &self.kind),
            ("current", &self.current),
            ("new", &self.new),
            ("confirm", &self.confirm),
            ("passcode", &self.passcode),
            ("passcode_confirm", &self.passcode_confirm),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (k.to_owned(), v.clone()))
        .collect()
    }
}

/// `POST /ui/api/users/{id}/passwords`: `{ok, message, token}` or
/// `{ok: false, errors, kind, token}` (a fresh token for the next try).
pub(super) async fn change(
    State(app): State<App>,
    headers: HeaderMap,
    Target(id): Target,
    body: Result<Json<ChangeBody>, JsonRejection>,
) -> Response {
    let def = app.def();
    let variants = app.variants();
    let body = body.map(|Json(b)| b).unwrap_or_default();
    let fields = body.fields();
    let mut guard = app.lock();
    let tenant = &mut *guard;
    tenant.stats.submissions += 1;
    tenant.stats.password_submissions += 1;
    let path = "/ui/api/users/{id}/passwords";
    let (ctx, i) = match api_user(tenant, def, &headers, id.clone(), true) {
        Ok(v) => v,
        Err(r) => {
            log(tenant, FormKind::Passwords, id.as_deref(), None, path, &fields, Outcome::Refused);
            return *r;
        }
    };
    let user_id = tenant.users[i].info.user_id.clone();
    let here = format!("/ui/api/users/{}/passwords", crate::skin::encode(&user_id));
    let kind = kind_of(Some(&body.kind), "web", "passcode", &ctx);
    let purpose = ui_purpose(&user_id);
    let check = tenant.sessions.get_mut(&ctx.sid).map(|s| s.check_token(&body.token, &purpose));
    let fresh = |tenant: &mut Tenant| {
        tenant.sessions.get_mut(&ctx.sid).map(|s| s.issue_token(ui_purpose(&user_id))).unwrap_or_default()
    };
    let refuse = |tenant: &mut Tenant, message: &str, outcome: Outcome| {
        log(tenant, FormKind::Passwords, Some(&user_id), kind, &here, &fields, outcome);
        let token = fresh(tenant);
        Json(json!({ "ok": false, "errors": [message], "kind": body.kind, "token": token })).into_response()
    };
    match check {
        Some(TokenCheck::Fresh) => {}
        Some(TokenCheck::Used) => {
            tenant.stats.duplicate_submissions += 1;
            return refuse(tenant, def.t.duplicate, Outcome::Duplicate);
        }
        _ => {
            tenant.stats.invalid_submissions += 1;
            return refuse(tenant, def.t.invalid_request, Outcome::Invalid);
        }
    }
    let use_token = |tenant: &mut Tenant| {
        if let Some(s) = tenant.sessions.get_mut(&ctx.sid) {
            s.use_token(&body.token);
        }
    };
    let split = variants.field_constraints == FieldConstraints::Full && kind == Some(Secret::Passcode);
    let (new, confirm) =
        if split { (&body.passcode, &body.passcode_confirm) } else { (&body.new, &body.confirm) };
    let typed = Typed { kind, current: &body.current, new, confirm };
    match change_secret(tenant, def, variants, &ctx, i, &typed) {
        Change::FailedBefore => {
            log(tenant, FormKind::Passwords, Some(&user_id), kind, &here, &fields, Outcome::Failed);
            tenant.stats.server_errors += 1;
            error(StatusCode::INTERNAL_SERVER_ERROR, def.t.server_error_detail)
        }
        Change::Rejected { messages, .. } => {
            use_token(tenant);
            log(tenant, FormKind::Passwords, Some(&user_id), kind, &here, &fields, Outcome::Rejected);
            let token = fresh(tenant);
            Json(json!({ "ok": false, "errors": messages, "kind": body.kind, "token": token }))
                .into_response()
        }
        Change::Applied { kind, failed } => {
            use_token(tenant);
            let outcome = if failed { Outcome::Failed } else { Outcome::Applied };
            log(tenant, FormKind::Passwords, Some(&user_id), Some(kind), &here, &fields, outcome);
            if failed {
                tenant.stats.server_errors += 1;
                return error(StatusCode::INTERNAL_SERVER_ERROR, def.t.server_error_detail);
            }
            let message = match kind {
                Secret::Web => def.t.success_web,
                Secret::Passcode => def.t.success_passcode,
            };
            let token = fresh(tenant);
            let must_change = tenant.sessions.get_mut(&ctx.sid).is_some_and(|s| s.must_change.is_some());
            Json(json!({ "ok": true, "message": message, "token": token, "must_change": must_change }))
                .into_response()
        }
    }
}

/// `GET /ui/api/devices`.
pub(super) async fn devices(State(app): State<App>, headers: HeaderMap) -> Response {
    let def = app.def();
    let mut guard = app.lock();
    let tenant = &mut *guard;
    if let Err(r) = admin_only(tenant, def, &headers) {
        return *r;
    }
    let list: Vec<Value> = tenant
        .devices
        .iter()
        .map(|d| {
            let user = tenant
                .device_user(&d.info.name)
                .map(|u| json!({ "user_id": u.info.user_id, "name": u.info.full_name() }));
            json!({ "name": d.info.name, "type": d.info.device_type, "mac": d.info.mac, "user": user })
        })
        .collect();
    Json(json!({ "devices": list })).into_response()
}

fn action_purpose(name: &str, action: &str) -> FormPurpose {
    FormPurpose::Other(if action == "rebuild" { "ui_rebuild" } else { "ui_reset" }, name.to_owned())
}

/// `GET /ui/api/devices/{name}`: the device, its user, and a token per action.
pub(super) async fn device(State(app): State<App>, headers: HeaderMap, Target(id): Target) -> Response {
    let def = app.def();
    let mut guard = app.lock();
    let tenant = &mut *guard;
    let ctx = match admin_only(tenant, def, &headers) {
        Ok(c) => c,
        Err(r) => return *r,
    };
    let Some(i) = id.as_deref().and_then(|n| tenant.device_index(n)) else {
        return error(StatusCode::NOT_FOUND, def.t.not_found);
    };
    let name = tenant.devices[i].info.name.clone();
    let mut tokens = serde_json::Map::new();
    for action in ["rebuild", "reset"] {
        let token = tenant
            .sessions
            .get_mut(&ctx.sid)
            .map(|s| s.issue_token(action_purpose(&name, action)))
            .unwrap_or_default();
        tokens.insert(action.to_owned(), Value::String(token));
    }
    let d = &tenant.devices[i];
    let user = tenant.device_user(&name);
    let t = def.t;
    Json(json!({
        "device": { "name": d.info.name, "type": d.info.device_type, "mac": d.info.mac },
        "user": user.map(|u| json!({ "user_id": u.info.user_id, "name": u.info.full_name() })),
        "line_port": user.map(|u| u.info.line_port(&tenant.group.domain)),
        "tokens": tokens,
        "questions": {
            "rebuild": fill(t.confirm_rebuild, &[("name", &name)]),
            "reset": fill(t.confirm_reset, &[("name", &name)]),
        },
    }))
    .into_response()
}

/// The JSON a device action posts.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct ActionBody {
    action: String,
    token: String,
}

/// `POST /ui/api/devices/{name}/actions`.
pub(super) async fn device_action(
    State(app): State<App>,
    headers: HeaderMap,
    Target(id): Target,
    body: Result<Json<ActionBody>, JsonRejection>,
) -> Response {
    let def = app.def();
    let body = body.map(|Json(b)| b).unwrap_or_default();
    let mut guard = app.lock();
    let tenant = &mut *guard;
    tenant.stats.submissions += 1;
    let ctx = match admin_only(tenant, def, &headers) {
        Ok(c) => c,
        Err(r) => return *r,
    };
    let Some(i) = id.as_deref().and_then(|n| tenant.device_index(n)) else {
        return error(StatusCode::NOT_FOUND, def.t.not_found);
    };
    if body.action != "rebuild" && body.action != "reset" {
        return error(StatusCode::BAD_REQUEST, def.t.invalid_request);
    }
    let name = tenant.devices[i].info.name.clone();
    let purpose = action_purpose(&name, &body.action);
    let check = tenant.sessions.get_mut(&ctx.sid).map(|s| s.check_token(&body.token, &purpose));
    match check {
        Some(TokenCheck::Fresh) => {}
        Some(TokenCheck::Used) => {
            tenant.stats.duplicate_submissions += 1;
            return Json(json!({ "ok": false, "errors": [def.t.duplicate] })).into_response();
        }
        _ => {
            tenant.stats.invalid_submissions += 1;
            return Json(json!({ "ok": false, "errors": [def.t.invalid_request] })).into_response();
        }
    }
    if let Some(s) = tenant.sessions.get_mut(&ctx.sid) {
        s.use_token(&body.token);
    }
    let device = &mut tenant.devices[i];
    let message = if body.action == "rebuild" {
        device.rebuild_count += 1;
        def.t.rebuilt
    } else {
        device.reset_count += 1;
        def.t.was_reset
    };
    let token = tenant
        .sessions
        .get_mut(&ctx.sid)
        .map(|s| s.issue_token(action_purpose(&name, &body.action)))
        .unwrap_or_default();
    Json(json!({ "ok": true, "message": fill(message, &[("name", &name)]), "token": token })).into_response()
}

/// Unknown `/ui/api/…` paths.
pub(super) async fn api_not_found(State(app): State<App>) -> Response {
    error(StatusCode::NOT_FOUND, app.def().t.not_found)
}
