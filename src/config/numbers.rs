//! Reading numbers and switches from the environment, each with a message that names the
//! variable and the allowed range.

use super::{ConfigError, Source};

/// A whole number from 1 to `max`, or `default` when the variable is unset.
pub(super) fn parse_count<T>(
    source: &dyn Source,
    variable: &'static str,
    max: T,
    default: T,
) -> Result<T, ConfigError>
where
    T: std::str::FromStr + PartialOrd + From<u8> + std::fmt::Display,
{
    parse_number(source, variable, T::from(1), max, default)
}

/// A whole number from `min` to `max`, or `default` when the variable is unset.
pub(super) fn parse_number<T>(
    source: &dyn Source,
    variable: &'static str,
    min: T,
    max: T,
    default: T,
) -> Result<T, ConfigError>
where
    T: std::str::FromStr + PartialOrd + std::fmt::Display,
{
    let Some(raw) = source.get(variable) else {
        return Ok(default);
    };
    match raw.trim().parse::<T>() {
        Ok(number) if number >= min && number <= max => Ok(number),
        _ => Err(ConfigError::new(
            variable,
            format!("\"{raw}\" is not a whole number from {min} to {max}"),
        )),
    }
}

/// `true`/`yes`/`1`/`on` or `false`/`no`/`0`/`off`, or `default` when the variable is unset.
pub(crate) fn parse_bool(
    source: &dyn Source,
    variable: &'static str,
    default: bool,
) -> Result<bool, ConfigError> {
    match source
        .get(variable)
        .map(|raw| raw.trim().to_ascii_lowercase())
    {
        None => Ok(default),
        Some(raw) if matches!(raw.as_str(), "true" | "yes" | "1" | "on") => Ok(true),
        Some(raw) if matches!(raw.as_str(), "false" | "no" | "0" | "off") => Ok(false),
        Some(raw) => Err(ConfigError::new(
            variable,
            format!("\"{raw}\" is not true or false"),
        )),
    }
}
