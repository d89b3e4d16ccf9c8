//! Request bodies for inviting and changing participants, and how they become checked invitees.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::json::present;
use crate::domain::{DisplayName, Email, FieldError, Locale, Role};
use crate::error::FieldErrors;
use crate::meetings::{Invitee, MAX_INVITEES, ParticipantChanges, merge_invitees};

/// Someone to invite.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ParticipantInput {
    /// Their address.
    #[schema(required = true, example = "ada.lovelace@stadt-a.example")]
    pub email: Option<String>,
    /// Their name (up to 100 characters).
    pub name: Option<String>,
    /// `participant` (default) or `moderator`.
    #[schema(example = "participant")]
    pub role: Option<String>,
    /// Language of their mails, `de` or `en`; defaults to their account's or the organizer's.
    pub locale: Option<String>,
}

/// One participant, or several at once.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum AddParticipants {
    /// `{"participants": [...]}`
    Many(ParticipantList),
    /// A single participant object.
    One(ParticipantInput),
}

/// Several participants.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ParticipantList {
    /// Who to invite.
    pub participants: Vec<ParticipantInput>,
}

/// Changes to a participant; absent fields stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateParticipant {
    /// `participant` or `moderator`.
    pub role: Option<String>,
    /// A new name; `null` removes it.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub name: Option<Option<String>>,
    /// `de` or `en`.
    pub locale: Option<String>,
}

impl AddParticipants {
    /// The checked, merged invitees.
    pub fn into_invitees(self) -> Result<Vec<Invitee>, FieldErrors> {
        let mut errors = FieldErrors::new();
        let invitees = match self {
            AddParticipants::Many(list) => parse_participants(list.participants, &mut errors),
            AddParticipants::One(one) => parse_participant(one, "", &mut errors)
                .into_iter()
                .collect(),
        };
        if errors.is_empty() {
            Ok(invitees)
        } else {
            Err(errors)
        }
    }
}

impl UpdateParticipant {
    /// The checked changes.
    pub fn into_changes(self) -> Result<ParticipantChanges, FieldErrors> {
        let mut errors = FieldErrors::new();
        let changes = ParticipantChanges {
            role: self
                .role
                .as_deref()
                .and_then(|raw| errors.check("role", Role::parse(raw))),
            name: self.name.map(|name| {
                name.filter(|n| !n.trim().is_empty())
                    .and_then(|raw| errors.check("name", DisplayName::parse(&raw)))
            }),
            locale: self
                .locale
                .as_deref()
                .and_then(|raw| errors.check("locale", parse_locale(raw))),
        };
        if errors.is_empty() {
            Ok(changes)
        } else {
            Err(errors)
        }
    }
}

fn parse_locale(raw: &str) -> Result<Locale, FieldError> {
    Locale::ALL
        .into_iter()
        .find(|l| l.tag() == raw.trim())
        .ok_or_else(|| FieldError::new("language_unknown"))
}

pub(super) fn parse_participants(
    list: Vec<ParticipantInput>,
    errors: &mut FieldErrors,
) -> Vec<Invitee> {
    if list.len() > MAX_INVITEES {
        errors.add(
            "participants",
            FieldError::new("too_many").with("max", MAX_INVITEES),
        );
        return Vec::new();
    }
    let invitees = list
        .into_iter()
        .enumerate()
        .filter_map(|(index, input)| {
            parse_participant(input, &format!("participants.{index}."), errors)
        })
        .collect();
    merge_invitees(invitees)
}

fn parse_participant(
    input: ParticipantInput,
    prefix: &str,
    errors: &mut FieldErrors,
) -> Option<Invitee> {
    let field = |name: &str| format!("{prefix}{name}");
    let email = errors.check(
        field("email"),
        Email::parse(input.email.as_deref().unwrap_or_default()),
    );
    let name = match input.name.as_deref().map(str::trim) {
        None | Some("") => Some(None),
        Some(raw) => errors
            .check(field("name"), DisplayName::parse(raw))
            .map(Some),
    };
    let role = errors.check(
        field("role"),
        input
            .role
            .as_deref()
            .map_or(Ok(Role::Participant), Role::parse),
    );
    let locale = match input.locale.as_deref() {
        None => Some(None),
        Some(raw) => errors.check(field("locale"), parse_locale(raw)).map(Some),
    };
    Some(Invitee {
        email: email?,
        name: name?,
        role: role?,
        locale: locale?,
    })
}
