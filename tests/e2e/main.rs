//! End-to-end tests of the extension in headless Chromium and headless
//! Firefox, against the portal simulator with its strict CSP on, in every
//! skin. They need `cargo make build` first (dist/chrome-dev, dist/firefox-dev);
//! `cargo make test` runs them after the build.
#![cfg(not(target_arch = "wasm32"))]

mod harness;

use std::time::Duration;

use harness::{Browser, Engine, Portal, Result, SERIAL, SKINS, USER};
use passwright::check::check;
use passwright::policy::preset;
use passwright::{Context, Kind};

const FLOW_TIMEOUT: Duration = Duration::from_secs(30);

fn broadsmart_ok(kind: Kind, secret: &str, extension: &str) -> bool {
    let policy = preset("broadsmart").unwrap().spec().policy(kind).unwrap();
    let ctx = Context { user_id: Some(USER.into()), extension: Some(extension.into()), ..Default::default() };
    check(&policy, &ctx, secret).compliant()
}

/// Runs `body` with a fresh browser of each engine, one at a time.
async fn each_browser(name: &str, body: impl AsyncFn(&Browser) -> Result<()>) {
    let _serial = SERIAL.lock().await;
    let mut failures = Vec::new();
    for engine in [Engine::Chromium, Engine::Firefox] {
        let browser = match Browser::start(engine).await {
            Ok(b) => b,
            Err(e) => {
                failures.push(format!("{}: cannot start: {e}", engine.name()));
                continue;
            }
        };
        if let Err(e) = body(&browser).await {
            let shot = browser.screenshot(&format!("{name}-failure")).await.map(|p| p.display().to_string());
            failures.push(format!("{}: {e} (screenshot: {shot:?})", engine.name()));
        }
        browser.stop().await;
    }
    assert!(failures.is_empty(), "{name}:\n{}", failures.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn launcher_on_user_pages_panel_on_passwords_pages_and_nothing_elsewhere() {
    each_browser("placement", async |b| {
        for skin in SKINS {
            let portal = Portal::start("demo", Some(skin))?;
            b.login(&portal, portal.sim.admin_user_id(), portal.sim.admin_password()).await?;
            b.goto(&portal.user_page(USER)).await?;
            b.wait_frame("launcher", Duration::from_secs(10)).await.map_err(|e| format!("{skin:?}: {e}"))?;
            assert_eq!(b.frame("panel").await?.is_some(), false, "{skin:?}: no panel on the user page");
            b.goto(&portal.passwords_page(USER)).await?;
            b.wait_frame("panel", Duration::from_secs(10)).await.map_err(|e| format!("{skin:?}: {e}"))?;
            b.wait_state(&["idle"], Duration::from_secs(10)).await?;
            b.screenshot(&format!("panel-{skin:?}").to_lowercase()).await?;
            assert!(b.frame("launcher").await?.is_none(), "{skin:?}: no launcher on the Passwords page");
            for page in [portal.home_page(), portal.profile_page(USER)] {
                b.goto(&page).await?;
                tokio::time::sleep(Duration::from_millis(600)).await;
                assert!(b.frame("panel").await?.is_none(), "{skin:?}: no panel on {page}");
                assert!(b.frame("launcher").await?.is_none(), "{skin:?}: no launcher on {page}");
            }
        }
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_click_web_reset_in_every_skin() {
    each_browser("web-reset", async |b| {
        for skin in SKINS {
            let portal = Portal::start("demo", Some(skin))?;
            let control = portal.sim.control();
            b.login(&portal, portal.sim.admin_user_id(), portal.sim.admin_password()).await?;
            b.goto(&portal.user_page(USER)).await?;
            b.wait_frame("launcher", Duration::from_secs(10)).await?;
            b.click_in("launcher", "open").await?;
            b.wait_state(&["idle"], Duration::from_secs(10)).await?;
            b.panel_click("reset-web").await?;
            let (state, text) = b.wait_state(&["done", "failed"], FLOW_TIMEOUT).await?;
            assert_eq!(state, "done", "{skin:?}: {text}");
            let shown = b.panel_password().await?;
            assert!(broadsmart_ok(Kind::Web, &shown, "1001"), "{skin:?}: {shown} meets the policy");
            assert_eq!(control.check_password(USER, &shown), Some(true), "{skin:?}: the user can log in with it");
            let stats = control.stats();
            assert_eq!(stats.password_submissions, 1, "{skin:?}: exactly one submission");
            assert_eq!(stats.duplicate_submissions, 0, "{skin:?}");
            let storage = b.extension_storage().await?.to_string();
            assert!(!storage.contains(&shown), "{skin:?}: the password is not in storage.local/sync");
            b.screenshot(&format!("done-{skin:?}").to_lowercase()).await?;
            b.panel_click("dismiss").await?;
        }
        Ok(())
    })
    .await;
}
