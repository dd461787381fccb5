//! Each skin's URL layout. The real portal's paths are unknown, so every
//! skin uses a different one: the extension must not key on paths.

/// A page about one user or device: the ID goes into the path (`{id}`) or
/// into a query parameter.
#[derive(Clone, Copy, Debug)]
pub struct Route {
    /// The axum route pattern, e.g. `/User/Passwords/` or `/portal/users/{id}/security`.
    pub pattern: &'static str,
    /// The query parameter carrying the ID when the pattern has no `{id}`.
    pub query_key: Option<&'static str>,
}

impl Route {
    /// A page whose ID goes into the query parameter `key`.
    pub const fn query(pattern: &'static str, key: &'static str) -> Route {
        Route { pattern, query_key: Some(key) }
    }

    /// A page whose ID goes into the path where `{id}` is.
    pub const fn path(pattern: &'static str) -> Route {
        Route { pattern, query_key: None }
    }

    /// The URL of this page for `id`.
    pub fn href(&self, id: &str) -> String {
        match self.query_key {
            Some(key) => format!("{}?{key}={}", self.pattern, encode(id)),
            None => self.pattern.replace("{id}", &encode(id)),
        }
    }

    /// The URL of this page for `id` with one more query parameter.
    pub fn href_with(&self, id: &str, key: &str, value: &str) -> String {
        let base = self.href(id);
        let sep = if base.contains('?') { '&' } else { '?' };
        format!("{base}{sep}{key}={}", encode(value))
    }
}

/// Percent-encodes everything but unreserved characters and '@'.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A skin's URL layout.
#[derive(Clone, Copy, Debug)]
pub struct Paths {
    /// The stylesheet.
    pub css: &'static str,
    /// Login page (GET form, POST credentials).
    pub login: &'static str,
    /// Logout (GET or POST).
    pub logout: &'static str,
    /// Group home with the menus.
    pub home: &'static str,
    /// Users list and search.
    pub users: &'static str,
    /// Identity/Device Profiles list.
    pub devices: &'static str,
    /// Utilities > Password Rules.
    pub rules: &'static str,
    /// A user's page.
    pub user: Route,
    /// A user's Profile page.
    pub profile: Route,
    /// A user's Addresses page.
    pub addresses: Route,
    /// A user's Passwords page.
    pub passwords: Route,
    /// An Identity/Device Profile.
    pub device: Route,
    /// The confirmation of a device action (`action=rebuild` or `action=reset`).
    pub device_confirm: Route,
}

pub(super) const CLASSIC: Paths = Paths {
    css: "/css/commpilot.css",
    login: "/Login/",
    logout: "/Logout/",
    home: "/Group/Profile/",
    users: "/Group/Members/",
    devices: "/Group/Resources/Devices/",
    rules: "/Group/Utilities/PasswordRules/",
    user: Route::query("/User/", "key"),
    profile: Route::query("/User/Profile/Modify/", "key"),
    addresses: Route::query("/User/Addresses/", "key"),
    passwords: Route::query("/User/Passwords/", "key"),
    device: Route::query("/Group/Resources/Devices/Modify/", "key"),
    device_confirm: Route::query("/Group/Resources/Devices/Modify/Confirm/", "key"),
};

pub(super) const LEGACY: Paths = Paths {
    css: "/servlet/static/legacy.css",
    login: "/servlet/Login",
    logout: "/servlet/Logout",
    home: "/servlet/GroupHome",
    users: "/servlet/GroupUsers",
    devices: "/servlet/GroupDevices",
    rules: "/servlet/GroupPasswordRules",
    user: Route::query("/servlet/UserHome", "uid"),
    profile: Route::query("/servlet/UserProfile", "uid"),
    addresses: Route::query("/servlet/UserAddresses", "uid"),
    passwords: Route::query("/servlet/UserPasswords", "uid"),
    device: Route::query("/servlet/DeviceProfile", "name"),
    device_confirm: Route::query("/servlet/DeviceAction", "name"),
};

pub(super) const RESKIN: Paths = Paths {
    css: "/portal/assets/site.css",
    login: "/portal/login",
    logout: "/portal/logout",
    home: "/portal/home",
    users: "/portal/users",
    devices: "/portal/devices",
    rules: "/portal/settings/password-policy",
    user: Route::path("/portal/users/{id}"),
    profile: Route::path("/portal/users/{id}/profile"),
    addresses: Route::path("/portal/users/{id}/numbers"),
    passwords: Route::path("/portal/users/{id}/security"),
    device: Route::path("/portal/devices/{id}"),
    device_confirm: Route::path("/portal/devices/{id}/confirm"),
};

pub(super) const FRANCAIS: Paths = Paths {
    css: "/fr/style.css",
    login: "/fr/connexion",
    logout: "/fr/deconnexion",
    home: "/fr/groupe",
    users: "/fr/groupe/utilisateurs",
    devices: "/fr/groupe/ressources/appareils",
    rules: "/fr/groupe/utilitaires/regles-mots-de-passe",
    user: Route::path("/fr/utilisateur/{id}"),
    profile: Route::path("/fr/utilisateur/{id}/profil"),
    addresses: Route::path("/fr/utilisateur/{id}/adresses"),
    passwords: Route::path("/fr/utilisateur/{id}/mots-de-passe"),
    device: Route::path("/fr/appareil/{id}"),
    device_confirm: Route::path("/fr/appareil/{id}/confirmation"),
};

pub(super) const MODERN: Paths = Paths {
    css: "/app/ui.css",
    login: "/app/sign-in",
    logout: "/app/sign-out",
    home: "/app/dashboard",
    users: "/app/people",
    devices: "/app/devices",
    rules: "/app/policies/passwords",
    user: Route::path("/app/people/{id}"),
    profile: Route::path("/app/people/{id}/details"),
    addresses: Route::path("/app/people/{id}/numbers"),
    passwords: Route::path("/app/people/{id}/credentials"),
    device: Route::query("/app/devices/view", "d"),
    device_confirm: Route::query("/app/devices/action", "d"),
};

pub(super) const DEUTSCH: Paths = Paths {
    css: "/de/stil.css",
    login: "/de/anmelden",
    logout: "/de/abmelden",
    home: "/de/gruppe",
    users: "/de/gruppe/benutzer",
    devices: "/de/gruppe/ressourcen/geraete",
    rules: "/de/gruppe/dienstprogramme/kennwortregeln",
    user: Route::path("/de/benutzer/{id}"),
    profile: Route::path("/de/benutzer/{id}/profil"),
    addresses: Route::path("/de/benutzer/{id}/adressen"),
    passwords: Route::path("/de/benutzer/{id}/kennwoerter"),
    device: Route::path("/de/geraet/{id}"),
    device_confirm: Route::path("/de/geraet/{id}/bestaetigen"),
};

pub(super) const ESPANOL: Paths = Paths {
    css: "/es/estilo.css",
    login: "/es/acceso",
    logout: "/es/salir",
    home: "/es/grupo",
    users: "/es/grupo/usuarios",
    devices: "/es/grupo/recursos/dispositivos",
    rules: "/es/grupo/utilidades/reglas-contrasena",
    user: Route::path("/es/usuario/{id}"),
    profile: Route::path("/es/usuario/{id}/perfil"),
    addresses: Route::path("/es/usuario/{id}/direcciones"),
    passwords: Route::path("/es/usuario/{id}/contrasenas"),
    device: Route::path("/es/dispositivo/{id}"),
    device_confirm: Route::path("/es/dispositivo/{id}/confirmar"),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_encode_ids() {
        assert_eq!(CLASSIC.passwords.href("a b@x.com"), "/User/Passwords/?key=a%20b@x.com");
        assert_eq!(RESKIN.passwords.href("jo/e@x"), "/portal/users/jo%2Fe@x/security");
        assert_eq!(
            MODERN.device_confirm.href_with("p1", "action", "reset"),
            "/app/devices/action?d=p1&action=reset"
        );
        assert_eq!(
            FRANCAIS.device_confirm.href_with("p1", "action", "rebuild"),
            "/fr/appareil/p1/confirmation?action=rebuild"
        );
    }
}
