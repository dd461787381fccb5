//! A portal over http (the security issue): the toolbar popup warns before
//! the admin enables it, and the panel repeats the warning on its pages;
//! the same portal over https gets neither (the control).

use std::path::Path;

use passwright::portal::Snapshot;
use passwright::protocol::background::{Event, Reply};
use passwright::protocol::pages::{PopupReply, PopupRequest, TabInfo};
use passwright::testing::FakeBackground;

const TAB: i64 = 5;

fn passwords_at(origin: &str) -> Snapshot {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/snapshots/classic/passwords.json");
    let mut s: Snapshot = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    s.top = true;
    s.url = s.url.replacen("http://portal.test", origin, 1);
    for link in &mut s.links {
        link.href = link.href.replacen("http://portal.test", origin, 1);
    }
    s
}

/// The popup's warning for a tab on `origin`, not yet enabled.
fn popup_warning(origin: &str) -> Option<String> {
    let mut bg = FakeBackground::new();
    let tab = TabInfo { id: TAB, url: format!("{origin}/User/?key=jsmith@acme.example.com") };
    let fx = bg.event(Event::Popup(PopupRequest::Load { tab: Some(tab), enabled: false }));
    match fx.reply {
        Some(Reply::Popup(PopupReply::View(v))) => {
            assert!(v.enable, "{origin}: the popup offers to enable it");
            v.warning
        }
        other => panic!("{origin}: no popup view: {other:?}"),
    }
}

/// The panel's warnings on the Passwords page of `origin`.
fn panel_warnings(origin: &str) -> Vec<String> {
    let mut bg = FakeBackground::new();
    bg.page(TAB, 0, "p1", &passwords_at(origin));
    bg.hello(TAB);
    bg.view(TAB).expect("the panel's view").warnings.clone()
}

#[test]
fn the_popup_warns_before_enabling_an_http_portal_and_not_an_https_one() {
    let http = popup_warning("http://portal.test").expect("a warning for http");
    assert!(http.contains("http"), "{http}");
    assert_eq!(popup_warning("https://portal.test"), None);
}

#[test]
fn the_panel_repeats_the_warning_on_an_http_portal_only() {
    let http = panel_warnings("http://portal.test");
    assert!(http.iter().any(|w| w.contains("unencrypted")), "{http:?}");
    let https = panel_warnings("https://portal.test");
    assert!(!https.iter().any(|w| w.contains("unencrypted")), "{https:?}");
}
