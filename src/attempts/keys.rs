//! What failures are counted under: client addresses and link prefixes.

use std::net::IpAddr;

/// How many leading characters of a link's secret name its prefix: enough that random guesses
/// (at 6 bits a character) practically never share one, so only guesses aimed at one partly
/// known link add up.
const LINK_PREFIX_CHARS: usize = 8;

/// The key a client address is counted under: an IPv4 address itself, an IPv6 address its /64
/// network (one subscriber or office gets a whole /64 and can pick any address in it).
pub fn address_key(ip: &str) -> String {
    match ip.parse::<IpAddr>() {
        Ok(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
        _ => ip.to_owned(),
    }
}

/// The first characters of a link's secret, which failures are also counted under: someone
/// who knows the start of a link (a truncated mail, a shoulder) and tries endings from many
/// addresses is stopped too.
pub fn link_prefix(secret: &str) -> &str {
    secret
        .char_indices()
        .nth(LINK_PREFIX_CHARS)
        .map_or(secret, |(end, _)| &secret[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_addresses_count_by_their_64_network() {
        assert_eq!(address_key("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        assert_eq!(
            address_key("2001:db8:1:2:bbbb::9"),
            address_key("2001:db8:1:2:aaaa::1")
        );
        assert_ne!(
            address_key("2001:db8:1:3::1"),
            address_key("2001:db8:1:2::1")
        );
        assert_eq!(address_key("::ffff:192.0.2.1"), "192.0.2.1");
        assert_eq!(address_key("192.0.2.1"), "192.0.2.1");
    }

    #[test]
    fn a_link_prefix_is_its_first_eight_characters() {
        assert_eq!(link_prefix("abcdefghijklmnop"), "abcdefgh");
        assert_eq!(link_prefix("abc"), "abc");
        assert_eq!(
            link_prefix("äöüßäöüßxyz"),
            "äöüßäöüß",
            "never splits a character"
        );
    }
}
