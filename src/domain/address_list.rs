//! A list of invitees pasted by a person, as mail programs and spreadsheets produce it.

use super::{DisplayName, Email};

/// One address from the list, with the name it came with (`Ada Lovelace <ada@example.org>`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedAddress {
    /// The address.
    pub email: Email,
    /// The name before it, if there was one.
    pub name: Option<DisplayName>,
}

/// The usable addresses (each once, first spelling wins) and the entries that are not addresses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AddressList {
    /// Valid, distinct addresses in the order given.
    pub valid: Vec<ListedAddress>,
    /// Entries that are not addresses, exactly as typed (trimmed), for the person to correct.
    pub invalid: Vec<String>,
}

/// Splits `text` at commas, semicolons and line breaks (outside double quotes, so
/// `"Doe, John" <john@example.org>` stays one entry) and parses every entry.
pub fn parse_address_list(text: &str) -> AddressList {
    let mut list = AddressList::default();
    for entry in split_entries(text) {
        match parse_entry(&entry) {
            Some(address) => {
                if !list.valid.iter().any(|known| known.email == address.email) {
                    list.valid.push(address);
                }
            }
            None => list.invalid.push(entry),
        }
    }
    list
}

fn split_entries(text: &str) -> Vec<String> {
    let mut entries = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                current.push(c);
            }
            ',' | ';' | '\n' | '\r' if !quoted => entries.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    entries.push(current);
    entries
        .into_iter()
        .map(|entry| entry.trim().to_owned())
        .filter(|entry| !entry.is_empty())
        .collect()
}

fn parse_entry(entry: &str) -> Option<ListedAddress> {
    if let Some((name, rest)) = entry.rsplit_once('<') {
        let address = rest.strip_suffix('>')?;
        let name = name.trim().trim_matches('"').trim();
        return Some(ListedAddress {
            email: Email::parse(address).ok()?,
            name: (!name.is_empty())
                .then(|| DisplayName::parse(name).ok())
                .flatten(),
        });
    }
    Some(ListedAddress {
        email: Email::parse(entry).ok()?,
        name: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn emails(list: &AddressList) -> Vec<&str> {
        list.valid.iter().map(|a| a.email.as_str()).collect()
    }

    #[test]
    fn commas_semicolons_and_lines_all_separate() {
        let list =
            parse_address_list("a@example.org, b@example.org;c@example.org\r\nd@example.org\n\n");
        assert_eq!(
            emails(&list),
            [
                "a@example.org",
                "b@example.org",
                "c@example.org",
                "d@example.org"
            ]
        );
        assert!(list.invalid.is_empty());
    }

    #[test]
    fn invalid_entries_are_listed_back_and_valid_ones_kept() {
        let list = parse_address_list("a@example.org, not an address; b@example");
        assert_eq!(emails(&list), ["a@example.org"]);
        assert_eq!(list.invalid, ["not an address", "b@example"]);
    }

    #[test]
    fn duplicates_merge_regardless_of_case() {
        let list = parse_address_list("Ada@Example.org\nada@example.org; ADA@EXAMPLE.ORG");
        assert_eq!(emails(&list), ["ada@example.org"]);
    }

    #[test]
    fn names_from_mail_programs_are_kept() {
        let list = parse_address_list(
            "\"Doe, John\" <john@example.org>; Ada Lovelace <ada@example.org>, <bob@example.org>",
        );
        assert_eq!(
            emails(&list),
            ["john@example.org", "ada@example.org", "bob@example.org"]
        );
        let names: Vec<_> = list
            .valid
            .iter()
            .map(|a| a.name.as_ref().map(|n| n.as_str().to_owned()))
            .collect();
        assert_eq!(
            names,
            [
                Some("Doe, John".to_owned()),
                Some("Ada Lovelace".to_owned()),
                None
            ]
        );
    }
}
