//! `ungranted-frame`: a static, portal-looking user page with the Passwords
//! form, served on a loopback host the extension is not granted
//! (`127.0.0.2` by default, configurable), and the portal's own page (an
//! origin the extension is granted) that frames it. No login is needed on
//! either. Posts to the static form are counted and thrown away.

use std::collections::HashMap;

use axum::extract::{FromRequest, Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::response::{Html, IntoResponse, Response};
use axum::{Form, Router};
use maud::html;

use super::user::log;
use super::{App, form_map, header_value};
use crate::sessions::Flash;
use crate::tenant::{FormKind, Outcome};
use crate::variants::texts::for_lang;
use crate::view::{Frame, Viewer, pages};

/// The ungranted listener answers every path with the static page.
pub(crate) fn router(app: App) -> Router {
    Router::new().fallback(static_page).with_state(app)
}

/// The static page: the first user's Passwords form, in the skin, as the
/// portal would show it to its admin. A POST is counted and answered with
/// the same page and a confirmation; nothing is stored.
async fn static_page(State(app): State<App>, req: Request) -> Response {
    let def = app.def();
    let is_post = req.method() == Method::POST;
    let path = req.uri().path().to_owned();
    let fields: HashMap<String, String> = if is_post {
        match Form::<Vec<(String, String)>>::from_request(req, &app).await {
            Ok(Form(pairs)) => form_map(pairs),
            Err(_) => HashMap::new(),
        }
    } else {
        HashMap::new()
    };
    let mut guard = app.lock();
    let tenant = &mut *guard;
    tenant.stats.ungranted_requests += 1;
    let mut flash = Flash::default();
    if is_post {
        tenant.stats.ungranted_submissions += 1;
        let user = tenant.users.first().map(|u| u.info.user_id.clone());
        log(tenant, FormKind::Ungranted, user.as_deref(), None, &path, &fields, Outcome::Ignored);
        flash.success.push(for_lang(def.lang).partner_saved.to_owned());
    }
    let Some(first) = tenant.users.first() else {
        return Html(String::new()).into_response();
    };
    let view = pages::PasswordsView {
        user: &first.info,
        self_service: false,
        must_change: None,
        flash: &flash,
        token: "0",
        rules: &tenant.rules,
    };
    let frame = Frame {
        def,
        title: def.t.passwords_heading,
        viewer: Viewer::Admin,
        group_name: &tenant.group.name,
        variants: &tenant.scenario.variants,
    };
    let mut resp = Html(pages::passwords(&frame, &view).into_string()).into_response();
    let headers = resp.headers_mut();
    if app.0.csp {
        let mut ancestors = format!("'self' {}", app.0.origin);
        if let Some(w) = &app.0.wrapper_origin {
            ancestors.push(' ');
            ancestors.push_str(w);
        }
        let csp = format!("default-src 'self'; script-src 'self'; frame-ancestors {ancestors}");
        headers.insert(header::CONTENT_SECURITY_POLICY, header_value(&csp));
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

/// The portal's (granted) page that frames the ungranted origin.
pub(super) async fn host_page(State(app): State<App>) -> Response {
    let def = app.def();
    let v = for_lang(def.lang);
    let tenant = app.lock();
    let first = tenant.users.first().map(|u| u.info.user_id.clone()).unwrap_or_default();
    let origin = app.0.ungranted_origin.clone().unwrap_or_default();
    let src = format!("{origin}{}", def.paths.passwords.href(&first));
    let frame = Frame {
        def,
        title: v.partner_heading,
        viewer: Viewer::Nobody,
        group_name: &tenant.group.name,
        variants: &tenant.scenario.variants,
    };
    let page = frame.page(html! {
        h1 { (v.partner_heading) }
        p { (v.partner_text) }
        iframe #partner src=(src) title=(v.partner_heading) width="100%" height="720" {}
    });
    let mut resp = Html(page.into_string()).into_response();
    if app.0.csp {
        let csp = format!("{}; frame-src {origin}", app.page_csp());
        resp.headers_mut().insert(header::CONTENT_SECURITY_POLICY, header_value(&csp));
    }
    resp
}
