//! The variants that change the Passwords form itself: input constraints
//! (`maxlength`, `field-constraints`), rules printed beside the form
//! (`printed-rules`), and the legacy message markups (`font-errors`,
//! `font-errors-prefixed`, `cell-errors`); and how variants are switched on.

mod common;

use common::*;
use passwright_portal::{Config, ErrorMarkup, FieldConstraints, Scenario, Skin, Variant, Variants, start};
use reqwest::StatusCode;

#[tokio::test]
async fn maxlength_caps_the_inputs_and_the_server_refuses_longer_passwords() {
    let sim = sim_variants(Skin::Classic, &[Variant::Maxlength]).await;
    sim.login_admin().await;
    let page = sim.passwords_page(JSMITH).await;
    let all = inputs(&page.body);
    for name in ["newPassword", "confirmPassword"] {
        assert_eq!(input(&all, name)["maxlength"], "12", "{name}");
        assert!(!input(&all, name).contains_key("pattern"));
    }
    assert_eq!(all.iter().filter(|i| i["type"] == "password").count(), 2, "one pair of inputs");
    // A browser would not let 13 characters in; the server refuses them too.
    let long = sim.set_secret(JSMITH, Kind::Web, "Harbor2026xyz", "Harbor2026xyz", Press::Ok).await;
    long.assert_has("The password cannot be longer than 12 characters.");
    assert_eq!(sim.api_user(JSMITH).await.last_error_codes, ["max_length"]);
    assert!(sim.api_password_is(JSMITH, JSMITH_PASSWORD).await);
    let ok = sim.set_secret(JSMITH, Kind::Web, "Harbor2026xy", "Harbor2026xy", Press::Ok).await;
    ok.assert_has("The web access password has been changed.");
    assert!(sim.logs_in(JSMITH, "Harbor2026xy").await);
    assert!(!sim.logs_in(JSMITH, JSMITH_PASSWORD).await);
    // The passcode shares the inputs and is only bound by its rules.
    let pc = sim.set_secret(JSMITH, Kind::Passcode, "482915", "482915", Press::Ok).await;
    pc.assert_has("The portal password has been changed.");
}

#[tokio::test]
async fn field_constraints_give_the_passcode_its_own_digits_only_inputs() {
    for skin in [Skin::Classic, Skin::Reskin, Skin::Modern] {
        let sim = sim_scenario_variants("bell", skin, &[Variant::FieldConstraints]).await;
        sim.login_admin().await;
        let page = sim.passwords_page(JSMITH).await;
        let all: Vec<_> = inputs(&page.body).into_iter().filter(|i| i["type"] == "password").collect();
        assert_eq!(all.len(), 4, "{skin}: web pair and passcode pair");
        let n = &sim.def().names;
        for name in [n.new, n.confirm] {
            let i = input(&all, name);
            assert_eq!((i["maxlength"].as_str(), i["minlength"].as_str()), ("12", "6"), "{skin}");
            assert!(!i.contains_key("inputmode"));
        }
        let (pc_new, pc_again) = passwright_portal::variants::passcode_field_names(sim.def().style);
        for name in [pc_new, pc_again] {
            let i = input(&all, name);
            assert_eq!(i["pattern"], "[0-9]{6,8}", "{skin}");
            assert_eq!(i["inputmode"], "numeric");
            assert_eq!(i["maxlength"], "8");
            assert_eq!(i["minlength"], "6");
        }
        page.assert_has("New portal passcode").assert_has("Re-type new portal passcode");

        // The passcode is read from its own inputs, the password from its own.
        let d = sim.def();
        let kind = |k: Kind| match k {
            Kind::Web => n.kind_web,
            Kind::Passcode => n.kind_passcode,
        };
        let save = match d.buttons {
            passwright_portal::skin::Buttons::OkApplyCancel { ok, .. } => ok,
            passwright_portal::skin::Buttons::SaveCancel { save, .. } => save,
        };
        let post = |k: Kind, fields: Vec<(&'static str, &'static str)>| {
            let sim = &sim;
            async move {
                let token = sim.passwords_page(JSMITH).await.hidden(n.token).unwrap();
                let mut form = vec![(n.kind, kind(k)), (n.token, token.as_str()), (save.name, save.value)];
                form.extend(fields);
                sim.post(&sim.paths().passwords.href(JSMITH), &form).await
            }
        };
        // Typed into the web pair with the passcode chosen: nothing in the passcode pair.
        let page = post(Kind::Passcode, vec![(n.new, "582914"), (n.confirm, "582914")]).await;
        assert_eq!(sim.api_user(JSMITH).await.last_error_codes, ["missing"], "{skin}");
        assert_eq!(page.status, StatusCode::OK);
        post(Kind::Passcode, vec![(pc_new, "582914"), (pc_again, "582914")]).await;
        assert_eq!(sim.api_user(JSMITH).await.passcode.as_deref(), Some("582914"), "{skin}");
        post(Kind::Web, vec![(n.new, "Maple2026xQ"), (n.confirm, "Maple2026xQ"), (pc_new, "1")]).await;
        assert!(sim.api_password_is(JSMITH, "Maple2026xQ").await, "{skin}");
        assert!(sim.logs_in(JSMITH, "Maple2026xQ").await);
        let long = post(Kind::Web, vec![(n.new, "Maple2026xQrs"), (n.confirm, "Maple2026xQrs")]).await;
        assert!(long.body.contains("12"), "{skin}: too long refused");
        assert!(sim.api_password_is(JSMITH, "Maple2026xQ").await);
        let forms = sim.api_user(JSMITH).await.forms;
        assert_eq!((forms.passwords_web, forms.passwords_passcode), (2, 2), "{skin}");
    }
}

const PRINTED_WEB: &str = "Your password must be at least 10 characters long and contain at least one uppercase letter, one digit and one special character. It may not contain your user ID.";

#[tokio::test]
async fn printed_rules_are_the_rules_the_server_enforces() {
    let sim = sim_scenario("printed").await;
    assert!(sim.portal.variants().printed_rules);
    sim.login_admin().await;
    let page = sim.passwords_page(JSMITH).await;
    page.assert_has(PRINTED_WEB).assert_has("Your passcode must be 6 to 8 digits.");
    // Beside the form in the table layout.
    page.assert_markup(r#"<table class="columns"><tr><td valign="top"><form method="post""#);
    let rules = sim.api_get("/__test/rules").await;
    assert_eq!(rules["web"]["min_length"], 10);

    // Each printed rule is enforced: a password that the article's policy
    // would accept (letters and digits, 8+) is refused here.
    let cases: [(&str, &[&str]); 5] = [
        ("Harbor2026", &["min_non_alphanumeric"]),
        ("harbor-2026x", &["min_upper"]),
        ("Harbor-Bay!x", &["min_digits"]),
        ("Hb-2026!", &["min_length"]),
        ("Jsmith-2026!", &["forbid_user_id"]),
    ];
    for (pw, codes) in cases {
        let page = sim.set_secret(JSMITH, Kind::Web, pw, pw, Press::Ok).await;
        assert_eq!(sim.api_user(JSMITH).await.last_error_codes, codes, "{pw}");
        assert_eq!(page.path, sim.paths().passwords.href(JSMITH));
        page.assert_has(PRINTED_WEB);
    }
    let page = sim.set_secret(JSMITH, Kind::Passcode, "12345", "12345", Press::Ok).await;
    page.assert_has("The portal password must be 6 to 8 digits long.");
    let page = sim.set_secret(JSMITH, Kind::Web, "Harbor-2026x", "Harbor-2026x", Press::Ok).await;
    page.assert_has("The web access password has been changed.");
    assert!(sim.logs_in(JSMITH, "Harbor-2026x").await);
    assert!(!sim.logs_in(JSMITH, JSMITH_PASSWORD).await);
    sim.set_secret(JSMITH, Kind::Passcode, "582914", "582914", Press::Ok).await;
    assert_eq!(sim.api_user(JSMITH).await.passcode.as_deref(), Some("582914"));

    // The rules page edits what is printed and what is enforced alike.
    let form = sim.get(sim.paths().rules).await;
    let token = form.hidden("formToken").unwrap();
    let mut fields: Vec<(String, String)> = vec![("formToken".into(), token)];
    for (k, v) in [("web.min_length", "12"), ("passcode.min_length", "6"), ("passcode.max_length", "8")] {
        fields.push((k.into(), v.into()));
    }
    for k in ["web.min_length.on", "web.min_upper.on", "web.min_digits.on", "web.min_non_alphanumeric.on"] {
        fields.push((k.into(), "on".into()));
    }
    for (k, v) in [("web.min_upper", "1"), ("web.min_digits", "2"), ("web.min_non_alphanumeric", "1")] {
        fields.push((k.into(), v.into()));
    }
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    sim.post(sim.paths().rules, &pairs).await.assert_has("The password rules have been saved.");
    let page = sim.passwords_page(JSMITH).await;
    page.assert_has("Your password must be at least 12 characters long and contain at least one uppercase letter, 2 digits and one special character.");
    page.assert_lacks("user ID");
    let page = sim.set_secret(JSMITH, Kind::Web, "Harbor-2027", "Harbor-2027", Press::Ok).await;
    assert_eq!(sim.api_user(JSMITH).await.last_error_codes, ["min_length"]);
    page.assert_has("The password must be at least 12 characters long.");
}

#[tokio::test]
async fn printed_rules_speak_the_skin_s_language_and_sit_above_other_layouts() {
    let cases = [
        (
            Skin::Francais,
            "Votre mot de passe doit comporter au moins 10 caractères et contenir au moins une majuscule, un chiffre et un caractère spécial. Il ne peut pas contenir votre identifiant.",
            "Votre code d'accès doit comporter de 6 à 8 chiffres.",
        ),
        (
            Skin::Deutsch,
            "Ihr Kennwort muss mindestens 10 Zeichen lang sein und mindestens einen Großbuchstaben, eine Ziffer und ein Sonderzeichen enthalten. Es darf Ihre Benutzer-ID nicht enthalten.",
            "Ihre PIN muss aus 6 bis 8 Ziffern bestehen.",
        ),
        (
            Skin::Espanol,
            "Su contraseña debe tener al menos 10 caracteres y contener al menos una mayúscula, un dígito y un carácter especial. No puede contener su ID de usuario.",
            "Su código de acceso debe tener entre 6 y 8 dígitos.",
        ),
        (Skin::Modern, PRINTED_WEB, "Your passcode must be 6 to 8 digits."),
    ];
    for (skin, web, passcode) in cases {
        let sim = sim_scenario_variants("printed", skin, &[]).await;
        sim.login_admin().await;
        let page = sim.passwords_page(JSMITH).await;
        page.assert_has(web).assert_has(passcode);
        let rules_at = page.body.find(&escape(web)).unwrap();
        let form_at = page.body.find("<form method=\"post\"").unwrap();
        match skin.def().style {
            passwright_portal::skin::Style::Table => {
                assert!(rules_at > form_at, "{skin}: beside, after the form")
            }
            _ => assert!(rules_at < form_at, "{skin}: above the form"),
        }
        let bad = sim.set_secret(JSMITH, Kind::Web, "Harbor2026", "Harbor2026", Press::Ok).await;
        assert_eq!(sim.api_user(JSMITH).await.last_error_codes, ["min_non_alphanumeric"], "{skin}");
        bad.assert_has(web);
    }
}

#[tokio::test]
async fn printed_rules_include_the_maxlength_cap() {
    let sim = sim_scenario_variants("printed", Skin::Classic, &[Variant::Maxlength]).await;
    sim.login_admin().await;
    let page = sim.passwords_page(JSMITH).await;
    page.assert_has("Your password must be 10 to 12 characters long and contain at least");
    assert_eq!(input(&inputs(&page.body), "newPassword")["maxlength"], "12");
}

/// The message markup of a page: no role, class or id, nothing saying "error".
#[track_caller]
fn plain_markup(page: &Page) {
    let start = page.body.find("<table width=\"100%\"").expect("the message table");
    let end = start + page.body[start..].find("</table>").unwrap();
    let table = &page.body[start..end];
    for word in ["role=", "class=", "id=", "rror", "alert"] {
        assert!(!table.contains(word), "{word} in {table}");
    }
}

#[tokio::test]
async fn font_errors_are_red_text_in_a_table_row() {
    let sim = sim_scenario_variants("printed", Skin::Classic, &[Variant::FontErrors]).await;
    sim.login_admin().await;
    let page = sim.set_secret(JSMITH, Kind::Web, "harbor2026", "harbor2026", Press::Ok).await;
    page.assert_markup(r##"<table width="100%" border="0" cellspacing="0" cellpadding="2"><tr><td><font color="#ff0000">The password must contain at least 1 uppercase character(s).<br>The password must contain at least 1 non-alphanumeric character(s).</font></td></tr></table>"##);
    plain_markup(&page);
    page.assert_lacks("<strong class=\"error\">");
    let page = sim.set_secret(JSMITH, Kind::Web, "Harbor-2026x", "Harbor-2026y", Press::Ok).await;
    page.assert_markup(
        r##"<font color="#ff0000">The new password and the re-typed password do not match.</font>"##,
    );
    // Confirmations are green, on the user page.
    let page = sim.set_secret(JSMITH, Kind::Web, "Harbor-2026x", "Harbor-2026x", Press::Ok).await;
    assert_eq!(page.path, sim.paths().user.href(JSMITH));
    page.assert_markup(r#"<td><font color="green">The web access password has been changed.</font></td>"#);
    plain_markup(&page);
    assert!(sim.logs_in(JSMITH, "Harbor-2026x").await);
    // The CSP is the usual one: nothing inline here.
    assert_eq!(page.headers["content-security-policy"], passwright_portal::PAGE_CSP);
}

#[tokio::test]
async fn font_errors_prefixed_start_with_error() {
    let sim = sim_variants(Skin::Legacy, &[Variant::FontErrorsPrefixed]).await;
    sim.login_admin().await;
    let page = sim.set_secret(JSMITH, Kind::Web, "ab1", "ab1", Press::Ok).await;
    // The legacy skin's "[Error 4962]" gives way to the plain prefix.
    page.assert_markup(
        r##"<font color="#ff0000">Error: Password too short: at least 8 characters are required.</font>"##,
    );
    page.assert_lacks("[Error 4962]");
    let sim = sim_variants(Skin::Deutsch, &[Variant::FontErrorsPrefixed]).await;
    sim.login_admin().await;
    let page = sim.set_secret(JSMITH, Kind::Web, "abcdefgh", "abcdefgh", Press::Ok).await;
    page.assert_markup(
        r##"<font color="#ff0000">Fehler: Das Kennwort muss mindestens 1 Ziffer(n) enthalten.</font>"##,
    );
}

#[tokio::test]
async fn cell_errors_are_plain_text_in_a_styled_cell_and_the_csp_allows_it() {
    let sim = sim_variants(Skin::Modern, &[Variant::CellErrors]).await;
    sim.login_admin().await;
    let page = sim.set_secret(JSMITH, Kind::Web, "abcdefgh", "abcdefgh", Press::Ok).await;
    page.assert_markup(r#"<tr><td style="color:#c00">Needs 1 or more digits.</td></tr>"#);
    plain_markup(&page);
    page.assert_lacks("role=\"alert\"").assert_lacks("Please fix the following");
    let csp = page.headers["content-security-policy"].to_str().unwrap();
    assert_eq!(csp, "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'");
    let page = sim.set_secret(JSMITH, Kind::Web, "Harbor2026x", "Harbor2026x", Press::Ok).await;
    page.assert_markup(r#"<td style="color:green">Password updated successfully.</td>"#);
    assert!(sim.logs_in(JSMITH, "Harbor2026x").await);
}

#[test]
fn variants_are_switched_on_by_scenario_toml_and_validated() {
    let toml = r#"
base = "demo"
[variants]
printed_rules = true
field_constraints = "full"
error_markup = "font-prefixed"
lookalikes = true
"#;
    let s = Scenario::from_toml(toml, "v.toml").unwrap();
    assert!(s.variants.printed_rules && s.variants.lookalikes);
    assert_eq!(s.variants.field_constraints, FieldConstraints::Full);
    assert_eq!(s.variants.error_markup, ErrorMarkup::FontPrefixed);
    assert_eq!(
        s.variants.names(),
        ["field-constraints", "printed-rules", "font-errors-prefixed", "lookalikes"]
    );
    // A base scenario's variants are inherited.
    let s = Scenario::from_toml("base = \"printed\"", "v.toml").unwrap();
    assert!(s.variants.printed_rules);
    let cases = [
        ("[variants]\nprinted_rulez = true", "printed_rulez"),
        ("[variants]\nfield_constraints = \"tight\"", "tight"),
        (
            "[variants]\nsingle_page = true\nframeset = true",
            "v.toml: variants.single_page: cannot be combined with frameset",
        ),
        (
            "[variants]\nauthentication_asks_current = true",
            "variants.authentication_asks_current: needs lookalikes",
        ),
        ("[variants]\nclosed_shadow_root = true", "variants.closed_shadow_root: needs web_components"),
    ];
    for (table, expected) in cases {
        let err =
            Scenario::from_toml(&format!("base = \"demo\"\n{table}"), "v.toml").unwrap_err().to_string();
        assert!(err.contains(expected), "{expected:?} in {err:?}");
    }
}

#[tokio::test]
async fn config_variants_replace_or_add_to_the_scenario_s() {
    let printed = Scenario::builtin("printed").unwrap();
    let portal = start(Config::new(printed.clone()).with_variant(Variant::Maxlength)).await.unwrap();
    assert!(portal.variants().printed_rules, "added to the scenario's");
    assert_eq!(portal.variants().field_constraints, FieldConstraints::Maxlength);
    let portal = start(Config::new(printed.clone()).with_variants(Variants::default())).await.unwrap();
    assert!(portal.variants().is_plain(), "replaced");
    let clash = Variants::of([Variant::SinglePage, Variant::DeepPasswords]);
    let err = start(Config::new(printed).with_variants(clash)).await.err().unwrap().to_string();
    assert!(err.contains("variants") && err.contains("deep_passwords"), "{err}");
}

#[tokio::test]
async fn without_variants_the_passwords_form_is_unchanged() {
    let sim = sim(Skin::Classic).await;
    sim.login_admin().await;
    let page = sim.passwords_page(JSMITH).await;
    for attr in ["maxlength", "minlength", "pattern", "inputmode", "<font", "style="] {
        page.assert_lacks(attr);
    }
    assert!(sim.portal.variants().is_plain());
    assert!(sim.portal.wrapper_url().is_none() && sim.portal.ungranted_frame_url().is_none());
}

#[test]
fn the_command_line_switches_variants_on() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let bin = env!("CARGO_BIN_EXE_passwright-portal");
    let list = Command::new(bin).arg("--list-variants").output().unwrap();
    let list = String::from_utf8_lossy(&list.stdout);
    for v in Variant::ALL {
        assert!(list.contains(v.name()), "{v} listed");
    }
    let mut child = Command::new(bin)
        .args(["--addr", "127.0.0.1:0", "--quiet", "--variant", "maxlength", "--variant", "font-errors"])
        .args(["--scenario", "printed"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut out = Vec::new();
    for _ in 0..5 {
        out.push(lines.next().unwrap().unwrap());
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let out = out.join("\n");
    assert!(out.contains("Variants: maxlength, printed-rules, font-errors"), "{out}");
    let bad = Command::new(bin).args(["--variant", "purple"]).output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown variant \"purple\""));
    let clash = Command::new(bin)
        .args(["--addr", "127.0.0.1:0", "--variant", "single-page", "--variant", "frameset"])
        .output()
        .unwrap();
    assert!(!clash.status.success());
    assert!(String::from_utf8_lossy(&clash.stderr).contains("single_page: cannot be combined with frameset"));
}

#[tokio::test]
async fn web_components_put_the_form_in_an_open_or_a_closed_shadow_root() {
    for (variant, mode) in [(Variant::WebComponents, "open"), (Variant::ClosedComponents, "closed")] {
        let sim = sim_variants(Skin::Classic, &[variant]).await;
        sim.login_admin().await;
        let page = sim.passwords_page(JSMITH).await;
        let html = &page.body;
        assert!(html.contains(&format!("<pw-form data-mode=\"{mode}\"><template>")), "{variant}: {html}");
        assert!(html.contains("/assets/pwshadow.js"), "{variant}");
        // The form still posts as usual.
        let ok = sim.set_secret(JSMITH, Kind::Web, "Harbor2026xy!", "Harbor2026xy!", Press::Ok).await;
        ok.assert_has("The web access password has been changed.");
    }
}
