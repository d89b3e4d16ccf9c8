//! Room tokens as Prosody and `jsonwebtoken` read them.
use super::*;

fn server(algorithm: &str, claim: &str) -> JitsiServer {
    let now = Utc::now().naive_utc();
    JitsiServer {
        id: "s".into(),
        name: "s".into(),
        base_url: "https://meet.example.org".into(),
        token_mode: TokenMode::SharedSecret,
        app_id: Some("app".into()),
        secret_sealed: None,
        audience: "jitsi".into(),
        is_default: true,
        retired_at: None,
        created_at: now,
        updated_at: now,
        algorithm: algorithm.into(),
        key_id: None,
        subject: "meet.example.org".into(),
        moderator_claim: claim.into(),
        features: "{}".into(),
        token_margin_minutes: 60,
        lobby_claims: false,
    }
}

fn grant(moderator: bool) -> RoomGrant<'static> {
    RoomGrant {
        room: "abcdefghijklmnopqrstuvwxyz",
        user_id: "p1",
        name: "Ada",
        email: "ada@example.org",
        moderator,
        open_until: Utc::now() + Duration::hours(1),
        lobby: false,
        features: BTreeMap::new(),
    }
}

/// Decoded by `jsonwebtoken`, an implementation other than our assembly of the parts.
fn decode(token: &str, algorithm: jsonwebtoken::Algorithm, secret: &[u8]) -> serde_json::Value {
    let mut validation = jsonwebtoken::Validation::new(algorithm);
    validation.leeway = 0;
    validation.set_audience(&["jitsi"]);
    validation.set_issuer(&["app"]);
    jsonwebtoken::decode::<serde_json::Value>(
        token,
        &jsonwebtoken::DecodingKey::from_secret(secret),
        &validation,
    )
    .expect("a valid token")
    .claims
}

#[test]
fn every_hmac_algorithm_makes_a_token_others_can_verify() {
    let secret = b"0123456789abcdef0123456789abcdef";
    for (name, algorithm) in [
        ("HS256", jsonwebtoken::Algorithm::HS256),
        ("HS384", jsonwebtoken::Algorithm::HS384),
        ("HS512", jsonwebtoken::Algorithm::HS512),
    ] {
        let signer = Signer::new(&server(name, "context"), secret).unwrap();
        let token = signer.mint(&grant(false), Utc::now()).unwrap();
        let header = jsonwebtoken::decode_header(&token).unwrap();
        assert_eq!(header.typ.as_deref(), Some("JWT"));
        assert_eq!(header.alg, algorithm);
        let claims = decode(&token, algorithm, secret);
        assert_eq!(claims["room"], "abcdefghijklmnopqrstuvwxyz");
        // The same signer keeps signing correctly (the keyed state is cloned, not used up).
        let again = signer.mint(&grant(false), Utc::now()).unwrap();
        decode(&again, algorithm, secret);
    }
}

#[test]
fn the_moderator_claim_goes_where_the_server_reads_it() {
    let secret = b"0123456789abcdef0123456789abcdef";
    let mint = |claim: &str, moderator: bool| {
        let signer = Signer::new(&server("HS256", claim), secret).unwrap();
        let token = signer.mint(&grant(moderator), Utc::now()).unwrap();
        decode(&token, jsonwebtoken::Algorithm::HS256, secret)
    };
    let top = mint("top_level", true);
    assert_eq!(top["moderator"], true);
    assert!(top["context"]["user"].get("moderator").is_none());
    assert_eq!(top["context"]["user"]["affiliation"], "owner");
    let both = mint("both", true);
    assert_eq!(both["moderator"], true);
    assert_eq!(both["context"]["user"]["moderator"], true);
    let participant = mint("both", false);
    assert!(participant.get("moderator").is_none());
    let user = &participant["context"]["user"];
    for claim in ["moderator", "affiliation", "lobby_bypass"] {
        assert!(user.get(claim).is_none(), "{claim} for a participant");
    }
    assert!(
        participant["context"].get("room").is_none(),
        "no lobby claims by default"
    );
}

#[test]
fn lobby_claims_say_whether_the_room_starts_a_lobby_and_let_token_holders_pass() {
    let secret = b"0123456789abcdef0123456789abcdef";
    let mut with_claims = server("HS256", "context");
    with_claims.lobby_claims = true;
    with_claims.features = r#"{"recording":true}"#.into();
    let signer = Signer::new(&with_claims, secret).unwrap();
    let mint = |lobby: bool| {
        let grant = RoomGrant {
            lobby,
            ..grant(false)
        };
        decode(
            &signer.mint(&grant, Utc::now()).unwrap(),
            jsonwebtoken::Algorithm::HS256,
            secret,
        )
    };
    let open = mint(false);
    assert_eq!(open["context"]["room"]["lobby_autostart"], false);
    let guarded = mint(true);
    assert_eq!(guarded["context"]["room"]["lobby_autostart"], true);
    // Let in by Treffpunkt's waiting room already: Jitsi's lobby lets them pass, whichever
    // place the plugin version reads.
    assert_eq!(guarded["context"]["user"]["lobby_bypass"], true);
    assert_eq!(guarded["context"]["features"]["lobby_bypass"], true);
    assert_eq!(
        guarded["context"]["features"]["recording"], true,
        "features kept"
    );
}

#[test]
fn a_meetings_settings_win_over_the_servers_features_for_each_role() {
    let secret = b"0123456789abcdef0123456789abcdef";
    let mut with_features = server("HS256", "context");
    with_features.features = r#"{"recording":true,"screen-sharing":true}"#.into();
    let signer = Signer::new(&with_features, secret).unwrap();
    let settings = crate::jitsi::RoomSettings::parse("moderators", "nobody", "", false).unwrap();
    let mint = |moderator: bool| {
        let grant = RoomGrant {
            features: settings.features_for(moderator),
            ..grant(moderator)
        };
        decode(
            &signer.mint(&grant, Utc::now()).unwrap(),
            jsonwebtoken::Algorithm::HS256,
            secret,
        )
    };
    let moderator = mint(true);
    assert_eq!(moderator["context"]["features"]["screen-sharing"], true);
    assert_eq!(moderator["context"]["features"]["recording"], false);
    let participant = mint(false);
    assert_eq!(participant["context"]["features"]["screen-sharing"], false);
    assert_eq!(participant["context"]["features"]["livestreaming"], false);
}
