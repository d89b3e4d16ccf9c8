//! The SQL of organisations' branding.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::model::BrandingRow;
use crate::db::AnyConnection;
use crate::db::schema::{organisation_branding, organisations};

/// An organisation's name and its branding row, if it has one.
pub(super) fn branding_of(
    conn: &mut AnyConnection,
    organisation_id: &str,
) -> QueryResult<(String, Option<BrandingRow>)> {
    let name = organisations::table
        .find(organisation_id)
        .select(organisations::name)
        .first(conn)?;
    let row = organisation_branding::table
        .find(organisation_id)
        .select(BrandingRow::as_select())
        .first(conn)
        .optional()?;
    Ok((name, row))
}

/// Inserts or replaces the branding row.
pub(super) fn save(conn: &mut AnyConnection, row: &BrandingRow) -> QueryResult<()> {
    let exists: bool = diesel::select(diesel::dsl::exists(
        organisation_branding::table.find(&row.organisation_id),
    ))
    .get_result(conn)?;
    if exists {
        diesel::update(organisation_branding::table.find(&row.organisation_id))
            .set(row)
            .execute(conn)?;
    } else {
        diesel::insert_into(organisation_branding::table)
            .values(row)
            .execute(conn)?;
    }
    Ok(())
}

/// A stored logo: its bytes and media type (both `None` without one).
pub(super) type StoredLogo = (Option<Vec<u8>>, Option<String>);

/// The logo of the branding with this version.
pub(super) fn logo_of_version(
    conn: &mut AnyConnection,
    version: &str,
) -> QueryResult<Option<StoredLogo>> {
    organisation_branding::table
        .filter(organisation_branding::version.eq(version))
        .select((
            organisation_branding::logo,
            organisation_branding::logo_type,
        ))
        .first(conn)
        .optional()
}

/// The accent colour of the branding with this version.
pub(super) fn accent_of_version(
    conn: &mut AnyConnection,
    version: &str,
) -> QueryResult<Option<Option<String>>> {
    organisation_branding::table
        .filter(organisation_branding::version.eq(version))
        .select(organisation_branding::accent_colour)
        .first(conn)
        .optional()
}

/// When any branding last changed (for caches).
pub(super) fn last_change(conn: &mut AnyConnection) -> QueryResult<Option<NaiveDateTime>> {
    organisation_branding::table
        .select(diesel::dsl::max(organisation_branding::updated_at))
        .first(conn)
}
