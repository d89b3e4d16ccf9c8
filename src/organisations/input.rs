//! An organisation as typed on the command line or into the administrators' form.

use crate::domain::{DomainRule, Slug, organisation_name};
use crate::error::FieldErrors;

/// Fields before checking.
#[derive(Debug, Default, Clone, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct OrganisationInput {
    pub name: String,
    pub slug: String,
    /// Address domains, one per line or separated by commas or spaces.
    pub domains: String,
    /// Keycloak's identity provider alias; empty for none.
    pub idp_hint: String,
}

/// A checked organisation.
#[derive(Debug, Clone)]
pub struct OrganisationFields {
    pub name: String,
    pub slug: Slug,
    pub domains: Vec<DomainRule>,
    pub idp_hint: Option<String>,
}

impl OrganisationInput {
    /// Checks every field at once, so all problems show together.
    pub fn parse(&self) -> Result<OrganisationFields, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = errors.check("name", organisation_name(&self.name));
        let slug = errors.check("slug", Slug::parse(&self.slug));
        let mut domains = Vec::new();
        for raw in self
            .domains
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|raw| !raw.is_empty())
        {
            if let Some(rule) = errors.check("domains", DomainRule::parse(raw))
                && !domains.contains(&rule)
            {
                domains.push(rule);
            }
        }
        let idp_hint = match self.idp_hint.trim() {
            "" => None,
            hint => errors
                .check("idp_hint", Slug::parse(hint))
                .map(|hint| hint.as_str().to_owned()),
        };
        match (name, slug) {
            (Some(name), Some(slug)) if errors.is_empty() => Ok(OrganisationFields {
                name,
                slug,
                domains,
                idp_hint,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bad_field_is_named() {
        let input = OrganisationInput {
            name: " ".into(),
            slug: "Stadt A".into(),
            domains: "stadt-a.de, nope".into(),
            idp_hint: "a b".into(),
        };
        let errors = input.parse().unwrap_err();
        for field in ["name", "slug", "domains", "idp_hint"] {
            assert!(
                errors.iter().any(|(named, _)| named == field),
                "{field} not named"
            );
        }
        let fine = OrganisationInput {
            name: "Stadt A".into(),
            slug: "stadt-a".into(),
            domains: "stadt-a.de\n*.stadt-a.de stadt-a.de".into(),
            idp_hint: "".into(),
        }
        .parse()
        .unwrap();
        assert_eq!(fine.domains.len(), 2);
        assert_eq!(fine.idp_hint, None);
    }
}
