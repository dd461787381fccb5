//! Issue 13's other boundaries in the browser: a page cannot weaken the
//! policy (below the floor never, above it only once the admin confirms in
//! the settings page), and a card with its password stays on its origin.

use std::time::{Duration, Instant};

use super::harness::{Browser, Portal, Result, USER};
use super::{FLOW_TIMEOUT, confirm_pending_in_options, each_browser, faults, reset_from_passwords_page};

/// Generate on the Passwords page, then Dismiss: the password it made
/// (Generate submits nothing).
async fn generated(b: &Browser, portal: &Portal) -> Result<String> {
    let made = generated_kept(b, portal).await?;
    b.panel_click_again_if_refused("dismiss").await?;
    Ok(made)
}

/// Presses "Add this rule" and waits for the panel's note.
async fn add_rule(b: &Browser, expect: &str) -> Result<String> {
    b.panel_click("add-rule").await?;
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let text = b.status().await?.1;
        if text.contains(expect) {
            return Ok(text);
        }
        if Instant::now() > deadline {
            return Err(format!("the panel never said {expect:?}: {text}").into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_weakens_the_policy_only_once_confirmed_and_never_below_the_floor() {
    each_browser("floor", async |b| {
        let portal = Portal::start("demo", None)?;
        let control = portal.sim.control();
        b.login(&portal, portal.sim.admin_user_id(), portal.sim.admin_password()).await?;
        assert_eq!(generated(b, &portal).await?.chars().count(), 16, "the default length first");

        // The portal refuses with "at most 12": a weaker rule, at the floor.
        control.set_faults(faults(serde_json::json!({ "server_rule": { "max_length": 12 } })))?;
        let (state, text) = reset_from_passwords_page(b, &portal, || {}).await?;
        assert_eq!(state, "failed", "{text}");
        add_rule(b, "confirm them in the settings page").await?;
        b.panel_click_again_if_refused("dismiss").await?;
        // Asked for from the page, not yet confirmed: nothing changed.
        assert_eq!(generated(b, &portal).await?.chars().count(), 16, "a pending rule does not apply");
        // Confirmed in the settings page: it applies, and the portal takes it.
        confirm_pending_in_options(b).await?;
        assert_eq!(generated(b, &portal).await?.chars().count(), 12, "the confirmed rule applies");
        let (state, text) = reset_from_passwords_page(b, &portal, || {}).await?;
        assert_eq!(state, "done", "with the confirmed rule: {text}");
        b.panel_click_again_if_refused("dismiss").await?;

        // "At most 8" is below the floor (12 characters): the same button refuses it.
        control.set_faults(faults(serde_json::json!({ "server_rule": { "max_length": 8 } })))?;
        let (state, text) = reset_from_passwords_page(b, &portal, || {}).await?;
        assert_eq!(state, "failed", "{text}");
        let problem = b
            .in_frame("panel", async |c| Ok(c.find(fantoccini::Locator::Css("#problem")).await?.text().await?))
            .await?;
        let offered = b
            .in_frame("panel", async |c| {
                let script = "const a = document.querySelector('[data-action=add-rule]'); return !!a && !a.hidden;";
                Ok(c.execute(script, vec![]).await?.as_bool().unwrap_or(false))
            })
            .await?;
        if offered {
            let note = add_rule(b, "Nothing learned from a page").await?;
            assert!(note.contains("at least 12 characters"), "the panel names the floor: {note}");
        } else {
            assert!(!problem.contains("At most 8"), "a rule below the floor is not even offered: {problem}");
        }
        b.panel_click_again_if_refused("dismiss").await?;
        // Never applied, not even pending: generated passwords keep the floor.
        assert_eq!(generated(b, &portal).await?.chars().count(), 12, "still the confirmed 12, never 8");
        let pending = b
            .in_frame("panel", async |c| {
                let script = "const done = arguments[0]; (globalThis.browser ?? globalThis.chrome).storage.local.get('pending')
                    .then((s) => done(JSON.stringify(s.pending ?? [])), (e) => done(String(e)));";
                Ok(c.execute_async(script, vec![]).await?.as_str().unwrap_or_default().to_owned())
            })
            .await?;
        assert!(!pending.contains("\"max_length\":8"), "nothing below the floor waits for confirmation: {pending}");
        control.set_faults(faults(serde_json::json!({})))?;
        Ok(())
    })
    .await;
}

/// The panel's whole text and whether its card (a password) is on show.
async fn panel_card(b: &Browser) -> Result<(String, bool)> {
    b.in_frame("panel", async |c| {
        let script = "const r = document.querySelector('#result');
            return [document.body.innerText, !!r && !r.hidden];";
        let v = c.execute(script, vec![]).await?;
        Ok((v[0].as_str().unwrap_or_default().to_owned(), v[1].as_bool().unwrap_or(false)))
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_card_and_its_password_stay_on_their_origin() {
    each_browser("card-origin", async |b| {
        // Two portals, two origins (127.0.0.1 on two ports: the dev build grants every port).
        let home = Portal::start("demo", None)?;
        let other = Portal::start("demo", None)?;
        assert_ne!(home.sim.base_url(), other.sim.base_url());
        let login = async |p: &Portal| b.login(p, p.sim.admin_user_id(), p.sim.admin_password()).await;

        // A finished reset's card, its password revealed.
        login(&home).await?;
        let (state, text) = reset_from_passwords_page(b, &home, || {}).await?;
        assert_eq!(state, "done", "{text}");
        let secret = reveal(b).await?;

        // The same tab on the other portal: its Passwords page shows a fresh
        // panel, nothing of the card.
        login(&other).await?;
        b.goto(&other.passwords_page(USER)).await?;
        let (state, text) = b.wait_state(&["idle", "done", "failed"], FLOW_TIMEOUT).await?;
        assert_eq!(state, "idle", "the other origin's panel is its own: {text}");
        let (shown, card) = panel_card(b).await?;
        assert!(!card, "no card on the other origin");
        assert!(!shown.contains(&secret), "the password does not follow the tab");
        assert!(b.password_field_values().await?.iter().all(|v| v.is_empty()), "nothing typed there");

        // Control: back on its own origin, the card is still there, password and all.
        login(&home).await?;
        b.goto(&home.user_page(USER)).await?;
        let (state, text) = b.wait_state(&["done"], FLOW_TIMEOUT).await?;
        assert_eq!(state, "done", "{text}");
        assert_eq!(reveal(b).await?, secret, "the card kept its password on its origin");
        b.panel_click_again_if_refused("dismiss").await?;

        // The same for Generate's card (not submitted, in memory).
        let made = generated_kept(b, &home).await?;
        login(&other).await?;
        b.goto(&other.passwords_page(USER)).await?;
        b.wait_state(&["idle"], FLOW_TIMEOUT).await?;
        let (shown, card) = panel_card(b).await?;
        assert!(!card && !shown.contains(&made), "Generate's card does not follow the tab either");
        login(&home).await?;
        b.goto(&home.passwords_page(USER)).await?;
        b.wait_state(&["idle"], FLOW_TIMEOUT).await?;
        let (_, card) = panel_card(b).await?;
        assert!(card, "Generate's card is still on its own origin");
        assert_eq!(reveal(b).await?, made, "and its password");
        Ok(())
    })
    .await;
}

/// Generate on the Passwords page, the card left on show: its password.
async fn generated_kept(b: &Browser, portal: &Portal) -> Result<String> {
    b.goto(&portal.passwords_page(USER)).await?;
    b.wait_state(&["idle"], Duration::from_secs(15)).await?;
    b.panel_click("generate").await?;
    let deadline = Instant::now() + Duration::from_secs(10);
    while !panel_card(b).await?.1 {
        if Instant::now() > deadline {
            return Err("Generate never showed its card".into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    reveal(b).await
}

/// The card's password, revealed as the admin would: the card just made the
/// panel grow, so a click the guard refuses (it had only just moved) is
/// made again once the panel has settled.
async fn reveal(b: &Browser) -> Result<String> {
    let read = "const p = document.querySelector('[data-field=password]');
        return p && p.dataset.revealed === 'true' ? p.textContent : null;";
    let now = async || -> Result<Option<String>> {
        b.in_frame("panel", async |c| Ok(c.execute(read, vec![]).await?.as_str().map(str::to_owned))).await
    };
    if let Some(shown) = now().await? {
        return Ok(shown);
    }
    b.wait_settled(Duration::from_secs(10)).await?;
    b.panel_click_again_if_refused("reveal").await?;
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(shown) = now().await? {
            return Ok(shown);
        }
        if Instant::now() > deadline {
            return Err("the password was never revealed".into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The panel's frames in the portal page: their addresses.
async fn panel_srcs(b: &Browser) -> Result<Vec<String>> {
    let v = b
        .js(
            "return [...document.querySelectorAll('[data-passwright=panel] iframe, iframe')].map((f) => f.getAttribute('src') ?? '');",
            vec![],
        )
        .await?;
    Ok(serde_json::from_value(v)?)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panel_frame_the_page_points_elsewhere_is_taken_out_and_a_real_one_comes_back() {
    each_browser("swapped-frame", async |b| {
        let portal = Portal::start("demo", None)?;
        b.login(&portal, portal.sim.admin_user_id(), portal.sim.admin_password()).await?;
        b.goto(&portal.passwords_page(USER)).await?;
        b.wait_state(&["idle"], Duration::from_secs(10)).await?;
        let ours = |s: &str| s.starts_with("chrome-extension://") || s.starts_with("moz-extension://");
        // Control: the extension's panel is there, at the extension's address.
        let before = panel_srcs(b).await?;
        assert!(before.iter().any(|s| ours(s)), "the panel first: {before:?}");
        // The page points the panel's frame at a page of its own (a fake panel).
        let fake = portal.url("/fake-panel.html");
        b.js(
            "const f = document.querySelector('[data-passwright=panel] iframe'); f.setAttribute('src', arguments[0]); return 1;",
            vec![fake.clone().into()],
        )
        .await?;
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let now = panel_srcs(b).await?;
            // The swapped frame is gone, and the extension's own panel is back.
            if !now.contains(&fake) && now.iter().any(|s| ours(s)) {
                break;
            }
            assert!(Instant::now() < deadline, "the swapped frame stayed or no panel came back: {now:?}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        // And the panel that came back is a working one.
        let (state, _) = b.wait_state(&["idle"], Duration::from_secs(10)).await?;
        assert_eq!(state, "idle");
        Ok(())
    })
    .await;
}
