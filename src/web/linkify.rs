//! Plain text with clickable links, for descriptions: everything is escaped, and only
//! `http://` and `https://` addresses become links (never `javascript:` or other schemes).

use std::collections::HashMap;

/// Characters that end a link when they close it, as in "(see https://example.org)." .
const TRAILING: &[char] = &['.', ',', ';', ':', '!', '?', ')', ']', '\'', '"'];

/// HTML for `text`: escaped, with web addresses as links that open without a referrer.
pub fn linkify(text: &str) -> String {
    let mut html = String::with_capacity(text.len() + 64);
    let mut rest = text;
    while let Some(start) = find_link_start(rest) {
        html.push_str(&tera::escape_html(&rest[..start]));
        let candidate = &rest[start..];
        let end = candidate
            .find(|c: char| c.is_whitespace() || c == '<' || c == '>')
            .unwrap_or(candidate.len());
        let url = candidate[..end].trim_end_matches(TRAILING);
        let escaped = tera::escape_html(url);
        html.push_str(&format!(
            r#"<a href="{escaped}" rel="noopener noreferrer nofollow">{escaped}</a>"#
        ));
        rest = &candidate[url.len()..];
    }
    html.push_str(&tera::escape_html(rest));
    html
}

fn find_link_start(text: &str) -> Option<usize> {
    [text.find("https://"), text.find("http://")]
        .into_iter()
        .flatten()
        .min()
}

/// The `linkify` tera filter.
pub fn filter(
    value: &tera::Value,
    _args: &HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    let text = value
        .as_str()
        .ok_or_else(|| tera::Error::msg("linkify works on text"))?;
    Ok(tera::Value::String(linkify(text)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_become_links_and_the_rest_is_escaped() {
        let html = linkify("Agenda: https://wiki.example.org/a?b=1&c=2.\n<b>bold</b>");
        assert_eq!(
            html,
            "Agenda: <a href=\"https:&#x2F;&#x2F;wiki.example.org&#x2F;a?b=1&amp;c=2\" rel=\"noopener noreferrer nofollow\">https:&#x2F;&#x2F;wiki.example.org&#x2F;a?b=1&amp;c=2</a>.\n&lt;b&gt;bold&lt;&#x2F;b&gt;"
        );
    }

    #[test]
    fn scripts_and_other_schemes_stay_text() {
        let html = linkify(
            "javascript:alert(1) <script>alert(1)</script> \"><img src=x onerror=alert(1)>",
        );
        assert!(!html.contains('<'), "{html}");
        assert!(!html.contains("<a"), "{html}");
    }

    #[test]
    fn a_link_cannot_break_out_of_its_attribute() {
        let html = linkify("https://example.org/\"onmouseover=alert(1)");
        assert!(!html.contains("\"onmouseover"), "{html}");
        assert!(html.starts_with("<a href=\"https:"), "{html}");
    }
}
