//! The admission behind a join link, the join page's facts, and the join itself.

use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};

use super::bell::LobbyBell;
use super::lobby;
use super::model::{JoinMeeting, JoinParticipant, LobbyState};
use super::queries;
use super::unknown_links::UnknownLinks;
use super::window::JoinState;
use crate::db::AnyConnection;
use crate::domain::{DisplayName, Role, TimeZone};
use crate::error::{AppError, Conflict};
use crate::jitsi::{self, RoomGrant, RoomServer, RoomSettings, RoomTokens};
use crate::meetings::{
    MAX_EXPANDED, Occurrence, current_or_next, exceptions_of, join_token_hash, occurrences,
};

/// What every join shares: the token minter, how long rooms stay open after the planned end,
/// and the count of links that led nowhere.
pub struct Entrance {
    /// Mints room tokens.
    pub tokens: RoomTokens,
    /// Joining stays open this long after the planned end (`TREFFPUNKT_JOIN_GRACE_MINUTES`).
    pub grace: TimeDelta,
    /// Unknown or revoked join links per client address and link prefix.
    pub unknown_links: UnknownLinks,
    /// Wakes pages that wait on a waiting room.
    pub bell: LobbyBell,
}

/// A join link that matched a participant: everything the join page and the join need.
#[derive(Debug, Clone)]
pub struct Admission {
    /// Whose link it is.
    pub participant: JoinParticipant,
    pub meeting: JoinMeeting,
    /// Where it runs: the meeting's server, or the default one for meetings planned before
    /// any server existed; `None` when there is no server at all.
    pub server: Option<Arc<RoomServer>>,
    /// How long after the planned end joining stays open.
    pub grace: TimeDelta,
    /// For a series: dates cancelled alone that the link would otherwise open now (the page
    /// says "this date is cancelled; the next one is …"). `meeting` holds the date it opens.
    pub cancelled_dates: Vec<Occurrence>,
    /// For a series: the recurrence id (original start) of the date `meeting` holds.
    pub date: Option<DateTime<Utc>>,
}

impl Admission {
    /// Where the meeting stands for this person now.
    pub fn state(&self, now: DateTime<Utc>) -> JoinState {
        JoinState::of(&self.meeting, self.participant.role, now, self.grace)
    }

    /// Whether this person waits to be let in: the meeting has the lobby on and they are no
    /// moderator.
    pub fn must_wait(&self) -> bool {
        self.meeting.lobby_enabled && self.participant.role != Role::Moderator
    }

    /// When joining closes: the planned end plus the grace.
    pub fn closes_at(&self) -> DateTime<Utc> {
        self.meeting.ends_at.and_utc() + self.grace
    }

    /// The name the join page suggests: the one from the invitation, else the address's local part.
    pub fn suggested_name(&self) -> String {
        self.participant.display_name.clone().unwrap_or_else(|| {
            let email = &self.participant.email;
            email.split('@').next().unwrap_or(email).to_owned()
        })
    }
}

/// What pressing "join" led to.
#[derive(Debug)]
pub enum JoinOutcome {
    /// Go here: the room, with `?jwt=` when the server wants tokens.
    Enter(String),
    /// Not now (too early, ended, cancelled); the page explains.
    Refused(Box<Admission>),
    /// In the waiting room until a moderator lets them in.
    Waiting(Box<Admission>),
    /// A moderator did not let them in.
    Declined(Box<Admission>),
}

/// The facts of the join page beyond the admission.
#[derive(Debug, Clone)]
pub struct JoinPageFacts {
    /// Who planned the meeting.
    pub organizer_name: String,
    /// Their organisation, whose branding the page wears.
    pub organisation_id: String,
    /// The zone times are shown in: the participant's own when they have an account,
    /// else the meeting's.
    pub zone: TimeZone,
}

/// The participant a join token belongs to; `None` for unknown and revoked tokens alike.
pub fn admission(
    conn: &mut AnyConnection,
    entrance: &Entrance,
    token: &str,
) -> Result<Option<Admission>, AppError> {
    let Some((participant, mut meeting, server)) =
        queries::admission(conn, &join_token_hash(token))?
    else {
        return Ok(None);
    };
    let (cancelled_dates, date) = if meeting.recurrence.is_some() {
        at_current_date(conn, &mut meeting, Utc::now(), entrance.grace)?
    } else {
        (Vec::new(), None)
    };
    // Meetings planned before any server existed run on today's default.
    let server = match server {
        Some(version) => Some(version),
        None => jitsi::default_server(conn)?,
    };
    let server = match server {
        Some((id, updated_at)) => Some(entrance.tokens.server(conn, &id, updated_at)?),
        None => None,
    };
    Ok(Some(Admission {
        participant,
        meeting,
        server,
        grace: entrance.grace,
        cancelled_dates,
        date,
    }))
}

/// Makes a series' join read its current or next date: that date's start, end and title, its
/// own join window and grace (so the room token's `exp` is that date's). With no date left,
/// the last one (the page says the meeting has ended). Answers the dates cancelled alone
/// that come before it, and the recurrence id of the date it holds.
pub fn at_current_date(
    conn: &mut AnyConnection,
    meeting: &mut JoinMeeting,
    now: DateTime<Utc>,
    grace: TimeDelta,
) -> Result<(Vec<Occurrence>, Option<DateTime<Utc>>), AppError> {
    let exceptions = exceptions_of(conn, &[meeting.id.as_str()])?;
    let (next, cancelled) = current_or_next(&*meeting, &exceptions, now, grace);
    let shown = next.or_else(|| {
        // Over: its last date, so the page says it has ended.
        let first = meeting.starts_at.and_utc();
        occurrences(&*meeting, &exceptions, first, now, MAX_EXPANDED)
            .into_iter()
            .next_back()
    });
    if let Some(date) = &shown {
        if let Some(title) = &date.title {
            meeting.title.clone_from(title);
        }
        meeting.starts_at = date.starts_at.naive_utc();
        meeting.ends_at = date.ends_at.naive_utc();
    }
    Ok((cancelled, shown.map(|date| date.recurrence_id)))
}

/// The organizer's name and the zone to show times in.
pub fn page_facts(
    conn: &mut AnyConnection,
    admission: &Admission,
) -> Result<JoinPageFacts, AppError> {
    let ((organizer_name, organisation_id), own_zone) = queries::page_people(
        conn,
        &admission.meeting.organizer_id,
        admission.participant.user_id.as_deref(),
    )?;
    let zone = own_zone
        .and_then(|zone| TimeZone::parse(&zone).ok())
        .unwrap_or_else(|| admission.meeting.zone());
    Ok(JoinPageFacts {
        organizer_name,
        organisation_id,
        zone,
    })
}

/// Lets the link's owner into the room under `name`, minting their token now; `None` for an
/// unknown or revoked token.
pub fn join(
    conn: &mut AnyConnection,
    entrance: &Entrance,
    token: &str,
    name: &DisplayName,
    now: DateTime<Utc>,
) -> Result<Option<JoinOutcome>, AppError> {
    let Some(admission) = admission(conn, entrance, token)? else {
        return Ok(None);
    };
    if admission.state(now) != JoinState::Open {
        return Ok(Some(JoinOutcome::Refused(Box::new(admission))));
    }
    if admission.server.is_none() {
        return Err(AppError::Conflict(Conflict::NoServer));
    }
    if admission.must_wait() {
        let (participant, meeting) = (&admission.participant.id, &admission.meeting.id);
        // A series asks anew at each date: from the opening of this date's join window.
        let date_opens = admission.meeting.recurrence.is_some().then(|| {
            admission.meeting.starts_at
                - TimeDelta::minutes(i64::from(admission.meeting.join_minutes_before))
        });
        let asked = lobby::ask_to_enter(
            conn,
            participant,
            meeting,
            name.as_str(),
            now.naive_utc(),
            date_opens,
        )?;
        match asked {
            LobbyState::Admitted => {}
            LobbyState::Waiting => return Ok(Some(JoinOutcome::Waiting(Box::new(admission)))),
            LobbyState::Declined => return Ok(Some(JoinOutcome::Declined(Box::new(admission)))),
        }
    }
    Ok(Some(JoinOutcome::Enter(enter(
        &admission,
        name.as_str(),
        now,
    )?)))
}

/// The address into the room for someone let in, with a token minted now: the room, the token
/// and the meeting's title for Jitsi's web client.
pub fn enter(admission: &Admission, name: &str, now: DateTime<Utc>) -> Result<String, AppError> {
    let Some(server) = &admission.server else {
        return Err(AppError::Conflict(Conflict::NoServer));
    };
    let moderator = admission.participant.role == Role::Moderator;
    let settings = RoomSettings::from_stored(&admission.meeting.room_settings);
    let grant = RoomGrant {
        room: &admission.meeting.room_name,
        user_id: &admission.participant.id,
        name,
        email: &admission.participant.email,
        moderator,
        open_until: admission.closes_at(),
        lobby: admission.meeting.lobby_enabled,
        features: settings.features_for(moderator),
    };
    let jwt = server.mint(&grant, now)?;
    Ok(jitsi::entry_url(
        &server.room_url(&admission.meeting.room_name),
        jwt.as_deref(),
        &admission.meeting.title,
        settings.start_muted,
    ))
}
