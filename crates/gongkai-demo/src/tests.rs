//! Loading the demo city into real SQLite stores: volume, catalogue coverage, record states,
//! stage timelines, the audit chain, and sameness between runs.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use gongkai_core::catalog::{CatalogCode, Domain, Power, TimeClass};
use gongkai_core::org::OrgKind;
use gongkai_core::publicity::PublicityPeriod;
use gongkai_store::records::from_epoch_day;
use gongkai_store::{q, Store};

use super::{catalog, load, orgs, SEED};

/// A fresh directory under the system temp dir, removed when dropped.
pub(super) struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        Self(std::env::temp_dir().join(format!("gongkai-demo-{name}-{}-{nanos}", std::process::id())))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub(super) async fn loaded(name: &str, scale: u32) -> (TempDir, Store, super::Summary) {
    let dir = TempDir::new(name);
    let store = Store::open(&dir.0, None).await.expect("open store");
    let summary = load(&store, scale).await.expect("load demo");
    (dir, store, summary)
}

#[test]
fn every_template_fits_its_kind() {
    for &kind in OrgKind::ALL {
        let t = catalog::template(kind);
        let leaves = &t.leaves;
        assert!((30..=130).contains(&leaves.len()), "{kind:?} has {} leaves", leaves.len());
        let codes: HashSet<&CatalogCode> = t.items.iter().map(|i| &i.code).collect();
        assert_eq!(codes.len(), t.items.len(), "{kind:?} repeats a code");
        for &class in TimeClass::ALL {
            assert!(leaves.iter().any(|l| l.rules.time_class == class), "{kind:?} lacks {class:?}");
        }
        for &domain in Domain::ALL {
            assert!(leaves.iter().any(|l| l.rules.domain == domain), "{kind:?} lacks {domain:?}");
        }
        for leaf in leaves {
            assert_eq!(leaf.rules.power.is_some(), leaf.rules.domain == Domain::Government, "{}", leaf.name);
        }
        assert!(t.proactive().len() < leaves.len(), "{kind:?} has no on-request leaf");
    }
    assert!(catalog::template(OrgKind::Village).leaves.iter().any(|l| l.rules.power == Some(Power::Finance)));
}

#[tokio::test]
async fn scale_one_loads_a_consistent_city() {
    let (_dir, store, summary) = loaded("one", 1).await;
    assert!(summary.records >= 1_000, "{summary:?}");
    assert_eq!(summary.orgs, orgs::build(SEED).len());
    let (total,): (i64,) = store.db.fetch_one(q("SELECT COUNT(*) FROM records")).await.unwrap();
    assert_eq!(total as usize, summary.records);

    let states: Vec<(String, i64)> =
        store.db.fetch_all(q("SELECT state, COUNT(*) FROM records GROUP BY state")).await.unwrap();
    let states: HashMap<String, i64> = states.into_iter().collect();
    for state in ["published", "expired", "withdrawn", "superseded"] {
        assert!(states.get(state).copied().unwrap_or(0) > 0, "no {state} records: {states:?}");
    }
    let (unexplained,): (i64,) = store
        .db
        .fetch_one(q("SELECT COUNT(*) FROM records WHERE state = 'withdrawn' AND withdraw_reason IS NULL"))
        .await
        .unwrap();
    assert_eq!(unexplained, 0);
    let (versions,): (i64,) = store
        .db
        .fetch_one(q(
            "SELECT COUNT(*) FROM records WHERE version = 2 AND previous_id IS NOT NULL AND change_note IS NOT NULL",
        ))
        .await
        .unwrap();
    assert_eq!(versions, states["superseded"]);

    let (timelines,): (i64,) = store
        .db
        .fetch_one(q("SELECT COUNT(*) FROM (SELECT matter_id FROM records WHERE matter_id IS NOT NULL
                      GROUP BY matter_id HAVING COUNT(DISTINCT stage) >= 3) AS m"))
        .await
        .unwrap();
    assert!(timelines > 0);

    // Every record sits on a leaf of its own organisation's template.
    let (misfiled,): (i64,) = store
        .db
        .fetch_one(q("SELECT COUNT(*) FROM records r JOIN orgs o ON o.code = r.org_code
                      LEFT JOIN catalog_items c ON c.owner_kind = 'template' AND c.owner = o.kind
                           AND c.code = r.catalog_code AND c.rules IS NOT NULL
                      WHERE c.id IS NULL"))
        .await
        .unwrap();
    assert_eq!(misfiled, 0);

    let periods: Vec<(Option<i64>, Option<i64>, String, i64)> = store
        .db
        .fetch_all(q("SELECT r.publicity_start_day, r.publicity_end_day, json_extract(c.rules, '$.time_class'),
                             r.personal_data
                      FROM records r JOIN orgs o ON o.code = r.org_code
                      JOIN catalog_items c ON c.owner_kind = 'template' AND c.owner = o.kind AND c.code = r.catalog_code"))
        .await
        .unwrap();
    let mut lists_of_people = 0;
    for (start, end, class, personal_data) in periods {
        let start = from_epoch_day(start.expect("start")).unwrap();
        let end = end.map(|e| from_epoch_day(e).unwrap());
        PublicityPeriod::new(start, end, TimeClass::parse(&class).unwrap()).expect("valid period");
        if personal_data != 0 {
            assert!(end.is_some(), "a list of people published from {start} never ends");
            lists_of_people += 1;
        }
    }
    assert!(lists_of_people > 0, "the demo publishes lists of recipients");

    let orgs = store.db.orgs().await.unwrap();
    for &kind in OrgKind::ALL {
        let Some(org) = orgs.iter().find(|o| o.kind == kind) else { continue };
        let leaves: Vec<_> = store.db.catalog_of(org).await.unwrap().into_iter().filter_map(|i| i.rules).collect();
        for &class in TimeClass::ALL {
            assert!(leaves.iter().any(|r| r.time_class == class), "{kind:?} template lacks {class:?}");
        }
        for &domain in Domain::ALL {
            assert!(leaves.iter().any(|r| r.domain == domain), "{kind:?} template lacks {domain:?}");
        }
    }

    assert!(matches!(store.db.verify_audit().await, Ok(Ok(_))));
    store.db.close().await;
}

#[tokio::test]
async fn same_scale_gives_the_same_records() {
    let (_a, first, _) = loaded("same-a", 1).await;
    let (_b, second, _) = loaded("same-b", 1).await;
    let sql = "SELECT title FROM records ORDER BY published_at, title";
    let titles_a: Vec<(String,)> = first.db.fetch_all(q(sql)).await.unwrap();
    let titles_b: Vec<(String,)> = second.db.fetch_all(q(sql)).await.unwrap();
    assert!(!titles_a.is_empty());
    assert_eq!(titles_a, titles_b);
    first.db.close().await;
    second.db.close().await;
}

#[test]
fn the_demo_knows_every_standard_leaf() {
    for &kind in OrgKind::ALL {
        for leaf in catalog::template(kind).leaves {
            assert!(super::hints::of(&leaf.name).is_some(), "{kind:?}: no hint for {}", leaf.name);
        }
    }
}
