//! Every rule of the notes, enforced by the server over HTTP: each
//! violation is rejected with its own message and changes nothing.

mod common;

use common::*;

/// Every web rule and every passcode rule switched on.
const STRICT: &str = r#"
name = "strict"
skin = "classic"

[admin]
user_id = "admin"
password = "admin-pw"

[group]
id = "g1"
name = "Strict Group"
domain = "strict.example.com"

[rules.web]
min_length = 10
min_digits = 2
min_upper = 2
min_lower = 2
min_letters = 5
min_non_alphanumeric = 1
forbid_user_id = true
forbid_old = true
history = 3
lockout_after = 3

[rules.passcode]
min_length = 4
max_length = 8
max_repeated_digits = 2
forbid_repeated_patterns = true
max_ascending = 3
max_descending = 3
forbid_phone = true
forbid_phone_reversed = true
forbid_extension = true
forbid_extension_reversed = true
forbid_old = true
history = 3

[[users]]
user_id = "jdoe@strict.example.com"
first_name = "Jane"
last_name = "Doe"
phone_number = "5294-0817"
extension = "4177"
password = "Initial#Pass99"
passcode = "2580"
"#;

const JDOE: &str = "jdoe@strict.example.com";

async fn strict() -> Sim {
    let sim = sim_toml(STRICT).await;
    sim.login_admin().await;
    sim
}

/// Submits `value` and checks it is refused with exactly `codes`, the
/// message of each on the page, and nothing stored.
async fn refused(sim: &Sim, kind: Kind, value: &str, codes: &[&str], messages: &[&str]) {
    let before = sim.api_user(JDOE).await;
    let page = sim.set_secret(JDOE, kind, value, value, Press::Ok).await;
    assert_eq!(page.path, sim.paths().passwords.href(JDOE), "{value:?} stays on the page");
    for m in messages {
        page.assert_has(m);
    }
    page.assert_lacks("has been changed");
    let after = sim.api_user(JDOE).await;
    assert_eq!(after.last_error_codes, codes, "{kind:?} {value:?}");
    assert_eq!(after.password_set_count, before.password_set_count);
    assert_eq!(after.passcode, before.passcode);
}

async fn accepted(sim: &Sim, kind: Kind, value: &str) {
    let page = sim.set_secret(JDOE, kind, value, value, Press::Ok).await;
    page.assert_has("has been changed");
    let report = sim.api_user(JDOE).await;
    match kind {
        Kind::Web => assert!(sim.api_password_is(JDOE, value).await),
        Kind::Passcode => assert_eq!(report.passcode.as_deref(), Some(value)),
    }
}

#[tokio::test]
async fn each_web_rule_is_enforced_with_its_message() {
    let sim = strict().await;
    let cases: &[(&str, &str, &str)] = &[
        ("Go#Pa12ss", "min_length", "The password must be at least 10 characters long."),
        ("Good#Passw1", "min_digits", "The password must contain at least 2 digit(s)."),
        ("Good#pass12", "min_upper", "The password must contain at least 2 uppercase character(s)."),
        ("GOOD#PASs12", "min_lower", "The password must contain at least 2 lowercase character(s)."),
        ("AB#cd123456", "min_letters", "The password must contain at least 5 letter(s)."),
        (
            "GoodPass123",
            "min_non_alphanumeric",
            "The password must contain at least 1 non-alphanumeric character(s).",
        ),
        ("Xjdoe#Pass12", "forbid_user_id", "The password cannot contain the user ID."),
        ("XJDOE@strict.example.com#P1a2", "forbid_user_id", "The password cannot contain the user ID."),
        ("Initial#Pass99", "forbid_old", "The password cannot be the same as the old password."),
        ("99ssaP#laitinI", "forbid_old_reversed", "The password cannot be the old password reversed."),
        ("", "missing", "The new password is required."),
    ];
    for (value, code, message) in cases {
        refused(&sim, Kind::Web, value, &[code], &[message]).await;
    }
    let too_long = format!("Aa#1{}", "Bb2".repeat(19));
    assert_eq!(too_long.len(), 61);
    refused(&sim, Kind::Web, &too_long, &["max_length"], &["cannot be longer than 60 characters"]).await;
    // Several broken rules: one message each.
    refused(
        &sim,
        Kind::Web,
        "abc",
        &["min_length", "min_digits", "min_upper", "min_letters", "min_non_alphanumeric"],
        &["at least 10 characters", "at least 2 digit(s)", "at least 2 uppercase", "at least 5 letter(s)"],
    )
    .await;
}

#[tokio::test]
async fn the_last_n_passwords_cannot_be_reused_but_older_ones_can() {
    let sim = strict().await;
    accepted(&sim, Kind::Web, "First#Pass11").await;
    accepted(&sim, Kind::Web, "Second#Pass22").await;
    accepted(&sim, Kind::Web, "Third#Pass33").await;
    // History (3): Third, Second, First. The old-password rule catches Third.
    refused(&sim, Kind::Web, "Third#Pass33", &["forbid_old"], &["cannot be the same as the old password"])
        .await;
    refused(
        &sim,
        Kind::Web,
        "First#Pass11",
        &["history"],
        &["The password cannot be the same as any of the last 3 passwords."],
    )
    .await;
    // The initial password is the fourth back: allowed again.
    accepted(&sim, Kind::Web, "Initial#Pass99").await;
}

#[tokio::test]
async fn each_passcode_rule_is_enforced_with_its_message() {
    let sim = strict().await;
    let cases: &[(&str, &str, &str)] = &[
        ("12a4", "digits_only", "The portal password must contain digits only."),
        ("193", "passcode_length", "The portal password must be 4 to 8 digits long."),
        ("193847261", "passcode_length", "The portal password must be 4 to 8 digits long."),
        ("19994", "max_repeated_digits", "cannot contain the same digit more than 2 time(s) in a row."),
        ("1919", "forbid_repeated_patterns", "cannot contain repeated patterns"),
        ("5136136", "forbid_repeated_patterns", "cannot contain repeated patterns"),
        ("51234", "max_ascending", "cannot contain more than 3 ascending digits in a row"),
        ("59876", "max_descending", "cannot contain more than 3 descending digits in a row"),
        ("52940817", "forbid_phone", "The portal password cannot be the user's phone number."),
        ("71804925", "forbid_phone_reversed", "cannot be the user's phone number reversed."),
        ("4177", "forbid_extension", "The portal password cannot be the user's extension."),
        ("7714", "forbid_extension_reversed", "cannot be the user's extension reversed."),
        ("2580", "forbid_old", "The portal password cannot be the same as the old portal password."),
        ("0852", "forbid_old_reversed", "cannot be the old portal password reversed."),
    ];
    for (value, code, message) in cases {
        refused(&sim, Kind::Passcode, value, &[code], &[message]).await;
    }
    // Runs at the limit are fine.
    accepted(&sim, Kind::Passcode, "1235").await;
    accepted(&sim, Kind::Passcode, "98704").await;
    accepted(&sim, Kind::Passcode, "4417").await;
    // History (3): 4417, 98704, 1235.
    refused(&sim, Kind::Passcode, "1235", &["history"], &["any of the last 3 portal passwords"]).await;
}

#[tokio::test]
async fn operator_presets_behave_as_published() {
    // Broadsmart (demo): letters and numbers, at least 8; passcode 4-10, not the extension.
    let sim = sim(passwright_portal::Skin::Classic).await;
    sim.login_admin().await;
    for bad in ["abcdefgh", "12345678", "abc1234"] {
        sim.set_secret(JSMITH, Kind::Web, bad, bad, Press::Ok).await.assert_lacks("has been changed");
    }
    sim.set_secret(JSMITH, Kind::Web, "abcdefg1", "abcdefg1", Press::Ok).await.assert_has("has been changed");

    // BT: no repeated digits, no runs of 3, 4 to 6 digits.
    let bt = sim_scenario("bt").await;
    bt.login_admin().await;
    for bad in ["1123", "1234", "9870", "1212", "1357913"] {
        bt.set_secret(JSMITH, Kind::Passcode, bad, bad, Press::Ok).await.assert_lacks("has been changed");
    }
    bt.set_secret(JSMITH, Kind::Passcode, "135792", "135792", Press::Ok).await.assert_has("has been changed");

    // Bell: a digit, an uppercase and a lowercase letter; not the login ID.
    let bell = sim_scenario("bell").await;
    bell.login_admin().await;
    for bad in ["abcdef1", "ABCDEF1", "Abcdefg", "Jsmith12"] {
        bell.set_secret(JSMITH, Kind::Web, bad, bad, Press::Ok).await.assert_lacks("has been changed");
    }
    bell.set_secret(JSMITH, Kind::Web, "Abcdef1", "Abcdef1", Press::Ok).await.assert_has("has been changed");

    // Sinch: not the phone number reversed, at most 3 ascending.
    let sinch = sim_scenario("sinch").await;
    sinch.login_admin().await;
    for bad in ["1010", "1001", "4321", "33334"] {
        sinch.set_secret(JSMITH, Kind::Passcode, bad, bad, Press::Ok).await.assert_lacks("has been changed");
    }
    sinch.set_secret(JSMITH, Kind::Passcode, "3321", "3321", Press::Ok).await.assert_has("has been changed");
}

#[tokio::test]
async fn the_password_rules_page_shows_every_rule_with_its_value() {
    let sim = strict().await;
    let page = sim.get(sim.paths().rules).await;
    page.assert_has("Password Rules")
        .assert_has("Web Access Password Rules")
        .assert_has("Portal Passcode Rules");
    // Each rule: its label text and the input carrying its value.
    let expect = [
        ("Minimum length:", r#"name="web.min_length" min="3" max="40" value="10""#),
        ("Must contain at least", r#"name="web.min_digits" min="1" max="10" value="2""#),
        ("uppercase character(s)", r#"name="web.min_upper" min="1" max="10" value="2""#),
        ("lowercase character(s)", r#"name="web.min_lower" min="1" max="10" value="2""#),
        ("letter(s)", r#"name="web.min_letters" min="1" max="10" value="5""#),
        ("non-alphanumeric character(s)", r#"name="web.min_non_alphanumeric" min="1" max="10" value="1""#),
        ("Cannot contain the user ID", r#"name="web.forbid_user_id" value="on" checked"#),
        (
            "Cannot be the old password or the old password reversed",
            r#"name="web.forbid_old" value="on" checked"#,
        ),
        ("passwords", r#"name="web.history" min="1" max="10" value="3""#),
        ("failed login attempts", r#"name="web.lockout_after" min="0" max="10" value="3""#),
        ("Minimum code length:", r#"name="passcode.min_length" min="2" max="15" value="4""#),
        ("Maximum code length:", r#"name="passcode.max_length" min="3" max="30" value="8""#),
        (
            "Cannot contain the same digit more than",
            r#"name="passcode.max_repeated_digits" min="1" max="6" value="2""#,
        ),
        (
            "Cannot contain repeated patterns",
            r#"name="passcode.forbid_repeated_patterns" value="on" checked"#,
        ),
        ("ascending digits in a row", r#"name="passcode.max_ascending" min="2" max="5" value="3""#),
        ("descending digits in a row", r#"name="passcode.max_descending" min="2" max="5" value="3""#),
        ("Cannot be the user's own phone number", r#"name="passcode.forbid_phone" value="on" checked"#),
        ("own phone number reversed", r#"name="passcode.forbid_phone_reversed" value="on" checked"#),
        ("Cannot be the user's own extension", r#"name="passcode.forbid_extension" value="on" checked"#),
        ("own extension reversed", r#"name="passcode.forbid_extension_reversed" value="on" checked"#),
        ("Cannot be the old passcode", r#"name="passcode.forbid_old" value="on" checked"#),
        ("passcodes", r#"name="passcode.history" min="1" max="10" value="3""#),
    ];
    for (label, input) in expect {
        page.assert_has(label);
        assert!(page.body.contains(input), "missing {input}");
    }
    // Rules that are off: unchecked, no value.
    assert!(page.body.contains(r#"name="web.expires_after_days.on" value="on" aria-label"#));
    assert!(page.body.contains(r#"name="web.force_change_after_reset" value="on">"#));
    // Labels are linked to their inputs.
    assert!(page.body.contains(r#"<label for="web.min_digits.on">Must contain at least</label>"#));
}

#[tokio::test]
async fn saving_the_rules_page_changes_what_the_server_enforces() {
    let sim = sim(passwright_portal::Skin::Classic).await;
    sim.login_admin().await;
    let page = sim.get(sim.paths().rules).await;
    let token = page.hidden("formToken").unwrap();
    let form = [
        ("formToken", token.as_str()),
        ("web.min_length.on", "on"),
        ("web.min_length", "12"),
        ("web.min_digits.on", "on"),
        ("web.min_digits", "1"),
        ("passcode.min_length", "6"),
        ("passcode.max_length", "6"),
        ("passcode.forbid_extension", "on"),
        ("save", "Apply"),
    ];
    let page = sim.post(sim.paths().rules, &form).await;
    page.assert_has("The password rules have been saved.");
    assert!(page.body.contains(r#"name="web.min_length" min="3" max="40" value="12""#));
    sim.set_secret(JSMITH, Kind::Web, "abcdefg1", "abcdefg1", Press::Ok)
        .await
        .assert_has("at least 12 characters");
    sim.set_secret(JSMITH, Kind::Passcode, "3819", "3819", Press::Ok)
        .await
        .assert_has("must be 6 to 6 digits long");

    // Out of range: refused with the field named, rules unchanged.
    let token = sim.get(sim.paths().rules).await.hidden("formToken").unwrap();
    let form = [
        ("formToken", token.as_str()),
        ("web.min_length.on", "on"),
        ("web.min_length", "2"),
        ("passcode.min_length", "6"),
        ("passcode.max_length", "6"),
        ("save", "Apply"),
    ];
    let page = sim.post(sim.paths().rules, &form).await;
    page.assert_has("Error: web.min_length: 2 is out of range; the portal accepts 3 to 40");
    assert!(page.body.contains(r#"name="web.min_length" min="3" max="40" value="12""#));
}
