//! Translations: Fluent files under `locales/<lang>/`, compiled into the binary.
//!
//! Pages reach them through the `fluent(key=…, lang=…)` Tera function; code
//! (error messages, CLI output) through [`text`] and [`text_with`].

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};

use crate::domain::Locale;

// Every translation, loaded once.
fluent_templates::static_loader! {
    pub static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // Unicode isolation marks around placeables would end up inside HTML attributes and mails.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The Fluent language id for one of our locales.
pub fn language_id(locale: Locale) -> LanguageIdentifier {
    match locale {
        Locale::De => fluent_templates::langid!("de"),
        Locale::En => fluent_templates::langid!("en"),
    }
}

/// The message `key` in `locale`.
pub fn text(locale: Locale, key: &str) -> String {
    LOCALES.lookup(&language_id(locale), key)
}

/// The message `key` in `locale`, with named values filled in.
pub fn text_with(locale: Locale, key: &str, params: &[(&'static str, String)]) -> String {
    let args: HashMap<Cow<'static, str>, FluentValue> = params
        .iter()
        .map(|(name, value)| (Cow::Borrowed(*name), FluentValue::from(value.clone())))
        .collect();
    LOCALES.lookup_with_args(&language_id(locale), key, &args)
}

/// The message `key` in `locale` with its `count`, so plural forms are chosen by number.
pub fn text_with_count(locale: Locale, key: &str, count: i64) -> String {
    let args: HashMap<Cow<'static, str>, FluentValue> =
        HashMap::from([(Cow::Borrowed("count"), FluentValue::from(count))]);
    LOCALES.lookup_with_args(&language_id(locale), key, &args)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_exists_in_every_language() {
        let keys = |lang: &str| -> Vec<String> {
            let path = format!("{}/locales/{lang}/main.ftl", env!("CARGO_MANIFEST_DIR"));
            let source = std::fs::read_to_string(path).unwrap();
            let mut keys: Vec<String> = source
                .lines()
                .filter_map(|line| line.split_once(" ="))
                .map(|(key, _)| key.trim().to_owned())
                .filter(|key| !key.is_empty() && !key.starts_with('#') && !key.starts_with(' '))
                .collect();
            keys.sort();
            keys
        };
        assert_eq!(keys("de"), keys("en"));
    }

    #[test]
    fn parameters_are_filled_in() {
        let message = text_with(Locale::En, "field-too_long", &[("max", "100".to_owned())]);
        assert!(message.contains("100"), "{message}");
        assert!(!text(Locale::De, "field-required").is_empty());
    }
}
