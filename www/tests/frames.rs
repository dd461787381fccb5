//! The variants that put the portal in frames: `frameset` (a navigation
//! frame and a content frame), `reseller-wrapper` (a reseller's page on
//! another port framing the portal) and `ungranted-frame` (a portal-looking
//! page on an origin the extension is not granted, framed by a portal page).

mod common;

use common::*;
use passwright_portal::variants::paths as vp;
use passwright_portal::{Config, Scenario, Skin, Variant, Variants, start};
use reqwest::StatusCode;

#[tokio::test]
async fn the_frameset_has_a_navigation_frame_and_a_content_frame() {
    let sim = sim_variants(Skin::Classic, &[Variant::Frameset]).await;
    let login = sim.get("/").await;
    login.assert_markup(r#"<form method="post" action="/Login/" target="_top">"#);
    let top = sim.login("admin", "CommPilot-Demo-2026").await;
    assert_eq!(top.path, vp::FRAMESET);
    assert!(top.body.starts_with("<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01 Frameset//EN\""));
    top.assert_markup(r#"<frameset cols="220,*" frameborder="1" border="1"><frame name="menu" src="/frames/nav" title="Navigation" scrolling="auto"><frame name="main" src="/Group/Profile/""#);
    assert_eq!(top.count("<body"), 1, "a frameset page has no body but the noframes one");
    top.assert_markup("<noframes><body><p>Your browser does not support frames.</p></body></noframes>");
    assert_eq!(top.headers["x-frame-options"], "SAMEORIGIN", "same-origin frames are fine");

    let nav = sim.get(vp::FRAME_NAV).await;
    for (href, text) in
        [("/Group/Members/", "Users"), ("/Group/Resources/Devices/", "Identity/Device Profiles")]
    {
        nav.assert_markup(&format!(r#"<a href="{href}" target="main">{text}</a>"#));
    }
    nav.assert_markup(r#"<a href="/Logout/" target="_top">Logout</a>"#);

    // The content pages come without their own banner and menus.
    let user = sim.get(&sim.paths().user.href(JSMITH)).await;
    user.assert_markup(r#"<body><div class="content framed"><h1>John Smith</h1>"#);
    user.assert_lacks("class=\"banner\"").assert_lacks("class=\"leftnav\"");
    user.assert_markup(&format!(r#"<a href="{}">Passwords</a>"#, sim.paths().passwords.href(JSMITH)));
    let bad = sim.set_secret(JSMITH, Kind::Web, "short1", "short1", Press::Ok).await;
    bad.assert_has("The password must be at least 8 characters long.").assert_lacks("class=\"leftnav\"");
    let done = sim.set_secret(JSMITH, Kind::Web, "Harbor2026x", "Harbor2026x", Press::Ok).await;
    done.assert_has("The web access password has been changed.");
    assert_eq!(done.path, sim.paths().user.href(JSMITH));
    assert!(sim.logs_in(JSMITH, "Harbor2026x").await);
    assert!(!sim.logs_in(JSMITH, JSMITH_PASSWORD).await);
    assert_eq!(sim.api_user(JSMITH).await.forms.passwords_web, 2);
}

#[tokio::test]
async fn a_user_s_frameset_shows_their_own_page_and_menus() {
    let sim = sim_variants(Skin::Francais, &[Variant::Frameset, Variant::DeepPasswords]).await;
    let top = sim.login(JSMITH, JSMITH_PASSWORD).await;
    assert_eq!(top.path, vp::FRAMESET);
    top.assert_markup(&format!(r#"<frame name="main" src="{}""#, sim.paths().user.href(JSMITH)));
    let nav = sim.get(vp::FRAME_NAV).await;
    nav.assert_markup(r#"<html lang="fr">"#);
    nav.assert_markup(&format!(r#"<a href="{}" target="main">Profil</a>"#, sim.paths().profile.href(JSMITH)));
    assert!(!nav.body.contains(&sim.paths().passwords.href(JSMITH)), "deep-passwords: no Passwords link");
    let user = sim.get(&sim.paths().user.href(JSMITH)).await;
    user.assert_markup(&format!(r#"<a href="{}">Mon profil</a>"#, vp::MY_PROFILE.href(JSMITH)));
    // Without a session the frames send to the login page.
    let other = Sim2 { portal: &sim.portal, client: client() };
    let resp = other.client.get(sim.portal.url(vp::FRAMESET)).send().await.unwrap();
    assert_eq!(resp.url().path(), sim.paths().login);
}

#[tokio::test]
async fn the_reseller_wrapper_frames_the_portal_from_another_port() {
    let sim = sim_variants(Skin::Reskin, &[Variant::ResellerWrapper]).await;
    let wrapper = sim.portal.wrapper_url().expect("a wrapper");
    let (portal_addr, wrapper_addr) = (sim.portal.addr(), sim.portal.wrapper_addr().unwrap());
    assert_eq!(wrapper_addr.ip(), portal_addr.ip(), "same host");
    assert_ne!(wrapper_addr.port(), portal_addr.port(), "another port");
    assert_eq!(wrapper, format!("http://{wrapper_addr}/"));

    let resp = sim.client.get(&wrapper).send().await.unwrap();
    let csp = resp.headers()["content-security-policy"].to_str().unwrap().to_owned();
    let body = resp.text().await.unwrap();
    assert!(body.contains("Northwind Communications") && body.contains("Your phone system"), "{body}");
    assert!(body.contains(r#"<li><a href="/billing">Billing</a></li>"#), "a nav bar: {body}");
    assert!(body.contains("1-800-555-0199"));
    let src =
        format!(r#"<iframe id="portal-frame" name="portal" src="{}/portal/login""#, sim.portal.base_url());
    assert!(body.contains(&src), "{body}");
    assert_eq!(csp, format!("default-src 'self'; frame-src {}", sim.portal.base_url()));
    assert!(!body.contains("<script"));
    let billing = sim.client.get(format!("{wrapper}billing")).send().await.unwrap();
    assert_eq!(billing.status(), StatusCode::OK);
    assert_eq!(
        sim.client.get(format!("{wrapper}nope")).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    let css = sim.client.get(format!("{wrapper}css/site.css")).send().await.unwrap();
    assert!(css.headers()["content-type"].to_str().unwrap().starts_with("text/css"));

    // The portal lets that origin (and only it) frame its pages.
    let login = sim.get(sim.paths().login).await;
    assert!(!login.headers.contains_key("x-frame-options"));
    let expected = format!("{}; frame-ancestors 'self' http://{wrapper_addr}", passwright_portal::PAGE_CSP);
    assert_eq!(login.headers["content-security-policy"], expected.as_str());
    // The session cookie is SameSite=Lax on the host: the framed portal
    // (same site, another origin) keeps its session.
    let resp = sim
        .client
        .post(sim.portal.url(sim.paths().login))
        .form(&[("login", "admin"), ("secret", "CommPilot-Demo-2026")])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.url().path(), sim.paths().home);
    // The article's steps work as ever inside it.
    let bad = sim.set_secret(JSMITH, Kind::Web, "Harbor2026x", "Harbor2026y", Press::Ok).await;
    bad.assert_has("The two entries don't match.");
    let done = sim.set_secret(JSMITH, Kind::Web, "Harbor2026x", "Harbor2026x", Press::Ok).await;
    done.assert_has("Saved! The web portal access password was updated.");
    assert!(sim.logs_in(JSMITH, "Harbor2026x").await);
    assert!(!sim.logs_in(JSMITH, JSMITH_PASSWORD).await);
    assert_eq!(sim.api_user(JSMITH).await.forms.passwords_web, 2);
    assert_eq!(sim.get(sim.paths().home).await.headers["content-security-policy"], expected.as_str());
}

#[tokio::test]
async fn the_wrapper_listens_where_it_is_told_and_speaks_the_skin_s_language() {
    let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let free = probe.local_addr().unwrap();
    drop(probe);
    let config = Config::new(Scenario::builtin("deutsch").unwrap())
        .with_variant(Variant::ResellerWrapper)
        .with_wrapper_addr(free);
    let portal = start(config).await.unwrap();
    assert_eq!(portal.wrapper_addr(), Some(free));
    let body = reqwest::get(portal.wrapper_url().unwrap()).await.unwrap().text().await.unwrap();
    assert!(body.contains(r#"<html lang="de">"#) && body.contains("Ihre Telefonanlage"), "{body}");
    assert!(body.contains("/de/anmelden"));
}

#[tokio::test]
async fn the_ungranted_frame_shows_a_passwords_form_on_another_loopback_host() {
    let sim = sim_variants(Skin::Classic, &[Variant::UngrantedFrame]).await;
    let frame_url = sim.portal.ungranted_frame_url().expect("an ungranted frame");
    let addr = sim.portal.ungranted_addr().unwrap();
    assert_eq!(addr.ip().to_string(), "127.0.0.2");
    assert_eq!(frame_url, format!("http://{addr}/User/Passwords/?key={JSMITH}"));

    // The granted page (the portal's own origin) frames it; no login needed.
    let host_url = sim.portal.ungranted_host_url().unwrap();
    assert_eq!(host_url, sim.portal.url(vp::UNGRANTED_HOST));
    let host = sim.get(vp::UNGRANTED_HOST).await;
    assert_eq!(host.status, StatusCode::OK);
    host.assert_markup(&format!(r#"<iframe id="partner" src="{}""#, escape(&frame_url)));
    host.assert_has("Partner directory");
    let csp = host.headers["content-security-policy"].to_str().unwrap();
    assert_eq!(csp, format!("{}; frame-src http://{addr}", passwright_portal::PAGE_CSP));

    // The framed page: a user's Passwords form, static, no login.
    let other = client();
    let resp = other.get(&frame_url).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(!resp.headers().contains_key("x-frame-options"));
    let csp = resp.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(csp.contains(&format!("frame-ancestors 'self' {}", sim.portal.base_url())), "{csp}");
    let body = resp.text().await.unwrap();
    for text in
        ["John Smith", "Set web access password", "Type new user web access password", "BroadWorks CommPilot"]
    {
        assert!(body.contains(text), "{text}: {body}");
    }
    assert_eq!(inputs(&body).iter().filter(|i| i["type"] == "password").count(), 2);
    let posted = other
        .post(&frame_url)
        .form(&[("passwordType", "web"), ("newPassword", "Harbor2026x"), ("confirmPassword", "Harbor2026x")])
        .send()
        .await
        .unwrap();
    assert!(posted.text().await.unwrap().contains("Saved."));
    let stats = sim.api_stats().await;
    assert_eq!(stats["ungranted_submissions"], 1);
    assert_eq!(stats["ungranted_requests"], 2);
    assert!(sim.api_password_is(JSMITH, JSMITH_PASSWORD).await, "nothing stored");
    let log = sim.api_submissions().await;
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].form, passwright_portal::FormKind::Ungranted);
    assert_eq!(log[0].fields["newPassword"], "Harbor2026x");
    assert_eq!(sim.api_user(JSMITH).await.forms, Default::default());
}

#[tokio::test]
async fn the_ungranted_address_is_configurable_and_variants_compose() {
    let variants = Variants::of([Variant::UngrantedFrame, Variant::ResellerWrapper]);
    let config = Config::new(Scenario::builtin("demo").unwrap())
        .with_variants(variants)
        .with_ungranted_addr("127.0.0.3:0".parse().unwrap());
    let portal = passwright_portal::start_in_thread(config).unwrap();
    let url = portal.ungranted_frame_url().unwrap();
    assert!(url.starts_with("http://127.0.0.3:"), "{url}");
    assert!(portal.wrapper_url().is_some());
    let wrapper = portal.wrapper_url().unwrap();
    let host = portal.ungranted_host_url().unwrap();
    let (url2, base) = (url.clone(), portal.base_url());
    let (frame_csp, host_ok) = std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async {
            let frame = reqwest::get(&url2).await.unwrap();
            let csp = frame.headers()["content-security-policy"].to_str().unwrap().to_owned();
            let host = reqwest::get(&host).await.unwrap();
            (csp, host.status() == StatusCode::OK)
        })
    })
    .join()
    .unwrap();
    assert!(host_ok);
    assert!(frame_csp.contains(&base) && frame_csp.contains(wrapper.trim_end_matches('/')), "{frame_csp}");
    let addr = portal.ungranted_addr().unwrap();
    drop(portal);
    assert!(std::net::TcpStream::connect(addr).is_err(), "every listener stops");
}
