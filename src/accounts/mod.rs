//! Staff accounts: who may plan meetings. Invitees never need one.

mod password;
mod queries;
mod user;

pub use password::{hash_password, verify_password};
pub use user::{NewAccount, User, add_user, list_users};
