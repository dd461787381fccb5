//! Teach mode (issue 12): a portal whose words no heuristic knows (the
//! simulator's `opaque` variant) gets no launcher and no one-click reset;
//! the admin teaches it through the toolbar popup and the panel, clicking the
//! page's own fields and button; then the one-click reset goes through. The
//! map is exported from the options page, imported in a fresh profile, and
//! the one-click reset goes through there too without teaching.
//!
//! How the popup is reached: its page opened in a window of its own as
//! `popup.html?tab=<id>` (what `popup.js` does for a popup opened outside the
//! toolbar), so that it acts on the portal's tab, in both browsers. Every
//! click in the popup, the panel and the page is a WebDriver pointer click
//! (a trusted event).

use std::time::{Duration, Instant};

use fantoccini::Locator;
use fantoccini::wd::WindowHandle;
use passwright_portal::Variant;
use serde_json::Value;

use super::harness::{Browser, Engine, Portal, Result, USER};
use super::{FLOW_TIMEOUT, each_browser, poll};

/// The launcher never shows on the user's page, looked at for a while (its
/// control: the same page after teaching shows it within seconds).
async fn no_launcher_for_a_while(b: &Browser, what: &str) -> Result<()> {
    let until = Instant::now() + Duration::from_secs(4);
    while Instant::now() < until {
        if b.frame("launcher").await?.is_some() {
            return Err(format!("{what}: a launcher on a page the heuristics cannot read").into());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    Ok(())
}

/// On the Passwords page before teaching: a panel may say the form is not
/// one it can be sure of, but it offers no one-click reset. Returns the
/// extension's base address, read from the panel's frame.
async fn no_one_click_on_the_passwords_form(b: &Browser) -> Result<String> {
    b.wait_frame("panel", Duration::from_secs(15)).await?;
    // Judged on what the panel draws: from its first view on, for 3 s.
    b.wait_state(&["idle", "running", "done", "failed"], Duration::from_secs(15)).await?;
    let until = Instant::now() + Duration::from_secs(3);
    let mut base = String::new();
    while Instant::now() < until {
        let (offered, url, status) = b
            .in_frame("panel", async |c| {
                let script = "const b = document.querySelector('[data-action=reset-web]');
                    const s = document.querySelector('[data-field=status]');
                    return [!!b && !b.hidden && b.offsetParent !== null && !b.disabled,
                            (globalThis.browser ?? globalThis.chrome).runtime.getURL(''),
                            s ? `${s.dataset.state}: ${s.innerText}` : ''];";
                let v = c.execute(script, vec![]).await?;
                Ok((
                    v[0].as_bool().unwrap_or(true),
                    v[1].as_str().unwrap_or_default().to_owned(),
                    v[2].as_str().unwrap_or_default().to_owned(),
                ))
            })
            .await?;
        if offered {
            let url = b.client.current_url().await.map(|u| u.to_string()).unwrap_or_default();
            return Err(format!(
                "a one-click reset offered on a form the heuristics cannot read (panel: {status}; page {url})"
            )
            .into());
        }
        base = url;
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    if base.is_empty() {
        return Err("no extension address from the panel".into());
    }
    Ok(base)
}

/// Clicks the portal page's link whose text is `text`, as the admin does.
async fn follow(b: &Browser, text: &str) -> Result<()> {
    b.to_portal().await?;
    b.client.find(Locator::LinkText(text)).await?.click().await?;
    Ok(())
}

/// The portal's tab id, asked of the browser from an extension page.
async fn portal_tab_id(b: &Browser, origin: &str) -> Result<i64> {
    let script = "const [origin, done] = arguments; const api = globalThis.browser ?? globalThis.chrome;
        api.tabs.query({}).then((tabs) => done(tabs.filter((t) => (t.url ?? '').startsWith(origin)).map((t) => t.id)),
            (e) => done(String(e)));";
    let v = b.client.execute_async(script, vec![Value::from(origin)]).await?;
    let ids = v.as_array().ok_or_else(|| format!("tabs: {v}"))?;
    match ids.as_slice() {
        [id] => Ok(id.as_i64().ok_or("a tab id")?),
        _ => Err(format!("one portal tab expected: {v}").into()),
    }
}

/// Opens the toolbar popup's page for the portal's tab (`popup.html?tab=<id>`)
/// in a window or tab of its own and switches to it (a toolbar click opens
/// the popup afresh each time; it closes itself once a command is taken).
/// Chromium: WebDriver opens the extension's address in a window. Firefox
/// refuses a WebDriver navigation to a `moz-extension:` address, and the
/// panel's frame has no `tabs` API: the options page (`helper`, opened with
/// the panel's settings button) opens it with `tabs.create`.
async fn open_popup(b: &Browser, base: &str, origin: &str, helper: Option<&WindowHandle>) -> Result<()> {
    match helper {
        None => {
            let win = b.client.new_window(false).await?;
            b.client.switch_to_window(win.handle.clone()).await?;
            b.goto(&format!("{base}popup.html")).await?;
            let tab = portal_tab_id(b, origin).await?;
            b.goto(&format!("{base}popup.html?tab={tab}")).await?;
        }
        Some(helper) => {
            b.client.switch_to_window(helper.clone()).await?;
            let tab = portal_tab_id(b, origin).await?;
            let before = b.client.windows().await?;
            let script = "const [url, done] = arguments; const api = globalThis.browser ?? globalThis.chrome;
                api.tabs.create({ url: api.runtime.getURL(url), active: false }).then(() => done(true), (e) => done(String(e)));";
            let v =
                b.client.execute_async(script, vec![Value::from(format!("popup.html?tab={tab}"))]).await?;
            if v != Value::Bool(true) {
                return Err(format!("the popup's tab: {v}").into());
            }
            let popup = poll("the popup's tab", Duration::from_secs(10), async || {
                b.client.windows().await.ok()?.into_iter().find(|w| !before.contains(w))
            })
            .await?;
            b.client.switch_to_window(popup).await?;
        }
    }
    Ok(())
}

/// The toolbar popup for the portal's tab: presses `button` there and comes
/// back to the portal.
async fn popup_press(
    b: &Browser,
    base: &str,
    origin: &str,
    helper: Option<&WindowHandle>,
    button: &str,
) -> Result<()> {
    let main = b.client.window().await?;
    let out = async {
        open_popup(b, base, origin, helper).await?;
        // The popup names the portal and offers teaching (Passwright is on there).
        let site = poll("the popup's view", Duration::from_secs(10), async || {
            let t = b.client.find(Locator::Css("#site")).await.ok()?.text().await.ok()?;
            (t != "…" && !t.is_empty()).then_some(t)
        })
        .await?;
        if site != origin {
            return Err(format!("the popup names {site:?}, not the portal {origin}").into());
        }
        let el = b.client.wait().at_most(Duration::from_secs(10)).for_element(Locator::Css(button)).await?;
        poll(button, Duration::from_secs(10), async || el.is_displayed().await.ok()?.then_some(())).await?;
        let _ = b.screenshot(&format!("teach-popup-{}", button.trim_start_matches('#'))).await;
        el.click().await?;
        Ok(())
    }
    .await;
    // The popup closes itself once the command is taken; else it is closed here.
    if b.client.window().await.is_ok_and(|w| w != main) {
        let _ = b.client.close_window().await;
    }
    back(b, &main).await?;
    out
}

async fn back(b: &Browser, main: &WindowHandle) -> Result<()> {
    b.client.switch_to_window(main.clone()).await?;
    b.to_portal().await
}

/// The panel's teach view: (instruction, Save enabled).
async fn teach_view(b: &Browser) -> Result<(String, bool)> {
    b.in_frame("panel", async |c| {
        let script = "const s = document.getElementById('teach'); const i = document.getElementById('teach-instruction');
            const save = document.getElementById('teach-save');
            return s && !s.hidden ? [i.textContent, !!save && !save.hidden && !save.disabled] : null;";
        let v = c.execute(script, vec![]).await?;
        match v.as_array() {
            Some(a) => Ok((a[0].as_str().unwrap_or_default().to_owned(), a[1].as_bool().unwrap_or(false))),
            None => Err("no teach view in the panel".into()),
        }
    })
    .await
}

/// Waits for the panel's teach view to say something that `ok` accepts.
async fn wait_teach(b: &Browser, what: &str, ok: impl Fn(&str, bool) -> bool) -> Result<(String, bool)> {
    let mut last = None;
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if let Ok(v) = teach_view(b).await {
            if ok(&v.0, v.1) {
                return Ok(v);
            }
            last = Some(v);
        }
        if Instant::now() > deadline {
            return Err(format!("the teach view never showed {what}; last {last:?}").into());
        }
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

/// The page's element for what the panel asks (the skin's own field names:
/// the opaque variant keeps the form's semantics, only its words change).
fn element_for(portal: &Portal, instruction: &str) -> Option<(&'static str, String)> {
    let d = portal.sim.def();
    let n = d.names;
    let css = |s: String| s;
    let i = instruction.to_lowercase();
    if i.contains("new-password") {
        Some(("new", css(format!("input[name='{}']", n.new))))
    } else if i.contains("re-type") {
        Some(("retype", css(format!("input[name='{}']", n.confirm))))
    } else if i.contains("web access") {
        Some(("web", css(format!("input[type=radio][name='{}'][value='{}']", n.kind, n.kind_web))))
    } else if i.contains("passcode") {
        Some(("passcode", css(format!("input[type=radio][name='{}'][value='{}']", n.kind, n.kind_passcode))))
    } else if i.contains("button that saves") {
        {
            let ok = match d.buttons {
                passwright_portal::skin::Buttons::OkApplyCancel { ok, .. } => ok,
                passwright_portal::skin::Buttons::SaveCancel { save, .. } => save,
            };
            Some(("submit", css(format!("[type=submit][name='{}'][value='{}']", ok.name, ok.value))))
        }
    } else {
        None
    }
}

/// Teaches the portal from its user page: the user page, then the
/// Passwords page and each of its elements, then Save.
async fn teach(b: &Browser, portal: &Portal, base: &str, origin: &str) -> Result<()> {
    let main = b.client.window().await?;
    let helper = match b.engine {
        Engine::Chromium => None,
        Engine::Firefox => {
            open_options(b, base).await?;
            let helper = b.client.window().await?;
            back(b, &main).await?;
            Some(helper)
        }
    };
    let out = teach_with(b, portal, base, origin, helper.as_ref()).await;
    if let Some(h) = helper {
        b.client.switch_to_window(h).await?;
        let _ = b.client.close_window().await;
        back(b, &main).await?;
    }
    out
}

async fn teach_with(
    b: &Browser,
    portal: &Portal,
    base: &str,
    origin: &str,
    helper: Option<&WindowHandle>,
) -> Result<()> {
    b.goto(&portal.user_page(USER)).await?;
    popup_press(b, base, origin, helper, "#teach-user").await?;
    // The panel opens in teach mode on the user's page.
    wait_teach(b, "the user page taught", |_, _| true).await?;
    b.screenshot("teach-user-page").await?;
    // The admin goes to the Passwords page the portal's own way.
    follow(b, "Keys").await?;
    b.wait_for_url(|u| u.contains(&portal.passwords_path(USER)), "the Passwords page").await?;
    b.wait_frame("panel", Duration::from_secs(15)).await?;
    popup_press(b, base, origin, helper, "#teach-passwords").await?;
    let mut picked = Vec::new();
    for _ in 0..8 {
        let (instruction, can_save) = wait_teach(b, "a request to click an element, or Save", |i, s| {
            element_for(portal, i).is_some_and(|(w, _)| !picked.contains(&w)) || s
        })
        .await?;
        let Some((what, at)) = element_for(portal, &instruction).filter(|(w, _)| !picked.contains(w)) else {
            assert!(can_save, "Save offered once everything was picked: {instruction}");
            break;
        };
        if picked.is_empty() {
            b.screenshot("teach-asks-new").await?;
        }
        b.to_portal().await?;
        b.client.find(Locator::Css(&at)).await?.click().await?;
        picked.push(what);
    }
    assert_eq!(picked, ["new", "retype", "web", "passcode", "submit"], "asked in order, each once");
    let control = portal.sim.control();
    let report = control.user(USER).ok_or("the user")?;
    assert_eq!(report.forms.passwords_web, 0, "picking the OK button submits nothing");
    b.screenshot("teach-ready").await?;
    b.panel_click("teach-save").await?;
    // Saved: teach mode is over, the panel leaves its steps.
    poll("teach mode to end", Duration::from_secs(10), async || teach_view(b).await.is_err().then_some(()))
        .await?;
    Ok(())
}

/// The one-click reset from the user's page: the portal confirms, the user
/// logs in with the password shown, exactly one more submission of the
/// Passwords form and no other.
async fn one_click(b: &Browser, portal: &Portal, what: &str) -> Result<()> {
    let control = portal.sim.control();
    let before = control.user(USER).ok_or("the user")?.forms;
    b.goto(&portal.user_page(USER)).await?;
    b.wait_frame("launcher", Duration::from_secs(15)).await.map_err(|e| format!("{what}: {e}"))?;
    b.click_in("launcher", "open").await?;
    b.wait_state(&["idle"], Duration::from_secs(10)).await?;
    b.panel_click("reset-web").await?;
    let (state, text) = b.wait_state(&["done", "failed"], FLOW_TIMEOUT).await?;
    if state != "done" {
        return Err(format!("{what}: the reset ended {state}: {text}").into());
    }
    let shown = b.panel_password().await?;
    assert_eq!(control.check_password(USER, &shown), Some(true), "{what}: the user logs in with it");
    let after = control.user(USER).ok_or("the user")?.forms;
    assert_eq!(after.passwords_web, before.passwords_web + 1, "{what}: one submission of the Passwords form");
    assert_eq!(after.passwords_passcode, before.passwords_passcode, "{what}: the passcode untouched");
    assert_eq!(control.stats().duplicate_submissions, 0, "{what}");
    Ok(())
}

/// Opens the options page in a tab of its own; returns the portal's window.
/// Chromium: WebDriver opens its address. Firefox (no WebDriver navigation
/// to the extension's pages): the panel's settings button, the admin's way.
async fn open_options(b: &Browser, base: &str) -> Result<WindowHandle> {
    let main = b.client.window().await?;
    match b.engine {
        Engine::Chromium => {
            let tab = b.client.new_window(true).await?;
            b.client.switch_to_window(tab.handle).await?;
            b.goto(&format!("{base}options.html")).await?;
        }
        Engine::Firefox => {
            let before = b.client.windows().await?;
            b.panel_click("settings").await?;
            let tab = poll("the options page's tab", Duration::from_secs(10), async || {
                b.client.windows().await.ok()?.into_iter().find(|w| !before.contains(w))
            })
            .await?;
            b.client.switch_to_window(tab).await?;
        }
    }
    b.client.wait().at_most(Duration::from_secs(10)).for_element(Locator::Css("body[data-ready]")).await?;
    Ok(main)
}

/// Export maps in the options page: the file it hands to the browser's
/// download (the Blob behind the link it clicks), as text.
async fn export_maps(b: &Browser, base: &str) -> Result<String> {
    let main = open_options(b, base).await?;
    let out = async {
        // The file's content as the page builds it (the download itself is the browser's).
        b.js(
            "window.__files = []; const make = URL.createObjectURL;
             URL.createObjectURL = function (blob) { window.__files.push(blob); return make.call(URL, blob); };
             return 1;",
            vec![],
        )
        .await?;
        b.client.find(Locator::Css("#export-maps")).await?.click().await?;
        let text = poll("the exported file", Duration::from_secs(10), async || {
            let script = "const done = arguments[0]; const f = window.__files[0];
                f ? f.text().then(done, () => done(null)) : done(null);";
            b.client.execute_async(script, vec![]).await.ok()?.as_str().map(str::to_owned)
        })
        .await?;
        let _ = b.screenshot("teach-options-maps").await;
        Ok(text)
    }
    .await;
    let _ = b.client.close_window().await;
    back(b, &main).await?;
    out
}

/// Import maps in the options page, from the file at `path`.
async fn import_maps(b: &Browser, base: &str, path: &std::path::Path, origin: &str) -> Result<()> {
    let main = open_options(b, base).await?;
    let out = async {
        let input = b.client.find(Locator::Css("#import-maps")).await?;
        input.send_keys(&path.display().to_string()).await?;
        // The options page lists the portal's map once imported.
        poll("the imported map listed", Duration::from_secs(10), async || {
            let text = b.client.find(Locator::Css("#maps")).await.ok()?.text().await.ok()?;
            text.contains(origin).then_some(())
        })
        .await?;
        let _ = b.screenshot("teach-options-imported").await;
        Ok(())
    }
    .await;
    let _ = b.client.close_window().await;
    back(b, &main).await?;
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_opaque_portal_taught_through_the_popup_gets_the_one_click_reset_also_after_export_and_import() {
    each_browser("teach", async |b| {
        let portal = Portal::start_variants("demo", None, &[Variant::Opaque])?;
        let origin = portal.sim.base_url().trim_end_matches('/').to_owned();
        let admin = (portal.sim.admin_user_id(), portal.sim.admin_password());
        b.login(&portal, admin.0, admin.1).await?;
        // Controls: the heuristics cannot read this portal.
        b.goto(&portal.user_page(USER)).await?;
        no_launcher_for_a_while(b, "before teaching").await?;
        follow(b, "Keys").await?;
        b.wait_for_url(|u| u.contains(&portal.passwords_path(USER)), "the Passwords page").await?;
        let base = no_one_click_on_the_passwords_form(b).await?;
        b.screenshot("teach-before").await?;

        teach(b, &portal, &base, &origin).await?;
        one_click(b, &portal, "taught").await?;

        // The map, exported, into a fresh profile.
        let text = export_maps(b, &base).await?;
        let file: Value = serde_json::from_str(&text).map_err(|e| format!("the export is not JSON: {e}"))?;
        assert!(file.to_string().contains(&origin), "the export holds the portal's map: {file}");
        let path = std::env::temp_dir().join(format!("passwright-e2e-teach-{}.json", std::process::id()));
        std::fs::write(&path, &text)?;
        let fresh = Browser::start(b.engine).await?;
        let out = async {
            fresh.login(&portal, admin.0, admin.1).await?;
            fresh.goto(&portal.user_page(USER)).await?;
            no_launcher_for_a_while(&fresh, "fresh profile before the import").await?;
            follow(&fresh, "Keys").await?;
            fresh.wait_for_url(|u| u.contains(&portal.passwords_path(USER)), "the Passwords page").await?;
            let base = no_one_click_on_the_passwords_form(&fresh).await?;
            import_maps(&fresh, &base, &path, &origin).await?;
            one_click(&fresh, &portal, "imported").await
        }
        .await;
        if out.is_err() {
            let _ = fresh.screenshot("teach-fresh-failure").await;
        }
        fresh.stop().await;
        let _ = std::fs::remove_file(&path);
        out
    })
    .await;
}
