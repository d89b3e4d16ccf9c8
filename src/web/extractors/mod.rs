//! What handlers take from a request: who is looking (`Viewer`, `SignedIn`, `Admin`, and
//! `ApiUser` for the API), in which
//! language, and forms checked against the session's CSRF token.

pub mod api_user;
pub mod csrf;
pub mod request_locale;
pub mod viewer;
