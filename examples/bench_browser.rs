//! `cargo make bench-browser`: the browser figures of the performance report
//! (benches/node/report.mjs), written to `target/bench/parts/browser.json`
//! with a section of details for the report, and every sample to
//! `target/bench/browser-samples.json`. A benchmark, not a test: nothing here
//! asserts on time; the run fails only when a step does not happen (a flow
//! that does not end in "done", a password the portal did not take).
//!
//! It reuses the end-to-end harness (tests/e2e/harness.rs): headless Chromium
//! through chromedriver and headless Firefox through geckodriver with the dev
//! build of the extension (dist/chrome-dev, dist/firefox-dev: `cargo make
//! build` first), and the portal simulator in-process (classic skin, demo
//! scenario, no injected latency). Times are read from the documents
//! themselves (`performance.timeOrigin + performance.now()`, navigation
//! timing, event timestamps); WebDriver's polling only waits, it never times
//! anything. Per browser, in one run:
//!
//! - `panel_ready_ms`, `page_load_ms`: 20 loads of the user's Passwords page.
//!   The page's DOMContentLoaded is `performance.timeOrigin` + the navigation
//!   entry's `domContentLoadedEventStart` (the moment the event fires); the
//!   panel's ready moment is its own `data-ready-at` stamp (src/web/panel.rs
//!   sets it, in epoch milliseconds, the first time it shows
//!   `data-state="idle"`). The two clocks belong to two processes: their
//!   offset is measured with postMessage round trips and reported.
//! - `flow_ms`, `flow_baseline_ms`: 20 of each, interleaved (the order
//!   alternating), each on a reset tenant with a fresh login, in two sessions
//!   of the same browser, with and without the extension. The flow: on the
//!   user page, open the panel; from the click on `[data-action=reset-web]`
//!   to the `data-done-at` stamp of the panel that first shows
//!   `data-state="done"`. The baseline, WebDriver alone: from the click on
//!   the user page's Passwords link, through choosing the web radio, typing a
//!   compliant password in both fields and pressing OK, to the
//!   DOMContentLoaded of the user page the portal returns. Both clicks are
//!   timed the same way: the event's own `timeStamp`, kept by a listener in
//!   the clicked document's sessionStorage (which the same origin reads again
//!   on a later page), the timestamp taken just before the click when absent.
//! - `agent_cost_ms.mutating` (Chromium): the agent on the same page while a
//!   script mutates it every 16 ms: its first run plus every callback it hands
//!   to a `MutationObserver` or `setTimeout`, over two seconds.
//! - `bulk_per_min`, `bulk_baseline_per_min`: one bulk run of 25 web resets
//!   with the extension (the pause between users 0), and the same 25 users
//!   reset by WebDriver alone through the portal's pages, one by one.
//! - `agent_cost_ms` (Chromium): main-thread time of the content script
//!   (extension/agent.js) on a page that is not a portal: a static page of
//!   typical size (and, for context, one with five times its article) served
//!   on loopback by a tiny server started here. The agent's own source runs
//!   in the page of the session without the extension (as
//!   tests/tools/dump-snapshots.mjs does) with a stand-in for the extension
//!   API whose `sendMessage` serializes the message as Chrome's messaging
//!   does (JSON), between two `performance.now()` marks: compiling and
//!   running the agent, its snapshot with the style and layout it forces, the
//!   serialization. Cross-check in situ: the real content script in the
//!   session with the extension, sampled by V8's profiler (Chrome DevTools
//!   Protocol through chromedriver) over a load of the same page.
//!
//!   cargo run --release --example bench_browser [-- --loads N] [--only chromium|firefox] [--write-pages DIR]
//!
//! A run with fewer loads or one browser writes target/bench/browser-trial*.json
//! instead of the report's part.

use passwright_harness as harness;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use fantoccini::{Client, Locator};
use harness::{Browser, Engine, Portal, Result, USER};
use passwright::policy::preset;
use passwright::{Context, Kind, Options, check, generate};
use passwright_portal::skin::Buttons;
use serde_json::{Value, json};

const TIMEOUT: Duration = Duration::from_secs(30);

/// Now, in epoch milliseconds, in the current browsing context.
const NOW: &str = "return performance.timeOrigin + performance.now();";

/// The page's own navigation timing.
const NAV: &str = "const n = performance.getEntriesByType('navigation')[0];
    return { origin: performance.timeOrigin, dcl_start: n.domContentLoadedEventStart,
             dcl_end: n.domContentLoadedEventEnd, load_end: n.loadEventEnd, url: location.href };";

/// The panel frame's own timing (when its document started, its
/// DOMContentLoaded: panel.html and its module scripts loaded), its stamps,
/// and the click time a [`CLICK`] listener left in its sessionStorage.
const PANEL: &str = "const n = performance.getEntriesByType('navigation')[0];
    const s = document.querySelector('[data-field=status]');
    return { origin: performance.timeOrigin, dcl_start: n.domContentLoadedEventStart,
             ready_at: s.getAttribute('data-ready-at'), done_at: s.getAttribute('data-done-at'),
             click_at: sessionStorage.getItem('passwright-bench-click') };";

/// Before a WebDriver click: a listener that keeps the click event's own
/// time (`performance.timeOrigin + event.timeStamp`) in the document's
/// sessionStorage, which outlives the document: the same origin in the same
/// tab reads it on a later page. Returns the time now, the fallback.
const CLICK: &str = "sessionStorage.removeItem('passwright-bench-click');
    document.addEventListener('click', (e) => sessionStorage.setItem('passwright-bench-click',
      String(performance.timeOrigin + e.timeStamp)), { capture: true, once: true });
    return performance.timeOrigin + performance.now();";

/// Runs the agent in the page with a stand-in for the extension API; returns
/// the milliseconds between the marks and what it sent.
const AGENT: &str = "const source = arguments[0];
    let sent = null;
    globalThis.browser = { runtime: { id: 'bench', onMessage: { addListener() {} },
      sendMessage: (m) => { sent = JSON.stringify(m); return Promise.resolve({}); } } };
    const t0 = performance.now();
    (0, eval)(source);
    const t1 = performance.now();
    delete globalThis.browser;
    const snapshot = sent ? JSON.parse(sent).snapshot : null;
    return { ms: t1 - t0, bytes: sent ? sent.length : 0, elements: document.getElementsByTagName('*').length,
             links: snapshot ? snapshot.links.length : 0, fields: snapshot ? snapshot.fields.length : 0,
             pairs: snapshot ? snapshot.pairs.length : 0 };";

/// How long the agent is watched on the mutating page.
const MUTATING_WINDOW_MS: u64 = 2000;

/// The agent on the mutating page: as [`AGENT`], and every callback it hands
/// to a `MutationObserver` or `setTimeout` (installed just before it runs, so
/// only the agent's own) timed between `performance.now()` marks over
/// `arguments[1]` ms. The page's own mutator runs on `setInterval`, which is
/// left alone.
const AGENT_MUTATING: &str = "const source = arguments[0]; const windowMs = arguments[1];
    const done = arguments[arguments.length - 1];
    let sent = 0;
    globalThis.browser = { runtime: { id: 'bench', onMessage: { addListener() {} },
      sendMessage: (m) => { JSON.stringify(m); sent++; return Promise.resolve({}); } } };
    let spent = 0;
    const timed = (f) => function (...a) { const t = performance.now(); try { return f.apply(this, a); } finally { spent += performance.now() - t; } };
    const MO = window.MutationObserver; const ST = window.setTimeout;
    window.MutationObserver = class extends MO { constructor(cb) { super(timed(cb)); } };
    window.setTimeout = (f, ms, ...a) => ST(typeof f === 'function' ? timed(f) : f, ms, ...a);
    const m0 = window.__mutations ?? 0;
    const t0 = performance.now();
    (0, eval)(source);
    const first = performance.now() - t0;
    ST(() => {
      window.MutationObserver = MO; window.setTimeout = ST; delete globalThis.browser;
      done({ first, ms: first + spent, sent, mutations: (window.__mutations ?? 0) - m0 });
    }, windowMs);";

/// Users in the bulk figures.
const BULK_USERS: usize = 25;

fn f64_of(v: &Value, key: &str) -> Result<f64> {
    v.get(key)
        .and_then(|x| x.as_f64().or_else(|| x.as_str().and_then(|s| s.parse().ok())))
        .ok_or_else(|| format!("no number {key} in {v}").into())
}

async fn now(c: &Client) -> Result<f64> {
    c.execute(NOW, vec![]).await?.as_f64().ok_or_else(|| "performance.now() did not answer".into())
}

/// The value of a figure over its samples.
fn median(v: &[f64]) -> Option<f64> {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    let n = s.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(s[n / 2]),
        _ => Some((s[n / 2 - 1] + s[n / 2]) / 2.0),
    }
}

/// Nearest-rank percentile.
fn pct(v: &[f64], p: f64) -> Option<f64> {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    (!s.is_empty()).then(|| s[((p / 100.0 * s.len() as f64).ceil() as usize).clamp(1, s.len()) - 1])
}

#[derive(Default, serde::Serialize)]
struct EngineSamples {
    panel_ready: Vec<f64>,
    page_load: Vec<f64>,
    /// domContentLoadedEventEnd - Start: the page's own DOMContentLoaded handlers.
    dcl_handlers: Vec<f64>,
    /// From the page's DOMContentLoaded to the panel's document starting
    /// (the agent at document_end, the background's answer to its light snapshot, the iframe).
    to_frame: Vec<f64>,
    /// From the panel's document starting to its DOMContentLoaded (panel.html, panel.js, passwright.js).
    frame_to_dcl: Vec<f64>,
    /// From the panel's DOMContentLoaded to ready (the wasm fetched, compiled and
    /// instantiated, the port to the background, the first state, the render).
    dcl_to_ready: Vec<f64>,
    flow: Vec<f64>,
    /// Of the flow: from the click to the navigation of the page where it ends.
    flow_to_last_page: Vec<f64>,
    /// Of the flow: from that page's DOMContentLoaded to the done stamp.
    flow_last_dcl_to_done: Vec<f64>,
    baseline: Vec<f64>,
    /// Of the baseline: from the click to the navigation of the user page (the OK).
    baseline_to_last_page: Vec<f64>,
    /// Both: the last page's own navigation start to DOMContentLoaded.
    flow_last_page_load: Vec<f64>,
    baseline_last_page_load: Vec<f64>,
    /// Samples whose click event time was not found (the timestamp before the click was used).
    click_fallbacks: usize,
    /// Requests the portal served during one flow / one baseline (after the login).
    flow_requests: Vec<f64>,
    baseline_requests: Vec<f64>,
    /// The panel frame's clock minus the page's (ms), and the uncertainty of that reading.
    clock_offset: Option<(f64, f64)>,
    /// WebDriver's click: from the script's timestamp before it to the event's timeStamp.
    click_latency: Vec<f64>,
    /// The same in the flows and baselines.
    flow_click_latency: Vec<f64>,
    baseline_click_latency: Vec<f64>,
    agent_cost: Vec<f64>,
    agent_cost_large: Vec<f64>,
    /// The agent on a page that mutates all the time: its first run plus its
    /// observer's and timers' callbacks over [`MUTATING_WINDOW_MS`].
    agent_cost_mutating: Vec<f64>,
    /// Of those: the first run alone, and the descriptions it sent in the window.
    agent_mutating_first: Vec<f64>,
    agent_mutating_sent: Vec<f64>,
    /// The page's own mutations in the window (for context).
    agent_mutating_mutations: Vec<f64>,
    /// A bulk run of [`BULK_USERS`] web resets with the extension (pause 0): users per minute.
    bulk_per_min: Option<f64>,
    /// The same users reset by WebDriver alone through the portal's pages, one by one.
    bulk_baseline_per_min: Option<f64>,
    /// Seconds of each.
    bulk_secs: Option<f64>,
    bulk_baseline_secs: Option<f64>,
    /// The real content script, sampled in the session with the extension (Chromium).
    agent_in_situ: Vec<f64>,
    /// Loads whose profile held no sample of the agent.
    agent_in_situ_missed: usize,
    agent_page: Option<Value>,
    agent_page_large: Option<Value>,
    errors: Vec<String>,
    /// Flows or baselines that failed and were left out of the figures.
    left_out: Vec<String>,
}

// ---------------------------------------------------------------- the non-portal page

/// A static page of typical size and shape (a documentation or news article:
/// navigation, sidebar, article with headings, paragraphs, a table, a search
/// form and a newsletter form, footer), `scale` times its article.
fn static_page(scale: usize) -> String {
    let mut h = String::from(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Harbour Notes: tides and timetables</title>\
         <style>body{font:16px/1.5 sans-serif;margin:0}header,footer{background:#eef;padding:8px}\
         nav a{margin-right:10px}.wrap{display:flex}aside{width:220px;padding:8px}main{flex:1;padding:8px}\
         table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px}.note{color:#555}</style></head><body>",
    );
    h.push_str("<header><a href=\"/\"><strong>Harbour Notes</strong></a><nav>");
    for i in 0..12 {
        h.push_str(&format!("<a href=\"/section/{i}\">Section {i}</a>"));
    }
    h.push_str("</nav><form role=\"search\" action=\"/search\"><label for=\"q\">Search</label> <input id=\"q\" name=\"q\" type=\"search\"> <button>Go</button></form></header>");
    h.push_str("<div class=\"wrap\"><aside><h2>Topics</h2><ul>");
    for i in 0..40 {
        h.push_str(&format!(
            "<li><a href=\"/topic/{i}\">Topic number {i}</a> <span class=\"note\">({} posts)</span></li>",
            i * 3 + 1
        ));
    }
    h.push_str("</ul></aside><main><article><h1>Reading the harbour's tide tables</h1>");
    h.push_str("<p class=\"note\">By <b>A. Writer</b>, updated <time>2026-11-20</time></p>");
    for s in 0..6 * scale {
        h.push_str(&format!("<h2>Part {s}: what the columns mean</h2>"));
        for p in 0..5 {
            h.push_str(&format!(
                "<p>Paragraph {p} of part {s}. The high and low water times are given in local time; \
                 <strong>add an hour</strong> in summer. See <a href=\"/glossary#{s}-{p}\">the glossary</a> \
                 for the terms, and <em>never</em> rely on a single source when the weather turns.</p>"
            ));
        }
        h.push_str("<ul>");
        for i in 0..4 {
            h.push_str(&format!("<li>Point {i}: <span>check the chart datum</span></li>"));
        }
        h.push_str("</ul>");
    }
    h.push_str("<h2>This week</h2><table><thead><tr><th>Day</th><th>High</th><th>Low</th><th>Range</th></tr></thead><tbody>");
    for d in 0..20 * scale {
        h.push_str(&format!(
            "<tr><td>Day {d}</td><td>0{}:1{}</td><td>1{}:4{}</td><td>{}.{} m</td></tr>",
            d % 10,
            d % 6,
            d % 10,
            d % 6,
            3 + d % 3,
            d % 10
        ));
    }
    h.push_str("</tbody></table>");
    h.push_str(
        "<section><h3>Newsletter</h3><form action=\"/subscribe\" method=\"post\">\
         <label>Email <input type=\"email\" name=\"email\" autocomplete=\"email\"></label> \
         <label><input type=\"checkbox\" name=\"weekly\"> Weekly digest</label> \
         <button type=\"submit\">Subscribe</button></form></section>",
    );
    h.push_str("</article></main></div><footer>");
    for i in 0..30 {
        h.push_str(&format!("<a href=\"/about/{i}\">Footer link {i}</a> "));
    }
    h.push_str("<p class=\"note\">&copy; 2026 Harbour Notes</p></footer></body></html>");
    h
}

/// The typical static page with a script that mutates it all the time, as a
/// live dashboard or a news ticker does: every 16 ms a ticker's text changes,
/// a table row's class toggles, an item is added to a feed and the oldest
/// removed (the page's structure keeps its counts).
fn mutating_page() -> String {
    let script = "<section><h3>Live</h3><p id=\"ticker\">0</p><ul id=\"feed\"></ul></section>\
        <script>window.__mutations = 0; let n = 0; const feed = document.getElementById('feed');\
        const ticker = document.getElementById('ticker'); const rows = document.querySelectorAll('tbody tr');\
        for (let i = 0; i < 20; i++) { const li = document.createElement('li'); li.textContent = 'item ' + i; feed.append(li); }\
        setInterval(() => { n++; window.__mutations++; ticker.textContent = 'tick ' + n;\
          rows[n % rows.length].classList.toggle('note');\
          const li = document.createElement('li'); li.textContent = 'item ' + (n + 20); feed.append(li); feed.firstElementChild.remove();\
        }, 16);</script>";
    static_page(1).replace("</footer></body>", &format!("</footer>{script}</body>"))
}

/// Serves `pages` (path, html) on loopback until the process ends, a thread
/// per connection (browsers open sockets ahead of use); returns the base URL.
fn serve(pages: Vec<(&'static str, String)>) -> Result<String> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let base = format!("http://{}", listener.local_addr()?);
    let pages = std::sync::Arc::new(pages);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let pages = pages.clone();
            std::thread::spawn(move || {
                let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
                let mut reader = BufReader::new(&stream);
                let mut request = String::new();
                if reader.read_line(&mut request).is_err() {
                    return;
                }
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).map_or(true, |n| n == 0) || line == "\r\n" {
                        break;
                    }
                }
                let path = request.split_whitespace().nth(1).unwrap_or("/");
                let response = match pages.iter().find(|(p, _)| *p == path) {
                    Some((_, body)) => format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                        body.len()
                    ),
                    None => {
                        "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_owned()
                    }
                };
                let _ = stream.write_all(response.as_bytes());
            });
        }
    });
    Ok(base)
}

// ---------------------------------------------------------------- measurements

/// The panel frame's clock minus the page's: (offset, ± uncertainty), from
/// postMessage pings between the two documents (page, panel, page: the
/// tightest of ten round trips, NTP-style).
async fn clock_offset(b: &Browser) -> Result<(f64, f64)> {
    b.in_frame("panel", async |c| {
        c.execute(
            "addEventListener('message', (e) => { if (e.data && e.data.passwrightBenchPing) \
               parent.postMessage({ passwrightBenchPong: performance.timeOrigin + performance.now() }, '*'); });",
            vec![],
        )
        .await?;
        Ok(())
    })
    .await?;
    let readings = b
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const frame = document.querySelector('[data-passwright=panel] > iframe').contentWindow;
             const out = [];
             let sent = 0;
             const ping = () => { sent = performance.timeOrigin + performance.now(); frame.postMessage({ passwrightBenchPing: true }, '*'); };
             addEventListener('message', (e) => {
               if (!e.data || e.data.passwrightBenchPong === undefined) return;
               out.push([sent, e.data.passwrightBenchPong, performance.timeOrigin + performance.now()]);
               if (out.length < 10) ping(); else done(out);
             });
             ping();",
            vec![],
        )
        .await?;
    let readings: Vec<[f64; 3]> = serde_json::from_value(readings)?;
    readings
        .iter()
        .map(|[a, p, z]| (p - (a + z) / 2.0, (z - a) / 2.0))
        .min_by(|x, y| x.1.total_cmp(&y.1))
        .ok_or_else(|| "no clock reading".into())
}

/// The Passwords page, loaded `loads` times in the session with the extension.
async fn panel_loads(b: &Browser, portal: &Portal, loads: usize, s: &mut EngineSamples) -> Result<()> {
    b.login(portal, portal.sim.admin_user_id(), portal.sim.admin_password()).await?;
    let url = portal.passwords_page(USER);
    for i in 0..loads {
        b.goto(&url).await?;
        b.wait_state(&["idle"], TIMEOUT).await?;
        // The stamp is set on the render that shows idle; read it once there.
        let panel = b.in_frame("panel", async |c| Ok(c.execute(PANEL, vec![]).await?)).await?;
        let nav = b.js(NAV, vec![]).await?;
        let origin = f64_of(&nav, "origin")?;
        let dcl = origin + f64_of(&nav, "dcl_start")?;
        let ready = f64_of(&panel, "ready_at")?;
        let frame_origin = f64_of(&panel, "origin")?;
        let frame_dcl = f64_of(&panel, "dcl_start")?;
        s.panel_ready.push(ready - dcl);
        s.page_load.push(f64_of(&nav, "dcl_start")?);
        s.dcl_handlers.push(f64_of(&nav, "dcl_end")? - f64_of(&nav, "dcl_start")?);
        s.to_frame.push(frame_origin - dcl);
        s.frame_to_dcl.push(frame_dcl);
        s.dcl_to_ready.push(ready - (frame_origin + frame_dcl));
        if i == 0 {
            s.clock_offset = Some(clock_offset(b).await?);
        }
    }
    Ok(())
}

/// The click's time: the event's, or the timestamp before it.
fn click_time(
    s: &mut EngineSamples,
    event: &Value,
    mark: f64,
    latencies: fn(&mut EngineSamples) -> &mut Vec<f64>,
) -> f64 {
    match event.as_str().and_then(|t| t.parse::<f64>().ok()) {
        Some(t) => {
            latencies(s).push(t - mark);
            t
        }
        None => {
            s.click_fallbacks += 1;
            mark
        }
    }
}

/// One one-click web reset with the extension, from the user page.
async fn flow_once(b: &Browser, portal: &Portal, s: &mut EngineSamples) -> Result<()> {
    let control = portal.sim.control();
    control.reset();
    b.login(portal, portal.sim.admin_user_id(), portal.sim.admin_password()).await?;
    b.goto(&portal.user_page(USER)).await?;
    b.click_in("launcher", "open").await?;
    b.wait_state(&["idle"], TIMEOUT).await?;
    // The guard refuses a click on a panel that has only just appeared.
    b.wait_settled(TIMEOUT).await?;
    let before = control.stats().requests;
    let frame = b.wait_frame("panel", TIMEOUT).await?;
    frame.enter_frame().await?;
    let button = b.client.find(Locator::Css("[data-action=reset-web]")).await?;
    if !(button.is_displayed().await? && button.is_enabled().await?) {
        return Err("reset-web is not clickable on the idle panel".into());
    }
    let mark = b.client.execute(CLICK, vec![]).await?.as_f64().ok_or("no timestamp")?;
    let clicked = button.click().await;
    let _ = b.client.enter_parent_frame().await;
    match clicked {
        Err(e) if !(e.to_string().contains("detached") || e.to_string().contains("no such frame")) => {
            return Err(e.into());
        }
        _ => {}
    }
    let (state, text) = b.wait_state(&["done", "failed"], TIMEOUT).await?;
    if state != "done" {
        return Err(format!("the flow ended {state}: {text}").into());
    }
    let panel = b.in_frame("panel", async |c| Ok(c.execute(PANEL, vec![]).await?)).await?;
    let nav = b.js(NAV, vec![]).await?;
    let done = f64_of(&panel, "done_at")?;
    let stats = control.stats();
    if stats.password_submissions != 1 || stats.duplicate_submissions != 0 {
        return Err(format!("the flow submitted {} time(s)", stats.password_submissions).into());
    }
    b.panel_click("dismiss").await?;
    let start = click_time(s, &panel["click_at"], mark, |s| &mut s.flow_click_latency);
    let (origin, dcl) = (f64_of(&nav, "origin")?, f64_of(&nav, "dcl_start")?);
    s.flow.push(done - start);
    s.flow_to_last_page.push(origin - start);
    s.flow_last_page_load.push(dcl);
    s.flow_last_dcl_to_done.push(done - (origin + dcl));
    s.flow_requests.push((stats.requests - before) as f64);
    Ok(())
}

/// The same steps driven by WebDriver alone (no extension).
async fn baseline_once(b: &Browser, portal: &Portal, s: &mut EngineSamples) -> Result<()> {
    let control = portal.sim.control();
    control.reset();
    b.login(portal, portal.sim.admin_user_id(), portal.sim.admin_password()).await?;
    let user_page = portal.user_page(USER);
    b.goto(&user_page).await?;
    let def = portal.sim.skin().def();
    let names = &def.names;
    let ok = match def.buttons {
        Buttons::OkApplyCancel { ok, .. } => ok,
        Buttons::SaveCancel { save, .. } => save,
    };
    let policy = preset("broadsmart")?.spec().policy(Kind::Web)?;
    let ctx = Context { user_id: Some(USER.into()), extension: Some("1001".into()), ..Default::default() };
    let password = generate(&policy, &ctx, &Options::default())?.secret;
    if !check(&policy, &ctx, &password).compliant() {
        return Err("the generated password does not comply".into());
    }
    let href = portal.sim.skin().paths().passwords.href(USER);
    let link = b.client.find(Locator::Css(&format!("a[href=\"{href}\"]"))).await?;
    let before = control.stats().requests;
    let wait = |css: String| async move {
        b.client.wait().at_most(TIMEOUT).every(Duration::from_millis(5)).for_element(Locator::Css(&css)).await
    };
    let mark = b.client.execute(CLICK, vec![]).await?.as_f64().ok_or("no timestamp")?;
    link.click().await?;
    wait(format!("input[type=radio][name=\"{}\"][value=\"{}\"]", names.kind, names.kind_web))
        .await?
        .click()
        .await?;
    wait(format!("input[name=\"{}\"]", names.new)).await?.send_keys(&password).await?;
    wait(format!("input[name=\"{}\"]", names.confirm)).await?.send_keys(&password).await?;
    wait(format!("[type=submit][name=\"{}\"]", ok.name)).await?.click().await?;
    let deadline = Instant::now() + TIMEOUT;
    let nav = loop {
        let nav = b.js(NAV, vec![]).await?;
        let url = nav.get("url").and_then(Value::as_str).unwrap_or_default();
        if url.starts_with(&user_page) && f64_of(&nav, "dcl_start").is_ok_and(|t| t > 0.0) {
            break nav;
        }
        if Instant::now() > deadline {
            return Err(format!("still at {url} waiting for the user page").into());
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let requests = (control.stats().requests - before) as f64;
    if control.check_password(USER, &password) != Some(true) {
        return Err("the portal did not take the baseline's password".into());
    }
    let event = b.js("return sessionStorage.getItem('passwright-bench-click');", vec![]).await?;
    let start = click_time(s, &event, mark, |s| &mut s.baseline_click_latency);
    let (origin, dcl) = (f64_of(&nav, "origin")?, f64_of(&nav, "dcl_start")?);
    s.baseline.push(origin + dcl - start);
    s.baseline_to_last_page.push(origin - start);
    s.baseline_last_page_load.push(dcl);
    s.baseline_requests.push(requests);
    Ok(())
}

/// A Chrome DevTools Protocol command through chromedriver.
#[derive(Debug)]
struct Cdp {
    cmd: &'static str,
    params: Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> std::result::Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/goog/cdp/execute", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(json!({ "cmd": self.cmd, "params": self.params }).to_string()))
    }
}

async fn cdp(b: &Browser, cmd: &'static str, params: Value) -> Result<Value> {
    Ok(b.client.issue_cmd(Cdp { cmd, params }).await?)
}

/// The cross-check of `agent_cost_ms`: the real content script in the
/// session with the extension, sampled by V8's profiler (every 50 µs) over
/// a load of the same page: the time of the samples with agent.js on the stack.
async fn agent_in_situ(b: &Browser, url: &str, loads: usize, s: &mut EngineSamples) -> Result<()> {
    b.goto(url).await?;
    cdp(b, "Profiler.enable", json!({})).await?;
    cdp(b, "Profiler.setSamplingInterval", json!({ "interval": 50 })).await?;
    for _ in 0..loads {
        cdp(b, "Profiler.start", json!({})).await?;
        b.goto(url).await?;
        tokio::time::sleep(Duration::from_millis(400)).await;
        let out = cdp(b, "Profiler.stop", json!({})).await?;
        let profile = &out["profile"];
        let nodes = profile["nodes"].as_array().ok_or("no profile")?;
        let mut parent = std::collections::HashMap::new();
        let mut is_agent = std::collections::HashMap::new();
        for n in nodes {
            let id = n["id"].as_i64().unwrap_or_default();
            is_agent.insert(id, n["callFrame"]["url"].as_str().is_some_and(|u| u.ends_with("/agent.js")));
            for c in n["children"].as_array().into_iter().flatten() {
                parent.insert(c.as_i64().unwrap_or_default(), id);
            }
        }
        let under_agent = |mut id: i64| loop {
            if is_agent.get(&id).copied().unwrap_or(false) {
                return true;
            }
            match parent.get(&id) {
                Some(&p) => id = p,
                None => return false,
            }
        };
        let samples = profile["samples"].as_array().ok_or("no samples")?;
        let deltas = profile["timeDeltas"].as_array().ok_or("no time deltas")?;
        // A sample's delta is the time since the previous sample: it belongs to this one.
        let micros: f64 = samples
            .iter()
            .zip(deltas)
            .filter(|(id, _)| under_agent(id.as_i64().unwrap_or_default()))
            .map(|(_, d)| d.as_f64().unwrap_or_default())
            .sum();
        // No sample under agent.js: the profiler did not see this load's agent (not a zero cost).
        if micros > 0.0 {
            s.agent_in_situ.push(micros / 1000.0);
        } else {
            s.agent_in_situ_missed += 1;
        }
    }
    cdp(b, "Profiler.disable", json!({})).await?;
    Ok(())
}

/// WebDriver's click latency: script timestamp, click, the event's own time.
async fn click_latency(b: &Browser, url: &str, s: &mut EngineSamples) -> Result<()> {
    b.goto(url).await?;
    b.js(
        "window.__clicks = []; document.addEventListener('click', (e) => { e.preventDefault(); \
         window.__clicks.push(performance.timeOrigin + e.timeStamp); }, true);",
        vec![],
    )
    .await?;
    let target = b.client.find(Locator::Css("h1")).await?;
    let mut starts = Vec::new();
    for _ in 0..7 {
        starts.push(now(&b.client).await?);
        target.click().await?;
    }
    let clicks: Vec<f64> = serde_json::from_value(b.js("return window.__clicks;", vec![]).await?)?;
    s.click_latency = starts.iter().zip(&clicks).map(|(a, b)| b - a).collect();
    Ok(())
}

/// The agent's cost on the non-portal pages, in the session without the extension.
async fn agent_loads(b: &Browser, base: &str, loads: usize, s: &mut EngineSamples) -> Result<()> {
    let agent = std::fs::read_to_string(harness::root().join("extension/agent.js"))?;
    for (path, out, page) in [
        ("/article", &mut s.agent_cost, &mut s.agent_page),
        ("/large", &mut s.agent_cost_large, &mut s.agent_page_large),
    ] {
        for _ in 0..loads {
            b.goto(&format!("{base}{path}")).await?;
            let r = b.js(AGENT, vec![json!(agent)]).await?;
            out.push(f64_of(&r, "ms")?);
            *page = Some(r);
        }
    }
    Ok(())
}

/// The agent's cost on the mutating page, in the session without the extension.
async fn agent_mutating_loads(b: &Browser, base: &str, loads: usize, s: &mut EngineSamples) -> Result<()> {
    let agent = std::fs::read_to_string(harness::root().join("extension/agent.js"))?;
    for _ in 0..loads {
        b.goto(&format!("{base}/mutating")).await?;
        let r = b.client.execute_async(AGENT_MUTATING, vec![json!(agent), json!(MUTATING_WINDOW_MS)]).await?;
        s.agent_cost_mutating.push(f64_of(&r, "ms")?);
        s.agent_mutating_first.push(f64_of(&r, "first")?);
        s.agent_mutating_sent.push(f64_of(&r, "sent")?);
        s.agent_mutating_mutations.push(f64_of(&r, "mutations")?);
    }
    Ok(())
}

/// The bulk run's progress in the panel: (done, total, rows not done).
async fn bulk_progress(b: &Browser) -> Result<(u32, u32, Vec<(String, String)>)> {
    b.in_frame("panel", async |c| {
        let script = "const p = document.querySelector('[data-field=bulk-progress]');
            const rows = [...document.querySelectorAll('[data-field=bulk-row]')].filter((r) => r.dataset.state !== 'done').map((r) => [r.dataset.user, r.dataset.state]);
            return [Number(p?.dataset.done ?? -1), Number(p?.dataset.total ?? -1), rows];";
        Ok(serde_json::from_value(c.execute(script, vec![]).await?)?)
    })
    .await
}

/// A bulk run of [`BULK_USERS`] web resets with the extension, the pause
/// between users set to 0: one ticked on the users list, the others pasted,
/// from the click on Start to the panel showing every user done. Returns the
/// users, for the baseline.
async fn bulk_once(b: &Browser, portal: &Portal, s: &mut EngineSamples) -> Result<Vec<String>> {
    let control = portal.sim.control();
    control.reset();
    b.login(portal, portal.sim.admin_user_id(), portal.sim.admin_password()).await?;
    b.goto(&portal.url(portal.sim.skin().paths().users)).await?;
    let listed = b.wait_bulk_checkboxes(TIMEOUT).await?;
    if listed.len() < BULK_USERS {
        return Err(format!("{} users listed, fewer than {BULK_USERS}", listed.len()).into());
    }
    let users = listed[..BULK_USERS].to_vec();
    let selector = format!("[data-passwright=select] input[data-user=\"{}\"]", users[0]);
    b.client.find(Locator::Css(&selector)).await?.click().await?;
    b.wait_frame("panel", TIMEOUT).await?;
    b.wait_settled(TIMEOUT).await?;
    // The pause between users to 0, from the panel's own context (the
    // extension's storage), once the panel's page is there to ask.
    let script = "const api = globalThis.browser ?? globalThis.chrome; const done = arguments[0];
        if (!api?.storage) { done(JSON.stringify('not yet')); } else {
        api.storage.local.get('settings').then((s) => api.storage.local.set({ settings: { ...(s.settings ?? {}), bulk_pause_ms: 0 } }))
          .then(() => api.storage.local.get('settings')).then((s) => done(JSON.stringify(s.settings?.bulk_pause_ms ?? null)), (e) => done(JSON.stringify(String(e)))); }";
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let r = b.in_frame("panel", async |c| Ok(c.execute_async(script, vec![]).await?)).await;
        match r {
            Ok(v) if v.as_str() == Some("0") => break,
            other if Instant::now() > deadline => {
                return Err(format!("setting the bulk pause to 0: {other:?}").into());
            }
            _ => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    }
    let pasted = users[1..].join("\n");
    b.in_frame("panel", async |c| {
        c.find(Locator::Css("[data-field=bulk-list]")).await?.send_keys(&pasted).await?;
        Ok(())
    })
    .await?;
    let started = Instant::now();
    b.panel_click("bulk-start").await?;
    let deadline = started + Duration::from_secs(600);
    loop {
        if let Ok((done, total, open)) = bulk_progress(b).await {
            if total > 0 && done == total {
                if total as usize != BULK_USERS || !open.is_empty() {
                    return Err(format!("the run ended {done} of {total}, not done: {open:?}").into());
                }
                break;
            }
        }
        if Instant::now() > deadline {
            return Err("the bulk run did not finish in 600 s".into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let secs = started.elapsed().as_secs_f64();
    let stats = control.stats();
    if stats.password_submissions != BULK_USERS as u64 || stats.duplicate_submissions != 0 {
        return Err(format!("the bulk run submitted {} time(s)", stats.password_submissions).into());
    }
    s.bulk_secs = Some(secs);
    s.bulk_per_min = Some(BULK_USERS as f64 * 60.0 / secs);
    b.panel_click("bulk-dismiss").await.ok();
    Ok(users)
}

/// The same users reset by WebDriver alone, one by one through the portal's
/// pages: the user page, its Passwords link, the web radio, a compliant
/// password typed in both fields, OK, the user page again.
async fn bulk_baseline_once(
    b: &Browser,
    portal: &Portal,
    users: &[String],
    s: &mut EngineSamples,
) -> Result<()> {
    let control = portal.sim.control();
    control.reset();
    b.login(portal, portal.sim.admin_user_id(), portal.sim.admin_password()).await?;
    let def = portal.sim.skin().def();
    let names = &def.names;
    let ok = match def.buttons {
        Buttons::OkApplyCancel { ok, .. } => ok,
        Buttons::SaveCancel { save, .. } => save,
    };
    let policy = preset("broadsmart")?.spec().policy(Kind::Web)?;
    let wait = |css: String| async move {
        b.client.wait().at_most(TIMEOUT).every(Duration::from_millis(5)).for_element(Locator::Css(&css)).await
    };
    let started = Instant::now();
    for user in users {
        let extension = control.user(user).map(|u| u.extension);
        let ctx = Context { user_id: Some(user.clone()), extension, ..Default::default() };
        let password = generate(&policy, &ctx, &Options::default())?.secret;
        let user_page = portal.user_page(user);
        b.goto(&user_page).await?;
        let href = portal.sim.skin().paths().passwords.href(user);
        b.client.find(Locator::Css(&format!("a[href=\"{href}\"]"))).await?.click().await?;
        wait(format!("input[type=radio][name=\"{}\"][value=\"{}\"]", names.kind, names.kind_web))
            .await?
            .click()
            .await?;
        wait(format!("input[name=\"{}\"]", names.new)).await?.send_keys(&password).await?;
        wait(format!("input[name=\"{}\"]", names.confirm)).await?.send_keys(&password).await?;
        wait(format!("[type=submit][name=\"{}\"]", ok.name)).await?.click().await?;
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let nav = b.js(NAV, vec![]).await?;
            let url = nav.get("url").and_then(Value::as_str).unwrap_or_default();
            if url.starts_with(&user_page) && f64_of(&nav, "dcl_start").is_ok_and(|t| t > 0.0) {
                break;
            }
            if Instant::now() > deadline {
                return Err(format!("still at {url} waiting for the user page").into());
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        if control.check_password(user, &password) != Some(true) {
            return Err(format!("the portal did not take the baseline's password for {user}").into());
        }
    }
    let secs = started.elapsed().as_secs_f64();
    s.bulk_baseline_secs = Some(secs);
    s.bulk_baseline_per_min = Some(users.len() as f64 * 60.0 / secs);
    Ok(())
}

async fn run_engine(engine: Engine, loads: usize, static_base: &str) -> EngineSamples {
    let mut s = EngineSamples::default();
    if let Err(e) = run_engine_inner(engine, loads, static_base, &mut s).await {
        eprintln!("bench-browser: {}: {e}", engine.name());
        s.errors.push(e.to_string());
    }
    s
}

async fn run_engine_inner(
    engine: Engine,
    loads: usize,
    static_base: &str,
    s: &mut EngineSamples,
) -> Result<()> {
    let name = engine.name();
    let ext = Browser::start(engine).await?;
    let plain = match Browser::start_without_extension(engine).await {
        Ok(p) => p,
        Err(e) => {
            ext.stop().await;
            return Err(e);
        }
    };
    let result = async {
        let t = Instant::now();
        if engine == Engine::Chromium {
            agent_loads(&plain, static_base, loads, s).await?;
            agent_mutating_loads(&plain, static_base, loads.div_ceil(2), s).await?;
            agent_in_situ(&ext, &format!("{static_base}/article"), loads, s).await?;
            eprintln!("bench-browser: {name}: agent cost on {loads}+{loads} loads ({:.0?})", t.elapsed());
        }
        click_latency(&plain, &format!("{static_base}/article"), s).await?;
        let t = Instant::now();
        let portal = Portal::start("demo", None)?;
        panel_loads(&ext, &portal, loads, s).await?;
        eprintln!("bench-browser: {name}: {loads} Passwords page loads ({:.0?})", t.elapsed());
        let t = Instant::now();
        let plain_portal = Portal::start("demo", None)?;
        // A sample that fails (a click the guard refused on a loaded machine)
        // is reported and left out; more than half failing ends the run.
        let mut failed = 0;
        for i in 0..loads {
            let (a, b) = if i % 2 == 0 {
                (flow_once(&ext, &portal, s).await, baseline_once(&plain, &plain_portal, s).await)
            } else {
                let b = baseline_once(&plain, &plain_portal, s).await;
                (flow_once(&ext, &portal, s).await, b)
            };
            for (what, r) in [("flow", a), ("baseline", b)] {
                if let Err(e) = r {
                    eprintln!("bench-browser: {name}: {what} {i}: {e}");
                    s.left_out.push(format!("{what} {i}: {e}"));
                    failed += 1;
                }
            }
            if failed > loads {
                return Err(format!("{failed} flows or baselines failed").into());
            }
        }
        eprintln!("bench-browser: {name}: {loads} flows and {loads} baselines ({:.0?})", t.elapsed());
        let t = Instant::now();
        let users = bulk_once(&ext, &portal, s).await?;
        bulk_baseline_once(&plain, &plain_portal, &users, s).await?;
        eprintln!(
            "bench-browser: {name}: a bulk run of {BULK_USERS} users and its baseline ({:.0?})",
            t.elapsed()
        );
        Ok::<_, Box<dyn std::error::Error + Send + Sync>>(())
    }
    .await;
    ext.stop().await;
    plain.stop().await;
    result
}

// ---------------------------------------------------------------- the report part

/// ISO 8601 UTC, seconds.
fn iso_now() -> String {
    let secs = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()) as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Civil from days (H. Hinnant).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

fn spread(v: &[f64]) -> String {
    match (median(v), pct(v, 25.0), pct(v, 75.0), pct(v, 0.0), pct(v, 100.0)) {
        (Some(m), Some(a), Some(b), Some(lo), Some(hi)) => {
            format!("{m:.1} (IQR {a:.1} to {b:.1}; min {lo:.1}, max {hi:.1}; n = {})", v.len())
        }
        _ => "not measured".to_owned(),
    }
}

fn markdown(chromium: &EngineSamples, firefox: &EngineSamples, loads: usize, run: &str) -> String {
    let mut md = String::from("### Browser figures (`cargo make bench-browser`)\n\n");
    md.push_str("Milliseconds: median (interquartile range; min, max; number of samples). ");
    md.push_str("Headless, classic skin, demo scenario, no injected latency; each browser in one run.\n\n");
    md.push_str("| figure | Chromium | Firefox |\n|---|---|---|\n");
    type Get = fn(&EngineSamples) -> &Vec<f64>;
    let rows: [(&str, Get); 25] = [
        ("**panel_ready_ms**: the page's DOMContentLoaded to the panel's ready stamp", |s| &s.panel_ready),
        (
            "↳ DOMContentLoaded to the panel's document starting (the agent at document_end, its light snapshot to the background, the core's answer with the frames, the iframe)",
            |s| &s.to_frame,
        ),
        (
            "↳ the panel's document starting to its DOMContentLoaded (panel.html, panel.js, passwright.js)",
            |s| &s.frame_to_dcl,
        ),
        (
            "↳ the panel's DOMContentLoaded to ready (the wasm fetched, compiled, instantiated; the port to the background; the first state; the render)",
            |s| &s.dcl_to_ready,
        ),
        ("**page_load_ms**: the Passwords page's navigation start to DOMContentLoaded", |s| &s.page_load),
        ("the page's DOMContentLoaded handlers (End − Start)", |s| &s.dcl_handlers),
        ("**flow_ms**: the click on reset-web to the done stamp", |s| &s.flow),
        ("↳ the click to the navigation of the last page (the user page after OK)", |s| {
            &s.flow_to_last_page
        }),
        ("↳ the last page's navigation start to its DOMContentLoaded", |s| &s.flow_last_page_load),
        ("↳ the last page's DOMContentLoaded to the done stamp", |s| &s.flow_last_dcl_to_done),
        (
            "**flow_baseline_ms**: WebDriver alone, the click on Passwords to the user page's DOMContentLoaded",
            |s| &s.baseline,
        ),
        (
            "↳ the click to the navigation of the user page (WebDriver: the Passwords page, radio, typing, OK)",
            |s| &s.baseline_to_last_page,
        ),
        ("↳ the user page's navigation start to its DOMContentLoaded", |s| &s.baseline_last_page_load),
        ("portal requests per flow (after the login)", |s| &s.flow_requests),
        ("portal requests per baseline (after the login)", |s| &s.baseline_requests),
        ("WebDriver's click on a static page: the script's timestamp to the event's timeStamp", |s| {
            &s.click_latency
        }),
        ("the same before the flow's click", |s| &s.flow_click_latency),
        ("the same before the baseline's click", |s| &s.baseline_click_latency),
        ("**agent_cost_ms**: the agent on the typical static page", |s| &s.agent_cost),
        ("the agent on the same page with 5 times the article", |s| &s.agent_cost_large),
        (
            "**agent_cost_ms.mutating**: the agent on the typical page mutating every 16 ms, its first run and its callbacks over the window",
            |s| &s.agent_cost_mutating,
        ),
        ("↳ its first run alone", |s| &s.agent_mutating_first),
        ("↳ descriptions it sent in the window (debounced, bounded)", |s| &s.agent_mutating_sent),
        ("↳ the page's own mutation ticks in the window", |s| &s.agent_mutating_mutations),
        (
            "cross-check: the real content script on the typical page, sampled by V8's profiler (samples with agent.js on the stack)",
            |s| &s.agent_in_situ,
        ),
    ];
    for (what, get) in rows {
        let (c, f) = (get(chromium), get(firefox));
        if c.is_empty() && f.is_empty() {
            continue;
        }
        let cell = |v: &Vec<f64>| if v.is_empty() { "—".to_owned() } else { spread(v) };
        md.push_str(&format!("| {what} | {} | {} |\n", cell(c), cell(f)));
    }
    md.push('\n');
    for (name, s) in [("Chromium", chromium), ("Firefox", firefox)] {
        if let Some((offset, u)) = s.clock_offset {
            md.push_str(&format!(
                "- {name}: the panel frame's clock (`performance.timeOrigin + performance.now()`, another process) \
                 read {offset:+.2} ms from the page's, ± {u:.2} ms (half the shortest of ten postMessage round trips; \
                 {}): the page-to-panel figures are not corrected for it.\n",
                if name == "Firefox" { "Firefox's clocks tick in whole milliseconds" } else { "Chromium's in 0.1 ms" }
            ));
        }
        if let (Some(first), Some(m)) = (s.panel_ready.first(), median(&s.panel_ready)) {
            md.push_str(&format!(
                "- {name}: the first of the loads (a fresh browser: the extension's processes and the wasm still cold) \
                 took {first:.1} ms to ready; the median with it is {m:.1} ms.\n"
            ));
        }
        if s.agent_in_situ_missed > 0 {
            md.push_str(&format!(
                "- {name}: {} of the in-situ profiles held no sample of the agent (left out of the cross-check).\n",
                s.agent_in_situ_missed
            ));
        }
        if s.click_fallbacks > 0 {
            md.push_str(&format!(
                "- {name}: {} click(s) without the event's time: the timestamp before the click was used.\n",
                s.click_fallbacks
            ));
        }
        if let (Some(bulk), Some(secs)) = (s.bulk_per_min, s.bulk_secs) {
            md.push_str(&format!(
                "- {name}: a bulk run of {BULK_USERS} users with the extension (pause 0): {secs:.1} s, {bulk:.1} users/min.\n"
            ));
        }
        if let (Some(base), Some(secs)) = (s.bulk_baseline_per_min, s.bulk_baseline_secs) {
            md.push_str(&format!(
                "- {name}: the same {BULK_USERS} users by WebDriver alone: {secs:.1} s, {base:.1} users/min.\n"
            ));
        }
        for e in &s.left_out {
            md.push_str(&format!("- {name}: left out of the figures: {e}\n"));
        }
        for e in &s.errors {
            md.push_str(&format!("- {name}: **error**: {e}\n"));
        }
    }
    for (what, page) in [("typical", &chromium.agent_page), ("large", &chromium.agent_page_large)] {
        if let Some(p) = page {
            md.push_str(&format!(
                "- The {what} static page: {} elements; the agent's snapshot held {} links, {} fields, {} label/value pairs, {} bytes as JSON.\n",
                p["elements"], p["links"], p["fields"], p["pairs"], p["bytes"]
            ));
        }
    }
    md.push_str(&format!(
        "- {loads} samples per figure; raw samples in `target/bench/browser-samples.json`. {run}\n"
    ));
    md
}

fn part(chromium: &EngineSamples, firefox: &EngineSamples, loads: usize, run: &str) -> Value {
    let m = |v: &Vec<f64>| median(v).map(|x| (x * 10.0).round() / 10.0);
    let r = |v: Option<f64>| v.map(|x| (x * 10.0).round() / 10.0);
    json!({
        "panel_ready_ms": { "chromium": m(&chromium.panel_ready), "firefox": m(&firefox.panel_ready) },
        "page_load_ms": { "chromium": m(&chromium.page_load), "firefox": m(&firefox.page_load) },
        "agent_cost_ms": { "chromium": m(&chromium.agent_cost), "mutating": m(&chromium.agent_cost_mutating) },
        "bulk_per_min": { "chromium": r(chromium.bulk_per_min), "firefox": r(firefox.bulk_per_min) },
        "bulk_baseline_per_min": { "chromium": r(chromium.bulk_baseline_per_min), "firefox": r(firefox.bulk_baseline_per_min) },
        "flow_ms": { "chromium": m(&chromium.flow), "firefox": m(&firefox.flow) },
        "flow_baseline_ms": { "chromium": m(&chromium.baseline), "firefox": m(&firefox.baseline) },
        "_meta": {
            "source": "cargo make bench-browser (examples/bench_browser.rs)",
            "measured_at": iso_now(),
            "notes": [
                format!("medians of {loads} loads, flows or runs per browser; headless; the dev build of the extension; the simulator in-process (classic skin, demo scenario, no injected latency)"),
                "panel_ready_ms: the panel's data-ready-at stamp (performance.timeOrigin + performance.now() when it first shows data-state=idle) minus the Passwords page's performance.timeOrigin + domContentLoadedEventStart; page_load_ms: that domContentLoadedEventStart, from navigation start, in the same loads",
                "flow_ms: from the click on reset-web (the event's timeStamp, in the panel on the user page) to the data-done-at stamp of the panel that first shows data-state=done; each flow on a reset tenant after a fresh login",
                "flow_baseline_ms: a second session of the same browser without the extension, interleaved with the flows: from the click on the user page's Passwords link (the event's timeStamp), through the web radio, a compliant password typed in both fields and OK, to the DOMContentLoaded of the user page the portal returns",
                "agent_cost_ms: extension/agent.js run in a static non-portal page on 127.0.0.1 with a stand-in extension API whose sendMessage JSON-serializes the message, between performance.now() marks (compile, run, the snapshot with the layout it forces, serialization); cross-checked in situ with V8's sampling profiler on the real content script".to_owned(),
                format!("agent_cost_ms.mutating (Chromium): the same page with a script that mutates it every 16 ms (a ticker's text, a row's class, a feed item added and the oldest removed); the agent run as for agent_cost_ms, plus every callback it hands to MutationObserver or setTimeout (wrapped just before it runs) timed over {MUTATING_WINDOW_MS} ms: its first run and its reactions to the page's changes; the continuations of its promises are not counted"),
                format!("bulk_per_min: one run of {BULK_USERS} web-password resets with the extension, the pause between users 0 (one user ticked on the users list, the others pasted), from the click on Start to the panel's progress showing every user done (polled every 50 ms); bulk_baseline_per_min: the same users, in a session without the extension, reset by WebDriver through the portal's pages one by one (user page, Passwords link, web radio, a compliant password typed twice, OK, the user page again); one run each per browser, the simulator without injected latency"),
            ],
            "markdown": markdown(chromium, firefox, loads, run),
        }
    })
}

/// The 1-minute load average (other work on the machine skews the figures).
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
    const LOADS: usize = 20;
    let loads = arg("--loads").map_or(Ok(LOADS), |n| n.parse())?;
    let only = arg("--only");
    for dist in ["dist/chrome-dev", "dist/firefox-dev"] {
        if !harness::root().join(dist).join("manifest.json").is_file() {
            return Err(format!("{dist} is missing: run `cargo make build` first").into());
        }
    }
    if let Some(dir) = arg("--write-pages") {
        // For inspection: the static pages the agent is timed on.
        std::fs::create_dir_all(&dir)?;
        std::fs::write(PathBuf::from(&dir).join("article.html"), static_page(1))?;
        std::fs::write(PathBuf::from(&dir).join("large.html"), static_page(5))?;
        std::fs::write(PathBuf::from(&dir).join("mutating.html"), mutating_page())?;
    }
    let load_before = loadavg();
    let base = serve(vec![
        ("/article", static_page(1)),
        ("/large", static_page(5)),
        ("/mutating", mutating_page()),
    ])?;
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    let wanted = |e: Engine| only.as_deref().is_none_or(|o| o == e.name());
    let started = Instant::now();
    let (chromium, firefox) = runtime.block_on(async {
        let c = if wanted(Engine::Chromium) {
            run_engine(Engine::Chromium, loads, &base).await
        } else {
            EngineSamples::default()
        };
        let f = if wanted(Engine::Firefox) {
            run_engine(Engine::Firefox, loads, &base).await
        } else {
            EngineSamples::default()
        };
        (c, f)
    });
    let bench = harness::root().join("target/bench");
    std::fs::create_dir_all(bench.join("parts"))?;
    let samples =
        json!({ "chromium": chromium, "firefox": firefox, "loads": loads, "measured_at": iso_now() });
    // Only a full run replaces the report's part; a trial run writes beside it.
    let full = loads == LOADS && only.is_none();
    let (part_path, samples_path): (PathBuf, PathBuf) = if full {
        (bench.join("parts/browser.json"), bench.join("browser-samples.json"))
    } else {
        (bench.join("browser-trial.json"), bench.join("browser-trial-samples.json"))
    };
    std::fs::write(&samples_path, serde_json::to_string_pretty(&samples)? + "\n")?;
    let run = format!(
        "The run took {:.0} s; the machine's 1-minute load average was {load_before} before it and {} after (2 cores).",
        started.elapsed().as_secs_f64(),
        loadavg()
    );
    std::fs::write(
        &part_path,
        serde_json::to_string_pretty(&part(&chromium, &firefox, loads, &run))? + "\n",
    )?;
    eprintln!("bench-browser: wrote {}", part_path.display());
    println!("{}", markdown(&chromium, &firefox, loads, &run));
    let errors: Vec<&String> = chromium.errors.iter().chain(&firefox.errors).collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(format!("{} browser(s) failed: see above", errors.len()).into())
    }
}
