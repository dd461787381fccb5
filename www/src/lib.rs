//! A simulator of the Cisco BroadWorks "CommPilot" web portal (and reseller
//! reskins of it), for demonstrating and testing Passwright.
//!
//! It serves plain server-rendered pages (no script) that behave like the
//! portal: admin and user login, the users search, a user's Profile,
//! Addresses and Passwords pages, Identity/Device Profiles with "rebuild the
//! files" / "reset the phones", and Utilities > Password Rules. The password
//! and passcode rules are enforced on the server by this crate's own checker
//! (it never calls the `passwright` crate), and faults can be injected.
//!
//! ```no_run
//! # async fn demo() -> Result<(), passwright_portal::Error> {
//! use passwright_portal::{Config, Scenario, Skin, start};
//!
//! let config = Config::new(Scenario::builtin("demo")?)
//!     .with_skin(Skin::Reskin)
//!     .with_test_api(true);
//! let portal = start(config).await?;
//! println!("{}", portal.login_url());
//! let user = portal.control().user("jsmith@acme.example.com").unwrap();
//! assert_eq!(user.password_set_count, 0);
//! portal.shutdown().await?;
//! # Ok(())
//! # }
//! ```

mod control;
pub mod faults;
pub mod rules;
pub mod scenario;
mod sessions;
pub mod skin;
mod tenant;
mod view;
mod web;

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use control::{Control, FaultsReport};
pub use faults::{FailSubmit, Faults, ServerRule, ServerRuleTarget};
pub use rules::{PasscodeRules, WebRules};
pub use scenario::{Scenario, ScenarioError};
pub use skin::{PageKind, Paths, Skin};
pub use tenant::{DeviceReport, Stats, UserReport};
pub use web::{PAGE_CSP, TOOL_CSP};

/// How to run a simulator.
#[derive(Clone, Debug)]
pub struct Config {
    /// The tenant, rules, skin and faults.
    pub scenario: Scenario,
    /// Where to listen; the default `127.0.0.1:0` picks a free port.
    pub addr: SocketAddr,
    /// Overrides the scenario's skin.
    pub skin: Option<Skin>,
    /// Overrides the scenario's faults.
    pub faults: Option<Faults>,
    /// Send the strict Content-Security-Policy header (default true).
    pub csp: bool,
    /// Mount the test-control API under `/__test/` (default false).
    pub test_api: bool,
    /// Serve this directory under `/tool/`.
    pub tool_dir: Option<PathBuf>,
    /// Log one line per request (method, path, status) to stderr.
    pub log_requests: bool,
    /// A script every page loads (same origin, so the CSP allows it), as a
    /// hostile or instrumented portal would; for the extension's tests.
    pub page_script: Option<String>,
}

impl Config {
    /// Defaults: 127.0.0.1 on a free port, the scenario's skin and faults,
    /// CSP on, no test API, no tool mount, no request log.
    pub fn new(scenario: Scenario) -> Config {
        Config {
            scenario,
            addr: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            skin: None,
            faults: None,
            csp: true,
            test_api: false,
            tool_dir: None,
            log_requests: false,
            page_script: None,
        }
    }

    /// Listens on `addr`.
    pub fn with_addr(mut self, addr: SocketAddr) -> Config {
        self.addr = addr;
        self
    }

    /// Wears `skin` instead of the scenario's.
    pub fn with_skin(mut self, skin: Skin) -> Config {
        self.skin = Some(skin);
        self
    }

    /// Starts with `faults` instead of the scenario's.
    pub fn with_faults(mut self, faults: Faults) -> Config {
        self.faults = Some(faults);
        self
    }

    /// Sends the CSP header (true) or not.
    pub fn with_csp(mut self, on: bool) -> Config {
        self.csp = on;
        self
    }

    /// Mounts the test API (true) or not.
    pub fn with_test_api(mut self, on: bool) -> Config {
        self.test_api = on;
        self
    }

    /// Serves `dir` under `/tool/`.
    pub fn with_tool_dir(mut self, dir: impl Into<PathBuf>) -> Config {
        self.tool_dir = Some(dir.into());
        self
    }

    /// Logs requests to stderr.
    pub fn with_request_log(mut self, on: bool) -> Config {
        self.log_requests = on;
        self
    }

    /// Makes every page load `script` (served at `/__page-script.js`).
    pub fn with_page_script(mut self, script: impl Into<String>) -> Config {
        self.page_script = Some(script.into());
        self
    }
}

/// Why the simulator could not start or stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The scenario is invalid.
    #[error(transparent)]
    Scenario(#[from] ScenarioError),
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// `tool_dir` is not a directory.
    #[error("--tool-dir {0}: not a directory")]
    ToolDir(PathBuf),
    /// The server failed while running.
    #[error("server error: {0}")]
    Serve(std::io::Error),
    /// The server task panicked or was cancelled.
    #[error("server task failed: {0}")]
    Task(String),
}

/// A running simulator. Dropping it stops the server (without waiting).
pub struct RunningPortal {
    addr: SocketAddr,
    skin: Skin,
    admin: scenario::Admin,
    control: Control,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

/// Starts a simulator on the current tokio runtime.
pub async fn start(config: Config) -> Result<RunningPortal, Error> {
    if let Some(dir) = &config.tool_dir {
        if !dir.is_dir() {
            return Err(Error::ToolDir(dir.clone()));
        }
    }
    let mut scenario = config.scenario;
    if let Some(skin) = config.skin {
        scenario.skin = skin;
    }
    if let Some(faults) = config.faults {
        faults.validate().map_err(|message| ScenarioError::Invalid {
            origin: "config".into(),
            field: "faults".into(),
            message,
        })?;
        scenario.faults = faults;
    }
    let skin = scenario.skin;
    let admin = scenario.admin.clone();
    let tenant = tenant::Tenant::new(scenario.clone(), scenario.faults.clone());
    let app = web::App(Arc::new(web::Inner {
        def: skin.def(),
        csp: config.csp,
        log_requests: config.log_requests,
        tool_dir: config.tool_dir,
        page_script: config.page_script,
        tenant: Mutex::new(tenant),
    }));
    let router = web::router(app.clone(), config.test_api);
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|source| Error::Bind { addr: config.addr, source })?;
    let addr = listener.local_addr().map_err(|source| Error::Bind { addr: config.addr, source })?;
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        axum::serve(listener, router)
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await
    });
    Ok(RunningPortal { addr, skin, admin, control: Control { app }, stop: Some(stop), task: Some(task) })
}

impl RunningPortal {
    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT` (no trailing slash).
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The absolute URL of `path` (which starts with '/').
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url())
    }

    /// The absolute URL of the login page.
    pub fn login_url(&self) -> String {
        self.url(self.paths().login)
    }

    /// The skin being worn.
    pub fn skin(&self) -> Skin {
        self.skin
    }

    /// The skin's URL layout (for tests; the extension must not use it).
    pub fn paths(&self) -> &'static Paths {
        self.skin.paths()
    }

    /// The admin's user ID.
    pub fn admin_user_id(&self) -> &str {
        &self.admin.user_id
    }

    /// The admin's password.
    pub fn admin_password(&self) -> &str {
        &self.admin.password
    }

    /// In-process access to the test API's operations (works whether or not
    /// the HTTP test API is mounted).
    pub fn control(&self) -> Control {
        self.control.clone()
    }

    /// Stops accepting connections and waits for the server to finish.
    pub async fn shutdown(mut self) -> Result<(), Error> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.task.take() {
            Some(task) => match task.await {
                Ok(result) => result.map_err(Error::Serve),
                Err(e) => Err(Error::Task(e.to_string())),
            },
            None => Ok(()),
        }
    }

    /// Waits until the server stops (it runs until shut down).
    pub async fn wait(mut self) -> Result<(), Error> {
        match self.task.take() {
            Some(task) => match task.await {
                Ok(result) => result.map_err(Error::Serve),
                Err(e) => Err(Error::Task(e.to_string())),
            },
            None => Ok(()),
        }
    }
}

impl Drop for RunningPortal {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// A simulator running on its own thread and runtime, for synchronous
/// tests (e.g. WebDriver clients that block). Dropping it stops the server
/// and joins the thread.
pub struct BackgroundPortal {
    addr: SocketAddr,
    skin: Skin,
    admin: scenario::Admin,
    control: Control,
    stop: Option<std::sync::mpsc::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// Starts a simulator on a new thread with its own tokio runtime.
pub fn start_in_thread(config: Config) -> Result<BackgroundPortal, Error> {
    let (ready_tx, ready_rx) = std::sync::mpsc::channel();
    let (stop_tx, stop_rx) = std::sync::mpsc::channel::<()>();
    let thread = std::thread::Builder::new()
        .name("passwright-portal".into())
        .spawn(move || {
            let runtime =
                match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
                    Ok(rt) => rt,
                    Err(e) => {
                        let _ = ready_tx.send(Err(Error::Serve(e)));
                        return;
                    }
                };
            runtime.block_on(async move {
                match start(config).await {
                    Ok(portal) => {
                        let info = (portal.addr, portal.skin, portal.admin.clone(), portal.control());
                        let _ = ready_tx.send(Ok(info));
                        // Wait for the stop signal without blocking the runtime.
                        let _ = tokio::task::spawn_blocking(move || stop_rx.recv()).await;
                        let _ = portal.shutdown().await;
                    }
                    Err(e) => {
                        let _ = ready_tx.send(Err(e));
                    }
                }
            });
        })
        .map_err(Error::Serve)?;
    let (addr, skin, admin, control) = ready_rx.recv().map_err(|e| Error::Task(e.to_string()))??;
    Ok(BackgroundPortal { addr, skin, admin, control, stop: Some(stop_tx), thread: Some(thread) })
}

impl BackgroundPortal {
    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT` (no trailing slash).
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The absolute URL of the login page.
    pub fn login_url(&self) -> String {
        format!("{}{}", self.base_url(), self.skin.paths().login)
    }

    /// The skin being worn.
    pub fn skin(&self) -> Skin {
        self.skin
    }

    /// The admin's user ID.
    pub fn admin_user_id(&self) -> &str {
        &self.admin.user_id
    }

    /// The admin's password.
    pub fn admin_password(&self) -> &str {
        &self.admin.password
    }

    /// In-process access to the test API's operations.
    pub fn control(&self) -> Control {
        self.control.clone()
    }
}

impl Drop for BackgroundPortal {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
