//! The variants' static files: the scripts the script-built form and the
//! single-page portal run, and their stylesheets. Same origin, so the strict
//! CSP (`script-src 'self'`) lets them run.

use axum::http::header;
use axum::response::{IntoResponse, Response};

const PWFORM_JS: &str = include_str!("../../assets/pwform.js");

fn javascript(body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], body).into_response()
}

/// `/assets/pwform.js` (`script-form`).
pub(super) async fn script_form() -> Response {
    javascript(PWFORM_JS)
}
