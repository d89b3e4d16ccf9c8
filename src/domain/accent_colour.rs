//! An organisation's accent colour: buttons and links carry white text on it, so it is
//! accepted only with at least 4.5:1 contrast against white (WCAG 2 AA for normal text).

use super::FieldError;

/// The contrast white text needs on the colour.
pub const MIN_CONTRAST: f64 = 4.5;

/// A `#rrggbb` colour dark enough for white text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AccentColour([u8; 3]);

impl AccentColour {
    /// `#0b5cad`, `0B5CAD` or `#06c`; refused when white text on it falls below 4.5:1.
    pub fn parse(raw: &str) -> Result<AccentColour, FieldError> {
        let hex = raw.trim().trim_start_matches('#');
        let hex: String = match hex.len() {
            3 => hex.chars().flat_map(|c| [c, c]).collect(),
            _ => hex.to_owned(),
        };
        let channel = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
        let rgb = match (hex.len(), channel(0), channel(2), channel(4)) {
            (6, Some(r), Some(g), Some(b)) => [r, g, b],
            _ => return Err(FieldError::new("colour_invalid")),
        };
        let colour = AccentColour(rgb);
        let contrast = colour.contrast_with_white();
        if contrast < MIN_CONTRAST {
            // Two decimals: 4.48 must not read as the 4.5 it falls short of.
            return Err(FieldError::new("colour_contrast").with("ratio", format!("{contrast:.2}")));
        }
        Ok(colour)
    }

    /// The WCAG contrast ratio of white text on this colour (1 to 21).
    pub fn contrast_with_white(self) -> f64 {
        1.05 / (relative_luminance(self.0) + 0.05)
    }

    /// `#rrggbb`.
    pub fn hex(self) -> String {
        let [r, g, b] = self.0;
        format!("#{r:02x}{g:02x}{b:02x}")
    }

    /// A darker shade for hover and pressed states (each channel at 78 %).
    pub fn darker_hex(self) -> String {
        let [r, g, b] = self.0.map(|c| ((u16::from(c) * 78) / 100) as u8);
        format!("#{r:02x}{g:02x}{b:02x}")
    }
}

/// WCAG 2 relative luminance of an sRGB colour.
fn relative_luminance(rgb: [u8; 3]) -> f64 {
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.040_45 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(rgb[0]) + 0.7152 * linear(rgb[1]) + 0.0722 * linear(rgb[2])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_colours_white_text_reads_on_are_accepted() {
        let blue = AccentColour::parse("#0B5CAD").unwrap();
        assert_eq!(blue.hex(), "#0b5cad");
        assert!(blue.contrast_with_white() > 6.0);
        assert_eq!(AccentColour::parse("06c").unwrap().hex(), "#0066cc");
        // #777777 on white is 4.48:1: just too light.
        let grey = AccentColour::parse("#777777").unwrap_err();
        assert_eq!(grey.code, "colour_contrast");
        assert!(AccentColour::parse("#767676").is_ok(), "4.54:1 passes");
        assert_eq!(
            AccentColour::parse("#ffd700").unwrap_err().code,
            "colour_contrast"
        );
        for bad in ["", "blue", "#12345", "#gggggg", "rgb(0,0,0)"] {
            assert_eq!(
                AccentColour::parse(bad).unwrap_err().code,
                "colour_invalid",
                "{bad}"
            );
        }
        assert_eq!(
            AccentColour::parse("#0b5cad").unwrap().darker_hex(),
            "#084786"
        );
    }
}
