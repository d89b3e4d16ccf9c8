//! Values that can only exist valid. Pure types: no I/O, no database, no HTTP.
//!
//! Parse at the edge (`Email::parse`), then trust the type everywhere inside.

mod display_name;
mod email;
mod field_error;
mod locale;
mod password;
mod time_zone;
mod token_name;

pub use display_name::DisplayName;
pub use email::Email;
pub use field_error::FieldError;
pub use locale::Locale;
pub use password::Password;
pub use time_zone::TimeZone;
pub use token_name::TokenName;
