//! Shared helpers: a simulator on an ephemeral port and a real HTTP client
//! with a cookie store, driving it the way a browser would.
#![allow(dead_code)]

use passwright_portal::skin::{Buttons, SkinDef};
use std::collections::HashMap;

use passwright_portal::{
    Config, Paths, RunningPortal, Scenario, Skin, Submission, UserReport, Variant, Variants, start,
};
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// The demo scenario's first user and the password it starts with.
pub const JSMITH: &str = "jsmith@acme.example.com";
pub const JSMITH_PASSWORD: &str = "River254p";
/// A user whose device is wchen-phone.
pub const WCHEN: &str = "wchen@acme.example.com";
pub const WCHEN_PASSWORD: &str = "Copper664q";

/// A running simulator and a browser-like client.
pub struct Sim {
    pub portal: RunningPortal,
    pub client: reqwest::Client,
}

/// A response, read.
#[derive(Debug)]
pub struct Page {
    pub status: StatusCode,
    /// The final URL's path and query (after redirects).
    pub path: String,
    pub headers: HeaderMap,
    pub body: String,
}

impl Page {
    /// Asserts the page text contains `needle` (HTML-escaped as the page has it).
    #[track_caller]
    pub fn assert_has(&self, needle: &str) -> &Self {
        let escaped = escape(needle);
        assert!(
            self.body.contains(&escaped),
            "expected {needle:?} on {} ({}); body:\n{}",
            self.path,
            self.status,
            self.body
        );
        self
    }

    /// Asserts the page's HTML contains `markup` as is.
    #[track_caller]
    pub fn assert_markup(&self, markup: &str) -> &Self {
        assert!(
            self.body.contains(markup),
            "expected markup {markup:?} on {}; body:\n{}",
            self.path,
            self.body
        );
        self
    }

    /// Asserts the page text does not contain `needle`.
    #[track_caller]
    pub fn assert_lacks(&self, needle: &str) -> &Self {
        assert!(
            !self.body.contains(&escape(needle)),
            "did not expect {needle:?} on {}; body:\n{}",
            self.path,
            self.body
        );
        self
    }

    /// The value of the hidden input `name`.
    pub fn hidden(&self, name: &str) -> Option<String> {
        let marker = format!("name=\"{name}\" value=\"");
        let start = self.body.find(&marker)? + marker.len();
        let end = self.body[start..].find('"')?;
        Some(self.body[start..start + end].to_owned())
    }

    /// How many times `needle` occurs.
    pub fn count(&self, needle: &str) -> usize {
        self.body.matches(needle).count()
    }
}

/// Escapes text the way maud does, so assertions match rendered pages.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A browser-like client: cookies, follows redirects.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).build().expect("client builds")
}

/// The demo scenario with the test API, in `skin`.
pub async fn sim(skin: Skin) -> Sim {
    let scenario = Scenario::builtin("demo").expect("demo loads");
    sim_with(Config::new(scenario).with_skin(skin).with_test_api(true)).await
}

/// A simulator for a built-in scenario with the test API.
pub async fn sim_scenario(name: &str) -> Sim {
    let scenario = Scenario::builtin(name).expect("scenario loads");
    sim_with(Config::new(scenario).with_test_api(true)).await
}

/// A simulator from TOML text with the test API.
pub async fn sim_toml(toml: &str) -> Sim {
    let scenario = Scenario::from_toml(toml, "test").expect("test scenario loads");
    sim_with(Config::new(scenario).with_test_api(true)).await
}

/// The demo scenario in `skin` with the test API and exactly `variants` on.
pub async fn sim_variants(skin: Skin, variants: &[Variant]) -> Sim {
    let scenario = Scenario::builtin("demo").expect("demo loads");
    let config = Config::new(scenario)
        .with_skin(skin)
        .with_test_api(true)
        .with_variants(Variants::of(variants.iter().copied()));
    sim_with(config).await
}

/// A built-in scenario in `skin` with the test API and `variants` added.
pub async fn sim_scenario_variants(name: &str, skin: Skin, variants: &[Variant]) -> Sim {
    let scenario = Scenario::builtin(name).expect("scenario loads");
    let mut config = Config::new(scenario).with_skin(skin).with_test_api(true);
    for v in variants {
        config = config.with_variant(*v);
    }
    sim_with(config).await
}

/// Every `<input …>` of an HTML text, as attribute maps (a bare attribute
/// maps to "").
pub fn inputs(html: &str) -> Vec<HashMap<String, String>> {
    tags(html, "input")
}

/// Every `<TAG …>` of an HTML text, as attribute maps.
pub fn tags(html: &str, tag: &str) -> Vec<HashMap<String, String>> {
    let open = format!("<{tag}");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(&open) {
        let after = &rest[at + open.len()..];
        if !after.starts_with([' ', '>', '/']) {
            rest = after;
            continue;
        }
        let end = after.find('>').unwrap_or(after.len());
        out.push(attributes(&after[..end]));
        rest = &after[end..];
    }
    out
}

fn attributes(mut s: &str) -> HashMap<String, String> {
    let mut map = HashMap::new();
    loop {
        s = s.trim_start_matches([' ', '/']);
        if s.is_empty() {
            return map;
        }
        let name_end = s.find(['=', ' ', '/']).unwrap_or(s.len());
        let name = s[..name_end].to_owned();
        s = &s[name_end..];
        if let Some(v) = s.strip_prefix("=\"") {
            let end = v.find('"').unwrap_or(v.len());
            map.insert(name, v[..end].replace("&amp;", "&").replace("&quot;", "\""));
            s = &v[(end + 1).min(v.len())..];
        } else {
            map.insert(name, String::new());
        }
    }
}

/// The input named `name` (the first one).
#[track_caller]
pub fn input<'a>(all: &'a [HashMap<String, String>], name: &str) -> &'a HashMap<String, String> {
    all.iter().find(|i| i.get("name").is_some_and(|n| n == name)).unwrap_or_else(|| panic!("no input {name}"))
}

pub async fn sim_with(config: Config) -> Sim {
    let portal = start(config).await.expect("simulator starts");
    Sim { portal, client: client() }
}

/// Which secret to set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Web,
    Passcode,
}

/// Which button to press on the Passwords page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Press {
    /// OK (or the skin's single Save).
    Ok,
    /// Apply (classic-like skins only).
    Apply,
    Cancel,
}

impl Sim {
    pub fn def(&self) -> &'static SkinDef {
        self.portal.def()
    }

    pub fn paths(&self) -> &'static Paths {
        self.portal.paths()
    }

    async fn read(resp: reqwest::Response) -> Page {
        let status = resp.status();
        let url = resp.url().clone();
        let path = match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_owned(),
        };
        let headers = resp.headers().clone();
        let body = resp.text().await.expect("body reads");
        Page { status, path, headers, body }
    }

    pub async fn get(&self, path: &str) -> Page {
        let resp = self.client.get(self.portal.url(path)).send().await.expect("GET works");
        Self::read(resp).await
    }

    pub async fn post(&self, path: &str, form: &[(&str, &str)]) -> Page {
        let resp = self.client.post(self.portal.url(path)).form(form).send().await.expect("POST works");
        Self::read(resp).await
    }

    /// Logs in through the login form.
    pub async fn login(&self, user: &str, password: &str) -> Page {
        let n = &self.def().names;
        self.post(self.paths().login, &[(n.login_user, user), (n.login_password, password)]).await
    }

    /// Logs in as the scenario's admin and checks it worked.
    pub async fn login_admin(&self) -> Page {
        let (user, pw) = (self.portal.admin_user_id().to_owned(), self.portal.admin_password().to_owned());
        let page = self.login(&user, &pw).await;
        assert_eq!(page.path, self.paths().home, "admin lands on the group home");
        page
    }

    /// Opens the Passwords page of `user` and returns it.
    pub async fn passwords_page(&self, user: &str) -> Page {
        let page = self.get(&self.paths().passwords.href(user)).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        page
    }

    /// The form fields of a Passwords submit, without the token.
    pub fn password_form(
        &self,
        kind: Kind,
        new: &str,
        confirm: &str,
        press: Press,
    ) -> Vec<(&'static str, String)> {
        let d = self.def();
        let n = &d.names;
        let kind_value = match kind {
            Kind::Web => n.kind_web,
            Kind::Passcode => n.kind_passcode,
        };
        let mut form =
            vec![(n.kind, kind_value.to_owned()), (n.new, new.to_owned()), (n.confirm, confirm.to_owned())];
        let button = match (d.buttons, press) {
            (Buttons::OkApplyCancel { ok, .. }, Press::Ok) => Some(ok),
            (Buttons::OkApplyCancel { apply, .. }, Press::Apply) => Some(apply),
            (Buttons::OkApplyCancel { cancel, .. }, Press::Cancel) => Some(cancel),
            (Buttons::SaveCancel { save, .. }, Press::Ok | Press::Apply) => Some(save),
            (Buttons::SaveCancel { cancel, .. }, Press::Cancel) => Some(cancel),
        };
        if let Some(b) = button {
            form.push((b.name, b.value.to_owned()));
        }
        form
    }

    /// Opens the Passwords page and submits it, as an admin would.
    pub async fn set_secret(&self, user: &str, kind: Kind, new: &str, confirm: &str, press: Press) -> Page {
        let page = self.passwords_page(user).await;
        let token = page.hidden(self.def().names.token).expect("the form has a token");
        self.submit_passwords(user, &token, kind, new, confirm, press).await
    }

    /// Submits the Passwords form with a given token.
    pub async fn submit_passwords(
        &self,
        user: &str,
        token: &str,
        kind: Kind,
        new: &str,
        confirm: &str,
        press: Press,
    ) -> Page {
        let mut form = self.password_form(kind, new, confirm, press);
        form.push((self.def().names.token, token.to_owned()));
        let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        self.post(&self.paths().passwords.href(user), &pairs).await
    }

    /// The test API's view of a user.
    pub async fn api_user(&self, user: &str) -> UserReport {
        let resp = self
            .client
            .get(self.portal.url(&format!("/__test/users/{user}")))
            .send()
            .await
            .expect("test API answers");
        assert_eq!(resp.status(), StatusCode::OK);
        resp.json().await.expect("user report parses")
    }

    /// Whether the user's current password is `password`, per the test API.
    pub async fn api_password_is(&self, user: &str, password: &str) -> bool {
        let resp = self
            .client
            .post(self.portal.url(&format!("/__test/users/{user}/check-password")))
            .json(&serde_json::json!({ "password": password }))
            .send()
            .await
            .expect("test API answers");
        let v: serde_json::Value = resp.json().await.expect("json");
        v["matches"].as_bool().expect("matches is a bool")
    }

    pub async fn api_stats(&self) -> serde_json::Value {
        self.client
            .get(self.portal.url("/__test/stats"))
            .send()
            .await
            .expect("test API answers")
            .json()
            .await
            .expect("json")
    }

    pub async fn api_post(&self, path: &str, body: serde_json::Value) -> reqwest::Response {
        self.client.post(self.portal.url(path)).json(&body).send().await.expect("test API answers")
    }

    /// A GET of the test API as JSON.
    pub async fn api_get(&self, path: &str) -> serde_json::Value {
        let resp = self.client.get(self.portal.url(path)).send().await.expect("test API answers");
        assert_eq!(resp.status(), StatusCode::OK, "{path}");
        resp.json().await.expect("json")
    }

    /// Every submission logged so far.
    pub async fn api_submissions(&self) -> Vec<Submission> {
        let resp = self.client.get(self.portal.url("/__test/submissions")).send().await.expect("answers");
        resp.json().await.expect("submissions parse")
    }

    /// Whether a fresh browser gets past the login page with these
    /// credentials (wherever the portal then sends it).
    pub async fn logs_in(&self, user: &str, password: &str) -> bool {
        let other = Sim2 { portal: &self.portal, client: client() };
        let page = other.login(user, password).await;
        let login = self.paths().login;
        page.status == StatusCode::OK && page.path != login && !page.path.starts_with(&format!("{login}?"))
    }

    /// Whether `user` can log in with `password` in a fresh browser.
    pub async fn user_can_log_in(&self, user: &str, password: &str) -> bool {
        let other = Sim2 { portal: &self.portal, client: client() };
        let page = other.login(user, password).await;
        page.path == self.paths().user.href(user) || page.path == self.paths().passwords.href(user)
    }
}

/// A second browser on the same simulator.
pub struct Sim2<'a> {
    pub portal: &'a RunningPortal,
    pub client: reqwest::Client,
}

impl Sim2<'_> {
    pub async fn login(&self, user: &str, password: &str) -> Page {
        let n = &self.portal.skin().def().names;
        let resp = self
            .client
            .post(self.portal.url(self.portal.paths().login))
            .form(&[(n.login_user, user), (n.login_password, password)])
            .send()
            .await
            .expect("POST works");
        Sim::read(resp).await
    }
}
