//! `cargo make soak`: the long run. 300 consecutive one-click web password
//! resets over 25 users of the simulator's demo scenario (round robin), in
//! one browser session per browser (headless Chromium, then headless
//! Firefox), with the dev build of the extension (`cargo make build` first).
//! Not a test (`cargo make test` does not run it); it fails (exit 1) when a
//! requirement is not met, after writing its report:
//!
//! - every flow ends with the panel's `data-state="done"` and the user can log
//!   in with the password the panel shows (the simulator's `check_password`);
//! - exactly one Passwords-form submission per reset (`password_submissions`
//!   is 300 at the end) and no duplicate submission (`duplicate_submissions`);
//! - every 10th reset (the 5th, 15th, ...) also rebuilds the phone's files:
//!   the device's `rebuild_count` moves by one;
//! - the audit log (`audit` in the extension's storage.local) has one entry
//!   per reset, all "done", for the right users, and no password the panel
//!   showed appears anywhere in storage.local or storage.sync;
//! - the memory of the extension's background (Chromium: the service worker;
//!   Firefox: the background page) and of the panel does not grow by more
//!   than 10% between the end of the warm-up (30 resets) and the end.
//!
//! Memory, sampled after the 1st reset, at the end of the warm-up and every
//! 30 resets after it, each time with the panel showing the finished flow:
//!
//! - Chromium, through the browser's DevTools endpoint (the harness's known
//!   `devtools_port`: `/json/list`, then the target's websocket): for the
//!   service worker (type `service_worker`, `…/background.js`) and the panel
//!   frame (type `iframe`, `…/panel.html?mode=panel`),
//!   `HeapProfiler.collectGarbage` then `Runtime.getHeapUsage` (V8's used and
//!   total heap: for the frame, the whole main-thread isolate of the
//!   extension's renderer process, so a panel document that outlived its page
//!   would count), and the WebAssembly linear memory: every
//!   `WebAssembly.Memory` object of the context, found with
//!   `Runtime.queryObjects` on `WebAssembly.Memory.prototype`, by its
//!   `buffer.byteLength` (the module's own memory is not reachable from
//!   `Runtime.evaluate`: it lives in the module's scope).
//! - Firefox (no DevTools endpoint): the browser's memory reporters, as
//!   about:memory shows them, read in a second tab on about:memory after
//!   "Minimize memory usage" (GC and CC in every process): the bytes the
//!   reporters attribute to the background page's window
//!   (`window-objects/top(moz-extension://…/_generated_background_page.html)`)
//!   and to the panel's window (`…/panel.html?mode=panel`), their JavaScript
//!   realms alone, and the WebAssembly memory in them; plus the extension
//!   process's explicit and resident totals.
//!
//!   cargo run --release --example soak [-- --resets N] [--warmup N] [--only chromium|firefox] [--dump-memory] [--pages-only]
//!
//! `--dump-memory` writes Firefox's every memory report at each sample
//! (target/soak/firefox-memory-after-N.json); `--pages-only` loads the pages
//! and opens the panel without resetting (see `pages_only`).
//!
//! A full run writes target/soak/report.md and report.json; a shorter run or
//! one browser writes target/soak/trial-report.md and .json.

use passwright_harness as harness;

use std::collections::BTreeMap;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use futures_util::{SinkExt, StreamExt};
use harness::{Browser, Engine, Portal, Result};
use serde::Serialize;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

const RESETS: usize = 300;
const USERS: usize = 25;
const WARMUP: usize = 30;
/// Memory samples every this many resets after the warm-up.
const SAMPLE_EVERY: usize = 30;
/// Every 10th reset (the 5th, 15th, ...) also rebuilds the phone's files.
const REBUILD_EVERY: usize = 10;
const GROWTH_LIMIT_PCT: f64 = 10.0;
const FLOW_TIMEOUT: Duration = Duration::from_secs(30);
/// A browser whose flows keep failing is given up on after this many in a row.
const GIVE_UP_AFTER: usize = 10;

// ---------------------------------------------------------------- Chromium: DevTools

/// The DevTools HTTP endpoint of a Chromium started by the harness: a GET.
/// (Chrome's DevTools server answers nothing to HTTP/1.0 and keeps 1.1
/// connections open, so the body is read by its Content-Length; the same as
/// tests/e2e/main.rs.)
fn devtools_get(port: u16, path: &str) -> Result<String> {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n")?;
    let mut data = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        let text = String::from_utf8_lossy(&data).into_owned();
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let length = head
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().to_owned())
                })
                .and_then(|v| v.parse::<usize>().ok())
                .unwrap_or(0);
            if body.len() >= length {
                return Ok(body.to_owned());
            }
        }
        let n = stream.read(&mut chunk)?;
        if n == 0 {
            return Ok(text.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default());
        }
        data.extend_from_slice(&chunk[..n]);
    }
}

/// A DevTools target: (id, url, webSocketDebuggerUrl).
#[derive(Clone, Debug)]
struct Target {
    id: String,
    url: String,
    ws: String,
}

fn devtools_targets(port: u16, kind: &str, url: impl Fn(&str) -> bool) -> Result<Vec<Target>> {
    let list: Value = serde_json::from_str(&devtools_get(port, "/json/list")?)?;
    Ok(list
        .as_array()
        .into_iter()
        .flatten()
        .filter(|t| t["type"] == kind && url(t["url"].as_str().unwrap_or_default()))
        .map(|t| Target {
            id: t["id"].as_str().unwrap_or_default().to_owned(),
            url: t["url"].as_str().unwrap_or_default().to_owned(),
            ws: t["webSocketDebuggerUrl"].as_str().unwrap_or_default().to_owned(),
        })
        .collect())
}

/// One Chrome DevTools Protocol session on a target's websocket.
struct Cdp {
    ws: tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>,
    next: u64,
}

impl Cdp {
    async fn connect(url: &str) -> Result<Cdp> {
        let (ws, _) = tokio::time::timeout(Duration::from_secs(10), tokio_tungstenite::connect_async(url))
            .await
            .map_err(|_| format!("no DevTools websocket at {url}"))??;
        Ok(Cdp { ws, next: 1 })
    }

    /// Sends a command and waits for its answer (events in between are skipped).
    async fn call(&mut self, method: &str, params: Value) -> Result<Value> {
        let id = self.next;
        self.next += 1;
        let text = json!({ "id": id, "method": method, "params": params }).to_string();
        self.ws.send(Message::text(text)).await?;
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let msg = tokio::time::timeout(left, self.ws.next())
                .await
                .map_err(|_| format!("{method}: no answer"))?
                .ok_or_else(|| format!("{method}: the target closed its websocket"))??;
            let Message::Text(text) = msg else { continue };
            let v: Value = serde_json::from_str(text.as_str())?;
            if v["id"] == id {
                if let Some(e) = v.get("error") {
                    return Err(format!("{method}: {e}").into());
                }
                return Ok(v["result"].clone());
            }
        }
    }

    async fn close(mut self) {
        let _ = self.ws.close(None).await;
    }
}

/// V8's heap and the WebAssembly memories of one target, after a full GC.
async fn v8_memory(target: &Target, metrics: &mut BTreeMap<String, f64>, prefix: &str) -> Result<()> {
    let mut s = Cdp::connect(&target.ws).await?;
    let result = async {
        s.call("HeapProfiler.collectGarbage", json!({})).await?;
        let heap = s.call("Runtime.getHeapUsage", json!({})).await?;
        for (key, name) in [("usedSize", "js_heap_used"), ("totalSize", "js_heap_total")] {
            if let Some(v) = heap[key].as_f64() {
                metrics.insert(format!("{prefix}_{name}"), v);
            }
        }
        // Every WebAssembly.Memory in the context (wasm-bindgen's module exports its memory).
        let proto = s
            .call(
                "Runtime.evaluate",
                json!({ "expression": "WebAssembly.Memory.prototype", "objectGroup": "soak" }),
            )
            .await?;
        let proto = proto["result"]["objectId"].as_str().ok_or("no WebAssembly.Memory.prototype")?.to_owned();
        let found = s
            .call("Runtime.queryObjects", json!({ "prototypeObjectId": proto, "objectGroup": "soak" }))
            .await?;
        let array = found["objects"]["objectId"].as_str().ok_or("queryObjects returned nothing")?.to_owned();
        let sizes = s
            .call(
                "Runtime.callFunctionOn",
                json!({
                    "objectId": array,
                    "functionDeclaration": "function () { return this.map((m) => m.buffer.byteLength); }",
                    "returnByValue": true,
                }),
            )
            .await?;
        let sizes: Vec<f64> = serde_json::from_value(sizes["result"]["value"].clone()).unwrap_or_default();
        metrics.insert(format!("{prefix}_wasm_memory"), sizes.iter().sum());
        metrics.insert(format!("{prefix}_wasm_memories"), sizes.len() as f64);
        let _ = s.call("Runtime.releaseObjectGroup", json!({ "objectGroup": "soak" })).await;
        Ok::<_, Box<dyn std::error::Error + Send + Sync>>(())
    }
    .await;
    s.close().await;
    result
}

/// Chromium: the service worker's and the panel's memory through DevTools.
async fn chromium_memory(b: &Browser) -> Result<(BTreeMap<String, f64>, Value)> {
    let mut metrics = BTreeMap::new();
    let workers = devtools_targets(b.devtools_port, "service_worker", |u| {
        u.starts_with("chrome-extension://") && u.ends_with("/background.js")
    })?;
    let panels = devtools_targets(b.devtools_port, "iframe", |u| {
        u.starts_with("chrome-extension://") && u.contains("/panel.html") && u.contains("mode=panel")
    })?;
    let worker = workers.first().ok_or("no running service worker")?;
    let panel = panels.first().ok_or("no panel frame")?;
    v8_memory(worker, &mut metrics, "sw").await?;
    v8_memory(panel, &mut metrics, "panel").await?;
    metrics.insert("panel_frames".into(), panels.len() as f64);
    let info = json!({ "service_worker": worker.id, "service_workers": workers.len(), "panel": panel.url });
    Ok((metrics, info))
}

// ---------------------------------------------------------------- Firefox: memory reporters

/// Runs in Firefox's chrome context (the parent process, privileged):
/// "Minimize memory usage" as about:memory does it (GC and CC in every
/// process), then every memory reporter of every process, as about:memory
/// reads them (nsIMemoryReporterManager.getReports).
const FIREFOX_MEMORY: &str = r#"
const [dump, done] = arguments;
(async () => {
  const mgr = Cc['@mozilla.org/memory-reporter-manager;1'].getService(Ci.nsIMemoryReporterManager);
  Services.obs.notifyObservers(null, 'child-mmu-request');
  await new Promise((resolve) => mgr.minimizeMemoryUsage(resolve));
  // The children minimize on their own time: let them finish.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const reports = [];
  await new Promise((resolve) => mgr.getReports((process, path, kind, units, amount) => {
    if (units !== Ci.nsIMemoryReporter.UNITS_BYTES) return;
    if (dump || path.includes('moz-extension') || !path.startsWith('explicit/') || process) {
      reports.push([process, path, kind, amount]);
    }
  }, null, resolve, null, false));
  done(JSON.stringify(reports));
})().catch((e) => done(JSON.stringify({ error: String(e) })));
"#;

/// Sums Firefox's reports into the soak's metrics. Report paths write a
/// URL's slashes as backslashes: the panel's window is
/// `…/window(moz-extension:\\UUID\panel.html?mode=panel)/…` (in the portal
/// page's process), the background page's is
/// `explicit/window-objects/top(moz-extension:\\UUID\_generated_background_page.html, id=N)/…`
/// (in the extension process, beside the background pages of Firefox's
/// built-in add-ons, hence the UUID, taken from the panel).
fn firefox_metrics(reports: &[(String, String, i64, f64)]) -> Result<(BTreeMap<String, f64>, Value)> {
    const PANEL: &str = "\\panel.html?mode=panel)";
    let uuid = reports
        .iter()
        .find_map(|r| {
            let end = r.1.find(PANEL)?;
            let start = r.1[..end].rfind("window(moz-extension:\\\\")? + "window(moz-extension:\\\\".len();
            Some(r.1[start..end].to_owned())
        })
        .ok_or("no panel window among Firefox's memory reports")?;
    let background =
        format!("explicit/window-objects/top(moz-extension:\\\\{uuid}\\_generated_background_page.html, id=");
    let panel = format!("/window(moz-extension:\\\\{uuid}{PANEL}/");
    let mut m = BTreeMap::<String, f64>::new();
    let mut backgrounds = std::collections::BTreeSet::new();
    let mut panels = std::collections::BTreeSet::new();
    for (process, path, _kind, amount) in reports {
        if process.starts_with("extension (pid") {
            if path.starts_with("explicit/") {
                *m.entry("ext_process_explicit".into()).or_default() += amount;
            } else if path == "resident" || path == "resident-unique" {
                m.insert(format!("ext_process_{}", path.replace('-', "_")), *amount);
            }
        }
        let who = if path.starts_with(&background) {
            backgrounds.insert(path[background.len()..].split(')').next().unwrap_or_default().to_owned());
            "background"
        } else if let Some(at) = path.find(&panel) {
            panels.insert(path[..at].to_owned());
            "panel"
        } else {
            continue;
        };
        *m.entry(format!("{who}_explicit")).or_default() += amount;
        if path.contains("/js-realm(") || path.contains("/js-zone(") {
            *m.entry(format!("{who}_js")).or_default() += amount;
        }
        if path.ends_with("/class(ArrayBuffer)/objects/non-heap/elements/wasm") {
            *m.entry(format!("{who}_wasm_memory")).or_default() += amount;
        } else if path.ends_with("/code/wasm") {
            *m.entry(format!("{who}_wasm_code")).or_default() += amount;
        }
    }
    m.insert("panel_frames".into(), panels.len() as f64);
    let info =
        json!({ "extension": uuid, "background_window_ids": backgrounds, "panel_windows": panels.len() });
    Ok((m, info))
}

/// `dump`: also write every report to target/soak/firefox-memory-after-N.json.
async fn firefox_memory(b: &Browser, dump: Option<usize>) -> Result<(BTreeMap<String, f64>, Value)> {
    let out = b.firefox_chrome_js_async(FIREFOX_MEMORY, vec![Value::Bool(dump.is_some())]).await?;
    let parsed: Value = serde_json::from_str(out.as_str().unwrap_or("null"))?;
    if let Some(e) = parsed.get("error") {
        return Err(format!("about:memory: {e}").into());
    }
    let reports: Vec<(String, String, i64, f64)> = serde_json::from_value(parsed)?;
    if let Some(n) = dump {
        let path = harness::root().join(format!("target/soak/firefox-memory-after-{n}.json"));
        std::fs::write(&path, serde_json::to_string_pretty(&reports)?)?;
        eprintln!("soak: firefox: memory reports written to {}", path.display());
    }
    firefox_metrics(&reports)
}

// ---------------------------------------------------------------- the run

#[derive(Clone, Debug, Serialize)]
struct Sample {
    /// After this many resets.
    reset: usize,
    elapsed_s: f64,
    metrics: BTreeMap<String, f64>,
    info: Value,
}

#[derive(Debug, Default, Serialize)]
struct Run {
    engine: String,
    resets: usize,
    done: usize,
    failures: Vec<String>,
    duration_s: f64,
    reset_ms: Vec<f64>,
    password_submissions: u64,
    duplicate_submissions: u64,
    rebuilds_asked: usize,
    rebuilds_seen: usize,
    audit_entries: usize,
    audit_done: usize,
    audit_problems: Vec<String>,
    secrets_in_storage: usize,
    memory_method: String,
    memory_errors: Vec<String>,
    samples: Vec<Sample>,
    /// Requirements not met.
    problems: Vec<String>,
    aborted: Option<String>,
}

fn users() -> Result<Vec<String>> {
    let scenario = passwright_portal::Scenario::builtin("demo")?;
    let users: Vec<String> =
        scenario.users.iter().filter(|u| u.device.is_some()).take(USERS).map(|u| u.user_id.clone()).collect();
    if users.len() < USERS {
        return Err(format!("the demo scenario has {} users with a phone, not {USERS}", users.len()).into());
    }
    Ok(users)
}

/// One reset: the user's page, the launcher, the panel's one click (with the
/// rebuild when asked), until the panel shows the flow finished.
/// Returns (data-state, status text, the shown password when done).
async fn reset_once(
    b: &Browser,
    portal: &Portal,
    user: &str,
    rebuild: bool,
) -> Result<(String, String, String)> {
    b.goto(&portal.user_page(user)).await?;
    b.click_in("launcher", "open").await?;
    b.wait_state(&["idle"], Duration::from_secs(10)).await?;
    if rebuild {
        b.in_frame("panel", async |c| {
            let el = c.find(fantoccini::Locator::Css("#rebuild")).await?;
            if !el.is_selected().await? {
                el.click().await?;
            }
            Ok(())
        })
        .await?;
    }
    b.panel_click("reset-web").await?;
    let (state, text) = b.wait_state(&["done", "failed"], FLOW_TIMEOUT).await?;
    let shown = if state == "done" { b.panel_password().await? } else { String::new() };
    Ok((state, text, shown))
}

/// Dismisses the finished flow and waits for the panel to leave the page.
async fn dismiss(b: &Browser) -> Result<()> {
    b.panel_click("dismiss").await?;
    let deadline = Instant::now() + Duration::from_secs(10);
    while b.frame("panel").await?.is_some() {
        if Instant::now() > deadline {
            return Err("the panel stayed after Dismiss".into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Ok(())
}

fn sample_due(done_resets: usize, warmup: usize, total: usize) -> bool {
    done_resets == 1
        || done_resets == warmup
        || done_resets == total
        || (done_resets > warmup && (done_resets - warmup) % SAMPLE_EVERY == 0)
}

async fn measure(b: &Browser, dump: Option<usize>) -> Result<(BTreeMap<String, f64>, Value)> {
    match b.engine {
        Engine::Chromium => chromium_memory(b).await,
        Engine::Firefox => firefox_memory(b, dump).await,
    }
}

async fn soak(engine: Engine, resets: usize, warmup: usize, dump: bool, run: &mut Run) -> Result<()> {
    let users = users()?;
    let portal = Portal::start("demo", None)?;
    let control = portal.sim.control();
    let b = Browser::start(engine).await?;
    let result = async {
        let b = &b;
        b.login(&portal, portal.sim.admin_user_id(), portal.sim.admin_password()).await?;
        run.memory_method = match engine {
            Engine::Chromium => "DevTools: HeapProfiler.collectGarbage, Runtime.getHeapUsage, Runtime.queryObjects(WebAssembly.Memory.prototype)".into(),
            Engine::Firefox => "the memory reporters (about:memory's) after Minimize memory usage, from the chrome context".into(),
        };
        let mut shown_all: Vec<String> = Vec::new();
        let mut expected_users: Vec<(String, bool)> = Vec::new();
        let mut in_a_row = 0;
        let started = Instant::now();
        for i in 1..=resets {
            let user = &users[(i - 1) % users.len()];
            let rebuild = i % REBUILD_EVERY == REBUILD_EVERY / 2;
            let before = control.stats();
            let rebuilt_before = control.user(user).and_then(|u| u.devices.first().map(|d| d.rebuild_count));
            let t = Instant::now();
            let outcome = reset_once(b, &portal, user, rebuild).await;
            run.reset_ms.push(t.elapsed().as_secs_f64() * 1e3);
            run.resets = i;
            expected_users.push((user.clone(), rebuild));
            let after = control.stats();
            let mut failed = match &outcome {
                Ok((state, text, shown)) if state == "done" => {
                    shown_all.push(shown.clone());
                    if control.check_password(user, shown) == Some(true) {
                        None
                    } else {
                        Some(format!("the portal does not take the shown password ({} chars)", shown.len()))
                    }
                }
                Ok((state, text, _)) => Some(format!("ended {state}: {text}")),
                Err(e) => Some(e.to_string()),
            };
            let submitted = after.password_submissions - before.password_submissions;
            if failed.is_none() && submitted != 1 {
                failed = Some(format!("{submitted} Passwords-form submissions"));
            }
            if after.duplicate_submissions != before.duplicate_submissions {
                failed.get_or_insert_with(|| "a duplicate submission".into());
            }
            if rebuild {
                run.rebuilds_asked += 1;
                let rebuilt_after = control.user(user).and_then(|u| u.devices.first().map(|d| d.rebuild_count));
                match (rebuilt_before, rebuilt_after) {
                    (Some(x), Some(y)) if y == x + 1 => run.rebuilds_seen += 1,
                    (x, y) => {
                        failed.get_or_insert_with(|| format!("asked to rebuild: rebuild_count {x:?} -> {y:?}"));
                    }
                }
            }
            match failed {
                None => {
                    run.done += 1;
                    in_a_row = 0;
                }
                Some(why) => {
                    in_a_row += 1;
                    let shot = b.screenshot(&format!("soak-failure-{i}")).await.map(|p| p.display().to_string());
                    let line = format!("reset {i} ({user}{}): {why} (screenshot: {shot:?})", if rebuild { ", rebuild" } else { "" });
                    eprintln!("soak: {}: {line}", engine.name());
                    run.failures.push(line);
                    if in_a_row >= GIVE_UP_AFTER {
                        run.aborted = Some(format!("{GIVE_UP_AFTER} failures in a row at reset {i}"));
                        break;
                    }
                }
            }
            if sample_due(i, warmup, resets) && matches!(&outcome, Ok((s, _, _)) if s == "done") {
                match measure(b, dump.then_some(i)).await {
                    Ok((metrics, info)) => {
                        eprintln!("soak: {}: after {i} resets ({:.0} s): {}", engine.name(), started.elapsed().as_secs_f64(), brief(&metrics));
                        run.samples.push(Sample { reset: i, elapsed_s: started.elapsed().as_secs_f64(), metrics, info });
                    }
                    Err(e) => {
                        eprintln!("soak: {}: memory after {i} resets: {e}", engine.name());
                        run.memory_errors.push(format!("after {i} resets: {e}"));
                    }
                }
            }
            if let Err(e) = dismiss(b).await {
                // The next reset's page load recovers; it is counted there if not.
                eprintln!("soak: {}: reset {i}: dismiss: {e}", engine.name());
            }
            if i % 25 == 0 {
                eprintln!("soak: {}: {i} resets, {} done ({:.0} s)", engine.name(), run.done, started.elapsed().as_secs_f64());
            }
        }
        run.duration_s = started.elapsed().as_secs_f64();
        let stats = control.stats();
        run.password_submissions = stats.password_submissions;
        run.duplicate_submissions = stats.duplicate_submissions;

        // The audit log, from the extension's storage (read in the panel's context).
        b.goto(&portal.passwords_page(&users[0])).await?;
        b.wait_state(&["idle"], Duration::from_secs(15)).await?;
        let storage = b.extension_storage().await?;
        let text = storage.to_string();
        run.secrets_in_storage = shown_all.iter().filter(|s| !s.is_empty() && text.contains(s.as_str())).count();
        let audit = storage["local"]["audit"].as_array().cloned().unwrap_or_default();
        run.audit_entries = audit.len();
        run.audit_done = audit.iter().filter(|e| e["outcome"] == "done").count();
        for (n, (entry, (user, rebuild))) in audit.iter().zip(&expected_users).enumerate() {
            if entry["user_id"].as_str() != Some(user.as_str()) {
                run.audit_problems.push(format!("entry {}: user {} where {user} was reset", n + 1, entry["user_id"]));
            }
            let actions = entry["steps"].to_string().to_lowercase();
            if *rebuild && !actions.contains("rebuil") {
                run.audit_problems.push(format!("entry {}: no rebuild among {actions}", n + 1));
            }
        }
        Ok::<_, Box<dyn std::error::Error + Send + Sync>>(())
    }
    .await;
    if result.is_err() {
        let _ = b.screenshot("soak-abort").await;
    }
    b.stop().await;
    result
}

/// `--pages-only`: the same page loads without the resets (each step opens
/// the panel on the next user's page and starts nothing), with the same
/// memory samples: tells what the pages and the panel's connections cost the
/// background from what the flows cost it.
async fn pages_only(engine: Engine, loads: usize, warmup: usize, dump: bool, run: &mut Run) -> Result<()> {
    let users = users()?;
    let portal = Portal::start("demo", None)?;
    let b = Browser::start(engine).await?;
    let result = async {
        let b = &b;
        b.login(&portal, portal.sim.admin_user_id(), portal.sim.admin_password()).await?;
        let started = Instant::now();
        for i in 1..=loads {
            let t = Instant::now();
            b.goto(&portal.user_page(&users[(i - 1) % users.len()])).await?;
            b.click_in("launcher", "open").await?;
            b.wait_state(&["idle"], Duration::from_secs(10)).await?;
            run.reset_ms.push(t.elapsed().as_secs_f64() * 1e3);
            run.resets = i;
            if sample_due(i, warmup, loads) {
                let (metrics, info) = measure(b, dump.then_some(i)).await?;
                eprintln!("soak: {}: after {i} page loads: {}", engine.name(), brief(&metrics));
                run.samples.push(Sample {
                    reset: i,
                    elapsed_s: started.elapsed().as_secs_f64(),
                    metrics,
                    info,
                });
            }
        }
        run.duration_s = started.elapsed().as_secs_f64();
        Ok::<_, Box<dyn std::error::Error + Send + Sync>>(())
    }
    .await;
    b.stop().await;
    result
}

fn brief(m: &BTreeMap<String, f64>) -> String {
    m.iter()
        .filter(|(k, _)| !k.ends_with("_memories") && !k.ends_with("_frames"))
        .map(|(k, v)| format!("{k} {:.2} MB", v / 1e6))
        .collect::<Vec<_>>()
        .join(", ")
}

// ---------------------------------------------------------------- the report

/// The metrics the memory requirement applies to, per browser.
fn gated(engine: &str) -> &'static [&'static str] {
    match engine {
        "chromium" => &["sw_js_heap_used", "sw_wasm_memory", "panel_js_heap_used", "panel_wasm_memory"],
        _ => &[
            "background_explicit",
            "background_js",
            "background_wasm_memory",
            "panel_explicit",
            "panel_js",
            "panel_wasm_memory",
        ],
    }
}

#[derive(Debug, Serialize)]
struct Growth {
    metric: String,
    first: Option<f64>,
    after_warmup: Option<f64>,
    end: Option<f64>,
    growth_pct: Option<f64>,
    gated: bool,
}

fn growths(run: &Run, warmup: usize) -> Vec<Growth> {
    let first = run.samples.iter().find(|s| s.reset == 1);
    let warm = run.samples.iter().find(|s| s.reset == warmup);
    let end = run.samples.iter().rev().find(|s| s.reset == run.resets && s.reset > warmup);
    let mut names: Vec<String> = run.samples.iter().flat_map(|s| s.metrics.keys().cloned()).collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .filter(|n| !n.ends_with("_memories") && !n.ends_with("_frames"))
        .map(|metric| {
            let get = |s: Option<&Sample>| s.and_then(|s| s.metrics.get(&metric).copied());
            let (after_warmup, end) = (get(warm), get(end));
            let growth_pct = match (after_warmup, end) {
                (Some(w), Some(e)) if w > 0.0 => Some((e - w) / w * 100.0),
                _ => None,
            };
            Growth {
                gated: gated(&run.engine).contains(&metric.as_str()),
                first: get(first),
                after_warmup,
                end,
                growth_pct,
                metric,
            }
        })
        .collect()
}

/// Checks the requirements; fills `run.problems`.
fn judge(run: &mut Run, resets: usize, warmup: usize) {
    let mut p = Vec::new();
    if let Some(why) = &run.aborted {
        p.push(format!("aborted: {why}"));
    }
    if run.resets != resets {
        p.push(format!("{} of {resets} resets ran", run.resets));
    }
    if !run.failures.is_empty() {
        p.push(format!("{} failed resets", run.failures.len()));
    }
    if run.password_submissions != resets as u64 {
        p.push(format!("{} password submissions for {resets} resets", run.password_submissions));
    }
    if run.duplicate_submissions != 0 {
        p.push(format!("{} duplicate submissions", run.duplicate_submissions));
    }
    if run.audit_entries != resets.min(500) || run.audit_done != resets.min(500) {
        p.push(format!("audit: {} entries, {} done, for {resets} resets", run.audit_entries, run.audit_done));
    }
    if !run.audit_problems.is_empty() {
        p.push(format!("audit: {} entries out of order or incomplete", run.audit_problems.len()));
    }
    if run.secrets_in_storage != 0 {
        p.push(format!("{} shown passwords found in the extension's storage", run.secrets_in_storage));
    }
    if run.rebuilds_seen != run.rebuilds_asked {
        p.push(format!("{} of {} rebuilds happened", run.rebuilds_seen, run.rebuilds_asked));
    }
    let g = growths(run, warmup);
    for name in gated(&run.engine) {
        match g.iter().find(|x| x.metric == *name).and_then(|x| x.growth_pct) {
            Some(pct) if pct > GROWTH_LIMIT_PCT => {
                p.push(format!("{name} grew {pct:.1}% after the warm-up (limit {GROWTH_LIMIT_PCT}%)"))
            }
            Some(_) => {}
            None => p.push(format!("{name}: not measured after the warm-up and at the end")),
        }
    }
    run.problems = p;
}

fn mb(v: Option<f64>) -> String {
    v.map_or("–".into(), |v| format!("{:.2}", v / 1e6))
}

fn pct_of(v: &[f64], p: f64) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    if s.is_empty() {
        return f64::NAN;
    }
    s[((p / 100.0) * (s.len() - 1) as f64).round() as usize]
}

fn markdown(runs: &[Run], resets: usize, warmup: usize, notes: &str) -> String {
    let mut out = format!(
        "# Soak: {resets} one-click web password resets per browser\n\n{resets} consecutive resets over {USERS} demo users (round robin; every {REBUILD_EVERY}th, the 5th, 15th, …, also rebuilds the phone's files), one browser session each, headless, dev build of the extension, simulator in-process (classic skin). Memory growth: from the end of the warm-up ({warmup} resets) to the end; limit {GROWTH_LIMIT_PCT}% for the gated metrics. {notes}\n\n"
    );
    out.push_str("| | ");
    out.push_str(&runs.iter().map(|r| r.engine.as_str()).collect::<Vec<_>>().join(" | "));
    out.push_str(" |\n|---|");
    out.push_str(&"---|".repeat(runs.len()));
    out.push('\n');
    let row = |label: &str, f: &dyn Fn(&Run) -> String| {
        format!("| {label} | {} |\n", runs.iter().map(f).collect::<Vec<_>>().join(" | "))
    };
    out += &row("verdict", &|r| {
        if r.problems.is_empty() { "pass".into() } else { format!("**FAIL**: {}", r.problems.join("; ")) }
    });
    out += &row("duration", &|r| {
        format!("{:.0} s ({:.2} s per reset)", r.duration_s, r.duration_s / r.resets.max(1) as f64)
    });
    out += &row("reset time, median / p95 / max", &|r| {
        format!(
            "{:.0} / {:.0} / {:.0} ms",
            pct_of(&r.reset_ms, 50.0),
            pct_of(&r.reset_ms, 95.0),
            pct_of(&r.reset_ms, 100.0)
        )
    });
    out += &row("resets done / run", &|r| format!("{} / {}", r.done, r.resets));
    out += &row("failures", &|r| r.failures.len().to_string());
    out += &row("password submissions", &|r| r.password_submissions.to_string());
    out += &row("duplicate submissions", &|r| r.duplicate_submissions.to_string());
    out += &row("rebuilds done / asked", &|r| format!("{} / {}", r.rebuilds_seen, r.rebuilds_asked));
    out += &row("audit entries (done)", &|r| format!("{} ({})", r.audit_entries, r.audit_done));
    out += &row("shown passwords in storage", &|r| r.secrets_in_storage.to_string());
    out.push_str("\nMemory (MB; after the 1st reset / after the warm-up / at the end; growth from the warm-up to the end):\n\n| browser | metric | 1st | warm-up | end | growth |\n|---|---|---|---|---|---|\n");
    for r in runs {
        for g in growths(r, warmup) {
            out += &format!(
                "| {} | {}{} | {} | {} | {} | {} |\n",
                r.engine,
                g.metric,
                if g.gated { " (gated)" } else { "" },
                mb(g.first),
                mb(g.after_warmup),
                mb(g.end),
                g.growth_pct.map_or("–".into(), |p| format!("{p:+.1}%"))
            );
        }
    }
    for r in runs {
        out += &format!("\n{}: memory by {}.", r.engine, r.memory_method);
        if !r.samples.is_empty() {
            let at: Vec<String> = r.samples.iter().map(|s| s.reset.to_string()).collect();
            out += &format!(" Samples after {} resets (MB):\n\n", at.join(", "));
            for name in gated(&r.engine) {
                let series: Vec<String> =
                    r.samples.iter().map(|s| mb(s.metrics.get(*name).copied())).collect();
                out += &format!("- {name}: {}\n", series.join(", "));
            }
        }
        if !r.memory_errors.is_empty() {
            out += &format!(" Not measured: {}.", r.memory_errors.join("; "));
        }
        if !r.failures.is_empty() {
            out += &format!("\n\n{} failures:\n\n", r.engine);
            for f in &r.failures {
                out += &format!("- {f}\n");
            }
        }
        if !r.audit_problems.is_empty() {
            out += &format!(
                "\n\n{} audit: {}\n",
                r.engine,
                r.audit_problems.iter().take(10).cloned().collect::<Vec<_>>().join("; ")
            );
        }
    }
    out.push('\n');
    out
}

/// ISO 8601 UTC, seconds.
fn iso_now() -> String {
    let secs = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()) as f64;
    passwright::audit::iso8601(secs * 1000.0)
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "?".into())
}

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1).cloned())
}

fn main() -> Result<()> {
    let resets = arg("--resets").map_or(Ok(RESETS), |n| n.parse())?;
    let warmup = arg("--warmup").map_or(Ok(WARMUP.min(resets)), |n| n.parse())?;
    let only = arg("--only");
    let dump = std::env::args().any(|a| a == "--dump-memory");
    let pages = std::env::args().any(|a| a == "--pages-only");
    for dist in ["dist/chrome-dev", "dist/firefox-dev"] {
        if !harness::root().join(dist).join("manifest.json").is_file() {
            return Err(format!("{dist} is missing: run `cargo make build` first").into());
        }
    }
    let dir = harness::root().join("target/soak");
    std::fs::create_dir_all(&dir)?;
    let load_before = loadavg();
    let started = Instant::now();
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    let mut runs = Vec::new();
    for engine in [Engine::Chromium, Engine::Firefox] {
        if only.as_deref().is_some_and(|o| o != engine.name()) {
            continue;
        }
        let mut run = Run { engine: engine.name().into(), ..Run::default() };
        eprintln!("soak: {}: {resets} resets over {USERS} users", engine.name());
        let outcome = if pages {
            runtime.block_on(pages_only(engine, resets, warmup, dump, &mut run))
        } else {
            runtime.block_on(soak(engine, resets, warmup, dump, &mut run))
        };
        if let Err(e) = outcome {
            eprintln!("soak: {}: {e}", engine.name());
            run.aborted = Some(e.to_string());
        }
        if !pages {
            judge(&mut run, resets, warmup);
        }
        runs.push(run);
    }
    let notes = format!(
        "{}Measured {} on 2 cores shared with other work: the 1-minute load average was {load_before} before and {} after; the whole run took {:.0} s.",
        if pages {
            "Pages only (--pages-only): page loads that open the panel, no reset; the flow rows do not apply. "
        } else {
            ""
        },
        iso_now(),
        loadavg(),
        started.elapsed().as_secs_f64()
    );
    let md = markdown(&runs, resets, warmup, &notes);
    let report = json!({
        "measured_at": iso_now(),
        "resets": resets,
        "users": USERS,
        "warmup": warmup,
        "growth_limit_pct": GROWTH_LIMIT_PCT,
        "notes": notes,
        "browsers": runs.iter().map(|r| (r.engine.clone(), json!({
            "pass": r.problems.is_empty(),
            "run": r,
            "memory": growths(r, warmup),
        }))).collect::<serde_json::Map<String, Value>>(),
    });
    let full = resets == RESETS && only.is_none() && !pages;
    let stem = if full { "report" } else { "trial-report" };
    std::fs::write(dir.join(format!("{stem}.md")), &md)?;
    std::fs::write(dir.join(format!("{stem}.json")), serde_json::to_string_pretty(&report)? + "\n")?;
    println!("{md}");
    eprintln!("soak: wrote {}", dir.join(format!("{stem}.md")).display());
    let failed: Vec<&str> =
        runs.iter().filter(|r| !r.problems.is_empty()).map(|r| r.engine.as_str()).collect();
    if failed.is_empty() { Ok(()) } else { Err(format!("the soak failed in {}", failed.join(", ")).into()) }
}
