//! Jitsi servers, room tokens (JWT) and the join flow behind personal join links.
//!
//! Servers are managed by administrators; their secrets are sealed at rest (`crate::sealing`).
//! A room token is minted only when someone presses "join" on their link's page, for exactly
//! that meeting's room and that person's role.

mod join;
mod queries;
mod room_token;
mod server;
mod servers;
mod settings;
mod token_policy;
mod window;

pub use join::{
    Admission, JoinMeeting, JoinOutcome, JoinPageFacts, JoinParticipant, admission, join,
    page_facts,
};
pub use room_token::{RoomGrant, RoomServer, RoomTokens, Signer};
pub use server::JitsiServer;
pub use servers::{
    ServerSummary, add_server, ensure_first_server, find_server, find_server_by_name_or_id,
    list_servers, make_default, remove_server, retire_server, update_server,
};
pub use settings::{
    DEFAULT_AUDIENCE, DEFAULT_TOKEN_MARGIN_MINUTES, ServerInput, ServerSettings, Signing,
};
pub use token_policy::{Algorithm, Features, ModeratorClaim, TokenMode};
pub use window::JoinState;
