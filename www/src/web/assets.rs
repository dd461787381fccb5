//! The variants' static files: the scripts the script-built form and the
//! single-page portal run, and their stylesheets. Same origin, so the strict
//! CSP (`script-src 'self'`) lets them run.

use axum::http::header;
use axum::response::{IntoResponse, Response};

const PWFORM_JS: &str = include_str!("../../assets/pwform.js");
const PWSHADOW_JS: &str = include_str!("../../assets/pwshadow.js");
const PWTABS_JS: &str = include_str!("../../assets/pwtabs.js");
const CONSOLE_JS: &str = include_str!("../../assets/console.js");
const CONSOLE_CSS: &str = include_str!("../../assets/console.css");

fn javascript(body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], body).into_response()
}

/// `/assets/pwform.js` (`script-form`).
pub(super) async fn script_form() -> Response {
    javascript(PWFORM_JS)
}

/// `/assets/pwshadow.js` (`web-components`).
pub(super) async fn web_components() -> Response {
    javascript(PWSHADOW_JS)
}

/// `/assets/pwtabs.js` (`tabs`).
pub(super) async fn tabs() -> Response {
    javascript(PWTABS_JS)
}

/// `/assets/console.js` (`single-page`).
pub(super) async fn console_js() -> Response {
    javascript(CONSOLE_JS)
}

/// `/assets/console.css` (`single-page`).
pub(super) async fn console_css() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], CONSOLE_CSS).into_response()
}
