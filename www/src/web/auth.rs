//! Login and logout.

use std::collections::HashMap;

use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;

use super::{App, form_map, html_page, see_other, session_cookie, slow};
use crate::sessions::{Flash, Principal};
use crate::skin::{PageKind, SkinDef};
use crate::tenant::{LoginOutcome, Tenant};
use crate::view::{Frame, Viewer, pages};

/// `/`: to the login page.
pub(super) async fn root(State(app): State<App>) -> Response {
    see_other(app.def().paths.login)
}

fn render_login(tenant: &Tenant, def: &'static SkinDef, flash: &Flash) -> Response {
    let frame = Frame {
        def,
        title: def.t.login_heading,
        viewer: Viewer::Nobody,
        group_name: &tenant.group.name,
        variants: &tenant.scenario.variants,
    };
    html_page(pages::login(&frame, flash))
}

/// The login form; `?expired=1` and `?bye=1` explain why we are here.
pub(super) async fn login_page(
    State(app): State<App>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    slow(&app, PageKind::Login).await;
    let def = app.def();
    let mut flash = Flash::default();
    if query.contains_key("expired") {
        flash.errors.push(def.t.login_expired.to_owned());
    } else if query.contains_key("bye") {
        flash.success.push(def.t.login_logged_out.to_owned());
    }
    let tenant = app.lock();
    render_login(&tenant, def, &flash)
}

/// Checks the credentials; a session cookie and a redirect on success.
pub(super) async fn login_submit(
    State(app): State<App>,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    slow(&app, PageKind::Login).await;
    let def = app.def();
    let form = form_map(form);
    let user_id = form.get(def.names.login_user).map(|s| s.trim()).unwrap_or("");
    let password = form.get(def.names.login_password).map(String::as_str).unwrap_or("");
    let mut guard = app.lock();
    let tenant = &mut *guard;
    if let Some(old) = session_cookie(def, &headers) {
        tenant.sessions.remove(&old);
    }
    let (frameset, single_page) = (app.variants().frameset, app.variants().single_page);
    let (principal, must_change, to) = match tenant.login(user_id, password) {
        LoginOutcome::Admin => (Principal::Admin, None, def.paths.home.to_owned()),
        LoginOutcome::User(i, must) => {
            let id = tenant.users[i].info.user_id.clone();
            let to = match must {
                Some(_) => def.paths.passwords.href(&id),
                None => def.paths.user.href(&id),
            };
            (Principal::User(id), must, to)
        }
        LoginOutcome::Bad => {
            let flash = Flash { errors: vec![def.t.login_bad.to_owned()], ..Flash::default() };
            return render_login(tenant, def, &flash);
        }
        LoginOutcome::Locked => {
            let flash = Flash { errors: vec![def.t.login_locked.to_owned()], ..Flash::default() };
            return render_login(tenant, def, &flash);
        }
    };
    // `frameset`: everyone lands on the frameset, which picks the content.
    let to = if frameset { crate::variants::paths::FRAMESET.to_owned() } else { to };
    // `single-page`: into the shell.
    let to = if single_page { super::spa::landing(&principal, must_change.is_some()) } else { to };
    let sid = tenant.sessions.create(principal, must_change);
    let mut resp = see_other(&to);
    let cookie = format!("{}={sid}; Path=/; HttpOnly; SameSite=Lax", def.cookie);
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        resp.headers_mut().insert(header::SET_COOKIE, value);
    }
    resp
}

/// Ends the session and returns to the login page.
pub(super) async fn logout(State(app): State<App>, headers: HeaderMap) -> Response {
    let def = app.def();
    let mut tenant = app.lock();
    tenant.stats.logouts += 1;
    if let Some(sid) = session_cookie(def, &headers) {
        tenant.sessions.remove(&sid);
    }
    drop(tenant);
    let mut resp = see_other(&format!("{}?bye=1", def.paths.login));
    let cookie = format!("{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0", def.cookie);
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        resp.headers_mut().insert(header::SET_COOKIE, value);
    }
    resp
}
