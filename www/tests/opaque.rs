//! `opaque`: the user page and the Passwords page in words no heuristic
//! knows, the form's names and the server's rules unchanged.

mod common;

use common::*;
use passwright_portal::{Skin, Variant};

#[tokio::test]
async fn opaque_pages_say_nothing_known_and_the_server_still_changes_the_password() {
    for skin in [Skin::Classic, Skin::Reskin, Skin::Modern] {
        let sim = sim_variants(skin, &[Variant::Opaque]).await;
        sim.login_admin().await;
        let plain = skin.def();
        let user = sim.get(&sim.paths().user.href(JSMITH)).await;
        // The way to Passwords is there, under another word.
        let href = sim.paths().passwords.href(JSMITH).replace('&', "&amp;");
        user.assert_markup(&format!("href=\"{href}\">Keys<"));
        // No text says the skin's words (the addresses keep theirs).
        let says = |page: &Page, word: &str| page.body.contains(&format!(">{word}"));
        assert!(!says(&user, plain.t.item_passwords), "{skin}: {}", user.body);
        let page = sim.passwords_page(JSMITH).await;
        for word in [plain.t.passwords_heading, plain.t.new_label, plain.t.confirm_label, plain.t.radio_web] {
            assert!(!says(&page, word), "{skin}: {word:?} in {}", page.body);
        }
        page.assert_has("Box 1");
        // The form's names stay; the buttons' words change with the served definition.
        let n = &sim.def().names;
        assert_eq!(n.new, plain.names.new, "{skin}");
        page.assert_markup(&format!("name=\"{}\"", n.new)).assert_markup(&format!("name=\"{}\"", n.confirm));
        page.assert_has("Go");
        // The server takes the change as on the skin (the served button).
        let ok = sim.set_secret(JSMITH, Kind::Web, "Harbor2026xyQ!", "Harbor2026xyQ!", Press::Ok).await;
        ok.assert_has(plain.t.success_web);
        assert!(sim.logs_in(JSMITH, "Harbor2026xyQ!").await, "{skin}");
        assert_eq!(sim.api_user(JSMITH).await.forms.passwords_web, 1, "{skin}");
    }
}

#[test]
fn opaque_does_not_combine_with_pages_that_name_passwords() {
    let v = passwright_portal::Variants::of([Variant::Opaque, Variant::Lookalikes]);
    assert!(v.validate().unwrap_err().starts_with("opaque:"));
    assert!(passwright_portal::Variants::of([Variant::Opaque, Variant::ScriptForm]).validate().is_ok());
}
