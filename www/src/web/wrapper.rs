//! `reseller-wrapper`: a reseller's own site, on a second listener (same
//! host, another port: same site, another origin, so the portal's session
//! cookie still goes with requests from the frame), whose page embeds the
//! portal's login page in an `<iframe>` between its own branding, navigation
//! and text. The portal's pages allow this one origin to frame them.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use maud::{DOCTYPE, Markup, html};

use super::{App, header_value};
use crate::variants::texts::for_lang;

const SITE_CSS: &str = include_str!("../../assets/reseller.css");
/// The nav bar's pages, in the order of `reseller_nav`; the second is the
/// framed portal (`/`).
const SLUGS: [&str; 5] = ["home", "", "internet", "billing", "support"];

/// The wrapper's routes.
pub(crate) fn router(app: App) -> Router {
    Router::new()
        .route("/", get(portal_page))
        .route("/css/site.css", get(css))
        .route("/{slug}", get(other_page))
        .with_state(app)
}

fn page(app: &App, current: usize, main: Markup) -> Response {
    let def = app.def();
    let v = for_lang(def.lang);
    let body = html! {
        (DOCTYPE)
        html lang=(def.lang) {
            head {
                meta charset="utf-8";
                title { (v.reseller) " – " (v.reseller_nav[current]) }
                link rel="stylesheet" href="/css/site.css";
            }
            body {
                header.site {
                    div.logo { (v.reseller) }
                    nav {
                        ul {
                            @for (i, text) in v.reseller_nav.iter().enumerate() {
                                li class=[(i == current).then_some("active")] { a href={ "/" (SLUGS[i]) } { (text) } }
                            }
                        }
                    }
                }
                main { (main) }
                footer { p { (v.reseller_footer) } }
            }
        }
    };
    let mut resp = Html(body.into_string()).into_response();
    let headers = resp.headers_mut();
    if app.0.csp {
        let csp = format!("default-src 'self'; frame-src {}", app.0.origin);
        headers.insert(header::CONTENT_SECURITY_POLICY, header_value(&csp));
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

/// The reseller's "Phone system" page: the portal in an iframe.
async fn portal_page(State(app): State<App>) -> Response {
    let def = app.def();
    let v = for_lang(def.lang);
    let src = format!("{}{}", app.0.origin, def.paths.login);
    let main = html! {
        h1 { (v.reseller_heading) }
        p.lead { (v.reseller_text) }
        div.frame-wrap {
            iframe #portal-frame name="portal" src=(src) title=(v.reseller_frame_title) width="100%" height="820" {}
        }
    };
    page(&app, 1, main)
}

/// The reseller's other pages: a line of text each.
async fn other_page(State(app): State<App>, Path(slug): Path<String>) -> Response {
    let def = app.def();
    let v = for_lang(def.lang);
    match SLUGS.iter().position(|s| !s.is_empty() && *s == slug) {
        Some(i) => page(&app, i, html! { h1 { (v.reseller_nav[i]) } p { (v.reseller_text) } }),
        None => (StatusCode::NOT_FOUND, "Not found").into_response(),
    }
}

async fn css() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], SITE_CSS).into_response()
}
