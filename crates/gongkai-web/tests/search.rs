//! 全文检索 as visitors and operators meet it: the five field reports found in either
//! script, attachments found by their text, withdrawn records gone and drafts never there,
//! a second node, a restart and a rebuild keeping up, and every kind of bad input answered
//! with a result or a clear 400.

mod common;

use common::{open_search, package, TestApp};
use serde_json::{json, Value};

async fn search(app: &TestApp, query: &str) -> (u16, Value) {
    app.get_json(None, &format!("/api/v1/search?{query}")).await
}

async fn found_ids(app: &TestApp, q: &str) -> Vec<String> {
    let q = serde_urlencoded::to_string([("q", q)]).unwrap();
    let (status, body) = search(app, &q).await;
    assert_eq!(status, 200, "{body}");
    body["hits"].as_array().unwrap().iter().map(|h| h["id"].as_str().unwrap().to_owned()).collect()
}

/// The field reports the project started from: `GONGKAI_SEEDS_DIR`, or `shared/seeds`
/// beside the checkout (`../shared/seeds` from its root) or beside a folder above it.
fn seeds_dir() -> std::path::PathBuf {
    if let Some(dir) = std::env::var_os("GONGKAI_SEEDS_DIR") {
        return dir.into();
    }
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest
        .ancestors()
        .map(|a| a.join("shared/seeds"))
        .find(|d| d.is_dir())
        .expect("the field reports in ../shared/seeds (or set GONGKAI_SEEDS_DIR)")
}

/// The five reports, published as records of 东湖街道.
async fn publish_seeds(app: &TestApp) -> Vec<(String, String)> {
    let mut files: Vec<_> = std::fs::read_dir(seeds_dir()).unwrap().flatten().collect();
    files.sort_by_key(|f| f.file_name());
    assert_eq!(files.len(), 5, "five reports");
    let mut out = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(file.path()).unwrap();
        let first = text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap();
        let title: String = first.chars().take(30).collect();
        let (id, state) =
            app.through_review(json!({ "org": "st-a", "catalog_item": "zw-any", "title": title, "body": text })).await;
        assert_eq!(state, "published");
        out.push((file.file_name().to_string_lossy().into_owned(), id));
    }
    app.state.follow_search().await;
    out
}

on_both_backends!(the_field_reports_are_found_in_either_script, |app: TestApp| async move {
    let seeds = publish_seeds(&app).await;
    let id = |prefix: &str| seeds.iter().find(|(name, _)| name.starts_with(prefix)).unwrap().1.clone();
    for (q, seed) in [
        ("郑州市党务政务公开示范点", "000"),
        ("鄭州市黨務政務公開示範點", "000"),
        ("党委统一领导", "002"),
        ("黨委統一領導", "002"),
        ("王封街道", "003"),
        ("细看", "003"),
        ("全县党务公开工作总结", "001"),
        ("全縣黨務公開工作總結", "001"),
        ("推动街道事业健康发展", "004"),
        ("推動街道事業健康發展", "004"),
    ] {
        assert!(found_ids(&app, q).await.contains(&id(seed)), "{q} finds seed {seed}");
    }
    // Two characters and one: the queries trigram indexes cannot answer.
    assert!(found_ids(&app, "公开").await.len() >= 4);
    assert!(!found_ids(&app, "曬").await.is_empty());
    let (_, body) = search(&app, "q=%E6%99%92%E5%9C%A8%E9%98%B3%E5%85%89%E4%B8%8B").await; // 晒在阳光下
    let hit = &body["hits"][0];
    assert_eq!(hit["id"], id("003"));
    assert!(hit["snippet"].as_str().unwrap().contains("<mark>曬在陽光下</mark>"), "original script: {hit}");
    assert_eq!(hit["org"], "st-a");
    assert_eq!(hit["org_name"], "东湖街道");
    assert!(hit["published_at"].as_str().is_some());
});

on_both_backends!(withdrawn_records_leave_and_drafts_never_enter, |app: TestApp| async move {
    let editor = app.token("editor_a").await;
    app.draft(&editor, "尚未送审的征地补偿草稿").await;
    let id = app.published("城区道路改造工程结果公示").await;
    app.state.follow_search().await;
    assert!(found_ids(&app, "征地补偿草稿").await.is_empty(), "a draft is never indexed");
    assert_eq!(found_ids(&app, "道路改造").await, std::slice::from_ref(&id));
    let reviewer = app.token("reviewer_a").await;
    let (status, body) =
        app.post(&reviewer, &format!("/api/v1/disclosures/{id}/withdraw"), json!({ "reason": "内容有误" })).await;
    assert_eq!(status, 200, "{body}");
    app.state.follow_search().await;
    assert!(found_ids(&app, "道路改造").await.is_empty(), "withdrawn: gone from the API");
    let (_, page) = app.page("/search?q=%E9%81%93%E8%B7%AF%E6%94%B9%E9%80%A0").await;
    assert!(page.contains("没有找到相符的信息"), "and from the page");
});

on_both_backends!(another_node_and_a_restarted_one_catch_up, |app: TestApp| async move {
    let second_root = app.dir.join("second-node-search");
    let second = open_search(&app.store, &second_root).await;
    let id = app.published("第二节点可见的供水管网公告").await;
    second.catch_up(&app.store).await.unwrap();
    let req = |q: &str| gongkai_search::SearchRequest {
        q: q.into(),
        filters: Default::default(),
        after: None,
        limit: 10,
        now: app.store.clock.now(),
        today: app.store.clock.today(),
    };
    assert_eq!(second.search(&req("供水管网")).unwrap().hits[0].id, id, "the other node finds it");
    // The node stops; records are published meanwhile; it starts again from its commit.
    drop(second);
    let later = app.published("停机期间发布的燃气检修通知").await;
    let (restarted, needs_build) = gongkai_search::SearchIndex::open(&second_root).unwrap();
    assert!(!needs_build, "the stored index is used");
    assert!(restarted.search(&req("燃气检修")).unwrap().hits.is_empty());
    assert!(restarted.catch_up(&app.store).await.unwrap() > 0);
    assert_eq!(restarted.search(&req("燃气检修")).unwrap().hits[0].id, later);
});

on_both_backends!(a_rebuild_answers_from_the_old_index_until_it_is_done, |app: TestApp| async move {
    let id = app.published("重建前已有的防汛预案").await;
    app.state.follow_search().await;
    let root = app.dir.join("search");
    let before = app.state.search.live().name.clone();
    // As `gongkai index rebuild` does it, beside the running server.
    let report = gongkai_search::rebuild_at(&root, &app.store).await.unwrap();
    assert!(report.records >= 1 && report.orgs >= 3, "{report:?}");
    assert_eq!(app.state.search.live().name, before, "still the old generation");
    assert_eq!(found_ids(&app, "防汛预案").await, std::slice::from_ref(&id));
    app.state.follow_search().await;
    assert_ne!(app.state.search.live().name, before, "changed over");
    assert!(!root.join(&before).exists(), "the old generation is removed");
    assert_eq!(found_ids(&app, "防汛预案").await, [id]);
});

/// A one-page PDF that says `text` in Helvetica, with a correct cross-reference table.
fn pdf(text: &str) -> Vec<u8> {
    let stream = format!("BT /F1 12 Tf 72 720 Td ({text}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{stream}\nendstream", stream.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (n, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{body}\nendobj\n", n + 1).as_bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
    );
    out
}

on_both_backends!(attachments_are_found_by_their_text, |app: TestApp| async move {
    let editor = app.token("editor_a").await;
    let reviewer = app.token("reviewer_a").await;
    let id = app.draft(&editor, "附件检索测试").await;
    let types =
        br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#;
    let document =
        "<w:document><w:body><w:p><w:r><w:t>桂花巷排水改造&amp;验收意见</w:t></w:r></w:p></w:body></w:document>";
    let docx = package(&[("[Content_Types].xml", types), ("word/document.xml", document.as_bytes())]);
    assert_eq!(app.upload(&editor, &id, "验收意见.docx", docx).await.0, 201);
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet().write_string(2, 1, "枇杷园小区加装电梯补贴").unwrap();
    assert_eq!(app.upload(&editor, &id, "补贴名单.xlsx", book.save_to_buffer().unwrap()).await.0, 201);
    assert_eq!(app.upload(&editor, &id, "notice.pdf", pdf("Riverside culvert inspection")).await.0, 201);
    assert_eq!(app.post(&editor, &format!("/api/v1/disclosures/{id}/submit"), json!({})).await.0, 200);
    assert_eq!(app.post(&reviewer, &format!("/api/v1/disclosures/{id}/approve"), json!({})).await.0, 200);
    app.state.follow_search().await;
    for q in ["排水改造", "加装电梯补贴", "culvert", "验收意见.docx"] {
        assert_eq!(found_ids(&app, q).await, std::slice::from_ref(&id), "{q}");
    }
    let (_, body) = search(&app, "q=%E9%99%84%E4%BB%B6&type=pdf").await;
    assert_eq!(body["total"], 1, "{body}");
    let types: Vec<&str> =
        body["facets"]["file_types"].as_array().unwrap().iter().map(|f| f["value"].as_str().unwrap()).collect();
    assert_eq!(types.len(), 3, "{types:?}");
});

on_both_backends!(bad_input_gets_a_result_or_a_clear_400, |app: TestApp| async move {
    app.published("东湖街道道路养护公告").await;
    app.state.follow_search().await;
    // Ten kilobytes, in letters and in characters.
    let letters = "a".repeat(10_000);
    let characters = "%E5%85%AC".repeat(3_400);
    for (query, code) in [
        (format!("q={letters}"), "query_too_long"),
        (format!("q={characters}"), "query_too_long"),
        ("q=%E5%85%AC&org=nowhere".into(), "unknown_org"),
        ("q=%E5%85%AC&catalog=zz-99".into(), "unknown_catalog_item"),
        ("q=%E5%85%AC&domain=other".into(), "invalid_domain"),
        ("q=%E5%85%AC&year=abc".into(), "invalid_year"),
        ("q=%E5%85%AC&type=exe".into(), "invalid_file_type"),
        ("q=%E5%85%AC&kind=user".into(), "invalid_kind"),
        ("q=%E5%85%AC&after=garbage".into(), "invalid_cursor"),
        ("q=%E5%85%AC&limit=0".into(), "invalid_limit"),
    ] {
        let (status, body) = search(&app, &query).await;
        assert_eq!((status, body["code"].as_str()), (400, Some(code)), "{}", &query[..query.len().min(60)]);
        assert!(body["message"].as_str().is_some_and(|m| !m.is_ascii()), "a Chinese message: {body}");
        let (status, page) = app.page(&format!("/search?{query}")).await;
        assert_eq!(status, 400, "the page too");
        assert!(page.contains("<form class=\"search\""), "the error page keeps the search box");
    }
    for query in [
        "q=",
        "",
        "q=%22%E9%81%93%E8%B7%AF",                    // "道路 with its quote left open
        "q=AND+OR+NOT+((",                            // operators are text
        "q=%00%07%1B%E9%81%93%E8%B7%AF",              // control characters
        "q=%FF%FE%E9%81%93",                          // not UTF-8
        "q=%E9%81%93&after=ff7fffff0000000000000000", // a cursor past the end
    ] {
        let (status, body) = search(&app, query).await;
        assert_eq!(status, 200, "{query}: {body}");
        let (status, _) = app.page(&format!("/search?{query}")).await;
        assert_eq!(status, 200, "{query} on the page");
    }
    let (_, body) = search(&app, "q=%E9%81%93&after=ff7fffff0000000000000000").await;
    assert_eq!(body["hits"].as_array().unwrap().len(), 0);
    let (_, body) = search(&app, "q=%22%E9%81%93%E8%B7%AF").await;
    assert_eq!(body["total"], 1, "an open quote closes at the end");
});

on_both_backends!(the_portal_has_a_search_box_results_facets_and_suggestions, |app: TestApp| async move {
    let id = app.published("党务公开目录编制说明").await;
    app.state.follow_search().await;
    for path in ["/", "/org/st-a", &format!("/d/{id}"), "/search"] {
        let (status, page) = app.page(path).await;
        assert_eq!(status, 200, "{path}");
        assert!(page.contains("action=\"/search\""), "a search box on {path}");
    }
    let (status, page) = app.page("/search?q=dwgk").await;
    assert_eq!(status, 200);
    assert!(page.contains(&format!("/d/{id}")), "initials find the title");
    let (_, page) = app.page("/search?q=%E7%BC%96%E5%88%B6").await; // 编制
    assert!(page.contains("<mark>编制</mark>"));
    assert!(page.contains("共找到 <strong>1</strong> 条结果"));
    let (_, body) = app.get_json(None, "/api/v1/search/suggest?q=%E5%85%9A%E5%8A%A1").await; // 党务
    assert_eq!(body["titles"], json!(["党务公开目录编制说明"]));
    let (_, body) = app.get_json(None, "/api/v1/search/suggest?q=dwgk").await;
    assert_eq!(body["titles"], json!(["党务公开目录编制说明"]));
    let (_, doc) = app.get_json(None, "/api/v1/openapi.json").await;
    assert!(doc["paths"]["/search"]["get"].is_object() && doc["paths"]["/search/suggest"]["get"].is_object());
    // The organisation itself is found by its name's initials.
    let (_, body) = search(&app, "q=dhjd&kind=org").await;
    assert_eq!(body["hits"][0]["id"], "st-a", "{body}");
    assert_eq!(body["hits"][0]["url"], "/org/st-a");
});

on_both_backends!(a_renamed_template_item_is_found_by_its_new_name, |app: TestApp| async move {
    let id = app.published("东湖街道四月工作安排").await;
    app.state.follow_search().await;
    assert!(found_ids(&app, "社区议事纪实").await.is_empty());
    // The administrator renames the street template's 工作动态 (what loading its table does).
    let db = &app.store.db;
    let admin = db.user_by_name("admin").await.unwrap().unwrap().actor().unwrap();
    let mut template = db.template(gongkai_core::org::OrgKind::Street).await.unwrap();
    let item = template.iter_mut().find(|i| i.code.as_str() == "zw-any").expect("the street template holds zw-any");
    item.name = "社区议事纪实".into();
    let load = app.store.load_template(&admin, gongkai_core::org::OrgKind::Street, template).await.unwrap();
    assert_eq!(load.changed.len(), 1, "{load:?}");
    app.state.follow_search().await;
    assert_eq!(found_ids(&app, "社区议事纪实").await, [id], "records filed under it carry the new name");
});
