//! The script-driven variants: `script-form` (the Passwords form built by
//! the page's own script after load) and `single-page` (one shell, JSON
//! endpoints, pushState, fetch). Driven over HTTP as the scripts would, and
//! checked to live under the strict CSP.

mod common;

use common::*;
use passwright_portal::variants::paths as vp;
use passwright_portal::{PAGE_CSP, Skin, Variant};
use reqwest::StatusCode;
use serde_json::Value;

/// Nothing the CSP (`script-src 'self'`, default-src 'self') would block:
/// every script is a same-origin file or a JSON data block (never run), no
/// event-handler attributes, no inline styles.
#[track_caller]
fn csp_clean(page: &Page) {
    assert_eq!(page.headers["content-security-policy"], PAGE_CSP, "{}", page.path);
    for script in tags(&page.body, "script") {
        let ok = script.get("src").is_some_and(|s| s.starts_with('/'))
            || script.get("type").is_some_and(|t| t == "application/json");
        assert!(ok, "inline script {script:?} on {}", page.path);
    }
    for chunk in page.body.split("<script").skip(1) {
        let open_end = chunk.find('>').unwrap();
        let is_data = chunk[..open_end].contains("application/json");
        let inner = &chunk[open_end + 1..chunk.find("</script>").unwrap()];
        assert!(is_data || inner.is_empty(), "a script with a body on {}", page.path);
    }
    assert!(
        !page.body.contains(" style=\"") && !page.body.contains("<style"),
        "inline style on {}",
        page.path
    );
    let lower = page.body.to_lowercase();
    for handler in [" onload=", " onclick=", " onsubmit=", " onchange=", "javascript:"] {
        assert!(!lower.contains(handler), "{handler} on {}", page.path);
    }
    assert!(!page.body.contains(" data-"), "no data-* attributes on {}", page.path);
}

/// The form description in the page's data block.
fn form_spec(page: &Page) -> Value {
    let start = page
        .body
        .find(r#"<script type="application/json" id="credentials-app-config">"#)
        .expect("a data block");
    let rest = &page.body[start..];
    let json = &rest[rest.find('>').unwrap() + 1..rest.find("</script>").unwrap()];
    serde_json::from_str(json).expect("the data block is JSON")
}

/// Posts what the built form would post: its hidden fields, the radio, the
/// inputs by position, the button.
async fn submit_built(sim: &Sim, spec: &Value, radio: &str, values: &[&str], button: usize) -> Page {
    let mut form: Vec<(String, String)> = Vec::new();
    for h in spec["hidden"].as_array().unwrap() {
        form.push((h["name"].as_str().unwrap().into(), h["value"].as_str().unwrap().into()));
    }
    form.push((spec["radio_name"].as_str().unwrap().into(), radio.into()));
    for (input, value) in spec["inputs"].as_array().unwrap().iter().zip(values) {
        form.push((input["name"].as_str().unwrap().into(), (*value).into()));
    }
    let b = &spec["buttons"][button];
    form.push((b["name"].as_str().unwrap().into(), b["value"].as_str().unwrap().into()));
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    sim.post(spec["action"].as_str().unwrap(), &pairs).await
}

#[tokio::test]
async fn the_script_form_page_arrives_without_a_form() {
    for skin in [Skin::Classic, Skin::Reskin, Skin::Modern, Skin::Espanol] {
        let sim = sim_variants(skin, &[Variant::ScriptForm]).await;
        sim.login_admin().await;
        let page = sim.passwords_page(JSMITH).await;
        page.assert_markup(r#"<div id="credentials-app"></div>"#);
        page.assert_markup(r#"<script src="/assets/pwform.js"></script>"#);
        assert!(!page.body.contains("<form"), "{skin}: no form until the script builds it");
        assert!(inputs(&page.body).is_empty(), "{skin}");
        page.assert_has(sim.def().t.passwords_intro);
        csp_clean(&page);
        let spec = form_spec(&page);
        let d = sim.def();
        let n = &d.names;
        assert_eq!(spec["action"], sim.paths().passwords.href(JSMITH));
        assert_eq!(spec["radio_name"], n.kind);
        assert_eq!(spec["radios"][0]["label"], d.t.radio_web);
        assert_eq!(spec["radios"][1]["label"], d.t.radio_passcode);
        assert_eq!(spec["inputs"][0]["name"], n.new);
        assert_eq!(spec["inputs"][0]["label"], d.t.new_label);
        assert_eq!(spec["inputs"][1]["name"], n.confirm);
        assert_eq!(spec["hidden"][0]["name"], n.token);
        assert_eq!(spec["delay_ms"], 400);
        // The rest of the portal is as ever.
        let user = sim.get(&sim.paths().user.href(JSMITH)).await;
        assert!(!user.body.contains("<script"), "{skin}");
    }
}

#[tokio::test]
async fn the_built_form_posts_normally_and_the_rules_hold() {
    let sim = sim_variants(Skin::Classic, &[Variant::ScriptForm, Variant::Maxlength]).await;
    sim.login_admin().await;
    let page = sim.passwords_page(JSMITH).await;
    let spec = form_spec(&page);
    assert_eq!(spec["inputs"][0]["maxlength"], 12);
    assert_eq!(spec["buttons"].as_array().unwrap().len(), 3, "OK, Apply, Cancel");
    // Apply with a broken rule: the refusal is on the (rebuilt) page.
    let bad = submit_built(&sim, &spec, "web", &["abcdefgh", "abcdefgh"], 1).await;
    assert_eq!(bad.path, sim.paths().passwords.href(JSMITH));
    bad.assert_has("The password must contain at least 1 digit(s).");
    bad.assert_markup(r#"<div id="credentials-app"></div>"#);
    // The refused passcode radio stays chosen in the description.
    let spec = form_spec(&bad);
    let pc = submit_built(&sim, &spec, "portal", &["1001", "1001"], 1).await;
    pc.assert_has("The portal password cannot be the user's extension.");
    assert_eq!(form_spec(&pc)["radios"][1]["checked"], true);
    let spec = form_spec(&pc);
    let done = submit_built(&sim, &spec, "web", &["Harbor2026x", "Harbor2026x"], 0).await;
    assert_eq!(done.path, sim.paths().user.href(JSMITH));
    done.assert_has("The web access password has been changed.");
    assert!(sim.logs_in(JSMITH, "Harbor2026x").await);
    assert!(!sim.logs_in(JSMITH, JSMITH_PASSWORD).await);
    // The token in the description is one-time, as the form's always was.
    let again = submit_built(&sim, &spec, "web", &["Meadow77xy", "Meadow77xy"], 0).await;
    again.assert_has("This request has already been submitted.");
    let forms = sim.api_user(JSMITH).await.forms;
    assert_eq!((forms.passwords_web, forms.passwords_passcode), (3, 1));
}

#[tokio::test]
async fn the_form_script_is_served_under_the_csp() {
    let sim = sim_variants(Skin::Classic, &[Variant::ScriptForm]).await;
    let js = sim.get(vp::SCRIPT_FORM_JS).await;
    assert_eq!(js.status, StatusCode::OK);
    assert_eq!(js.headers["content-type"], "text/javascript; charset=utf-8");
    assert_eq!(js.headers["content-security-policy"], PAGE_CSP);
    for needle in ["credentials-app-config", "addEventListener('load'", "setTimeout", "delay_ms", "el('form'"]
    {
        assert!(js.body.contains(needle), "{needle}");
    }
    for banned in ["eval(", "innerHTML", "new Function", "data-", "dataset", ".style."] {
        assert!(!js.body.contains(banned), "{banned}");
    }
    let plain = sim_variants(Skin::Classic, &[]).await;
    assert_eq!(plain.get(vp::SCRIPT_FORM_JS).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_script_form_composes_with_deep_passwords_and_self_service() {
    let sim =
        sim_variants(Skin::Legacy, &[Variant::ScriptForm, Variant::DeepPasswords, Variant::PrintedRules])
            .await;
    sim.login_admin().await;
    let page = sim.get(&vp::MANAGE_PASSWORDS.href(JSMITH)).await;
    assert!(!page.body.contains("<form"));
    page.assert_has("Your password must be at least 8 characters long");
    csp_clean(&page);
    let spec = form_spec(&page);
    assert_eq!(spec["radios"][1]["label"], "Set voice portal and IP Voice Anywhere passcode");
    let done = submit_built(&sim, &spec, "WEB", &["Harbor2026x", "Harbor2026x"], 0).await;
    assert_eq!(done.path, vp::DEEP_PASSWORDS.href(JSMITH));
    done.assert_has("Your changes have been saved.");
    assert!(sim.api_password_is(JSMITH, "Harbor2026x").await);
    // A user's own script-built form asks for the current password first.
    let me = Sim2 { portal: &sim.portal, client: client() };
    me.login(WCHEN, WCHEN_PASSWORD).await;
    let resp = me.client.get(sim.portal.url(&sim.paths().passwords.href(WCHEN))).send().await.unwrap();
    let body = resp.text().await.unwrap();
    let page = Page { status: StatusCode::OK, path: String::new(), headers: Default::default(), body };
    let spec = form_spec(&page);
    assert_eq!(spec["inputs"][0]["name"], "currentPwd");
    assert_eq!(spec["inputs"].as_array().unwrap().len(), 3);
}

async fn api_json(sim: &Sim, path: &str) -> (StatusCode, Value) {
    let resp = sim.client.get(sim.portal.url(path)).send().await.unwrap();
    let status = resp.status();
    assert!(resp.headers()["content-type"].to_str().unwrap().starts_with("application/json"), "{path}");
    (status, resp.json().await.unwrap())
}

async fn api_send(sim: &Sim, path: &str, body: Value) -> (StatusCode, Value) {
    let resp = sim.client.post(sim.portal.url(path)).json(&body).send().await.unwrap();
    (resp.status(), resp.json().await.unwrap())
}

async fn change(sim: &Sim, action: &str, token: &str, kind: &str, new: &str, confirm: &str) -> Value {
    let body = serde_json::json!({ "token": token, "kind": kind, "new": new, "confirm": confirm });
    api_send(sim, action, body).await.1
}

fn ui_user(id: &str, tail: &str) -> String {
    format!("/ui/users/{id}{tail}")
}

#[tokio::test]
async fn the_single_page_portal_is_one_shell_under_the_csp() {
    let sim = sim_variants(Skin::Classic, &[Variant::SinglePage]).await;
    let anonymous = sim.get("/ui/").await;
    assert_eq!(anonymous.path, sim.paths().login, "the shell needs a login");
    let shell = sim.login("admin", "CommPilot-Demo-2026").await;
    assert_eq!(shell.path, "/ui/");
    shell.assert_markup(r#"<script src="/assets/console.js" defer></script>"#);
    shell.assert_markup(r#"<div id="app"><p class="console-loading">Loading…</p></div>"#);
    assert!(!shell.body.contains("<form") && inputs(&shell.body).is_empty());
    csp_clean(&shell);
    // Every client-side route serves the same shell (deep links, reloads).
    for path in [
        ui_user(JSMITH, "/passwords"),
        "/ui/users?field=last_name&value=Smith".into(),
        "/ui/devices/jsmith-phone".into(),
    ] {
        let page = sim.get(&path).await;
        assert_eq!(page.body, shell.body, "{path}");
        csp_clean(&page);
    }
    // The skin's own page URLs lead into it.
    let p = sim.paths();
    for (from, to) in [
        (p.user.href(JSMITH), ui_user(JSMITH, "")),
        (p.passwords.href(JSMITH), ui_user(JSMITH, "/passwords")),
        (p.home.to_owned(), "/ui/".to_owned()),
        (p.device.href("jsmith-phone"), "/ui/devices/jsmith-phone".to_owned()),
    ] {
        assert_eq!(sim.get(&from).await.path, to, "{from}");
    }
    let js = sim.get(vp::CONSOLE_JS).await;
    assert_eq!(js.headers["content-type"], "text/javascript; charset=utf-8");
    assert_eq!(js.headers["content-security-policy"], PAGE_CSP);
    for needle in [
        "history.pushState",
        "'popstate'",
        "window.fetch(",
        "'/ui/api'",
        "preventDefault()",
        "replaceChildren",
    ] {
        assert!(js.body.contains(needle), "{needle}");
    }
    for banned in ["innerHTML", "eval(", "new Function", "document.write", ".style.", "data-", "dataset"] {
        assert!(!js.body.contains(banned), "{banned}");
    }
    let css = sim.get(vp::CONSOLE_CSS).await;
    assert!(css.headers["content-type"].to_str().unwrap().starts_with("text/css"));
}

#[tokio::test]
async fn the_single_page_portal_renders_from_json_endpoints() {
    let sim = sim_variants(Skin::Classic, &[Variant::SinglePage]).await;
    let (status, body) = api_json(&sim, "/ui/api/session").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["login"], "/Login/");
    sim.login("admin", "CommPilot-Demo-2026").await;
    let (_, session) = api_json(&sim, "/ui/api/session").await;
    assert_eq!(session["viewer"]["kind"], "admin");
    assert_eq!(session["strings"]["item_passwords"], "Passwords");
    assert_eq!(session["strings"]["radio_web"], "Set web access password");
    assert_eq!(session["links"]["logout"], "/Logout/");
    let (_, found) = api_json(&sim, "/ui/api/users?field=last_name&mode=starts&value=smith").await;
    let ids: Vec<&str> =
        found["users"].as_array().unwrap().iter().map(|u| u["user_id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 2);
    assert!(ids.contains(&JSMITH));
    let (_, user) = api_json(&sim, &format!("/ui/api/users/{WCHEN}")).await;
    assert_eq!(user["user"]["name"], "Wei Chen");
    assert_eq!(user["line_port"], "2125550103@acme.example.com");
    assert_eq!(user["device"]["name"], "wchen-phone");
    let (status, _) = api_json(&sim, "/ui/api/users/ghost@x").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, devices) = api_json(&sim, "/ui/api/devices").await;
    assert_eq!(devices["devices"].as_array().unwrap().len(), 28);
    let (_, device) = api_json(&sim, "/ui/api/devices/wchen-phone").await;
    let token = device["tokens"]["reset"].as_str().unwrap().to_owned();
    let (_, done) = api_send(
        &sim,
        "/ui/api/devices/wchen-phone/actions",
        serde_json::json!({"action": "reset", "token": token}),
    )
    .await;
    assert_eq!(done["ok"], true);
    assert_eq!(done["message"], "The phones have been reset.");
    let (_, again) = api_send(
        &sim,
        "/ui/api/devices/wchen-phone/actions",
        serde_json::json!({"action": "reset", "token": token}),
    )
    .await;
    assert_eq!(again["errors"][0], "This request has already been submitted.");
    assert_eq!(sim.api_user(WCHEN).await.devices[0].reset_count, 1);
    assert_eq!(api_json(&sim, "/ui/api/nowhere").await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_single_page_portal_changes_passwords_with_fetch() {
    let sim = sim_variants(Skin::Reskin, &[Variant::SinglePage]).await;
    sim.login("admin", "CommPilot-Demo-2026").await;
    let form_path = format!("/ui/api/users/{JSMITH}/password-form");
    let (_, form) = api_json(&sim, &form_path).await;
    let spec = &form["form"];
    assert_eq!(spec["radios"][0]["label"], "Web portal access password");
    assert_eq!(spec["radios"][1]["label"], "Voice portal passcode");
    assert_eq!(spec["inputs"][0]["label"], "New password");
    assert_eq!(spec["inputs"][1]["label"], "Confirm new password");
    assert_eq!(spec["buttons"][0]["label"], "Save");
    let action = spec["action"].as_str().unwrap().to_owned();
    let token = spec["hidden"][0]["value"].as_str().unwrap().to_owned();
    let bad = change(&sim, &action, &token, "web", "short", "short").await;
    assert_eq!(bad["ok"], false);
    assert_eq!(
        bad["errors"],
        serde_json::json!(["Use at least 8 characters.", "Include at least 1 number(s)."])
    );
    let token = bad["token"].as_str().unwrap().to_owned();
    let mismatch = change(&sim, &action, &token, "web", "Harbor2026x", "Harbor2026y").await;
    assert_eq!(mismatch["errors"][0], "The two entries don't match.");
    assert!(sim.api_password_is(JSMITH, JSMITH_PASSWORD).await);
    let token = mismatch["token"].as_str().unwrap().to_owned();
    let body =
        serde_json::json!({ "token": token, "kind": "web", "new": "Harbor2026x", "confirm": "Harbor2026x" });
    let (_, ok) = api_send(&sim, &action, body.clone()).await;
    assert_eq!(ok["ok"], true);
    assert_eq!(ok["message"], "Saved! The web portal access password was updated.");
    assert!(sim.logs_in(JSMITH, "Harbor2026x").await);
    assert!(!sim.logs_in(JSMITH, JSMITH_PASSWORD).await);
    let (_, dup) = api_send(&sim, &action, body).await;
    assert_eq!(dup["errors"][0], "You already submitted this form.");
    let token = dup["token"].as_str().unwrap();
    let body =
        serde_json::json!({ "token": token, "kind": "passcode", "new": "582914", "confirm": "582914" });
    assert_eq!(api_send(&sim, &action, body).await.1["ok"], true);
    let report = sim.api_user(JSMITH).await;
    assert_eq!(report.passcode.as_deref(), Some("582914"));
    assert_eq!((report.forms.passwords_web, report.forms.passwords_passcode), (4, 1));
    let stats = sim.api_stats().await;
    assert_eq!(stats["duplicate_submissions"], 1);
    // A bad token.
    let body =
        serde_json::json!({ "token": "nope", "kind": "web", "new": "Meadow77x", "confirm": "Meadow77x" });
    assert_eq!(
        api_send(&sim, &action, body).await.1["errors"][0],
        "Something went wrong. Reload the page and try again."
    );
}

#[tokio::test]
async fn the_single_page_portal_serves_users_their_own_pages_and_forced_changes() {
    let sim = sim_scenario_variants("bt", Skin::Modern, &[Variant::SinglePage]).await;
    sim.login("admin", "CommPilot-Demo-2026").await;
    let (_, form) = api_json(&sim, &format!("/ui/api/users/{JSMITH}/password-form")).await;
    let token = form["form"]["hidden"][0]["value"].as_str().unwrap();
    let body =
        serde_json::json!({ "token": token, "kind": "web", "new": "Harbor2026x", "confirm": "Harbor2026x" });
    let (_, ok) = api_send(&sim, form["form"]["action"].as_str().unwrap(), body).await;
    assert_eq!(ok["ok"], true, "{ok}");
    // The bt rules force a change after an admin reset.
    let me = client();
    let resp = me
        .post(sim.portal.url(sim.paths().login))
        .form(&[("identifier", JSMITH), ("credential", "Harbor2026x")])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.url().path(), ui_user(JSMITH, "/passwords"));
    let get = |path: String| {
        let me = &me;
        let url = sim.portal.url(&path);
        async move {
            let r = me.get(url).send().await.unwrap();
            (r.status(), r.json::<Value>().await.unwrap())
        }
    };
    let (status, body) = get(format!("/ui/api/users/{JSMITH}")).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["redirect"], ui_user(JSMITH, "/passwords"));
    let (_, session) = get("/ui/api/session".into()).await;
    assert_eq!(session["must_change"], true);
    assert_eq!(session["viewer"]["kind"], "user");
    let (_, form) = get(format!("/ui/api/users/{JSMITH}/password-form")).await;
    assert_eq!(form["notice"], "An administrator reset your password. Choose a new one to continue.");
    assert_eq!(form["form"]["radios"].as_array().unwrap().len(), 1, "only the web password");
    assert_eq!(form["form"]["inputs"][0]["name"], "current");
    let (status, _) = get(format!("/ui/api/users/{WCHEN}/password-form")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let token = form["form"]["hidden"][0]["value"].as_str().unwrap();
    let body = serde_json::json!({ "token": token, "kind": "web", "current": "Harbor2026x", "new": "Willow2027q", "confirm": "Willow2027q" });
    let resp =
        me.post(sim.portal.url(form["form"]["action"].as_str().unwrap())).json(&body).send().await.unwrap();
    let done: Value = resp.json().await.unwrap();
    assert_eq!(done["ok"], true, "{done}");
    assert_eq!(done["must_change"], false);
    assert_eq!(get(format!("/ui/api/users/{JSMITH}")).await.0, StatusCode::OK);
    assert!(sim.logs_in(JSMITH, "Willow2027q").await);
}

#[tokio::test]
async fn the_single_page_portal_speaks_the_skin_s_language_and_keeps_its_variants() {
    let sim =
        sim_scenario_variants("printed", Skin::Deutsch, &[Variant::SinglePage, Variant::FieldConstraints])
            .await;
    let shell = sim.login("admin", "CommPilot-Demo-2026").await;
    shell.assert_markup(r#"<html lang="de">"#).assert_has("Wird geladen …");
    let (_, session) = api_json(&sim, "/ui/api/session").await;
    assert_eq!(session["strings"]["item_passwords"], "Kennwörter");
    assert_eq!(session["buttons"]["cancel"], "Abbrechen");
    let (_, form) = api_json(&sim, &format!("/ui/api/users/{JSMITH}/password-form")).await;
    assert_eq!(
        form["rules"]["web"],
        "Ihr Kennwort muss 10 bis 12 Zeichen lang sein und mindestens einen Großbuchstaben, eine Ziffer und ein Sonderzeichen enthalten. Es darf Ihre Benutzer-ID nicht enthalten."
    );
    let spec = &form["form"];
    assert_eq!(spec["inputs"][0]["maxlength"], 12);
    assert_eq!(spec["inputs"][2]["name"], "passcode");
    assert_eq!(spec["inputs"][2]["pattern"], "[0-9]{6,8}");
    assert_eq!(spec["inputs"][2]["inputmode"], "numeric");
    let action = spec["action"].as_str().unwrap();
    let token = spec["hidden"][0]["value"].as_str().unwrap();
    let long = change(&sim, action, token, "web", "Wiese-2026xyz", "Wiese-2026xyz").await;
    assert_eq!(long["errors"][0], "Das Kennwort darf höchstens 12 Zeichen lang sein.");
    let token = long["token"].as_str().unwrap();
    let body = serde_json::json!({ "token": token, "kind": "passcode", "passcode": "582914", "passcode_confirm": "582914" });
    let (_, ok) = api_send(&sim, action, body).await;
    assert_eq!(ok["message"], "Die Portal-PIN wurde geändert.");
    assert_eq!(sim.api_user(JSMITH).await.passcode.as_deref(), Some("582914"));
    let log = sim.api_submissions().await;
    assert_eq!(log.last().unwrap().fields["passcode"], "582914");
    assert_eq!(log.last().unwrap().path, format!("/ui/api/users/{JSMITH}/passwords"));
}
