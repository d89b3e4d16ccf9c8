//! What the join page shows, as the template reads it.

use serde::Serialize;
use serde_json::Value;

use crate::conference::DialInLines;

/// A link to the reply page with one answer preselected.
#[derive(Serialize)]
pub(super) struct ReplyLink {
    pub(super) answer: &'static str,
    pub(super) url: String,
}

#[derive(Serialize)]
pub(super) struct JoinPage<'a> {
    /// Accept, maybe, decline: each opens the reply page (which asks to confirm).
    pub(super) replies: Vec<ReplyLink>,
    /// For a series: dates cancelled alone before the one shown ("the next one is …").
    pub(super) cancelled_dates: Vec<String>,
    pub(super) meeting: JoinMeetingView<'a>,
    pub(super) organizer_name: &'a str,
    /// `open`, `waiting`, `ended` or `cancelled`.
    pub(super) state: &'static str,
    /// While waiting: when the room opens, and how long that is.
    pub(super) opens: Option<Opening>,
    /// After the planned end, while late joiners may still come in.
    pub(super) overtime: Option<Overtime>,
    pub(super) refresh_seconds: Option<i64>,
    /// The name in the form.
    pub(super) name: &'a str,
    pub(super) errors: Value,
    pub(super) no_server: bool,
    /// How to join by phone, when the server has dial-in.
    pub(super) dial_in: Option<DialInLines>,
    /// The server checks no tokens: whoever learns the room's name can enter.
    pub(super) open_room: bool,
}

#[derive(Serialize)]
pub(super) struct JoinMeetingView<'a> {
    pub(super) title: &'a str,
    pub(super) when: String,
    pub(super) moderator: bool,
    pub(super) lobby: bool,
}

#[derive(Serialize)]
pub(super) struct Overtime {
    pub(super) planned_end: String,
    pub(super) closes: String,
}

#[derive(Serialize)]
pub(super) struct Opening {
    pub(super) at: String,
    pub(super) wait_key: &'static str,
    pub(super) wait_count: i64,
}
