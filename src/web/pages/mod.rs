//! The HTML pages and the plain endpoints beside them, one file per area. Handlers stay thin:
//! parse, authorize, call a domain module, render a view.

pub mod admin_organisations;
pub mod admin_outbox;
pub mod admin_server_hooks;
pub mod admin_server_offer;
pub mod admin_servers;
pub mod admin_users;
pub mod assets;
pub mod branding;
pub mod calendar_feed;
pub mod calendar_file;
pub mod health;
pub mod join;
pub mod landing;
pub mod language;
pub mod meetings;
pub mod metrics;
pub mod oidc;
pub mod polls;
pub mod privacy;
pub mod reply;
pub mod settings;
pub mod setup;
pub mod sign_in;
