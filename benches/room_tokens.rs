//! Minting one room token, as `POST /j/<token>` does after its look-up.
//!
//! Run: `cargo bench --bench room_tokens`. The baseline in the same run is a bare HMAC-SHA256
//! over a message of a token's size: what any HS256 token costs at least.

use std::hint::black_box;

use chrono::{TimeDelta, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use treffpunkt::jitsi::{JitsiServer, RoomGrant, Signer, TokenMode};

const SECRET: &str = "a-shared-secret-of-more-than-thirty-two-characters";
const PRIVATE_KEY: &str = include_str!("../tests/fixtures/jitsi-test-rs256.pem");

fn server(algorithm: &str) -> JitsiServer {
    let now = Utc::now().naive_utc();
    JitsiServer {
        id: "bench".into(),
        name: "bench".into(),
        base_url: "https://meet.example.org".into(),
        token_mode: if algorithm == "RS256" {
            TokenMode::Rsa
        } else {
            TokenMode::SharedSecret
        },
        app_id: Some("treffpunkt".into()),
        secret_sealed: None,
        audience: "jitsi".into(),
        is_default: true,
        retired_at: None,
        created_at: now,
        updated_at: now,
        algorithm: algorithm.into(),
        key_id: Some("bench/key".into()),
        subject: "meet.example.org".into(),
        moderator_claim: "context".into(),
        features: "{}".into(),
        token_margin_minutes: 60,
        lobby_claims: false,
    }
}

fn minting(c: &mut Criterion) {
    let ends = Utc::now() + TimeDelta::hours(1);
    let grant = RoomGrant {
        room: "k3q9x7m2v8p4t6r1abcdefghij",
        user_id: "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
        name: "Ada Lovelace",
        email: "ada@example.org",
        moderator: true,
        open_until: ends,
        lobby: false,
        features: Default::default(),
    };
    let hs256 = Signer::new(&server("HS256"), SECRET.as_bytes()).expect("HS256 signer");
    let rs256 = Signer::new(&server("RS256"), PRIVATE_KEY.as_bytes()).expect("RS256 signer");
    let sample = hs256.mint(&grant, Utc::now()).expect("a token");
    let signed_part = sample
        .rsplit_once('.')
        .map_or(sample.as_str(), |(s, _)| s)
        .to_owned();

    let mut group = c.benchmark_group("room token");
    group.bench_function("baseline: HMAC-SHA256 of a token-sized message", |b| {
        b.iter(|| {
            let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(SECRET.as_bytes()).expect("key");
            mac.update(black_box(signed_part.as_bytes()));
            black_box(mac.finalize())
        })
    });
    group.bench_function("HS256", |b| {
        b.iter(|| black_box(hs256.mint(black_box(&grant), Utc::now())))
    });
    group.bench_function("RS256 (2048-bit key)", |b| {
        b.iter(|| black_box(rs256.mint(black_box(&grant), Utc::now())))
    });
    group.finish();
}

criterion_group!(benches, minting);
criterion_main!(benches);
