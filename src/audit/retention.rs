//! Forgetting the audit log: an entry keeps the client's full address for a week (long enough
//! to follow up an incident), then only its network (IPv4 /24, IPv6 /48), and is deleted after
//! a year. Bounded batches keyed by id, as the caller's transactions must stay short.

use std::net::IpAddr;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::audit_events;

/// The network an address belongs to, as kept after the first week: `192.0.2.0/24`,
/// `2001:db8:1::/48`; something that is no address becomes `unknown`.
pub fn truncated_address(raw: &str) -> String {
    match raw.trim().parse::<IpAddr>() {
        Ok(IpAddr::V4(v4)) => {
            let [a, b, c, _] = v4.octets();
            format!("{a}.{b}.{c}.0/24")
        }
        Ok(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => truncated_address(&v4.to_string()),
            None => {
                let s = v6.segments();
                let network = std::net::Ipv6Addr::new(s[0], s[1], s[2], 0, 0, 0, 0, 0);
                format!("{network}/48")
            }
        },
        Err(_) => "unknown".to_owned(),
    }
}

/// Up to `limit` entries from before `before` (after id `after`) whose address is still whole:
/// (id, address).
pub fn whole_addresses_before(
    conn: &mut AnyConnection,
    before: NaiveDateTime,
    after: &str,
    limit: i64,
) -> QueryResult<Vec<(String, String)>> {
    audit_events::table
        .filter(audit_events::occurred_at.lt(before))
        .filter(audit_events::ip.is_not_null())
        .filter(audit_events::ip.not_like("%/%"))
        .filter(audit_events::ip.ne("unknown"))
        .filter(audit_events::id.gt(after))
        .order(audit_events::id)
        .limit(limit)
        .select((audit_events::id, audit_events::ip.assume_not_null()))
        .load(conn)
}

/// Keeps only the network of these entries' addresses; how many changed.
pub fn truncate_addresses(
    conn: &mut AnyConnection,
    entries: &[(String, String)],
) -> QueryResult<usize> {
    let mut changed = 0;
    for (id, address) in entries {
        changed += diesel::update(audit_events::table.find(id))
            .set(audit_events::ip.eq(truncated_address(address)))
            .execute(conn)?;
    }
    Ok(changed)
}

/// Up to `limit` ids of entries from before `before`, after id `after`.
pub fn entries_before(
    conn: &mut AnyConnection,
    before: NaiveDateTime,
    after: &str,
    limit: i64,
) -> QueryResult<Vec<String>> {
    audit_events::table
        .filter(audit_events::occurred_at.lt(before))
        .filter(audit_events::id.gt(after))
        .order(audit_events::id)
        .limit(limit)
        .select(audit_events::id)
        .load(conn)
}

/// Deletes these entries; how many.
pub fn delete_entries(conn: &mut AnyConnection, ids: &[String]) -> QueryResult<usize> {
    diesel::delete(audit_events::table.filter(audit_events::id.eq_any(ids))).execute(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_keeps_only_its_network() {
        assert_eq!(truncated_address("192.0.2.77"), "192.0.2.0/24");
        assert_eq!(truncated_address("2001:db8:1:2:3::4"), "2001:db8:1::/48");
        assert_eq!(truncated_address("::ffff:198.51.100.9"), "198.51.100.0/24");
        assert_eq!(truncated_address("not an address"), "unknown");
    }
}
