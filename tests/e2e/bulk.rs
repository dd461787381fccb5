//! Bulk resets in the browser: users ticked on the portal's users list (real
//! clicks) and pasted, one after another by the single flow, with progress,
//! the hand-off sheet and its wipe.

use std::time::{Duration, Instant};

use fantoccini::Locator;
use serde_json::Value;

use super::harness::{Browser, Portal, Result};
use super::{broadsmart_ok, each_browser, each_browser_started};
use passwright::Kind;

/// The users list's page.
fn users_page(portal: &Portal) -> String {
    portal.url(portal.sim.skin().paths().users)
}

/// Ticks a user's checkbox with a real click.
async fn tick(b: &Browser, user: &str) -> Result<()> {
    let _ = b.client.enter_parent_frame().await;
    let selector = format!("[data-passwright=select] input[data-user=\"{user}\"]");
    b.client.find(Locator::Css(&selector)).await?.click().await?;
    Ok(())
}

/// The bulk progress: (done, total, each row's (user, state, text)).
async fn progress(b: &Browser) -> Result<(u32, u32, Vec<(String, String, String)>)> {
    b.in_frame("panel", async |c| {
        let script = "const p = document.querySelector('[data-field=bulk-progress]');
            const rows = [...document.querySelectorAll('[data-field=bulk-row]')].map((r) => [r.dataset.user, r.dataset.state, r.textContent]);
            return [Number(p?.dataset.done ?? -1), Number(p?.dataset.total ?? -1), rows];";
        let v = c.execute(script, vec![]).await?;
        Ok(serde_json::from_value(v)?)
    })
    .await
}

/// Waits for the run's progress to satisfy `ok`.
async fn wait_progress(
    b: &Browser,
    timeout: Duration,
    what: &str,
    ok: impl Fn(u32, u32, &[(String, String, String)]) -> bool,
) -> Result<(u32, u32, Vec<(String, String, String)>)> {
    let deadline = Instant::now() + timeout;
    let mut last = (0, 0, Vec::new());
    loop {
        if let Ok(p) = progress(b).await {
            if ok(p.0, p.1, &p.2) {
                return Ok(p);
            }
            last = p;
        }
        if Instant::now() > deadline {
            return Err(format!("{what}: never; last {} of {}: {:?}", last.0, last.1, last.2).into());
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
}

/// Whether the panel offers Resume (the run is paused).
async fn resume_offered(b: &Browser) -> Result<bool> {
    b.in_frame("panel", async |c| {
        let v = c.execute("return document.getElementById('bulk-resume')?.hidden === false;", vec![]).await?;
        Ok(v.as_bool() == Some(true))
    })
    .await
}

/// Types the pasted list into the panel's bulk textarea.
async fn paste_ids(b: &Browser, ids: &[&str]) -> Result<()> {
    wait_bulk_list(b).await?;
    b.in_frame("panel", async |c| {
        let area = c.find(Locator::Css("[data-field=bulk-list]")).await?;
        area.send_keys(&ids.join("\n")).await?;
        Ok(())
    })
    .await
}

/// Waits until the panel shows its bulk section (the list to paste into):
/// the panel draws once the background has answered it.
async fn wait_bulk_list(b: &Browser) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let shown = b
            .in_frame("panel", async |c| match c.find(Locator::Css("[data-field=bulk-list]")).await {
                Ok(area) => Ok(area.is_displayed().await?),
                Err(_) => Ok(false),
            })
            .await
            .unwrap_or(false);
        if shown {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err("the panel never showed the bulk list".into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Opens the hand-off sheet with the panel's button (a new tab: geckodriver
/// lists it and the test switches to it; chromedriver does not, so its address
/// is read from the browser's tabs and opened in the test's window), then
/// reads it: (user, password) per row.
async fn read_sheet(b: &Browser) -> Result<Vec<(String, String)>> {
    let before = b.client.windows().await?;
    b.panel_click("handoff-sheet").await?;
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(tab) = b.client.windows().await?.into_iter().find(|w| !before.contains(w)) {
            b.client.switch_to_window(tab).await?;
            break;
        }
        let tabs = b
            .in_frame("panel", async |c| {
                let script = "const api = globalThis.browser ?? globalThis.chrome; const done = arguments[0];
                    if (!api.tabs?.query) { done([]); return; }
                    api.tabs.query({}).then((t) => done(t.map((x) => x.url ?? '')), () => done([]));";
                Ok(c.execute_async(script, vec![]).await?)
            })
            .await?;
        let tabs: Vec<String> = serde_json::from_value(tabs)?;
        if let Some(url) = tabs.into_iter().find(|u| u.contains("/sheet.html?run=")) {
            b.goto(&url).await?;
            break;
        }
        if Instant::now() > deadline {
            return Err("the hand-off sheet never opened".into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let rows = b
            .js(
                "return [...document.querySelectorAll('[data-field=handoff-row]')].map((r) => [r.dataset.user, r.querySelector('[data-field=password]')?.textContent ?? '']);",
                vec![],
            )
            .await?;
        // Firefox answers null while the new tab's document is still being
        // replaced (about:blank, then the sheet): not yet, look again.
        let rows: Vec<(String, String)> =
            if rows.is_null() { Vec::new() } else { serde_json::from_value(rows)? };
        if !rows.is_empty() {
            return Ok(rows);
        }
        if Instant::now() > deadline {
            return Err("the hand-off sheet shows no user".into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits for the sheet's Close and wipe to empty it, and for a reload to show nothing.
async fn close_and_check_wiped(b: &Browser) -> Result<()> {
    b.client.find(Locator::Css("#sheet-close")).await?.click().await?;
    let wiped = "return document.querySelectorAll('[data-field=handoff-row]').length === 0
        && !document.getElementById('sheet-message').hidden;";
    poll_js(b, wiped, "the sheet was wiped").await?;
    b.client.refresh().await?;
    poll_js(b, wiped, "the reopened sheet shows nothing").await
}

/// Polls `script` until it returns true.
async fn poll_js(b: &Browser, script: &str, what: &str) -> Result<()> {
    super::poll(what, Duration::from_secs(10), async || {
        (b.js(script, vec![]).await.ok() == Some(Value::Bool(true))).then_some(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bulk_reset_of_25_users_one_submission_each_and_a_sheet_that_wipes() {
    each_browser("bulk-25", async |b| {
        let portal = Portal::start("demo", None)?;
        let control = portal.sim.control();
        let scenario = passwright_portal::Scenario::builtin("demo")?;
        b.login(&portal, portal.sim.admin_user_id(), portal.sim.admin_password()).await?;
        b.goto(&users_page(&portal)).await?;
        let listed = b.wait_bulk_checkboxes(Duration::from_secs(15)).await?;
        assert!(listed.len() >= 26, "every listed user has a checkbox: {listed:?}");
        // The table's layout is untouched: no checkbox inside it.
        let inside: Value =
            b.js("return document.querySelectorAll('table [data-passwright]').length;", vec![]).await?;
        assert_eq!(inside, Value::from(0), "the checkboxes sit beside the table, not in it");
        // One ticked on the list (a real click opens the panel with the selection)...
        tick(b, &listed[0]).await?;
        b.wait_frame("panel", Duration::from_secs(10)).await?;
        wait_bulk_list(b).await?;
        b.screenshot("bulk-choosing").await?;
        // ... 24 pasted, and one that the portal does not have.
        let pasted: Vec<&str> =
            listed[1..25].iter().map(String::as_str).chain(["nobody@acme.example.com"]).collect();
        paste_ids(b, &pasted).await?;
        // Every 5th user's phone rebuilt.
        b.in_frame("panel", async |c| {
            c.find(Locator::Css("#bulk-rebuild")).await?.click().await?;
            let every = c.find(Locator::Css("#bulk-rebuild-every")).await?;
            every.clear().await?;
            every.send_keys("5").await?;
            Ok(())
        })
        .await?;
        let started = Instant::now();
        b.panel_click("bulk-start").await?;
        // A screenshot of the run in progress, for the README.
        wait_progress(b, Duration::from_secs(60), "the run under way", |d, _, _| d >= 3).await?;
        b.screenshot("bulk-running").await?;
        let (done, total, rows) =
            wait_progress(b, Duration::from_secs(400), "the run finishes", |d, t, _| t > 0 && d == t).await?;
        let took = started.elapsed();
        assert_eq!((done, total), (26, 26));
        let failed: Vec<_> = rows.iter().filter(|r| r.1 != "done").collect();
        assert_eq!(failed.len(), 1, "only the unknown user fails: {failed:?}");
        assert_eq!(failed[0].0, "nobody@acme.example.com");
        assert!(failed[0].2.contains("Not found"), "said plainly: {}", failed[0].2);
        let stats = control.stats();
        assert_eq!(stats.password_submissions, 25, "one submission per user");
        assert_eq!(stats.duplicate_submissions, 0);
        b.screenshot("bulk-finished").await?;
        let storage = b.extension_storage().await?;
        let audit = storage["local"]["audit"].as_array().cloned().unwrap_or_default();
        let of_run = audit.iter().filter(|a| a.get("run").is_some_and(|r| !r.is_null())).count();
        assert_eq!(of_run, 25, "an audit record per user reset");
        let storage = storage.to_string();
        let sheet = read_sheet(b).await?;
        b.screenshot("bulk-sheet").await?;
        assert_eq!(sheet.len(), 25, "a row per user reset");
        for (i, user) in listed[..25].iter().enumerate() {
            let (_, password) =
                sheet.iter().find(|(u, _)| u == user).ok_or(format!("{user} on the sheet"))?;
            let report = control.user(user).ok_or("a user")?;
            assert!(
                broadsmart_ok(Kind::Web, password, &report.extension),
                "{user}: {password} meets the policy"
            );
            assert_eq!(control.check_password(user, password), Some(true), "{user} can log in with it");
            let old = &scenario.users.iter().find(|u| &u.user_id == user).ok_or("in the scenario")?.password;
            assert_eq!(
                control.check_password(user, old),
                Some(false),
                "{user}'s old password no longer works"
            );
            assert!(
                !storage.contains(password.as_str()),
                "{user}'s password is not in local or sync storage"
            );
            let rebuilt = report.devices.iter().map(|d| d.rebuild_count).sum::<u32>();
            assert_eq!(rebuilt, u32::from((i + 1) % 5 == 0), "{user}: rebuilt only if every 5th");
        }
        close_and_check_wiped(b).await?;
        eprintln!(
            "bulk ({}): 25 users in {:.1} s ({:.1} users/min)",
            b.engine.name(),
            took.as_secs_f64(),
            25.0 * 60.0 / took.as_secs_f64()
        );
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bulk_pause_resume_and_cancel_leave_the_rest_untouched() {
    each_browser_started("bulk-pause", true, async |b| {
        let portal = Portal::start("demo", None)?;
        let control = portal.sim.control();
        b.login(&portal, portal.sim.admin_user_id(), portal.sim.admin_password()).await?;
        b.goto(&users_page(&portal)).await?;
        let listed = b.wait_bulk_checkboxes(Duration::from_secs(15)).await?;
        for user in &listed[..5] {
            tick(b, user).await?;
        }
        b.wait_frame("panel", Duration::from_secs(10)).await?;
        // A portal slow enough (1.5 s a page) for the admin to press Pause mid-run.
        control.set_faults(super::faults(serde_json::json!({ "latency_ms": 1500 })))?;
        b.panel_click("bulk-start").await?;
        // After the first user: pause. The user in progress is finished, no other begins.
        wait_progress(b, Duration::from_secs(60), "one user done", |d, _, _| d >= 1).await?;
        // Pressed while the portal changes pages: pressed again if a page load took the click.
        // Paused once no user is running and the panel offers Resume (the
        // pause between two users has none running either: not yet paused).
        let mut paused = None;
        'pause: for _ in 0..5 {
            b.click_in_now("panel", "bulk-pause").await?;
            let deadline = Instant::now() + Duration::from_secs(4);
            while Instant::now() < deadline {
                let Ok(p) =
                    wait_progress(b, deadline - Instant::now(), "paused between users", |_, _, rows| {
                        !rows.iter().any(|r| r.1 == "running")
                    })
                    .await
                else {
                    break;
                };
                if resume_offered(b).await? {
                    paused = Some(p);
                    break 'pause;
                }
                tokio::time::sleep(Duration::from_millis(300)).await;
            }
        }
        let (paused_at, total, _) = paused.ok_or("the run never paused")?;
        assert!(paused_at < total, "paused before the end");
        let submitted = control.stats().password_submissions;
        assert_eq!(submitted, u64::from(paused_at), "every finished user was submitted once, none more");
        b.screenshot("bulk-paused").await?;
        control.set_faults(super::faults(serde_json::json!({})))?;
        // Resume: the next user goes (control: the run still works).
        b.panel_click_again_if_refused("bulk-resume").await?;
        wait_progress(b, Duration::from_secs(60), "one more after resume", |d, _, _| d > paused_at).await?;
        control.set_faults(super::faults(serde_json::json!({ "latency_ms": 1500 })))?;
        // Cancel: what was done stays done; the users after are not touched.
        // Settled once no user is running or waiting (a moment between two
        // users has none running but some still waiting: not yet cancelled);
        // pressed again if a page load took the click.
        let mut cancelled = None;
        for attempt in 0..4 {
            match b.click_in_now("panel", "bulk-cancel").await {
                Err(e) if attempt == 0 => return Err(e),
                // The button goes once the run has taken the cancel: see what it shows.
                _ => {}
            }
            if let Ok(p) = wait_progress(b, Duration::from_secs(20), "cancelled", |_, _, rows| {
                !rows.iter().any(|r| r.1 == "running" || r.1 == "queued")
            })
            .await
            {
                cancelled = Some(p);
                break;
            }
        }
        let (_, total, rows) = cancelled.ok_or("the run never took the cancel")?;
        assert_eq!(total, 5);
        let not_started: Vec<_> = rows.iter().filter(|r| r.2.contains("Not started")).collect();
        assert!(!not_started.is_empty(), "the cancel stopped the run early: {rows:?}");
        for (user, _, _) in &not_started {
            let report = control.user(user).expect("a user");
            assert_eq!(report.password_set_count, 0, "{user} was not touched");
        }
        let changed =
            rows.iter().filter(|r| control.user(&r.0).is_some_and(|u| u.password_set_count > 0)).count();
        let stats = control.stats();
        assert_eq!(stats.password_submissions, changed as u64, "one submission per user reached, none after");
        assert_eq!(stats.duplicate_submissions, 0);
        b.screenshot("bulk-cancelled").await?;
        Ok(())
    })
    .await;
}

/// Logs in, ticks the first `n` users of the list and starts a web-password run.
async fn start_run(b: &Browser, portal: &Portal, n: usize) -> Result<Vec<String>> {
    b.login(portal, portal.sim.admin_user_id(), portal.sim.admin_password()).await?;
    b.goto(&users_page(portal)).await?;
    let listed = b.wait_bulk_checkboxes(Duration::from_secs(15)).await?;
    for user in &listed[..n] {
        tick(b, user).await?;
    }
    b.wait_frame("panel", Duration::from_secs(10)).await?;
    b.panel_click("bulk-start").await?;
    Ok(listed[..n].to_vec())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bulk_run_goes_on_past_a_portal_fault_and_names_it() {
    each_browser("bulk-fault", async |b| {
        let portal = Portal::start("demo", None)?;
        let control = portal.sim.control();
        let users = start_run(b, &portal, 5).await?;
        wait_progress(b, Duration::from_secs(60), "two users done", |d, _, _| d >= 2).await?;
        // The next submission answers HTTP 500 without applying the change.
        control.set_faults(super::faults(
            serde_json::json!({ "fail_submit": { "count": 1, "after_apply": false } }),
        ))?;
        let (done, total, rows) =
            wait_progress(b, Duration::from_secs(120), "the run finishes", |d, t, _| t > 0 && d == t).await?;
        assert_eq!((done, total), (5, 5));
        let failed: Vec<_> = rows.iter().filter(|r| r.1 == "failed").collect();
        assert_eq!(failed.len(), 1, "exactly the user whose submission failed: {rows:?}");
        let report = control.user(&failed[0].0).ok_or("a user")?;
        assert_eq!(report.password_set_count, 0, "the failed user's password was not changed");
        for (user, state, _) in &rows {
            if state == "done" {
                assert_eq!(control.user(user).map(|u| u.password_set_count), Some(1), "{user}");
            }
        }
        assert!(users.iter().all(|u| rows.iter().any(|r| &r.0 == u)));
        b.screenshot("bulk-fault").await?;
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_bulk_run_survives_a_service_worker_stop() {
    let _serial = super::harness::SERIAL.lock().await;
    let b = Browser::start(super::harness::Engine::Chromium).await.expect("chromium");
    let out: Result<()> = async {
        let portal = Portal::start("demo", None)?;
        let control = portal.sim.control();
        control.set_faults(super::faults(serde_json::json!({ "latency_ms": 600 })))?;
        start_run(&b, &portal, 5).await?;
        wait_progress(&b, Duration::from_secs(90), "two users done", |d, _, _| d >= 2).await?;
        super::stop_extension_service_worker(&b).await?;
        let (done, total, rows) =
            wait_progress(&b, Duration::from_secs(180), "the run finishes", |d, t, _| t > 0 && d == t)
                .await?;
        assert_eq!((done, total), (5, 5));
        assert!(
            rows.iter().all(|r| r.1 == "done"),
            "every user done after the restart of the worker: {rows:?}"
        );
        let stats = control.stats();
        assert_eq!(stats.password_submissions, 5, "one submission per user");
        assert_eq!(stats.duplicate_submissions, 0);
        Ok(())
    }
    .await;
    if out.is_err() {
        let _ = b.screenshot("bulk-sw-failure").await;
    }
    b.stop().await;
    out.expect("bulk run across a service-worker stop");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_browser_restart_mid_run_reports_done_interrupted_and_not_started() {
    let _serial = super::harness::SERIAL.lock().await;
    let profile = std::env::temp_dir().join(format!("passwright-e2e-bulk-restart-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&profile);
    let portal = Portal::start("demo", None).expect("portal");
    let control = portal.sim.control();
    let first = Browser::start_in(super::harness::Engine::Chromium, profile.clone()).await.expect("chromium");
    let before: Result<Vec<String>> = async {
        control.set_faults(super::faults(serde_json::json!({ "latency_ms": 1500 })))?;
        let users = start_run(&first, &portal, 5).await?;
        // Mid-user: the second user's password just submitted, the portal's
        // answer (1.5 s away) not read yet. Watched on the portal's side.
        let deadline = std::time::Instant::now() + Duration::from_secs(120);
        while control.stats().password_submissions < 2 {
            if std::time::Instant::now() > deadline {
                return Err("the run never reached its second user".into());
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        Ok(users)
    }
    .await;
    first.kill().await;
    let users = before.expect("the run started");
    control.set_faults(super::faults(serde_json::json!({}))).expect("faults cleared");
    let changed: Vec<bool> =
        users.iter().map(|u| control.user(u).is_some_and(|r| r.password_set_count > 0)).collect();

    let second =
        Browser::start_in(super::harness::Engine::Chromium, profile.clone()).await.expect("chromium again");
    let after: Result<()> = async {
        second.login(&portal, portal.sim.admin_user_id(), portal.sim.admin_password()).await?;
        second.goto(&users_page(&portal)).await?;
        let listed = second.wait_bulk_checkboxes(Duration::from_secs(15)).await?;
        // Ticking a user opens the panel, which reports the interrupted run first.
        tick(&second, &listed[27]).await?;
        let (_, total, rows) =
            wait_progress(&second, Duration::from_secs(15), "the interrupted run", |_, t, _| t > 0).await?;
        if total != 5 {
            let runs =
                super::panel_eval(&second, "return (await api.storage.local.get('runs')).runs;").await?;
            return Err(
                format!("the interrupted run is not shown ({total} users); local runs: {runs}").into()
            );
        }
        second.screenshot("bulk-interrupted").await?;
        let done: Vec<_> = rows.iter().filter(|r| r.1 == "done").collect();
        assert!(!done.is_empty(), "the user done before the restart: {rows:?}");
        for (user, state, text) in &rows {
            let i = users.iter().position(|u| u == user).ok_or("a user of the run")?;
            match state.as_str() {
                // Claimed done only if the portal has it.
                "done" => assert!(changed[i], "{user} claimed done but unchanged"),
                "failed" => assert!(text.contains("Interrupted"), "{user}: says where it stopped: {text}"),
                "queued" => {
                    assert!(!changed[i], "{user} not started and untouched");
                    assert!(text.contains("Not started"), "{user}: {text}");
                }
                other => return Err(format!("{user}: {other} after a restart").into()),
            }
        }
        assert_eq!(rows.iter().filter(|r| r.1 == "failed").count(), 1, "one user interrupted: {rows:?}");
        Ok(())
    }
    .await;
    second.stop().await;
    let _ = std::fs::remove_dir_all(&profile);
    after.expect("after the restart");
}
