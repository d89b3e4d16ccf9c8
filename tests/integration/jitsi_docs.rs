//! `docs/jitsi.md` cannot drift: each example is parsed by the tool that will read it (Lua by
//! `luac -p`, as Prosody's Lua would; JavaScript by `node --check`; the numbers by Treffpunkt's
//! own parser; the dialplan line by line), and every Treffpunkt URL in it is asked of a running
//! server, which must know the route.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::jitsi_hooks::app_with_hooks;

const DOC: &str = include_str!("../../docs/jitsi.md");
const BASE: &str = "https://treffpunkt.example.org";

/// The fenced blocks of one language.
fn blocks(language: &str) -> Vec<String> {
    let fence = format!("```{language}\n");
    DOC.split(&fence)
        .skip(1)
        .map(|rest| rest.split("\n```").next().unwrap().to_owned())
        .collect()
}

/// Runs `program args…` with `input` on standard input; panics with its output unless it succeeds.
fn check_with(program: &str, args: &[&str], input: &str) {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{program} must be installed (.ci/run installs it): {e}"));
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{program} refuses:\n{input}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// `luac`, under whichever name Debian installed it.
fn luac() -> &'static str {
    ["luac5.4", "luac"]
        .into_iter()
        .find(|name| Command::new(name).arg("-v").output().is_ok())
        .expect("luac (Debian: lua5.4) must be installed")
}

#[test]
fn the_prosody_examples_are_lua_and_name_our_prefixes() {
    let lua = blocks("lua");
    assert_eq!(lua.len(), 3, "event_sync, reservations, token plugins");
    for block in &lua {
        // Prosody's config is Lua with two statements plain Lua lacks as calls; written as
        // calls, which is what Prosody's parser turns them into.
        let as_lua = block
            .lines()
            .map(|line| {
                let trimmed = line.trim_start();
                for word in ["Component", "VirtualHost"] {
                    if let Some(rest) = trimmed.strip_prefix(word) {
                        return format!("{word}({})", rest.trim().replace("\" \"", "\", \""));
                    }
                }
                line.to_owned()
            })
            .collect::<Vec<_>>()
            .join("\n");
        check_with(luac(), &["-p", "-"], &as_lua);
    }
    assert!(lua[0].contains(&format!("api_prefix = \"{BASE}/jitsi\"")));
    assert!(lua[0].contains("event_sync_component"));
    assert!(lua[1].contains(&format!(
        "reservations_api_prefix = \"{BASE}/jitsi/reservations\""
    )));
    assert!(lua[1].contains("\"reservations\";"));
    assert!(lua[2].contains("token_affiliation"));
}

#[test]
fn the_web_client_example_is_javascript_with_both_dial_in_keys() {
    let js = blocks("js");
    assert_eq!(js.len(), 1);
    check_with("node", &["--check", "-"], &js[0]);
    for key in [
        "dialInConfCodeUrl",
        "dialInNumbersUrl",
        "muc:",
        "enableFeaturesBasedOnToken",
    ] {
        assert!(js[0].contains(key), "{key}");
    }
}

#[test]
fn the_numbers_and_presets_examples_are_what_treffpunkt_accepts() {
    let json = blocks("json");
    assert_eq!(json.len(), 2);
    let numbers = treffpunkt::conference::parse_dial_in_numbers(&json[0]).unwrap();
    assert_eq!(numbers.len(), 2);
    let presets = treffpunkt::conference::parse_room_presets(&json[1]).unwrap();
    assert_eq!(presets[0].name, "Bürgersprechstunde");
}

#[test]
fn the_voice_menu_is_dialplan_that_asks_the_mapper_by_pin_and_sets_jigasis_header() {
    let dialplan = blocks("asterisk");
    assert_eq!(dialplan.len(), 1);
    let mut contexts = 0;
    for line in dialplan[0].lines().filter(|l| !l.trim().is_empty()) {
        let line = line.trim();
        if line.starts_with('[') {
            assert!(line.ends_with(']'), "{line}");
            contexts += 1;
            continue;
        }
        let (head, body) = line
            .split_once("=>")
            .unwrap_or_else(|| panic!("not a dialplan line: {line}"));
        assert!(matches!(head.trim(), "exten" | "same"), "{line}");
        // Every application call closes what it opens.
        let opened = body.matches('(').count();
        let closed = body.matches(')').count();
        assert_eq!(opened, closed, "{line}");
        let braces = body.matches("${").count();
        assert!(body.matches('}').count() >= braces, "{line}");
    }
    assert_eq!(contexts, 2);
    assert!(dialplan[0].contains(&format!("{BASE}/jitsi/conference-mapper?id=${{PIN}}")));
    assert!(dialplan[0].contains("PJSIP_HEADER(add,Jitsi-Conference-Room)"));
}

#[tokio::test]
async fn every_treffpunkt_url_in_the_document_is_a_route_of_ours() {
    let app = app_with_hooks("refuse-unplanned", &[]).await;
    let mut urls: Vec<String> = DOC
        .split(|c: char| c.is_whitespace() || "'\"`(),<>".contains(c))
        .filter(|word| word.starts_with(BASE))
        .map(|word| word.trim_end_matches(['.', ';']).to_owned())
        .collect();
    urls.sort();
    urls.dedup();
    assert!(urls.len() >= 4, "{urls:?}");
    for url in urls {
        let path = url.trim_start_matches(BASE).replace("${PIN}", "123456789");
        // The prefixes: what Prosody appends to them.
        let (method, path) = match path.as_str() {
            "/jitsi" => ("POST", "/jitsi/events/room/created".to_owned()),
            "/jitsi/reservations" => ("POST", "/jitsi/reservations/conference".to_owned()),
            _ => ("GET", path),
        };
        let response = app
            .client
            .request(method.parse().unwrap(), format!("{}{path}", app.address))
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        // Without a token the hooks say 401, the mapper without a question 400; the dial-in
        // ones answer anyone. A route we lack would be 404 (or 405 for the wrong method).
        assert!(
            matches!(status, 200 | 400 | 401),
            "{method} {path} (from {url}) answered {status}"
        );
    }
}
