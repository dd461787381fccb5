//! The support article's steps 1 to 5 in every skin, each skin's own
//! markup traits, and that skins differ in paths and wording.

mod common;

use std::collections::HashSet;

use common::*;
use passwright_portal::Skin;
use passwright_portal::skin::{Buttons, Style, fill};
use reqwest::StatusCode;

/// No page may carry hooks meant for the extension.
#[track_caller]
fn no_hooks(page: &Page) {
    assert!(!page.body.contains(" data-"), "data-* attribute on {}", page.path);
    assert!(!page.body.contains("<script"), "script on {}", page.path);
}

async fn article_steps(skin: Skin) {
    let sim = sim(skin).await;
    let d = sim.def();
    let (t, p, n) = (d.t, sim.paths(), &d.names);

    // Step 1: log in, find the user by last name, open the user.
    let login = sim.get("/").await;
    assert_eq!(login.path, p.login, "{skin}");
    login.assert_has(t.login_user).assert_has(t.login_password);
    no_hooks(&login);
    let home = sim.login_admin().await;
    home.assert_has(t.menu_profile)
        .assert_has(t.menu_resources)
        .assert_has(t.menu_services)
        .assert_has(t.menu_utilities);
    home.assert_markup(&format!(r#"href="{}">{}</a>"#, p.users, escape(t.item_users)));
    home.assert_markup(&format!(r#"href="{}">{}</a>"#, p.devices, escape(t.item_devices)));
    home.assert_markup(&format!(r#"href="{}">{}</a>"#, p.rules, escape(t.item_rules)));
    no_hooks(&home);
    let results = sim
        .get(&format!(
            "{}?{}=last_name&{}=starts&{}=Chen",
            p.users, n.search_field, n.search_mode, n.search_value
        ))
        .await;
    results.assert_markup(&format!(r#"<a href="{}">Chen</a>"#, p.user.href(WCHEN)));
    results.assert_lacks("Smith");
    no_hooks(&results);
    let user = sim.get(&p.user.href(WCHEN)).await;
    user.assert_has("Wei Chen").assert_has(t.basic);

    // Step 2: Passwords, next to Profile and Addresses.
    for (text, href) in [
        (t.item_profile, p.profile.href(WCHEN)),
        (t.item_addresses, p.addresses.href(WCHEN)),
        (t.item_passwords, p.passwords.href(WCHEN)),
    ] {
        user.assert_markup(&format!(r#"href="{href}">{}</a>"#, escape(text)));
    }
    no_hooks(&user);
    let addresses = sim.get(&p.addresses.href(WCHEN)).await;
    addresses.assert_has(t.line_port).assert_has("2125550103@acme.example.com");
    no_hooks(&addresses);
    sim.get(&p.profile.href(WCHEN)).await.assert_has("1003");

    // Step 3: the form, a mismatch, a rule violation, then a valid reset.
    let form = sim.passwords_page(WCHEN).await;
    form.assert_has(t.radio_web)
        .assert_has(t.radio_passcode)
        .assert_has(t.new_label)
        .assert_has(t.confirm_label);
    assert_eq!(form.count(r#"type="password""#), 2, "{skin}: two masked fields");
    assert_eq!(form.count(r#"type="radio""#), 2);
    no_hooks(&form);

    let mismatch = sim.set_secret(WCHEN, Kind::Web, "Harbor2026x", "Harbor2026y", Press::Ok).await;
    let what = [("what", t.noun_web), ("whats", t.noun_web_plural)];
    mismatch.assert_has(&fill(t.v_mismatch, &what));
    assert_eq!(mismatch.path, p.passwords.href(WCHEN));
    let short = sim.set_secret(WCHEN, Kind::Web, "ab1", "ab1", Press::Ok).await;
    short.assert_has(&fill(t.v_too_short, &[("what", t.noun_web), ("n", "8")]));
    if d.style == Style::Cards {
        short.assert_markup(r#"role="alert""#);
    }
    assert_eq!(sim.api_user(WCHEN).await.password_set_count, 0);

    let done = sim.set_secret(WCHEN, Kind::Web, "Harbor2026x", "Harbor2026x", Press::Ok).await;
    done.assert_has(t.success_web);
    let expected = match d.buttons {
        Buttons::SaveCancel { returns: false, .. } => p.passwords.href(WCHEN),
        _ => p.user.href(WCHEN),
    };
    assert_eq!(done.path, expected, "{skin}: where OK/Save lands");
    no_hooks(&done);
    assert!(sim.user_can_log_in(WCHEN, "Harbor2026x").await, "{skin}");
    assert!(!sim.user_can_log_in(WCHEN, WCHEN_PASSWORD).await, "{skin}");

    // The passcode radio.
    let done = sim.set_secret(WCHEN, Kind::Passcode, "1003", "1003", Press::Ok).await;
    done.assert_has(&fill(t.v_extension, &[("what", t.noun_passcode)]));
    let done = sim.set_secret(WCHEN, Kind::Passcode, "58214", "58214", Press::Ok).await;
    done.assert_has(t.success_passcode);
    assert_eq!(sim.api_user(WCHEN).await.passcode.as_deref(), Some("58214"));

    // Step 5: rebuild the device files (confirmed), then reset the phone.
    let device = sim.get(&p.device.href("wchen-phone")).await;
    device.assert_has(t.rebuild).assert_has(t.reset);
    no_hooks(&device);
    for (action, question, result) in
        [("rebuild", t.confirm_rebuild, t.rebuilt), ("reset", t.confirm_reset, t.was_reset)]
    {
        let confirm = sim.get(&p.device_confirm.href_with("wchen-phone", "action", action)).await;
        confirm.assert_has(&fill(question, &[("name", "wchen-phone")]));
        no_hooks(&confirm);
        let token = confirm.hidden(n.token).expect("a token");
        let (yes, _) = d.confirm_buttons;
        let page = sim
            .post(
                &p.device_confirm.href("wchen-phone"),
                &[(n.token, &token), ("action", action), (yes.name, yes.value)],
            )
            .await;
        page.assert_has(&fill(result, &[("name", "wchen-phone")]));
    }
    let devices = sim.api_user(WCHEN).await.devices;
    assert_eq!((devices[0].rebuild_count, devices[0].reset_count), (1, 1), "{skin}");

    // Utilities > Password Rules.
    let rules = sim.get(p.rules).await;
    rules.assert_has(t.rules_heading).assert_has(t.rules_web).assert_has(t.rules_passcode);
    rules.assert_markup(r#"name="web.min_length" min="3" max="40" value="8""#);
    no_hooks(&rules);
}

#[tokio::test]
async fn classic_follows_the_article() {
    article_steps(Skin::Classic).await;
}

#[tokio::test]
async fn legacy_follows_the_article() {
    article_steps(Skin::Legacy).await;
}

#[tokio::test]
async fn reskin_follows_the_article() {
    article_steps(Skin::Reskin).await;
}

#[tokio::test]
async fn francais_follows_the_article() {
    article_steps(Skin::Francais).await;
}

#[tokio::test]
async fn modern_follows_the_article() {
    article_steps(Skin::Modern).await;
}

fn ids(page: &Page) -> Vec<String> {
    page.body.split(" id=\"").skip(1).filter_map(|s| s.split('"').next().map(str::to_owned)).collect()
}

#[tokio::test]
async fn legacy_says_voice_portal_and_numbers_its_errors() {
    let sim = sim(Skin::Legacy).await;
    sim.login_admin().await;
    let page = sim.passwords_page(JSMITH).await;
    page.assert_has("Set voice portal password")
        .assert_has("Type a new password")
        .assert_has("Type the new password again");
    page.assert_markup(r#"<label for="pwd1">"#);
    let page = sim.set_secret(JSMITH, Kind::Web, "x1", "x1", Press::Ok).await;
    page.assert_has("[Error 4962] Password too short: at least 8 characters are required.");
    assert!(sim.paths().passwords.href(JSMITH).starts_with("/servlet/UserPasswords?uid="));
}

#[tokio::test]
async fn reskin_ids_change_on_every_load_and_labels_are_not_linked() {
    let sim = sim(Skin::Reskin).await;
    sim.login_admin().await;
    let a = sim.passwords_page(JSMITH).await;
    let b = sim.passwords_page(JSMITH).await;
    a.assert_has("Web portal access password").assert_has("Voice portal passcode");
    a.assert_markup(r#"<button type="submit" name="op" value="save">Save</button>"#);
    a.assert_markup(r#"<button type="submit" name="op" value="cancel" class="secondary">Cancel</button>"#);
    a.assert_lacks("Apply");
    assert!(!a.body.contains("<label"), "no label elements at all");
    assert!(!a.body.contains(" for=\""));
    assert!(
        a.body.contains("<div class=\"row\"><span class=\"lbl\">New password</span><input type=\"password\"")
    );
    let (ids_a, ids_b) = (ids(&a), ids(&b));
    assert_eq!(ids_a.len(), 4, "two radios and two inputs have ids");
    let shared: HashSet<_> =
        ids_a.iter().collect::<HashSet<_>>().intersection(&ids_b.iter().collect()).copied().collect();
    assert!(shared.is_empty(), "ids repeat across loads: {shared:?}");
    let (r1, r2) = (sim.get(sim.paths().rules).await, sim.get(sim.paths().rules).await);
    assert!(ids(&r1).len() > 20);
    assert!(ids(&r1).iter().all(|id| !ids(&r2).contains(id)), "rules page ids change too");
    // Cancel is a real button here.
    let page = sim.set_secret(JSMITH, Kind::Web, "Harbor2026x", "Harbor2026x", Press::Cancel).await;
    assert_eq!(page.path, sim.paths().user.href(JSMITH));
    assert_eq!(sim.api_user(JSMITH).await.password_set_count, 0);
}

#[tokio::test]
async fn modern_labels_inputs_only_by_aria_and_alerts_outcomes() {
    let sim = sim(Skin::Modern).await;
    sim.login_admin().await;
    let page = sim.passwords_page(JSMITH).await;
    assert!(!page.body.contains("<label"));
    page.assert_markup(r#"<input type="password" name="secret" aria-label="New password" placeholder="New password" autocomplete="new-password">"#);
    page.assert_markup(r#"aria-label="Repeat new password""#);
    page.assert_markup(r#"aria-labelledby="lbl-password""#);
    page.assert_markup(r#"<span id="lbl-password">Web access password</span>"#);
    page.assert_markup(r#"<input class="btn" type="submit" name="commit" value="Save changes">"#);
    page.assert_markup(&format!(
        r#"<a class="btn ghost" href="{}">Cancel</a>"#,
        sim.paths().user.href(JSMITH)
    ));
    let done = sim.set_secret(JSMITH, Kind::Web, "Harbor2026x", "Harbor2026x", Press::Ok).await;
    done.assert_markup(r#"<div class="alert good" role="alert">Password updated successfully.</div>"#);
    // Device actions are links styled as buttons.
    let device = sim.get(&sim.paths().device.href("jsmith-phone")).await;
    device.assert_markup(r#"<a class="btn" href="/app/devices/action?d=jsmith-phone&amp;action=rebuild">Rebuild the files</a>"#);
}

#[tokio::test]
async fn francais_speaks_french() {
    let sim = sim(Skin::Francais).await;
    let login = sim.get("/").await;
    login.assert_markup(r#"<html lang="fr">"#).assert_has("Identifiant");
    sim.login_admin().await;
    let page = sim.passwords_page(JSMITH).await;
    page.assert_has("Définir le mot de passe d'accès Web")
        .assert_has("Définir le code d'accès du portail")
        .assert_has("Nouveau mot de passe")
        .assert_has("Confirmer le nouveau mot de passe");
    for b in ["OK", "Appliquer", "Annuler"] {
        page.assert_markup(&format!(r#"value="{b}""#));
    }
    let page = sim.set_secret(JSMITH, Kind::Web, "abcdefgh", "abcdefgh", Press::Apply).await;
    page.assert_has("Le mot de passe doit contenir au moins 1 chiffre(s).");
    let page = sim.set_secret(JSMITH, Kind::Web, "abcdefg1", "abcdefg1", Press::Apply).await;
    page.assert_has("Le mot de passe d'accès Web a été modifié.");
    assert_eq!(page.path, sim.paths().passwords.href(JSMITH));
}

#[tokio::test]
async fn skins_differ_in_paths_and_wording() {
    let mut passwords_paths = HashSet::new();
    let mut logins = HashSet::new();
    let mut successes = HashSet::new();
    let mut mismatches = HashSet::new();
    for skin in Skin::ALL {
        let d = skin.def();
        passwords_paths.insert(d.paths.passwords.href(JSMITH));
        logins.insert(d.paths.login);
        successes.insert(d.t.success_web);
        mismatches.insert(d.t.v_mismatch);
    }
    for set in [passwords_paths.len(), logins.len(), successes.len(), mismatches.len()] {
        assert_eq!(set, Skin::ALL.len());
    }
    // A classic path means nothing to the reskin.
    let sim = sim(Skin::Reskin).await;
    assert_eq!(sim.get("/Login/").await.status, StatusCode::NOT_FOUND);
    assert_eq!(sim.get("/portal/login").await.status, StatusCode::OK);
}

#[tokio::test]
async fn the_builtin_skin_scenarios_wear_their_skin() {
    for (name, skin) in [
        ("legacy", Skin::Legacy),
        ("reskin", Skin::Reskin),
        ("francais", Skin::Francais),
        ("modern", Skin::Modern),
    ] {
        let sim = sim_scenario(name).await;
        assert_eq!(sim.portal.skin(), skin);
        let page = sim.get("/").await;
        assert_eq!(page.path, skin.paths().login);
        assert_eq!(sim.api_user(JSMITH).await.name, "John Smith");
    }
}

#[tokio::test]
async fn deutsch_follows_the_article() {
    article_steps(Skin::Deutsch).await;
}

#[tokio::test]
async fn espanol_follows_the_article() {
    article_steps(Skin::Espanol).await;
}

#[tokio::test]
async fn deutsch_speaks_german() {
    let sim = sim(Skin::Deutsch).await;
    let login = sim.get("/").await;
    assert_eq!(login.path, "/de/anmelden");
    login.assert_markup(r#"<html lang="de">"#).assert_has("Benutzer-ID").assert_has("Kennwort");
    login.assert_markup(r#"<label for="benutzer">"#);
    let home = sim.login_admin().await;
    home.assert_has("Dienstprogramme").assert_has("Kennwortregeln").assert_has("Identitäts-/Geräteprofile");
    let user = sim.get(&sim.paths().user.href(JSMITH)).await;
    user.assert_has("Grundeinstellungen").assert_has("Kennwörter").assert_has("Adressen");
    let page = sim.passwords_page(JSMITH).await;
    page.assert_has("Web-Zugangskennwort festlegen")
        .assert_has("Portal-PIN festlegen")
        .assert_has("Neues Web-Zugangskennwort")
        .assert_has("Neues Web-Zugangskennwort wiederholen");
    for b in ["OK", "Übernehmen", "Abbrechen"] {
        page.assert_markup(&format!(r#"value="{b}""#));
    }
    page.assert_lacks("Password").assert_lacks("Cancel").assert_lacks("Apply");
    let page = sim.set_secret(JSMITH, Kind::Web, "abcdefgh", "abcdefgh", Press::Apply).await;
    page.assert_has("Fehler").assert_has("Das Kennwort muss mindestens 1 Ziffer(n) enthalten.");
    let page = sim.set_secret(JSMITH, Kind::Passcode, "1001", "1001", Press::Apply).await;
    page.assert_has("Die PIN darf nicht die Durchwahl des Benutzers sein.");
    let page = sim.set_secret(JSMITH, Kind::Web, "Wiese2026x", "Wiese2026y", Press::Apply).await;
    page.assert_has("Die beiden Eingaben stimmen nicht überein.");
    let page = sim.set_secret(JSMITH, Kind::Web, "Wiese2026x", "Wiese2026x", Press::Apply).await;
    page.assert_has("Das Web-Zugangskennwort wurde geändert.");
    assert_eq!(page.path, sim.paths().passwords.href(JSMITH));
    assert!(sim.user_can_log_in(JSMITH, "Wiese2026x").await);
    let rules = sim.get(sim.paths().rules).await;
    rules.assert_has("Mindestlänge").assert_has("Regeln für die Portal-PIN");
    let missing = sim.get("/de/nirgendwo").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    missing.assert_has("Seite nicht gefunden");
}

#[tokio::test]
async fn espanol_speaks_spanish() {
    let sim = sim(Skin::Espanol).await;
    let login = sim.get("/").await;
    assert_eq!(login.path, "/es/acceso");
    login.assert_markup(r#"<html lang="es">"#).assert_has("ID de usuario").assert_has("Contraseña");
    let home = sim.login_admin().await;
    home.assert_has("Utilidades").assert_has("Reglas de contraseña");
    let page = sim.passwords_page(JSMITH).await;
    page.assert_has("Establecer la contraseña de acceso web")
        .assert_has("Establecer el código de acceso al portal")
        .assert_has("Nueva contraseña")
        .assert_has("Repita la nueva contraseña");
    page.assert_markup(r#"<button type="submit" name="accion" value="guardar">Guardar</button>"#);
    page.assert_markup(
        r#"<button type="submit" name="accion" value="cancelar" class="secondary">Cancelar</button>"#,
    );
    assert!(!page.body.contains("<label"), "labels are spans, not linked");
    page.assert_lacks("Password").assert_lacks("Save");
    let page = sim.set_secret(JSMITH, Kind::Web, "corta1", "corta1", Press::Ok).await;
    page.assert_has("No se han podido guardar los cambios")
        .assert_has("La contraseña debe tener al menos 8 caracteres.");
    let page = sim.set_secret(JSMITH, Kind::Passcode, "12a", "12a", Press::Ok).await;
    page.assert_has("El código de acceso solo puede contener dígitos.")
        .assert_has("El código de acceso debe tener entre 4 y 10 dígitos.");
    let page = sim.set_secret(JSMITH, Kind::Web, "Prado2026x", "Prado2026x", Press::Ok).await;
    // Guardar saves and returns to the user.
    assert_eq!(page.path, sim.paths().user.href(JSMITH));
    page.assert_has("La contraseña de acceso web se ha cambiado correctamente.");
    assert!(sim.user_can_log_in(JSMITH, "Prado2026x").await);
    assert!(!sim.user_can_log_in(JSMITH, JSMITH_PASSWORD).await);
}

#[tokio::test]
async fn the_german_and_spanish_scenarios_wear_their_skin() {
    for (name, skin) in [("deutsch", Skin::Deutsch), ("espanol", Skin::Espanol)] {
        let sim = sim_scenario(name).await;
        assert_eq!(sim.portal.skin(), skin);
        assert_eq!(sim.get("/").await.path, skin.paths().login);
        assert_eq!(name.parse::<Skin>().unwrap(), skin);
    }
}
