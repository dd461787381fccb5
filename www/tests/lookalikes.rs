//! `lookalikes`: Authentication, Voice mail password, the admin's own Change
//! my password and a newsletter page sit next to Passwords; each really
//! changes what it is for, never the web password, and each submission is
//! counted per form.

mod common;

use common::*;
use passwright_portal::variants::paths as vp;
use passwright_portal::{FormCounts, Skin, Variant};
use reqwest::StatusCode;

async fn lookalikes(skin: Skin) -> Sim {
    sim_variants(skin, &[Variant::Lookalikes]).await
}

/// Posts a look-alike form after loading it, with its token.
async fn post_form(sim: &Sim, page_path: &str, fields: &[(&str, &str)]) -> Page {
    let page = sim.get(page_path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let n = sim.def().names.token;
    let token = page.hidden(n).expect("a token");
    let action =
        page.body.split("<form method=\"post\" action=\"").nth(1).unwrap().split('"').next().unwrap();
    let action = action.replace("&amp;", "&");
    let mut form: Vec<(&str, &str)> = vec![(n, token.as_str())];
    form.extend_from_slice(fields);
    sim.post(&action, &form).await
}

#[tokio::test]
async fn the_look_alikes_are_linked_next_to_passwords() {
    let sim = lookalikes(Skin::Classic).await;
    sim.login_admin().await;
    let user = sim.get(&sim.paths().user.href(JSMITH)).await;
    for (text, href) in [
        ("Passwords", sim.paths().passwords.href(JSMITH)),
        ("Authentication", vp::AUTHENTICATION.href(JSMITH)),
        ("Authentication Password", vp::AUTHENTICATION.href(JSMITH)),
        ("Voice Messaging", vp::VOICE_MESSAGING.href(JSMITH)),
        ("Change my password", vp::with_user(vp::MY_PASSWORD, "from", JSMITH)),
        ("Newsletter", vp::with_user(vp::NEWSLETTER, "ref", JSMITH)),
    ] {
        user.assert_markup(&format!(r#"<a href="{href}">{text}</a>"#));
    }
    user.assert_markup("<h2>Utilities</h2>");
    // Voice Messaging leads to the voice mail password.
    let vm = sim.get(&vp::VOICE_MESSAGING.href(JSMITH)).await;
    vm.assert_markup(&format!(
        r#"<a href="{}">Voice mail password</a>"#,
        vp::VOICE_MAIL_PASSWORD.href(JSMITH)
    ));

    // Each page has password inputs like the Passwords page.
    let auth = sim.get(&vp::AUTHENTICATION.href(JSMITH)).await;
    auth.assert_has("Authentication User Name")
        .assert_has("Type new authentication password")
        .assert_has("Re-type new authentication password")
        .assert_lacks("Type current authentication password");
    let all = inputs(&auth.body);
    assert_eq!(input(&all, "authenticationUserName")["value"], "jsmith");
    assert_eq!(all.iter().filter(|i| i["type"] == "password").count(), 2);
    let vm = sim.get(&vp::VOICE_MAIL_PASSWORD.href(JSMITH)).await;
    vm.assert_has("New voice mail password").assert_has("Re-type voice mail password");
    vm.assert_markup(r#"<button type="submit" name="action" value="submit">Submit</button>"#);
    let mine = sim.get(&vp::with_user(vp::MY_PASSWORD, "from", JSMITH)).await;
    mine.assert_has("Current password").assert_has("New password").assert_has("Confirm new password");
    mine.assert_markup(r#"<input type="submit" name="apply" value="Apply">"#);
    assert_eq!(inputs(&mine.body).iter().filter(|i| i["type"] == "password").count(), 3);
    let news = sim.get(&vp::with_user(vp::NEWSLETTER, "ref", JSMITH)).await;
    assert_eq!(inputs(&news.body).iter().filter(|i| i["type"] == "password").count(), 2);
    news.assert_has("Newsletter account").assert_has("Confirm password");
    for word in ["CommPilot", "Group", "User", "portal", "Passwords", "web access", "Logout", "Acme"] {
        news.assert_lacks(word);
    }
    assert!(!news.body.contains("stylesheet"));
}

#[tokio::test]
async fn authentication_changes_the_sip_credentials_not_the_password() {
    let sim = lookalikes(Skin::Classic).await;
    sim.login_admin().await;
    let path = vp::AUTHENTICATION.href(JSMITH);
    let fields = |pw1: &'static str, pw2: &'static str| {
        vec![
            ("authenticationUserName", "jsmith-sip"),
            ("newAuthenticationPassword", pw1),
            ("confirmAuthenticationPassword", pw2),
            ("authOK", "OK"),
        ]
    };
    let page = post_form(&sim, &path, &fields("Sip-2026-a", "Sip-2026-b")).await;
    page.assert_has("The entries do not match.");
    let page = post_form(&sim, &path, &fields("Sip-2026-a", "Sip-2026-a")).await;
    page.assert_has("The authentication settings have been saved.");
    assert_eq!(page.path, path);
    let report = sim.api_user(JSMITH).await;
    assert_eq!(report.authentication_user_name, "jsmith-sip");
    assert_eq!(report.authentication_password, "Sip-2026-a");
    assert_eq!(report.authentication_set_count, 1);
    assert_eq!(report.password_set_count, 0, "the web password is untouched");
    assert_eq!(report.forms, FormCounts { authentication: 2, ..FormCounts::default() });
    assert!(sim.logs_in(JSMITH, JSMITH_PASSWORD).await);
    assert!(!sim.logs_in(JSMITH, "Sip-2026-a").await);
    // Cancel leaves, changing nothing (and is counted too).
    let page = post_form(&sim, &path, &[("newAuthenticationPassword", "x"), ("authCancel", "Cancel")]).await;
    assert_eq!(page.path, sim.paths().user.href(JSMITH));
    assert_eq!(sim.api_user(JSMITH).await.authentication_password, "Sip-2026-a");
    let log = sim.api_submissions().await;
    let auth: Vec<_> = log.iter().filter(|s| s.form == passwright_portal::FormKind::Authentication).collect();
    assert_eq!(auth.len(), 3);
    assert_eq!(auth[1].fields["newAuthenticationPassword"], "Sip-2026-a");
    assert_eq!(auth[1].user_id.as_deref(), Some(JSMITH));
    let stats = sim.api_stats().await;
    assert_eq!(stats["lookalike_submissions"], 3);
    assert_eq!(stats["password_submissions"], 0);
}

#[tokio::test]
async fn the_authentication_page_can_ask_for_the_current_password() {
    let sim = sim_variants(Skin::Reskin, &[Variant::LookalikesCurrent]).await;
    sim.login_admin().await;
    let path = vp::AUTHENTICATION.href(JSMITH);
    let page = sim.get(&path).await;
    page.assert_has("Type current authentication password");
    assert_eq!(inputs(&page.body).iter().filter(|i| i["type"] == "password").count(), 3);
    let current = sim.api_user(JSMITH).await.authentication_password;
    assert_eq!(current, "Sip1001x0101");
    let send = |cur: String| {
        let sim = &sim;
        let path = path.clone();
        async move {
            let fields = [
                ("authenticationUserName", "jsmith"),
                ("currentAuthenticationPassword", cur.as_str()),
                ("newAuthenticationPassword", "Sip-New-1"),
                ("confirmAuthenticationPassword", "Sip-New-1"),
                ("authOK", "OK"),
            ];
            post_form(sim, &path, &fields).await
        }
    };
    send("wrong".into()).await.assert_has("The current authentication password is incorrect.");
    send(current).await.assert_has("The authentication settings have been saved.");
    assert_eq!(sim.api_user(JSMITH).await.authentication_password, "Sip-New-1");
}

#[tokio::test]
async fn the_voice_mail_password_is_digits_and_is_its_own() {
    let sim = lookalikes(Skin::Modern).await;
    sim.login_admin().await;
    let path = vp::VOICE_MAIL_PASSWORD.href(JSMITH);
    post_form(&sim, &path, &[("vmPassword", "abc123"), ("vmPasswordConfirm", "abc123")])
        .await
        .assert_has("The voice mail password must contain digits only.");
    post_form(&sim, &path, &[("vmPassword", "4821"), ("vmPasswordConfirm", "4822")])
        .await
        .assert_has("The entries do not match.");
    post_form(&sim, &path, &[("vmPassword", "4821"), ("vmPasswordConfirm", "4821")])
        .await
        .assert_has("The voice mail password has been changed.");
    let report = sim.api_user(JSMITH).await;
    assert_eq!(report.voice_mail_password.as_deref(), Some("4821"));
    assert_eq!(report.passcode.as_deref(), Some("018159"), "the portal passcode is untouched");
    assert_eq!(report.forms.voice_mail, 3);
    assert_eq!(report.passcode_set_count, 0);
}

#[tokio::test]
async fn the_admin_s_own_password_really_changes() {
    let sim = lookalikes(Skin::Classic).await;
    sim.login_admin().await;
    let path = vp::with_user(vp::MY_PASSWORD, "from", JSMITH);
    let send = |current: &'static str, new: &'static str, again: &'static str| {
        let sim = &sim;
        let path = path.clone();
        async move {
            let fields = [
                ("currentPassword", current),
                ("newPassword1", new),
                ("newPassword2", again),
                ("apply", "Apply"),
            ];
            post_form(sim, &path, &fields).await
        }
    };
    send("nope", "Admin-2027!", "Admin-2027!").await.assert_has("The current password is incorrect.");
    send("CommPilot-Demo-2026", "short", "short")
        .await
        .assert_has("The new password must be at least 8 characters long.");
    send("CommPilot-Demo-2026", "Admin-2027!", "Admin-2027?").await.assert_has("The entries do not match.");
    let page = send("CommPilot-Demo-2026", "Admin-2027!", "Admin-2027!").await;
    page.assert_has("Your password has been changed.");
    assert!(sim.portal.control().check_admin_password("Admin-2027!"));
    assert!(sim.logs_in("admin", "Admin-2027!").await);
    assert!(!sim.logs_in("admin", "CommPilot-Demo-2026").await);
    let admin = sim.api_get("/__test/admin").await;
    assert_eq!(admin["password_changed"], true);
    assert_eq!(sim.api_user(JSMITH).await.forms.admin_password, 4, "counted on the user it came from");
    assert_eq!(sim.api_user(JSMITH).await.password_set_count, 0);
    let resp =
        sim.api_post("/__test/admin/check-password", serde_json::json!({"password": "Admin-2027!"})).await;
    assert_eq!(resp.json::<serde_json::Value>().await.unwrap()["matches"], true);
    // Without a user's page behind it, the count goes to the admin.
    post_form(
        &sim,
        vp::MY_PASSWORD,
        &[("currentPassword", "x"), ("newPassword1", "y"), ("newPassword2", "y")],
    )
    .await;
    assert_eq!(sim.api_get("/__test/admin").await["forms"]["admin_password"], 1);
    // Reset brings the scenario's password back.
    sim.api_post("/__test/reset", serde_json::json!({})).await;
    assert!(sim.logs_in("admin", "CommPilot-Demo-2026").await);
}

#[tokio::test]
async fn the_newsletter_page_needs_no_login_and_is_counted() {
    let sim = lookalikes(Skin::Classic).await;
    let path = vp::with_user(vp::NEWSLETTER, "ref", JSMITH);
    let page = sim.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    let bad = sim.post(&path, &[("email", "a@b.c"), ("password", "x1"), ("password_confirm", "x2")]).await;
    bad.assert_has("The entries do not match.");
    let ok = sim.post(&path, &[("email", "a@b.c"), ("password", "x1"), ("password_confirm", "x1")]).await;
    ok.assert_has("Thank you! Your newsletter account has been saved.");
    assert_eq!(sim.api_user(JSMITH).await.forms.generic, 2);
    assert!(sim.api_password_is(JSMITH, JSMITH_PASSWORD).await);
}

#[tokio::test]
async fn look_alikes_speak_the_skin_s_language_and_users_reach_their_own() {
    let sim = lookalikes(Skin::Espanol).await;
    sim.login(JSMITH, JSMITH_PASSWORD).await;
    let user = sim.get(&sim.paths().user.href(JSMITH)).await;
    user.assert_has("Autenticación").assert_has("Mensajería de voz").assert_has("Boletín");
    user.assert_lacks("Cambiar mi contraseña");
    let auth = sim.get(&vp::AUTHENTICATION.href(JSMITH)).await;
    auth.assert_has("Nombre de usuario de autenticación").assert_has("Nueva contraseña de autenticación");
    assert_eq!(sim.get(&vp::AUTHENTICATION.href(WCHEN)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(sim.get(vp::MY_PASSWORD).await.status, StatusCode::FORBIDDEN, "the admin's page only");
    let news = sim.get(vp::NEWSLETTER).await;
    news.assert_markup(r#"<html lang="es">"#).assert_has("Cuenta del boletín");
}

#[tokio::test]
async fn without_the_variant_there_are_no_look_alikes() {
    let sim = sim(Skin::Classic).await;
    sim.login_admin().await;
    let user = sim.get(&sim.paths().user.href(JSMITH)).await;
    user.assert_lacks("Authentication").assert_lacks("Newsletter").assert_lacks("Voice Messaging</a>");
    assert_eq!(sim.get(&vp::AUTHENTICATION.href(JSMITH)).await.status, StatusCode::NOT_FOUND);
    assert_eq!(sim.get(vp::NEWSLETTER).await.status, StatusCode::NOT_FOUND);
}
