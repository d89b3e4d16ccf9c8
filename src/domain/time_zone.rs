//! An IANA time zone such as `Europe/Berlin`.

use std::fmt;

use super::FieldError;

/// A time zone from the IANA database; meetings keep one beside their UTC times.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeZone(chrono_tz::Tz);

impl TimeZone {
    /// Where most of our users are; the default for new accounts.
    pub const DEFAULT: TimeZone = TimeZone(chrono_tz::Europe::Berlin);

    /// Accepts an IANA name (`Europe/Berlin`); abbreviations like `CET` are ambiguous and refused.
    pub fn parse(raw: &str) -> Result<TimeZone, FieldError> {
        let name = raw.trim();
        if name.is_empty() {
            return Err(FieldError::new("required"));
        }
        name.parse::<chrono_tz::Tz>()
            .ok()
            .filter(|_| name.contains('/') || name == "UTC")
            .map(TimeZone)
            .ok_or_else(|| FieldError::new("time_zone_unknown"))
    }

    /// Every name `parse` accepts, sorted: the IANA zones with a region (`Europe/Berlin`) and `UTC`.
    pub fn names() -> impl Iterator<Item = &'static str> {
        chrono_tz::TZ_VARIANTS
            .iter()
            .map(|zone| zone.name())
            .filter(|name| (name.contains('/') && !name.starts_with("Etc/")) || *name == "UTC")
    }

    /// The zone for converting times.
    pub fn tz(self) -> chrono_tz::Tz {
        self.0
    }

    /// The IANA name, as stored in the database.
    pub fn name(self) -> &'static str {
        self.0.name()
    }
}

impl Default for TimeZone {
    fn default() -> Self {
        TimeZone::DEFAULT
    }
}

impl fmt::Display for TimeZone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_offered_name_parses() {
        let names: Vec<_> = TimeZone::names().collect();
        assert!(names.len() > 300);
        assert!(names.contains(&"Europe/Berlin") && names.contains(&"UTC"));
        assert!(names.iter().all(|name| TimeZone::parse(name).is_ok()));
    }

    #[test]
    fn iana_names_are_accepted() {
        assert_eq!(
            TimeZone::parse(" Europe/Berlin ").unwrap().name(),
            "Europe/Berlin"
        );
        assert_eq!(TimeZone::parse("UTC").unwrap().name(), "UTC");
    }

    #[test]
    fn unknown_and_ambiguous_names_are_refused() {
        assert_eq!(
            TimeZone::parse("Mars/Olympus").unwrap_err().code,
            "time_zone_unknown"
        );
        assert_eq!(
            TimeZone::parse("CET").unwrap_err().code,
            "time_zone_unknown"
        );
        assert_eq!(TimeZone::parse("").unwrap_err().code, "required");
    }
}
