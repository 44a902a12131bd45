//! The generated corpus read as a civil servant would read it: the classes of error a
//! reader would catch at once are checked over every record of the city at scale 1.

use std::collections::HashMap;

use gongkai_store::q;

use super::tests::loaded;

/// A record as stored, for reading its text.
struct Text {
    title: String,
    body: String,
    catalog: String,
    org: String,
    start: Option<i64>,
    end: Option<i64>,
}

async fn corpus() -> (Vec<Text>, HashMap<(String, String), String>) {
    let (_dir, store, _) = loaded("corpus", 1).await;
    type Row = (String, String, String, String, Option<i64>, Option<i64>);
    let rows: Vec<Row> = store
        .db
        .fetch_all(q(
            "SELECT title, body_html, catalog_code, org_code, publicity_start_day, publicity_end_day FROM records",
        ))
        .await
        .unwrap();
    let texts = rows
        .into_iter()
        .map(|(title, body, catalog, org, start, end)| Text { title, body, catalog, org, start, end })
        .collect();
    // The time class of every leaf, by organisation and code.
    let mut classes = HashMap::new();
    for org in store.db.orgs().await.unwrap() {
        for item in store.db.catalog_of(&org).await.unwrap() {
            if let Some(rules) = item.rules {
                classes.insert(
                    (org.code.to_string(), item.code.as_str().to_owned()),
                    rules.time_class.as_str().to_owned(),
                );
            }
        }
    }
    (texts, classes)
}

/// Two or more Chinese characters said twice in a row (项目项目), outside the few
/// words that are written so.
fn doubled(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    for len in 2..=4 {
        for i in 0..chars.len().saturating_sub(2 * len - 1) {
            let (a, b) = (&chars[i..i + len], &chars[i + len..i + 2 * len]);
            if a == b && a.iter().all(|c| ('\u{4e00}'..='\u{9fff}').contains(c)) {
                return Some(a.iter().collect());
            }
        }
    }
    None
}

#[tokio::test]
async fn the_corpus_reads_as_real() {
    let (texts, classes) = corpus().await;
    let mut faults: Vec<String> = Vec::new();
    for t in &texts {
        let text = format!("{}\n{}", t.title, t.body);
        if let Some(word) = doubled(&text) {
            faults.push(format!("doubled “{word}”: {}", t.title));
        }
        // Template wording left for the reader to fill in.
        for leftover in ["（市、区）", "县（市", "XX", "××", "{", "}"] {
            if text.contains(leftover) {
                faults.push(format!("leftover “{leftover}”: {}", t.title));
            }
        }
        // Only 长期公开 notices stay up a year or more.
        if let (Some(start), Some(end)) = (t.start, t.end) {
            let class = classes.get(&(t.org.clone(), t.catalog.clone())).map(String::as_str);
            if end - start > 366 && class != Some("long") {
                faults.push(format!("{} days of publicity on a {class:?} item: {}", end - start, t.title));
            }
        }
    }
    faults.sort();
    faults.dedup();
    assert!(faults.is_empty(), "{} faults, the first: {:#?}", faults.len(), &faults[..faults.len().min(20)]);
}

#[test]
fn doubled_words_are_found_and_joins_say_them_once() {
    assert_eq!(doubled("建设项目项目进度").as_deref(), Some("项目"));
    assert_eq!(doubled("道路硬化工程"), None);
    let mut text = String::from("村庄亮化工程");
    super::text::join(&mut text, "工程验收及决算");
    assert_eq!(text, "村庄亮化工程验收及决算");
}

/// 信息索引 as a reader checks it: each unit's 索引号 of a year run 1, 2, 3 … in the order
/// of publication; a document is signed on or before the day it goes up and in the year
/// its 文号 names; a penalty decision carries one number in its title, its body and its index.
#[tokio::test]
async fn the_information_index_holds_together() {
    let (_dir, store, _) = loaded("index", 1).await;
    type Row = (String, Option<String>, Option<String>, i64, i64, String, String);
    let rows: Vec<Row> = store
        .db
        .fetch_all(q("SELECT org_code, index_number, doc_number, written_on_day, published_at, title, body_html \
                      FROM records WHERE version = 1 ORDER BY org_code, published_at, id"))
        .await
        .unwrap();
    let mut last: HashMap<(String, String), (u32, i64)> = HashMap::new();
    for (org, index, doc, written, published, title, body) in rows {
        let index = index.expect("every published record has its 索引号");
        let (prefix, rest) = index.rsplit_once('/').unwrap();
        let (year, serial) = rest.split_once('-').unwrap();
        assert_eq!(prefix, org);
        let serial: u32 = serial.parse().unwrap();
        let previous = last.insert((org.clone(), year.to_owned()), (serial, published));
        assert_eq!(serial, previous.map_or(1, |(n, _)| n + 1), "{index}: the serials run without gaps");
        let published_day = (published + 8 * 3600) / 86_400;
        assert!(written <= published_day, "{title}: signed after it went up");
        if let Some(doc) = &doc {
            let signed = gongkai_store::records::from_epoch_day(written).unwrap();
            assert!(doc.contains(&format!("〔{}〕", chrono::Datelike::year(&signed))), "{doc} signed {signed}");
        }
        if title.contains("行政处罚决定书") {
            let doc = doc.as_deref().expect("a penalty decision has its 文号");
            assert!(title.contains(doc) && body.contains(doc), "{title}: one number in title, body and index");
        }
    }
    assert!(last.len() > 100, "many units and years were checked");
}
