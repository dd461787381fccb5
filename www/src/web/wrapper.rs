//! `reseller-wrapper`: a reseller's own site, on a second listener (same
//! host, another port), whose page embeds the portal in an `<iframe>`.

use axum::Router;

use super::App;

/// The wrapper's routes.
pub(crate) fn router(app: App) -> Router {
    Router::new().with_state(app)
}
