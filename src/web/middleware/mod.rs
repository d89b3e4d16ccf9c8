//! What wraps every request: unknown methods refused first, request ids, security headers, metrics, the access log, and the
//! rendering of errors as pages or JSON.

pub mod access_log;
pub mod error_pages;
pub mod methods;
pub mod metrics;
pub mod request_id;
pub mod security_headers;
