//! A simulator of the Cisco BroadWorks "CommPilot" web portal (and reseller
//! reskins of it), for demonstrating and testing Passwright.
//!
//! It serves plain server-rendered pages (no script) that behave like the
//! portal: admin and user login, the users search, a user's Profile,
//! Addresses and Passwords pages, Identity/Device Profiles with "rebuild the
//! files" / "reset the phones", and Utilities > Password Rules. The password
//! and passcode rules are enforced on the server by this crate's own checker
//! (it never calls the `passwright` crate), and faults can be injected.
//! [`Variants`] switch on the structural variations real portals have (a
//! script-built form, a single-page portal, frames, a reseller's wrapper,
//! Passwords several links away, look-alike forms, input constraints,
//! printed rules, legacy message markup); see `www/README.md`.
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
pub mod variants;
mod view;
mod web;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use tokio::sync::watch;
use tokio::task::JoinHandle;

pub use control::{Control, FaultsReport};
pub use faults::{FailSubmit, Faults, ServerRule, ServerRuleTarget};
pub use rules::{PasscodeRules, WebRules};
pub use scenario::{Scenario, ScenarioError};
pub use skin::{PageKind, Paths, Skin};
pub use tenant::{
    AdminReport, DeviceReport, FormCounts, FormKind, Outcome, RiskyCounts, Stats, Submission, UserReport,
};
pub use variants::{ErrorMarkup, FieldConstraints, Variant, Variants};
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
    /// Overrides the scenario's variants.
    pub variants: Option<Variants>,
    /// Where the reseller wrapper listens (variant `reseller-wrapper`);
    /// default: the portal's IP address on a free port.
    pub wrapper_addr: Option<SocketAddr>,
    /// Where the ungranted origin listens (variant `ungranted-frame`);
    /// default: `127.0.0.2` on a free port.
    pub ungranted_addr: Option<SocketAddr>,
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
            variants: None,
            wrapper_addr: None,
            ungranted_addr: None,
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

    /// Switches on exactly `variants` instead of the scenario's.
    pub fn with_variants(mut self, variants: Variants) -> Config {
        self.variants = Some(variants);
        self
    }

    /// Switches `variant` on, on top of the variants set so far (the
    /// scenario's, or those of an earlier `with_variants`).
    pub fn with_variant(mut self, variant: Variant) -> Config {
        let base = self.variants.take().unwrap_or_else(|| self.scenario.variants.clone());
        self.variants = Some(base.with(variant));
        self
    }

    /// Where the reseller wrapper listens (`reseller-wrapper`).
    pub fn with_wrapper_addr(mut self, addr: SocketAddr) -> Config {
        self.wrapper_addr = Some(addr);
        self
    }

    /// Where the ungranted origin listens (`ungranted-frame`), e.g.
    /// `127.0.0.2:0`.
    pub fn with_ungranted_addr(mut self, addr: SocketAddr) -> Config {
        self.ungranted_addr = Some(addr);
        self
    }
}

/// The default address of the ungranted origin: another loopback host, which
/// Linux answers without any setup.
pub const UNGRANTED_HOST: Ipv4Addr = Ipv4Addr::new(127, 0, 0, 2);

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

/// Where a running simulator answers, and what it wears.
#[derive(Clone)]
struct Info {
    addr: SocketAddr,
    wrapper: Option<SocketAddr>,
    ungranted: Option<SocketAddr>,
    skin: Skin,
    variants: Variants,
    admin: scenario::Admin,
    control: Control,
}

/// `http://HOST:PORT` for a bound address (an unspecified IP reads as loopback).
fn origin_of(addr: SocketAddr) -> String {
    let ip = if addr.ip().is_unspecified() { IpAddr::V4(Ipv4Addr::LOCALHOST) } else { addr.ip() };
    format!("http://{}", SocketAddr::new(ip, addr.port()))
}

impl Info {
    fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn wrapper_url(&self) -> Option<String> {
        self.wrapper.map(|a| format!("{}/", origin_of(a)))
    }

    fn ungranted_frame_url(&self) -> Option<String> {
        let first = self.control.first_user_id();
        self.ungranted.map(|a| format!("{}{}", origin_of(a), self.skin.paths().passwords.href(&first)))
    }

    fn ungranted_host_url(&self) -> Option<String> {
        self.ungranted.map(|_| format!("{}{}", self.base_url(), variants::paths::UNGRANTED_HOST))
    }
}

/// A running simulator. Dropping it stops the server (without waiting).
pub struct RunningPortal {
    info: Info,
    stop: Option<watch::Sender<bool>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

async fn bind(addr: SocketAddr) -> Result<tokio::net::TcpListener, Error> {
    tokio::net::TcpListener::bind(addr).await.map_err(|source| Error::Bind { addr, source })
}

fn local_addr(listener: &tokio::net::TcpListener, asked: SocketAddr) -> Result<SocketAddr, Error> {
    listener.local_addr().map_err(|source| Error::Bind { addr: asked, source })
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
    let invalid = |field: &str, message: String| {
        Error::Scenario(ScenarioError::Invalid { origin: "config".into(), field: field.into(), message })
    };
    if let Some(faults) = config.faults {
        faults.validate().map_err(|message| invalid("faults", message))?;
        scenario.faults = faults;
    }
    if let Some(variants) = config.variants {
        variants.validate().map_err(|message| invalid("variants", message))?;
        scenario.variants = variants;
    }
    let skin = scenario.skin;
    let variants = scenario.variants.clone();
    let admin = scenario.admin.clone();

    let listener = bind(config.addr).await?;
    let addr = local_addr(&listener, config.addr)?;
    let wrapper = match variants.reseller_wrapper {
        true => {
            let asked = config.wrapper_addr.unwrap_or_else(|| SocketAddr::new(addr.ip(), 0));
            let l = bind(asked).await?;
            let a = local_addr(&l, asked)?;
            Some((l, a))
        }
        false => None,
    };
    let ungranted = match variants.ungranted_frame {
        true => {
            let asked = config.ungranted_addr.unwrap_or_else(|| SocketAddr::from((UNGRANTED_HOST, 0)));
            let l = bind(asked).await?;
            let a = local_addr(&l, asked)?;
            Some((l, a))
        }
        false => None,
    };

    let tenant = tenant::Tenant::new(scenario.clone(), scenario.faults.clone());
    let app = web::App(Arc::new(web::Inner {
        def: crate::variants::opaque::served(skin.def(), &variants),
        variants: variants.clone(),
        csp: config.csp,
        log_requests: config.log_requests,
        tool_dir: config.tool_dir,
        page_script: config.page_script,
        origin: origin_of(addr),
        wrapper_origin: wrapper.as_ref().map(|(_, a)| origin_of(*a)),
        ungranted_origin: ungranted.as_ref().map(|(_, a)| origin_of(*a)),
        tenant: Mutex::new(tenant),
    }));
    let (wrapper_addr, ungranted_addr) = (wrapper.as_ref().map(|w| w.1), ungranted.as_ref().map(|u| u.1));
    let (stop, stopped) = watch::channel(false);
    let mut servers = vec![serve(listener, web::router(app.clone(), config.test_api), stopped.clone())];
    if let Some((l, _)) = wrapper {
        servers.push(serve(l, web::wrapper::router(app.clone()), stopped.clone()));
    }
    if let Some((l, _)) = ungranted {
        servers.push(serve(l, web::ungranted::router(app.clone()), stopped.clone()));
    }
    let task = tokio::spawn(async move {
        let mut result = Ok(());
        for server in servers {
            match server.await {
                Ok(Ok(())) => {}
                Ok(Err(e)) => result = Err(e),
                Err(e) => result = Err(std::io::Error::other(e.to_string())),
            }
        }
        result
    });
    let info = Info {
        addr,
        wrapper: wrapper_addr,
        ungranted: ungranted_addr,
        skin,
        variants,
        admin,
        control: Control { app },
    };
    Ok(RunningPortal { info, stop: Some(stop), task: Some(task) })
}

/// Serves one listener until `stopped` turns true (or its sender is dropped).
fn serve(
    listener: tokio::net::TcpListener,
    router: axum::Router,
    mut stopped: watch::Receiver<bool>,
) -> JoinHandle<std::io::Result<()>> {
    tokio::spawn(async move {
        axum::serve(listener, router)
            .with_graceful_shutdown(async move {
                let _ = stopped.wait_for(|stop| *stop).await;
            })
            .await
    })
}

/// The accessors both handles share.
macro_rules! accessors {
    () => {
        /// The bound address.
        pub fn addr(&self) -> SocketAddr {
            self.info.addr
        }

        /// `http://127.0.0.1:PORT` (no trailing slash).
        pub fn base_url(&self) -> String {
            self.info.base_url()
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
            self.info.skin
        }

        /// The skin's definition as served: its names, buttons and words
        /// under the variants (`opaque` changes the words).
        pub fn def(&self) -> &'static crate::skin::SkinDef {
            crate::variants::opaque::served(self.info.skin.def(), &self.info.variants)
        }

        /// The skin's URL layout (for tests; the extension must not use it).
        pub fn paths(&self) -> &'static Paths {
            self.info.skin.paths()
        }

        /// The variants switched on.
        pub fn variants(&self) -> &Variants {
            &self.info.variants
        }

        /// `reseller-wrapper`: the reseller's page that frames the portal
        /// (`http://HOST:OTHER_PORT/`), or `None` when the variant is off.
        pub fn wrapper_url(&self) -> Option<String> {
            self.info.wrapper_url()
        }

        /// `reseller-wrapper`: the wrapper's bound address.
        pub fn wrapper_addr(&self) -> Option<SocketAddr> {
            self.info.wrapper
        }

        /// `ungranted-frame`: the portal-looking page on the ungranted origin
        /// (by default `http://127.0.0.2:PORT/…`, the first user's Passwords
        /// page), or `None` when the variant is off.
        pub fn ungranted_frame_url(&self) -> Option<String> {
            self.info.ungranted_frame_url()
        }

        /// `ungranted-frame`: the portal's own (granted) page that frames it.
        pub fn ungranted_host_url(&self) -> Option<String> {
            self.info.ungranted_host_url()
        }

        /// `ungranted-frame`: the ungranted listener's bound address.
        pub fn ungranted_addr(&self) -> Option<SocketAddr> {
            self.info.ungranted
        }

        /// The admin's user ID.
        pub fn admin_user_id(&self) -> &str {
            &self.info.admin.user_id
        }

        /// The admin's password (as the scenario sets it; a change through
        /// the `lookalikes` Change my password page is not reflected here).
        pub fn admin_password(&self) -> &str {
            &self.info.admin.password
        }

        /// In-process access to the test API's operations (works whether or
        /// not the HTTP test API is mounted).
        pub fn control(&self) -> Control {
            self.info.control.clone()
        }
    };
}

impl RunningPortal {
    accessors!();

    /// Stops accepting connections and waits for the server to finish.
    pub async fn shutdown(mut self) -> Result<(), Error> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(true);
        }
        self.wait_task().await
    }

    /// Waits until the server stops (it runs until shut down).
    pub async fn wait(mut self) -> Result<(), Error> {
        self.wait_task().await
    }

    async fn wait_task(&mut self) -> Result<(), Error> {
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
            let _ = stop.send(true);
        }
    }
}

/// A simulator running on its own thread and runtime, for synchronous
/// tests (e.g. WebDriver clients that block). Dropping it stops the server
/// and joins the thread.
pub struct BackgroundPortal {
    info: Info,
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
                        let _ = ready_tx.send(Ok(portal.info.clone()));
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
    let info = ready_rx.recv().map_err(|e| Error::Task(e.to_string()))??;
    Ok(BackgroundPortal { info, stop: Some(stop_tx), thread: Some(thread) })
}

impl BackgroundPortal {
    accessors!();
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
