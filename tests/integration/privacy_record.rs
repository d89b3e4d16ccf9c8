//! docs/privacy.md (the record of processing) names every column the database has, and no
//! column it does not: the list comes from the migrated database's own catalogue, on both
//! backends, so a new column without an entry fails here.

use std::collections::BTreeSet;

use diesel::prelude::*;
use diesel::sql_types::Text;

use crate::helpers::with_migrated_database;

#[derive(QueryableByName)]
struct Column {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
}

/// `table.column` of every column of our tables (diesel's bookkeeping table aside).
fn columns_in_database() -> BTreeSet<String> {
    with_migrated_database(|conn, postgres| {
        let query = if postgres {
            "SELECT table_name::text AS table_name, column_name::text AS column_name \
             FROM information_schema.columns WHERE table_schema = 'public'"
        } else {
            "SELECT m.name AS table_name, p.name AS column_name \
             FROM sqlite_master m, pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'"
        };
        diesel::sql_query(query)
            .load::<Column>(conn)
            .unwrap()
            .into_iter()
            .filter(|c| c.table_name != "__diesel_schema_migrations")
            .map(|c| format!("{}.{}", c.table_name, c.column_name))
            .collect()
    })
}

/// `table.column` of every row of the record: `| \`column\` |` under `## \`table\``.
fn columns_in_record() -> BTreeSet<String> {
    let record =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/privacy.md")).unwrap();
    let mut table = None;
    let mut columns = BTreeSet::new();
    for line in record.lines() {
        if let Some(name) = line.strip_prefix("## `").and_then(|l| l.strip_suffix('`')) {
            table = Some(name.to_owned());
        } else if let (Some(table), Some(rest)) = (&table, line.strip_prefix("| `")) {
            let column = rest.split('`').next().unwrap();
            columns.insert(format!("{table}.{column}"));
        }
    }
    columns
}

#[test]
fn the_record_of_processing_names_every_column_and_no_other() {
    let database = columns_in_database();
    let record = columns_in_record();
    let unrecorded: Vec<_> = database.difference(&record).collect();
    let gone: Vec<_> = record.difference(&database).collect();
    assert!(
        unrecorded.is_empty(),
        "columns missing from docs/privacy.md (say whether each is personal data, why it is \
         kept and for how long): {unrecorded:?}"
    );
    assert!(
        gone.is_empty(),
        "docs/privacy.md names columns that do not exist: {gone:?}"
    );
    assert!(database.len() > 150, "the catalogue lists too few columns");
}
