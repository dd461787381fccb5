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
    assert!(!page.body.contains("data-passwright"));
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
    for banned in ["eval(", "innerHTML", "new Function", "data-passwright", ".style."] {
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
