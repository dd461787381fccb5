//! The wasm bindings in real browsers (wasm-bindgen-test: headless Chromium
//! and Firefox): the JSON API, the browser CSPRNG, and the standalone page
//! driven through its real HTML shell.
#![cfg(target_arch = "wasm32")]

use passwright_tool as web;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

/// A request object from JSON text (the page's JavaScript would pass the object).
fn req(text: &str) -> JsValue {
    js_sys::JSON::parse(text).expect("valid JSON")
}

/// A reply object as JSON, to look into.
fn json(value: JsValue) -> serde_json::Value {
    let text: String = js_sys::JSON::stringify(&value).expect("serializable").into();
    serde_json::from_str(&text).expect("valid JSON")
}

#[wasm_bindgen_test]
fn generate_uses_the_browser_csprng_and_obeys_the_preset() {
    let request = r#"{"source": {"preset": "bell"}, "kind": "web", "context": {"user_id": "jsmith"}}"#;
    let first = json(web::generate(req(request)).expect("generates"));
    let second = json(web::generate(req(request)).expect("generates"));
    let password = first["password"].as_str().unwrap();
    assert_eq!(password.len(), 16);
    assert_ne!(first["password"], second["password"]);
    assert_eq!(first["nato"].as_array().unwrap().len(), 16);
    assert!(first["entropy_bits"].as_f64().unwrap() > 80.0);

    let check = format!(
        r#"{{"source": {{"preset": "bell"}}, "kind": "web", "context": {{"user_id": "jsmith"}}, "password": "{password}"}}"#
    );
    assert_eq!(json(web::check(req(&check)).unwrap())["compliant"], true);
}

#[wasm_bindgen_test]
fn passcodes_from_passwordrules() {
    let request =
        r#"{"source": {"rules": "minlength: 6; maxlength: 6; max-consecutive: 1"}, "kind": "passcode"}"#;
    let out = json(web::generate(req(request)).unwrap());
    let code = out["password"].as_str().unwrap();
    assert_eq!(code.len(), 6);
    assert!(code.chars().all(|c| c.is_ascii_digit()));
    assert!(code.as_bytes().windows(2).all(|w| w[0] != w[1]));
}

#[wasm_bindgen_test]
fn check_reports_each_rule() {
    let request = r#"{"source": {"preset": "sinch"}, "kind": "passcode", "context": {"extension": "1234"}, "password": "4321"}"#;
    let out = json(web::check(req(request)).unwrap());
    assert_eq!(out["compliant"], false);
    let failed: Vec<&str> = out["verdicts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["outcome"] == "fail")
        .map(|v| v["problem"].as_str().unwrap())
        .collect();
    assert_eq!(failed, vec!["4321 is a descending run of 4; at most 3 allowed", "is the extension reversed"]);
}

#[wasm_bindgen_test]
fn bad_requests_are_errors_not_panics() {
    assert!(web::generate(JsValue::from_str("not json")).is_err());
    assert!(web::generate(req(r#"{"source": {"preset": "acme"}, "kind": "web"}"#)).is_err());
    assert!(web::generate(req(r#"{"source": {"rules": "maxlength: 2; required: upper; required: lower; required: digit"}, "kind": "web"}"#)).is_err());
    assert!(web::check(req(r#"{"kind": "web"}"#)).is_err(), "no password");
    assert!(web::describe(req(r#"{"kind": "voicemail"}"#)).is_err());
}

#[wasm_bindgen_test]
fn presets_and_descriptions() {
    let presets = json(web::presets().unwrap());
    let names: Vec<&str> = presets.as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names, vec!["broadsmart", "bell", "sinch", "bt"]);
    let labels =
        json(web::describe(req(r#"{"source": {"preset": "broadsmart"}, "kind": "passcode"}"#)).unwrap());
    assert_eq!(labels[0], "At least 4 digits");
    assert_eq!(web::nato("Kk7"), "Kilo - lowercase kilo - Seven");
}

fn by_id<T: JsCast>(id: &str) -> T {
    let doc = web_sys::window().unwrap().document().unwrap();
    doc.get_element_by_id(id).unwrap_or_else(|| panic!("#{id}")).dyn_into::<T>().unwrap()
}

#[wasm_bindgen_test]
fn the_standalone_page_generates_and_checks() {
    let html = include_str!("../../../../www/tool/index.html");
    let start = html.find("<main>").unwrap();
    let end = html.find("</main>").unwrap() + "</main>".len();
    let doc = web_sys::window().unwrap().document().unwrap();
    // Beside the runner's own output, which lives in the body too.
    let host = doc.create_element("div").unwrap();
    host.set_inner_html(&html[start..end]);
    doc.body().unwrap().append_child(&host).unwrap();
    web::start_tool().expect("the page starts");

    // The rules of the default preset are listed.
    let rules: HtmlElement = by_id("rules-list");
    assert!(rules.text_content().unwrap().contains("At least 8 characters"));

    by_id::<HtmlElement>("generate").click();
    let password = by_id::<HtmlElement>("password").text_content().unwrap();
    assert_eq!(password.len(), 16);
    assert!(by_id::<HtmlElement>("nato").text_content().unwrap().split(" - ").count() == 16);
    let checklist: HtmlElement = by_id("checklist");
    let items = checklist.query_selector_all("li").unwrap();
    assert!(items.length() >= 4);
    assert_eq!(checklist.query_selector_all("li[data-outcome=fail]").unwrap().length(), 0);

    // A typed password that breaks the rules is marked.
    let candidate: HtmlInputElement = by_id("candidate");
    candidate.set_value("short");
    candidate.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
    let failed = checklist.query_selector_all("li[data-outcome=fail]").unwrap();
    assert_eq!(failed.length(), 2, "too short, no digit");

    // Bad passwordrules show an error instead of generating.
    by_id::<HtmlInputElement>("use-rules").set_checked(true);
    let rules_text: web_sys::HtmlTextAreaElement = by_id("rules");
    rules_text.set_value("minlength: eight");
    rules_text.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
    by_id::<HtmlElement>("generate").click();
    let error: HtmlElement = by_id("error");
    assert!(!error.hidden());
    assert!(error.text_content().unwrap().starts_with("passwordrules:"));
    host.remove();
}

#[wasm_bindgen_test]
fn a_compiled_generator_makes_compliant_secrets_without_json() {
    let generator = web::Generator::new(req(
        r#"{"source": {"preset": "sinch"}, "kind": "passcode", "context": {"extension": "1234"}}"#,
    ))
    .expect("compiles");
    let first = generator.next().expect("generates");
    assert_eq!(first.len(), 6);
    let many = generator.next_many(50).expect("generates");
    let codes: Vec<&str> = many.lines().collect();
    assert_eq!(codes.len(), 50);
    for code in codes {
        let request = format!(
            r#"{{"source": {{"preset": "sinch"}}, "kind": "passcode", "context": {{"extension": "1234"}}, "password": "{code}"}}"#
        );
        assert_eq!(json(web::check(req(&request)).unwrap())["compliant"], true, "{code}");
    }
    assert!(
        web::Generator::new(req(r#"{"source": {"rules": "allowed: upper"}, "kind": "passcode"}"#)).is_err()
    );
}
