//! Meetings and their participants: planning, changing, cancelling, and who may see what.
//!
//! Every change is one transaction that also queues the mails it causes in the outbox.

mod access;
mod agenda;
mod calendar_replies;
mod delivery;
mod dial_in_pin;
mod digest;
mod feed;
mod idempotency;
mod join_link;
mod mail_jobs;
mod model;
mod occurrence_changes;
mod occurrences;
mod participants;
mod plan;
mod privacy;
mod queries;
mod reminders;
mod responses;
mod retention;
mod room;
mod servers;
mod service;
mod split;

pub use access::{
    MeetingDetail, Organizer, claim_email, meeting_for_editor, meeting_for_moderator,
};
pub use agenda::{AgendaEntry, Dashboard, dashboard, list_meetings};
pub use calendar_replies::{
    Proposal, ReplyTarget, record_counter, reply_target, send_invitation_again,
};
pub use delivery::{Delivery, DeliveryState, PersonDeliveries, failures_seen, unseen_failures};
pub use dial_in_pin::{PIN_DIGITS, unused_pin};
pub use digest::{DIGEST_JOB, DigestAnswer, DigestJob, digest_answers, queue_reply_digests};
pub use feed::{FeedEntry, feed_entries};
pub use idempotency::{KEY_KEPT, Planned, Repeatable, purge_idempotency_keys};
pub use join_link::{JOIN_PATH, JoinLinks, join_token_hash};
pub use mail_jobs::{ForParticipant, MailKind, MeetingMail, Uninvited};
pub use model::{CounterProposal, Meeting, MeetingException, Participant, Response, Via};
pub use occurrence_changes::{OccurrenceChanges, cancel_occurrence, change_occurrence};
pub use occurrences::{
    Dated, MAX_EXPANDED, Occurrence, current_or_next, dates_to_show, occurrence_at, occurrences,
};
pub use participants::{
    Added, add_participants, change_participant, regenerate_link, remove_participant,
    resend_invitation,
};
pub use plan::{
    DEFAULT_JOIN_MINUTES, Invitee, MAX_INVITEES, MeetingChanges, MeetingPlan, ParticipantChanges,
    merge_invitees, parse_join_minutes, parse_join_minutes_text, series_after,
};
pub use privacy::{
    Upcoming, anonymise_entries, delete_organised, entry_ids, invitations_export, organised_export,
    upcoming_organised,
};
pub use queries::{KnownAccount, UnseenFailure, accounts_by_email};
pub use queries::{exceptions_by_meeting, exceptions_of};
pub use reminders::queue_due_reminders;
pub use responses::{
    Answer, Answers, Tally, WhoIsComing, answer_as_user, own_answers, record_answer,
};
pub use retention::{ExpiredMeetings, delete_expired_meetings, expired_meetings};
pub use room::move_to_new_room;
pub use servers::{ServerSummary, list_servers, remove_server};
pub use service::{cancel_meeting, like_earlier, plan_meeting, plan_meeting_once, update_meeting};
pub use split::change_following;
