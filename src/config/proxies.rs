//! Which reverse proxies may tell us the client's address (`TREFFPUNKT_TRUSTED_PROXIES`).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use ipnet::{IpNet, Ipv4Net, Ipv6Net};

use super::{ConfigError, Source, parse_bool};

/// The proxies whose `X-Forwarded-For` entries are believed; empty means none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// `TREFFPUNKT_TRUSTED_PROXIES`: addresses or networks, separated by commas or spaces
    /// (`127.0.0.1, 10.0.0.0/8, ::1`). Without it, the older
    /// `TREFFPUNKT_TRUST_PROXY_HEADERS=true` means "a proxy on this machine" (loopback).
    pub fn from_source(source: &dyn Source) -> Result<TrustedProxies, ConfigError> {
        if let Some(raw) = source.get("TREFFPUNKT_TRUSTED_PROXIES") {
            return TrustedProxies::parse(&raw)
                .map_err(|problem| ConfigError::new("TREFFPUNKT_TRUSTED_PROXIES", problem));
        }
        if parse_bool(source, "TREFFPUNKT_TRUST_PROXY_HEADERS", false)? {
            return Ok(TrustedProxies::loopback());
        }
        Ok(TrustedProxies::default())
    }

    fn parse(raw: &str) -> Result<TrustedProxies, String> {
        raw.split([',', ' '])
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .map(|entry| {
                entry
                    .parse::<IpNet>()
                    .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| format!("\"{entry}\" is neither an IP address nor a network"))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(TrustedProxies)
    }

    /// A proxy on this machine.
    pub fn loopback() -> TrustedProxies {
        TrustedProxies(vec![
            IpNet::V4(Ipv4Net::new_assert(Ipv4Addr::new(127, 0, 0, 0), 8)),
            IpNet::V6(Ipv6Net::new_assert(Ipv6Addr::LOCALHOST, 128)),
        ])
    }

    /// Whether `address` is one of the trusted proxies.
    pub fn trusts(&self, address: IpAddr) -> bool {
        self.0.iter().any(|net| net.contains(&address))
    }

    /// Whether any proxy is trusted at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_and_networks_are_read_and_anything_else_is_refused() {
        let proxies = TrustedProxies::parse("10.0.0.0/8, 192.0.2.7 ::1").unwrap();
        assert!(proxies.trusts("10.1.2.3".parse().unwrap()));
        assert!(proxies.trusts("192.0.2.7".parse().unwrap()));
        assert!(proxies.trusts("::1".parse().unwrap()));
        assert!(!proxies.trusts("192.0.2.8".parse().unwrap()));
        assert!(TrustedProxies::parse("proxy.local").is_err());
        assert!(TrustedProxies::loopback().trusts("127.0.0.53".parse().unwrap()));
        assert!(!TrustedProxies::loopback().trusts("10.0.0.1".parse().unwrap()));
    }
}
