//! Inviting, changing and removing participants from the meeting page.

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::form::{AddForm, parse_role_or_default, pasted_invitees};
use super::meeting_page::{notice, render_meeting};
use crate::accounts::User;
use crate::db::{AnyConnection, Db};
use crate::error::{AppError, FieldErrors};
use crate::meetings::{self, JoinLinks, Participant, ParticipantChanges};
use crate::web::client::see_other;
use crate::web::extractors::csrf::{CsrfForm, NoFields};
use crate::web::extractors::viewer::SignedIn;
use crate::web::templates::Templates;

type MeetingId = web::Path<String>;
type ParticipantPath = web::Path<(String, String)>;

/// Invites the valid addresses; entries that are not addresses come back in the form to fix.
pub async fn add(
    signed_in: SignedIn,
    id: MeetingId,
    CsrfForm(form): CsrfForm<AddForm>,
    db: web::Data<Db>,
    links: web::Data<JoinLinks>,
    templates: web::Data<Templates>,
) -> Result<HttpResponse, AppError> {
    let mut errors = FieldErrors::new();
    let (invitees, not_addresses) = pasted_invitees(
        &form.invitees,
        &form.invitee_role,
        &form.invitee_language,
        &mut errors,
    );
    let mut refused = form.clone();
    // Only entries that are not addresses let the rest go ahead; any other problem stops all.
    if errors
        .iter()
        .any(|(field, error)| field != "invitees" || error.code != "addresses_invalid")
    {
        return render_meeting(
            &signed_in,
            &db,
            &links,
            &templates,
            &id,
            Some((&form, &errors)),
        )
        .await;
    }
    if invitees.is_empty() && errors.is_empty() {
        errors.add("invitees", crate::domain::FieldError::new("required"));
    }
    if !invitees.is_empty() {
        let user = signed_in.user.clone();
        let meeting_id = id.clone();
        let service_links = links.clone().into_inner();
        db.run(move |conn| {
            meetings::add_participants(conn, &user, &meeting_id, invitees, &service_links)
        })
        .await?;
    }
    if errors.is_empty() {
        notice(&signed_in, "participants-invited")?;
        return Ok(see_other(&format!("/meetings/{id}")));
    }
    // The valid addresses are invited; only the entries to fix stay in the box.
    refused.invitees = not_addresses.join("\n");
    render_meeting(
        &signed_in,
        &db,
        &links,
        &templates,
        &id,
        Some((&refused, &errors)),
    )
    .await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RoleForm {
    role: String,
}

/// Makes a participant a moderator or back.
pub async fn change_role(
    signed_in: SignedIn,
    path: ParticipantPath,
    CsrfForm(form): CsrfForm<RoleForm>,
    db: web::Data<Db>,
) -> Result<HttpResponse, AppError> {
    let role = parse_role_or_default(&form.role).map_err(|e| {
        let mut errors = FieldErrors::new();
        errors.add("role", e);
        AppError::Validation(errors)
    })?;
    let (meeting_id, participant_id) = path.into_inner();
    let user = signed_in.user.clone();
    let id = meeting_id.clone();
    let changes = ParticipantChanges {
        role: Some(role),
        ..ParticipantChanges::default()
    };
    db.run(move |conn| meetings::change_participant(conn, &user, &id, &participant_id, changes))
        .await?;
    notice(&signed_in, "participant-role-changed")?;
    Ok(see_other(&format!("/meetings/{meeting_id}#participants")))
}

/// Removes a participant; their link stops working and they are told.
pub async fn remove(
    signed_in: SignedIn,
    path: ParticipantPath,
    CsrfForm(_): CsrfForm<NoFields>,
    db: web::Data<Db>,
) -> Result<HttpResponse, AppError> {
    act(
        signed_in,
        path,
        db,
        meetings::remove_participant,
        "participant-removed",
    )
    .await
}

/// Sends a participant's invitation again.
pub async fn resend(
    signed_in: SignedIn,
    path: ParticipantPath,
    CsrfForm(_): CsrfForm<NoFields>,
    db: web::Data<Db>,
) -> Result<HttpResponse, AppError> {
    act(
        signed_in,
        path,
        db,
        meetings::resend_invitation,
        "invitation-resent",
    )
    .await
}

/// Replaces a participant's join link; the old one stops working, the new one is sent.
pub async fn new_link(
    signed_in: SignedIn,
    path: ParticipantPath,
    CsrfForm(_): CsrfForm<NoFields>,
    db: web::Data<Db>,
    links: web::Data<JoinLinks>,
) -> Result<HttpResponse, AppError> {
    let links = links.into_inner();
    act(
        signed_in,
        path,
        db,
        move |conn, user, meeting_id, participant_id| {
            meetings::regenerate_link(conn, user, meeting_id, participant_id, &links)
        },
        "meeting-new-link-done",
    )
    .await
}

/// What removing, resending and replacing a link share: run the service function, confirm,
/// back to the list.
async fn act(
    signed_in: SignedIn,
    path: ParticipantPath,
    db: web::Data<Db>,
    action: impl FnOnce(&mut AnyConnection, &User, &str, &str) -> Result<Participant, AppError>
    + Send
    + 'static,
    notice_key: &str,
) -> Result<HttpResponse, AppError> {
    let (meeting_id, participant_id) = path.into_inner();
    let user = signed_in.user.clone();
    let id = meeting_id.clone();
    db.run(move |conn| action(conn, &user, &id, &participant_id))
        .await?;
    notice(&signed_in, notice_key)?;
    Ok(see_other(&format!("/meetings/{meeting_id}#participants")))
}
