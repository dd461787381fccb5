//! Portal variants in the browser (the coverage issue): each class of markup
//! that real portals differ by, switched on in the simulator, and the
//! one-click reset (or, where it must not, its absence) in both browsers.

use std::time::Duration;

use passwright_portal::{Skin, Variant};

use super::harness::{Browser, Portal, Result, USER};
use super::{FLOW_TIMEOUT, broadsmart_ok, each_browser};
use passwright::Kind;

/// Logs in, opens the user's page (at `url`), opens the panel from the
/// launcher and resets the web password: the portal confirms it, the user can
/// log in with it, and it was submitted once, on the Passwords form.
async fn one_click(b: &Browser, portal: &Portal, url: &str, what: &str) -> Result<String> {
    b.goto(url).await?;
    one_click_here(b, portal, what).await
}

/// The same from the user's page already open (in a frame, where the test
/// navigates the frame rather than the top page).
async fn one_click_here(b: &Browser, portal: &Portal, what: &str) -> Result<String> {
    let control = portal.sim.control();
    b.wait_frame("launcher", Duration::from_secs(15)).await.map_err(|e| format!("{what}: {e}"))?;
    b.click_in("launcher", "open").await?;
    b.wait_state(&["idle"], Duration::from_secs(10)).await?;
    b.panel_click("reset-web").await?;
    let (state, text) = b.wait_state(&["done", "failed"], FLOW_TIMEOUT).await?;
    if state != "done" {
        // What the flow did, step by step (the audit holds no secret).
        let storage = b.extension_storage().await.unwrap_or_default();
        let audit = storage["local"].as_object().map(|o| {
            o.iter().filter(|(k, _)| k.contains("audit")).map(|(_, v)| v.to_string()).collect::<Vec<_>>()
        });
        return Err(format!("{what}: {state}: {text}; audit: {audit:?}").into());
    }
    let shown = b.panel_password().await?;
    assert_eq!(control.check_password(USER, &shown), Some(true), "{what}: the user logs in with it");
    let report = control.user(USER).ok_or("the user")?;
    assert_eq!(report.forms.passwords_web, 1, "{what}: one submission, of the Passwords form");
    let f = &report.forms;
    assert_eq!(f.authentication + f.voice_mail + f.admin_password + f.generic, 0, "{what}: no other form");
    assert_eq!(control.stats().duplicate_submissions, 0, "{what}");
    Ok(shown)
}

async fn login(b: &Browser, portal: &Portal) -> Result<()> {
    b.login(portal, portal.sim.admin_user_id(), portal.sim.admin_password()).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_passwords_form_built_by_the_pages_script_gets_the_one_click_reset() {
    each_browser("variant-script-form", async |b| {
        let portal = Portal::start_variants("demo", None, &[Variant::ScriptForm])?;
        login(b, &portal).await?;
        one_click(b, &portal, &portal.user_page(USER), "script-form").await?;
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_single_page_portal_gets_the_one_click_reset() {
    each_browser("variant-single-page", async |b| {
        let portal = Portal::start_variants("demo", None, &[Variant::SinglePage])?;
        login(b, &portal).await?;
        one_click(b, &portal, &portal.user_page(USER), "single-page").await?;
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn passwords_four_links_away_is_found_without_a_risky_link() {
    each_browser("variant-deep", async |b| {
        let portal = Portal::start_variants("demo", None, &[Variant::DeepPasswords])?;
        login(b, &portal).await?;
        one_click(b, &portal, &portal.user_page(USER), "deep-passwords").await?;
        let risky = portal.sim.control().user(USER).ok_or("the user")?.risky_links;
        assert_eq!(
            risky.delete_user + risky.reset_voice_mail + risky.remove_device,
            0,
            "no risky link followed"
        );
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn maxlength_caps_the_generated_password() {
    each_browser("variant-maxlength", async |b| {
        let portal = Portal::start_variants("demo", None, &[Variant::Maxlength])?;
        login(b, &portal).await?;
        let shown = one_click(b, &portal, &portal.user_page(USER), "maxlength").await?;
        assert!(shown.chars().count() <= 12, "at most the field's 12 characters: {shown}");
        assert!(broadsmart_ok(Kind::Web, &shown, "1001"), "and the policy: {shown}");
        Ok(())
    })
    .await;
}

/// The web password by the one-click (see [`one_click`]), then the passcode
/// from the user's page: each set once, each what the panel showed.
async fn web_then_passcode(b: &Browser, portal: &Portal, what: &str) -> Result<()> {
    one_click(b, portal, &portal.user_page(USER), what).await?;
    let (state, text) = then_passcode(b, portal).await?;
    assert_eq!(state, "done", "{what}: {text}");
    let code = b.panel_password().await?;
    let control = portal.sim.control();
    let user = control.user(USER).ok_or("no user")?;
    assert_eq!(user.passcode.as_deref(), Some(code.as_str()), "{what}: the passcode is what the panel shows");
    assert_eq!((user.password_set_count, user.passcode_set_count), (1, 1), "{what}: one of each");
    assert_eq!(control.stats().duplicate_submissions, 0, "{what}");
    b.panel_click("dismiss").await?;
    Ok(())
}

/// After a one-click: its card dismissed, the passcode's one-click from the
/// user's page; the state and text it ends in.
async fn then_passcode(b: &Browser, portal: &Portal) -> Result<(String, String)> {
    b.panel_click("dismiss").await?;
    b.goto(&portal.user_page(USER)).await?;
    b.click_in("launcher", "open").await?;
    b.wait_state(&["idle"], Duration::from_secs(10)).await?;
    b.panel_click("reset-passcode").await?;
    b.wait_state(&["done", "failed"], FLOW_TIMEOUT).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_select_instead_of_radios_chooses_the_web_password_and_the_passcode() {
    each_browser("variant-kind-select", async |b| {
        // One skin of each layout: table rows, divs, cards.
        for skin in [Skin::Classic, Skin::Reskin, Skin::Modern] {
            let portal = Portal::start_variants("demo", Some(skin), &[Variant::KindSelect])?;
            login(b, &portal).await?;
            web_then_passcode(b, &portal, &format!("kind-select {skin:?}")).await?;
        }
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_form_per_secret_each_set_by_its_own_form() {
    each_browser("variant-two-forms", async |b| {
        for skin in [Skin::Classic, Skin::Modern] {
            let portal = Portal::start_variants("demo", Some(skin), &[Variant::TwoForms])?;
            login(b, &portal).await?;
            web_then_passcode(b, &portal, &format!("two-forms {skin:?}")).await?;
        }
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tabs_that_choose_the_secret_get_the_shown_tabs_reset_and_nothing_typed_in_the_wrong_one() {
    each_browser("variant-tabs", async |b| {
        for skin in [Skin::Classic, Skin::Modern] {
            let portal = Portal::start_variants("demo", Some(skin), &[Variant::Tabs])?;
            login(b, &portal).await?;
            let what = format!("tabs {skin:?}");
            // The shown tab's secret by the one-click.
            one_click(b, &portal, &portal.user_page(USER), &what).await?;
            // The other tab's secret: its fields are not shown, so nothing is
            // typed into the shown tab's fields, and the panel says why.
            let (state, _) = then_passcode(b, &portal).await?;
            assert_eq!(state, "failed", "{what}: not typed into the other tab's fields");
            let user = portal.sim.control().user(USER).ok_or("no user")?;
            assert_eq!(
                (user.password_set_count, user.passcode_set_count),
                (1, 0),
                "{what}: nothing else set"
            );
            b.panel_click("dismiss").await?;
        }
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_passwords_form_inside_a_web_components_shadow_root_gets_the_one_click() {
    each_browser("variant-web-components", async |b| {
        let portal = Portal::start_variants("demo", Some(Skin::Classic), &[Variant::WebComponents])?;
        login(b, &portal).await?;
        // The control: the page's own document has no password field at all.
        b.goto(&portal.passwords_page(USER)).await?;
        b.wait_state(&["idle"], Duration::from_secs(15)).await?;
        assert!(b.password_field_values().await?.is_empty(), "the form is in the shadow root");
        b.screenshot("variant-web-components").await?;
        web_then_passcode(b, &portal, "web-components").await
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_passwords_form_inside_a_closed_shadow_root_gets_the_one_click() {
    each_browser("variant-closed-components", async |b| {
        let portal = Portal::start_variants("demo", Some(Skin::Classic), &[Variant::ClosedComponents])?;
        login(b, &portal).await?;
        b.goto(&portal.passwords_page(USER)).await?;
        b.wait_state(&["idle"], Duration::from_secs(15)).await?;
        // What the page sees: the component is there, its root closed to scripts.
        b.to_portal().await?;
        let seen = b
            .js(
                "const c = document.querySelector('pw-form');
                 return [c !== null, c?.shadowRoot === null, document.querySelectorAll('input[type=password]').length];",
                vec![],
            )
            .await?;
        assert_eq!(seen, serde_json::json!([true, true, 0]), "the form is in a closed root");
        b.screenshot("variant-closed-components").await?;
        web_then_passcode(b, &portal, "closed-components").await
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rules_printed_on_the_page_are_obeyed_at_the_first_submission() {
    each_browser("variant-printed-rules", async |b| {
        let portal = Portal::start_variants("printed", None, &[Variant::PrintedRules])?;
        login(b, &portal).await?;
        b.goto(&portal.passwords_page(USER)).await?;
        b.wait_state(&["idle"], Duration::from_secs(15)).await?;
        // The checklist shows the page's rules as the page's.
        let from_page = b
            .in_frame("panel", async |c| {
                Ok(c.execute(
                    "return document.querySelectorAll('#checklist li[data-origin=page]').length;",
                    vec![],
                )
                .await?)
            })
            .await?;
        assert!(from_page.as_u64().unwrap_or(0) > 0, "rules from the page in the checklist");
        b.screenshot("variant-printed-rules").await?;
        one_click(b, &portal, &portal.user_page(USER), "printed-rules").await?;
        assert_eq!(portal.sim.control().stats().password_submissions, 1, "the first submission was taken");
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_portal_in_a_resellers_wrapper_iframe_gets_the_one_click_reset() {
    each_browser("variant-wrapper", async |b| {
        let portal = Portal::start_variants("demo", None, &[Variant::ResellerWrapper])?;
        let wrapper = portal.sim.wrapper_url().ok_or("a wrapper")?;
        b.goto(&wrapper).await?;
        b.set_portal_frames(&["#portal-frame"]);
        let out = async {
            // Log in inside the wrapper's frame, then open the user's page there.
            b.to_portal().await?;
            b.client
                .find(fantoccini::Locator::Css("input[type=text], input:not([type])"))
                .await?
                .send_keys(portal.sim.admin_user_id())
                .await?;
            b.client
                .find(fantoccini::Locator::Css("input[type=password]"))
                .await?
                .send_keys(portal.sim.admin_password())
                .await?;
            b.client
                .find(fantoccini::Locator::Css("form input[type=submit], form button"))
                .await?
                .click()
                .await?;
            b.wait_portal_url(|u| !u.to_lowercase().contains("login"), "the page after login").await?;
            b.js("location.assign(arguments[0]); return 1;", vec![portal.user_page(USER).into()]).await?;
            one_click_here(b, &portal, "wrapper").await?;
            b.screenshot("variant-wrapper").await?;
            Ok::<_, super::harness::Error>(())
        }
        .await;
        b.set_portal_frames(&[]);
        out
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_frameset_portal_gets_the_one_click_reset_in_its_content_frame() {
    each_browser("variant-frameset", async |b| {
        let portal = Portal::start_variants("demo", None, &[Variant::Frameset])?;
        login(b, &portal).await?;
        b.goto(&portal.url(passwright_portal::variants::paths::FRAMESET)).await?;
        b.set_portal_frames(&["frame[name=content], iframe[name=content], frame:last-of-type"]);
        let out = async {
            b.wait_portal_url(|_| true, "the content frame").await?;
            b.js("location.assign(arguments[0]); return 1;", vec![portal.user_page(USER).into()]).await?;
            one_click_here(b, &portal, "frameset").await?;
            b.screenshot("variant-frameset").await?;
            Ok::<_, super::harness::Error>(())
        }
        .await;
        b.set_portal_frames(&[]);
        out
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn look_alike_forms_are_never_submitted_and_get_no_one_click() {
    each_browser("variant-lookalikes", async |b| {
        let portal = Portal::start_variants("demo", None, &[Variant::LookalikesCurrent])?;
        let control = portal.sim.control();
        login(b, &portal).await?;
        use passwright_portal::variants::paths as p;
        // Each look-alike page: at most the generator, never a one-click control.
        for (path, what) in [
            (p::AUTHENTICATION.href(USER), "authentication"),
            (p::VOICE_MAIL_PASSWORD.href(USER), "voice mail"),
            (p::with_user(p::MY_PASSWORD, "from", USER), "own password"),
            (p::with_user(p::NEWSLETTER, "ref", USER), "newsletter"),
        ] {
            b.goto(&portal.url(&path)).await?;
            // The extension looked at this page and answered; then what it shows, if anything.
            b.wait_answered(Duration::from_secs(10)).await?;
            if b.frame("panel").await?.is_some() {
                let shown = b
                    .in_frame("panel", async |c| {
                        Ok(c.execute("const b = document.querySelector('[data-action=reset-web]'); return !!b && b.getClientRects().length > 0;", vec![]).await?)
                    })
                    .await?;
                assert_eq!(shown, serde_json::Value::Bool(false), "{what}: no one-click reset offered");
            }
            assert!(b.frame("launcher").await?.is_none(), "{what}: no launcher");
        }
        // The real Passwords form beside them: one click, and only it submitted.
        one_click(b, &portal, &portal.user_page(USER), "lookalikes").await?;
        let f = control.user(USER).ok_or("the user")?.forms;
        assert_eq!((f.authentication, f.voice_mail, f.admin_password, f.generic), (0, 0, 0, 0));
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refusal_in_legacy_font_markup_is_reported_with_the_portals_words_and_a_rule_to_add() {
    each_browser("variant-font-errors", async |b| {
        let portal = Portal::start_variants("demo", None, &[Variant::FontErrors])?;
        let control = portal.sim.control();
        login(b, &portal).await?;
        // The portal caps passwords at 12 characters without saying so beforehand.
        control.set_faults(super::faults(serde_json::json!({ "server_rule": { "max_length": 12 } })))?;
        b.goto(&portal.user_page(USER)).await?;
        b.click_in("launcher", "open").await?;
        b.wait_state(&["idle"], Duration::from_secs(10)).await?;
        b.panel_click("reset-web").await?;
        let (state, text) = b.wait_state(&["done", "failed"], FLOW_TIMEOUT).await?;
        assert_eq!(state, "failed", "refused, not done: {text}");
        assert!(!text.contains("may have been"), "a refusal is no maybe: {text}");
        let (quote, offered) = b
            .in_frame("panel", async |c| {
                let q = c.execute("const q = document.querySelector('[data-field=portal-text]'); return q && !q.hidden ? q.textContent : '';", vec![]).await?;
                let a = c.execute("const a = document.querySelector('[data-action=add-rule]'); return !!a && !a.hidden;", vec![]).await?;
                Ok((q.as_str().unwrap_or("").to_owned(), a.as_bool().unwrap_or(false)))
            })
            .await?;
        let last = control.user(USER).and_then(|u| u.last_error).unwrap_or_default();
        assert!(!quote.is_empty() && last.contains(quote.trim_matches(['“', '”', '"'])), "the portal's words verbatim: {quote:?} / {last:?}");
        assert!(offered, "the rule it names is offered");
        assert_eq!(text.matches(&quote).count(), 0, "said once (in the quote, not again in the status)");
        b.screenshot("variant-font-errors").await?;
        // The shorter maximum weakens the policy: confirmed in the settings
        // page, the next reset is accepted.
        super::add_rule_and_confirm(b, "font errors").await?;
        b.goto(&portal.user_page(USER)).await?;
        b.click_in("launcher", "open").await?;
        b.wait_state(&["idle"], Duration::from_secs(10)).await?;
        b.panel_click("reset-web").await?;
        let (state, text) = b.wait_state(&["done", "failed"], FLOW_TIMEOUT).await?;
        assert_eq!(state, "done", "after adding the rule: {text}");
        let shown = b.panel_password().await?;
        assert!(shown.chars().count() <= 12);
        assert_eq!(control.check_password(USER, &shown), Some(true));
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_frame_of_an_origin_not_granted_gets_nothing() {
    each_browser("variant-ungranted", async |b| {
        let portal = Portal::start_variants("demo", None, &[Variant::UngrantedFrame])?;
        login(b, &portal).await?;
        // Control: on the granted portal the panel comes.
        b.goto(&portal.passwords_page(USER)).await?;
        b.wait_frame("panel", Duration::from_secs(10)).await?;
        let host = portal.sim.ungranted_host_url().ok_or("the host page")?;
        b.goto(&host).await?;
        // Control: the granted page around the frame was answered.
        b.wait_answered(Duration::from_secs(10)).await?;
        b.set_portal_frames(&["iframe"]);
        let out = async {
            b.wait_portal_url(|u| u.contains("127.0.0.2"), "the ungranted page").await?;
            // The agent is not there: nothing marked, nothing injected, nothing answered.
            let ours = b.js("return document.querySelectorAll('[data-passwright]').length + (document.documentElement.hasAttribute('data-passwright-answered') ? 1 : 0);", vec![]).await?;
            assert_eq!(ours, serde_json::Value::from(0));
            assert!(b.frame("panel").await?.is_none() && b.frame("launcher").await?.is_none());
            Ok::<_, super::harness::Error>(())
        }
        .await;
        b.set_portal_frames(&[]);
        out
    })
    .await;
}
