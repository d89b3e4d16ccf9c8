//! An organisation's logo, checked by what it contains (not by its name or declared type): a
//! PNG, or an SVG without anything that runs or loads (scripts, event handlers, external
//! references, embedded documents). An SVG with such content is refused, not cleaned: what we
//! would serve must be exactly what the administrator looked at.

use super::FieldError;

/// The largest logo accepted.
pub const MAX_LOGO_BYTES: usize = 512 * 1024;
/// The largest PNG side accepted, in pixels.
const MAX_PNG_SIDE: u32 = 4096;

/// A checked logo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logo {
    bytes: Vec<u8>,
    kind: LogoKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogoKind {
    Png,
    Svg,
}

impl LogoKind {
    /// The media type it is served as.
    pub fn media_type(self) -> &'static str {
        match self {
            LogoKind::Png => "image/png",
            LogoKind::Svg => "image/svg+xml",
        }
    }

    /// From a stored media type.
    pub fn from_media_type(media_type: &str) -> Option<LogoKind> {
        match media_type {
            "image/png" => Some(LogoKind::Png),
            "image/svg+xml" => Some(LogoKind::Svg),
            _ => None,
        }
    }
}

/// SVG elements that run code, load other documents or change attributes over time.
const FORBIDDEN_ELEMENTS: [&str; 11] = [
    "script",
    "foreignobject",
    "iframe",
    "embed",
    "object",
    "animate",
    "set",
    "animatemotion",
    "animatetransform",
    "handler",
    "listener",
];

impl Logo {
    /// A PNG or a safe SVG of at most 512 KiB.
    pub fn parse(bytes: Vec<u8>) -> Result<Logo, FieldError> {
        if bytes.is_empty() {
            return Err(FieldError::new("logo_missing"));
        }
        if bytes.len() > MAX_LOGO_BYTES {
            return Err(FieldError::new("logo_too_large").with("max_kib", MAX_LOGO_BYTES / 1024));
        }
        let kind = if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            check_png(&bytes)?;
            LogoKind::Png
        } else {
            check_svg(&bytes)?;
            LogoKind::Svg
        };
        Ok(Logo { bytes, kind })
    }

    /// A stored logo, trusted as checked when it was stored.
    pub fn stored(bytes: Vec<u8>, kind: LogoKind) -> Logo {
        Logo { bytes, kind }
    }

    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    pub fn kind(&self) -> LogoKind {
        self.kind
    }
}

/// The signature is followed by the IHDR chunk: width and height, each 1 to 4096.
fn check_png(bytes: &[u8]) -> Result<(), FieldError> {
    let invalid = || FieldError::new("logo_invalid");
    let header = bytes.get(8..24).ok_or_else(invalid)?;
    if &header[4..8] != b"IHDR" {
        return Err(invalid());
    }
    let side = |at: usize| {
        u32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]])
    };
    let (width, height) = (side(8), side(12));
    if !(1..=MAX_PNG_SIDE).contains(&width) || !(1..=MAX_PNG_SIDE).contains(&height) {
        return Err(invalid());
    }
    Ok(())
}

/// Well-formed XML with an `<svg>` root, no forbidden element, no `on…` attribute, and no
/// reference or style that leaves the document.
fn check_svg(bytes: &[u8]) -> Result<(), FieldError> {
    let text = std::str::from_utf8(bytes).map_err(|_| FieldError::new("logo_invalid"))?;
    let options = roxmltree::ParsingOptions {
        // A document type could declare entities that expand without bound.
        allow_dtd: false,
        ..roxmltree::ParsingOptions::default()
    };
    let document = roxmltree::Document::parse_with_options(text, options)
        .map_err(|_| FieldError::new("logo_invalid"))?;
    if !document
        .root_element()
        .tag_name()
        .name()
        .eq_ignore_ascii_case("svg")
    {
        return Err(FieldError::new("logo_invalid"));
    }
    let unsafe_content = || FieldError::new("logo_unsafe");
    for node in document.descendants() {
        if node.is_element() {
            let name = node.tag_name().name().to_ascii_lowercase();
            if FORBIDDEN_ELEMENTS.contains(&name.as_str()) {
                return Err(unsafe_content());
            }
            for attribute in node.attributes() {
                let attribute_name = attribute.name().to_ascii_lowercase();
                let value = attribute.value().trim().to_ascii_lowercase();
                if attribute_name.starts_with("on") {
                    return Err(unsafe_content());
                }
                if attribute_name == "href" && !value.starts_with('#') {
                    return Err(unsafe_content());
                }
                if leaves_document(&value) {
                    return Err(unsafe_content());
                }
            }
            if name == "style"
                && node
                    .text()
                    .is_some_and(|css| leaves_document(&css.to_ascii_lowercase()))
            {
                return Err(unsafe_content());
            }
        }
    }
    Ok(())
}

/// CSS or attribute text that loads something from elsewhere, or runs.
fn leaves_document(value: &str) -> bool {
    value.contains("javascript:")
        || value.contains("@import")
        || value.match_indices("url(").any(|(at, _)| {
            !value[at + 4..]
                .trim_start_matches(['\'', '"', ' '])
                .starts_with('#')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><defs><linearGradient id="g"/></defs><rect width="10" height="10" fill="url(#g)"/><use href="#g"/></svg>"##;

    #[test]
    fn a_plain_svg_and_a_png_pass() {
        assert_eq!(
            Logo::parse(SVG.as_bytes().to_vec()).unwrap().kind(),
            LogoKind::Svg
        );
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\0\x20\0\0\0\x10".to_vec();
        png.extend_from_slice(&[8, 6, 0, 0, 0]);
        assert_eq!(Logo::parse(png).unwrap().kind(), LogoKind::Png);
    }

    #[test]
    fn anything_that_runs_or_loads_is_refused() {
        for bad in [
            r#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"><rect/></a></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink"><image x:href="https://evil.example/t.png"/></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://evil.example/a.css);</style></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(https://evil.example/#x)"/></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><set attributeName="href" to="javascript:alert(1)"/></svg>"#,
        ] {
            assert_eq!(
                Logo::parse(bad.as_bytes().to_vec()).unwrap_err().code,
                "logo_unsafe",
                "{bad}"
            );
        }
    }

    #[test]
    fn what_is_no_image_is_refused() {
        let entity = r#"<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg>&a;</svg>"#;
        for bad in [entity, "<html></html>", "not xml", "\u{89}PNG"] {
            assert_eq!(
                Logo::parse(bad.as_bytes().to_vec()).unwrap_err().code,
                "logo_invalid",
                "{bad}"
            );
        }
        assert_eq!(
            Logo::parse(vec![b' '; MAX_LOGO_BYTES + 1])
                .unwrap_err()
                .code,
            "logo_too_large"
        );
    }
}
