//! Every page of the classic skin, as the admin follows the support article.

mod common;

use common::*;
use passwright_portal::Skin;
use reqwest::StatusCode;

#[tokio::test]
async fn the_login_page_has_a_user_id_and_a_masked_password() {
    let sim = sim(Skin::Classic).await;
    let page = sim.get("/").await;
    assert_eq!(page.path, "/Login/");
    page.assert_has("User ID").assert_has("Password");
    assert!(page.body.contains(r#"<input type="password" id="Password" name="Password""#));
    assert!(!page.body.contains("<script"), "no script on any page");
    let page = sim.login("admin", "wrong").await;
    page.assert_has("Invalid user ID or password.");
    let page = sim.login("nobody@acme.example.com", "x").await;
    page.assert_has("Invalid user ID or password.");
}

#[tokio::test]
async fn the_group_home_has_the_four_menus() {
    let sim = sim(Skin::Classic).await;
    let page = sim.login_admin().await;
    page.assert_has("Acme Corporation");
    for menu in ["Profile", "Resources", "Services", "Utilities"] {
        page.assert_markup(&format!("<h2>{menu}</h2>"));
    }
    assert!(page.body.contains(r#"<a href="/Group/Members/">Users</a>"#));
    assert!(page.body.contains(r#"<a href="/Group/Resources/Devices/">Identity/Device Profiles</a>"#));
    assert!(page.body.contains(r#"<a href="/Group/Utilities/PasswordRules/">Password Rules</a>"#));
}

#[tokio::test]
async fn pages_need_a_login() {
    let sim = sim(Skin::Classic).await;
    for path in ["/Group/Profile/", "/Group/Members/", "/User/Passwords/?key=jsmith@acme.example.com"] {
        let page = sim.get(path).await;
        assert_eq!(page.path, "/Login/", "{path}");
        page.assert_lacks("Your session has expired");
    }
}

#[tokio::test]
async fn the_users_list_searches_every_field() {
    let sim = sim(Skin::Classic).await;
    sim.login_admin().await;
    let all = sim.get("/Group/Members/").await;
    assert_eq!(all.count("<tr><td>"), 28, "every user listed by default");
    all.assert_has("28 users found");
    let search = |field: &'static str, mode: &'static str, value: &'static str| {
        let sim = &sim;
        async move { sim.get(&format!("/Group/Members/?findKey={field}&findMode={mode}&findValue={value}")).await }
    };
    // Last name starts with "Smith": Smith and Smithers.
    let page = search("last_name", "starts", "smith").await;
    page.assert_has("2 users found").assert_has("Smithers");
    let page = search("last_name", "equals", "Smith").await;
    page.assert_has("1 users found");
    assert!(page.body.contains(r#"<a href="/User/?key=jsmith@acme.example.com">Smith</a>"#));
    assert!(page.body.contains(r#"<a href="/User/?key=jsmith@acme.example.com">John</a>"#));
    search("first_name", "starts", "Wei").await.assert_has("wchen@acme.example.com");
    search("user_id", "contains", "chen@").await.assert_has("1 users found");
    // Phone numbers match on digits, whatever the formatting.
    search("phone", "equals", "(212) 555-0103")
        .await
        .assert_has("wchen@acme.example.com")
        .assert_has("1 users found");
    search("extension", "equals", "1003").await.assert_has("Chen");
    search("last_name", "starts", "zzz").await.assert_has("No entries found.");
}

#[tokio::test]
async fn the_user_page_has_the_basic_link_group() {
    let sim = sim(Skin::Classic).await;
    sim.login_admin().await;
    let page = sim.get(&sim.paths().user.href(JSMITH)).await;
    page.assert_markup("<h1>John Smith</h1>")
        .assert_has("User ID: jsmith@acme.example.com")
        .assert_markup("<h2>Basic</h2>")
        .assert_markup("<h2>Advanced</h2>");
    for (text, path) in [
        ("Profile", "/User/Profile/Modify/?key=jsmith@acme.example.com"),
        ("Addresses", "/User/Addresses/?key=jsmith@acme.example.com"),
        ("Passwords", "/User/Passwords/?key=jsmith@acme.example.com"),
    ] {
        assert!(page.body.contains(&format!(r#"<a href="{path}">{text}</a>"#)), "{text}");
    }
}

#[tokio::test]
async fn profile_and_addresses_show_the_users_numbers_and_device() {
    let sim = sim(Skin::Classic).await;
    sim.login_admin().await;
    let page = sim.get(&sim.paths().profile.href(JSMITH)).await;
    for text in
        ["jsmith@acme.example.com", "Smith", "John", "2125550101", "1001", "Phone Number", "Extension"]
    {
        page.assert_has(text);
    }
    let page = sim.get(&sim.paths().addresses.href(JSMITH)).await;
    page.assert_has("Line/Port")
        .assert_has("2125550101@acme.example.com")
        .assert_has("Identity/Device Profile Name")
        .assert_has("Polycom VVX 450");
    assert!(
        page.body.contains(r#"<a href="/Group/Resources/Devices/Modify/?key=jsmith-phone">jsmith-phone</a>"#)
    );
}

#[tokio::test]
async fn the_passwords_page_has_radios_masked_fields_and_ok_apply_cancel() {
    let sim = sim(Skin::Classic).await;
    sim.login_admin().await;
    let page = sim.passwords_page(JSMITH).await;
    page.assert_markup("<h1>Passwords</h1>");
    assert!(
        page.body.contains(
            r#"<input type="radio" id="passwordType_web" name="passwordType" value="web" checked>"#
        )
    );
    assert!(page.body.contains(r#"<label for="passwordType_web">Set web access password</label>"#));
    assert!(page.body.contains(r#"<label for="passwordType_portal">Set portal password</label>"#));
    assert!(page.body.contains(r#"<label for="newPassword">Type new user web access password:</label>"#));
    assert!(
        page.body.contains(r#"<label for="confirmPassword">Re-type new user web access password:</label>"#)
    );
    assert!(page.body.contains(r#"<input type="password" id="newPassword" name="newPassword""#));
    assert!(page.body.contains(r#"<input type="password" id="confirmPassword" name="confirmPassword""#));
    for b in ["OK", "Apply", "Cancel"] {
        assert!(page.body.contains(&format!(r#"type="submit" name="{}" value="{b}""#, b.to_lowercase())));
    }
    page.assert_lacks("Type current password");
    // Each load carries a new one-time token.
    let again = sim.passwords_page(JSMITH).await;
    assert_ne!(page.hidden("formToken"), again.hidden("formToken"));
}

#[tokio::test]
async fn device_rebuild_and_reset_move_only_after_confirmation() {
    let sim = sim(Skin::Classic).await;
    sim.login_admin().await;
    let list = sim.get("/Group/Resources/Devices/").await;
    list.assert_has("Identity/Device Profiles").assert_has("John Smith");
    assert!(
        list.body.contains(r#"<a href="/Group/Resources/Devices/Modify/?key=jsmith-phone">jsmith-phone</a>"#)
    );

    let page = sim.get(&sim.paths().device.href("jsmith-phone")).await;
    page.assert_has("Identity/Device Profile: jsmith-phone")
        .assert_has("Rebuild the files")
        .assert_has("Reset the phones")
        .assert_has("0004F2");
    // The action button leads to a confirmation page; nothing moves yet.
    let confirm = sim.get("/Group/Resources/Devices/Modify/Confirm/?key=jsmith-phone&action=rebuild").await;
    confirm.assert_has("Rebuild the configuration files of device jsmith-phone?");
    let counts = |r: passwright_portal::UserReport| (r.devices[0].rebuild_count, r.devices[0].reset_count);
    assert_eq!(counts(sim.api_user(JSMITH).await), (0, 0));
    // Cancel: nothing moves.
    let token = confirm.hidden("formToken").unwrap();
    let path = "/Group/Resources/Devices/Modify/Confirm/?key=jsmith-phone";
    let back = sim.post(path, &[("formToken", &token), ("action", "rebuild"), ("cancel", "Cancel")]).await;
    assert_eq!(back.path, sim.paths().device.href("jsmith-phone"));
    back.assert_lacks("rebuilt");
    assert_eq!(counts(sim.api_user(JSMITH).await), (0, 0));
    // Confirmed: the counter moves and the result is shown.
    let confirm = sim.get("/Group/Resources/Devices/Modify/Confirm/?key=jsmith-phone&action=rebuild").await;
    let token = confirm.hidden("formToken").unwrap();
    let done = sim.post(path, &[("formToken", &token), ("action", "rebuild"), ("ok", "OK")]).await;
    done.assert_has("The device configuration files have been rebuilt.");
    assert_eq!(counts(sim.api_user(JSMITH).await), (1, 0));
    // The same confirmation posted twice counts once.
    let dup = sim.post(path, &[("formToken", &token), ("action", "rebuild"), ("ok", "OK")]).await;
    dup.assert_has("This request has already been submitted.");
    assert_eq!(counts(sim.api_user(JSMITH).await), (1, 0));
    // Reset the phones.
    let confirm = sim.get("/Group/Resources/Devices/Modify/Confirm/?key=jsmith-phone&action=reset").await;
    confirm.assert_has("Reset (reboot) the phones using device jsmith-phone?");
    let token = confirm.hidden("formToken").unwrap();
    sim.post(path, &[("formToken", &token), ("action", "reset"), ("ok", "OK")])
        .await
        .assert_has("The phones have been reset.");
    assert_eq!(counts(sim.api_user(JSMITH).await), (1, 1));
    // A token for one action does not confirm the other.
    let confirm = sim.get("/Group/Resources/Devices/Modify/Confirm/?key=jsmith-phone&action=reset").await;
    let token = confirm.hidden("formToken").unwrap();
    sim.post(path, &[("formToken", &token), ("action", "rebuild"), ("ok", "OK")])
        .await
        .assert_has("could not be processed");
    assert_eq!(counts(sim.api_user(JSMITH).await), (1, 1));
}

#[tokio::test]
async fn unknown_pages_and_users_are_404() {
    let sim = sim(Skin::Classic).await;
    let page = sim.get("/nowhere").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    page.assert_has("Page not found");
    sim.login_admin().await;
    let page = sim.get(&sim.paths().passwords.href("ghost@acme.example.com")).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    let page = sim.get(&sim.paths().device.href("ghost-phone")).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn logout_ends_the_session() {
    let sim = sim(Skin::Classic).await;
    sim.login_admin().await;
    let page = sim.get("/Logout/").await;
    assert_eq!(page.path, "/Login/?bye=1");
    page.assert_has("You have been logged out.");
    assert_eq!(sim.get("/Group/Members/").await.path, "/Login/");
}

#[tokio::test]
async fn the_stylesheet_is_served_from_the_simulator() {
    let sim = sim(Skin::Classic).await;
    let page = sim.get("/css/commpilot.css").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.headers["content-type"].to_str().unwrap().starts_with("text/css"));
    assert!(page.body.contains(".banner"));
}
