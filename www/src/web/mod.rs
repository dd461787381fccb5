//! The HTTP side: router, shared helpers, and the middleware that adds the
//! security headers, counts requests and injects latency.

mod assets;
mod auth;
mod deep;
mod device;
mod frames;
mod group;
mod lookalike;
mod spa;
pub(crate) mod test_api;
mod tool;
pub(crate) mod ungranted;
mod user;
pub(crate) mod wrapper;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::Router;
use axum::extract::{FromRequestParts, Path, Query, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{any, get, post};
use maud::Markup;

use crate::sessions::{Flash, Lookup, MustChange, Principal};
use crate::skin::{PageKind, SkinDef, stylesheet};
use crate::tenant::Tenant;
use crate::variants::{ErrorMarkup, Variants, paths as vpaths};
use crate::view::{Frame, Viewer, pages};

/// The CSP of every portal page.
pub const PAGE_CSP: &str = "default-src 'self'; script-src 'self'";
/// The CSP of the `/tool/` mount (it runs a wasm page).
pub const TOOL_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";

/// Shared server state.
pub(crate) struct Inner {
    pub def: &'static SkinDef,
    pub variants: Variants,
    pub csp: bool,
    pub log_requests: bool,
    pub tool_dir: Option<PathBuf>,
    pub page_script: Option<String>,
    /// `http://HOST:PORT` of the portal.
    pub origin: String,
    /// `reseller-wrapper`: the wrapper's origin (it may frame the portal).
    pub wrapper_origin: Option<String>,
    /// `ungranted-frame`: the ungranted listener's origin.
    pub ungranted_origin: Option<String>,
    pub tenant: Mutex<Tenant>,
}

/// Cheap handle to the shared state.
#[derive(Clone)]
pub(crate) struct App(pub Arc<Inner>);

impl App {
    /// The tenant; a panic in another request does not poison it for good.
    pub fn lock(&self) -> MutexGuard<'_, Tenant> {
        self.0.tenant.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn def(&self) -> &'static SkinDef {
        self.0.def
    }

    pub fn variants(&self) -> &Variants {
        &self.0.variants
    }

    /// The CSP of the portal's pages under the variants: framing by the
    /// reseller wrapper allowed, inline styles allowed for `cell-errors`.
    pub fn page_csp(&self) -> String {
        let mut csp = PAGE_CSP.to_owned();
        if self.variants().error_markup == ErrorMarkup::Cell {
            csp.push_str("; style-src 'self' 'unsafe-inline'");
        }
        if let Some(wrapper) = &self.0.wrapper_origin {
            csp.push_str(&format!("; frame-ancestors 'self' {wrapper}"));
        }
        csp
    }
}

/// Builds the whole router for a skin.
pub(crate) fn router(app: App, test_api: bool) -> Router {
    let p = &app.def().paths;
    let mut r = Router::new()
        .route("/", get(auth::root))
        .route(p.css, get(css))
        .route(p.login, get(auth::login_page).post(auth::login_submit))
        .route(p.logout, get(auth::logout).post(auth::logout))
        .route(p.rules, get(group::rules_page).post(group::rules_submit));
    if app.variants().single_page {
        // The skin's pages lead into the single-page portal.
        let pages = [
            (p.home, PageKind::Home),
            (p.users, PageKind::Users),
            (p.devices, PageKind::Devices),
            (p.user.pattern, PageKind::User),
            (p.profile.pattern, PageKind::Profile),
            (p.addresses.pattern, PageKind::Addresses),
            (p.passwords.pattern, PageKind::Passwords),
            (p.device.pattern, PageKind::Device),
            (p.device_confirm.pattern, PageKind::DeviceConfirm),
        ];
        for (path, page) in pages {
            r = r.route(
                path,
                get(move |s: State<App>, t: Target, q: Query<HashMap<String, String>>| {
                    spa::legacy_redirect(s, t, q, page)
                }),
            );
        }
        r = r
            .route(vpaths::CONSOLE_JS, get(assets::console_js))
            .route(vpaths::CONSOLE_CSS, get(assets::console_css))
            .route("/ui", get(|| async { Redirect::to(vpaths::UI_HOME) }))
            .route(vpaths::UI_HOME, get(spa::shell))
            .route("/ui/{*rest}", get(spa::shell))
            .route("/ui/api/session", get(spa::session))
            .route("/ui/api/users", get(spa::users))
            .route("/ui/api/users/{id}", get(spa::user))
            .route("/ui/api/users/{id}/password-form", get(spa::password_form))
            .route("/ui/api/users/{id}/passwords", post(spa::change))
            .route("/ui/api/devices", get(spa::devices))
            .route("/ui/api/devices/{id}", get(spa::device))
            .route("/ui/api/devices/{id}/actions", post(spa::device_action))
            .route("/ui/api/{*rest}", any(spa::api_not_found));
    } else {
        r = r
            .route(p.home, get(group::home))
            .route(p.users, get(group::users))
            .route(p.devices, get(device::list))
            .route(p.user.pattern, get(user::home))
            .route(p.profile.pattern, get(user::profile))
            .route(p.addresses.pattern, get(user::addresses))
            .route(p.passwords.pattern, get(user::passwords_page).post(user::passwords_submit))
            .route(p.device.pattern, get(device::page))
            .route(p.device_confirm.pattern, get(device::confirm_page).post(device::confirm_submit));
    }
    let v = app.variants();
    if v.script_form {
        r = r.route(vpaths::SCRIPT_FORM_JS, get(assets::script_form));
    }
    if v.tabs {
        r = r.route(vpaths::TABS_JS, get(assets::tabs));
    }
    if v.web_components {
        r = r.route(vpaths::WEB_COMPONENTS_JS, get(assets::web_components));
    }
    if v.frameset {
        r = r.route(vpaths::FRAMESET, get(frames::frameset)).route(vpaths::FRAME_NAV, get(frames::nav));
    }
    if v.deep_passwords {
        r = r
            .route(vpaths::MY_PROFILE.pattern, get(deep::my_profile))
            .route(vpaths::DEEP_PASSWORDS.pattern, get(deep::passwords))
            .route(vpaths::MANAGE_PASSWORDS.pattern, get(deep::manage_page).post(deep::manage_submit));
        for risky in [deep::Risky::DeleteUser, deep::Risky::ResetVoiceMail, deep::Risky::RemoveDevice] {
            r = r.route(
                risky.pattern(),
                get(move |s: State<App>, h: HeaderMap, t: Target| deep::risky_page(s, h, t, risky)).post(
                    move |s: State<App>, h: HeaderMap, t: Target, f: axum::Form<Vec<(String, String)>>| {
                        deep::risky_submit(s, h, t, risky, f)
                    },
                ),
            );
        }
    }
    if v.lookalikes {
        r = r
            .route(
                vpaths::AUTHENTICATION.pattern,
                get(lookalike::authentication_page).post(lookalike::authentication_submit),
            )
            .route(vpaths::VOICE_MESSAGING.pattern, get(lookalike::voice_messaging))
            .route(
                vpaths::VOICE_MAIL_PASSWORD.pattern,
                get(lookalike::voice_mail_page).post(lookalike::voice_mail_submit),
            )
            .route(vpaths::MY_PASSWORD, get(lookalike::my_password_page).post(lookalike::my_password_submit))
            .route(vpaths::NEWSLETTER, get(lookalike::newsletter_page).post(lookalike::newsletter_submit));
    }
    if v.ungranted_frame {
        r = r.route(vpaths::UNGRANTED_HOST, get(ungranted::host_page));
    }
    if app.0.tool_dir.is_some() {
        r = r
            .route("/tool", any(tool::serve))
            .route("/tool/", any(tool::serve))
            .route("/tool/{*rest}", any(tool::serve));
    }
    if app.0.page_script.is_some() {
        r = r.route(PAGE_SCRIPT, get(page_script));
    }
    if test_api {
        r = r.nest("/__test", test_api::router());
    }
    r.fallback(not_found).layer(middleware::from_fn_with_state(app.clone(), common_layer)).with_state(app)
}

/// Security headers, request counting, latency and the request log.
async fn common_layer(State(app): State<App>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let method = req.method().clone();
    let is_test_api = path.starts_with("/__test/") || path == "/__test";
    if !is_test_api {
        let latency = {
            let mut t = app.lock();
            t.stats.requests += 1;
            *t.stats.requests_by_path.entry(path.clone()).or_default() += 1;
            t.faults.latency_ms
        };
        if latency > 0 {
            tokio::time::sleep(Duration::from_millis(latency)).await;
        }
    }
    let mut resp = next.run(req).await;
    if app.0.page_script.is_some() {
        resp = with_page_script(resp).await;
    }
    let is_tool = path == "/tool" || path.starts_with("/tool/");
    let page_csp = app.page_csp();
    let headers = resp.headers_mut();
    if app.0.csp {
        // A page may set its own (the ungranted frame's host page does).
        if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
            let csp = if is_tool { HeaderValue::from_static(TOOL_CSP) } else { header_value(&page_csp) };
            headers.insert(header::CONTENT_SECURITY_POLICY, csp);
        }
    } else {
        headers.remove(header::CONTENT_SECURITY_POLICY);
    }
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    // The reseller wrapper frames the portal from another origin: the CSP's
    // frame-ancestors says who may, X-Frame-Options would forbid it.
    if !is_tool && app.0.wrapper_origin.is_none() {
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("SAMEORIGIN"));
    }
    if !is_tool {
        // Pages with password forms must not be cached.
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if app.0.log_requests {
        // Path only: never a body, so never a password.
        eprintln!("{method} {path} -> {}", resp.status().as_u16());
    }
    resp
}

/// A header value from a string built at run time (origins are ASCII).
pub(crate) fn header_value(s: &str) -> HeaderValue {
    HeaderValue::from_str(s).unwrap_or_else(|_| HeaderValue::from_static(PAGE_CSP))
}

/// Where the configured page script is served.
const PAGE_SCRIPT: &str = "/__page-script.js";

async fn page_script(State(app): State<App>) -> Response {
    let body = app.0.page_script.clone().unwrap_or_default();
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], body).into_response()
}

/// Adds `<script src="/__page-script.js">` to an HTML page's head.
async fn with_page_script(resp: Response) -> Response {
    let is_html = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !is_html {
        return resp;
    }
    let (mut parts, body) = resp.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 4 << 20).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let html = String::from_utf8_lossy(&bytes).replacen(
        "</head>",
        &format!("<script src=\"{PAGE_SCRIPT}\"></script></head>"),
        1,
    );
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, axum::body::Body::from(html))
}

async fn css(State(app): State<App>) -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], stylesheet(app.def().skin)).into_response()
}

async fn not_found(State(app): State<App>) -> Response {
    let t = app.lock();
    let def = app.def();
    let frame = Frame {
        def,
        title: def.t.not_found,
        viewer: Viewer::Nobody,
        group_name: &t.group.name,
        variants: &t.scenario.variants,
    };
    let page = pages::error_page(&frame, def.t.not_found, def.t.not_found);
    (StatusCode::NOT_FOUND, Html(page.into_string())).into_response()
}

/// The user or device ID of a page, from the path (`{id}`) or the query.
pub(crate) struct Target(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for Target {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        if let Ok(Path(map)) = Path::<HashMap<String, String>>::from_request_parts(parts, state).await {
            if let Some(id) = map.get("id") {
                return Ok(Target(Some(id.clone())));
            }
        }
        let query =
            Query::<HashMap<String, String>>::try_from_uri(&parts.uri).map(|q| q.0).unwrap_or_default();
        let id = ["key", "uid", "name", "d"].iter().find_map(|k| query.get(*k).cloned());
        Ok(Target(id))
    }
}

/// A response that ends a handler early (login redirect, 403, 404), boxed
/// to keep `Result`s small.
pub(crate) type Early = Box<Response>;

/// A logged-in request.
pub(crate) struct Ctx {
    pub sid: String,
    pub principal: Principal,
    pub must_change: Option<MustChange>,
}

/// The session cookie's value, if any.
pub(crate) fn session_cookie(def: &SkinDef, headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == def.cookie)
        .map(|(_, v)| v.to_owned())
}

/// The login page URL after a session expired.
pub(crate) fn login_expired_url(def: &SkinDef) -> String {
    format!("{}?expired=1", def.paths.login)
}

/// Resolves the session, applying the expiry faults. Without a live session
/// the answer is a redirect to the login page (nothing else happens).
pub(crate) fn authenticate(tenant: &mut Tenant, def: &SkinDef, headers: &HeaderMap) -> Result<Ctx, Early> {
    let sid = session_cookie(def, headers);
    let faults = tenant.faults.clone();
    match tenant.sessions.touch(sid.as_deref(), &faults) {
        Lookup::Live(s) => Ok(Ctx {
            sid: sid.unwrap_or_default(),
            principal: s.principal.clone(),
            must_change: s.must_change,
        }),
        Lookup::Expired => {
            tenant.stats.expired_session_hits += 1;
            Err(Box::new(see_other(&login_expired_url(def))))
        }
        Lookup::Anonymous => Err(Box::new(see_other(def.paths.login))),
    }
}

/// A 303 See Other redirect.
pub(crate) fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

/// A 200 HTML page.
pub(crate) fn html_page(markup: Markup) -> Response {
    Html(markup.into_string()).into_response()
}

/// Sleeps for the `slow_page_ms` fault if it covers `page`.
pub(crate) async fn slow(app: &App, page: PageKind) {
    let ms = {
        let t = app.lock();
        if t.faults.slow_page_ms > 0 && t.faults.slowed_pages().contains(&page) {
            t.faults.slow_page_ms
        } else {
            0
        }
    };
    if ms > 0 {
        tokio::time::sleep(Duration::from_millis(ms)).await;
    }
}

impl Ctx {
    /// The viewer for page frames.
    pub fn viewer<'a>(&self, tenant: &'a Tenant) -> Viewer<'a> {
        match &self.principal {
            Principal::Admin => Viewer::Admin,
            Principal::User(id) => match tenant.user_index(id) {
                Some(i) => {
                    Viewer::User { id: &tenant.users[i].info.user_id, name: &tenant.users[i].info.first_name }
                }
                None => Viewer::Nobody,
            },
        }
    }

    /// Whether this session may see user `user_id`'s pages.
    pub fn may_see_user(&self, user_id: &str) -> bool {
        match &self.principal {
            Principal::Admin => true,
            Principal::User(id) => id.eq_ignore_ascii_case(user_id),
        }
    }

    pub fn is_admin(&self) -> bool {
        self.principal == Principal::Admin
    }

    /// With a forced change pending, a user may only reach their Passwords
    /// page: the redirect to it.
    pub fn forced_change_redirect(&self, def: &SkinDef) -> Option<Response> {
        match (&self.principal, self.must_change) {
            (Principal::User(id), Some(_)) => Some(see_other(&def.paths.passwords.href(id))),
            _ => None,
        }
    }

    /// Takes the flash message of the session.
    pub fn take_flash(&self, tenant: &mut Tenant) -> Flash {
        tenant.sessions.get_mut(&self.sid).and_then(|s| s.flash.take()).unwrap_or_default()
    }

    /// Leaves a flash message for the next page.
    pub fn set_flash(&self, tenant: &mut Tenant, flash: Flash) {
        if let Some(s) = tenant.sessions.get_mut(&self.sid) {
            s.flash = Some(flash);
        }
    }
}

/// Renders an error page with a status.
pub(crate) fn error_response(
    tenant: &Tenant,
    def: &'static SkinDef,
    viewer: Viewer<'_>,
    status: StatusCode,
    title: &str,
    detail: &str,
) -> Response {
    let frame =
        Frame { def, title, viewer, group_name: &tenant.group.name, variants: &tenant.scenario.variants };
    (status, Html(pages::error_page(&frame, title, detail).into_string())).into_response()
}

/// 403 for a logged-in viewer.
pub(crate) fn forbidden(tenant: &Tenant, def: &'static SkinDef, ctx: &Ctx) -> Response {
    error_response(tenant, def, ctx.viewer(tenant), StatusCode::FORBIDDEN, def.t.forbidden, def.t.forbidden)
}

/// 404 for a logged-in viewer.
pub(crate) fn missing(tenant: &Tenant, def: &'static SkinDef, ctx: &Ctx) -> Response {
    error_response(tenant, def, ctx.viewer(tenant), StatusCode::NOT_FOUND, def.t.not_found, def.t.not_found)
}

/// Collapses a submitted form into a map (the last value of a name wins).
pub(crate) fn form_map(pairs: Vec<(String, String)>) -> HashMap<String, String> {
    pairs.into_iter().collect()
}
