//! What the portal's words mean, in English, French, Spanish and German.
//!
//! Every phrase is in [`normalize`](super::text::normalize)d form: lowercase,
//! accents folded. Phrases match on word boundaries. The tables key on
//! meaning, not on one skin's exact labels: reskins reword everything.

/// Choosing the web access password (radio labels).
pub const WEB_PASSWORD: &[&str] = &[
    "web access password",
    "web portal access password",
    "web access",
    "web password",
    "web portal password",
    "mot de passe d'acces web",
    "acces web",
    "acces au portail web",
    "portail web",
    "mot de passe web",
    "contrasena de acceso web",
    "acceso web",
    "contrasena web",
    "web-zugangskennwort",
    "web-zugangspasswort",
    "webzugang",
    "web-zugang",
    "web-kennwort",
    "web-passwort",
];

/// Choosing the portal passcode (radio labels).
pub const PASSCODE: &[&str] = &[
    "portal password",
    "portal passcode",
    "voice portal",
    "passcode",
    "code d'acces",
    "portail vocal",
    "code du portail",
    "codigo de acceso",
    "portal de voz",
    "clave del portal",
    "zugangscode",
    "sprachportal",
    "portal-kennwort",
    "portal-passwort",
];

/// The re-type (confirmation) field.
pub const RETYPE: &[&str] = &[
    "re-type",
    "retype",
    "re type",
    "again",
    "confirm",
    "confirmation",
    "repeat",
    "verify",
    "confirmer",
    "retaper",
    "de nouveau",
    "encore",
    "confirmar",
    "repetir",
    "vuelva",
    "otra vez",
    "bestatigen",
    "bestatigung",
    "wiederholen",
    "erneut",
];

/// The current-password field (self-service views only).
pub const CURRENT: &[&str] = &[
    "current",
    "old password",
    "existing",
    "actuel",
    "ancien",
    "contrasena actual",
    "anterior",
    "aktuell",
    "bisherig",
    "altes",
];

/// Buttons that save and leave.
pub const OK: &[&str] = &["ok", "okay", "aceptar", "valider"];
/// Buttons that save and stay.
pub const APPLY: &[&str] = &["apply", "appliquer", "aplicar", "anwenden", "ubernehmen"];
/// Buttons that save (reskins).
pub const SAVE: &[&str] = &[
    "save",
    "save changes",
    "submit",
    "update",
    "change password",
    "set password",
    "enregistrer",
    "sauvegarder",
    "guardar",
    "guardar cambios",
    "speichern",
    "andern",
];
/// Buttons that abandon.
pub const CANCEL: &[&str] =
    &["cancel", "annuler", "cancelar", "abbrechen", "discard", "back", "retour", "zuruck"];
/// Login buttons.
pub const LOGIN: &[&str] = &[
    "login",
    "log in",
    "sign in",
    "logon",
    "connexion",
    "se connecter",
    "iniciar sesion",
    "entrar",
    "anmelden",
    "einloggen",
];
/// Buttons that decline a question.
pub const NO: &[&str] =
    &["cancel", "annuler", "cancelar", "abbrechen", "go back", "back", "no", "non", "nein", "not now"];
/// Buttons that confirm a question.
pub const YES: &[&str] = &[
    "ok",
    "yes",
    "confirm",
    "oui",
    "confirmer",
    "valider",
    "si",
    "confirmar",
    "aceptar",
    "ja",
    "bestatigen",
    "continue",
    "continuer",
];

/// The user's Passwords page (links).
pub const PASSWORDS_LINK: &[&str] = &[
    "passwords",
    "password",
    "mots de passe",
    "mot de passe",
    "contrasenas",
    "contrasena",
    "passworter",
    "kennworter",
    "kennwort",
    "passwort",
    "credentials",
    "security",
];
/// The user's Profile page (links).
pub const PROFILE_LINK: &[&str] = &["profile", "profil", "perfil"];
/// The user's Addresses page (links).
pub const ADDRESSES_LINK: &[&str] = &["addresses", "adresses", "direcciones", "adressen"];
/// The link group of a user's basic pages.
pub const BASIC_GROUP: &[&str] = &["basic", "base", "basico", "basique", "grundlagen", "allgemein"];

/// An Identity/Device Profile (labels of the device link, the device page).
pub const DEVICE_PROFILE: &[&str] = &[
    "identity/device profile",
    "device profile",
    "identity/device",
    "profil d'identite/appareil",
    "profil d'appareil",
    "profil d'identite/d'appareil",
    "appareil",
    "perfil de identidad/dispositivo",
    "perfil de dispositivo",
    "identitats-/geratprofil",
    "identitats-/gerateprofil",
    "geratprofil",
    "gerateprofil",
    "device",
];
/// The rebuild-the-files action.
pub const REBUILD: &[&str] =
    &["rebuild", "reconstruire", "regenerer", "regenerar", "reconstruir", "neu erstellen", "neu aufbauen"];
/// The reset/reboot-the-phone action.
pub const RESET_PHONE: &[&str] = &[
    "reset the phones",
    "reset the phone",
    "reset phones",
    "reset phone",
    "reset the device",
    "reset device",
    "restart the phone",
    "restart phone",
    "reboot",
    "redemarrer",
    "reinitialiser",
    "reiniciar",
    "restablecer",
    "neu starten",
    "zurucksetzen",
];

/// Questions asking for confirmation.
pub const QUESTION: &[&str] = &[
    "are you sure",
    "do you want",
    "confirm",
    "?",
    "etes-vous sur",
    "voulez-vous",
    "esta seguro",
    "desea",
    "sind sie sicher",
    "mochten sie",
];

/// Labels of user details.
pub const USER_ID: &[&str] = &[
    "user id",
    "userid",
    "login",
    "login id",
    "identifiant",
    "id utilisateur",
    "id de usuario",
    "usuario",
    "benutzer-id",
    "benutzerkennung",
    "username",
    "user name",
];
/// First name.
pub const FIRST_NAME: &[&str] = &["first name", "given name", "prenom", "nombre", "vorname"];
/// Last name.
pub const LAST_NAME: &[&str] =
    &["last name", "surname", "family name", "nom", "apellido", "apellidos", "nachname"];
/// A column or field holding a whole name.
pub const FULL_NAME: &[&str] =
    &["name", "full name", "display name", "nom complet", "nombre completo", "vollstandiger name"];
/// Buttons that open a user's Passwords form in place.
pub const PASSWORDS_OPENER: &[&str] = &[
    "change password",
    "change passwords",
    "set password",
    "set passwords",
    "manage passwords",
    "passwords",
    "changer le mot de passe",
    "modifier le mot de passe",
    "gerer les mots de passe",
    "mots de passe",
    "cambiar contrasena",
    "cambiar la contrasena",
    "contrasenas",
    "kennwort andern",
    "passwort andern",
    "kennworter",
];
/// Phone number.
pub const PHONE: &[&str] = &[
    "phone number",
    "phone",
    "telephone",
    "numero de telephone",
    "numero de telefono",
    "telefono",
    "telefonnummer",
    "rufnummer",
    "number",
];
/// Extension.
pub const EXTENSION: &[&str] =
    &["extension", "ext", "poste", "extension telefonica", "durchwahl", "nebenstelle"];

/// Pages: the Password Rules utility.
pub const RULES_PAGE: &[&str] = &[
    "password rules",
    "password policy",
    "passcode rules",
    "regles de mot de passe",
    "regles des mots de passe",
    "regles de mots de passe",
    "politique de mot de passe",
    "politique des mots de passe",
    "reglas de contrasenas",
    "politica de contrasenas",
    "kennwortrichtlinie",
    "passwortrichtlinie",
    "reglas de contrasena",
    "kennwortregeln",
    "passwortregeln",
];
/// Pages: a server error.
pub const SERVER_ERROR: &[&str] = &[
    "internal server error",
    "server error",
    "something went wrong",
    "500",
    "erreur interne",
    "error interno",
    "interner serverfehler",
    "service unavailable",
    "bad gateway",
];

/// Messages that report an error.
pub const ERROR: &[&str] = &[
    "error",
    "invalid",
    "incorrect",
    "must",
    "cannot",
    "can't",
    "can not",
    "not allowed",
    "do not match",
    "don't match",
    "does not match",
    "doesn't match",
    "failed",
    "too short",
    "too long",
    "is required",
    "avoid",
    "don't",
    "use no more",
    "use at least",
    "include at least",
    "use numbers only",
    "not authorized",
    "not saved",
    "not changed",
    "not updated",
    "are different",
    "could not",
    "couldn't",
    "unable to",
    "erreur",
    "non enregistre",
    "pas ete",
    "sont differents",
    "no se ha",
    "no se pudo",
    "son diferentes",
    "nicht gespeichert",
    "nicht geandert",
    "konnte nicht",
    "doit",
    "ne peut",
    "ne correspondent",
    "invalide",
    "obligatoire",
    "incorrect",
    "debe",
    "no puede",
    "no coinciden",
    "fehler",
    "muss",
    "darf nicht",
    "stimmen nicht",
    "ungultig",
];
/// Messages that report success.
pub const SUCCESS: &[&str] = &[
    "has been changed",
    "have been",
    "has been",
    "changed",
    "updated",
    "saved",
    "success",
    "successfully",
    "complete",
    "completed",
    "done",
    "is rebooting",
    "rebooting",
    "restarting",
    "regenerated",
    "rebuilt",
    "regeneres",
    "reinitialise",
    "neu gestartet",
    "sent",
    "a ete",
    "ont ete",
    "modifie",
    "enregistre",
    "reussi",
    "se ha",
    "guardad",
    "actualizad",
    "cambiad",
    "wurde",
    "wurden",
    "gespeichert",
    "geandert",
    "erfolgreich",
];
/// Messages or login pages that say the session ended.
pub const SESSION_ENDED: &[&str] = &[
    "session has expired",
    "session expired",
    "session timed out",
    "timed out",
    "signed out",
    "logged out",
    "log in again",
    "session a expire",
    "reconnecter",
    "sesion ha caducado",
    "sitzung ist abgelaufen",
];

/// Links that lead towards the Passwords form (several links away): a
/// Passwords sub-menu, "Manage passwords", security settings.
pub const TOWARDS_PASSWORDS: &[&str] = &[
    "manage passwords",
    "manage password",
    "change password",
    "change passwords",
    "set password",
    "password",
    "passwords",
    "passcode",
    "passcodes",
    "credentials",
    "security",
    "login settings",
    "gerer les mots de passe",
    "changer le mot de passe",
    "mot de passe",
    "mots de passe",
    "securite",
    "identifiants",
    "administrar contrasenas",
    "gestionar contrasenas",
    "cambiar contrasena",
    "contrasena",
    "contrasenas",
    "seguridad",
    "credenciales",
    "kennworter verwalten",
    "passworter verwalten",
    "kennwort andern",
    "passwort andern",
    "kennwort",
    "kennworter",
    "passwort",
    "passworter",
    "sicherheit",
    "zugangsdaten",
];
/// Links towards the user's profile or account, where a Passwords menu may be.
pub const TOWARDS_PROFILE: &[&str] = &[
    "my profile",
    "profile",
    "user profile",
    "my account",
    "account",
    "account settings",
    "user settings",
    "mon profil",
    "profil",
    "mon compte",
    "compte",
    "mi perfil",
    "perfil",
    "mi cuenta",
    "cuenta",
    "mein profil",
    "benutzerprofil",
    "mein konto",
    "konto",
    "kontoeinstellungen",
];
/// Links a crawler must never follow: they log out, delete, reset, change
/// or go to another credential.
pub const RISKY: &[&str] = &[
    "logout",
    "log out",
    "log off",
    "logoff",
    "sign out",
    "signout",
    "exit",
    "delete",
    "remove",
    "reset",
    "rebuild",
    "reboot",
    "restart",
    "disable",
    "deactivate",
    "suspend",
    "lock",
    "unlock",
    "unassign",
    "assign",
    "add",
    "new",
    "create",
    "import",
    "export",
    "clear",
    "purge",
    "deconnexion",
    "se deconnecter",
    "supprimer",
    "effacer",
    "retirer",
    "reinitialiser",
    "desactiver",
    "ajouter",
    "cerrar sesion",
    "salir",
    "eliminar",
    "borrar",
    "quitar",
    "restablecer",
    "desactivar",
    "anadir",
    "agregar",
    "abmelden",
    "ausloggen",
    "loschen",
    "entfernen",
    "zurucksetzen",
    "deaktivieren",
    "hinzufugen",
    "sperren",
];
/// Another credential than the portal's web password and passcode: the
/// phone's SIP authentication, voice mail. A form about one of these is never
/// the one-click reset's.
pub const OTHER_CREDENTIAL: &[&str] = &[
    "authentication",
    "authentication password",
    "authentication user name",
    "sip",
    "sip password",
    "device password",
    "device access",
    "line password",
    "voice mail",
    "voicemail",
    "voice messaging",
    "mailbox",
    "authentification",
    "messagerie vocale",
    "boite vocale",
    "autenticacion",
    "buzon de voz",
    "correo de voz",
    "mensajes de voz",
    "authentifizierung",
    "authentisierung",
    "sprachnachrichten",
    "sprachbox",
    "mailbox-kennwort",
];
/// Words of a portal's Passwords page (its title or heading).
pub const PASSWORDS_PAGE: &[&str] = &[
    "passwords",
    "password",
    "manage passwords",
    "change password",
    "set password",
    "mots de passe",
    "mot de passe",
    "contrasenas",
    "contrasena",
    "kennworter",
    "kennwort",
    "passworter",
    "passwort",
];
/// A message that starts by saying it is an error.
pub const ERROR_PREFIX: &[&str] = &["error", "erreur", "error:", "fehler", "achtung", "warning", "attention"];
