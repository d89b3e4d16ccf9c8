//! The OpenAPI document, generated from the handlers and types, and the interactive page.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::{
    attendance, calendar_feed, meeting_input, meeting_views, meetings, occurrences,
    participant_input, poll_input, poll_views, polls, recurrence_input, responses,
    room_settings_input,
};

/// The API as documented at `/api/v1/openapi.json`.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Treffpunkt API",
        description = "Plan Jitsi Meet conferences and invite people. Authenticate with a personal API token (Settings → API tokens) as `Authorization: Bearer tp_…`. Errors answer `{\"error\": {\"code\", \"message\", \"fields\"}}`."
    ),
    paths(
        meetings::create,
        meetings::list,
        meetings::show,
        meetings::calendar_file,
        attendance::show,
        meetings::update,
        meetings::cancel,
        occurrences::update,
        occurrences::cancel,
        responses::respond,
        meetings::add_participants,
        meetings::update_participant,
        meetings::remove_participant,
        meetings::resend_invitation,
        meetings::regenerate_link,
        calendar_feed::show,
        calendar_feed::rotate,
        polls::create,
        polls::list,
        polls::show,
        polls::close,
    ),
    components(schemas(
        meeting_input::CreateMeeting,
        meeting_input::UpdateMeeting,
        participant_input::ParticipantInput,
        participant_input::AddParticipants,
        participant_input::ParticipantList,
        participant_input::UpdateParticipant,
        meeting_views::MeetingView,
        meeting_views::PersonView,
        meeting_views::ParticipantView,
        meeting_views::MeetingPage,
        meeting_views::AddedParticipants,
        meeting_views::OccurrenceView,
        meeting_views::ResponseView,
        meeting_views::DeliveryView,
        meeting_views::ProposalView,
        responses::GiveResponse,
        calendar_feed::CalendarFeedView,
        occurrences::UpdateOccurrence,
        recurrence_input::RecurrenceInput,
        recurrence_input::RecurrenceView,
        poll_input::CreatePoll,
        poll_input::ProposalInput,
        poll_input::ClosePoll,
        poll_views::PollView,
        poll_views::PollProposalView,
        poll_views::PollCounts,
        poll_views::PollParticipantView,
        poll_views::PollSummary,
        poll_views::PollList,
        poll_views::ClosedPoll,
        attendance::AttendanceView,
        room_settings_input::RoomSettingsInput,
        room_settings_input::RoomSettingsView,
        attendance::AttendeeView,
    )),
    modifiers(&BearerToken),
    tags(
        (name = "meetings", description = "Plan, change and cancel meetings"),
        (name = "participants", description = "Invite, change and remove participants"),
        (name = "calendar", description = "The caller's calendar subscription address"),
        (name = "polls", description = "Date polls: propose times, see the answers, close into a meeting"),
    )
)]
pub struct ApiDoc;

struct BearerToken;

impl Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "api_token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}
