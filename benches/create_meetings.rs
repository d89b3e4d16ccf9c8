//! Load for `POST /api/v1/meetings` with 20 participants, against a running Treffpunkt.
//!
//! Two modes, both bounded in time and talking only to the URL given (loopback in our script):
//!   closed  <connections> <seconds>  as many meetings as N connections can create
//!   rate    <per second>  <seconds>  a fixed arrival rate; latency counts from the moment a
//!                                    request was due, so a stalled server cannot hide its queue
//!
//! Run through bench/meetings.sh, which starts the server and supplies
//! TREFFPUNKT_BENCH_URL and TREFFPUNKT_BENCH_TOKEN.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::Mutex;

#[path = "support/meeting_body.rs"]
mod meeting_body;
use meeting_body::meeting_body;

struct Outcome {
    latencies: Vec<Duration>,
    errors: usize,
    first_error: Option<String>,
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let (mode, amount, seconds) = match args.as_slice() {
        [mode, amount, seconds] => (
            mode.clone(),
            amount.parse::<u64>().expect("a number"),
            seconds.parse::<u64>().expect("seconds"),
        ),
        _ => {
            eprintln!(
                "usage: create_meetings closed <connections> <seconds> | rate <per-second> <seconds>"
            );
            std::process::exit(2);
        }
    };
    let url = format!(
        "{}/api/v1/meetings",
        std::env::var("TREFFPUNKT_BENCH_URL").expect("TREFFPUNKT_BENCH_URL")
    );
    let token = std::env::var("TREFFPUNKT_BENCH_TOKEN").expect("TREFFPUNKT_BENCH_TOKEN");
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(512)
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let body = Arc::new(meeting_body());
    let outcome = Arc::new(Mutex::new(Outcome {
        latencies: Vec::new(),
        errors: 0,
        first_error: None,
    }));
    let duration = Duration::from_secs(seconds);
    let started = Instant::now();
    match mode.as_str() {
        "closed" => {
            let workers: Vec<_> = (0..amount)
                .map(|_| {
                    let (client, url, token, body, outcome) = (
                        client.clone(),
                        url.clone(),
                        token.clone(),
                        body.clone(),
                        outcome.clone(),
                    );
                    tokio::spawn(async move {
                        while started.elapsed() < duration {
                            let due = Instant::now();
                            let result = create(&client, &url, &token, &body).await;
                            record(&outcome, due, result).await;
                        }
                    })
                })
                .collect();
            for worker in workers {
                worker.await.unwrap();
            }
        }
        "rate" => {
            let interval = Duration::from_secs_f64(1.0 / amount as f64);
            let total = amount * seconds;
            let mut tasks = Vec::with_capacity(total as usize);
            for n in 0..total {
                let due = started + interval * n as u32;
                tokio::time::sleep_until(due.into()).await;
                let (client, url, token, body, outcome) = (
                    client.clone(),
                    url.clone(),
                    token.clone(),
                    body.clone(),
                    outcome.clone(),
                );
                tasks.push(tokio::spawn(async move {
                    let result = create(&client, &url, &token, &body).await;
                    record(&outcome, due, result).await;
                }));
            }
            for task in tasks {
                task.await.unwrap();
            }
        }
        other => panic!("unknown mode {other}"),
    }
    let elapsed = started.elapsed();
    let mut outcome = outcome.lock().await;
    outcome.latencies.sort();
    let count = outcome.latencies.len();
    let percentile = |p: f64| {
        outcome.latencies[((count as f64 * p).ceil() as usize).clamp(1, count) - 1].as_secs_f64()
            * 1000.0
    };
    println!(
        "mode={mode} amount={amount} seconds={seconds} requests={count} errors={} throughput={:.0}/s p50={:.1}ms p90={:.1}ms p99={:.1}ms max={:.1}ms",
        outcome.errors,
        (count - outcome.errors) as f64 / elapsed.as_secs_f64(),
        percentile(0.50),
        percentile(0.90),
        percentile(0.99),
        percentile(1.0),
    );
    if let Some(error) = &outcome.first_error {
        println!("first error: {error}");
    }
}

async fn create(
    client: &reqwest::Client,
    url: &str,
    token: &str,
    body: &str,
) -> Result<(), String> {
    let response = client
        .post(url)
        .bearer_auth(token)
        .header("Content-Type", "application/json")
        .body(body.to_owned())
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let status = response.status();
    // Read the whole answer: a client is not done before it has the meeting.
    let text = response.text().await.map_err(|e| e.to_string())?;
    if status.as_u16() == 201 {
        Ok(())
    } else {
        Err(format!("{status}: {text}"))
    }
}

async fn record(outcome: &Mutex<Outcome>, due: Instant, result: Result<(), String>) {
    let latency = due.elapsed();
    let mut outcome = outcome.lock().await;
    outcome.latencies.push(latency);
    if let Err(error) = result {
        outcome.errors += 1;
        outcome.first_error.get_or_insert(error);
    }
}
