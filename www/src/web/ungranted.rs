//! `ungranted-frame`: a static, portal-looking user page with the Passwords
//! form on a loopback host the extension is not granted (127.0.0.2 by
//! default), and the portal's own page that frames it.

use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Response};

use super::App;

/// The ungranted listener's routes.
pub(crate) fn router(app: App) -> Router {
    Router::new().with_state(app)
}

/// The portal's page that frames the ungranted origin.
pub(super) async fn host_page(State(_app): State<App>) -> Response {
    axum::http::StatusCode::NOT_FOUND.into_response()
}
