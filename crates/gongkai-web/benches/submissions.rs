//! Concurrent submissions of requests for information against running servers, and the
//! annual report's time to compute. Not a test: `benches/requests.sh` starts the servers
//! and runs it.
//!
//!   submissions ORG COUNT STAFF_TOKEN BASE_URL [BASE_URL …]
//!
//! Sends COUNT applications to ORG all at once, spread over the servers in turn, a tenth
//! of them twice at the same instant with one idempotency key (a double click); then
//! reads the unit's requests back as staff and checks: every application stored once,
//! numbers 1…COUNT of the year without a gap, every tracking code different. Then times
//! the unit's annual report for the year (the median of 20).
//!
//!   submissions --report ORG YEAR STAFF_TOKEN BASE_URL
//!
//! Only the report's timing.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

async fn report_time(client: &reqwest::Client, base: &str, org: &str, year: &str, token: &str) -> Duration {
    let mut times = Vec::new();
    for _ in 0..20 {
        let started = Instant::now();
        let r = client
            .get(format!("{base}/api/v1/orgs/{org}/annual-reports/{year}"))
            .bearer_auth(token)
            .send()
            .await
            .expect("report");
        assert_eq!(r.status(), 200, "the report answers");
        r.bytes().await.expect("report body");
        times.push(started.elapsed());
    }
    times.sort();
    times[times.len() / 2]
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let client = reqwest::Client::builder().pool_max_idle_per_host(0).build().expect("client");
    if args.first().map(String::as_str) == Some("--report") {
        let [_, org, year, token, base] = &args[..] else { panic!("--report ORG YEAR STAFF_TOKEN BASE_URL") };
        println!(
            "annual report of {org} for {year}: median {}",
            ms(report_time(&client, base, org, year, token).await)
        );
        return;
    }
    let [org, count, token, bases @ ..] = &args[..] else { panic!("ORG COUNT STAFF_TOKEN BASE_URL…") };
    let count: usize = count.parse().expect("COUNT");
    assert!(!bases.is_empty(), "at least one BASE_URL");
    let mut tasks = Vec::new();
    let started = Instant::now();
    for i in 0..count {
        let sends = if i % 10 == 0 { 2 } else { 1 };
        let key = format!("bench-submission-{i:06}-{}", std::process::id());
        let body = json!({
            "org": org, "applicant_kind": "自然人", "name": format!("申请人{i}"), "contact": "13812345678",
            "id_number": "11010519491231002X", "description": format!("第{i}件申请所需的政府信息"),
            "delivery": "在线查看",
        });
        for copy in 0..sends {
            let base = bases[(i + copy) % bases.len()].clone();
            let (client, key, body) = (client.clone(), key.clone(), body.clone());
            tasks.push(tokio::spawn(async move {
                let sent = Instant::now();
                let r = client
                    .post(format!("{base}/api/v1/requests"))
                    .header("idempotency-key", key)
                    .json(&body)
                    .send()
                    .await;
                let elapsed = sent.elapsed();
                match r {
                    Ok(r) if r.status() == 201 => {
                        let v: Value = r.json().await.unwrap_or(Value::Null);
                        Ok((
                            elapsed,
                            v["number"].as_str().unwrap_or("").to_owned(),
                            v["tracking_code"].as_str().unwrap_or("").to_owned(),
                        ))
                    }
                    Ok(r) => Err(format!("{} {}", r.status(), r.text().await.unwrap_or_default())),
                    Err(e) => Err(e.to_string()),
                }
            }));
        }
    }
    let sent = tasks.len();
    let mut latencies = Vec::new();
    let mut errors = Vec::new();
    let mut codes = BTreeSet::new();
    for t in tasks {
        match t.await.expect("task") {
            Ok((elapsed, _, code)) => {
                latencies.push(elapsed);
                codes.insert(code);
            }
            Err(e) => errors.push(e),
        }
    }
    let wall = started.elapsed();
    latencies.sort();
    let r =
        client.get(format!("{}/api/v1/orgs/{org}/requests", bases[0])).bearer_auth(token).send().await.expect("list");
    let stored: Vec<Value> = r.json().await.expect("list body");
    let numbers: Vec<String> = stored.iter().map(|s| s["number"].as_str().unwrap_or("").to_owned()).collect();
    let distinct: BTreeSet<&String> = numbers.iter().collect();
    let serials: BTreeSet<u32> = numbers.iter().filter_map(|n| n.split('-').nth(1)?.parse().ok()).collect();
    let gapless = serials.len() == stored.len() && serials.iter().copied().eq(1..=stored.len() as u32);
    println!("servers: {}", bases.len());
    println!("submissions sent: {sent} ({count} applications, {} sent twice at once)", count.div_ceil(10));
    println!("answered 201: {}, failed: {}", latencies.len(), errors.len());
    for e in errors.iter().take(5) {
        println!("  failure: {e}");
    }
    println!(
        "stored: {}, duplicates: {}, distinct tracking codes: {}",
        stored.len(),
        stored.len() - distinct.len(),
        codes.len()
    );
    println!("numbers gapless 1..={}: {gapless}", stored.len());
    if !latencies.is_empty() {
        println!(
            "latency p50 {}, p99 {}, max {}; all answered in {}",
            ms(percentile(&latencies, 0.5)),
            ms(percentile(&latencies, 0.99)),
            ms(*latencies.last().unwrap_or(&Duration::ZERO)),
            ms(wall)
        );
    }
    assert_eq!(stored.len(), count, "every application stored once");
    assert!(gapless, "numbers without gaps");
    assert_eq!(codes.len(), count, "one tracking code per application");
}
