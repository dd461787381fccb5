//! The test-control JSON API under `/__test/`, mounted only with
//! `--test-api`. Never on by default.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

use super::App;
use crate::control::Control;
use crate::faults::Faults;

fn control(app: App) -> Control {
    Control { app }
}

fn no_user(user_id: &str) -> Response {
    (StatusCode::NOT_FOUND, Json(json!({ "error": format!("no user {user_id:?}") }))).into_response()
}

/// The API's routes, relative to `/__test`.
pub(crate) fn router() -> Router<App> {
    Router::new()
        .route("/users/{user_id}", get(user))
        .route("/users/{user_id}/check-password", post(check_password))
        .route("/users/{user_id}/passcode-login", post(passcode_login))
        .route("/admin", get(admin))
        .route("/admin/check-password", post(check_admin_password))
        .route("/submissions", get(submissions))
        .route("/stats", get(stats))
        .route("/faults", get(faults).post(set_faults))
        .route("/rules", get(rules))
        .route("/expire-sessions", post(expire_sessions))
        .route("/reset", post(reset))
}

async fn user(State(app): State<App>, Path(user_id): Path<String>) -> Response {
    match control(app).user(&user_id) {
        Some(report) => Json(report).into_response(),
        None => no_user(&user_id),
    }
}

#[derive(Deserialize)]
struct PasswordBody {
    password: String,
}

async fn check_password(
    State(app): State<App>,
    Path(user_id): Path<String>,
    Json(body): Json<PasswordBody>,
) -> Response {
    match control(app).check_password(&user_id, &body.password) {
        Some(matches) => Json(json!({ "matches": matches })).into_response(),
        None => no_user(&user_id),
    }
}

#[derive(Deserialize)]
struct PasscodeBody {
    passcode: String,
}

async fn passcode_login(
    State(app): State<App>,
    Path(user_id): Path<String>,
    Json(body): Json<PasscodeBody>,
) -> Response {
    match control(app).passcode_login(&user_id, &body.passcode) {
        Some((ok, locked)) => Json(json!({ "ok": ok, "locked": locked })).into_response(),
        None => no_user(&user_id),
    }
}

async fn admin(State(app): State<App>) -> Response {
    Json(control(app).admin()).into_response()
}

async fn check_admin_password(State(app): State<App>, Json(body): Json<PasswordBody>) -> Response {
    Json(json!({ "matches": control(app).check_admin_password(&body.password) })).into_response()
}

async fn submissions(State(app): State<App>) -> Response {
    Json(control(app).submissions()).into_response()
}

async fn stats(State(app): State<App>) -> Response {
    Json(control(app).stats()).into_response()
}

async fn faults(State(app): State<App>) -> Response {
    Json(control(app).faults()).into_response()
}

async fn set_faults(State(app): State<App>, Json(faults): Json<Faults>) -> Response {
    let control = control(app);
    match control.set_faults(faults) {
        Ok(()) => Json(control.faults()).into_response(),
        Err(e) => (StatusCode::BAD_REQUEST, Json(json!({ "error": e }))).into_response(),
    }
}

async fn rules(State(app): State<App>) -> Response {
    Json(control(app).rules()).into_response()
}

async fn expire_sessions(State(app): State<App>) -> Response {
    let n = control(app).expire_sessions();
    Json(json!({ "expired": n })).into_response()
}

async fn reset(State(app): State<App>) -> Response {
    control(app).reset();
    Json(json!({ "reset": true })).into_response()
}
