//! The first run as users get it (issue 15, item 5): the production build,
//! enabled on a portal through the toolbar popup, then a one-click reset; the
//! options page in a real browser (portals, rules, the audit CSV); the IT
//! department's managed settings shown locked and obeyed.
//!
//! How the popup is reached:
//! - Chromium: the toolbar click itself, DevTools' `Extensions.triggerAction`
//!   on the portal's tab (the switch `--enable-unsafe-extension-debugging`
//!   opens that domain). The real popup opens with `activeTab` granted for the
//!   portal's tab, and "Enable on this portal" is pressed with a trusted mouse
//!   click (`Input.dispatchMouseEvent`). Chromium then shows its permission
//!   prompt, which nothing outside Chromium's own in-process tests can answer
//!   (`PermissionsRequestFunction` skips it only for a component extension,
//!   for permissions that bring no warning or were granted before, or under
//!   `ScopedTestDialogAutoConfirm`; no switch and no policy grants an optional
//!   permission; `ExtensionSettings`' `runtime_allowed_hosts` only bounds
//!   them). So the Chromium test goes on in two starts on one profile: in
//!   the first, the popup names the portal, the click asks, and nothing is
//!   granted behind the admin's back; then, the browser stopped, the test
//!   writes into the profile's `Preferences` what Chromium records when the
//!   admin says yes (`runtime_granted_permissions`: granted, not active),
//!   and in the second start the same click is granted without a prompt
//!   (the path of a site enabled before), the agent is injected into the
//!   portal's tab, and the one-click reset goes through.
//! - Firefox: the pref `extensions.webextOptionalPermissionPrompts=false`
//!   grants a `permissions.request` made inside a click. The toolbar click is
//!   reproduced in two parts: Marionette's chrome context grants `activeTab`
//!   on the portal's tab (what Firefox's own action button does on a click),
//!   and the popup's page is opened in a tab of its own as
//!   `popup.html?tab=<id>`, so that it acts on the portal's tab (opening it
//!   makes it the active tab, which the toolbar popup would otherwise use).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use fantoccini::Locator;
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

use super::harness::{self, Browser, Build, Engine, GECKO_ID, Launch, Portal, Result, SERIAL, USER};
use super::{FLOW_TIMEOUT, each_browser, poll};

/// The Chrome DevTools Protocol on the browser's endpoint, one call at a time.
struct Cdp {
    ws: tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>,
    next: u64,
}

impl Cdp {
    async fn connect(port: u16) -> Result<Cdp> {
        let version: Value = serde_json::from_str(&super::devtools_get(port, "/json/version")?)?;
        let url = version["webSocketDebuggerUrl"].as_str().ok_or("no browser endpoint")?.to_owned();
        let (ws, _) = tokio::time::timeout(Duration::from_secs(10), tokio_tungstenite::connect_async(url))
            .await
            .map_err(|_| "DevTools did not answer")??;
        Ok(Cdp { ws, next: 0 })
    }

    /// Sends a command (to a target's session when given) and returns its result.
    async fn call(&mut self, method: &str, params: Value, session: Option<&str>) -> Result<Value> {
        self.next += 1;
        let id = self.next;
        let mut message = json!({ "id": id, "method": method, "params": params });
        if let Some(s) = session {
            message["sessionId"] = json!(s);
        }
        self.ws.send(Message::Text(message.to_string().into())).await?;
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let frame = tokio::time::timeout(left, self.ws.next())
                .await
                .map_err(|_| format!("{method}: no answer"))?;
            let Some(frame) = frame else { return Err("DevTools closed".into()) };
            if let Message::Text(text) = frame? {
                let v: Value = serde_json::from_str(&text)?;
                if v["id"] == json!(id) {
                    if let Some(e) = v.get("error") {
                        return Err(format!("{method}: {e}").into());
                    }
                    return Ok(v["result"].clone());
                }
            }
        }
    }

    /// Every target, tabs included.
    async fn targets(&mut self) -> Result<Vec<Value>> {
        let r = self.call("Target.getTargets", json!({ "filter": [{}] }), None).await?;
        Ok(r["targetInfos"].as_array().cloned().unwrap_or_default())
    }

    async fn attach(&mut self, target: &str) -> Result<String> {
        let r =
            self.call("Target.attachToTarget", json!({ "targetId": target, "flatten": true }), None).await?;
        Ok(r["sessionId"].as_str().ok_or("no session")?.to_owned())
    }

    /// Evaluates `expression` (awaiting a promise) in a session.
    async fn eval(&mut self, session: &str, expression: &str) -> Result<Value> {
        let r = self
            .call(
                "Runtime.evaluate",
                json!({ "expression": expression, "awaitPromise": true, "returnByValue": true }),
                Some(session),
            )
            .await?;
        if let Some(e) = r.get("exceptionDetails") {
            return Err(format!("{expression}: {e}").into());
        }
        Ok(r["result"]["value"].clone())
    }

    /// A trusted left click at the centre of the element `css` (a person's click).
    async fn click(&mut self, session: &str, css: &str) -> Result<()> {
        let rect = self
            .eval(
                session,
                &format!(
                    "(() => {{ const r = document.querySelector({css:?}).getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; }})()"
                ),
            )
            .await?;
        let (x, y) = (rect[0].as_f64().unwrap_or(0.0), rect[1].as_f64().unwrap_or(0.0));
        for kind in ["mousePressed", "mouseReleased"] {
            self.call(
                "Input.dispatchMouseEvent",
                json!({ "type": kind, "x": x, "y": y, "button": "left", "clickCount": 1 }),
                Some(session),
            )
            .await?;
        }
        Ok(())
    }
}

/// What the popup shows: (site, state, Enable shown, Open the panel shown).
const POPUP_LOOK: &str = "JSON.stringify([document.getElementById('site').textContent, document.getElementById('state').textContent, !document.getElementById('enable').hidden, !document.getElementById('open-panel').hidden])";

/// The launcher never shows on the user's page: no agent runs there (the
/// production build has no host). Looked at for a while, as its control (the
/// same page after enabling) shows it within seconds.
async fn no_launcher_for_a_while(b: &Browser) -> Result<()> {
    let until = Instant::now() + Duration::from_secs(3);
    while Instant::now() < until {
        if b.frame("launcher").await?.is_some() {
            return Err("a launcher before Passwright was enabled on the portal".into());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    Ok(())
}

/// The one-click reset from the user's page; returns the password shown.
async fn one_click_reset(b: &Browser, portal: &Portal) -> Result<String> {
    let control = portal.sim.control();
    b.goto(&portal.user_page(USER)).await?;
    b.wait_frame("launcher", Duration::from_secs(10)).await?;
    b.click_in("launcher", "open").await?;
    b.wait_state(&["idle"], Duration::from_secs(10)).await?;
    b.panel_click("reset-web").await?;
    let (state, text) = b.wait_state(&["done", "failed"], FLOW_TIMEOUT).await?;
    if state != "done" {
        return Err(format!("the reset ended {state}: {text}").into());
    }
    let shown = b.panel_password().await?;
    if control.check_password(USER, &shown) != Some(true) {
        return Err("the user cannot log in with the password shown".into());
    }
    Ok(shown)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_production_build_enabled_through_the_popup_then_one_click_reset() {
    let _serial = SERIAL.lock().await;
    let profile = std::env::temp_dir().join(format!("passwright-e2e-first-run-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&profile);
    let portal = Portal::start("demo", None).expect("portal");
    let launch = || Launch { profile: Some(profile.clone()), ..Launch::new(Build::Production) };
    // First start: the popup asks, Chromium prompts, nothing is granted.
    let b = Browser::start_with(Engine::Chromium, launch()).await.expect("chromium");
    let out = chromium_popup(&b, &portal, Granted::No).await;
    if out.is_err() {
        let _ = b.screenshot("first-run-popup-failure").await;
    }
    b.stop().await;
    if let Err(e) = out {
        let _ = std::fs::remove_dir_all(&profile);
        panic!("the popup on the production build: {e}");
    }
    // The admin's yes to that prompt, recorded as Chromium records it, then
    // the same click again: granted at once, the agent injected, a reset.
    let out = async {
        grant_in_preferences(&profile, &Build::Production.chromium_id()?, &portal)?;
        let b = Browser::start_with(Engine::Chromium, launch()).await?;
        let out = chromium_popup(&b, &portal, Granted::Before).await;
        if out.is_err() {
            let _ = b.screenshot("first-run-failure").await;
        }
        let out = match out {
            Ok(()) => one_click_reset(&b, &portal).await.map(|_| ()),
            Err(e) => Err(e),
        };
        b.stop().await;
        out
    }
    .await;
    let _ = std::fs::remove_dir_all(&profile);
    out.expect("enabled, then a one-click reset");
}

/// Whether the portal's hosts were granted to the extension before.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Granted {
    /// Never: the click brings Chromium's prompt.
    No,
    /// Granted before (the admin's yes, or a site enabled, disabled, enabled
    /// again): Chromium grants without asking again.
    Before,
}

/// Writes, in a stopped browser's profile, what Chromium records when the
/// admin accepts the prompt for the portal's hosts (the extension's
/// `runtime_granted_permissions`), without making it active: the extension
/// still has no host until it asks.
fn grant_in_preferences(profile: &Path, id: &str, portal: &Portal) -> Result<()> {
    let path = profile.join("Default").join("Preferences");
    let mut prefs: Value = serde_json::from_str(&std::fs::read_to_string(&path)?)?;
    let host = url::Url::parse(&portal.sim.base_url())?;
    let pattern = format!("{}://{}/*", host.scheme(), host.host_str().unwrap_or_default());
    let granted =
        json!({ "api": [], "explicit_host": [pattern], "manifest_permissions": [], "scriptable_host": [] });
    let settings = prefs
        .pointer_mut(&format!("/extensions/settings/{id}"))
        .ok_or("no settings of the extension in the profile")?;
    settings["runtime_granted_permissions"] = granted;
    std::fs::write(&path, prefs.to_string())?;
    Ok(())
}

async fn chromium_popup(b: &Browser, portal: &Portal, before: Granted) -> Result<()> {
    let origin = portal.sim.base_url().trim_end_matches('/').to_owned();
    b.login(portal, portal.sim.admin_user_id(), portal.sim.admin_password()).await?;
    b.goto(&portal.user_page(USER)).await?;
    no_launcher_for_a_while(b).await?;
    let id = Build::Production.chromium_id()?;
    let mut cdp = Cdp::connect(b.devtools_port).await?;
    // The extension DevTools sees is the one whose id the harness derives from its path.
    let listed = cdp.call("Extensions.getExtensions", json!({}), None).await?;
    assert!(listed.to_string().contains(&id), "the production build is loaded as {id}: {listed}");
    let tab = cdp
        .targets()
        .await?
        .into_iter()
        .find(|t| t["type"] == "tab" && t["url"].as_str().is_some_and(|u| u.starts_with(&origin)))
        .ok_or("no tab target for the portal")?;
    let tab = tab["targetId"].as_str().unwrap_or_default().to_owned();
    // The admin clicks the toolbar button on the portal's tab.
    cdp.call("Extensions.triggerAction", json!({ "id": id, "targetId": tab }), None).await?;
    let popup_url = format!("chrome-extension://{id}/popup.html");
    let popup = poll("the toolbar popup", Duration::from_secs(10), async || {
        cdp.targets().await.ok()?.into_iter().find(|t| t["type"] == "page" && t["url"] == json!(popup_url))
    })
    .await?;
    let session = cdp.attach(popup["targetId"].as_str().unwrap_or_default()).await?;
    let look = poll("the popup's view", Duration::from_secs(10), async || {
        let v = cdp.eval(&session, POPUP_LOOK).await.ok()?;
        let v: Value = serde_json::from_str(v.as_str()?).ok()?;
        (v[0] != json!("…") && v[0] != json!("")).then_some(v)
    })
    .await?;
    // The popup knows the tab (activeTab from the click): it names the portal and offers Enable.
    assert_eq!(look[0], json!(origin), "the popup names the portal: {look}");
    assert_eq!(look[2], json!(true), "Enable on this portal is offered: {look}");
    assert_eq!(look[3], json!(false), "no Open the panel before it is enabled: {look}");
    let shot = cdp.call("Page.captureScreenshot", json!({ "format": "png" }), Some(&session)).await?;
    if let Some(data) = shot["data"].as_str() {
        std::fs::write(harness::artifacts().join("chromium-first-run-popup.png"), base64_decode(data)?)?;
    }
    // The background: what is granted, before and after the click.
    let worker = cdp
        .targets()
        .await?
        .into_iter()
        .find(|t| t["type"] == "service_worker" && t["url"].as_str().is_some_and(|u| u.contains(&id)))
        .ok_or("no service worker")?;
    let bg = cdp.attach(worker["targetId"].as_str().unwrap_or_default()).await?;
    let granted = "chrome.permissions.getAll().then((p) => JSON.stringify(p.origins))";
    assert_eq!(cdp.eval(&bg, granted).await?, json!("[]"), "no host at install");
    cdp.click(&session, "#enable").await?;
    match before {
        Granted::No => {
            // Chromium's prompt opens (and the popup, losing the focus, closes): nothing granted meanwhile.
            poll("the popup to give way to Chromium's prompt", Duration::from_secs(10), async || {
                let open = cdp.targets().await.ok()?.into_iter().any(|t| t["url"] == json!(popup_url));
                (!open).then_some(())
            })
            .await?;
            assert_eq!(cdp.eval(&bg, granted).await?, json!("[]"), "nothing granted without the admin's yes");
            no_launcher_for_a_while(b).await?;
        }
        Granted::Before => {
            // No prompt: the popup says it is enabled, the agent is in the portal's tab at once.
            let after = poll("the popup to say it is enabled", Duration::from_secs(10), async || {
                let v = cdp.eval(&session, POPUP_LOOK).await.ok()?;
                let v: Value = serde_json::from_str(v.as_str()?).ok()?;
                (v[3] == json!(true)).then_some(v)
            })
            .await?;
            assert_eq!(after[2], json!(false), "Enable is gone once granted: {after}");
            let shot = cdp.call("Page.captureScreenshot", json!({ "format": "png" }), Some(&session)).await?;
            if let Some(data) = shot["data"].as_str() {
                std::fs::write(
                    harness::artifacts().join("chromium-first-run-popup-enabled.png"),
                    base64_decode(data)?,
                )?;
            }
            let origins = cdp.eval(&bg, granted).await?;
            assert!(
                origins.as_str().is_some_and(|o| o.contains("127.0.0.1")),
                "the portal's hosts: {origins}"
            );
            b.wait_frame("launcher", Duration::from_secs(10)).await?;
        }
    }
    Ok(())
}

/// Standard base64 (the screenshot DevTools returns).
fn base64_decode(text: &str) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' | b'\n' | b'\r' => continue,
            _ => return Err("not base64".into()),
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Ok(out)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn firefox_production_build_enabled_through_the_popup_then_one_click_reset() {
    let _serial = SERIAL.lock().await;
    let b = Browser::start_production(Engine::Firefox).await.expect("firefox");
    let out = firefox_first_run(&b).await;
    if out.is_err() {
        let _ = b.screenshot("first-run-failure").await;
    }
    b.stop().await;
    out.expect("the first run in Firefox");
}

async fn firefox_first_run(b: &Browser) -> Result<()> {
    let portal = Portal::start("demo", None)?;
    let origin = portal.sim.base_url().trim_end_matches('/').to_owned();
    b.login(&portal, portal.sim.admin_user_id(), portal.sim.admin_password()).await?;
    b.goto(&portal.user_page(USER)).await?;
    no_launcher_for_a_while(b).await?;
    // The toolbar click's grant: activeTab on the portal's tab (Firefox's
    // action button calls the same), and that tab's id for the popup's page.
    let script = "const [id] = arguments;
        const ext = WebExtensionPolicy.getByID(id).extension;
        const tab = Services.wm.getMostRecentWindow('navigator:browser').gBrowser.selectedTab;
        ext.tabManager.addActiveTabPermission(tab);
        return ext.tabManager.getWrapper(tab).id;";
    let tab = b.firefox_chrome_js(script, vec![json!(GECKO_ID)]).await?;
    let tab = tab.as_i64().ok_or_else(|| format!("no tab id: {tab}"))?;
    let main = b.open_extension_page(&format!("popup.html?tab={tab}")).await?;
    let look = poll("the popup's view", Duration::from_secs(10), async || {
        let v = b.js(&format!("return {POPUP_LOOK};"), vec![]).await.ok()?;
        let v: Value = serde_json::from_str(v.as_str()?).ok()?;
        (v[0] != json!("…") && v[0] != json!("")).then_some(v)
    })
    .await?;
    assert_eq!(look[0], json!(origin), "the popup names the portal: {look}");
    assert_eq!(look[2], json!(true), "Enable on this portal is offered: {look}");
    assert_eq!(look[3], json!(false), "no Open the panel before it is enabled: {look}");
    b.screenshot("first-run-popup").await?;
    b.client.find(Locator::Css("#enable")).await?.click().await?;
    let after = poll("the popup to say it is enabled", Duration::from_secs(10), async || {
        let v = b.js(&format!("return {POPUP_LOOK};"), vec![]).await.ok()?;
        let v: Value = serde_json::from_str(v.as_str()?).ok()?;
        (v[3] == json!(true)).then_some(v)
    })
    .await?;
    assert_eq!(after[2], json!(false), "Enable is gone once granted: {after}");
    b.screenshot("first-run-popup-enabled").await?;
    b.client.close_window().await?;
    b.client.switch_to_window(main).await?;
    // The agent, injected into the portal's tab at once: the launcher, no reload.
    b.wait_frame("launcher", Duration::from_secs(10)).await?;
    // And registered for the portal's later pages: the one-click reset goes through them.
    let shown = one_click_reset(b, &portal).await?;
    assert!(shown.len() >= 12, "a generated password: {} characters", shown.len());
    b.screenshot("first-run-done").await?;
    Ok(())
}

/// Parses CSV text (RFC 4180 quotes) into rows of cells.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let (mut row, mut cell, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\n') => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, '\r') => {}
            (false, c) => cell.push(c),
        }
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push(row);
    }
    rows
}

/// Waits for an element of the options page.
async fn find(b: &Browser, css: &str) -> Result<fantoccini::elements::Element> {
    Ok(b.client.wait().at_most(Duration::from_secs(10)).for_element(Locator::Css(css)).await?)
}

/// Presses Save, and "Confirm and save" when the engine shows a weakening's
/// before/after; waits for the page's message to say it is saved.
async fn save(b: &Browser) -> Result<String> {
    let before = find(b, "#message").await?.text().await?;
    b.js("document.getElementById('message').textContent = ''; return 1;", vec![]).await?;
    find(b, "#save").await?.click().await?;
    let text = poll("the options page's answer to Save", Duration::from_secs(10), async || {
        let confirm = b.client.find(Locator::Css("#confirm-save")).await.ok()?;
        if confirm.is_displayed().await.ok()? {
            confirm.click().await.ok()?;
            return None;
        }
        let text = b.client.find(Locator::Css("#message")).await.ok()?.text().await.ok()?;
        (!text.is_empty()).then_some(text)
    })
    .await?;
    let kind = find(b, "#message").await?.attr("data-kind").await?;
    if kind.as_deref() == Some("error") {
        return Err(format!("Save refused: {text} (before: {before})").into());
    }
    Ok(text)
}

/// The options page reloaded, ready.
async fn reload_options(b: &Browser) -> Result<()> {
    // Navigated to again (chromedriver's refresh does not always reload an extension page).
    b.goto(&format!("{}options.html", b.extension_base()?)).await?;
    find(b, "body[data-ready]").await?;
    Ok(())
}

/// The rules the options page lists for the portal row of `origin`.
async fn row_rules(b: &Browser, origin: &str) -> Result<Option<String>> {
    let rows =
        b.client.find_all(Locator::Css(&format!(".portal[data-origin=\"{origin}\"] ul.rules"))).await?;
    match rows.into_iter().next() {
        Some(ul) => Ok(Some(ul.text().await?)),
        None => Ok(None),
    }
}

/// Chooses an option of a select inside the editable row, as a person does.
async fn choose(b: &Browser, row: &str, select: &str, value: &str) -> Result<()> {
    let css = format!("{row} {select} option[value=\"{value}\"]");
    find(b, &css).await?.click().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_options_page_adds_edits_and_removes_a_portal_and_exports_the_audit_csv() {
    each_browser("options-real", async |b| {
        let portal = Portal::start("demo", None)?;
        let origin = portal.sim.base_url().trim_end_matches('/').to_owned();
        b.login(&portal, portal.sim.admin_user_id(), portal.sim.admin_password()).await?;
        b.goto(&portal.user_page(USER)).await?;
        b.wait_frame("launcher", Duration::from_secs(10)).await?;
        let main = b.open_extension_page("options.html").await?;
        find(b, "body[data-ready]").await?;
        // Control: the portal is not listed before it is added.
        assert_eq!(row_rules(b, &origin).await?, None, "not listed yet");
        // The control of the managed test: nothing deployed, the rebuild is offered (the default) and the admin's.
        let rebuild = find(b, "#offer-rebuild").await?;
        assert!(
            rebuild.is_selected().await? && rebuild.is_enabled().await?,
            "offer the rebuild: on, editable"
        );

        // Add a portal with a preset.
        find(b, "#add-portal").await?.click().await?;
        // The new row: editable, no origin yet.
        let new_row = ".portal[data-editable][data-origin=\"\"]".to_owned();
        find(b, &format!("{new_row} .origin-input")).await?.send_keys(&origin).await?;
        choose(b, &new_row, ".mode", "preset").await?;
        choose(b, &new_row, ".preset", "bell").await?;
        // Bell's web passwords may be shorter than the default's: Save shows
        // the before/after and the row stays as typed until confirmed.
        save(b).await?;
        reload_options(b).await?;
        let rules = row_rules(b, &origin).await?.ok_or("the portal is listed after Save and a reload")?;
        assert!(rules.contains("6"), "Bell's rules are listed: {rules}");
        b.screenshot("options-added").await?;

        // Edit its rules: passwordrules text of 22 characters at least.
        let row = format!(".portal[data-origin=\"{origin}\"]");
        choose(b, &row, ".mode", "rules").await?;
        let text = find(b, &format!("{row} .rules-text")).await?;
        text.clear().await?;
        text.send_keys("minlength: 22; required: digit; allowed: upper, lower").await?;
        save(b).await?;
        let rules = poll("the edited rules listed", Duration::from_secs(10), async || {
            let r = row_rules(b, &origin).await.ok()??;
            r.contains("22").then_some(r)
        })
        .await?;
        b.screenshot("options-edited").await?;

        // The next reset obeys them: the admin notices a 22-character password.
        b.client.switch_to_window(main.clone()).await?;
        let shown = one_click_reset(b, &portal).await?;
        assert!(shown.chars().count() >= 22, "{rules}: {} characters", shown.chars().count());
        b.panel_click("dismiss").await?;

        // The audit CSV: a header, the reset's row, done, and no password.
        let options = b.client.windows().await?.into_iter().find(|w| *w != main).ok_or("options tab gone")?;
        b.client.switch_to_window(options).await?;
        reload_options(b).await?;
        find(b, "#export").await?.click().await?;
        let file = b.wait_download(".csv", Duration::from_secs(15)).await?;
        let csv = std::fs::read_to_string(&file)?;
        assert!(!csv.contains(&shown), "the password is not in the CSV");
        let rows = parse_csv(&csv);
        let header = rows.first().ok_or("an empty CSV")?;
        let col = |name: &str| header.iter().position(|h| h == name);
        let (user, outcome, at) = (
            col("user_id").ok_or("no user_id column")?,
            col("outcome").ok_or("no outcome column")?,
            col("origin").ok_or("no origin column")?,
        );
        let mine: Vec<_> =
            rows[1..].iter().filter(|r| r.get(user).map(String::as_str) == Some(USER)).collect();
        assert_eq!(mine.len(), 1, "one row for the reset user: {csv}");
        assert_eq!(mine[0].get(at).map(String::as_str), Some(origin.as_str()), "{csv}");
        assert!(mine[0][outcome].to_lowercase().contains("done"), "outcome done: {csv}");
        for r in &rows {
            assert_eq!(r.len(), header.len(), "every row has the header's columns: {csv}");
        }

        // Remove the portal.
        find(b, &format!("{row} .remove")).await?.click().await?;
        save(b).await?;
        reload_options(b).await?;
        assert_eq!(row_rules(b, &origin).await?, None, "the portal is gone after Save and a reload");
        b.screenshot("options-removed").await?;
        b.client.close_window().await?;
        b.client.switch_to_window(main).await?;
        Ok(())
    })
    .await;
}

/// What the IT department deploys in the managed test: a floor of 28
/// characters (the default length is 16), no rebuild offered, the portal on Bell.
fn managed_settings(origin: &str) -> Value {
    json!({
        "floor": { "web_min_length": 28, "web_min_bits": 120, "passcode_min_length": 8 },
        "offer_rebuild": false,
        "portals": [{ "origin": origin, "preset": "broadsmart" }],
    })
}

/// Where the managed settings are deployed for one browser; removed on drop,
/// whatever the test's outcome.
struct Deployed {
    paths: Vec<PathBuf>,
}

impl Drop for Deployed {
    fn drop(&mut self) {
        for p in &self.paths {
            if p.is_dir() {
                let _ = std::fs::remove_dir_all(p);
            } else {
                let _ = std::fs::remove_file(p);
            }
        }
    }
}

/// Chromium: a policy file for our extension id alone (other extensions and
/// other agents' browsers on this machine see nothing of it).
fn deploy_chromium(settings: &Value) -> Result<Deployed> {
    let id = Build::Dev.chromium_id()?;
    let dir = Path::new("/etc/chromium/policies/managed");
    std::fs::create_dir_all(dir)?;
    let file = dir.join(format!("passwright-e2e-{id}.json"));
    std::fs::write(&file, json!({ "3rdparty": { "extensions": { id: settings } } }).to_string())?;
    Ok(Deployed { paths: vec![file] })
}

/// Firefox: the managed-storage native manifest, under a HOME of the test's own.
fn deploy_firefox(settings: &Value) -> Result<(Deployed, PathBuf)> {
    let home = std::env::temp_dir().join(format!("passwright-e2e-home-{}", std::process::id()));
    let manifest =
        json!({ "name": GECKO_ID, "description": "Passwright e2e", "type": "storage", "data": settings });
    for dir in [".mozilla/managed-storage", ".config/mozilla/managed-storage"] {
        let dir = home.join(dir);
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join(format!("{GECKO_ID}.json")), manifest.to_string())?;
    }
    Ok((Deployed { paths: vec![home.clone()] }, home))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn managed_settings_show_locked_in_the_options_page_and_the_floor_holds() {
    let _serial = SERIAL.lock().await;
    let mut failures = Vec::new();
    for engine in [Engine::Chromium, Engine::Firefox] {
        let portal = match Portal::start("demo", None) {
            Ok(p) => p,
            Err(e) => panic!("portal: {e}"),
        };
        let origin = portal.sim.base_url().trim_end_matches('/').to_owned();
        let settings = managed_settings(&origin);
        let (deployed, launch) = match engine {
            Engine::Chromium => (deploy_chromium(&settings), Launch::new(Build::Dev)),
            Engine::Firefox => match deploy_firefox(&settings) {
                Ok((d, home)) => (Ok(d), Launch { home: Some(home), ..Launch::new(Build::Dev) }),
                Err(e) => (Err(e), Launch::new(Build::Dev)),
            },
        };
        let deployed = match deployed {
            Ok(d) => d,
            Err(e) => {
                failures.push(format!("{}: cannot deploy: {e}", engine.name()));
                continue;
            }
        };
        let b = match Browser::start_with(engine, launch).await {
            Ok(b) => b,
            Err(e) => {
                failures.push(format!("{}: cannot start: {e}", engine.name()));
                continue;
            }
        };
        if let Err(e) = managed(&b, &portal, &origin).await {
            let shot = b.screenshot("managed-failure").await.map(|p| p.display().to_string());
            failures.push(format!("{}: {e} (screenshot: {shot:?})", engine.name()));
        }
        b.stop().await;
        drop(deployed);
    }
    assert!(failures.is_empty(), "managed:\n{}", failures.join("\n"));
}

async fn managed(b: &Browser, portal: &Portal, origin: &str) -> Result<()> {
    b.login(portal, portal.sim.admin_user_id(), portal.sim.admin_password()).await?;
    b.goto(&portal.user_page(USER)).await?;
    b.wait_frame("launcher", Duration::from_secs(10)).await?;
    let main = b.open_extension_page("options.html").await?;
    find(b, "body[data-ready]").await?;
    // The IT department's portal: marked managed, its controls locked.
    // Chromium delivers an extension's policy some seconds after it starts
    // (its storage.managed answers empty or not at all meanwhile, for 10 s
    // and more here): reloaded until the background has it.
    let row = format!(".portal.managed-portal[data-origin=\"{origin}\"]");
    if b.engine == Engine::Chromium {
        // Under chromedriver the service worker's storage.managed read waits
        // until something reads it in the worker itself (measured: the same
        // read through DevTools answers at once and the next load has the
        // policy; without chromedriver the reads answer about 2 s after the
        // start): read it there once, as DevTools would.
        let mut cdp = Cdp::connect(b.devtools_port).await?;
        if let Some(t) = cdp.targets().await?.into_iter().find(|t| t["type"] == "service_worker") {
            let s = cdp.attach(t["targetId"].as_str().unwrap_or_default()).await?;
            let _ = cdp.eval(&s, "Promise.race([chrome.storage.managed.get(null).then(() => 'read'), new Promise((r) => setTimeout(() => r('no answer in 3 s'), 3000))])").await?;
        }
    }
    // (Up to 150 s: on a loaded machine Chromium took about a minute.)
    let shown = poll("the managed portal's row", Duration::from_secs(150), async || {
        match b.client.find(Locator::Css(&row)).await {
            Ok(_) => Some(()),
            Err(_) => {
                // Under chromedriver, Chromium answers no storage.managed read
                // (the background's included) until a script reads it in one
                // of the extension's pages; without chromedriver the reads
                // answer about 2 s after the start. So the page reads it too.
                let read = "const done = arguments[0]; const t = setTimeout(() => done(null), 1000);
                    (globalThis.browser ?? globalThis.chrome).storage.managed.get(null).then(() => { clearTimeout(t); done(null); }, () => done(null));";
                let _ = b.client.execute_async(read, vec![]).await;
                let _ = reload_options(b).await;
                None
            }
        }
    })
    .await;
    if let Err(e) = shown {
        // What the browser deploys, read by the page itself: the policy's delivery or the extension's reading of it.
        let script = "const done = arguments[0]; (globalThis.browser ?? globalThis.chrome).storage.managed.get(null).then((m) => done(JSON.stringify(m)), (e) => done(String(e)));";
        let managed = b.client.execute_async(script, vec![]).await?;
        let page = b.client.execute_async("const done = arguments[0]; (globalThis.browser ?? globalThis.chrome).runtime.sendMessage('load').then((r) => done(JSON.stringify([r.view.floor, r.view.portals.length, r.view.managed_prefs, r.view.problems])), (e) => done(String(e)));", vec![]).await?;
        let mut worker = String::new();
        if b.engine == Engine::Chromium {
            let mut cdp = Cdp::connect(b.devtools_port).await?;
            if let Some(t) = cdp.targets().await?.into_iter().find(|t| t["type"] == "service_worker") {
                let s = cdp.attach(t["targetId"].as_str().unwrap_or_default()).await?;
                worker = cdp.eval(&s, "Promise.race([chrome.storage.managed.get(null).then((m) => JSON.stringify(m)), new Promise((r) => setTimeout(() => r('no answer in 3 s'), 3000))])").await?.to_string();
            }
        }
        reload_options(b).await?;
        let again = b.js("return location.href + ' | ' + [...document.querySelectorAll('.portal')].map((r) => r.className + ' ' + r.getAttribute('data-origin')).join(', ');", vec![]).await?;
        return Err(format!("{e}; storage.managed holds {managed}; the worker reads {worker}; the page shows {page}; reloaded: {again}").into());
    }
    let note = find(b, &format!("{row} .note.managed")).await?;
    assert!(note.is_displayed().await?, "the managed note is shown");
    for control in [".origin-input", ".mode", ".remove"] {
        let e = find(b, &format!("{row} {control}")).await?;
        assert!(!e.is_enabled().await?, "{control} of the managed portal is locked");
    }
    // The managed preference is locked; a preference the IT department left alone is not (the control).
    let rebuild = find(b, "#offer-rebuild").await?;
    assert!(!rebuild.is_enabled().await?, "offer the rebuild: locked");
    assert!(!rebuild.is_selected().await?, "and showing the IT department's value (off; the default is on)");
    assert!(find(b, "#clipboard").await?.is_enabled().await?, "the clipboard delay: the admin's");
    let floor = find(b, "#floor").await?.text().await?;
    assert!(floor.contains("28") && floor.contains("120"), "the managed floor is shown: {floor}");
    b.screenshot("options-managed").await?;
    b.client.close_window().await?;
    b.client.switch_to_window(main).await?;
    // The floor holds: 28 characters at least, where the default length is 16.
    let shown = one_click_reset(b, portal).await?;
    assert!(shown.chars().count() >= 28, "the floor's 28 characters: {}", shown.chars().count());
    Ok(())
}
