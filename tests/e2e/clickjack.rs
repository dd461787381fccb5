//! Clickjacking in the browser (issue 13): "DOM-based extension
//! clickjacking" (Marek Tóth, DEF CON 33, 2025). A script of the portal's
//! page (`clickjack.js`) hides or disguises the panel, and the admin clicks
//! for real (WebDriver pointer actions in the top document, as a mouse
//! would) where the panel's "Reset web access password" button is. Each
//! attack must start nothing and make the panel say why; the same click,
//! once the page takes the attack back, starts the reset and it ends done.

use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, MOUSE_BUTTON_LEFT, MouseActions, PointerAction};
use serde_json::{Value, json};

use super::harness::{Browser, Portal, Result, USER};
use super::{FLOW_TIMEOUT, each_browser};

/// What an attack of `clickjack.js` needs to know of the panel.
#[derive(Clone, Copy)]
enum Needs {
    Nothing,
    /// The button's centre inside the frame (to move the frame under a decoy).
    ButtonInFrame,
    /// The button's box in the viewport (to cover or clip to it alone).
    ButtonRect,
}

/// One attack: its name in `clickjack.js`, and what it does.
struct Attack {
    name: &'static str,
    what: &'static str,
    needs: Needs,
}

const ATTACKS: [Attack; 7] = [
    Attack { name: "fade-frame", what: "a. the frame at opacity 0.001", needs: Needs::Nothing },
    Attack {
        name: "fade-document",
        what: "b. the document at opacity 0.001 and filter: opacity(0.001)",
        needs: Needs::Nothing,
    },
    Attack {
        name: "click-through-layer",
        what: "c. a full-page layer with pointer-events: none (panel taken out of the top layer)",
        needs: Needs::Nothing,
    },
    Attack {
        name: "top-layer-popover",
        what: "d. a full-page popover with pointer-events: none",
        needs: Needs::Nothing,
    },
    Attack {
        name: "continue-button",
        what: "e. the invisible frame translated under the page's Continue button",
        needs: Needs::ButtonInFrame,
    },
    Attack {
        name: "decoy-over-button",
        what: "f. a small popover labelled Continue over the button alone, pointer-events: none",
        needs: Needs::ButtonRect,
    },
    Attack { name: "clip-to-button", what: "g. the frame clipped to its button", needs: Needs::ButtonRect },
];

/// Where the panel's Reset button is.
struct Button {
    /// Its box in the top document's viewport: left, top, width, height.
    rect: [f64; 4],
    /// Its centre inside the frame.
    in_frame: [f64; 2],
}

impl Button {
    fn centre(&self) -> (f64, f64) {
        let [x, y, w, h] = self.rect;
        (x + w / 2.0, y + h / 2.0)
    }
}

async fn reset_button(b: &Browser) -> Result<Button> {
    let inner = b
        .in_frame("panel", async |c| {
            let script =
                "const r = document.querySelector('[data-action=reset-web]').getBoundingClientRect();
                return [r.left, r.top, r.width, r.height];";
            Ok(c.execute(script, vec![]).await?)
        })
        .await?;
    let [x, y, w, h]: [f64; 4] = serde_json::from_value(inner)?;
    b.to_portal().await?;
    let script =
        "const r = document.querySelector('[data-passwright=panel] > iframe').getBoundingClientRect();
        return [r.left, r.top];";
    let [left, top]: [f64; 2] = serde_json::from_value(b.js(script, vec![]).await?)?;
    Ok(Button { rect: [left + x, top + y, w, h], in_frame: [x + w / 2.0, y + h / 2.0] })
}

/// A real click at a point of the viewport: the pointer moves there, presses
/// and releases, in the top document (trusted events wherever it lands).
async fn pointer_click(b: &Browser, (x, y): (f64, f64)) -> Result<()> {
    b.to_portal().await?;
    let mouse = MouseActions::new("admin".into())
        .then(PointerAction::MoveTo { duration: Some(Duration::from_millis(60)), x: x.round(), y: y.round() })
        .then(PointerAction::Down { button: MOUSE_BUTTON_LEFT })
        .then(PointerAction::Up { button: MOUSE_BUTTON_LEFT });
    b.client.perform_actions(mouse).await?;
    b.client.release_actions().await?;
    Ok(())
}

/// The guard's note in the panel, when it shows one.
async fn disarmed(b: &Browser) -> Result<Option<String>> {
    b.in_frame("panel", async |c| {
        let script = "const d = document.querySelector('[data-field=disarmed]');
            return d && !d.hidden && d.textContent.trim() ? d.textContent.trim() : null;";
        Ok(c.execute(script, vec![]).await?.as_str().map(str::to_owned))
    })
    .await
}

/// Waits until the agent has noticed the page's change (the panel is no
/// longer settled), then until it has looked the same for its settle time:
/// the click is then refused for what the page does, not for its timing.
async fn wait_resettled(b: &Browser, what: &str) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(5);
    let script = "const h = document.querySelector('[data-passwright=panel]'); return !!h && h.hasAttribute('data-settled');";
    loop {
        b.to_portal().await?;
        if b.js(script, vec![]).await? == Value::Bool(false) {
            break;
        }
        if Instant::now() > deadline {
            return Err(format!("{what}: the agent never noticed the change").into());
        }
        tokio::time::sleep(Duration::from_millis(30)).await;
    }
    b.wait_settled(Duration::from_secs(10)).await
}

/// What became of an attacked click.
enum Outcome {
    /// Nothing started; the panel said this.
    Blocked(String),
    /// A flow started: the attack worked.
    Started(String),
}

/// The attacked click: what the panel shows after it.
async fn attacked_click(b: &Browser, portal: &Portal, attack: &Attack) -> Result<Outcome> {
    let control = portal.sim.control();
    let submitted = control.stats().password_submissions;
    let button = reset_button(b).await?;
    let arg = match attack.needs {
        Needs::Nothing => Value::Null,
        Needs::ButtonInFrame => json!({ "x": button.in_frame[0], "y": button.in_frame[1] }),
        Needs::ButtonRect => {
            let [x, y, w, h] = button.rect;
            json!({ "x": x, "y": y, "w": w, "h": h })
        }
    };
    let at = b
        .js("return window.__clickjack.apply(arguments[0], arguments[1]);", vec![json!(attack.name), arg])
        .await?;
    // Where the admin clicks: what the attack shows (its Continue), or the button's place.
    let point = match (at["x"].as_f64(), at["y"].as_f64()) {
        (Some(x), Some(y)) => (x, y),
        _ => button.centre(),
    };
    wait_resettled(b, attack.name).await?;
    // The attack still holds: the panel's button is under the admin's pointer
    // (the agent places the panel away from the page's content).
    let (x, y) = reset_button(b).await?.centre();
    if (x - point.0).abs() > 3.0 || (y - point.1).abs() > 3.0 {
        return Err(format!(
            "{}: the panel's button is at {x},{y}, not under the click at {point:?}",
            attack.name
        )
        .into());
    }
    b.screenshot(&format!("clickjack-{}", attack.name)).await?;
    pointer_click(b, point).await?;
    // The guard's verdict comes back in a moment: a note, or a flow.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (state, text) = b.status().await?;
        if state == "running" || state == "done" || state == "failed" {
            return Ok(Outcome::Started(format!("{state}: {text}")));
        }
        if let Some(note) = disarmed(b).await? {
            // Decided: the command is dropped, and no form went to the portal.
            assert_eq!(b.status().await?.0, "idle", "{}: the panel stays idle", attack.name);
            assert_eq!(control.stats().password_submissions, submitted, "{}: nothing submitted", attack.name);
            return Ok(Outcome::Blocked(note));
        }
        if Instant::now() > deadline {
            return Err(
                format!("{}: the click had no visible effect at all (state {state})", attack.name).into()
            );
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The control: the page takes the attack back, and the same real click at
/// the button starts the reset, which ends done with one more submission.
async fn control_click(b: &Browser, portal: &Portal, attack: &Attack) -> Result<()> {
    let control = portal.sim.control();
    let submitted = control.stats().password_submissions;
    b.to_portal().await?;
    b.js("window.__clickjack.undo(); return 1;", vec![]).await?;
    wait_resettled(b, attack.name).await?;
    let button = reset_button(b).await?;
    pointer_click(b, button.centre()).await?;
    let (state, text) = b.wait_state(&["done", "failed"], FLOW_TIMEOUT).await?;
    assert_eq!(state, "done", "{} control: {text}", attack.name);
    let shown = b.panel_password().await?;
    assert_eq!(
        control.check_password(USER, &shown),
        Some(true),
        "{} control: the user logs in with it",
        attack.name
    );
    assert_eq!(
        control.stats().password_submissions,
        submitted + 1,
        "{} control: one submission",
        attack.name
    );
    b.panel_click_again_if_refused("dismiss").await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clickjacking_attacks_start_nothing_and_the_panel_says_why() {
    each_browser("clickjack", async |b| {
        let portal = Portal::start_with("demo", None, Some(include_str!("clickjack.js")))?;
        b.login(&portal, portal.sim.admin_user_id(), portal.sim.admin_password()).await?;
        let mut table = Vec::new();
        let mut worked = Vec::new();
        for attack in &ATTACKS {
            b.goto(&portal.passwords_page(USER)).await?;
            b.wait_state(&["idle"], Duration::from_secs(15)).await?;
            b.wait_settled(Duration::from_secs(10)).await?;
            assert_eq!(disarmed(b).await?, None, "{}: no note before the click", attack.name);
            match attacked_click(b, &portal, attack).await? {
                Outcome::Blocked(note) => {
                    table.push(format!("{} | {} | blocked: {note}", b.engine.name(), attack.what));
                    eprintln!("{}", table[table.len() - 1]);
                    control_click(b, &portal, attack).await?;
                }
                Outcome::Started(status) => {
                    table.push(format!("{} | {} | NOT blocked: {status}", b.engine.name(), attack.what));
                    worked.push(attack.name);
                    b.wait_state(&["done", "failed"], FLOW_TIMEOUT).await?;
                    b.panel_click_again_if_refused("dismiss").await?;
                }
            }
        }
        // The measurement, for the report and SECURITY.md.
        eprintln!("clickjacking, {}:\n{}", b.engine.name(), table.join("\n"));
        if worked.is_empty() {
            Ok(())
        } else {
            Err(format!("attacks that started a reset: {worked:?}").into())
        }
    })
    .await;
}
