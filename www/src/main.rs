//! `passwright-portal`: runs the CommPilot portal simulator.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use passwright_portal::{Config, Scenario, Skin, Variant, scenario::builtin_names, start};

/// A simulator of the BroadWorks CommPilot web portal, for demos and tests.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    /// A built-in scenario name or the path of a scenario TOML file.
    #[arg(long, default_value = "demo")]
    scenario: String,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Wear this skin instead of the scenario's: classic, legacy, reskin,
    /// francais, modern, deutsch, espanol.
    #[arg(long)]
    skin: Option<Skin>,
    /// Switch a portal variant on (repeatable), on top of the scenario's
    /// `[variants]`; see --list-variants.
    #[arg(long = "variant", value_name = "NAME")]
    variants: Vec<Variant>,
    /// Where the reseller wrapper listens (variant reseller-wrapper);
    /// default: the portal's IP address on a free port.
    #[arg(long)]
    wrapper_addr: Option<SocketAddr>,
    /// Where the ungranted origin listens (variant ungranted-frame);
    /// default 127.0.0.2 on a free port.
    #[arg(long)]
    ungranted_addr: Option<SocketAddr>,
    /// List the portal variants and exit.
    #[arg(long)]
    list_variants: bool,
    /// Do not send the Content-Security-Policy header.
    #[arg(long)]
    no_csp: bool,
    /// Mount the test-control JSON API under /__test/ (never for demos on a
    /// shared network).
    #[arg(long)]
    test_api: bool,
    /// Serve this directory under /tool/.
    #[arg(long)]
    tool_dir: Option<PathBuf>,
    /// Make every page load this script (e.g. a hostile one, to try the extension against).
    #[arg(long)]
    page_script: Option<PathBuf>,
    /// Do not log requests to stderr.
    #[arg(long)]
    quiet: bool,
    /// List the built-in scenarios and exit.
    #[arg(long)]
    list_scenarios: bool,
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    if cli.list_scenarios {
        for name in builtin_names() {
            if let Ok(s) = Scenario::builtin(name) {
                println!("{name:10} {}", s.description);
            }
        }
        return ExitCode::SUCCESS;
    }
    if cli.list_variants {
        for v in Variant::ALL {
            println!("{:22} {}", v.name(), v.description());
        }
        return ExitCode::SUCCESS;
    }
    let scenario = match Scenario::load(&cli.scenario) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let name = scenario.name.clone();
    let mut config = Config::new(scenario)
        .with_addr(cli.addr)
        .with_csp(!cli.no_csp)
        .with_test_api(cli.test_api)
        .with_request_log(!cli.quiet);
    if let Some(skin) = cli.skin {
        config = config.with_skin(skin);
    }
    for variant in &cli.variants {
        config = config.with_variant(*variant);
    }
    if let Some(addr) = cli.wrapper_addr {
        config = config.with_wrapper_addr(addr);
    }
    if let Some(addr) = cli.ungranted_addr {
        config = config.with_ungranted_addr(addr);
    }
    if let Some(dir) = cli.tool_dir {
        config = config.with_tool_dir(dir);
    }
    if let Some(path) = cli.page_script {
        match std::fs::read_to_string(&path) {
            Ok(script) => config = config.with_page_script(script),
            Err(e) => {
                eprintln!("error: --page-script {}: {e}", path.display());
                return ExitCode::from(2);
            }
        }
    }
    let portal = match start(config).await {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("CommPilot portal simulator: scenario {name}, skin {}", portal.skin());
    println!("  URL:      {}", portal.login_url());
    // The demo admin credentials are printed on purpose: they are demo data.
    println!("  Admin:    {} / {}", portal.admin_user_id(), portal.admin_password());
    println!("  CSP:      {}", if cli.no_csp { "off" } else { "on" });
    let variants = portal.variants().names();
    if !variants.is_empty() {
        println!("  Variants: {}", variants.join(", "));
    }
    if let Some(url) = portal.wrapper_url() {
        println!("  Wrapper:  {url}");
    }
    if let (Some(host), Some(frame)) = (portal.ungranted_host_url(), portal.ungranted_frame_url()) {
        println!("  Ungranted frame: {frame} (framed by {host})");
    }
    if cli.test_api {
        println!("  Test API: {}", portal.url("/__test/"));
    }
    println!("Press Ctrl-C to stop.");
    tokio::select! {
        result = portal.wait() => {
            if let Err(e) = result {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        }
        _ = tokio::signal::ctrl_c() => {
            // The portal handle is dropped with the other branch: that stops it.
            println!("Stopped.");
        }
    }
    ExitCode::SUCCESS
}
