//! Where the variants' own pages live. The same for every skin (the real
//! portals' paths are unknown; the extension must not key on paths).

use crate::skin::Route;

/// The script that builds the Passwords form (`script-form`).
pub const SCRIPT_FORM_JS: &str = "/assets/pwform.js";
/// The script that moves the Passwords form into a shadow root (`web-components`).
pub const WEB_COMPONENTS_JS: &str = "/assets/pwshadow.js";
/// The script of the Passwords form's tabs (`tabs`).
pub const TABS_JS: &str = "/assets/pwtabs.js";
/// The single-page portal's script and stylesheet.
pub const CONSOLE_JS: &str = "/assets/console.js";
/// The single-page portal's stylesheet.
pub const CONSOLE_CSS: &str = "/assets/console.css";
/// The single-page portal's shell (every path under it serves the shell).
pub const UI_HOME: &str = "/ui/";
/// The single-page portal's JSON endpoints.
pub const UI_API: &str = "/ui/api";
/// The frameset (`frameset`).
pub const FRAMESET: &str = "/frames/main";
/// The navigation frame's page.
pub const FRAME_NAV: &str = "/frames/nav";
/// The portal's own page that frames the ungranted origin (`ungranted-frame`).
pub const UNGRANTED_HOST: &str = "/partner/";

/// `deep-passwords`: the user's "My profile" tab.
pub const MY_PROFILE: Route = Route::path("/tc/users/{id}/my-profile");
/// `deep-passwords`: "Passwords" of the sub-level menu.
pub const DEEP_PASSWORDS: Route = Route::path("/tc/users/{id}/my-profile/passwords");
/// `deep-passwords`: "Manage passwords" of the left menu: the form.
pub const MANAGE_PASSWORDS: Route = Route::path("/tc/users/{id}/my-profile/passwords/manage");
/// `deep-passwords`: the risky "Delete user" link.
pub const DELETE_USER: Route = Route::path("/tc/users/{id}/delete");
/// `deep-passwords`: the risky "Reset voice mail" link.
pub const RESET_VOICE_MAIL: Route = Route::path("/tc/users/{id}/voice-mail/reset");
/// `deep-passwords`: the risky "Remove device" link.
pub const REMOVE_DEVICE: Route = Route::path("/tc/users/{id}/device/remove");

/// `lookalikes`: the user's Authentication (SIP credentials) page.
pub const AUTHENTICATION: Route = Route::path("/svc/users/{id}/authentication");
/// `lookalikes`: the user's Voice Messaging page.
pub const VOICE_MESSAGING: Route = Route::path("/svc/users/{id}/voice-messaging");
/// `lookalikes`: Voice Messaging > Voice mail password.
pub const VOICE_MAIL_PASSWORD: Route = Route::path("/svc/users/{id}/voice-messaging/password");
/// `lookalikes`: the admin's own Change my password page (`?from=USER` when
/// reached from a user's page).
pub const MY_PASSWORD: &str = "/svc/my-password";
/// `lookalikes`: a page with two password fields and no portal words
/// (`?ref=USER` when reached from a user's page).
pub const NEWSLETTER: &str = "/newsletter/account";

/// A user-scoped link to one of the unscoped look-alike pages.
pub fn with_user(path: &str, key: &str, user_id: &str) -> String {
    format!("{path}?{key}={}", crate::skin::encode(user_id))
}
