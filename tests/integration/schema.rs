//! The database itself guards the data, on both backends, whatever code writes to it.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use treffpunkt::accounts::{self, NewAccount};
use treffpunkt::db::AnyConnection;
use treffpunkt::db::schema::{participants, users};
use treffpunkt::domain::{DisplayName, Email, Locale, TimeZone};
use treffpunkt::error::{AppError, Conflict};

use crate::helpers::with_migrated_database;

const ORGANIZER: &str = "INSERT INTO users (id, email, display_name, created_at, updated_at) \
     VALUES ('u1', 'ada@city-a.test', 'Ada', '2026-11-28 09:00:00', '2026-11-28 09:00:00');";
const MEETING: &str = "INSERT INTO meetings (id, organizer_id, title, starts_at, ends_at, time_zone, room_name, created_at, updated_at) \
     VALUES ('m1', 'u1', 'Jour fixe', '2026-12-01 09:00:00', '2026-12-01 10:00:00', 'Europe/Berlin', 'abcdefghijklmnopqrst', '2026-11-28 09:00:00', '2026-11-28 09:00:00');";

fn participant(id: &str, meeting: &str, email: &str) -> String {
    format!(
        "INSERT INTO participants (id, meeting_id, email, join_token_hash, created_at, updated_at) \
         VALUES ('{id}', '{meeting}', '{email}', 'hash-of-{id}', '2026-11-28 09:00:00', '2026-11-28 09:00:00');"
    )
}

fn planned_meeting(conn: &mut AnyConnection) {
    conn.batch_execute(ORGANIZER).unwrap();
    conn.batch_execute(MEETING).unwrap();
}

fn participant_count(conn: &mut AnyConnection) -> i64 {
    participants::table.count().get_result(conn).unwrap()
}

#[test]
fn a_participant_needs_an_existing_meeting() {
    with_migrated_database(|conn, _| {
        planned_meeting(conn);
        assert!(
            conn.batch_execute(&participant("p1", "no-such-meeting", "bob@example.org"))
                .is_err()
        );
        assert_eq!(participant_count(conn), 0);
    });
}

#[test]
fn an_address_is_invited_once_per_meeting() {
    with_migrated_database(|conn, _| {
        planned_meeting(conn);
        conn.batch_execute(&participant("p1", "m1", "bob@example.org"))
            .unwrap();
        assert!(
            conn.batch_execute(&participant("p2", "m1", "bob@example.org"))
                .is_err()
        );
        // Addresses are stored lower-cased, so a differently-cased duplicate cannot sneak in either.
        assert!(
            conn.batch_execute(&participant("p3", "m1", "Bob@example.org"))
                .is_err()
        );
        assert_eq!(participant_count(conn), 1);
    });
}

#[test]
fn deleting_a_meeting_removes_its_participants() {
    with_migrated_database(|conn, _| {
        planned_meeting(conn);
        conn.batch_execute(&participant("p1", "m1", "bob@example.org"))
            .unwrap();
        conn.batch_execute("DELETE FROM meetings WHERE id = 'm1'")
            .unwrap();
        assert_eq!(participant_count(conn), 0);
    });
}

#[test]
fn an_organizer_with_meetings_cannot_be_deleted() {
    with_migrated_database(|conn, _| {
        planned_meeting(conn);
        assert!(
            conn.batch_execute("DELETE FROM users WHERE id = 'u1'")
                .is_err()
        );
        let left: i64 = users::table.count().get_result(conn).unwrap();
        assert_eq!(left, 1);
    });
}

#[test]
fn a_meeting_must_end_after_it_starts() {
    with_migrated_database(|conn, _| {
        conn.batch_execute(ORGANIZER).unwrap();
        let backwards = MEETING.replace("'2026-12-01 10:00:00'", "'2026-12-01 08:00:00'");
        assert!(conn.batch_execute(&backwards).is_err());
    });
}

#[test]
fn room_names_are_unique() {
    with_migrated_database(|conn, _| {
        planned_meeting(conn);
        assert!(
            conn.batch_execute(&MEETING.replace("'m1'", "'m2'"))
                .is_err()
        );
    });
}

#[test]
fn only_one_jitsi_server_is_the_default() {
    with_migrated_database(|conn, _| {
        let server = |id: &str, name: &str| {
            format!(
                "INSERT INTO jitsi_servers (id, name, base_url, is_default, created_at, updated_at) \
                 VALUES ('{id}', '{name}', 'https://meet.example.org', TRUE, '2026-11-28 09:00:00', '2026-11-28 09:00:00');"
            )
        };
        conn.batch_execute(&server("s1", "Karlsruhe")).unwrap();
        assert!(conn.batch_execute(&server("s2", "Baden-Baden")).is_err());
    });
}

#[test]
fn a_token_server_needs_its_app_id_and_secret() {
    with_migrated_database(|conn, _| {
        let without_secret = "INSERT INTO jitsi_servers (id, name, base_url, token_mode, app_id, created_at, updated_at) \
             VALUES ('s1', 'Karlsruhe', 'https://meet.example.org', 'shared_secret', 'treffpunkt', '2026-11-28 09:00:00', '2026-11-28 09:00:00');";
        assert!(conn.batch_execute(without_secret).is_err());
    });
}

fn account(email: &str) -> NewAccount {
    NewAccount {
        organisation_id: None,
        email: Email::parse(email).unwrap(),
        display_name: DisplayName::parse("Ada Lovelace").unwrap(),
        password: None,
        is_admin: false,
        locale: Locale::De,
        time_zone: TimeZone::DEFAULT,
    }
}

#[test]
fn a_second_account_with_the_same_address_is_a_conflict_not_a_crash() {
    with_migrated_database(|conn, _| {
        let first = accounts::add_user(conn, account("ada@city-a.test")).unwrap();
        let second = accounts::add_user(conn, account("ADA@City-A.test"));
        assert!(
            matches!(second, Err(AppError::Conflict(Conflict::EmailTaken))),
            "{second:?}"
        );
        let everyone = accounts::list_users(conn).unwrap();
        assert_eq!(everyone.len(), 1);
        assert_eq!(everyone[0].id, first.id);
        assert_eq!(everyone[0].created_at, first.created_at);
    });
}

#[test]
fn account_ids_are_random_uuids() {
    with_migrated_database(|conn, _| {
        let a = accounts::add_user(conn, account("a@city-a.test")).unwrap();
        let b = accounts::add_user(conn, account("b@city-a.test")).unwrap();
        let a_id = uuid::Uuid::parse_str(&a.id).unwrap();
        assert_eq!(a_id.get_version_num(), 4);
        assert_ne!(a.id, b.id);
    });
}
