//! The whole system under load at once: meetings planned at a fixed rate (each with 20
//! invitees, so the mail worker gets 21 messages per meeting), joins at a fixed rate, and the
//! worker draining what planning produced into an SMTP sink. Samples every second: latency
//! p50/p99 of both request kinds (counted from each request's due time, so a stalled server
//! cannot hide its queue), errors, the outbox backlog (from /metrics) and the server's resident
//! memory. After the load it waits for the backlog to drain (bounded). Writes
//! `<out>/samples.csv` and `<out>/system-load.svg`, prints a summary.
//!
//!   system_load <meetings per second> <joins per second> <seconds> <out dir>
//!
//! Run through bench/system.sh, which starts everything and supplies TREFFPUNKT_BENCH_URL,
//! TREFFPUNKT_BENCH_TOKEN, TREFFPUNKT_BENCH_JOIN_URL, TREFFPUNKT_BENCH_METRICS_TOKEN and
//! TREFFPUNKT_BENCH_PID. Talks only to that URL (loopback in the script).

use std::fmt::Write as _;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[path = "support/meeting_body.rs"]
mod meeting_body;
use meeting_body::meeting_body;

/// How long the drain may take after the load before the run counts as failed.
const DRAIN_LIMIT: Duration = Duration::from_secs(120);

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Create,
    Join,
}

struct Done {
    kind: Kind,
    second: usize,
    latency: Duration,
    ok: bool,
}

#[derive(Default, Clone)]
struct Sample {
    second: usize,
    create_p50: f64,
    create_p99: f64,
    join_p50: f64,
    join_p99: f64,
    creates: usize,
    joins: usize,
    errors: usize,
    backlog: i64,
    rss_mib: f64,
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let [create_rate, join_rate, seconds, out] = args.as_slice() else {
        eprintln!("usage: system_load <meetings/s> <joins/s> <seconds> <out dir>");
        std::process::exit(2);
    };
    let create_rate: u32 = create_rate.parse().expect("meetings per second");
    let join_rate: u32 = join_rate.parse().expect("joins per second");
    let seconds: u64 = seconds.parse().expect("seconds");
    let env = |name: &str| std::env::var(name).unwrap_or_else(|_| panic!("{name} is needed"));
    let base = env("TREFFPUNKT_BENCH_URL");
    let token = env("TREFFPUNKT_BENCH_TOKEN");
    let join_url = env("TREFFPUNKT_BENCH_JOIN_URL");
    let metrics_token = env("TREFFPUNKT_BENCH_METRICS_TOKEN");
    let pid = env("TREFFPUNKT_BENCH_PID");

    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(1024)
        .timeout(Duration::from_secs(10))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    // One invitee's browser: its session cookie and the page's CSRF token, like a person who
    // opened the link and presses "join" again and again.
    let browser = reqwest::Client::builder()
        .cookie_store(true)
        .pool_max_idle_per_host(1024)
        .timeout(Duration::from_secs(10))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = browser
        .get(&join_url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = page
        .split("name=\"csrf_token\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the join page has a CSRF token")
        .to_owned();
    let join_body = format!("csrf_token={csrf}&name=Last");

    let idle_rss = rss_mib(&pid, "VmRSS");
    let done: Arc<Mutex<Vec<Done>>> = Arc::new(Mutex::new(Vec::new()));
    let first_error: Arc<Mutex<Option<String>>> = Arc::new(Mutex::new(None));
    let started = Instant::now();
    let duration = Duration::from_secs(seconds);
    let body = Arc::new(meeting_body());

    let creates = {
        let (client, done, first_error, body) = (
            client.clone(),
            done.clone(),
            first_error.clone(),
            body.clone(),
        );
        let url = format!("{base}/api/v1/meetings");
        let token = token.clone();
        tokio::spawn(at_rate(create_rate, duration, started, move |due| {
            let (client, url, token, body, done, first_error) = (
                client.clone(),
                url.clone(),
                token.clone(),
                body.clone(),
                done.clone(),
                first_error.clone(),
            );
            async move {
                let result = async {
                    let response = client
                        .post(&url)
                        .bearer_auth(&token)
                        .header("Content-Type", "application/json")
                        .body(body.to_string())
                        .send()
                        .await
                        .map_err(|e| e.to_string())?;
                    let status = response.status().as_u16();
                    let text = response.text().await.map_err(|e| e.to_string())?;
                    if status == 201 {
                        Ok(())
                    } else {
                        Err(format!("create {status}: {text}"))
                    }
                }
                .await;
                finish(&done, &first_error, Kind::Create, started, due, result);
            }
        }))
    };
    let joins = {
        let (done, first_error) = (done.clone(), first_error.clone());
        tokio::spawn(at_rate(join_rate, duration, started, move |due| {
            let (browser, url, body, done, first_error) = (
                browser.clone(),
                join_url.clone(),
                join_body.clone(),
                done.clone(),
                first_error.clone(),
            );
            async move {
                let result = async {
                    let response = browser
                        .post(&url)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .body(body)
                        .send()
                        .await
                        .map_err(|e| e.to_string())?;
                    let status = response.status().as_u16();
                    let _ = response.bytes().await;
                    if status == 303 {
                        Ok(())
                    } else {
                        Err(format!("join {status}"))
                    }
                }
                .await;
                finish(&done, &first_error, Kind::Join, started, due, result);
            }
        }))
    };

    // Once a second: backlog and memory, until the load is over and the backlog drained.
    let mut gauges: Vec<(usize, i64, f64)> = Vec::new();
    let mut drained_at = None;
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    loop {
        tick.tick().await;
        let second = started.elapsed().as_secs() as usize;
        let backlog = backlog(&client, &base, &metrics_token).await;
        gauges.push((second, backlog, rss_mib(&pid, "VmRSS")));
        if started.elapsed() >= duration && backlog == 0 {
            drained_at = Some(started.elapsed());
            break;
        }
        if started.elapsed() >= duration + DRAIN_LIMIT {
            break;
        }
    }
    creates.await.unwrap();
    joins.await.unwrap();
    let peak_rss = rss_mib(&pid, "VmHWM");

    let done = done.lock().unwrap();
    let samples = per_second(&done, &gauges);
    std::fs::create_dir_all(out).unwrap();
    std::fs::write(format!("{out}/samples.csv"), csv(&samples)).unwrap();
    std::fs::write(
        format!("{out}/system-load.svg"),
        svg(&samples, seconds as usize),
    )
    .unwrap();

    for kind in [Kind::Create, Kind::Join] {
        let mut latencies: Vec<Duration> = done
            .iter()
            .filter(|d| d.kind == kind)
            .map(|d| d.latency)
            .collect();
        let errors = done.iter().filter(|d| d.kind == kind && !d.ok).count();
        latencies.sort();
        let name = if kind == Kind::Create {
            "meetings"
        } else {
            "joins"
        };
        println!(
            "{name}: {} requests, {errors} errors, {:.0}/s, p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
            latencies.len(),
            (latencies.len() - errors) as f64 / seconds as f64,
            percentile(&latencies, 0.50),
            percentile(&latencies, 0.99),
            percentile(&latencies, 1.0),
        );
    }
    let peak_backlog = gauges.iter().map(|g| g.1).max().unwrap_or(0);
    match drained_at {
        Some(at) => println!(
            "mail backlog: peak {peak_backlog}, drained {:.1} s after the start ({:.1} s after the load ended)",
            at.as_secs_f64(),
            at.as_secs_f64() - seconds as f64
        ),
        None => println!("mail backlog: peak {peak_backlog}, NOT drained within {DRAIN_LIMIT:?}"),
    }
    println!("server memory: {idle_rss:.1} MiB resident idle, {peak_rss:.1} MiB peak");
    if let Some(error) = first_error.lock().unwrap().as_ref() {
        println!("first error: {error}");
    }
    println!("wrote {out}/samples.csv and {out}/system-load.svg");
}

/// Calls `request(due)` `rate` times a second for `duration`, each at its due time.
async fn at_rate<F, Fut>(rate: u32, duration: Duration, started: Instant, request: F)
where
    F: Fn(Instant) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    if rate == 0 {
        return;
    }
    let interval = Duration::from_secs_f64(1.0 / f64::from(rate));
    let total = (duration.as_secs_f64() * f64::from(rate)) as u32;
    let mut tasks = Vec::with_capacity(total as usize);
    for n in 0..total {
        let due = started + interval * n;
        tokio::time::sleep_until(due.into()).await;
        tasks.push(tokio::spawn(request(due)));
    }
    for task in tasks {
        let _ = task.await;
    }
}

fn finish(
    done: &Mutex<Vec<Done>>,
    first_error: &Mutex<Option<String>>,
    kind: Kind,
    started: Instant,
    due: Instant,
    result: Result<(), String>,
) {
    let ok = result.is_ok();
    if let Err(error) = result {
        first_error.lock().unwrap().get_or_insert(error);
    }
    done.lock().unwrap().push(Done {
        kind,
        second: (due - started).as_secs() as usize,
        latency: due.elapsed(),
        ok,
    });
}

/// Pending outbox jobs, as /metrics reports them.
async fn backlog(client: &reqwest::Client, base: &str, token: &str) -> i64 {
    let Ok(response) = client
        .get(format!("{base}/metrics"))
        .bearer_auth(token)
        .send()
        .await
    else {
        return -1;
    };
    let text = response.text().await.unwrap_or_default();
    text.lines()
        .find_map(|line| line.strip_prefix("treffpunkt_outbox_jobs{state=\"pending\"} "))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(-1)
}

/// A memory figure of the server process in MiB (`VmRSS` now, `VmHWM` the peak).
fn rss_mib(pid: &str, field: &str) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status.lines().find_map(|line| {
                line.strip_prefix(field)
                    .and_then(|rest| rest.trim_start_matches(':').trim().strip_suffix("kB"))
                    .and_then(|kb| kb.trim().parse::<f64>().ok())
            })
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let index = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[index].as_secs_f64() * 1000.0
}

fn per_second(done: &[Done], gauges: &[(usize, i64, f64)]) -> Vec<Sample> {
    gauges
        .iter()
        .map(|&(second, backlog, rss)| {
            let of = |kind: Kind| {
                let mut latencies: Vec<Duration> = done
                    .iter()
                    .filter(|d| d.kind == kind && d.second + 1 == second)
                    .map(|d| d.latency)
                    .collect();
                latencies.sort();
                latencies
            };
            let (creates, joins) = (of(Kind::Create), of(Kind::Join));
            Sample {
                second,
                create_p50: percentile(&creates, 0.5),
                create_p99: percentile(&creates, 0.99),
                join_p50: percentile(&joins, 0.5),
                join_p99: percentile(&joins, 0.99),
                creates: creates.len(),
                joins: joins.len(),
                errors: done
                    .iter()
                    .filter(|d| !d.ok && d.second + 1 == second)
                    .count(),
                backlog,
                rss_mib: rss,
            }
        })
        .collect()
}

fn csv(samples: &[Sample]) -> String {
    let mut out = String::from(
        "second,meetings,meetings_p50_ms,meetings_p99_ms,joins,joins_p50_ms,joins_p99_ms,errors,mail_backlog,rss_mib\n",
    );
    for s in samples {
        let _ = writeln!(
            out,
            "{},{},{:.2},{:.2},{},{:.2},{:.2},{},{},{:.1}",
            s.second,
            s.creates,
            s.create_p50,
            s.create_p99,
            s.joins,
            s.join_p50,
            s.join_p99,
            s.errors,
            s.backlog,
            s.rss_mib
        );
    }
    out
}

/// A panel's title and its series: name, colour, one value per sample.
type Panel<'a> = (&'a str, Vec<(&'a str, &'a str, Vec<f64>)>);

/// Three stacked panels over the same time axis: latency (p50 and p99 of both kinds), mail
/// backlog, resident memory. Plain SVG, no plotting library.
fn svg(samples: &[Sample], load_seconds: usize) -> String {
    const WIDTH: f64 = 900.0;
    const PANEL: f64 = 190.0;
    const LEFT: f64 = 70.0;
    const TOP: f64 = 30.0;
    let last = samples.last().map_or(1, |s| s.second.max(1)) as f64;
    let x = |second: usize| LEFT + (WIDTH - LEFT - 20.0) * second as f64 / last;
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{}\" font-family=\"sans-serif\" font-size=\"12\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n",
        TOP + 3.0 * (PANEL + 40.0)
    );
    let panels: [Panel<'_>; 3] = [
        (
            "latency (ms)",
            vec![
                (
                    "meetings p99",
                    "#b3261e",
                    samples.iter().map(|s| s.create_p99).collect(),
                ),
                (
                    "meetings p50",
                    "#e8a09a",
                    samples.iter().map(|s| s.create_p50).collect(),
                ),
                (
                    "joins p99",
                    "#0b5cad",
                    samples.iter().map(|s| s.join_p99).collect(),
                ),
                (
                    "joins p50",
                    "#8fb8e3",
                    samples.iter().map(|s| s.join_p50).collect(),
                ),
            ],
        ),
        (
            "mail backlog (pending jobs)",
            vec![(
                "backlog",
                "#2e7d32",
                samples.iter().map(|s| s.backlog.max(0) as f64).collect(),
            )],
        ),
        (
            "server resident memory (MiB)",
            vec![(
                "RSS",
                "#6a1b9a",
                samples.iter().map(|s| s.rss_mib).collect(),
            )],
        ),
    ];
    for (index, (title, series)) in panels.iter().enumerate() {
        let top = TOP + index as f64 * (PANEL + 40.0);
        let max = series
            .iter()
            .flat_map(|(_, _, values)| values.iter().copied())
            .fold(1.0_f64, f64::max)
            * 1.1;
        let y = |value: f64| top + PANEL - PANEL * value / max;
        let _ = writeln!(
            out,
            "<text x=\"{LEFT}\" y=\"{}\" font-weight=\"bold\">{title}</text>",
            top - 8.0
        );
        let _ = writeln!(
            out,
            "<rect x=\"{LEFT}\" y=\"{top}\" width=\"{}\" height=\"{PANEL}\" fill=\"none\" stroke=\"#999\"/>",
            WIDTH - LEFT - 20.0
        );
        let _ = writeln!(
            out,
            "<line x1=\"{0}\" x2=\"{0}\" y1=\"{top}\" y2=\"{1}\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>",
            x(load_seconds),
            top + PANEL
        );
        for fraction in [0.0, 0.5, 1.0] {
            let value = max / 1.1 * fraction;
            let _ = writeln!(
                out,
                "<text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{value:.0}</text>",
                LEFT - 6.0,
                y(value) + 4.0
            );
        }
        for (n, (name, colour, values)) in series.iter().enumerate() {
            let points: Vec<String> = samples
                .iter()
                .zip(values)
                .map(|(s, v)| format!("{:.1},{:.1}", x(s.second), y(*v)))
                .collect();
            let _ = writeln!(
                out,
                "<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.5\" points=\"{}\"/>",
                points.join(" ")
            );
            let _ = writeln!(
                out,
                "<text x=\"{}\" y=\"{:.1}\" fill=\"{colour}\">{name}</text>",
                WIDTH - 150.0,
                top + 16.0 + 15.0 * n as f64
            );
        }
    }
    // Seconds under the last panel, every 10 s.
    let axis = TOP + 2.0 * (PANEL + 40.0) + PANEL + 14.0;
    for second in (0..=last as usize).step_by(10) {
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{axis}\" text-anchor=\"middle\">{second}</text>",
            x(second)
        );
    }
    let _ = writeln!(
        out,
        "<text x=\"{LEFT}\" y=\"{}\">seconds since the start (dashed: end of the load)</text>\n</svg>",
        TOP + 3.0 * (PANEL + 40.0) - 4.0
    );
    out
}
