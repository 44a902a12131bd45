//! The index end to end without a database: documents written straight into a generation,
//! then searched as visitors search.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::build::commit;
use crate::document::{DocKind, SearchDoc};
use crate::{Filters, Results, SearchIndex, SearchRequest};

mod ranking;

pub(crate) fn doc(key: &str, title: &str, content: &str) -> SearchDoc {
    SearchDoc {
        kind: DocKind::Record,
        key: key.to_owned(),
        id: key.to_owned(),
        title: title.to_owned(),
        content: content.to_owned(),
        meta: String::new(),
        orgs: vec!["st-a".into(), "city".into()],
        catalogs: vec!["jc-01-01".into(), "jc-01".into()],
        domain: Some("party"),
        published: Some(Utc.with_ymd_and_hms(2026, 3, 1, 2, 0, 0).unwrap()),
        until: None,
        file_types: vec![],
    }
}

pub(crate) struct Fixture {
    pub index: SearchIndex,
    _dir: tempfile::TempDir,
}

pub(crate) async fn index_of(docs: Vec<SearchDoc>) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let (index, needs_build) = SearchIndex::open(dir.path()).unwrap();
    assert!(needs_build);
    let generation = index.live();
    let fields = index.fields();
    {
        let writer = generation.writer.lock().unwrap();
        for d in docs {
            writer.add_document(d.to_tantivy(&fields)).unwrap();
        }
    }
    commit(&generation, 1).await.unwrap();
    Fixture { index, _dir: dir }
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 2, 0, 0).unwrap()
}

pub(crate) fn request(q: &str) -> SearchRequest {
    SearchRequest {
        q: q.to_owned(),
        filters: Filters::default(),
        after: None,
        limit: 10,
        now: now(),
        today: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
    }
}

fn ids(results: &Results) -> Vec<&str> {
    results.hits.iter().map(|h| h.id.as_str()).collect()
}

fn find(f: &Fixture, q: &str) -> Vec<String> {
    f.index.search(&request(q)).unwrap().hits.into_iter().map(|h| h.id).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_holes_other_engines_have_are_not_here() {
    let f = index_of(vec![
        doc("a", "设备安装简单", "本设备安装简单，维护方便。"),
        doc("b", "开户银行", "开户行为中国农业发展银行岚江支行。"),
        doc("c", "黨務公開工作要點", "全市黨務(wù)政務(wù)公開示范點創(chuàng)建"),
        doc("d", "关于印发通知", "郑政〔2024〕12号文件，索引号 114101000000000000/2026-00012。"),
    ])
    .await;
    assert_eq!(find(&f, "简单"), ["a"]);
    assert_eq!(find(&f, "农业"), ["b"]);
    assert_eq!(find(&f, "农业银行"), ["b"], "words of an unquoted part may stand apart");
    assert!(find(&f, "\"农业银行\"").is_empty(), "a quoted part stands as typed");
    assert_eq!(find(&f, "党务公开"), ["c"], "simplified finds traditional");
    assert_eq!(find(&f, "黨務"), ["c"]);
    assert_eq!(find(&f, "政务公开"), ["c"], "converter pinyin does not break words");
    assert_eq!(find(&f, "郑政〔2024〕12号"), ["d"]);
    assert_eq!(find(&f, "鄭政[2024]12號"), ["d"]);
    assert_eq!(find(&f, "2026-00012"), ["d"]);
    assert_eq!(find(&f, "装"), ["a"], "one character is a query too");
}

#[tokio::test(flavor = "multi_thread")]
async fn pinyin_and_initials_find_titles() {
    let f = index_of(vec![doc("c", "党务公开目录", "正文"), doc("x", "财政预算", "正文")]).await;
    assert_eq!(find(&f, "dwgk"), ["c"]);
    assert_eq!(find(&f, "dangwugongkai"), ["c"]);
    assert_eq!(find(&f, "DWGK"), ["c"]);
    assert_eq!(find(&f, "czys"), ["x"]);
    assert!(find(&f, "zzzz").is_empty());
}

/// Common characters, traditional forms among them, for generated texts.
pub(crate) const POOL: &str = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严黨務開發權區縣";

#[tokio::test(flavor = "multi_thread")]
async fn every_substring_of_two_or_more_characters_finds_its_text() {
    let pool: Vec<char> = POOL.chars().collect();
    let mut rng = StdRng::seed_from_u64(20261122);
    let texts: Vec<String> = (0..40).map(|_| (0..120).map(|_| pool[rng.gen_range(0..pool.len())]).collect()).collect();
    let docs = texts.iter().enumerate().map(|(n, t)| doc(&format!("t{n}"), "生成文本", t)).collect();
    let f = index_of(docs).await;
    for (n, text) in texts.iter().enumerate() {
        let chars: Vec<char> = text.chars().collect();
        for _ in 0..15 {
            let len = rng.gen_range(1..=8);
            let start = rng.gen_range(0..chars.len() - len);
            let needle: String = chars[start..start + len].iter().collect();
            for q in [needle.clone(), format!("\"{needle}\"")] {
                let mut req = request(&q);
                req.limit = 50;
                let found = f.index.search(&req).unwrap();
                assert!(found.hits.iter().any(|h| h.id == format!("t{n}")) || found.total > 50, "{q} in t{n}");
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn pages_follow_cursors_without_repeats_and_end_empty() {
    let docs = (0..25).map(|n| doc(&format!("p{n:02}"), &format!("第{n}号公告"), "公告正文")).collect();
    let f = index_of(docs).await;
    let mut seen = Vec::new();
    let mut req = request("公告");
    loop {
        let page = f.index.search(&req).unwrap();
        assert_eq!(page.total, 25);
        seen.extend(ids(&page).into_iter().map(str::to_owned));
        match page.next {
            Some(next) => req.after = Some(next),
            None => break,
        }
    }
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 25);
    let last = seen.len();
    assert_eq!(last, 25);
    req.after = Some(crate::Cursor { score: f32::MIN, order: 0 });
    assert!(f.index.search(&req).unwrap().hits.is_empty(), "past the end is an empty page");
}

#[tokio::test(flavor = "multi_thread")]
async fn filters_facets_and_ended_periods() {
    let mut old = doc("old", "旧公示", "公示内容");
    old.until = NaiveDate::from_ymd_opt(2026, 3, 1);
    let mut gov = doc("gov", "政务公示", "公示内容");
    gov.domain = Some("government");
    gov.orgs = vec!["st-b".into(), "city".into()];
    gov.file_types = vec!["pdf"];
    let f = index_of(vec![old, gov, doc("party", "党务公示", "公示内容")]).await;
    let all = f.index.search(&request("公示")).unwrap();
    assert_eq!(all.total, 2, "a period that ended yesterday is not public today");
    assert_eq!(all.facets.domains.get("government"), Some(&1));
    assert_eq!(all.facets.orgs.get("st-b"), Some(&1));
    assert_eq!(all.facets.file_types.get("pdf"), Some(&1));
    let mut req = request("公示");
    req.filters.org = Some("city".into());
    assert_eq!(f.index.search(&req).unwrap().total, 2, "an organisation includes those below it");
    req.filters.org = Some("st-b".into());
    assert_eq!(ids(&f.index.search(&req).unwrap()), ["gov"]);
    let mut req = request("");
    req.filters.file_type = Some("pdf");
    assert_eq!(ids(&f.index.search(&req).unwrap()), ["gov"], "filters alone browse");
    assert!(f.index.search(&request("")).unwrap().blank);
}

#[tokio::test(flavor = "multi_thread")]
async fn snippets_mark_matches_in_the_original_script() {
    let f = index_of(vec![doc("c", "黨務公開", "前文。全市黨務(wù)政務(wù)公開示范點<創建>。后文")]).await;
    let hit = &f.index.search(&request("党务")).unwrap().hits[0];
    assert_eq!(hit.title_html, "<mark>黨務</mark>公開");
    assert!(hit.snippet_html.contains("<mark>黨務</mark>"), "{}", hit.snippet_html);
    assert!(hit.snippet_html.contains("&lt;創建&gt;"), "{}", hit.snippet_html);
}
