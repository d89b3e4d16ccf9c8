//! The languages Treffpunkt speaks.

use std::fmt;

/// A supported language. German first: our users are German public administrations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Locale {
    /// German, the default.
    #[default]
    De,
    /// English.
    En,
}

impl Locale {
    /// Every supported language, in the order a language menu shows them.
    pub const ALL: [Locale; 2] = [Locale::De, Locale::En];

    /// The BCP 47 tag used in `lang=` attributes and stored in the database.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::De => "de",
            Locale::En => "en",
        }
    }

    /// Accepts a tag such as `de`, `de-DE` or `EN_gb`; anything else is not supported.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or_default();
        match primary.to_ascii_lowercase().as_str() {
            "de" => Some(Locale::De),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    /// Picks the best supported language from an `Accept-Language` header, honouring q-values.
    pub fn negotiate(accept_language: &str) -> Option<Locale> {
        accept_language
            .split(',')
            .filter_map(|item| {
                let mut parts = item.split(';');
                let locale = Locale::from_tag(parts.next()?)?;
                let quality = parts
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
                (quality > 0.0).then_some((locale, quality))
            })
            // max_by keeps the last of equal maxima; reverse so the first listed wins a tie.
            .rev()
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(locale, _)| locale)
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_with_regions_are_understood() {
        assert_eq!(Locale::from_tag("de-DE"), Some(Locale::De));
        assert_eq!(Locale::from_tag("EN_gb"), Some(Locale::En));
        assert_eq!(Locale::from_tag("fr"), None);
    }

    #[test]
    fn accept_language_honours_order_and_quality() {
        assert_eq!(
            Locale::negotiate("en-US,en;q=0.9,de;q=0.8"),
            Some(Locale::En)
        );
        assert_eq!(
            Locale::negotiate("fr-FR, de;q=0.5, en;q=0.4"),
            Some(Locale::De)
        );
        assert_eq!(Locale::negotiate("de, en"), Some(Locale::De));
        assert_eq!(Locale::negotiate("en;q=0, de;q=0.1"), Some(Locale::De));
        assert_eq!(Locale::negotiate("fr, it"), None);
        assert_eq!(Locale::negotiate(""), None);
    }
}
