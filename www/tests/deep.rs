//! `deep-passwords`: Passwords several links away (Bell Total Connect):
//! user page > My profile > Passwords > Manage passwords, with risky links
//! on the way that a careless crawler would follow.

mod common;

use common::*;
use passwright_portal::variants::paths as vp;
use passwright_portal::{FormKind, Outcome, Skin, Variant};
use reqwest::StatusCode;

/// The hrefs of the page's links.
fn links(page: &Page) -> Vec<(String, String)> {
    page.body
        .split("<a href=\"")
        .skip(1)
        .filter_map(|s| {
            let (href, rest) = s.split_once('"')?;
            let text = rest.strip_prefix('>')?.split("</a>").next()?;
            Some((href.replace("&amp;", "&"), text.to_owned()))
        })
        .collect()
}

fn href_of(page: &Page, text: &str) -> String {
    links(page)
        .into_iter()
        .find(|(_, t)| t == text)
        .map(|(h, _)| h)
        .unwrap_or_else(|| panic!("no link {text:?} on {}:\n{}", page.path, page.body))
}

async fn manage_submit(sim: &Sim, kind: &str, new: &str, again: &str, button: &str) -> Page {
    let page = sim.get(&vp::MANAGE_PASSWORDS.href(JSMITH)).await;
    let token = page.hidden("_csrf").expect("token");
    let form = [
        ("_csrf", token.as_str()),
        ("pwdType", kind),
        ("password", new),
        ("confirmPassword", again),
        (button, "1"),
    ];
    sim.post(&vp::MANAGE_PASSWORDS.href(JSMITH), &form).await
}

#[tokio::test]
async fn passwords_is_three_links_away_from_the_user_page() {
    let sim = sim_variants(Skin::Classic, &[Variant::DeepPasswords]).await;
    sim.login_admin().await;
    let user = sim.get(&sim.paths().user.href(JSMITH)).await;
    let hrefs: Vec<String> = links(&user).into_iter().map(|(h, _)| h).collect();
    assert!(!hrefs.contains(&sim.paths().passwords.href(JSMITH)), "no Passwords link on the user page");
    assert!(!links(&user).iter().any(|(_, t)| t == "Passwords"), "{:?}", links(&user));
    user.assert_has("Profile").assert_has("Addresses");
    href_of(&user, "Delete user");

    let profile = sim.get(&href_of(&user, "My profile")).await;
    assert_eq!(profile.path, vp::MY_PROFILE.href(JSMITH));
    for risky in ["Reset voice mail", "Remove device", "Log out", "Delete user"] {
        href_of(&profile, risky);
    }
    let passwords = sim.get(&href_of(&profile, "Passwords")).await;
    passwords.assert_has("Password history");
    href_of(&passwords, "Log out");
    href_of(&passwords, "Remove device");
    let manage = sim.get(&href_of(&passwords, "Manage passwords")).await;
    manage
        .assert_has("Set web portal access password")
        .assert_has("Set voice portal and IP Voice Anywhere passcode")
        .assert_has("Enter new password")
        .assert_has("Re-enter new password");
    manage.assert_markup(r#"<button type="submit" name="save" value="1">Save</button>"#);
    manage.assert_markup(r#"<label><input type="radio" name="pwdType" value="WEB" checked> Set web portal access password</label>"#);
    manage.assert_markup(r#"<label for="pwdEnter">Enter new password</label><br><input type="password" id="pwdEnter" name="password">"#);
    assert_eq!(inputs(&manage.body).iter().filter(|i| i["type"] == "password").count(), 2);
    assert!(!manage.body.contains(" data-"));
    assert_eq!(sim.api_user(JSMITH).await.risky_links, Default::default(), "nothing risky followed");
}

#[tokio::test]
async fn manage_passwords_enforces_the_rules_and_save_returns_to_the_previous_page() {
    let sim = sim_variants(Skin::Classic, &[Variant::DeepPasswords]).await;
    sim.login_admin().await;
    let bad = manage_submit(&sim, "WEB", "short", "short", "save").await;
    assert_eq!(bad.path, vp::MANAGE_PASSWORDS.href(JSMITH));
    bad.assert_has("The password must be at least 8 characters long.");
    let bad = manage_submit(&sim, "WEB", "Harbor2026x", "Harbor2026y", "save").await;
    bad.assert_has("The new password and the re-typed password do not match.");
    assert_eq!(sim.api_user(JSMITH).await.last_error_codes, ["mismatch"]);
    let cancel = manage_submit(&sim, "WEB", "Harbor2026x", "Harbor2026x", "cancel").await;
    assert_eq!(cancel.path, vp::MY_PROFILE.href(JSMITH), "Cancel exits");
    assert!(sim.api_password_is(JSMITH, JSMITH_PASSWORD).await);
    let done = manage_submit(&sim, "WEB", "Harbor2026x", "Harbor2026x", "save").await;
    assert_eq!(done.path, vp::DEEP_PASSWORDS.href(JSMITH), "Save returns to the previous page");
    done.assert_has("Your changes have been saved.");
    assert!(sim.logs_in(JSMITH, "Harbor2026x").await);
    assert!(!sim.logs_in(JSMITH, JSMITH_PASSWORD).await);
    let pc = manage_submit(&sim, "VP", "1001", "1001", "save").await;
    pc.assert_has("The portal password cannot be the user's extension.");
    assert!(pc.body.contains(r#"value="VP" checked"#));
    manage_submit(&sim, "VP", "582914", "582914", "save").await.assert_has("Your changes have been saved.");
    let report = sim.api_user(JSMITH).await;
    assert_eq!(report.passcode.as_deref(), Some("582914"));
    assert_eq!((report.forms.passwords_web, report.forms.passwords_passcode), (4, 2));
    let log = sim.api_submissions().await;
    let outcomes: Vec<Outcome> =
        log.iter().filter(|s| s.form == FormKind::Passwords).map(|s| s.outcome).collect();
    use Outcome::*;
    assert_eq!(outcomes, [Rejected, Rejected, Cancelled, Applied, Rejected, Applied]);
    // A token works once.
    let page = sim.get(&vp::MANAGE_PASSWORDS.href(JSMITH)).await;
    let token = page.hidden("_csrf").unwrap();
    let form = [
        ("_csrf", token.as_str()),
        ("pwdType", "WEB"),
        ("password", "Meadow77x"),
        ("confirmPassword", "Meadow77x"),
        ("save", "1"),
    ];
    sim.post(&vp::MANAGE_PASSWORDS.href(JSMITH), &form).await;
    sim.post(&vp::MANAGE_PASSWORDS.href(JSMITH), &form)
        .await
        .assert_has("This request has already been submitted.");
    assert_eq!(sim.api_stats().await["duplicate_submissions"], 1);
}

#[tokio::test]
async fn risky_links_are_counted_and_confirmations_logged() {
    let sim = sim_variants(Skin::Classic, &[Variant::DeepPasswords]).await;
    sim.login_admin().await;
    for path in
        [vp::DELETE_USER.href(JSMITH), vp::RESET_VOICE_MAIL.href(JSMITH), vp::REMOVE_DEVICE.href(JSMITH)]
    {
        let page = sim.get(&path).await;
        assert_eq!(page.status, StatusCode::OK);
        page.assert_has("John Smith");
    }
    let page = sim.get(&vp::DELETE_USER.href(JSMITH)).await;
    page.assert_has("Delete John Smith and all of their settings?");
    let token = page.hidden("formToken").unwrap();
    sim.post(&vp::DELETE_USER.href(JSMITH), &[("formToken", &token), ("ok", "OK")])
        .await
        .assert_has("Request completed.");
    let report = sim.api_user(JSMITH).await;
    assert_eq!(
        (
            report.risky_links.delete_user,
            report.risky_links.reset_voice_mail,
            report.risky_links.remove_device
        ),
        (2, 1, 1)
    );
    assert_eq!(sim.api_stats().await["risky_links_followed"], 4);
    let log = sim.api_submissions().await;
    assert_eq!(log.last().unwrap().form, FormKind::DeleteUser);
    assert!(sim.api_password_is(JSMITH, JSMITH_PASSWORD).await, "nothing else happened");
    // Log out is a real logout.
    let page = sim.get(&vp::MY_PROFILE.href(JSMITH)).await;
    let out = sim.get(&href_of(&page, "Log out")).await;
    assert!(out.path.starts_with(sim.paths().login));
    assert_eq!(sim.api_stats().await["logouts"], 1);
}

#[tokio::test]
async fn deep_passwords_compose_with_constraints_printed_rules_and_other_skins() {
    let sim =
        sim_scenario_variants("printed", Skin::Deutsch, &[Variant::DeepPasswords, Variant::FieldConstraints])
            .await;
    sim.login_admin().await;
    let user = sim.get(&sim.paths().user.href(JSMITH)).await;
    let profile = sim.get(&href_of(&user, "Mein Profil")).await;
    let passwords = sim.get(&href_of(&profile, "Kennwörter")).await;
    let manage = sim.get(&href_of(&passwords, "Kennwörter verwalten")).await;
    manage
        .assert_has("Kennwort für den Webportal-Zugang festlegen")
        .assert_has("Ihr Kennwort muss 10 bis 12 Zeichen lang sein");
    let all = inputs(&manage.body);
    assert_eq!(input(&all, "password")["maxlength"], "12");
    assert_eq!(input(&all, "passcode")["pattern"], "[0-9]{6,8}");
    let token = manage.hidden("_csrf").unwrap();
    let form = [
        ("_csrf", token.as_str()),
        ("pwdType", "VP"),
        ("passcode", "582914"),
        ("confirmPasscode", "582914"),
        ("save", "1"),
    ];
    let done = sim.post(&vp::MANAGE_PASSWORDS.href(JSMITH), &form).await;
    done.assert_has("Ihre Änderungen wurden gespeichert.");
    assert_eq!(sim.api_user(JSMITH).await.passcode.as_deref(), Some("582914"));
    // Self-service: the user's own page has the tab too, and asks the current password.
    let me = client();
    let sim2 = Sim2 { portal: &sim.portal, client: me };
    sim2.login(JSMITH, JSMITH_PASSWORD).await;
    let page = sim2.client.get(sim.portal.url(&vp::MANAGE_PASSWORDS.href(JSMITH))).send().await.unwrap();
    let body = page.text().await.unwrap();
    assert!(body.contains("name=\"oldPassword\""), "{body}");
    assert!(!body.contains("Benutzer löschen"), "only the admin may delete");
}
