//! `LIKE` patterns for literal text.

/// The pattern matching any text that contains `literal`, with `\` as the escape character
/// (use `.escape('\\')`): `%` and `_` in the literal match only themselves.
pub fn contains_pattern(literal: &str) -> String {
    let mut pattern = String::with_capacity(literal.len() + 2);
    pattern.push('%');
    for c in literal.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

#[cfg(test)]
mod tests {
    #[test]
    fn wildcards_match_only_themselves() {
        assert_eq!(super::contains_pattern("a_b%c\\d"), "%a\\_b\\%c\\\\d%");
    }
}
