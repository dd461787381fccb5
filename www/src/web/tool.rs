//! The standalone tool mount: the files of `--tool-dir` under `/tool/`,
//! with a CSP that lets its page run wasm (set by the common layer).

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use tower_http::services::ServeDir;

use super::App;

/// The MIME type the tool's files must have, whatever the platform guesses.
fn content_type(path: &str) -> Option<&'static str> {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase())?;
    Some(match ext.as_str() {
        "wasm" => "application/wasm",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        _ => return None,
    })
}

/// Serves `/tool`, `/tool/` and `/tool/...` from the tool directory.
pub(super) async fn serve(State(app): State<App>, mut req: Request) -> Response {
    let Some(dir) = app.0.tool_dir.clone() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let path = req.uri().path().to_owned();
    if path == "/tool" {
        return Redirect::permanent("/tool/").into_response();
    }
    let rest = path.strip_prefix("/tool").unwrap_or("/").to_owned();
    let rewritten = match req.uri().query() {
        Some(q) => format!("{rest}?{q}"),
        None => rest.clone(),
    };
    match rewritten.parse::<Uri>() {
        Ok(uri) => *req.uri_mut() = uri,
        Err(_) => return StatusCode::BAD_REQUEST.into_response(),
    }
    let served = ServeDir::new(dir).try_call(req).await;
    let mut resp = match served {
        Ok(r) => r.map(axum::body::Body::new).into_response(),
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let file = if rest.ends_with('/') { "index.html" } else { rest.as_str() };
    if resp.status().is_success() {
        if let Some(ct) = content_type(file) {
            resp.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(ct));
        }
    }
    resp
}
