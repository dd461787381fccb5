//! The variants' own wording, in each skin's language (`en`, `fr`, `de`,
//! `es`). Templates use `{name}` like the skins' texts.

/// Every visible text of the variants' pages.
#[derive(Debug)]
pub struct VariantTexts {
    /// `font-errors-prefixed`: the start of every error line.
    pub error_word: &'static str,
    /// `script-form`: shown until the script has built the form.
    pub loading: &'static str,
    /// Shown by browsers without script.
    pub needs_script: &'static str,
    /// `field-constraints`: the passcode inputs' labels.
    pub passcode_new: &'static str,
    /// Re-type of the passcode.
    pub passcode_confirm: &'static str,
    /// `kind-select`: the select's label.
    pub kind_select: &'static str,
    /// `frameset`: the navigation frame's title.
    pub frame_nav: &'static str,
    /// Text for browsers without frames.
    pub no_frames: &'static str,

    /// `deep-passwords`: the tabs of the user page; "My profile" leads on.
    pub tab_my_profile: &'static str,
    /// The other tabs (text only).
    pub tabs_other: &'static [&'static str],
    /// My profile: intro ("{name}").
    pub my_profile_intro: &'static str,
    /// Sub-level menu: overview (text).
    pub sub_overview: &'static str,
    /// Sub-level menu: Passwords.
    pub sub_passwords: &'static str,
    /// The Passwords page's intro.
    pub deep_passwords_intro: &'static str,
    /// Left menu: Manage passwords.
    pub manage_passwords: &'static str,
    /// Left menu entries shown as text.
    pub left_other: &'static [&'static str],
    /// Manage passwords: web radio.
    pub deep_radio_web: &'static str,
    /// Manage passwords: passcode radio.
    pub deep_radio_passcode: &'static str,
    /// Manage passwords: first entry.
    pub deep_enter: &'static str,
    /// Manage passwords: second entry.
    pub deep_reenter: &'static str,
    /// Save.
    pub deep_save: &'static str,
    /// Cancel.
    pub deep_cancel: &'static str,
    /// After a save.
    pub deep_saved: &'static str,
    /// Risky link: log out.
    pub log_out: &'static str,
    /// Risky link: delete the user.
    pub delete_user: &'static str,
    /// Risky link: reset voice mail.
    pub reset_voice_mail: &'static str,
    /// Risky link: remove the device.
    pub remove_device: &'static str,
    /// Confirmations of the risky actions ("{name}").
    pub confirm_delete_user: &'static str,
    /// Reset voice mail.
    pub confirm_reset_voice_mail: &'static str,
    /// Remove the device.
    pub confirm_remove_device: &'static str,
    /// A risky action was carried out.
    pub risky_done: &'static str,

    /// `lookalikes`: the user-level link.
    pub auth_link: &'static str,
    /// The Utilities entry leading to the same page.
    pub auth_utility: &'static str,
    /// Authentication page heading.
    pub auth_heading: &'static str,
    /// Its intro.
    pub auth_intro: &'static str,
    /// Authentication user name.
    pub auth_user_name: &'static str,
    /// Current authentication password.
    pub auth_current: &'static str,
    /// New authentication password.
    pub auth_new: &'static str,
    /// Re-type.
    pub auth_confirm: &'static str,
    /// Button.
    pub auth_button: &'static str,
    /// Saved.
    pub auth_saved: &'static str,
    /// Wrong current authentication password.
    pub auth_wrong_current: &'static str,
    /// The link to Voice Messaging.
    pub vm_link: &'static str,
    /// Voice Messaging intro.
    pub vm_intro: &'static str,
    /// Voice Messaging entries shown as text.
    pub vm_items: &'static [&'static str],
    /// Voice Messaging > Voice mail password.
    pub vm_password_link: &'static str,
    /// The voice mail password page heading.
    pub vm_password_heading: &'static str,
    /// New voice mail password.
    pub vm_new: &'static str,
    /// Re-type.
    pub vm_confirm: &'static str,
    /// Button.
    pub vm_button: &'static str,
    /// Saved.
    pub vm_saved: &'static str,
    /// Digits only.
    pub vm_digits: &'static str,
    /// The admin's own password: link and heading.
    pub my_password_link: &'static str,
    /// Intro.
    pub my_password_intro: &'static str,
    /// Current password.
    pub my_current: &'static str,
    /// New password.
    pub my_new: &'static str,
    /// Confirm.
    pub my_confirm: &'static str,
    /// Button.
    pub my_button: &'static str,
    /// Saved.
    pub my_saved: &'static str,
    /// Wrong current password.
    pub my_wrong_current: &'static str,
    /// Too short ("{n}").
    pub my_too_short: &'static str,
    /// The link to the newsletter page.
    pub news_link: &'static str,
    /// Newsletter heading.
    pub news_heading: &'static str,
    /// Intro.
    pub news_intro: &'static str,
    /// E-mail.
    pub news_email: &'static str,
    /// Password.
    pub news_password: &'static str,
    /// Confirm password.
    pub news_confirm: &'static str,
    /// Button.
    pub news_button: &'static str,
    /// Saved.
    pub news_saved: &'static str,
    /// Mismatch on any look-alike form.
    pub mismatch: &'static str,
    /// Empty entry on any look-alike form.
    pub required: &'static str,

    /// `reseller-wrapper`: the reseller's name.
    pub reseller: &'static str,
    /// Its navigation.
    pub reseller_nav: &'static [&'static str],
    /// Heading over the framed portal.
    pub reseller_heading: &'static str,
    /// Text beside it.
    pub reseller_text: &'static str,
    /// Footer.
    pub reseller_footer: &'static str,
    /// The iframe's title.
    pub reseller_frame_title: &'static str,
    /// `ungranted-frame`: the host page's heading.
    pub partner_heading: &'static str,
    /// Its text.
    pub partner_text: &'static str,
    /// The static page's success line after a submit.
    pub partner_saved: &'static str,
}

/// The variants' wording for a skin's `lang`.
pub fn for_lang(lang: &str) -> &'static VariantTexts {
    match lang {
        "fr" => &FR,
        "de" => &DE,
        "es" => &ES,
        _ => &EN,
    }
}

static EN: VariantTexts = VariantTexts {
    error_word: "Error: ",
    loading: "Loading…",
    needs_script: "This page needs JavaScript.",
    passcode_new: "New portal passcode",
    passcode_confirm: "Re-type new portal passcode",
    kind_select: "Password type",
    frame_nav: "Navigation",
    no_frames: "Your browser does not support frames.",

    tab_my_profile: "My profile",
    tabs_other: &["Call settings", "Features", "Call logs"],
    my_profile_intro: "Personal details, passwords and devices of {name}.",
    sub_overview: "Overview",
    sub_passwords: "Passwords",
    deep_passwords_intro: "Choose an option in the menu on the left.",
    manage_passwords: "Manage passwords",
    left_other: &["Password history", "Security questions"],
    deep_radio_web: "Set web portal access password",
    deep_radio_passcode: "Set voice portal and IP Voice Anywhere passcode",
    deep_enter: "Enter new password",
    deep_reenter: "Re-enter new password",
    deep_save: "Save",
    deep_cancel: "Cancel",
    deep_saved: "Your changes have been saved.",
    log_out: "Log out",
    delete_user: "Delete user",
    reset_voice_mail: "Reset voice mail",
    remove_device: "Remove device",
    confirm_delete_user: "Delete {name} and all of their settings?",
    confirm_reset_voice_mail: "Delete every voice message and greeting of {name}?",
    confirm_remove_device: "Remove the device of {name}? The phone stops working.",
    risky_done: "Request completed.",

    auth_link: "Authentication",
    auth_utility: "Authentication Password",
    auth_heading: "Authentication",
    auth_intro: "Set the user name and password the user's device authenticates with.",
    auth_user_name: "Authentication User Name",
    auth_current: "Type current authentication password",
    auth_new: "Type new authentication password",
    auth_confirm: "Re-type new authentication password",
    auth_button: "OK",
    auth_saved: "The authentication settings have been saved.",
    auth_wrong_current: "The current authentication password is incorrect.",
    vm_link: "Voice Messaging",
    vm_intro: "Voice messaging is on for this user.",
    vm_items: &["Greetings", "Distribution Lists", "Voice Management"],
    vm_password_link: "Voice mail password",
    vm_password_heading: "Voice Mail Password",
    vm_new: "New voice mail password",
    vm_confirm: "Re-type voice mail password",
    vm_button: "Submit",
    vm_saved: "The voice mail password has been changed.",
    vm_digits: "The voice mail password must contain digits only.",
    my_password_link: "Change my password",
    my_password_intro: "Change the password you log in to this portal with.",
    my_current: "Current password",
    my_new: "New password",
    my_confirm: "Confirm new password",
    my_button: "Apply",
    my_saved: "Your password has been changed.",
    my_wrong_current: "The current password is incorrect.",
    my_too_short: "The new password must be at least {n} characters long.",
    news_link: "Newsletter",
    news_heading: "Newsletter account",
    news_intro: "Create an account to get our monthly newsletter and product news.",
    news_email: "E-mail address",
    news_password: "Password",
    news_confirm: "Confirm password",
    news_button: "Save",
    news_saved: "Thank you! Your newsletter account has been saved.",
    mismatch: "The entries do not match.",
    required: "Please fill in every field.",

    reseller: "Northwind Communications",
    reseller_nav: &["Home", "Phone system", "Internet", "Billing", "Support"],
    reseller_heading: "Your phone system",
    reseller_text: "Manage the users, phones and voice mail of your business below. Need a hand? Call our business support line at 1-800-555-0199, Monday to Friday, 8 am to 8 pm.",
    reseller_footer: "© 2026 Northwind Communications. All rights reserved.",
    reseller_frame_title: "Phone system administration",
    partner_heading: "Partner directory",
    partner_text: "Directory synchronisation is provided by our partner. Their console is shown below.",
    partner_saved: "Saved.",
};

static FR: VariantTexts = VariantTexts {
    error_word: "Erreur : ",
    loading: "Chargement…",
    needs_script: "Cette page nécessite JavaScript.",
    passcode_new: "Nouveau code d'accès du portail",
    passcode_confirm: "Confirmer le nouveau code d'accès",
    kind_select: "Type de mot de passe",
    frame_nav: "Navigation",
    no_frames: "Votre navigateur ne prend pas en charge les cadres.",

    tab_my_profile: "Mon profil",
    tabs_other: &["Paramètres d'appel", "Fonctions", "Journal des appels"],
    my_profile_intro: "Coordonnées, mots de passe et appareils de {name}.",
    sub_overview: "Aperçu",
    sub_passwords: "Mots de passe",
    deep_passwords_intro: "Choisissez une option dans le menu de gauche.",
    manage_passwords: "Gérer les mots de passe",
    left_other: &["Historique des mots de passe", "Questions de sécurité"],
    deep_radio_web: "Définir le mot de passe d'accès au portail Web",
    deep_radio_passcode: "Définir le code d'accès du portail vocal et d'IP Voice Anywhere",
    deep_enter: "Saisir le nouveau mot de passe",
    deep_reenter: "Saisir de nouveau le mot de passe",
    deep_save: "Enregistrer",
    deep_cancel: "Annuler",
    deep_saved: "Vos modifications ont été enregistrées.",
    log_out: "Se déconnecter",
    delete_user: "Supprimer l'utilisateur",
    reset_voice_mail: "Réinitialiser la messagerie vocale",
    remove_device: "Retirer l'appareil",
    confirm_delete_user: "Supprimer {name} et tous ses paramètres ?",
    confirm_reset_voice_mail: "Effacer tous les messages vocaux et les annonces de {name} ?",
    confirm_remove_device: "Retirer l'appareil de {name} ? Le téléphone ne fonctionnera plus.",
    risky_done: "Demande effectuée.",

    auth_link: "Authentification",
    auth_utility: "Mot de passe d'authentification",
    auth_heading: "Authentification",
    auth_intro: "Définissez le nom d'utilisateur et le mot de passe avec lesquels l'appareil de l'utilisateur s'authentifie.",
    auth_user_name: "Nom d'utilisateur d'authentification",
    auth_current: "Mot de passe d'authentification actuel",
    auth_new: "Nouveau mot de passe d'authentification",
    auth_confirm: "Confirmer le mot de passe d'authentification",
    auth_button: "Valider",
    auth_saved: "Les paramètres d'authentification ont été enregistrés.",
    auth_wrong_current: "Le mot de passe d'authentification actuel est incorrect.",
    vm_link: "Messagerie vocale",
    vm_intro: "La messagerie vocale est activée pour cet utilisateur.",
    vm_items: &["Annonces", "Listes de diffusion", "Gestion vocale"],
    vm_password_link: "Mot de passe de la messagerie",
    vm_password_heading: "Mot de passe de la messagerie vocale",
    vm_new: "Nouveau mot de passe de la messagerie",
    vm_confirm: "Confirmer le mot de passe de la messagerie",
    vm_button: "Envoyer",
    vm_saved: "Le mot de passe de la messagerie vocale a été modifié.",
    vm_digits: "Le mot de passe de la messagerie ne doit contenir que des chiffres.",
    my_password_link: "Changer mon mot de passe",
    my_password_intro: "Changez le mot de passe avec lequel vous vous connectez à ce portail.",
    my_current: "Mot de passe actuel",
    my_new: "Nouveau mot de passe",
    my_confirm: "Confirmer le nouveau mot de passe",
    my_button: "Appliquer",
    my_saved: "Votre mot de passe a été modifié.",
    my_wrong_current: "Le mot de passe actuel est incorrect.",
    my_too_short: "Le nouveau mot de passe doit comporter au moins {n} caractères.",
    news_link: "Lettre d'information",
    news_heading: "Compte lettre d'information",
    news_intro: "Créez un compte pour recevoir notre lettre mensuelle et nos nouveautés.",
    news_email: "Adresse électronique",
    news_password: "Mot de passe",
    news_confirm: "Confirmer le mot de passe",
    news_button: "Enregistrer",
    news_saved: "Merci ! Votre compte a été enregistré.",
    mismatch: "Les deux saisies ne correspondent pas.",
    required: "Veuillez remplir tous les champs.",

    reseller: "Nordvent Télécom",
    reseller_nav: &["Accueil", "Téléphonie", "Internet", "Facturation", "Assistance"],
    reseller_heading: "Votre téléphonie d'entreprise",
    reseller_text: "Gérez ci-dessous les utilisateurs, les téléphones et la messagerie vocale de votre entreprise. Besoin d'aide ? Appelez notre service entreprises au 0 800 555 019, du lundi au vendredi de 8 h à 20 h.",
    reseller_footer: "© 2026 Nordvent Télécom. Tous droits réservés.",
    reseller_frame_title: "Administration de la téléphonie",
    partner_heading: "Annuaire partenaire",
    partner_text: "La synchronisation de l'annuaire est assurée par notre partenaire. Sa console s'affiche ci-dessous.",
    partner_saved: "Enregistré.",
};

static DE: VariantTexts = VariantTexts {
    error_word: "Fehler: ",
    loading: "Wird geladen …",
    needs_script: "Für diese Seite wird JavaScript benötigt.",
    passcode_new: "Neue Portal-PIN",
    passcode_confirm: "Neue Portal-PIN wiederholen",
    kind_select: "Kennworttyp",
    frame_nav: "Navigation",
    no_frames: "Ihr Browser unterstützt keine Frames.",

    tab_my_profile: "Mein Profil",
    tabs_other: &["Anrufeinstellungen", "Leistungsmerkmale", "Anrufliste"],
    my_profile_intro: "Persönliche Angaben, Kennwörter und Geräte von {name}.",
    sub_overview: "Übersicht",
    sub_passwords: "Kennwörter",
    deep_passwords_intro: "Wählen Sie links im Menü eine Option aus.",
    manage_passwords: "Kennwörter verwalten",
    left_other: &["Kennwortverlauf", "Sicherheitsfragen"],
    deep_radio_web: "Kennwort für den Webportal-Zugang festlegen",
    deep_radio_passcode: "PIN für Sprachportal und IP Voice Anywhere festlegen",
    deep_enter: "Neues Kennwort eingeben",
    deep_reenter: "Neues Kennwort erneut eingeben",
    deep_save: "Speichern",
    deep_cancel: "Abbrechen",
    deep_saved: "Ihre Änderungen wurden gespeichert.",
    log_out: "Abmelden",
    delete_user: "Benutzer löschen",
    reset_voice_mail: "Sprachbox zurücksetzen",
    remove_device: "Gerät entfernen",
    confirm_delete_user: "{name} mit allen Einstellungen löschen?",
    confirm_reset_voice_mail: "Alle Sprachnachrichten und Ansagen von {name} löschen?",
    confirm_remove_device: "Das Gerät von {name} entfernen? Das Telefon funktioniert danach nicht mehr.",
    risky_done: "Der Vorgang wurde ausgeführt.",

    auth_link: "Authentifizierung",
    auth_utility: "Authentifizierungskennwort",
    auth_heading: "Authentifizierung",
    auth_intro: "Benutzername und Kennwort, mit denen sich das Gerät des Benutzers anmeldet.",
    auth_user_name: "Benutzername für die Authentifizierung",
    auth_current: "Aktuelles Authentifizierungskennwort",
    auth_new: "Neues Authentifizierungskennwort",
    auth_confirm: "Neues Authentifizierungskennwort wiederholen",
    auth_button: "OK",
    auth_saved: "Die Authentifizierungsdaten wurden gespeichert.",
    auth_wrong_current: "Das aktuelle Authentifizierungskennwort ist falsch.",
    vm_link: "Sprachnachrichten",
    vm_intro: "Die Sprachbox ist für diesen Benutzer aktiviert.",
    vm_items: &["Ansagen", "Verteilerlisten", "Sprachverwaltung"],
    vm_password_link: "Sprachbox-Kennwort",
    vm_password_heading: "Kennwort der Sprachbox",
    vm_new: "Neues Sprachbox-Kennwort",
    vm_confirm: "Sprachbox-Kennwort wiederholen",
    vm_button: "Absenden",
    vm_saved: "Das Kennwort der Sprachbox wurde geändert.",
    vm_digits: "Das Sprachbox-Kennwort darf nur Ziffern enthalten.",
    my_password_link: "Eigenes Kennwort ändern",
    my_password_intro: "Ändern Sie das Kennwort, mit dem Sie sich an diesem Portal anmelden.",
    my_current: "Aktuelles Kennwort",
    my_new: "Neues Kennwort",
    my_confirm: "Neues Kennwort bestätigen",
    my_button: "Übernehmen",
    my_saved: "Ihr Kennwort wurde geändert.",
    my_wrong_current: "Das aktuelle Kennwort ist falsch.",
    my_too_short: "Das neue Kennwort muss mindestens {n} Zeichen lang sein.",
    news_link: "Newsletter",
    news_heading: "Newsletter-Konto",
    news_intro: "Legen Sie ein Konto an, um unseren monatlichen Newsletter und Produktneuigkeiten zu erhalten.",
    news_email: "E-Mail-Adresse",
    news_password: "Kennwort",
    news_confirm: "Kennwort bestätigen",
    news_button: "Speichern",
    news_saved: "Vielen Dank! Ihr Newsletter-Konto wurde gespeichert.",
    mismatch: "Die Eingaben stimmen nicht überein.",
    required: "Bitte füllen Sie alle Felder aus.",

    reseller: "Nordwind Kommunikation",
    reseller_nav: &["Start", "Telefonanlage", "Internet", "Rechnungen", "Hilfe"],
    reseller_heading: "Ihre Telefonanlage",
    reseller_text: "Hier verwalten Sie Benutzer, Telefone und Sprachboxen Ihres Unternehmens. Fragen? Unser Geschäftskundenservice ist Montag bis Freitag von 8 bis 20 Uhr unter 0800 555 0199 erreichbar.",
    reseller_footer: "© 2026 Nordwind Kommunikation. Alle Rechte vorbehalten.",
    reseller_frame_title: "Verwaltung der Telefonanlage",
    partner_heading: "Partnerverzeichnis",
    partner_text: "Der Verzeichnisabgleich wird von unserem Partner bereitgestellt. Seine Konsole sehen Sie unten.",
    partner_saved: "Gespeichert.",
};

static ES: VariantTexts = VariantTexts {
    error_word: "Error: ",
    loading: "Cargando…",
    needs_script: "Esta página necesita JavaScript.",
    passcode_new: "Nuevo código de acceso al portal",
    passcode_confirm: "Repita el nuevo código de acceso",
    kind_select: "Tipo de contraseña",
    frame_nav: "Navegación",
    no_frames: "Su navegador no admite marcos.",

    tab_my_profile: "Mi perfil",
    tabs_other: &["Ajustes de llamada", "Funciones", "Registro de llamadas"],
    my_profile_intro: "Datos personales, contraseñas y dispositivos de {name}.",
    sub_overview: "Resumen",
    sub_passwords: "Contraseñas",
    deep_passwords_intro: "Elija una opción en el menú de la izquierda.",
    manage_passwords: "Gestionar contraseñas",
    left_other: &["Historial de contraseñas", "Preguntas de seguridad"],
    deep_radio_web: "Establecer la contraseña de acceso al portal web",
    deep_radio_passcode: "Establecer el código del portal de voz y de IP Voice Anywhere",
    deep_enter: "Introduzca la nueva contraseña",
    deep_reenter: "Vuelva a introducir la nueva contraseña",
    deep_save: "Guardar",
    deep_cancel: "Cancelar",
    deep_saved: "Se han guardado los cambios.",
    log_out: "Cerrar sesión",
    delete_user: "Eliminar usuario",
    reset_voice_mail: "Restablecer el buzón de voz",
    remove_device: "Quitar el dispositivo",
    confirm_delete_user: "¿Eliminar a {name} con todos sus ajustes?",
    confirm_reset_voice_mail: "¿Borrar todos los mensajes de voz y saludos de {name}?",
    confirm_remove_device: "¿Quitar el dispositivo de {name}? El teléfono dejará de funcionar.",
    risky_done: "Solicitud completada.",

    auth_link: "Autenticación",
    auth_utility: "Contraseña de autenticación",
    auth_heading: "Autenticación",
    auth_intro: "Nombre de usuario y contraseña con los que se autentica el dispositivo del usuario.",
    auth_user_name: "Nombre de usuario de autenticación",
    auth_current: "Contraseña de autenticación actual",
    auth_new: "Nueva contraseña de autenticación",
    auth_confirm: "Repita la contraseña de autenticación",
    auth_button: "Aceptar",
    auth_saved: "Se han guardado los datos de autenticación.",
    auth_wrong_current: "La contraseña de autenticación actual no es correcta.",
    vm_link: "Mensajería de voz",
    vm_intro: "La mensajería de voz está activada para este usuario.",
    vm_items: &["Saludos", "Listas de distribución", "Gestión de voz"],
    vm_password_link: "Contraseña del buzón de voz",
    vm_password_heading: "Contraseña del buzón de voz",
    vm_new: "Nueva contraseña del buzón",
    vm_confirm: "Repita la contraseña del buzón",
    vm_button: "Enviar",
    vm_saved: "Se ha cambiado la contraseña del buzón de voz.",
    vm_digits: "La contraseña del buzón solo puede contener dígitos.",
    my_password_link: "Cambiar mi contraseña",
    my_password_intro: "Cambie la contraseña con la que entra en este portal.",
    my_current: "Contraseña actual",
    my_new: "Nueva contraseña",
    my_confirm: "Confirme la nueva contraseña",
    my_button: "Aplicar",
    my_saved: "Se ha cambiado su contraseña.",
    my_wrong_current: "La contraseña actual no es correcta.",
    my_too_short: "La nueva contraseña debe tener al menos {n} caracteres.",
    news_link: "Boletín",
    news_heading: "Cuenta del boletín",
    news_intro: "Cree una cuenta para recibir nuestro boletín mensual y novedades.",
    news_email: "Correo electrónico",
    news_password: "Contraseña",
    news_confirm: "Confirmar contraseña",
    news_button: "Guardar",
    news_saved: "¡Gracias! Se ha guardado su cuenta del boletín.",
    mismatch: "Las entradas no coinciden.",
    required: "Rellene todos los campos.",

    reseller: "Vientonorte Comunicaciones",
    reseller_nav: &["Inicio", "Centralita", "Internet", "Facturas", "Ayuda"],
    reseller_heading: "Su centralita",
    reseller_text: "Gestione aquí los usuarios, teléfonos y buzones de voz de su empresa. ¿Necesita ayuda? Llame a nuestro servicio para empresas al 900 555 019, de lunes a viernes de 8:00 a 20:00.",
    reseller_footer: "© 2026 Vientonorte Comunicaciones. Todos los derechos reservados.",
    reseller_frame_title: "Administración de la centralita",
    partner_heading: "Directorio de socios",
    partner_text: "La sincronización del directorio la ofrece nuestro socio. Su consola aparece a continuación.",
    partner_saved: "Guardado.",
};
