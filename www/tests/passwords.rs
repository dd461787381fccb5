//! The Passwords page end to end in the classic skin: resets, outcomes,
//! mismatches, lockout, self-service, forced change, double submits.

mod common;

use common::*;
use passwright_portal::Skin;
use reqwest::StatusCode;

#[tokio::test]
async fn a_valid_reset_lets_the_user_in_with_the_new_password_and_not_the_old() {
    let sim = sim(Skin::Classic).await;
    sim.login_admin().await;
    let page = sim.set_secret(JSMITH, Kind::Web, "Harbor2026x", "Harbor2026x", Press::Ok).await;
    // OK returns to the user page with the outcome.
    assert_eq!(page.path, sim.paths().user.href(JSMITH));
    page.assert_has("The web access password has been changed.").assert_has("John Smith");
    assert!(sim.user_can_log_in(JSMITH, "Harbor2026x").await);
    assert!(!sim.user_can_log_in(JSMITH, JSMITH_PASSWORD).await, "the old password stops working");
    let report = sim.api_user(JSMITH).await;
    assert_eq!(report.password_set_count, 1);
    assert!(sim.api_password_is(JSMITH, "Harbor2026x").await);
}

#[tokio::test]
async fn apply_saves_and_stays_on_the_passwords_page() {
    let sim = sim(Skin::Classic).await;
    sim.login_admin().await;
    let page = sim.set_secret(JSMITH, Kind::Web, "Meadow77plus", "Meadow77plus", Press::Apply).await;
    assert_eq!(page.path, sim.paths().passwords.href(JSMITH));
    page.assert_has("The web access password has been changed.").assert_has("Set web access password");
    assert!(sim.api_password_is(JSMITH, "Meadow77plus").await);
}

#[tokio::test]
async fn cancel_changes_nothing() {
    let sim = sim(Skin::Classic).await;
    sim.login_admin().await;
    let page = sim.set_secret(JSMITH, Kind::Web, "Meadow77plus", "Meadow77plus", Press::Cancel).await;
    assert_eq!(page.path, sim.paths().user.href(JSMITH));
    page.assert_lacks("has been changed");
    assert!(sim.api_password_is(JSMITH, JSMITH_PASSWORD).await);
    assert_eq!(sim.api_user(JSMITH).await.password_set_count, 0);
}

#[tokio::test]
async fn a_mismatched_retype_is_rejected_and_nothing_changes() {
    let sim = sim(Skin::Classic).await;
    sim.login_admin().await;
    let page = sim.set_secret(JSMITH, Kind::Web, "Harbor2026x", "Harbor2026y", Press::Ok).await;
    assert_eq!(page.path, sim.paths().passwords.href(JSMITH), "stays on the Passwords page");
    page.assert_has("The new password and the re-typed password do not match.");
    let report = sim.api_user(JSMITH).await;
    assert_eq!(report.password_set_count, 0);
    assert_eq!(report.last_error_codes, ["mismatch"]);
    assert!(sim.user_can_log_in(JSMITH, JSMITH_PASSWORD).await);
    assert!(!sim.user_can_log_in(JSMITH, "Harbor2026x").await);
}

#[tokio::test]
async fn a_rule_violation_lists_every_broken_rule_and_keeps_the_radio() {
    let sim = sim(Skin::Classic).await;
    sim.login_admin().await;
    let page = sim.set_secret(JSMITH, Kind::Web, "short", "short", Press::Ok).await;
    page.assert_has("The password must be at least 8 characters long.")
        .assert_has("The password must contain at least 1 digit(s).");
    assert_eq!(sim.api_user(JSMITH).await.last_error_codes, ["min_length", "min_digits"]);
    // The passcode radio stays selected after a passcode error.
    let page = sim.set_secret(JSMITH, Kind::Passcode, "12a", "12a", Press::Ok).await;
    page.assert_has("The portal password must contain digits only.")
        .assert_has("The portal password must be 4 to 10 digits long.");
    assert!(page.body.contains(r#"value="portal" checked"#), "{}", page.body);
    assert!(sim.api_password_is(JSMITH, JSMITH_PASSWORD).await);
}

#[tokio::test]
async fn the_passcode_is_set_and_may_not_be_the_extension() {
    let sim = sim(Skin::Classic).await;
    sim.login_admin().await;
    let page = sim.set_secret(JSMITH, Kind::Passcode, "1001", "1001", Press::Ok).await;
    page.assert_has("The portal password cannot be the user's extension.");
    let page = sim.set_secret(JSMITH, Kind::Passcode, "480213", "480213", Press::Ok).await;
    page.assert_has("The portal password has been changed.");
    let report = sim.api_user(JSMITH).await;
    assert_eq!(report.passcode.as_deref(), Some("480213"));
    assert_eq!(report.passcode_set_count, 1);
    assert_eq!(report.password_set_count, 0, "the web password is untouched");
}

#[tokio::test]
async fn a_double_submit_is_counted_and_not_applied_twice() {
    let sim = sim(Skin::Classic).await;
    sim.login_admin().await;
    let page = sim.passwords_page(JSMITH).await;
    let token = page.hidden("formToken").unwrap();
    let first =
        sim.submit_passwords(JSMITH, &token, Kind::Web, "Harbor2026x", "Harbor2026x", Press::Ok).await;
    first.assert_has("has been changed");
    let second =
        sim.submit_passwords(JSMITH, &token, Kind::Web, "Quartz2026z", "Quartz2026z", Press::Ok).await;
    second.assert_has("This request has already been submitted.");
    let stats = sim.api_stats().await;
    assert_eq!(stats["duplicate_submissions"], 1);
    assert_eq!(stats["password_submissions"], 2);
    assert_eq!(sim.api_user(JSMITH).await.password_set_count, 1);
    assert!(sim.api_password_is(JSMITH, "Harbor2026x").await);
}

#[tokio::test]
async fn a_forged_token_is_refused() {
    let sim = sim(Skin::Classic).await;
    sim.login_admin().await;
    let page =
        sim.submit_passwords(JSMITH, "not-a-token", Kind::Web, "Harbor2026x", "Harbor2026x", Press::Ok).await;
    page.assert_has("The request could not be processed.");
    assert!(sim.api_password_is(JSMITH, JSMITH_PASSWORD).await);
}

#[tokio::test]
async fn failed_logins_lock_the_user_and_an_admin_reset_unlocks() {
    let sim = sim(Skin::Classic).await;
    // The demo locks after 5 failures.
    let browser = Sim2 { portal: &sim.portal, client: client() };
    for _ in 0..4 {
        browser.login(JSMITH, "wrong-password1").await.assert_has("Invalid user ID or password.");
    }
    browser.login(JSMITH, "wrong-password1").await.assert_has("has been locked");
    let report = sim.api_user(JSMITH).await;
    assert!(report.locked);
    assert_eq!(report.failed_logins, 5);
    // Locked: even the right password is refused.
    browser.login(JSMITH, JSMITH_PASSWORD).await.assert_has("has been locked");
    sim.login_admin().await;
    sim.set_secret(JSMITH, Kind::Web, "Unlock2026ok", "Unlock2026ok", Press::Ok)
        .await
        .assert_has("has been changed");
    assert!(!sim.api_user(JSMITH).await.locked);
    assert!(sim.user_can_log_in(JSMITH, "Unlock2026ok").await);
}

#[tokio::test]
async fn the_locked_demo_user_is_unlocked_by_a_reset() {
    let sim = sim(Skin::Classic).await;
    let user = "dsmithers@acme.example.com";
    assert!(sim.api_user(user).await.locked);
    assert!(!sim.user_can_log_in(user, "Lantern271n").await);
    sim.login_admin().await;
    sim.set_secret(user, Kind::Web, "Lantern2027x", "Lantern2027x", Press::Ok).await;
    assert!(sim.user_can_log_in(user, "Lantern2027x").await);
}

#[tokio::test]
async fn a_user_lands_on_their_own_page_and_changes_their_password() {
    let sim = sim(Skin::Classic).await;
    let page = sim.login(JSMITH, JSMITH_PASSWORD).await;
    assert_eq!(page.path, sim.paths().user.href(JSMITH));
    page.assert_has("John Smith").assert_has("Passwords");
    // Self-service asks for the current password and uses the user labels.
    let form = sim.passwords_page(JSMITH).await;
    form.assert_has("Type current password")
        .assert_has("Type a new password")
        .assert_has("Type the new password again");
    let token = form.hidden("formToken").unwrap();
    let page = sim
        .post(
            &sim.paths().passwords.href(JSMITH),
            &[
                ("formToken", &token),
                ("passwordType", "web"),
                ("oldPassword", "not-it"),
                ("newPassword", "Falcon2026q"),
                ("confirmPassword", "Falcon2026q"),
                ("ok", "OK"),
            ],
        )
        .await;
    page.assert_has("The current password is not correct.");
    let token = page.hidden("formToken").unwrap();
    let page = sim
        .post(
            &sim.paths().passwords.href(JSMITH),
            &[
                ("formToken", &token),
                ("passwordType", "web"),
                ("oldPassword", JSMITH_PASSWORD),
                ("newPassword", "Falcon2026q"),
                ("confirmPassword", "Falcon2026q"),
                ("ok", "OK"),
            ],
        )
        .await;
    page.assert_has("The web access password has been changed.");
    assert!(sim.user_can_log_in(JSMITH, "Falcon2026q").await);
}

#[tokio::test]
async fn a_user_cannot_open_another_users_pages_or_the_group() {
    let sim = sim(Skin::Classic).await;
    sim.login(JSMITH, JSMITH_PASSWORD).await;
    let page = sim.get(&sim.paths().passwords.href(WCHEN)).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let page = sim.get(sim.paths().users).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    page.assert_has("You are not authorized to access this page.");
}

#[tokio::test]
async fn force_change_after_reset_sends_the_user_to_the_passwords_page() {
    // The bt scenario forces a change after an admin reset and keeps a history of 4.
    let sim = sim_scenario("bt").await;
    sim.login_admin().await;
    sim.set_secret(JSMITH, Kind::Web, "Temp2026abc", "Temp2026abc", Press::Ok)
        .await
        .assert_has("has been changed");
    assert!(sim.api_user(JSMITH).await.must_change_password);

    let user = Sim2 { portal: &sim.portal, client: client() };
    let page = user.login(JSMITH, "Temp2026abc").await;
    assert_eq!(page.path, sim.paths().passwords.href(JSMITH));
    page.assert_has("Your password was reset by your administrator.");
    // Every other page leads back to the Passwords page.
    let resp = user.client.get(sim.portal.url(&sim.paths().profile.href(JSMITH))).send().await.unwrap();
    assert_eq!(resp.url().path(), "/User/Passwords/");
}

#[tokio::test]
async fn an_expired_password_must_be_changed_at_login() {
    let toml = r#"
        base = "demo"
        [rules.web]
        min_length = 8
        expires_after_days = 30
        [[users]]
        user_id = "old@acme.example.com"
        first_name = "Olive"
        last_name = "Oldman"
        phone_number = "2125559999"
        extension = "9999"
        password = "Stale2025pw"
        password_age_days = 45
    "#;
    let sim = sim_toml(toml).await;
    let user = "old@acme.example.com";
    assert!(sim.api_user(user).await.must_change_password);
    let page = sim.login(user, "Stale2025pw").await;
    assert_eq!(page.path, sim.paths().passwords.href(user));
    page.assert_has("Your password has expired.");
    let token = page.hidden("formToken").unwrap();
    let page = sim
        .post(
            &sim.paths().passwords.href(user),
            &[
                ("formToken", &token),
                ("passwordType", "web"),
                ("oldPassword", "Stale2025pw"),
                ("newPassword", "Fresh2026pw"),
                ("confirmPassword", "Fresh2026pw"),
                ("ok", "OK"),
            ],
        )
        .await;
    assert_eq!(page.path, sim.paths().user.href(user));
    page.assert_has("has been changed");
    assert!(!sim.api_user(user).await.must_change_password);
}

#[tokio::test]
async fn the_passcode_locks_after_failed_voice_portal_logins_and_a_new_one_unlocks() {
    let sim = sim_scenario("bt").await; // locks after 5
    for _ in 0..5 {
        let resp = sim
            .api_post(
                &format!("/__test/users/{JSMITH}/passcode-login"),
                serde_json::json!({ "passcode": "000000" }),
            )
            .await;
        assert_eq!(resp.status(), StatusCode::OK);
    }
    assert!(sim.api_user(JSMITH).await.passcode_locked);
    sim.login_admin().await;
    sim.set_secret(JSMITH, Kind::Passcode, "3819", "3819", Press::Ok).await.assert_has("has been changed");
    assert!(!sim.api_user(JSMITH).await.passcode_locked);
}
