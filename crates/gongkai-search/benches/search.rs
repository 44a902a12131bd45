//! Search on the demo corpus, against the two peers a county could reach for instead:
//! SQLite FTS5 with the trigram tokenizer and PostgreSQL with pg_trgm. Prints Markdown
//! for BENCHMARKS.md. Driven by `benches/search.sh`, which loads the corpus first.
//!
//!   cargo bench -p gongkai-search --bench search -- <data dir> [postgres url] [portal url]
//!
//! In one run, on the same records and the same queries: the full rebuild time and index
//! size against the raw text; query latency p50/p99 with 8 concurrent clients over a mixed
//! set (one- and two-character queries, words, phrases, filters, deep pages) for gongkai,
//! FTS5 and pg_trgm; the recall of each on one- and two-character queries; and the
//! incremental indexing rate while a portal is being read.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use gongkai_search::{Cursor, Filters, SearchIndex, SearchRequest};
use gongkai_store::Store;

/// Clients querying at once.
const CLIENTS: usize = 8;
/// How long each engine is queried.
const RUN: Duration = Duration::from_secs(20);

/// The mixed set: what it is, the text, and a filter.
const QUERIES: &[(&str, &str)] = &[
    ("1 字", "公"),
    ("1 字", "镇"),
    ("1 字", "补"),
    ("2 字", "公开"),
    ("2 字", "预算"),
    ("2 字", "低保"),
    ("2 字", "街道"),
    ("词", "财政预算"),
    ("词", "城乡居民"),
    ("词", "安全生产"),
    ("词", "行政处罚"),
    ("短语", "\"村务公开\""),
    ("短语", "\"政府信息公开工作年度报告\""),
    ("繁体", "黨務公開"),
    ("多词", "道路 改造"),
];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let data = PathBuf::from(args.first().expect("the data directory of a demo corpus"));
    let postgres = args.get(1).filter(|a| a.starts_with("postgres")).cloned();
    let portal = args.iter().find(|a| a.starts_with("http")).cloned();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    runtime.block_on(run(&data, postgres, portal));
}

async fn run(data: &Path, postgres: Option<String>, portal: Option<String>) {
    let store = Store::open(data, postgres.as_deref()).await.expect("open the corpus");
    let backend = if postgres.is_some() { "PostgreSQL" } else { "SQLite" };
    let records = store.db.record_count().await.unwrap();
    println!("### {backend}, {records} records in the database\n");

    let root = data.join("bench-search");
    if std::env::var_os("BENCH_QUERIES_ONLY").is_some() {
        // Query work on the index of an earlier run: one query at a time, then gongkai's
        // latency with every client.
        let index = Arc::new(SearchIndex::open(&root).unwrap().0);
        per_query(&store, &index);
        gongkai_latency(&store, &index);
        return;
    }
    let _ = std::fs::remove_dir_all(&root);
    let started = Instant::now();
    let report = gongkai_search::rebuild_at(&root, &store).await.unwrap();
    let rebuild = started.elapsed();
    let (index, needs_build) = SearchIndex::open(&root).unwrap();
    assert!(!needs_build);
    let index = Arc::new(index);
    let size = dir_size(&root);
    let raw = raw_text_bytes(&store).await;
    println!("| full rebuild | listed records indexed | index on disk | raw text (title, summary, body) |");
    println!("|---|---|---|---|");
    println!(
        "| {:.0} s | {} | {} MB | {} MB ({:.2}×) |\n",
        rebuild.as_secs_f64(),
        report.records,
        size >> 20,
        raw >> 20,
        size as f64 / raw as f64
    );

    per_query(&store, &index);
    latency_table(data, &store, &index, postgres.as_deref()).await;
    recall_table(data, &store, &index, postgres.as_deref()).await;
    deep_pages(&store, &index);
    incremental(&store, &index, portal).await;
}

/// Each query of the mixed set alone: mean of ten, with the number of matches.
fn per_query(store: &Store, index: &SearchIndex) {
    println!("Each query alone, one client (mean of 10):\n");
    println!("| query | kind | matches | time |");
    println!("|---|---|---|---|");
    for r in gongkai_requests(store, index) {
        let total = index.search(&r).unwrap().total;
        let t = Instant::now();
        for _ in 0..10 {
            index.search(&r).unwrap();
        }
        let kind = QUERIES.iter().find(|(_, q)| *q == r.q).map_or("过滤或翻页", |(k, _)| k);
        println!("| {} | {kind} | {total} | {:.1} ms |", r.q, t.elapsed().as_secs_f64() * 100.0);
    }
    println!();
}

fn dir_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| match e.metadata() {
                    Ok(m) if m.is_dir() => dir_size(&e.path()),
                    Ok(m) => m.len(),
                    Err(_) => 0,
                })
                .sum()
        })
        .unwrap_or(0)
}

/// Bytes of the listed records' title, summary and body as stored.
async fn raw_text_bytes(store: &Store) -> u64 {
    let bytes = match store.db.dialect() {
        gongkai_store::Dialect::Sqlite => |c: &str| format!("LENGTH(CAST({c} AS BLOB))"),
        gongkai_store::Dialect::Postgres => |c: &str| format!("octet_length({c})"),
    };
    let sql = format!(
        "SELECT CAST(SUM({} + COALESCE({}, 0) + {}) AS BIGINT) FROM records WHERE state = 'published'",
        bytes("title"),
        bytes("summary"),
        bytes("body_html")
    );
    let (n,): (Option<i64>,) = store.db.fetch_one(gongkai_store::q(sql)).await.unwrap();
    u64::try_from(n.unwrap_or(0)).unwrap_or(0)
}

fn request(store: &Store, q: &str) -> SearchRequest {
    SearchRequest {
        q: q.to_owned(),
        filters: Filters::default(),
        after: None,
        limit: 10,
        now: store.clock.now(),
        today: store.clock.today(),
    }
}

/// Latencies in milliseconds, sorted.
fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// The mixed set as gongkai sees it: each query, and some with a filter or on a deep page.
fn gongkai_requests(store: &Store, index: &SearchIndex) -> Vec<SearchRequest> {
    let mut list: Vec<SearchRequest> = QUERIES.iter().map(|(_, q)| request(store, q)).collect();
    let first = index.search(&request(store, "公开")).unwrap();
    if let Some(org) = first.facets.orgs.keys().next() {
        let mut r = request(store, "公开");
        r.filters.org = Some(org.clone());
        r.filters.year = first.facets.years.keys().next_back().and_then(|y| y.parse().ok());
        list.push(r);
    }
    let mut deep = request(store, "公开");
    deep.after = Some(deep_cursor(index, store, 200));
    list.push(deep);
    list
}

/// The cursor after `pages` pages of 50.
fn deep_cursor(index: &SearchIndex, store: &Store, pages: usize) -> Cursor {
    let mut r = request(store, "公开");
    r.limit = 50;
    let mut cursor = None;
    for _ in 0..pages {
        r.after = cursor;
        cursor = index.search(&r).unwrap().next;
    }
    cursor.expect("enough results for deep pages")
}

/// Runs `query` from `CLIENTS` threads for `RUN`, cycling through `n` queries.
fn drive(n: usize, query: impl Fn(usize) + Send + Sync + 'static) -> (f64, f64, usize) {
    let query = Arc::new(query);
    let deadline = Instant::now() + RUN;
    let threads: Vec<_> = (0..CLIENTS)
        .map(|c| {
            let query = query.clone();
            std::thread::spawn(move || {
                let mut times = Vec::new();
                let mut i = c;
                while Instant::now() < deadline {
                    let t = Instant::now();
                    query(i % n);
                    times.push(t.elapsed().as_secs_f64() * 1000.0);
                    i += 1;
                }
                times
            })
        })
        .collect();
    let mut all: Vec<f64> = threads.into_iter().flat_map(|t| t.join().unwrap()).collect();
    all.sort_by(f64::total_cmp);
    (percentile(&all, 0.5), percentile(&all, 0.99), all.len())
}

/// gongkai's row of the latency table.
fn gongkai_latency(store: &Store, index: &Arc<SearchIndex>) {
    let requests = Arc::new(gongkai_requests(store, index));
    let (n, idx, reqs) = (requests.len(), index.clone(), requests.clone());
    let (p50, p99, count) = drive(n, move |i| {
        idx.search(&reqs[i]).unwrap();
    });
    println!("| gongkai (tantivy) | {p50:.1} ms | {p99:.1} ms | {count} |");
}

async fn latency_table(data: &Path, store: &Store, index: &Arc<SearchIndex>, postgres: Option<&str>) {
    println!("Query latency, {CLIENTS} concurrent clients for {} s over the mixed set:\n", RUN.as_secs());
    println!("| engine | p50 | p99 | queries |");
    println!("|---|---|---|---|");
    gongkai_latency(store, index);
    let texts: Arc<Vec<String>> = Arc::new(QUERIES.iter().map(|(_, q)| q.trim_matches('"').to_owned()).collect());
    match postgres {
        None => {
            let fts = Fts5::build(data).await;
            let (p50, p99, count) = drive(texts.len(), {
                let texts = texts.clone();
                move |i| {
                    fts.matches(&texts[i]);
                }
            });
            println!("| SQLite FTS5 trigram | {p50:.1} ms | {p99:.1} ms | {count} |");
        }
        Some(url) => {
            let trgm = Trgm::build(url).await;
            let (p50, p99, count) = drive(texts.len(), {
                let texts = texts.clone();
                move |i| {
                    trgm.matches(&texts[i]);
                }
            });
            println!("| PostgreSQL pg_trgm | {p50:.1} ms | {p99:.1} ms | {count} |");
        }
    }
    println!();
}

async fn recall_table(data: &Path, store: &Store, index: &SearchIndex, postgres: Option<&str>) {
    println!("Recall on one- and two-character queries (documents found ÷ documents that contain the text):\n");
    println!("| query | containing it | gongkai | {} |", if postgres.is_some() { "pg_trgm" } else { "FTS5 trigram" });
    println!("|---|---|---|---|");
    let fts = if postgres.is_none() { Some(Fts5::build(data).await) } else { None };
    let trgm = match postgres {
        Some(url) => Some(Trgm::build(url).await),
        None => None,
    };
    for (kind, q) in QUERIES.iter().filter(|(k, _)| k.ends_with('字')) {
        let truth = containing(store, q).await;
        let ours = index.search(&request(store, q)).unwrap().total;
        let peer = tokio::task::block_in_place(|| match (&fts, &trgm) {
            (Some(f), _) => f.matches(q),
            (_, Some(t)) => t.matches(q),
            _ => 0,
        });
        let pct =
            |n: u64| if truth == 0 { "–".to_owned() } else { format!("{:.1} %", 100.0 * n as f64 / truth as f64) };
        println!("| {q} ({kind}) | {truth} | {} | {} |", pct(ours.min(truth)), pct(peer));
    }
    println!();
}

/// Public records (listed, publicity period not over) whose title, summary or body holds
/// `q`, by a full scan.
async fn containing(store: &Store, q: &str) -> u64 {
    let like = format!("%{q}%");
    let today = gongkai_store::records::epoch_day(store.clock.today());
    let (n,): (i64,) = store
        .db
        .fetch_one(
            gongkai_store::q(
                "SELECT COUNT(*) FROM records WHERE state = 'published'
                 AND (publicity_end_day IS NULL OR publicity_end_day >= $2)
                 AND (title LIKE $1 OR COALESCE(summary, '') LIKE $1 OR body_html LIKE $1)",
            )
            .bind(like)
            .bind(today),
        )
        .await
        .unwrap();
    u64::try_from(n).unwrap_or(0)
}

fn deep_pages(store: &Store, index: &SearchIndex) {
    let time = |r: &SearchRequest| {
        let runs = 20;
        let t = Instant::now();
        for _ in 0..runs {
            index.search(r).unwrap();
        }
        t.elapsed().as_secs_f64() * 1000.0 / runs as f64
    };
    let first = request(store, "公开");
    let mut deep = first.clone();
    deep.after = Some(deep_cursor(index, store, 200));
    let mut deeper = first.clone();
    deeper.after = Some(deep_cursor(index, store, 2000));
    println!("Paging by cursor, one client, 公开 (mean of 20):\n");
    println!("| page 1 | page 201 (of 50) | page 2001 (of 50) |");
    println!("|---|---|---|");
    println!("| {:.1} ms | {:.1} ms | {:.1} ms |\n", time(&first), time(&deep), time(&deeper));
}

/// New records written while a portal is read, then followed into the index.
async fn incremental(store: &Store, index: &SearchIndex, portal: Option<String>) {
    const NEW: i64 = 20_000;
    let sources = store.db.listed_after(None, "", NEW).await.unwrap();
    let mut batch = store.import_batch().await.unwrap();
    for r in &sources {
        let copy = gongkai_store::records::import::ImportRecord {
            org: r.org.clone(),
            catalog: r.catalog.clone(),
            title: format!("{}（续）", r.title),
            summary: r.summary.clone(),
            body_html: r.body_html.clone(),
            doc_number: r.doc_number.clone(),
            written_on: r.written_on,
            topic: r.topic,
            effect: r.effect,
            personal_data: r.personal_data,
            stage: None,
            matter: None,
            publicity_start: r.publicity_start(),
            publicity_end: r.publicity_end(),
            published_at: store.clock.now(),
            state: gongkai_core::record::RecordState::Published,
            withdraw_reason: None,
            previous: None,
            change_note: None,
        };
        batch.record(&copy).await.unwrap();
    }
    batch.commit().await.unwrap();
    let reading = portal.map(|base| {
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let served = Arc::new(std::sync::atomic::AtomicU64::new(0));
        for _ in 0..4 {
            let (stop, served, base) = (stop.clone(), served.clone(), base.clone());
            tokio::spawn(async move {
                let client = reqwest::Client::new();
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    if client.get(format!("{base}/")).send().await.is_ok_and(|r| r.status().is_success()) {
                        served.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    }
                }
            });
        }
        (stop, served)
    });
    let started = Instant::now();
    let applied = index.catch_up(store).await.unwrap();
    let took = started.elapsed();
    let portal_rate = reading.map(|(stop, served)| {
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        served.load(std::sync::atomic::Ordering::Relaxed) as f64 / took.as_secs_f64()
    });
    println!("Incremental indexing: {} new records followed from the change feed:\n", sources.len());
    println!("| feed entries applied | time | records/s | portal home page meanwhile |");
    println!("|---|---|---|---|");
    println!(
        "| {applied} | {:.1} s | {:.0} | {} |\n",
        took.as_secs_f64(),
        sources.len() as f64 / took.as_secs_f64(),
        portal_rate.map_or("not read".to_owned(), |r| format!("{r:.0} requests/s"))
    );
}

/// The parts of a query as the peers take them: each space-separated word, quotes dropped.
fn words(q: &str) -> Vec<String> {
    q.split_whitespace().map(|w| w.trim_matches('"').to_owned()).filter(|w| !w.is_empty()).collect()
}

/// SQLite FTS5 with the trigram tokenizer over the same records, in a file of its own.
struct Fts5 {
    pool: sqlx::SqlitePool,
    runtime: tokio::runtime::Handle,
}

impl Fts5 {
    async fn build(data: &Path) -> Self {
        let corpus = data.join("gongkai.db");
        let file = data.join("bench-fts5.db");
        let fresh = !file.exists();
        let options = sqlx::sqlite::SqliteConnectOptions::new().filename(&file).create_if_missing(true);
        let pool =
            sqlx::sqlite::SqlitePoolOptions::new().max_connections(CLIENTS as u32).connect_with(options).await.unwrap();
        if fresh {
            let started = Instant::now();
            let mut c = pool.acquire().await.unwrap();
            sqlx::query(&format!("ATTACH DATABASE '{}' AS corpus", corpus.display())).execute(&mut *c).await.unwrap();
            sqlx::query("CREATE VIRTUAL TABLE docs USING fts5(title, summary, body, tokenize = 'trigram')")
                .execute(&mut *c)
                .await
                .unwrap();
            sqlx::query(
                "INSERT INTO docs (title, summary, body) SELECT title, COALESCE(summary, ''), body_html
                 FROM corpus.records WHERE state = 'published'",
            )
            .execute(&mut *c)
            .await
            .unwrap();
            sqlx::query("DETACH DATABASE corpus").execute(&mut *c).await.unwrap();
            println!("(FTS5 trigram table built in {:.0} s)\n", started.elapsed().as_secs_f64());
        }
        Fts5 { pool, runtime: tokio::runtime::Handle::current() }
    }

    /// How many documents match, after fetching the best ten as a results page would.
    fn matches(&self, q: &str) -> u64 {
        let expr = words(q).iter().map(|w| format!("\"{}\"", w.replace('"', ""))).collect::<Vec<_>>().join(" ");
        self.runtime.block_on(async {
            let _: Vec<(i64,)> = sqlx::query_as("SELECT rowid FROM docs WHERE docs MATCH ?1 ORDER BY rank LIMIT 10")
                .bind(&expr)
                .fetch_all(&self.pool)
                .await
                .unwrap();
            let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM docs WHERE docs MATCH ?1")
                .bind(&expr)
                .fetch_one(&self.pool)
                .await
                .unwrap();
            n as u64
        })
    }
}

/// PostgreSQL pg_trgm over the same records: a GIN trigram index under `LIKE '%…%'`.
struct Trgm {
    pool: sqlx::PgPool,
    runtime: tokio::runtime::Handle,
}

impl Trgm {
    async fn build(url: &str) -> Self {
        let pool = sqlx::postgres::PgPoolOptions::new().max_connections(CLIENTS as u32).connect(url).await.unwrap();
        let (exists,): (Option<String>,) =
            sqlx::query_as("SELECT to_regclass('bench_trgm')::text").fetch_one(&pool).await.unwrap();
        if exists.is_none() {
            let started = Instant::now();
            for sql in [
                "CREATE EXTENSION IF NOT EXISTS pg_trgm",
                "CREATE TABLE bench_trgm AS SELECT id, title || ' ' || COALESCE(summary, '') || ' ' || body_html AS doc
                 FROM records WHERE state = 'published'",
                "CREATE INDEX bench_trgm_doc ON bench_trgm USING gin (doc gin_trgm_ops)",
                "ANALYZE bench_trgm",
            ] {
                sqlx::query(sql).execute(&pool).await.unwrap();
            }
            println!("(pg_trgm table and GIN index built in {:.0} s)\n", started.elapsed().as_secs_f64());
        }
        Trgm { pool, runtime: tokio::runtime::Handle::current() }
    }

    /// How many documents match, after fetching ten as a results page would.
    fn matches(&self, q: &str) -> u64 {
        let words = words(q);
        let filter = (1..=words.len()).map(|i| format!("doc LIKE ${i}")).collect::<Vec<_>>().join(" AND ");
        self.runtime.block_on(async {
            let (page_sql, count_sql) = (
                format!("SELECT id FROM bench_trgm WHERE {filter} LIMIT 10"),
                format!("SELECT COUNT(*) FROM bench_trgm WHERE {filter}"),
            );
            let mut page = sqlx::query_as::<_, (String,)>(&page_sql);
            let mut count = sqlx::query_as::<_, (i64,)>(&count_sql);
            for w in &words {
                page = page.bind(format!("%{w}%"));
                count = count.bind(format!("%{w}%"));
            }
            let _ = page.fetch_all(&self.pool).await.unwrap();
            count.fetch_one(&self.pool).await.unwrap().0 as u64
        })
    }
}
