//! Pruned ranking checked against what every match says. Ranking asks tantivy only for
//! candidates that could still reach the page; if that skipped a hit it should not have,
//! the hit would turn up on a later page above hits already shown, or never.

use chrono::{Duration, TimeZone, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::{doc, index_of, request, POOL};
use crate::build::commit;
use crate::document::{key_term, DocKind, SearchDoc};
use crate::{Cursor, SearchIndex, SearchRequest};

/// Every page of `req` in turn, as (key, id).
fn walk(index: &SearchIndex, mut req: SearchRequest) -> (u64, Vec<(Cursor, String)>) {
    let mut seen = Vec::new();
    let total = index.search(&req).unwrap().total;
    loop {
        let page = index.search(&req).unwrap();
        assert_eq!(page.total, total, "every page counts the same total");
        seen.extend(page.hits.iter().map(|h| (h.cursor, h.id.clone())));
        match page.next {
            Some(next) => req.after = Some(next),
            None => return (total, seen),
        }
    }
}

fn corpus() -> Vec<SearchDoc> {
    let pool: Vec<char> = POOL.chars().collect();
    let mut rng = StdRng::seed_from_u64(20261123);
    let planted = ["财政预算", "公开", "村务公开", "财政", "预算"];
    (0..3000)
        .map(|n| {
            let mut body: String = (0..rng.gen_range(20..200)).map(|_| pool[rng.gen_range(0..pool.len())]).collect();
            for _ in 0..rng.gen_range(0..4) {
                body.push_str(planted[rng.gen_range(0..planted.len())]);
                body.extend((0..rng.gen_range(0..30)).map(|_| pool[rng.gen_range(0..pool.len())]));
            }
            let title = if rng.gen_bool(0.1) { planted[rng.gen_range(0..planted.len())] } else { "通知" };
            let mut d = doc(&format!("r{n:04}"), title, &body);
            d.published =
                Some(Utc.with_ymd_and_hms(2016, 1, 1, 0, 0, 0).unwrap() + Duration::days(rng.gen_range(0..3700)));
            if n % 3 == 0 {
                d.orgs = vec!["st-b".into(), "city".into()];
            }
            if n % 7 == 0 {
                d.domain = Some("government");
            }
            d
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn every_page_of_a_pruned_ranking_holds_the_next_best_hits() {
    let docs = corpus();
    let f = index_of(docs.clone()).await;
    // A second segment that replaces a tenth of the first: the old versions are deleted.
    let generation = f.index.live();
    let fields = f.index.fields();
    let mut current = docs.clone();
    {
        let writer = generation.writer.lock().unwrap();
        for d in current.iter_mut().step_by(10) {
            d.content = format!("改写后的{}", d.content);
            writer.delete_term(key_term(&fields, DocKind::Record, &d.key));
            writer.add_document(d.to_tantivy(&fields)).unwrap();
        }
    }
    commit(&generation, 2).await.unwrap();

    let mut queries: Vec<SearchRequest> =
        ["公", "公开", "财政预算", "\"财政预算\"", "村务公开", "财政 预算", "改写"].into_iter().map(request).collect();
    let mut narrow = request("公开");
    narrow.filters.org = Some("st-b".into());
    let mut wide = request("公开");
    wide.filters.org = Some("city".into());
    wide.filters.domain = Some("government");
    queries.extend([narrow, wide]);
    for req in queries {
        let q = format!("{} {:?}", req.q, req.filters);
        let (total, seen) = walk(&f.index, req.clone());
        assert!(total > 20, "{q}: the corpus holds more than a page of it");
        assert_eq!(seen.len() as u64, total, "{q}: the pages hold every hit once");
        for pair in seen.windows(2) {
            let (a, b) = (pair[0].0, pair[1].0);
            assert!((a.score, a.order) > (b.score, b.order), "{q}: {} ranks below {}", pair[0].1, pair[1].1);
        }
        // The best ten are the first ten of the best fifty.
        let mut wider = req.clone();
        wider.limit = 50;
        let fifty: Vec<String> = f.index.search(&wider).unwrap().hits.into_iter().map(|h| h.id).collect();
        let ten: Vec<String> = seen.iter().take(10).map(|(_, id)| id.clone()).collect();
        assert_eq!(ten, fifty[..10], "{q}");
        // And the hits are what holds the text, once each, in the current version.
        if !req.q.contains(' ') && (req.q.starts_with('"') || req.q.chars().count() <= 2) {
            let text = req.q.trim_matches('"');
            let mut expected: Vec<&str> = current
                .iter()
                .filter(|d| d.title.contains(text) || d.content.contains(text))
                .filter(|d| req.filters.org.as_ref().is_none_or(|o| d.orgs.contains(o)))
                .filter(|d| req.filters.domain.is_none_or(|x| d.domain == Some(x)))
                .map(|d| d.key.as_str())
                .collect();
            let mut found: Vec<&str> = seen.iter().map(|(_, id)| id.as_str()).collect();
            expected.sort();
            found.sort();
            assert_eq!(found, expected, "{q}");
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_part_found_as_typed_ranks_above_its_words_apart() {
    let f = index_of(vec![
        doc("apart", "通知", "本年度财政收入增长，部门预算按时公开。"),
        doc("typed", "通知", "本年度财政预算按时公开。"),
    ])
    .await;
    let found = f.index.search(&request("财政预算")).unwrap();
    let ids: Vec<&str> = found.hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["typed", "apart"]);
    assert!(found.hits[0].cursor.score > 1.5 * found.hits[1].cursor.score);
}
