//! The end-to-end harness: a real browser (headless Chromium through
//! chromedriver, headless Firefox through geckodriver) with the dev build of
//! the extension, driven by WebDriver against the portal simulator running
//! in-process with its strict Content-Security-Policy.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use passwright_portal::{BackgroundPortal, Config, Scenario, Skin};
use serde_json::{Value, json};
use tokio::process::{Child, Command};

/// The harness's errors.
pub type Error = Box<dyn std::error::Error + Send + Sync>;
pub type Result<T> = std::result::Result<T, Error>;

/// The browsers under test.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Chromium,
    Firefox,
}

impl Engine {
    pub fn name(self) -> &'static str {
        match self {
            Engine::Chromium => "chromium",
            Engine::Firefox => "firefox",
        }
    }
}

/// Which build of the extension a browser gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Build {
    /// `dist/chrome-dev`, `dist/firefox-dev`: the loopback hosts granted at install.
    Dev,
    /// `dist/chrome`, `dist/firefox`: what users install, no host granted.
    Production,
}

impl Build {
    /// The unpacked extension's directory for `engine`.
    pub fn dir(self, engine: Engine) -> PathBuf {
        let name = match (engine, self) {
            (Engine::Chromium, Build::Dev) => "chrome-dev",
            (Engine::Chromium, Build::Production) => "chrome",
            (Engine::Firefox, Build::Dev) => "firefox-dev",
            (Engine::Firefox, Build::Production) => "firefox",
        };
        root().join("dist").join(name)
    }

    /// The id Chromium gives this build unpacked: the SHA-256 of its absolute
    /// path, the first 32 hex digits written with the letters a to p.
    pub fn chromium_id(self) -> Result<String> {
        use std::io::Write;
        let path = self.dir(Engine::Chromium);
        let mut child =
            std::process::Command::new("sha256sum").stdin(Stdio::piped()).stdout(Stdio::piped()).spawn()?;
        child.stdin.take().ok_or("no stdin")?.write_all(path.as_os_str().as_encoded_bytes())?;
        let out = child.wait_with_output()?;
        let hex = String::from_utf8(out.stdout)?;
        Ok(hex
            .chars()
            .take(32)
            .map(|c| {
                let digit = c.to_digit(16).unwrap_or(0) as u8;
                char::from(b'a' + digit)
            })
            .collect())
    }
}

/// The uuid Firefox gives our add-on in the harness (the pref
/// `extensions.webextensions.uuids`), so that its pages' addresses are known.
pub const FIREFOX_UUID: &str = "6f1d2c3b-4a5e-4f60-8a71-92b3c4d5e6f7";

/// The gecko id of the extension (extension/manifest.json).
pub const GECKO_ID: &str = "passwright@passwright.dev";

/// How to start a browser, beyond the defaults of [`Browser::start`].
#[derive(Clone, Debug)]
pub struct Launch {
    /// The build of the extension; `None`: no extension.
    pub build: Option<Build>,
    /// A profile kept when the browser stops (Chromium only).
    pub profile: Option<PathBuf>,
    /// More Chromium command-line switches.
    pub args: Vec<String>,
    /// Whether WebDriver waits for page loads.
    pub wait_for_loads: bool,
    /// The browser's `HOME` (Firefox reads managed storage from
    /// `$HOME/.mozilla/managed-storage/`); `None`: the test's own.
    pub home: Option<PathBuf>,
}

impl Launch {
    /// The defaults: this build, a fresh profile, waiting for loads.
    pub fn new(build: Build) -> Launch {
        Launch { build: Some(build), profile: None, args: Vec::new(), wait_for_loads: true, home: None }
    }
}

pub fn root() -> PathBuf {
    // The workspace root: this crate lives in src/harness.
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap_or_else(|_| PathBuf::from("."))
}

/// Where tests leave screenshots.
pub fn artifacts() -> PathBuf {
    let dir = root().join("target").join("e2e-artifacts");
    let _ = std::fs::create_dir_all(&dir);
    dir
}

fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|dir| Path::new(dir).join(name))
        .find(|p| p.is_file())
        .or_else(|| {
            let home = std::env::var_os("HOME")?;
            Some(Path::new(&home).join(".cargo/bin").join(name)).filter(|p| p.is_file())
        })
}

/// geckodriver's "install a temporary add-on" endpoint.
#[derive(Debug)]
struct InstallAddon {
    path: String,
}

impl WebDriverCompatibleCommand for InstallAddon {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> std::result::Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/moz/addon/install", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(json!({ "path": self.path, "temporary": true }).to_string()))
    }
}

/// Marionette's context switch (`chrome` or `content`).
#[derive(Debug)]
struct SetContext {
    context: &'static str,
}

impl WebDriverCompatibleCommand for SetContext {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> std::result::Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/moz/context", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(json!({ "context": self.context }).to_string()))
    }
}

/// A browser session with the extension loaded.
pub struct Browser {
    pub engine: Engine,
    pub client: Client,
    driver: Child,
    profile: PathBuf,
    keep_profile: bool,
    /// Chromium's DevTools HTTP endpoint, on loopback.
    pub devtools_port: u16,
    /// WebDriver does not wait for page loads (`pageLoadStrategy: none`).
    not_waiting: bool,
    /// The frames (CSS selectors, outermost first) that hold the portal when
    /// it is not the top page (a reseller's wrapper, a frameset): the panel
    /// helpers look for our frames in there.
    root: std::sync::Mutex<Vec<String>>,
    /// Where the browser saves downloads (removed when it stops).
    pub downloads: PathBuf,
    /// The extension's build, if any.
    pub build: Option<Build>,
}

/// A test that panics never reaches `stop`: the driver dies with the test
/// (`kill_on_drop`), but the browser it started would live on (and keep
/// running its pages, hostile ones included, through every later benchmark).
impl Drop for Browser {
    fn drop(&mut self) {
        self.kill_browser_processes();
    }
}

impl Browser {
    pub async fn start(engine: Engine) -> Result<Browser> {
        Self::launch(engine, Launch::new(Build::Dev)).await
    }

    /// The production build (`dist/chrome`, `dist/firefox`), as users
    /// install it: no host granted. In Firefox the optional permission prompt
    /// is off (`extensions.webextOptionalPermissionPrompts`), so that a
    /// `permissions.request` inside a click is granted; Chromium has no such
    /// switch (its prompt only auto-confirms in its own in-process tests).
    pub async fn start_production(engine: Engine) -> Result<Browser> {
        Self::launch(engine, Launch::new(Build::Production)).await
    }

    /// With the extension, WebDriver not waiting for page loads, so that a
    /// test can act in the panel while the portal is slow to answer (the
    /// drivers otherwise hold every command until the pending load is done).
    pub async fn start_not_waiting_for_loads(engine: Engine) -> Result<Browser> {
        Self::launch(engine, Launch { wait_for_loads: false, ..Launch::new(Build::Dev) }).await
    }

    /// The same browser, set up the same way, without the extension (for
    /// baselines: what WebDriver alone does on the portal).
    pub async fn start_without_extension(engine: Engine) -> Result<Browser> {
        Self::launch(engine, Launch { build: None, ..Launch::new(Build::Dev) }).await
    }

    /// Chromium with the extension, writing every network request the browser
    /// makes to `log` (Chromium's NetLog, JSON), for checking what went out.
    pub async fn start_logging_network(log: &Path) -> Result<Browser> {
        let args =
            vec![format!("--log-net-log={}", log.display()), "--net-log-capture-mode=Default".to_owned()];
        Self::launch(Engine::Chromium, Launch { args, ..Launch::new(Build::Dev) }).await
    }

    /// A browser on `profile`, which is kept when it stops, so that a browser
    /// can be started again on it (a browser restart). Chromium only: Firefox
    /// sessions always start from a fresh copy of their profile.
    pub async fn start_in(engine: Engine, profile: PathBuf) -> Result<Browser> {
        Self::launch(engine, Launch { profile: Some(profile), ..Launch::new(Build::Dev) }).await
    }

    /// A browser started as `launch` says.
    pub async fn start_with(engine: Engine, launch: Launch) -> Result<Browser> {
        Self::launch(engine, launch).await
    }

    async fn launch(engine: Engine, launch: Launch) -> Result<Browser> {
        let Launch { build, profile: kept, args: extra, wait_for_loads, home } = launch;
        let with_extension = build.is_some();
        if let Some(build) = build {
            if !build.dir(engine).join("manifest.json").is_file() {
                return Err("dist/ is missing: run `cargo make build` first".into());
            }
        }
        let port = free_port()?;
        let devtools_port = free_port()?;
        let keep = kept.is_some();
        let profile = kept
            .unwrap_or_else(|| std::env::temp_dir().join(format!("passwright-e2e-{}-{port}", engine.name())));
        if !keep {
            let _ = std::fs::remove_dir_all(&profile);
        }
        std::fs::create_dir_all(&profile)?;
        let downloads = std::env::temp_dir().join(format!("passwright-downloads-{}-{port}", engine.name()));
        let _ = std::fs::remove_dir_all(&downloads);
        std::fs::create_dir_all(&downloads)?;
        let (driver, mut caps) = match engine {
            Engine::Chromium => {
                let ext = build.unwrap_or(Build::Dev).dir(engine);
                let driver = Command::new(
                    std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into()),
                )
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .kill_on_drop(true)
                .spawn()?;
                let mut args = vec![
                    "--headless=new".to_owned(),
                    "--no-sandbox".into(),
                    "--disable-gpu".into(),
                    "--no-first-run".into(),
                    "--disable-background-networking".into(),
                    "--disable-component-update".into(),
                    "--disable-sync".into(),
                    "--disable-dev-shm-usage".into(),
                    "--window-size=1280,900".into(),
                    format!("--user-data-dir={}", profile.display()),
                    // A known DevTools port: tests reach the browser's own endpoint
                    // (closing a service worker needs more than the page's session).
                    format!("--remote-debugging-port={devtools_port}"),
                ];
                args.extend(extra.iter().cloned());
                if build == Some(Build::Production) {
                    // The DevTools Extensions domain (Extensions.triggerAction: the toolbar click).
                    args.push("--enable-unsafe-extension-debugging".into());
                }
                if with_extension {
                    args.push(format!("--disable-extensions-except={}", ext.display()));
                    args.push(format!("--load-extension={}", ext.display()));
                }
                let caps = json!({
                    "browserName": "chrome",
                    "goog:chromeOptions": {
                        "binary": "/usr/bin/chromium",
                        "args": args,
                        "excludeSwitches": ["disable-extensions"],
                        "prefs": {
                            "download.default_directory": downloads.display().to_string(),
                            "download.prompt_for_download": false,
                        },
                    }
                });
                (driver, caps)
            }
            Engine::Firefox => {
                let gecko =
                    which("geckodriver").ok_or("geckodriver not found (cargo make setup-browsers)")?;
                let mut command = Command::new(gecko);
                if let Some(home) = &home {
                    command.env("HOME", home);
                }
                // Marionette's chrome context (what the toolbar click grants: activeTab),
                // and navigations of a tab to the add-on's own pages (moz-extension:).
                command.arg("--allow-system-access");
                let driver = command
                    .args(["--port", &port.to_string()])
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .kill_on_drop(true)
                    .spawn()?;
                let args = ["-headless", "-width", "1280", "-height", "900"];
                let caps = json!({
                    "browserName": "firefox",
                    "moz:firefoxOptions": {
                        "binary": "/usr/bin/firefox-esr",
                        "args": args,
                        "prefs": {
                            // Host permissions of MV3 add-ons granted at install, as for the dev build's loopback hosts.
                            "extensions.originControls.grantByDefault": true,
                            // permissions.request inside a click is granted without the doorhanger.
                            "extensions.webextOptionalPermissionPrompts": false,
                            // Our add-on's pages at a known address.
                            "extensions.webextensions.uuids": json!({ GECKO_ID: FIREFOX_UUID }).to_string(),
                            "browser.shell.checkDefaultBrowser": false,
                            "datareporting.policy.dataSubmissionEnabled": false,
                            "browser.download.dir": downloads.display().to_string(),
                            "browser.download.folderList": 2,
                            "browser.download.useDownloadDir": true,
                            "browser.download.always_ask_before_handling_new_types": false,
                            "browser.download.alwaysOpenPanel": false,
                            "browser.helperApps.neverAsk.saveToDisk": "text/csv,application/json",
                        }
                    }
                });
                (driver, caps)
            }
        };
        if !wait_for_loads {
            caps["pageLoadStrategy"] = json!("none");
        }
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        let client = loop {
            let mut builder = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new());
            if let Value::Object(map) = &caps {
                builder.capabilities(map.clone());
            }
            match builder.connect(&url).await {
                Ok(client) => break client,
                Err(e) if Instant::now() > deadline => {
                    return Err(format!("{} did not start: {e}", engine.name()).into());
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(150)).await,
            }
        };
        if let (Engine::Firefox, Some(build)) = (engine, build) {
            let path = build.dir(engine).display().to_string();
            client.issue_cmd(InstallAddon { path }).await?;
        }
        Ok(Browser {
            engine,
            client,
            driver,
            profile,
            keep_profile: keep,
            devtools_port,
            not_waiting: !wait_for_loads,
            root: std::sync::Mutex::new(Vec::new()),
            downloads,
            build,
        })
    }

    /// Kills the browser outright (no WebDriver close, which would first wait
    /// for pending navigations): a crash, or the machine going down.
    pub async fn kill(mut self) {
        self.kill_browser_processes();
        let _ = self.driver.kill().await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        if !self.keep_profile {
            let _ = std::fs::remove_dir_all(&self.profile);
        }
    }

    /// SIGKILLs the browser's processes: the driver's children, and for
    /// Chromium every process on this profile (renderers included).
    fn kill_browser_processes(&self) {
        if let Some(pid) = self.driver.id() {
            let _ = std::process::Command::new("pkill").args(["-KILL", "-P", &pid.to_string()]).status();
        }
        if self.engine == Engine::Chromium {
            let pattern = format!("user-data-dir={}( |$)", self.profile.display());
            let _ = std::process::Command::new("pkill").args(["-KILL", "-f", &pattern]).status();
        }
    }

    pub async fn stop(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill().await;
        if !self.keep_profile {
            let _ = std::fs::remove_dir_all(&self.profile);
        }
        let _ = std::fs::remove_dir_all(&self.downloads);
    }

    /// The extension's base URL (`chrome-extension://<id>/`,
    /// `moz-extension://<uuid>/`), without any of its frames on show.
    pub fn extension_base(&self) -> Result<String> {
        let build = self.build.ok_or("no extension in this browser")?;
        Ok(match self.engine {
            Engine::Chromium => format!("chrome-extension://{}/", build.chromium_id()?),
            Engine::Firefox => format!("moz-extension://{FIREFOX_UUID}/"),
        })
    }

    /// Opens one of the extension's pages (`options.html`, `popup.html?…`) in
    /// a new tab and switches to it; returns the window that was current.
    pub async fn open_extension_page(&self, page: &str) -> Result<fantoccini::wd::WindowHandle> {
        let main = self.client.window().await?;
        let url = format!("{}{page}", self.extension_base()?);
        let tab = self.client.new_window(true).await?;
        self.client.switch_to_window(tab.handle).await?;
        self.goto(&url).await?;
        Ok(main)
    }

    /// Waits for a file in the download directory whose name ends with
    /// `suffix` and whose download is complete; returns its path.
    pub async fn wait_download(&self, suffix: &str, timeout: Duration) -> Result<PathBuf> {
        let deadline = Instant::now() + timeout;
        loop {
            let found = std::fs::read_dir(&self.downloads)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .find(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.ends_with(suffix)));
            if let Some(path) = found {
                // Chromium writes `.crdownload`, Firefox `.part` next to it until done.
                let partial = std::fs::read_dir(&self.downloads)?.filter_map(|e| e.ok()).any(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    name.ends_with(".crdownload") || name.ends_with(".part")
                });
                if !partial && std::fs::metadata(&path).map(|m| m.len() > 0).unwrap_or(false) {
                    return Ok(path);
                }
            }
            if Instant::now() > deadline {
                return Err(format!("no *{suffix} download in {}", self.downloads.display()).into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Runs `script` in Firefox's chrome context (Marionette's privileged
    /// scope, open because geckodriver runs with `--allow-system-access`),
    /// then returns to the content context.
    pub async fn firefox_chrome_js(&self, script: &str, args: Vec<Value>) -> Result<Value> {
        self.client.issue_cmd(SetContext { context: "chrome" }).await?;
        let out = self.client.execute(script, args).await;
        self.client.issue_cmd(SetContext { context: "content" }).await?;
        Ok(out?)
    }

    /// The same for an asynchronous script (it calls its last argument).
    pub async fn firefox_chrome_js_async(&self, script: &str, args: Vec<Value>) -> Result<Value> {
        self.client.issue_cmd(SetContext { context: "chrome" }).await?;
        let out = self.client.execute_async(script, args).await;
        self.client.issue_cmd(SetContext { context: "content" }).await?;
        Ok(out?)
    }

    /// Where the portal is: the frames to enter from the top page, outermost
    /// first (empty: the top page itself).
    pub fn set_portal_frames(&self, selectors: &[&str]) {
        *self.root.lock().unwrap_or_else(|e| e.into_inner()) =
            selectors.iter().map(|s| (*s).to_owned()).collect();
    }

    /// Enters the document that holds the portal (see `set_portal_frames`).
    pub async fn to_portal(&self) -> Result<()> {
        let path = self.root.lock().unwrap_or_else(|e| e.into_inner()).clone();
        // Up to the top page (the parent of the top is the top): from our
        // frames, one level above the portal's document.
        for _ in 0..=path.len() {
            self.client.enter_parent_frame().await?;
        }
        for selector in path {
            self.client.find(Locator::Css(&selector)).await?.enter_frame().await?;
        }
        Ok(())
    }

    /// Waits until the portal's document (see `set_portal_frames`) is at a URL `ok` accepts.
    pub async fn wait_portal_url(&self, ok: impl Fn(&str) -> bool, what: &str) -> Result<String> {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if self.to_portal().await.is_ok() {
                if let Ok(Value::String(url)) =
                    self.js("return document.readyState === 'complete' ? location.href : '';", vec![]).await
                {
                    if !url.is_empty() && ok(&url) {
                        return Ok(url);
                    }
                }
            }
            if Instant::now() > deadline {
                return Err(format!("the portal's frame never reached {what}").into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Runs `script` in the current browsing context and returns its result.
    pub async fn js(&self, script: &str, args: Vec<Value>) -> Result<Value> {
        Ok(self.client.execute(script, args).await?)
    }

    pub async fn goto(&self, url: &str) -> Result<()> {
        if !self.not_waiting {
            self.client.goto(url).await?;
            return Ok(());
        }
        // Wait for the new document ourselves: the old one carries a mark.
        let _ = self.client.enter_parent_frame().await;
        let _ = self.js("window.__passwrightOldPage = true; return 1;", vec![]).await;
        self.client.goto(url).await?;
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let loaded = self
                .js("return !window.__passwrightOldPage && document.readyState === 'complete';", vec![])
                .await
                .ok();
            if loaded == Some(Value::Bool(true)) {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!("{url} did not load").into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Logs in through the portal's own login form.
    pub async fn login(&self, portal: &Portal, user: &str, password: &str) -> Result<()> {
        self.goto(&portal.sim.login_url()).await?;
        let text =
            self.client.find(Locator::Css("input[type=text], input[type=email], input:not([type])")).await?;
        text.send_keys(user).await?;
        self.client.find(Locator::Css("input[type=password]")).await?.send_keys(password).await?;
        self.client
            .find(Locator::Css("form input[type=submit], form button[type=submit], form button:not([type])"))
            .await?
            .click()
            .await?;
        self.wait_for_url(
            |u| {
                !u.contains("login")
                    && !u.contains("Login")
                    && !u.contains("sign-in")
                    && !u.contains("connexion")
            },
            "after login",
        )
        .await
    }

    pub async fn wait_for_url(&self, ok: impl Fn(&str) -> bool, what: &str) -> Result<()> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let url = self.client.current_url().await?.to_string();
            if ok(&url) {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!("still at {url} waiting for {what}").into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The extension's frame of that kind, if present in the top document.
    pub async fn frame(&self, mode: &str) -> Result<Option<Element>> {
        self.to_portal().await?;
        let found = self.client.find_all(Locator::Css(&format!("[data-passwright={mode}] > iframe"))).await?;
        Ok(found.into_iter().next())
    }

    /// Waits for the frame to appear.
    pub async fn wait_frame(&self, mode: &str, timeout: Duration) -> Result<Element> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(frame) = self.frame(mode).await? {
                return Ok(frame);
            }
            if Instant::now() > deadline {
                let url = self.client.current_url().await?;
                return Err(format!("no {mode} frame on {url}").into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Runs `f` inside the panel's frame (waiting for it), then returns to the page.
    pub async fn in_frame<T>(&self, mode: &str, f: impl AsyncFnOnce(&Client) -> Result<T>) -> Result<T> {
        // The agent may replace the frame between finding and entering it
        // (a page load, a re-mount): a stale reference is looked up afresh.
        let mut tries = 0;
        loop {
            let frame = self.wait_frame(mode, Duration::from_secs(10)).await?;
            match frame.enter_frame().await {
                Ok(()) => break,
                Err(e) if is_stale(&e) && tries < 5 => tries += 1,
                Err(e) => return Err(e.into()),
            }
        }
        let out = f(&self.client).await;
        let _ = self.to_portal().await;
        out
    }

    /// The panel's status: (data-state, text).
    pub async fn status(&self) -> Result<(String, String)> {
        self.in_frame("panel", async |c| {
            // One script, so the state and the text are of the same render.
            let script = "const s = document.querySelector('[data-field=status]');
                return s ? [s.dataset.state ?? '', s.innerText] : null;";
            let read: Option<(String, String)> = serde_json::from_value(c.execute(script, vec![]).await?)?;
            read.ok_or_else(|| "the panel has no status line".into())
        })
        .await
    }

    /// The values in the page's own password fields, in document order.
    pub async fn password_field_values(&self) -> Result<Vec<String>> {
        self.to_portal().await?;
        let script = "return [...document.querySelectorAll('input[type=password]')].map((i) => i.value);";
        Ok(serde_json::from_value(self.js(script, vec![]).await?)?)
    }

    /// Waits until the panel's state is one of `states`, across page loads.
    pub async fn wait_state(&self, states: &[&str], timeout: Duration) -> Result<(String, String)> {
        let deadline = Instant::now() + timeout;
        let mut last = (String::new(), String::new());
        loop {
            if let Ok(status) = self.status().await {
                if states.contains(&status.0.as_str()) {
                    return Ok(status);
                }
                last = status;
            }
            if Instant::now() > deadline {
                let url = self.client.current_url().await.map(|u| u.to_string()).unwrap_or_default();
                return Err(format!("panel never reached {states:?}; last {last:?} at {url}").into());
            }
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    /// The user IDs with the extension's checkbox on the portal's users list
    /// (`[data-passwright=select] input[data-user]`), once there are some.
    pub async fn wait_bulk_checkboxes(&self, timeout: Duration) -> Result<Vec<String>> {
        let deadline = Instant::now() + timeout;
        loop {
            let _ = self.client.enter_parent_frame().await;
            let ids = self
                .js(
                    "return [...document.querySelectorAll('[data-passwright=select] input[data-user]')].map((i) => i.dataset.user);",
                    vec![],
                )
                .await?;
            let ids: Vec<String> = serde_json::from_value(ids)?;
            if !ids.is_empty() {
                return Ok(ids);
            }
            if Instant::now() > deadline {
                return Err("no checkboxes on the users list".into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the agent in the portal's frame has had the background's
    /// answer for this page load and done what it asked (the page's
    /// `data-passwright-answered`): after it, a frame that is not there is
    /// the extension's decision, not a delay.
    pub async fn wait_answered(&self, timeout: Duration) -> Result<()> {
        let deadline = Instant::now() + timeout;
        loop {
            let _ = self.to_portal().await;
            let answered = self
                .js("return document.documentElement.hasAttribute('data-passwright-answered');", vec![])
                .await
                .ok()
                .and_then(|v| v.as_bool())
                .unwrap_or(false);
            if answered {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err("the extension never answered for this page".into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Clicks a control of a frame by its data-action, once it is shown and
    /// enabled (the UI starts hidden until the core has loaded). A frame that
    /// goes away because of the click (dismiss, navigation) is not an error.
    pub async fn click_in(&self, mode: &str, action: &str) -> Result<()> {
        if mode == "panel" {
            self.wait_settled(Duration::from_secs(10)).await?;
        }
        self.click_in_now(mode, action).await
    }

    /// Clicks as soon as the control is there, without waiting for the panel
    /// to settle: for the commands the guard does not hold (Pause, Cancel),
    /// which an admin may press while the portal is changing pages.
    pub async fn click_in_now(&self, mode: &str, action: &str) -> Result<()> {
        let selector = format!("[data-action={action}]");
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            // The frame may be replaced meanwhile (a page load): enter it afresh each try.
            let tried = self
                .in_frame(mode, async |c| {
                    if let Ok(el) = c.find(Locator::Css(&selector)).await {
                        if el.is_displayed().await? && el.is_enabled().await? {
                            el.click().await?;
                            return Ok(true);
                        }
                    }
                    Ok(false)
                })
                .await;
            match tried {
                Ok(true) => return Ok(()),
                // The click took the frame away (dismiss, a navigation): done.
                Err(e) if e.to_string().contains("detached") || e.to_string().contains("no such frame") => {
                    return Ok(());
                }
                _ => {}
            }
            if Instant::now() > deadline {
                return Err(format!("{selector} never became clickable in the {mode}").into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the agent has seen the panel visible and still for a moment
    /// (its frame's host says `data-settled`): the guard refuses clicks on a
    /// panel that has only just appeared, as a person would need to see it first.
    pub async fn wait_settled(&self, timeout: Duration) -> Result<()> {
        let _ = self.to_portal().await;
        let deadline = Instant::now() + timeout;
        // Settled, and still so a moment later in the same place: a resize the
        // panel just asked for may not have reached the page yet.
        let look = "const h = document.querySelector('[data-passwright=panel]');
            return h && h.hasAttribute('data-settled') ? h.style.cssText : null;";
        let mut last: Option<String> = None;
        loop {
            let now = self.js(look, vec![]).await.ok().and_then(|v| v.as_str().map(str::to_owned));
            if now.is_some() && now == last {
                return Ok(());
            }
            last = now;
            if Instant::now() > deadline {
                return Err("the panel never settled (visible and still)".into());
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// Clicks a control of the panel as a person would: when the guard says
    /// the panel had just moved (a new view resized it under the pointer),
    /// looks again and clicks again, up to three times.
    pub async fn panel_click_again_if_refused(&self, action: &str) -> Result<()> {
        // Refused: the guard's note is on show and the control is still there
        // a moment later (taken, the command replaces the control).
        let script = format!(
            "const d = document.querySelector('[data-field=disarmed]'); const b = document.querySelector('[data-action={action}]');
             return !!d && !d.hidden && !!b && !b.hidden;"
        );
        for _ in 0..3 {
            self.panel_click(action).await?;
            tokio::time::sleep(Duration::from_millis(1000)).await;
            let refused = self
                .in_frame("panel", async |c| Ok(c.execute(&script, vec![]).await?.as_bool().unwrap_or(false)))
                .await
                .unwrap_or(false);
            if !refused {
                return Ok(());
            }
        }
        Err(format!("the guard refused {action} three times").into())
    }

    /// Clicks a control of the panel by its data-action.
    pub async fn panel_click(&self, action: &str) -> Result<()> {
        self.click_in("panel", action).await
    }

    /// The password shown in the panel (revealing it first).
    pub async fn panel_password(&self) -> Result<String> {
        self.wait_settled(Duration::from_secs(10)).await?;
        self.in_frame("panel", async |c| {
            // Revealing is the background's to allow (the guard): wait for it.
            // A click refused because the panel had only just grown or moved
            // (the guard's note on show) is made again, as the note asks.
            let deadline = Instant::now() + Duration::from_secs(10);
            let mut clicks = 0;
            // Read in one script: the panel re-renders as the agent reports
            // back, and a reference found a moment earlier may be stale.
            let shown = "const f = document.querySelector('[data-field=password]');
                return f && f.dataset.revealed === 'true' ? f.innerText : null;";
            let read = async || -> Result<Option<String>> {
                Ok(c.execute(shown, vec![]).await?.as_str().map(str::to_owned))
            };
            loop {
                if let Some(text) = read().await? {
                    return Ok(text);
                }
                let refused = c
                    .execute(
                        "const d = document.querySelector('[data-field=disarmed]'); return !!d && !d.hidden;",
                        vec![],
                    )
                    .await?
                    .as_bool()
                    .unwrap_or(false);
                if clicks == 0 || (refused && clicks < 3) {
                    if clicks > 0 {
                        tokio::time::sleep(Duration::from_millis(600)).await;
                        // (The last click may have been taken meanwhile: a click now would hide it.)
                        if let Some(text) = read().await? {
                            return Ok(text);
                        }
                    }
                    match c.find(Locator::Css("[data-action=reveal]")).await?.click().await {
                        Ok(()) => clicks += 1,
                        // Re-rendered between finding and clicking: look again.
                        Err(e) if is_stale(&e) => {}
                        Err(e) => return Err(e.into()),
                    }
                }
                if Instant::now() > deadline {
                    return Err("the password was never revealed".into());
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        })
        .await
    }

    /// What the extension keeps in storage.local and storage.sync, read from the panel's own context.
    pub async fn extension_storage(&self) -> Result<Value> {
        self.in_frame("panel", async |c| {
            let script = "const api = globalThis.browser ?? globalThis.chrome; const done = arguments[0];
                Promise.all([api.storage.local.get(null), api.storage.sync.get(null).catch(() => ({}))])
                  .then(([local, sync]) => done(JSON.stringify({ local, sync })), (e) => done(JSON.stringify({ error: String(e) })));";
            let out = c.execute_async(script, vec![]).await?;
            Ok(serde_json::from_str(out.as_str().unwrap_or("{}"))?)
        })
        .await
    }

    pub async fn screenshot(&self, name: &str) -> Result<PathBuf> {
        for _ in 0..4 {
            let _ = self.client.enter_parent_frame().await;
        }
        let png = self.client.screenshot().await?;
        let path = artifacts().join(format!("{}-{name}.png", self.engine.name()));
        std::fs::write(&path, png)?;
        Ok(path)
    }
}

/// A simulator for one test.
pub struct Portal {
    pub sim: BackgroundPortal,
}

pub const USER: &str = "jsmith@acme.example.com";

impl Portal {
    pub fn start(scenario: &str, skin: Option<Skin>) -> Result<Portal> {
        Portal::start_with(scenario, skin, None)
    }

    /// A portal whose every page also loads `script` (a hostile page).
    /// The demo portal with these variants switched on (in the default skin
    /// unless `skin` says otherwise).
    pub fn start_variants(
        scenario: &str,
        skin: Option<Skin>,
        variants: &[passwright_portal::Variant],
    ) -> Result<Portal> {
        let mut config =
            Config::new(Scenario::builtin(scenario)?).with_test_api(true).with_request_log(false);
        if let Some(skin) = skin {
            config = config.with_skin(skin);
        }
        for v in variants {
            config = config.with_variant(*v);
        }
        Ok(Portal { sim: passwright_portal::start_in_thread(config)? })
    }

    pub fn start_with(scenario: &str, skin: Option<Skin>, script: Option<&str>) -> Result<Portal> {
        let mut config =
            Config::new(Scenario::builtin(scenario)?).with_test_api(true).with_request_log(false);
        if let Some(skin) = skin {
            config = config.with_skin(skin);
        }
        if let Some(script) = script {
            config = config.with_page_script(script);
        }
        Ok(Portal { sim: passwright_portal::start_in_thread(config)? })
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.sim.base_url())
    }

    pub fn user_page(&self, user: &str) -> String {
        self.url(&self.sim.skin().paths().user.href(user))
    }

    pub fn passwords_page(&self, user: &str) -> String {
        self.url(&self.sim.skin().paths().passwords.href(user))
    }

    /// The Passwords page's path, without its query (as the simulator counts requests).
    pub fn passwords_path(&self, user: &str) -> String {
        let href = self.sim.skin().paths().passwords.href(user);
        href.split('?').next().unwrap_or_default().to_owned()
    }

    pub fn profile_page(&self, user: &str) -> String {
        self.url(&self.sim.skin().paths().profile.href(user))
    }

    pub fn home_page(&self) -> String {
        self.url(self.sim.skin().paths().home)
    }
}

/// Every skin.
pub const SKINS: [Skin; 5] = [Skin::Classic, Skin::Legacy, Skin::Reskin, Skin::Francais, Skin::Modern];

/// One browser test at a time: two cores, two browsers, each a few processes.
pub static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Whether WebDriver refused because the element it was given has been
/// replaced (a re-render, a page load) since it was found.
fn is_stale(e: &fantoccini::error::CmdError) -> bool {
    e.is_stale_element_reference()
}
