//! Route patterns with ASCII segments.
//!
//! actix-router compiles one regex per dynamic route, in every HTTP worker. Its default segment,
//! `{id}` = `[^/]+`, is a Unicode class, and each such regex holds a sizeable UTF-8 automaton:
//! with some fifty routes the workers kept megabytes at idle (BENCHMARKS.md, idle memory).
//! Request paths reach the router percent-encoded, so a segment is printable ASCII: `[!-.0-~]+`
//! (everything from `!` to `~` but `/`) matches the same paths with a small automaton.

/// `pattern` with every `{name}` segment spelled `{name:[!-.0-~]+}`; segments that carry
/// their own pattern (`{name:…}`) are left as they are.
pub fn ascii(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 32);
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let name = &rest[open + 1..open + close];
        out.push_str(&rest[..open]);
        if name.contains(':') {
            out.push_str(&rest[open..=open + close]);
        } else {
            out.push('{');
            out.push_str(name);
            out.push_str(":[!-.0-~]+}");
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

/// A matched route as logs and metrics name it: `/j/{token}`, whatever pattern its segments
/// carry (the access log recognises secret segments by these names).
pub fn plain(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut in_segment_pattern = false;
    let mut depth = 0_usize;
    for c in pattern.chars() {
        match c {
            '{' if !in_segment_pattern => {
                depth += 1;
                out.push(c);
            }
            ':' if depth == 1 && !in_segment_pattern => in_segment_pattern = true,
            // Braces inside a segment's own pattern (`{2,4}`) nest.
            '{' => depth += 1,
            '}' if depth > 1 => depth -= 1,
            '}' => {
                depth = 0;
                in_segment_pattern = false;
                out.push(c);
            }
            _ if in_segment_pattern => {}
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_plain_segment_becomes_ascii() {
        assert_eq!(
            ascii("/meetings/{id}/dates/{recurrence_id}"),
            "/meetings/{id:[!-.0-~]+}/dates/{recurrence_id:[!-.0-~]+}"
        );
        assert_eq!(ascii("/api/docs/{_:[!-~]*}"), "/api/docs/{_:[!-~]*}");
        assert_eq!(ascii("/healthz"), "/healthz");
    }

    #[test]
    fn logs_and_metrics_see_the_plain_names() {
        assert_eq!(plain(&ascii("/j/{token}/reply")), "/j/{token}/reply");
        assert_eq!(plain("/api/docs/{_:[!-~]*}"), "/api/docs/{_}");
        assert_eq!(plain("/x/{n:[0-9]{2,4}}/y"), "/x/{n}/y");
        assert_eq!(plain("/healthz"), "/healthz");
    }

    #[test]
    fn an_ascii_segment_matches_what_the_default_one_matches() {
        let default = actix_web::dev::ResourceDef::new("/j/{token}");
        let ascii = actix_web::dev::ResourceDef::new(ascii("/j/{token}"));
        for path in [
            "/j/abc-_DEF123",
            "/j/2027-01-05T09:00:00+01:00",
            "/j/%C3%BC",
            "/j/a/b",
            "/j/",
        ] {
            assert_eq!(ascii.is_match(path), default.is_match(path), "{path}");
        }
    }
}
