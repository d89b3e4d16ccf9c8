//! Following a personal join link: whose link it is, whether they may enter now, and the
//! address (with a freshly minted room token) that takes them into the room.
//!
//! Joining reads meetings and participants and asks `jitsi` for a signed token; it writes the
//! waiting room (`lobby_entries`) and the count of links that led nowhere. It sits above
//! `meetings` and `jitsi` and below `web`.

mod admission;
mod bell;
mod lobby;
mod model;
mod privacy;
mod queries;
mod unknown_links;
mod window;

pub use admission::{
    Admission, Entrance, JoinOutcome, JoinPageFacts, admission, at_current_date, enter, join,
    page_facts,
};
pub use bell::{LOBBY_CHANNEL, Listening, LobbyBell};
pub use lobby::{Decision, ask_to_enter, decide, lobby_state, waiting_list};
pub use model::{JoinMeeting, JoinParticipant, LobbyEntry, LobbyState};
pub use privacy::{forget_waiting_names, waiting_export};
pub use unknown_links::UnknownLinks;
pub use window::JoinState;
