//! The demo (`cargo make demo`): the portal simulator's demo scenario with the
//! extension in Chromium.
//!
//! With a display, it opens Chromium with the dev build of the extension on the
//! demo portal and waits: log in with the printed credentials, open a user, and
//! reset their password. Without a display, it runs the one-click web password
//! reset (with the phone's files rebuilt) headless on a demo user and writes a
//! screenshot of each step to target/demo/.

use passwright_harness as harness;

use std::time::{Duration, Instant};

use harness::{Browser, Engine, Portal, Result, USER};
use passwright_portal::{Config, Scenario};

const ADDR: &str = "127.0.0.1:8080";

fn interactive() -> Result<()> {
    let config = Config::new(Scenario::builtin("demo")?)
        .with_addr(ADDR.parse()?)
        .with_tool_dir(harness::root().join("dist/web"));
    let portal = passwright_portal::start_in_thread(config)?;
    let ext = harness::root().join("dist/chrome-dev");
    let profile = std::env::temp_dir().join("passwright-demo-profile");
    println!("Portal:   {}", portal.login_url());
    println!("Admin:    {} / {}", portal.admin_user_id(), portal.admin_password());
    println!("Tool:     {}/tool/", portal.base_url());
    println!("Opening Chromium with the extension; close it to stop.");
    let status = std::process::Command::new("chromium")
        .args([
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            &format!("--user-data-dir={}", profile.display()),
            &format!("--disable-extensions-except={}", ext.display()),
            &format!("--load-extension={}", ext.display()),
            &portal.login_url(),
        ])
        .status()?;
    println!("Chromium exited ({status}).");
    Ok(())
}

async fn headless() -> Result<()> {
    let out = harness::root().join("target/demo");
    std::fs::create_dir_all(&out)?;
    let portal = Portal::start("demo", None)?;
    println!(
        "Portal:   {} (admin {} / {})",
        portal.sim.login_url(),
        portal.sim.admin_user_id(),
        portal.sim.admin_password()
    );
    let b = Browser::start(Engine::Chromium).await?;
    let mut shots = Vec::new();
    let mut shot = async |b: &Browser, name: &str| -> Result<()> {
        let _ = b.client.enter_parent_frame().await;
        let path = out.join(format!("{:02}-{name}.png", shots.len() + 1));
        std::fs::write(&path, b.client.screenshot().await?)?;
        shots.push(path);
        Ok(())
    };
    b.login(&portal, portal.sim.admin_user_id(), portal.sim.admin_password()).await?;
    b.goto(&portal.user_page(USER)).await?;
    b.wait_frame("launcher", Duration::from_secs(10)).await?;
    tokio::time::sleep(Duration::from_millis(400)).await;
    shot(&b, "user-page-with-launcher").await?;
    b.click_in("launcher", "open").await?;
    b.wait_state(&["idle"], Duration::from_secs(10)).await?;
    b.in_frame("panel", async |c| {
        c.find(fantoccini::Locator::Css("#rebuild")).await?.click().await?;
        Ok(())
    })
    .await?;
    shot(&b, "panel-ready").await?;
    b.panel_click("reset-web").await?;
    // A screenshot whenever the page changes, until the flow ends.
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut last = String::new();
    let state = loop {
        let url = b.client.current_url().await?.to_string();
        let status = b.status().await.ok();
        if let Some((state, text)) = &status {
            let key = format!("{url} {text}");
            if key != last {
                last = key;
                let slug: String = text
                    .trim_start_matches("Working: ")
                    .chars()
                    .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
                    .collect();
                shot(&b, slug.trim_matches('-').split("--").next().unwrap_or("step")).await?;
            }
            if state == "done" || state == "failed" {
                break (state.clone(), text.clone());
            }
        }
        if Instant::now() > deadline {
            return Err("the demo flow did not finish in 60 s".into());
        }
        tokio::time::sleep(Duration::from_millis(60)).await;
    };
    let password = b.panel_password().await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    shot(&b, "done-with-hand-off-card").await?;
    let user = portal.sim.control().user(USER).ok_or("no demo user")?;
    println!("Flow:     {} ({})", state.0, state.1);
    println!(
        "Portal:   web password set {} time(s); the user {} log in with the password the panel shows; phone files rebuilt {} time(s)",
        user.password_set_count,
        if portal.sim.control().check_password(USER, &password) == Some(true) { "can" } else { "CANNOT" },
        user.devices.first().map_or(0, |d| d.rebuild_count),
    );
    println!("Screenshots in {}:", out.display());
    for s in &shots {
        println!("  {}", s.display());
    }
    b.stop().await;
    if state.0 == "done" { Ok(()) } else { Err(format!("the flow ended {}", state.0).into()) }
}

fn main() -> Result<()> {
    let display = std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some();
    if display && std::env::var_os("PASSWRIGHT_DEMO_HEADLESS").is_none() {
        return interactive();
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    runtime.block_on(headless())
}
