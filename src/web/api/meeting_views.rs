//! What the meetings API answers.

use chrono::{DateTime, NaiveDateTime, SecondsFormat, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::recurrence_input::RecurrenceView;
use super::room_settings_input::RoomSettingsView;
use crate::domain::recurrence_id_text;
use crate::meetings::{
    AgendaEntry, Delivery, JoinLinks, Meeting, MeetingDetail, Occurrence, Participant, Response,
    WhoIsComing, dates_to_show,
};

/// A meeting.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeetingView {
    /// Id (UUID).
    pub id: String,
    pub title: String,
    /// Plain-text agenda.
    pub description: String,
    /// Start, RFC 3339 in the meeting's zone.
    pub starts_at: String,
    /// End, RFC 3339 in the meeting's zone.
    pub ends_at: String,
    /// Length in minutes.
    pub duration_minutes: i64,
    /// IANA zone it was planned in.
    pub timezone: String,
    /// The Jitsi server, if any.
    pub server_id: Option<String>,
    /// Whether the lobby is on.
    pub lobby: bool,
    /// Minutes before the start people may join.
    pub join_minutes_before: i32,
    /// Room settings beyond the server's defaults.
    pub room_settings: RoomSettingsView,
    /// The Jitsi room name.
    pub room: String,
    /// Rises with every change invitees are told about (the iCalendar SEQUENCE).
    pub revision: i32,
    /// Whether the meeting was cancelled.
    pub cancelled: bool,
    /// When it was cancelled (RFC 3339, UTC).
    pub cancelled_at: Option<String>,
    /// Who planned it.
    pub organizer: PersonView,
    /// The caller's own join link, if the caller is on the meeting.
    pub join_url: Option<String>,
    /// The caller's role in the room, if the caller is on the meeting.
    pub role: Option<String>,
    /// Whether the caller may change the meeting.
    pub can_edit: bool,
    /// How many people are invited (without the organizer).
    pub participant_count: i64,
    /// The invitees with their join links (only for those who may edit; not in lists).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub participants: Option<Vec<ParticipantView>>,
    /// When it was planned (RFC 3339, UTC).
    pub created_at: String,
    /// When it last changed (RFC 3339, UTC).
    pub updated_at: String,
    /// How a series repeats (absent for a single meeting).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recurrence: Option<RecurrenceView>,
    /// In lists, for a meeting of a series: this meeting's start (RFC 3339 in the meeting's
    /// zone; `starts_at` and `ends_at` are this meeting's too).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub occurrence_start: Option<String>,
    /// In lists, for a meeting of a series: its identity, the original start in UTC
    /// (`20270105T090000Z`), for `/occurrences/{recurrence_id}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recurrence_id: Option<String>,
    /// For a series, to those who may edit: the next meetings (up to 10) and every date
    /// changed or cancelled alone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub occurrences: Option<Vec<OccurrenceView>>,
}

/// One meeting of a series.
#[derive(Debug, Serialize, ToSchema)]
pub struct OccurrenceView {
    /// Its identity: the original start in UTC (`20270105T090000Z`).
    pub recurrence_id: String,
    /// When it happens (RFC 3339 in the meeting's zone).
    pub starts_at: String,
    pub ends_at: String,
    pub title: String,
    /// Cancelled alone (or with the whole series).
    pub cancelled: bool,
    /// Moved or retitled alone.
    pub changed: bool,
}

impl OccurrenceView {
    pub fn new(occurrence: &Occurrence, meeting: &Meeting) -> OccurrenceView {
        let zone = meeting.zone().tz();
        let local = |t: DateTime<Utc>| {
            t.with_timezone(&zone)
                .to_rfc3339_opts(SecondsFormat::Secs, true)
        };
        OccurrenceView {
            recurrence_id: recurrence_id_text(occurrence.recurrence_id),
            starts_at: local(occurrence.starts_at),
            ends_at: local(occurrence.ends_at),
            title: occurrence.title(meeting).to_owned(),
            cancelled: occurrence.cancelled,
            changed: occurrence.changed,
        }
    }
}

/// How many coming meetings of a series the detail view lists.
const NEXT_OCCURRENCES: usize = 10;

/// A person by name and address.
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonView {
    /// Address.
    pub email: String,
    pub name: String,
}

/// An invitee.
#[derive(Debug, Serialize, ToSchema)]
pub struct ParticipantView {
    /// Id (UUID).
    pub id: String,
    /// Address.
    pub email: String,
    /// Name, if known.
    pub name: Option<String>,
    /// `participant` or `moderator`.
    pub role: String,
    /// Language of their mails.
    pub locale: String,
    /// Whether they have an account here (the meeting is on their dashboard).
    pub has_account: bool,
    /// Their personal join link.
    pub join_url: String,
    /// What they answered (for a series: for every date); `null` while they have not.
    pub response: Option<ResponseView>,
    /// What became of their last mail; `null` before any was queued.
    pub delivery: Option<DeliveryView>,
    /// For a series: their answers for single dates.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub occurrence_responses: Vec<ResponseView>,
    /// For a series: mails about single dates whose state differs from `delivery`'s.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub occurrence_deliveries: Vec<DeliveryView>,
    /// Other times their calendar proposed (iMIP COUNTER), oldest first; never applied.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub counter_proposals: Vec<ProposalView>,
}

/// Another time an invitee's calendar proposed.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProposalView {
    /// The proposed start and end (RFC 3339, UTC), when the proposal names them.
    pub starts_at: Option<String>,
    pub ends_at: Option<String>,
    pub comment: Option<String>,
    /// For a proposal about one date of a series: its recurrence id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recurrence_id: Option<String>,
    /// When it arrived (RFC 3339, UTC).
    pub received_at: String,
}

/// An invitee's answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResponseView {
    /// `ACCEPTED`, `TENTATIVE` or `DECLINED`.
    pub partstat: String,
    pub comment: Option<String>,
    /// When they answered (RFC 3339, UTC).
    pub at: String,
    /// For an answer about one date of a series: that date's recurrence id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recurrence_id: Option<String>,
}

impl ResponseView {
    pub fn new(response: &Response) -> ResponseView {
        ResponseView {
            partstat: response.partstat().as_str().to_owned(),
            comment: response.comment.clone(),
            at: utc(response.answered_at),
            recurrence_id: response.date().map(str::to_owned),
        }
    }
}

/// What became of a mail.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryView {
    /// `queued`, `sent` (the mail server accepted it) or `failed`.
    pub state: String,
    /// Queued: since when; sent: when the server took it; failed: when it was given up on
    /// (RFC 3339, UTC).
    pub at: String,
    /// Failed: the mail server's answer; queued after a failed try: why it is tried again.
    pub detail: Option<String>,
    /// For a mail about one date of a series: that date's recurrence id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recurrence_id: Option<String>,
}

impl DeliveryView {
    fn new(delivery: &Delivery, recurrence_id: Option<&str>) -> DeliveryView {
        DeliveryView {
            state: delivery.state.as_str().to_owned(),
            at: delivery.at.to_rfc3339_opts(SecondsFormat::Secs, true),
            detail: delivery.detail.clone(),
            recurrence_id: recurrence_id.map(str::to_owned),
        }
    }
}

/// A page of meetings.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeetingPage {
    /// The meetings, earliest first.
    pub meetings: Vec<MeetingView>,
    /// This page's number.
    pub page: i64,
    /// Page size.
    pub per_page: i64,
    /// The next page's number, if there is one.
    pub next_page: Option<i64>,
}

/// The answer to adding several participants.
#[derive(Debug, Serialize, ToSchema)]
pub struct AddedParticipants {
    /// Who was invited now.
    pub participants: Vec<ParticipantView>,
    /// Addresses that were on the meeting already (unchanged).
    pub already_invited: Vec<String>,
}

impl MeetingView {
    /// The full view, with invitees, for someone who may edit.
    pub fn detail(detail: &MeetingDetail, links: &JoinLinks, who: &WhoIsComing) -> MeetingView {
        let participants: Vec<ParticipantView> = detail
            .invitees()
            .map(|p| ParticipantView::new(p, links, who))
            .collect();
        let mut view = MeetingView::base(
            &detail.meeting,
            PersonView {
                email: detail.organizer.email.clone(),
                name: detail.organizer.name.clone(),
            },
            detail.own.as_ref(),
            links,
        );
        view.can_edit = true;
        view.participant_count = participants.len() as i64;
        view.participants = Some(participants);
        if detail.meeting.recurrence.is_some() {
            let meeting = &detail.meeting;
            let shown = dates_to_show(meeting, &detail.exceptions, Utc::now(), NEXT_OCCURRENCES);
            view.occurrences = Some(
                shown
                    .iter()
                    .map(|o| OccurrenceView::new(o, meeting))
                    .collect(),
            );
        }
        view
    }

    /// The list view of one agenda entry.
    pub fn entry(entry: &AgendaEntry, can_edit: bool, links: &JoinLinks) -> MeetingView {
        let mut view = MeetingView::base(
            &entry.meeting,
            PersonView {
                email: entry.organizer_email.clone(),
                name: entry.organizer_name.clone(),
            },
            Some(&entry.own),
            links,
        );
        view.can_edit = can_edit;
        view.participant_count = entry.invitee_count;
        if let Some(occurrence) = &entry.occurrence {
            let shown = OccurrenceView::new(occurrence, &entry.meeting);
            view.cancelled = entry.is_cancelled();
            view.title = shown.title;
            view.starts_at = shown.starts_at;
            view.ends_at = shown.ends_at;
            view.duration_minutes = (occurrence.ends_at - occurrence.starts_at).num_minutes();
            if let Some(description) = &occurrence.description {
                view.description.clone_from(description);
            }
            view.occurrence_start = Some(view.starts_at.clone());
            view.recurrence_id = Some(shown.recurrence_id);
        }
        view
    }

    fn base(
        meeting: &Meeting,
        organizer: PersonView,
        own: Option<&Participant>,
        links: &JoinLinks,
    ) -> MeetingView {
        let zone = meeting.zone().tz();
        let local = |t: NaiveDateTime| {
            t.and_utc()
                .with_timezone(&zone)
                .to_rfc3339_opts(SecondsFormat::Secs, true)
        };
        MeetingView {
            id: meeting.id.clone(),
            title: meeting.title.clone(),
            description: meeting.description.clone(),
            starts_at: local(meeting.starts_at),
            ends_at: local(meeting.ends_at),
            duration_minutes: meeting.duration_minutes(),
            timezone: meeting.time_zone.clone(),
            server_id: meeting.jitsi_server_id.clone(),
            lobby: meeting.lobby_enabled,
            join_minutes_before: meeting.join_minutes_before,
            room_settings: RoomSettingsView::of(&meeting.room_settings),
            room: meeting.room_name.clone(),
            revision: meeting.revision,
            cancelled: meeting.is_cancelled(),
            cancelled_at: meeting.cancelled_at.map(utc),
            organizer,
            join_url: own.map(|p| links.url(&p.id, p.link_version)),
            role: own.map(|p| p.role.to_string()),
            can_edit: false,
            participant_count: 0,
            participants: None,
            created_at: utc(meeting.created_at),
            updated_at: utc(meeting.updated_at),
            recurrence: meeting.series().as_ref().map(RecurrenceView::of),
            occurrence_start: None,
            recurrence_id: None,
            occurrences: None,
        }
    }
}

impl ParticipantView {
    /// An invitee with their join link, answers and deliveries.
    pub fn new(participant: &Participant, links: &JoinLinks, who: &WhoIsComing) -> ParticipantView {
        let deliveries = who.deliveries.get(&participant.id);
        ParticipantView {
            id: participant.id.clone(),
            email: participant.email.clone(),
            name: participant.display_name.clone(),
            role: participant.role.to_string(),
            locale: participant.locale.clone(),
            has_account: participant.user_id.is_some(),
            join_url: links.url(&participant.id, participant.link_version),
            response: who
                .answers
                .overall
                .get(&participant.id)
                .map(ResponseView::new),
            delivery: deliveries
                .and_then(|d| d.latest.as_ref())
                .map(|d| DeliveryView::new(d, None)),
            occurrence_responses: who
                .answers
                .dates
                .get(&participant.id)
                .map(|dates| dates.iter().map(ResponseView::new).collect())
                .unwrap_or_default(),
            counter_proposals: who
                .proposals
                .get(&participant.id)
                .map(|all| {
                    all.iter()
                        .map(|p| ProposalView {
                            starts_at: p.starts_at.map(utc),
                            ends_at: p.ends_at.map(utc),
                            comment: p.comment.clone(),
                            recurrence_id: (!p.recurrence_id.is_empty())
                                .then(|| p.recurrence_id.clone()),
                            received_at: utc(p.received_at),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            occurrence_deliveries: deliveries
                .map(|d| {
                    d.dates
                        .iter()
                        .map(|(date, d)| DeliveryView::new(d, Some(date)))
                        .collect()
                })
                .unwrap_or_default(),
        }
    }
}

pub(super) fn utc(t: NaiveDateTime) -> String {
    t.and_utc().to_rfc3339_opts(SecondsFormat::Secs, true)
}
