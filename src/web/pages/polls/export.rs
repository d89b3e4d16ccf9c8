//! A poll's results as CSV, for spreadsheets.

use crate::domain::{Locale, TimeZone};
use crate::error::AppError;
use crate::i18n;
use crate::polls::{Choice, PollDetail};
use crate::web::csv_rows::{finish, write};
use crate::when;

/// One line per person (name, address, then their answer per proposed time), a header line
/// naming the times in `zone`, and a last line with the yes counts. A cell that a spreadsheet
/// would read as a formula (`=`, `+`, `-`, `@`) is prefixed with `'`.
pub fn results_csv(
    detail: &PollDetail,
    locale: Locale,
    zone: TimeZone,
) -> Result<Vec<u8>, AppError> {
    let results = detail.results();
    let mut out = csv::Writer::from_writer(Vec::new());
    let mut header = vec![
        i18n::text(locale, "poll-csv-name"),
        i18n::text(locale, "poll-csv-email"),
    ];
    header.extend(
        detail
            .proposals
            .iter()
            .map(|p| when::span(locale, p.starts_at, p.ends_at, zone)),
    );
    let labels = Choice::ALL.map(|c| {
        (
            c,
            i18n::text(locale, &format!("poll-choice-{}", c.as_str())),
        )
    });
    let label = |choice: Choice| {
        labels
            .iter()
            .find(|(c, _)| *c == choice)
            .map_or("", |(_, l)| l.as_str())
    };
    write(&mut out, header.iter().map(String::as_str))?;
    for (i, person) in detail.participants.iter().enumerate() {
        let mut line = vec![
            person.display_name.clone().unwrap_or_default(),
            person.email.clone().unwrap_or_default(),
        ];
        line.extend(
            results
                .row(i)
                .iter()
                .map(|answer| answer.map_or(String::new(), |c| label(c).to_owned())),
        );
        write(&mut out, line.iter().map(String::as_str))?;
    }
    let mut totals = vec![i18n::text(locale, "poll-csv-yes-total"), String::new()];
    totals.extend(results.counts.iter().map(|c| c.yes.to_string()));
    write(&mut out, totals.iter().map(String::as_str))?;
    finish(out)
}
