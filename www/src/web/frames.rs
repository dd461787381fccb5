//! `frameset`: after login the portal is a `<frameset>`: a navigation frame
//! (menus whose links target the content frame) and a content frame holding
//! the pages, which then come without their own banner and menus.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;

use super::{App, authenticate, html_page};
use crate::sessions::Principal;
use crate::view::Frame;
use crate::view::variant_pages;

/// The frameset: the content frame shows the group home (admin) or the
/// user's page (or their Passwords page while a change is forced).
pub(super) async fn frameset(State(app): State<App>, headers: HeaderMap) -> Response {
    let def = app.def();
    let mut guard = app.lock();
    let tenant = &mut *guard;
    let ctx = match authenticate(tenant, def, &headers) {
        Ok(c) => c,
        Err(r) => return *r,
    };
    let content = match (&ctx.principal, ctx.must_change) {
        (Principal::Admin, _) => def.paths.home.to_owned(),
        (Principal::User(id), Some(_)) => def.paths.passwords.href(id),
        (Principal::User(id), None) => def.paths.user.href(id),
    };
    let frame = Frame {
        def,
        title: def.t.brand,
        viewer: ctx.viewer(tenant),
        group_name: &tenant.group.name,
        variants: &tenant.scenario.variants,
    };
    html_page(variant_pages::frameset(&frame, &content))
}

/// The navigation frame.
pub(super) async fn nav(State(app): State<App>, headers: HeaderMap) -> Response {
    let def = app.def();
    let mut guard = app.lock();
    let tenant = &mut *guard;
    let ctx = match authenticate(tenant, def, &headers) {
        Ok(c) => c,
        Err(r) => return *r,
    };
    let frame = Frame {
        def,
        title: def.t.brand,
        viewer: ctx.viewer(tenant),
        group_name: &tenant.group.name,
        variants: &tenant.scenario.variants,
    };
    html_page(variant_pages::frame_nav(&frame))
}
