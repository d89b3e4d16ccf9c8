//! SQL for accounts. Nothing outside this file writes queries against `users`.

use diesel::prelude::*;

use super::user::{NewUserRow, User};
use crate::db::AnyConnection;
use crate::db::schema::users;

pub(super) fn insert_user(conn: &mut AnyConnection, row: &NewUserRow<'_>) -> QueryResult<()> {
    diesel::insert_into(users::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

pub(super) fn find_user(conn: &mut AnyConnection, id: &str) -> QueryResult<User> {
    users::table.find(id).select(User::as_select()).first(conn)
}

pub(super) fn all_users(conn: &mut AnyConnection) -> QueryResult<Vec<User>> {
    users::table
        .order(users::email)
        .select(User::as_select())
        .load(conn)
}
