//! Values that can only exist valid. Pure types: no I/O, no database, no HTTP.
//!
//! Parse at the edge (`Email::parse`), then trust the type everywhere inside.

mod accent_colour;
mod address_list;
mod description;
mod display_name;
mod email;
mod field_error;
mod idempotency_key;
mod locale;
mod logo;
mod meeting_title;
mod organisation;
mod password;
mod recurrence;
mod reply;
mod role;
mod room_name;
mod schedule;
mod series;
mod text;
mod time_zone;
mod token_name;

pub use accent_colour::AccentColour;
pub use address_list::{AddressList, ListedAddress, parse_address_list};
pub use description::Description;
pub use display_name::DisplayName;
pub use email::Email;
pub use field_error::FieldError;
pub use idempotency_key::IdempotencyKey;
pub use locale::Locale;
pub use logo::{Logo, LogoKind, MAX_LOGO_BYTES};
pub use meeting_title::MeetingTitle;
pub use organisation::{DomainRule, Slug, organisation_name, paragraph, web_address};
pub use password::Password;
pub use recurrence::{
    Frequency, MAX_INTERVAL, MAX_OCCURRENCES, MAX_SERIES_YEARS, Recurrence, SeriesEnd,
    parse_weekday, weekday_code, weekday_position,
};
pub use reply::{PartStat, ReplyComment};
pub use role::Role;
pub use room_name::RoomName;
pub use schedule::{
    MAX_DURATION_MINUTES, MIN_DURATION_MINUTES, Schedule, ScheduleError, local_instant,
    zoned_instant,
};
pub use series::{OPEN_ENDED_HORIZON, Series, parse_recurrence_id, recurrence_id_text};
pub use time_zone::TimeZone;
pub use token_name::TokenName;
