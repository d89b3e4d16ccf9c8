//! What handlers take from a request: who is looking (`Viewer`, `SignedIn`, `Admin`), in which
//! language, and forms checked against the session's CSRF token.

pub mod csrf;
pub mod request_locale;
pub mod viewer;
