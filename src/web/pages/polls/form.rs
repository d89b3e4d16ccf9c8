//! The form for a new poll: proposed times as rows of date, start and duration in one zone.
//! Without JavaScript "Add rows" and "Copy" post the form and get it back with more rows.

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use serde::Serialize;

use crate::accounts::User;
use crate::domain::{Description, FieldError, MeetingTitle, Schedule, TimeZone, local_instant};
use crate::error::FieldErrors;
use crate::polls::{
    DEFAULT_REMINDER_HOURS, MAX_PROPOSALS, PollPlan, check_deadline, check_proposals,
    parse_reminder_hours,
};
use crate::web::pages::meetings::{parse_time, pasted_invitees};

/// Blank rows a new form starts with, and "Add rows" adds.
const BLANK_ROWS: usize = 3;
/// A proposal's length unless changed.
const DEFAULT_DURATION: &str = "60";

/// One proposed time as typed.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Row {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `HH:MM`.
    pub start: String,
    /// Minutes.
    pub duration: String,
}

impl Row {
    fn blank() -> Row {
        Row {
            duration: DEFAULT_DURATION.to_owned(),
            ..Row::default()
        }
    }

    fn is_blank(&self) -> bool {
        self.date.trim().is_empty() && self.start.trim().is_empty()
    }
}

/// What the submit button asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Create,
    /// Three more blank rows.
    AddRows,
    /// The row at this index again below it, its date left blank for a new one.
    Copy(usize),
}

/// The form as typed; every field a string so a refused form comes back exactly as sent.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PollForm {
    pub title: String,
    pub description: String,
    pub time_zone: String,
    pub rows: Vec<Row>,
    /// Addresses separated by commas, semicolons or lines.
    pub invitees: String,
    pub public_link: bool,
    pub show_answers: bool,
    /// `YYYY-MM-DD`, empty: no deadline.
    pub deadline_date: String,
    /// `HH:MM`, empty: the end of that day.
    pub deadline_time: String,
    /// Hours before the deadline the reminder goes; `0`: none.
    pub reminder_hours: String,
    #[serde(skip)]
    pub action: Option<Action>,
}

impl PollForm {
    /// An empty form in the organizer's zone with three blank rows.
    pub fn blank(organizer: &User) -> PollForm {
        PollForm {
            time_zone: TimeZone::parse(&organizer.time_zone)
                .unwrap_or_default()
                .name()
                .to_owned(),
            rows: vec![Row::blank(); BLANK_ROWS],
            show_answers: true,
            reminder_hours: DEFAULT_REMINDER_HOURS.to_string(),
            ..PollForm::default()
        }
    }

    /// Reads the posted fields in order: the rows are the repeated `date`, `start` and
    /// `duration` fields.
    pub fn from_pairs(pairs: Vec<(String, String)>) -> PollForm {
        let mut form = PollForm::default();
        let (mut dates, mut starts, mut durations) = (Vec::new(), Vec::new(), Vec::new());
        for (name, value) in pairs {
            match name.as_str() {
                "title" => form.title = value,
                "description" => form.description = value,
                "time_zone" => form.time_zone = value,
                "invitees" => form.invitees = value,
                "public_link" => form.public_link = true,
                "show_answers" => form.show_answers = true,
                "deadline_date" => form.deadline_date = value,
                "deadline_time" => form.deadline_time = value,
                "reminder_hours" => form.reminder_hours = value,
                "date" => dates.push(value),
                "start" => starts.push(value),
                "duration" => durations.push(value),
                "action" => form.action = Some(action(&value)),
                _ => {}
            }
        }
        form.rows = dates
            .into_iter()
            .enumerate()
            .map(|(i, date)| Row {
                date,
                start: starts.get(i).cloned().unwrap_or_default(),
                duration: durations.get(i).cloned().unwrap_or_default(),
            })
            .collect();
        form
    }

    /// The form again with the rows the button asked for; `false` when it asked to create.
    pub fn apply_action(&mut self) -> bool {
        match self.action.unwrap_or(Action::Create) {
            Action::Create => return false,
            Action::AddRows => self.rows.extend(vec![Row::blank(); BLANK_ROWS]),
            Action::Copy(index) => {
                if let Some(row) = self.rows.get(index) {
                    let copy = Row {
                        date: String::new(),
                        ..row.clone()
                    };
                    self.rows.insert(index + 1, copy);
                }
            }
        }
        self.rows.truncate(MAX_PROPOSALS + BLANK_ROWS);
        true
    }

    /// The checked poll, or every refused field at once (rows by index: `row.2`).
    pub fn plan(&self, now: DateTime<Utc>) -> Result<PollPlan, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = errors.check("title", MeetingTitle::parse(&self.title));
        let description = errors.check("description", Description::parse(&self.description));
        let zone = errors.check("time_zone", TimeZone::parse(&self.time_zone));
        let mut proposals = Vec::new();
        if let Some(zone) = zone {
            for (i, row) in self.rows.iter().enumerate() {
                if row.is_blank() {
                    continue;
                }
                if let Some(schedule) =
                    errors.check(format!("row.{i}"), row_schedule(row, zone, now))
                {
                    proposals.push(schedule);
                }
            }
        }
        let proposals = check_proposals(proposals, "rows", &mut errors);
        let (invitees, _) = pasted_invitees(&self.invitees, "", "", &mut errors);
        let deadline = zone.and_then(|zone| self.deadline(zone, now, &mut errors));
        let reminder_hours = errors.check(
            "reminder_hours",
            self.reminder_hours
                .trim()
                .parse::<i64>()
                .map_err(|_| {
                    FieldError::new("out_of_range")
                        .with("min", 0)
                        .with("max", 168)
                })
                .and_then(parse_reminder_hours),
        );
        match (title, description, zone, deadline, reminder_hours) {
            (Some(title), Some(description), Some(zone), Some(deadline), Some(reminder_hours))
                if errors.is_empty() =>
            {
                Ok(PollPlan {
                    title,
                    description,
                    zone,
                    proposals,
                    invitees,
                    public_link: self.public_link,
                    deadline,
                    show_answers: self.show_answers,
                    reminder_hours,
                })
            }
            _ => Err(errors),
        }
    }

    /// The deadline (`Some(None)`: none), or `None` with the reason recorded.
    fn deadline(
        &self,
        zone: TimeZone,
        now: DateTime<Utc>,
        errors: &mut FieldErrors,
    ) -> Option<Option<DateTime<Utc>>> {
        if self.deadline_date.trim().is_empty() {
            return Some(None);
        }
        let date = errors.check("deadline_date", parse_date(&self.deadline_date))?;
        let time = match self.deadline_time.trim() {
            "" => chrono::NaiveTime::from_hms_opt(23, 59, 0)?,
            raw => errors.check("deadline_time", parse_time(raw))?,
        };
        let at = errors.check("deadline_time", local_instant(date, time, zone))?;
        errors.check("deadline_date", check_deadline(at, now))?;
        Some(Some(at))
    }
}

/// One row as a checked time span.
fn row_schedule(row: &Row, zone: TimeZone, now: DateTime<Utc>) -> Result<Schedule, FieldError> {
    let date = parse_date(&row.date)?;
    let start = parse_time(&row.start)?;
    let minutes: i64 = row.duration.trim().parse().map_err(|_| {
        FieldError::new("out_of_range")
            .with("min", 5)
            .with("max", 1440)
    })?;
    let starts_at = local_instant(date, start, zone)?;
    let ends_at = starts_at + TimeDelta::minutes(minutes.clamp(-1, 100_000));
    Schedule::new(starts_at, ends_at, zone, now, false).map_err(|e| match e {
        crate::domain::ScheduleError::Start(e) | crate::domain::ScheduleError::End(e) => e,
    })
}

fn parse_date(raw: &str) -> Result<NaiveDate, FieldError> {
    NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").map_err(|_| FieldError::new("date_invalid"))
}

fn action(value: &str) -> Action {
    match value.split_once(':') {
        Some(("copy", index)) => index.parse().map_or(Action::Create, Action::Copy),
        _ if value == "add" => Action::AddRows,
        _ => Action::Create,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone as _;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2027, 3, 1, 8, 0, 0).unwrap()
    }

    #[test]
    fn rows_are_read_in_order_and_blank_rows_are_left_out() {
        let form = PollForm::from_pairs(pairs(&[
            ("title", "Digitalrat"),
            ("time_zone", "Europe/Berlin"),
            ("date", "2027-03-10"),
            ("start", "10:00"),
            ("duration", "90"),
            ("date", ""),
            ("start", ""),
            ("duration", "60"),
            ("date", "2027-03-11"),
            ("start", "14:30"),
            ("duration", "60"),
            ("reminder_hours", "24"),
        ]));
        let plan = form.plan(now()).unwrap();
        assert_eq!(plan.proposals.len(), 2);
        assert_eq!(
            plan.proposals[0].starts_at(),
            Utc.with_ymd_and_hms(2027, 3, 10, 9, 0, 0).unwrap()
        );
        assert_eq!(
            plan.proposals[0].ends_at() - plan.proposals[0].starts_at(),
            TimeDelta::minutes(90)
        );
        assert_eq!(plan.reminder_hours, Some(24));
    }

    #[test]
    fn a_bad_row_is_named_by_its_index() {
        let form = PollForm::from_pairs(pairs(&[
            ("title", "x"),
            ("time_zone", "Europe/Berlin"),
            ("date", "2027-03-10"),
            ("start", "25:00"),
            ("duration", "60"),
            ("date", "2027-03-28"),
            ("start", "02:30"),
            ("duration", "60"),
            ("reminder_hours", "0"),
        ]));
        let errors = form.plan(now()).unwrap_err().codes_json();
        assert_eq!(errors["row.0"], "time_invalid");
        assert_eq!(errors["row.1"], "time_in_gap");
    }

    #[test]
    fn copy_repeats_a_row_without_its_date() {
        let mut form = PollForm::from_pairs(pairs(&[
            ("date", "2027-03-10"),
            ("start", "10:00"),
            ("duration", "45"),
            ("action", "copy:0"),
        ]));
        assert!(form.apply_action());
        assert_eq!(
            form.rows[1],
            Row {
                date: String::new(),
                start: "10:00".into(),
                duration: "45".into()
            }
        );
    }
}
