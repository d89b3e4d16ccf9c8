//! Jitsi servers, the choice of server for a meeting, token policy and signing (JWT).
//!
//! Servers are managed by administrators; their secrets are sealed at rest (`crate::sealing`).
//! A leaf below `meetings`: it reads and writes only the `jitsi_servers` table. The join flow
//! that decides *whether* someone gets a token lives in `crate::joining`.

mod choice;
mod entry_url;
mod queries;
mod room_settings;
mod room_token;
mod server;
mod server_checks;
mod servers;
mod settings;
mod token_policy;

pub use choice::{
    ServerChoice, default_server, default_server_of, server_checks_tokens, server_choices,
    server_for_meeting, usable_server,
};
pub use entry_url::entry_url;
pub use room_settings::{Allowed, RoomSettings};
pub use room_token::{RoomGrant, RoomServer, RoomTokens, Signer};
pub use server::JitsiServer;
pub use servers::{
    add_server, ensure_first_server, find_server, find_server_by_name_or_id, list_servers,
    make_default, remove_server, retire_server, update_server,
};
pub use settings::{
    DEFAULT_AUDIENCE, DEFAULT_TOKEN_MARGIN_MINUTES, ServerInput, ServerSettings, Signing,
};
pub use token_policy::{Algorithm, Features, ModeratorClaim, TokenMode};
