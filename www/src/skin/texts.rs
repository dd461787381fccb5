//! The visible wording of each skin. Templates use `{n}`, `{min}`, `{max}`,
//! `{what}` (the secret's name), `{whats}` (plural), `{name}` and `{id}`.

/// Every visible text of a skin.
#[derive(Debug)]
pub struct Texts {
    /// Product name in the banner and title.
    pub brand: &'static str,
    /// Login page heading.
    pub login_heading: &'static str,
    /// Login page intro line.
    pub login_intro: &'static str,
    /// Login: user ID label.
    pub login_user: &'static str,
    /// Login: password label.
    pub login_password: &'static str,
    /// Login button.
    pub login_button: &'static str,
    /// Wrong user ID or password.
    pub login_bad: &'static str,
    /// The account is locked.
    pub login_locked: &'static str,
    /// The session expired.
    pub login_expired: &'static str,
    /// Logged out.
    pub login_logged_out: &'static str,
    /// Banner: "Welcome {name}".
    pub welcome: &'static str,
    /// How the banner names the group administrator.
    pub admin_label: &'static str,
    /// Nav: group home.
    pub nav_home: &'static str,
    /// Nav: users.
    pub nav_users: &'static str,
    /// Nav: log out.
    pub nav_logout: &'static str,
    /// Nav: the user's own page (self-service).
    pub nav_my_page: &'static str,
    /// Group home heading prefix ("Group").
    pub group_label: &'static str,
    /// Menu titles.
    pub menu_profile: &'static str,
    /// Resources menu.
    pub menu_resources: &'static str,
    /// Services menu.
    pub menu_services: &'static str,
    /// Utilities menu.
    pub menu_utilities: &'static str,
    /// Profile menu: the group profile entry (not a link).
    pub profile_items: &'static [&'static str],
    /// Resources menu entries shown as text.
    pub resource_items: &'static [&'static str],
    /// Services menu entries shown as text.
    pub service_items: &'static [&'static str],
    /// Utilities menu entries shown as text.
    pub utility_items: &'static [&'static str],
    /// Link: Users.
    pub item_users: &'static str,
    /// Link: Identity/Device Profiles.
    pub item_devices: &'static str,
    /// Link: Password Rules.
    pub item_rules: &'static str,
    /// Users page heading.
    pub users_heading: &'static str,
    /// Users page intro.
    pub users_intro: &'static str,
    /// Field names.
    pub f_last_name: &'static str,
    /// First name.
    pub f_first_name: &'static str,
    /// User ID.
    pub f_user_id: &'static str,
    /// Phone number.
    pub f_phone: &'static str,
    /// Extension.
    pub f_extension: &'static str,
    /// Department.
    pub f_department: &'static str,
    /// E-mail.
    pub f_email: &'static str,
    /// Search: starts with.
    pub m_starts: &'static str,
    /// Search: contains.
    pub m_contains: &'static str,
    /// Search: equal to.
    pub m_equals: &'static str,
    /// Search button.
    pub search_button: &'static str,
    /// Label of the search field selector.
    pub search_by: &'static str,
    /// Label of the match-mode selector.
    pub search_how: &'static str,
    /// Label of the search value.
    pub search_value: &'static str,
    /// "{n} users found".
    pub found: &'static str,
    /// No match.
    pub none_found: &'static str,
    /// User page heading ("{name}").
    pub user_heading: &'static str,
    /// User page sub line ("User ID: {id}").
    pub user_sub: &'static str,
    /// Link group "Basic".
    pub basic: &'static str,
    /// Link group "Advanced".
    pub advanced: &'static str,
    /// Link: Profile.
    pub item_profile: &'static str,
    /// Link: Addresses.
    pub item_addresses: &'static str,
    /// Link: Passwords.
    pub item_passwords: &'static str,
    /// Basic entries shown as text.
    pub basic_items: &'static [&'static str],
    /// Advanced entries shown as text.
    pub advanced_items: &'static [&'static str],
    /// Profile page heading.
    pub profile_heading: &'static str,
    /// Addresses page heading.
    pub addresses_heading: &'static str,
    /// Line/port label.
    pub line_port: &'static str,
    /// Identity/Device Profile section title.
    pub device_section: &'static str,
    /// Device profile name label.
    pub device_name: &'static str,
    /// Device type label.
    pub device_type: &'static str,
    /// MAC address label.
    pub device_mac: &'static str,
    /// No device assigned.
    pub no_device: &'static str,
    /// Passwords page heading.
    pub passwords_heading: &'static str,
    /// Passwords page intro.
    pub passwords_intro: &'static str,
    /// Radio: web access password.
    pub radio_web: &'static str,
    /// Radio: portal passcode.
    pub radio_passcode: &'static str,
    /// Admin view: new secret label.
    pub new_label: &'static str,
    /// Admin view: re-type label.
    pub confirm_label: &'static str,
    /// Self-service: current password label.
    pub self_current: &'static str,
    /// Self-service: new secret label.
    pub self_new: &'static str,
    /// Self-service: re-type label.
    pub self_confirm: &'static str,
    /// The password expired and must be changed.
    pub must_change_expired: &'static str,
    /// The admin reset the password; the user must change it.
    pub must_change_reset: &'static str,
    /// Web password changed.
    pub success_web: &'static str,
    /// Passcode changed.
    pub success_passcode: &'static str,
    /// Heading over the list of errors.
    pub error_heading: &'static str,
    /// Prefix of every error line (e.g. "[Error 4962] ").
    pub error_prefix: &'static str,
    /// The form was already submitted.
    pub duplicate: &'static str,
    /// The form token is unknown.
    pub invalid_request: &'static str,
    /// The secret's name: web password.
    pub noun_web: &'static str,
    /// Plural.
    pub noun_web_plural: &'static str,
    /// The secret's name: passcode.
    pub noun_passcode: &'static str,
    /// Plural.
    pub noun_passcode_plural: &'static str,
    /// Violations.
    pub v_no_choice: &'static str,
    /// Empty.
    pub v_missing: &'static str,
    /// Mismatched re-type.
    pub v_mismatch: &'static str,
    /// Wrong current password.
    pub v_wrong_current: &'static str,
    /// Too short.
    pub v_too_short: &'static str,
    /// Too long.
    pub v_too_long: &'static str,
    /// Digits.
    pub v_min_digits: &'static str,
    /// Uppercase.
    pub v_min_upper: &'static str,
    /// Lowercase.
    pub v_min_lower: &'static str,
    /// Letters.
    pub v_min_letters: &'static str,
    /// Non-alphanumeric.
    pub v_min_special: &'static str,
    /// Contains user ID.
    pub v_user_id: &'static str,
    /// Same as old.
    pub v_old: &'static str,
    /// Old reversed.
    pub v_old_reversed: &'static str,
    /// Reused.
    pub v_reused: &'static str,
    /// Identical run (server-only rule).
    pub v_identical_run: &'static str,
    /// Not digits.
    pub v_not_digits: &'static str,
    /// Passcode length.
    pub v_passcode_length: &'static str,
    /// Repeated digits.
    pub v_repeated_digits: &'static str,
    /// Repeated pattern.
    pub v_repeated_pattern: &'static str,
    /// Ascending run.
    pub v_ascending: &'static str,
    /// Descending run.
    pub v_descending: &'static str,
    /// Phone number.
    pub v_phone: &'static str,
    /// Phone number reversed.
    pub v_phone_reversed: &'static str,
    /// Extension.
    pub v_extension: &'static str,
    /// Extension reversed.
    pub v_extension_reversed: &'static str,
    /// Devices list heading.
    pub devices_heading: &'static str,
    /// Device page heading ("{name}").
    pub device_heading: &'static str,
    /// Users of the device label.
    pub device_users: &'static str,
    /// Action: rebuild files.
    pub rebuild: &'static str,
    /// Action: reset phones.
    pub reset: &'static str,
    /// Confirm rebuild question ("{name}").
    pub confirm_rebuild: &'static str,
    /// Confirm reset question ("{name}").
    pub confirm_reset: &'static str,
    /// Result: rebuilt.
    pub rebuilt: &'static str,
    /// Result: reset.
    pub was_reset: &'static str,
    /// Password Rules heading.
    pub rules_heading: &'static str,
    /// Password Rules intro.
    pub rules_intro: &'static str,
    /// Web rules section.
    pub rules_web: &'static str,
    /// Passcode rules section.
    pub rules_passcode: &'static str,
    /// Save button of the rules page.
    pub rules_save: &'static str,
    /// Rules saved.
    pub rules_saved: &'static str,
    /// Rules rejected ("{field}: {message}").
    pub rules_invalid: &'static str,
    /// Web: minimum length ({n} marks the number input).
    pub r_min_length: &'static str,
    /// Web: digits.
    pub r_min_digits: &'static str,
    /// Web: uppercase.
    pub r_min_upper: &'static str,
    /// Web: lowercase.
    pub r_min_lower: &'static str,
    /// Web: letters.
    pub r_min_letters: &'static str,
    /// Web: non-alphanumeric.
    pub r_min_special: &'static str,
    /// Web: user ID.
    pub r_user_id: &'static str,
    /// Web: old password.
    pub r_old: &'static str,
    /// Web: history.
    pub r_history: &'static str,
    /// Web: expiry.
    pub r_expires: &'static str,
    /// Web: lockout.
    pub r_lockout: &'static str,
    /// Web: force change after reset.
    pub r_force_change: &'static str,
    /// Passcode: minimum length.
    pub p_min_length: &'static str,
    /// Passcode: maximum length.
    pub p_max_length: &'static str,
    /// Passcode: repeated digits.
    pub p_repeated: &'static str,
    /// Passcode: repeated patterns.
    pub p_patterns: &'static str,
    /// Passcode: ascending.
    pub p_ascending: &'static str,
    /// Passcode: descending.
    pub p_descending: &'static str,
    /// Passcode: phone.
    pub p_phone: &'static str,
    /// Passcode: phone reversed.
    pub p_phone_reversed: &'static str,
    /// Passcode: extension.
    pub p_extension: &'static str,
    /// Passcode: extension reversed.
    pub p_extension_reversed: &'static str,
    /// Passcode: old.
    pub p_old: &'static str,
    /// Passcode: history.
    pub p_history: &'static str,
    /// Passcode: expiry.
    pub p_expires: &'static str,
    /// Passcode: lockout.
    pub p_lockout: &'static str,
    /// 403 text.
    pub forbidden: &'static str,
    /// 404 heading.
    pub not_found: &'static str,
    /// 500 heading.
    pub server_error: &'static str,
    /// 500 detail.
    pub server_error_detail: &'static str,
    /// Link back to the start.
    pub back_home: &'static str,
}

/// Fills `{key}` placeholders.
pub fn fill(template: &str, pairs: &[(&str, &str)]) -> String {
    let mut out = template.to_owned();
    for (key, value) in pairs {
        out = out.replace(&format!("{{{key}}}"), value);
    }
    out
}

pub(super) static CLASSIC: Texts = Texts {
    brand: "BroadWorks CommPilot",
    login_heading: "CommPilot Web Portal",
    login_intro: "Enter your user ID and password to log in.",
    login_user: "User ID",
    login_password: "Password",
    login_button: "Login",
    login_bad: "Invalid user ID or password. Please try again.",
    login_locked: "Your account has been locked because of too many failed login attempts. Contact your administrator.",
    login_expired: "Your session has expired. Please log in again.",
    login_logged_out: "You have been logged out.",
    welcome: "Welcome {name}",
    admin_label: "Group Administrator",
    nav_home: "Group",
    nav_users: "Users",
    nav_logout: "Logout",
    nav_my_page: "Home",
    group_label: "Group",
    menu_profile: "Profile",
    menu_resources: "Resources",
    menu_services: "Services",
    menu_utilities: "Utilities",
    profile_items: &["Profile", "Departments", "Schedules", "Call Capacity"],
    resource_items: &["Numbers", "Services", "Domains"],
    service_items: &["Auto Attendant", "Call Pickup", "Hunt Group", "Call Park", "Voice Messaging"],
    utility_items: &["Configurable File Repository", "Feature Access Codes"],
    item_users: "Users",
    item_devices: "Identity/Device Profiles",
    item_rules: "Password Rules",
    users_heading: "Users",
    users_intro: "Display all the users in the group, or list users that match search criteria.",
    f_last_name: "Last Name",
    f_first_name: "First Name",
    f_user_id: "User ID",
    f_phone: "Phone Number",
    f_extension: "Extension",
    f_department: "Department",
    f_email: "E-mail",
    m_starts: "Starts With",
    m_contains: "Contains",
    m_equals: "Equal To",
    search_button: "Search",
    search_by: "Search by",
    search_how: "Match",
    search_value: "Search value",
    found: "{n} users found",
    none_found: "No entries found.",
    user_heading: "{name}",
    user_sub: "User ID: {id}",
    basic: "Basic",
    advanced: "Advanced",
    item_profile: "Profile",
    item_addresses: "Addresses",
    item_passwords: "Passwords",
    basic_items: &["Announcement Repository", "Schedules", "Alternate User IDs"],
    advanced_items: &["Call Policies", "Intercept User", "Privacy", "Push to Talk"],
    profile_heading: "Profile",
    addresses_heading: "Addresses",
    line_port: "Line/Port",
    device_section: "Identity/Device Profile",
    device_name: "Identity/Device Profile Name",
    device_type: "Identity/Device Profile Type",
    device_mac: "MAC Address",
    no_device: "None",
    passwords_heading: "Passwords",
    passwords_intro: "Set the user's web access password or portal password.",
    radio_web: "Set web access password",
    radio_passcode: "Set portal password",
    new_label: "Type new user web access password",
    confirm_label: "Re-type new user web access password",
    self_current: "Type current password",
    self_new: "Type a new password",
    self_confirm: "Type the new password again",
    must_change_expired: "Your password has expired. You must change it before you continue.",
    must_change_reset: "Your password was reset by your administrator. You must change it before you continue.",
    success_web: "The web access password has been changed.",
    success_passcode: "The portal password has been changed.",
    error_heading: "Error",
    error_prefix: "",
    duplicate: "This request has already been submitted.",
    invalid_request: "The request could not be processed. Please try again.",
    noun_web: "password",
    noun_web_plural: "passwords",
    noun_passcode: "portal password",
    noun_passcode_plural: "portal passwords",
    v_no_choice: "Select which password to set.",
    v_missing: "The new {what} is required.",
    v_mismatch: "The new {what} and the re-typed {what} do not match.",
    v_wrong_current: "The current password is not correct.",
    v_too_short: "The {what} must be at least {n} characters long.",
    v_too_long: "The {what} cannot be longer than {n} characters.",
    v_min_digits: "The {what} must contain at least {n} digit(s).",
    v_min_upper: "The {what} must contain at least {n} uppercase character(s).",
    v_min_lower: "The {what} must contain at least {n} lowercase character(s).",
    v_min_letters: "The {what} must contain at least {n} letter(s).",
    v_min_special: "The {what} must contain at least {n} non-alphanumeric character(s).",
    v_user_id: "The {what} cannot contain the user ID.",
    v_old: "The {what} cannot be the same as the old {what}.",
    v_old_reversed: "The {what} cannot be the old {what} reversed.",
    v_reused: "The {what} cannot be the same as any of the last {n} {whats}.",
    v_identical_run: "The {what} cannot contain more than {n} identical characters in a row.",
    v_not_digits: "The {what} must contain digits only.",
    v_passcode_length: "The {what} must be {min} to {max} digits long.",
    v_repeated_digits: "The {what} cannot contain the same digit more than {n} time(s) in a row.",
    v_repeated_pattern: "The {what} cannot contain repeated patterns (for example 1212 or 123123).",
    v_ascending: "The {what} cannot contain more than {n} ascending digits in a row (for example 1234).",
    v_descending: "The {what} cannot contain more than {n} descending digits in a row (for example 4321).",
    v_phone: "The {what} cannot be the user's phone number.",
    v_phone_reversed: "The {what} cannot be the user's phone number reversed.",
    v_extension: "The {what} cannot be the user's extension.",
    v_extension_reversed: "The {what} cannot be the user's extension reversed.",
    devices_heading: "Identity/Device Profiles",
    device_heading: "Identity/Device Profile: {name}",
    device_users: "Assigned user",
    rebuild: "Rebuild the files",
    reset: "Reset the phones",
    confirm_rebuild: "Rebuild the configuration files of device {name}?",
    confirm_reset: "Reset (reboot) the phones using device {name}?",
    rebuilt: "The device configuration files have been rebuilt.",
    was_reset: "The phones have been reset.",
    rules_heading: "Password Rules",
    rules_intro: "Rules for the passwords of the users in this group.",
    rules_web: "Web Access Password Rules",
    rules_passcode: "Portal Passcode Rules",
    rules_save: "Apply",
    rules_saved: "The password rules have been saved.",
    rules_invalid: "Error: {field}: {message}",
    r_min_length: "Minimum length: {n} characters",
    r_min_digits: "Must contain at least {n} digit(s)",
    r_min_upper: "Must contain at least {n} uppercase character(s)",
    r_min_lower: "Must contain at least {n} lowercase character(s)",
    r_min_letters: "Must contain at least {n} letter(s)",
    r_min_special: "Must contain at least {n} non-alphanumeric character(s)",
    r_user_id: "Cannot contain the user ID",
    r_old: "Cannot be the old password or the old password reversed",
    r_history: "Cannot be any of the last {n} passwords",
    r_expires: "Password expires after {n} days",
    r_lockout: "Disable login after {n} failed login attempts",
    r_force_change: "Force password change after an administrator reset",
    p_min_length: "Minimum code length: {n} digits",
    p_max_length: "Maximum code length: {n} digits",
    p_repeated: "Cannot contain the same digit more than {n} time(s) in a row",
    p_patterns: "Cannot contain repeated patterns (for example 1212, 123123)",
    p_ascending: "Cannot contain more than {n} ascending digits in a row",
    p_descending: "Cannot contain more than {n} descending digits in a row",
    p_phone: "Cannot be the user's own phone number",
    p_phone_reversed: "Cannot be the user's own phone number reversed",
    p_extension: "Cannot be the user's own extension",
    p_extension_reversed: "Cannot be the user's own extension reversed",
    p_old: "Cannot be the old passcode or the old passcode reversed",
    p_history: "Cannot be any of the last {n} passcodes",
    p_expires: "Passcode expires after {n} days",
    p_lockout: "Lock the voice portal after {n} failed login attempts",
    forbidden: "You are not authorized to access this page.",
    not_found: "Page not found",
    server_error: "Internal Server Error",
    server_error_detail: "The server could not complete your request. Please try again later.",
    back_home: "Return to the main page",
};

pub(super) static LEGACY: Texts = Texts {
    brand: "CommPilot",
    login_heading: "CommPilot Login",
    login_intro: "Please log in.",
    login_button: "Log In",
    login_bad: "[Error 4001] Login failed.",
    login_locked: "[Error 4004] Account disabled: too many failed login attempts.",
    login_expired: "[Error 4010] Session timed out.",
    welcome: "User: {name}",
    nav_logout: "Log Out",
    radio_web: "Set web access password",
    radio_passcode: "Set voice portal password",
    new_label: "Type a new password",
    confirm_label: "Type the new password again",
    passwords_intro: "Change the password used to access the web portal, or the voice portal password.",
    success_web: "Password updated.",
    success_passcode: "Voice portal password updated.",
    error_heading: "The request failed",
    error_prefix: "[Error 4962] ",
    duplicate: "[Error 4999] Duplicate request ignored.",
    noun_passcode: "voice portal password",
    noun_passcode_plural: "voice portal passwords",
    v_mismatch: "Passwords do not match.",
    v_too_short: "Password too short: at least {n} characters are required.",
    v_min_digits: "Password must include at least {n} numeric character(s).",
    v_min_letters: "Password must include at least {n} alphabetic character(s).",
    rebuilt: "Rebuild of device files complete.",
    was_reset: "Reset request sent to the phones.",
    rules_saved: "Rules updated.",
    ..CLASSIC
};

pub(super) static RESKIN: Texts = Texts {
    brand: "Nimbus Voice Business Portal",
    login_heading: "Sign in to Nimbus Voice",
    login_intro: "Use your portal login and password.",
    login_user: "Login",
    login_password: "Password",
    login_button: "Sign in",
    login_bad: "That login and password combination did not work.",
    login_locked: "This account is locked after too many attempts. Ask your administrator to reset your password.",
    login_expired: "You were signed out because your session timed out.",
    login_logged_out: "You are signed out.",
    welcome: "Signed in as {name}",
    admin_label: "Site administrator",
    nav_home: "Home",
    nav_users: "Users",
    nav_logout: "Sign out",
    nav_my_page: "My account",
    group_label: "Site",
    menu_profile: "Profile",
    menu_resources: "Resources",
    menu_services: "Services",
    menu_utilities: "Utilities",
    item_devices: "Identity/Device Profiles",
    item_rules: "Password Rules",
    users_heading: "Users",
    users_intro: "Find a user by name, login, number or extension.",
    found: "Showing {n} users",
    none_found: "No users match your search.",
    user_heading: "{name}",
    user_sub: "Login: {id}",
    passwords_heading: "Passwords",
    passwords_intro: "Choose which credential to change, then type it twice.",
    radio_web: "Web portal access password",
    radio_passcode: "Voice portal passcode",
    new_label: "New password",
    confirm_label: "Confirm new password",
    self_current: "Current password",
    self_new: "New password",
    self_confirm: "Confirm new password",
    success_web: "Saved! The web portal access password was updated.",
    success_passcode: "Saved! The voice portal passcode was updated.",
    error_heading: "We couldn't save your changes",
    duplicate: "You already submitted this form.",
    invalid_request: "Something went wrong. Reload the page and try again.",
    noun_web: "password",
    noun_web_plural: "passwords",
    noun_passcode: "passcode",
    noun_passcode_plural: "passcodes",
    v_no_choice: "Pick the password or the passcode first.",
    v_missing: "Enter a new {what}.",
    v_mismatch: "The two entries don't match.",
    v_wrong_current: "Your current password is wrong.",
    v_too_short: "Use at least {n} characters.",
    v_too_long: "Use no more than {n} characters.",
    v_min_digits: "Include at least {n} number(s).",
    v_min_upper: "Include at least {n} capital letter(s).",
    v_min_lower: "Include at least {n} small letter(s).",
    v_min_letters: "Include at least {n} letter(s).",
    v_min_special: "Include at least {n} symbol(s).",
    v_user_id: "Don't include your login.",
    v_old: "Don't reuse your current {what}.",
    v_old_reversed: "Don't use your current {what} backwards.",
    v_reused: "Don't reuse one of your last {n} {whats}.",
    v_identical_run: "Don't repeat the same character more than {n} times in a row.",
    v_not_digits: "Use numbers only.",
    v_passcode_length: "Use {min} to {max} numbers.",
    v_repeated_digits: "Don't repeat a number more than {n} times in a row.",
    v_repeated_pattern: "Avoid repeating sequences like 1212.",
    v_ascending: "Avoid counting up like 1234 (max {n} in a row).",
    v_descending: "Avoid counting down like 4321 (max {n} in a row).",
    v_phone: "Don't use your phone number.",
    v_phone_reversed: "Don't use your phone number backwards.",
    v_extension: "Don't use your extension.",
    v_extension_reversed: "Don't use your extension backwards.",
    devices_heading: "Identity/Device Profiles",
    device_heading: "{name}",
    rebuild: "Rebuild config files",
    reset: "Reboot phone",
    confirm_rebuild: "Rebuild the config files for {name} now?",
    confirm_reset: "Reboot the phone {name} now? Calls in progress will drop.",
    rebuilt: "Done. New config files are ready for {name}.",
    was_reset: "Done. {name} is rebooting.",
    rules_heading: "Password Rules",
    rules_intro: "These rules apply to everyone on this site.",
    rules_web: "Web portal access password",
    rules_passcode: "Voice portal passcode",
    rules_save: "Save",
    rules_saved: "Saved! The new rules are in force.",
    rules_invalid: "{field}: {message}",
    forbidden: "You don't have access to this page.",
    not_found: "We can't find that page",
    server_error: "Something went wrong on our side",
    server_error_detail: "Error 500. Please try again in a few minutes.",
    back_home: "Back to home",
    ..CLASSIC
};

pub(super) static FRANCAIS: Texts = Texts {
    brand: "CommPilot — Portail d'administration",
    login_heading: "Connexion au portail",
    login_intro: "Saisissez votre identifiant et votre mot de passe.",
    login_user: "Identifiant",
    login_password: "Mot de passe",
    login_button: "Connexion",
    login_bad: "Identifiant ou mot de passe incorrect.",
    login_locked: "Votre compte est verrouillé après trop de tentatives de connexion. Contactez votre administrateur.",
    login_expired: "Votre session a expiré. Veuillez vous reconnecter.",
    login_logged_out: "Vous êtes déconnecté.",
    welcome: "Bienvenue {name}",
    admin_label: "Administrateur du groupe",
    nav_home: "Groupe",
    nav_users: "Utilisateurs",
    nav_logout: "Déconnexion",
    nav_my_page: "Accueil",
    group_label: "Groupe",
    menu_profile: "Profil",
    menu_resources: "Ressources",
    menu_services: "Services",
    menu_utilities: "Utilitaires",
    profile_items: &["Profil", "Services", "Horaires", "Capacité d'appels"],
    resource_items: &["Numéros", "Services", "Domaines"],
    service_items: &[
        "Standard automatique",
        "Interception d'appel",
        "Groupe de recherche",
        "Parcage d'appel",
        "Messagerie vocale",
    ],
    utility_items: &["Dépôt de fichiers", "Codes d'accès aux fonctions"],
    item_users: "Utilisateurs",
    item_devices: "Profils d'identité/appareil",
    item_rules: "Règles de mot de passe",
    users_heading: "Utilisateurs",
    users_intro: "Affichez tous les utilisateurs du groupe ou recherchez-les selon des critères.",
    f_last_name: "Nom",
    f_first_name: "Prénom",
    f_user_id: "ID utilisateur",
    f_phone: "Numéro de téléphone",
    f_extension: "Poste",
    f_department: "Service",
    f_email: "Courriel",
    m_starts: "Commence par",
    m_contains: "Contient",
    m_equals: "Égal à",
    search_button: "Rechercher",
    search_by: "Rechercher par",
    search_how: "Correspondance",
    search_value: "Valeur recherchée",
    found: "{n} utilisateurs trouvés",
    none_found: "Aucun utilisateur trouvé.",
    user_heading: "{name}",
    user_sub: "ID utilisateur : {id}",
    basic: "Base",
    advanced: "Avancé",
    item_profile: "Profil",
    item_addresses: "Adresses",
    item_passwords: "Mots de passe",
    basic_items: &["Annonces", "Horaires", "ID utilisateur secondaires"],
    advanced_items: &["Règles d'appel", "Interception", "Confidentialité"],
    profile_heading: "Profil",
    addresses_heading: "Adresses",
    line_port: "Ligne/Port",
    device_section: "Profil d'identité/appareil",
    device_name: "Nom du profil d'identité/appareil",
    device_type: "Type du profil d'identité/appareil",
    device_mac: "Adresse MAC",
    no_device: "Aucun",
    passwords_heading: "Mots de passe",
    passwords_intro: "Définissez le mot de passe d'accès Web ou le code d'accès du portail de l'utilisateur.",
    radio_web: "Définir le mot de passe d'accès Web",
    radio_passcode: "Définir le code d'accès du portail",
    new_label: "Nouveau mot de passe",
    confirm_label: "Confirmer le nouveau mot de passe",
    self_current: "Mot de passe actuel",
    self_new: "Nouveau mot de passe",
    self_confirm: "Confirmer le nouveau mot de passe",
    must_change_expired: "Votre mot de passe a expiré. Vous devez le changer pour continuer.",
    must_change_reset: "Votre mot de passe a été réinitialisé par l'administrateur. Vous devez le changer pour continuer.",
    success_web: "Le mot de passe d'accès Web a été modifié.",
    success_passcode: "Le code d'accès du portail a été modifié.",
    error_heading: "Erreur",
    error_prefix: "",
    duplicate: "Cette demande a déjà été envoyée.",
    invalid_request: "La demande n'a pas pu être traitée. Veuillez réessayer.",
    noun_web: "mot de passe",
    noun_web_plural: "mots de passe",
    noun_passcode: "code d'accès",
    noun_passcode_plural: "codes d'accès",
    v_no_choice: "Choisissez le mot de passe ou le code d'accès à définir.",
    v_missing: "Le nouveau {what} est obligatoire.",
    v_mismatch: "Les deux saisies ne correspondent pas.",
    v_wrong_current: "Le mot de passe actuel est incorrect.",
    v_too_short: "Le {what} doit comporter au moins {n} caractères.",
    v_too_long: "Le {what} ne peut pas dépasser {n} caractères.",
    v_min_digits: "Le {what} doit contenir au moins {n} chiffre(s).",
    v_min_upper: "Le {what} doit contenir au moins {n} majuscule(s).",
    v_min_lower: "Le {what} doit contenir au moins {n} minuscule(s).",
    v_min_letters: "Le {what} doit contenir au moins {n} lettre(s).",
    v_min_special: "Le {what} doit contenir au moins {n} caractère(s) non alphanumérique(s).",
    v_user_id: "Le {what} ne peut pas contenir l'identifiant de l'utilisateur.",
    v_old: "Le {what} ne peut pas être identique à l'ancien.",
    v_old_reversed: "Le {what} ne peut pas être l'ancien à l'envers.",
    v_reused: "Le {what} ne peut pas être l'un des {n} derniers {whats}.",
    v_identical_run: "Le {what} ne peut pas contenir plus de {n} caractères identiques consécutifs.",
    v_not_digits: "Le {what} ne doit contenir que des chiffres.",
    v_passcode_length: "Le {what} doit comporter de {min} à {max} chiffres.",
    v_repeated_digits: "Le {what} ne peut pas répéter un chiffre plus de {n} fois de suite.",
    v_repeated_pattern: "Le {what} ne peut pas contenir de motif répété (par exemple 1212 ou 123123).",
    v_ascending: "Le {what} ne peut pas contenir plus de {n} chiffres croissants consécutifs (par exemple 1234).",
    v_descending: "Le {what} ne peut pas contenir plus de {n} chiffres décroissants consécutifs (par exemple 4321).",
    v_phone: "Le {what} ne peut pas être le numéro de téléphone de l'utilisateur.",
    v_phone_reversed: "Le {what} ne peut pas être le numéro de téléphone à l'envers.",
    v_extension: "Le {what} ne peut pas être le poste de l'utilisateur.",
    v_extension_reversed: "Le {what} ne peut pas être le poste à l'envers.",
    devices_heading: "Profils d'identité/appareil",
    device_heading: "Profil d'identité/appareil : {name}",
    device_users: "Utilisateur affecté",
    rebuild: "Régénérer les fichiers",
    reset: "Réinitialiser les téléphones",
    confirm_rebuild: "Régénérer les fichiers de configuration de l'appareil {name} ?",
    confirm_reset: "Redémarrer les téléphones de l'appareil {name} ?",
    rebuilt: "Les fichiers de configuration ont été régénérés.",
    was_reset: "Les téléphones ont été réinitialisés.",
    rules_heading: "Règles de mot de passe",
    rules_intro: "Règles applicables aux mots de passe des utilisateurs du groupe.",
    rules_web: "Règles du mot de passe d'accès Web",
    rules_passcode: "Règles du code d'accès du portail",
    rules_save: "Appliquer",
    rules_saved: "Les règles ont été enregistrées.",
    rules_invalid: "Erreur : {field} : {message}",
    r_min_length: "Longueur minimale : {n} caractères",
    r_min_digits: "Doit contenir au moins {n} chiffre(s)",
    r_min_upper: "Doit contenir au moins {n} majuscule(s)",
    r_min_lower: "Doit contenir au moins {n} minuscule(s)",
    r_min_letters: "Doit contenir au moins {n} lettre(s)",
    r_min_special: "Doit contenir au moins {n} caractère(s) non alphanumérique(s)",
    r_user_id: "Ne peut pas contenir l'identifiant de l'utilisateur",
    r_old: "Ne peut pas être l'ancien mot de passe ni l'ancien à l'envers",
    r_history: "Ne peut pas être l'un des {n} derniers mots de passe",
    r_expires: "Le mot de passe expire après {n} jours",
    r_lockout: "Bloquer la connexion après {n} tentatives échouées",
    r_force_change: "Forcer le changement après une réinitialisation par l'administrateur",
    p_min_length: "Longueur minimale du code : {n} chiffres",
    p_max_length: "Longueur maximale du code : {n} chiffres",
    p_repeated: "Ne peut pas répéter un chiffre plus de {n} fois de suite",
    p_patterns: "Ne peut pas contenir de motif répété (par exemple 1212, 123123)",
    p_ascending: "Pas plus de {n} chiffres croissants consécutifs",
    p_descending: "Pas plus de {n} chiffres décroissants consécutifs",
    p_phone: "Ne peut pas être le numéro de téléphone de l'utilisateur",
    p_phone_reversed: "Ne peut pas être le numéro de téléphone à l'envers",
    p_extension: "Ne peut pas être le poste de l'utilisateur",
    p_extension_reversed: "Ne peut pas être le poste à l'envers",
    p_old: "Ne peut pas être l'ancien code ni l'ancien à l'envers",
    p_history: "Ne peut pas être l'un des {n} derniers codes",
    p_expires: "Le code d'accès expire après {n} jours",
    p_lockout: "Bloquer le portail vocal après {n} tentatives échouées",
    forbidden: "Vous n'êtes pas autorisé à accéder à cette page.",
    not_found: "Page introuvable",
    server_error: "Erreur interne du serveur",
    server_error_detail: "Le serveur n'a pas pu traiter votre demande. Veuillez réessayer plus tard.",
    back_home: "Retour à la page principale",
};

pub(super) static MODERN: Texts = Texts {
    brand: "Skyline UC Admin",
    login_heading: "Welcome back",
    login_intro: "Sign in with your admin or user account.",
    login_user: "User ID or email",
    login_password: "Password",
    login_button: "Continue",
    login_bad: "We couldn't sign you in. Check your user ID and password.",
    login_locked: "Your account is temporarily locked. An administrator must reset your password.",
    login_expired: "For your security you were signed out. Sign in again to continue.",
    login_logged_out: "You signed out.",
    welcome: "{name}",
    admin_label: "Administrator",
    nav_home: "Dashboard",
    nav_users: "People",
    nav_logout: "Sign out",
    nav_my_page: "My profile",
    group_label: "Organization",
    item_users: "Users",
    users_heading: "Users",
    users_intro: "Search the directory.",
    found: "{n} results",
    none_found: "Nothing matched.",
    user_sub: "{id}",
    passwords_heading: "Passwords",
    passwords_intro: "Update this person's sign-in password or their phone passcode.",
    radio_web: "Web access password",
    radio_passcode: "Phone and voice portal passcode",
    new_label: "New password",
    confirm_label: "Repeat new password",
    self_current: "Current password",
    self_new: "New password",
    self_confirm: "Repeat new password",
    must_change_expired: "Your password expired. Choose a new one to continue.",
    must_change_reset: "An administrator reset your password. Choose a new one to continue.",
    success_web: "Password updated successfully.",
    success_passcode: "Passcode updated successfully.",
    error_heading: "Please fix the following",
    duplicate: "This change was already submitted.",
    invalid_request: "Your form expired. Please try again.",
    noun_web: "password",
    noun_web_plural: "passwords",
    noun_passcode: "passcode",
    noun_passcode_plural: "passcodes",
    v_no_choice: "Choose password or passcode.",
    v_missing: "A new {what} is required.",
    v_mismatch: "Entries must match.",
    v_wrong_current: "Current password is incorrect.",
    v_too_short: "Must be {n} or more characters.",
    v_too_long: "Must be {n} characters or fewer.",
    v_min_digits: "Needs {n} or more digits.",
    v_min_upper: "Needs {n} or more uppercase letters.",
    v_min_lower: "Needs {n} or more lowercase letters.",
    v_min_letters: "Needs {n} or more letters.",
    v_min_special: "Needs {n} or more special characters.",
    v_user_id: "Can't contain the user ID.",
    v_old: "Can't be the current {what}.",
    v_old_reversed: "Can't be the current {what} reversed.",
    v_reused: "Can't match any of the previous {n} {whats}.",
    v_identical_run: "Can't have more than {n} identical characters in a row.",
    v_not_digits: "Digits only.",
    v_passcode_length: "Must be {min}–{max} digits.",
    v_repeated_digits: "Can't repeat a digit more than {n} times in a row.",
    v_repeated_pattern: "Can't contain a repeating pattern.",
    v_ascending: "Can't have more than {n} ascending digits in a row.",
    v_descending: "Can't have more than {n} descending digits in a row.",
    v_phone: "Can't be the phone number.",
    v_phone_reversed: "Can't be the phone number reversed.",
    v_extension: "Can't be the extension.",
    v_extension_reversed: "Can't be the extension reversed.",
    device_heading: "Device {name}",
    rebuild: "Rebuild the files",
    reset: "Reset the phones",
    confirm_rebuild: "Regenerate configuration files for {name}?",
    confirm_reset: "Restart every phone on {name}?",
    rebuilt: "Configuration files regenerated.",
    was_reset: "Restart sent to the phones.",
    rules_heading: "Password Rules",
    rules_intro: "Policies applied when passwords and passcodes are set.",
    rules_web: "Web access password policy",
    rules_passcode: "Passcode policy",
    rules_save: "Save changes",
    rules_saved: "Policy saved.",
    rules_invalid: "{field}: {message}",
    forbidden: "Access denied.",
    not_found: "Not found",
    server_error: "Unexpected error",
    server_error_detail: "Error 500: we hit a problem saving your change. Try again.",
    back_home: "Go to dashboard",
    ..CLASSIC
};
