//! Lines of CSV for spreadsheets (poll results, attendance lists), safe to open.

use crate::error::AppError;

/// Writes one line; a cell a spreadsheet would run as a formula is made plain text first.
pub fn write<'a>(
    out: &mut csv::Writer<Vec<u8>>,
    cells: impl Iterator<Item = &'a str>,
) -> Result<(), AppError> {
    let cells: Vec<String> = cells.map(defuse).collect();
    out.write_record(&cells)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("csv: {e}")))
}

/// The bytes written so far.
pub fn finish(out: csv::Writer<Vec<u8>>) -> Result<Vec<u8>, AppError> {
    out.into_inner()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("csv: {e}")))
}

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, carriage return),
/// prefixed with `'`.
fn defuse(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_made_plain_text() {
        assert_eq!(defuse("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defuse("Ada"), "Ada");
    }
}
