//! What names an organisation: its short slug and the address domains that place accounts in it.

use super::FieldError;
use super::text::one_line;

/// The most characters an organisation's name may have.
const MAX_NAME_CHARS: usize = 100;

/// An organisation's name as people read it ("Stadt A").
pub fn organisation_name(raw: &str) -> Result<String, FieldError> {
    one_line(raw, MAX_NAME_CHARS)
}

/// A short lower-case name for the command line, URLs and claims: `stadt-a`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slug(String);

impl Slug {
    /// 2 to 40 of `a-z`, `0-9` and inner `-`.
    pub fn parse(raw: &str) -> Result<Slug, FieldError> {
        let slug = raw.trim();
        let fits = (2..=40).contains(&slug.len())
            && slug
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !slug.starts_with('-')
            && !slug.ends_with('-');
        if fits {
            Ok(Slug(slug.to_owned()))
        } else {
            Err(FieldError::new("slug_invalid"))
        }
    }

    /// A slug made from a name: "Stadt Köln" → `stadt-koln`; `fallback` when nothing is left.
    pub fn from_name(name: &str, fallback: &str) -> Slug {
        let mut slug = String::new();
        for c in name.chars().flat_map(char::to_lowercase) {
            let c = match c {
                'ä' | 'à' | 'á' | 'â' => 'a',
                'ö' | 'ò' | 'ó' | 'ô' => 'o',
                'ü' | 'ù' | 'ú' | 'û' => 'u',
                'ß' => 's',
                'é' | 'è' | 'ê' => 'e',
                other => other,
            };
            if c.is_ascii_alphanumeric() {
                slug.push(c);
            } else if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
        }
        let slug: String = slug.trim_end_matches('-').chars().take(40).collect();
        Slug::parse(slug.trim_end_matches('-')).unwrap_or_else(|_| Slug(fallback.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An address domain that places accounts: `stadt-a.de` (exactly that domain) or
/// `*.stadt-a.de` (any of its subdomains, not the domain itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainRule(String);

impl DomainRule {
    /// Lower-cased; every label 1–63 of letters, digits and inner hyphens; at least two labels.
    pub fn parse(raw: &str) -> Result<DomainRule, FieldError> {
        let rule = raw.trim().to_ascii_lowercase();
        let domain = rule.strip_prefix("*.").unwrap_or(&rule);
        let labels: Vec<&str> = domain.split('.').collect();
        let valid = labels.len() >= 2
            && domain.len() <= 253
            && labels.iter().all(|label| {
                (1..=63).contains(&label.len())
                    && label
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                    && !label.starts_with('-')
                    && !label.ends_with('-')
            });
        if valid {
            Ok(DomainRule(rule))
        } else {
            Err(FieldError::new("domain_invalid").with("value", raw.trim()))
        }
    }

    /// A stored rule, trusted as written by [`DomainRule::parse`].
    pub fn stored(rule: String) -> DomainRule {
        DomainRule(rule)
    }

    /// How well the rule matches an address's domain: `None` for no match; more specific rules
    /// (an exact domain, then longer wildcards) score higher.
    pub fn specificity(&self, address_domain: &str) -> Option<usize> {
        let address_domain = address_domain.to_ascii_lowercase();
        match self.0.strip_prefix("*.") {
            Some(parent) => address_domain
                .strip_suffix(parent)
                .filter(|head| head.len() > 1 && head.ends_with('.'))
                .map(|_| parent.len()),
            None => (address_domain == self.0).then_some(usize::MAX),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A short text of several lines (a mail footer, an introduction): at most `max_chars`,
/// line breaks and tabs but no other control or direction-changing characters. Empty is fine.
pub fn paragraph(raw: &str, max_chars: usize) -> Result<String, FieldError> {
    let text = raw.replace("\r\n", "\n").replace('\r', "\n");
    let text = text.trim();
    if text.chars().count() > max_chars {
        return Err(FieldError::new("too_long").with("max", max_chars));
    }
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(FieldError::new("control_characters_in_text"));
    }
    super::text::no_bidi_controls(text)?;
    Ok(text.to_owned())
}

/// An `https://` (or `http://`) address of a public page: an imprint, a privacy policy.
pub fn web_address(raw: &str) -> Result<String, FieldError> {
    let raw = raw.trim();
    match url::Url::parse(raw) {
        Ok(url)
            if matches!(url.scheme(), "https" | "http") && url.has_host() && raw.len() <= 500 =>
        {
            Ok(url.to_string())
        }
        _ => Err(FieldError::new("url_invalid")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slug_is_short_and_plain() {
        assert_eq!(Slug::parse(" stadt-a ").unwrap().as_str(), "stadt-a");
        for bad in ["", "a", "Stadt-A", "-stadt", "stadt-", "stadt a", "stadt_a"] {
            assert!(Slug::parse(bad).is_err(), "{bad:?} passed");
        }
        assert_eq!(Slug::from_name("Stadt Köln", "x").as_str(), "stadt-koln");
        assert_eq!(Slug::from_name("Treffpunkt", "x").as_str(), "treffpunkt");
        assert_eq!(Slug::from_name("!!", "default").as_str(), "default");
    }

    #[test]
    fn a_wildcard_matches_subdomains_and_an_exact_rule_wins() {
        let exact = DomainRule::parse("Stadt-A.de").unwrap();
        let wildcard = DomainRule::parse("*.stadt-a.de").unwrap();
        assert_eq!(exact.specificity("stadt-a.de"), Some(usize::MAX));
        assert_eq!(exact.specificity("amt.stadt-a.de"), None);
        assert_eq!(wildcard.specificity("stadt-a.de"), None);
        assert_eq!(wildcard.specificity("AMT.stadt-a.de"), Some(10));
        assert_eq!(wildcard.specificity("bad-stadt-a.de"), None);
        for bad in ["de", "*.de", "stadt a.de", "-x.de", "*.", "a..de"] {
            assert!(DomainRule::parse(bad).is_err(), "{bad:?} passed");
        }
    }
}
