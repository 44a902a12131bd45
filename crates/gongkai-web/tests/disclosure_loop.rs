//! The disclosure loop as users see it: draft, review, publication on the portal, new
//! versions, stage timelines, withdrawal and timed publishing.

mod common;

use common::TestApp;
use serde_json::json;

on_both_backends!(draft_review_publish_and_read, |app: TestApp| async move {
    let editor = app.token("editor_a").await;
    let reviewer = app.token("reviewer_a").await;
    let (status, draft) = app
        .post(
            &editor,
            "/api/v1/disclosures",
            json!({ "org": "st-a", "catalog_item": "zw-short", "title": "关于张三同志任前公示", "body": "<p>拟任街道办事处副主任。</p><script>alert(1)</script>",
                    "publicity_start": "2026-11-02", "publicity_end": "2026-11-08" }),
        )
        .await;
    assert_eq!(status, 201, "{draft}");
    assert_eq!(draft["state"], "draft");
    assert!(!draft["body_html"].as_str().unwrap().contains("script"));
    let id = draft["id"].as_str().unwrap();
    // Not public yet.
    assert_eq!(app.page(&format!("/d/{id}")).await.0, 404);
    let (status, submitted) = app.post(&editor, &format!("/api/v1/disclosures/{id}/submit"), json!({})).await;
    assert_eq!((status, submitted["state"].as_str()), (200, Some("submitted")));
    let (status, approved) = app.post(&reviewer, &format!("/api/v1/disclosures/{id}/approve"), json!({})).await;
    assert_eq!((status, approved["state"].as_str()), (200, Some("published")), "{approved}");
    let (status, page) = app.page(&format!("/d/{id}")).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("关于张三同志任前公示") && page.contains("2026-11-02 至 2026-11-08") && page.contains("任前公示")
    );
    let (_, home) = app.page("/").await;
    assert!(home.contains("关于张三同志任前公示"), "home lists the new record");
    let (_, org_page) = app.page("/org/st-a?c=zw-short").await;
    assert!(org_page.contains("关于张三同志任前公示"));
    let (status, public) = app.get_json(None, &format!("/api/v1/disclosures/{id}")).await;
    assert_eq!((status, public["state"].as_str()), (200, Some("published")));
});

on_both_backends!(rejection_carries_a_reason_and_allows_resubmission, |app: TestApp| async move {
    let editor = app.token("editor_a").await;
    let reviewer = app.token("reviewer_a").await;
    let id = app.draft(&editor, "三季度财务收支").await;
    app.post(&editor, &format!("/api/v1/disclosures/{id}/submit"), json!({})).await;
    let (status, body) =
        app.post(&reviewer, &format!("/api/v1/disclosures/{id}/reject"), json!({ "reason": "缺少支出明细" })).await;
    assert_eq!(
        (status, body["state"].as_str(), body["work"]["reject_reason"].as_str()),
        (200, Some("rejected"), Some("缺少支出明细"))
    );
    let (status, body) = app.post(&editor, &format!("/api/v1/disclosures/{id}/submit"), json!({})).await;
    assert_eq!((status, body["state"].as_str()), (200, Some("submitted")));
});

on_both_backends!(new_version_supersedes_and_keeps_history, |app: TestApp| async move {
    let v1 = app.published("低保对象名单").await;
    let editor = app.token("editor_a").await;
    let reviewer = app.token("reviewer_a").await;
    let (status, v2) = app
        .post(&editor, &format!("/api/v1/disclosures/{v1}/revise"), json!({ "change_note": "更正一户家庭人口数" }))
        .await;
    assert_eq!(status, 201, "{v2}");
    assert_eq!(v2["version"], 2);
    let v2 = v2["id"].as_str().unwrap().to_owned();
    // Only one open version at a time.
    let (status, body) =
        app.post(&editor, &format!("/api/v1/disclosures/{v1}/revise"), json!({ "change_note": "再改" })).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("revision_in_progress")));
    app.post(&editor, &format!("/api/v1/disclosures/{v2}/submit"), json!({})).await;
    let (status, _) = app.post(&reviewer, &format!("/api/v1/disclosures/{v2}/approve"), json!({})).await;
    assert_eq!(status, 200);
    let (_, old) = app.get_json(None, &format!("/api/v1/disclosures/{v1}")).await;
    assert_eq!(old["state"], "superseded");
    let (_, page) = app.page(&format!("/d/{v1}")).await;
    assert!(page.contains("查看最新版本") && page.contains("更正一户家庭人口数") && page.contains("第2版"), "{page}");
});

on_both_backends!(stages_form_a_timeline, |app: TestApp| async move {
    let editor = app.token("editor_a").await;
    let reviewer = app.token("reviewer_a").await;
    let (_, first) = app
        .post(&editor, "/api/v1/disclosures", json!({ "org": "st-a", "catalog_item": "zw-any", "title": "老旧小区改造方案征求意见", "body": "<p>征求意见</p>", "stage": "pre_decision" }))
        .await;
    let matter = first["matter"].as_str().expect("a staged record opens a matter").to_owned();
    let (status, second) = app
        .post(&editor, "/api/v1/disclosures", json!({ "org": "st-a", "catalog_item": "zw-any", "title": "老旧小区改造决定", "body": "<p>决定</p>", "stage": "decision", "matter": matter }))
        .await;
    assert_eq!(status, 201, "{second}");
    for record in [&first, &second] {
        let id = record["id"].as_str().unwrap();
        app.post(&editor, &format!("/api/v1/disclosures/{id}/submit"), json!({})).await;
        app.post(&reviewer, &format!("/api/v1/disclosures/{id}/approve"), json!({})).await;
    }
    let (_, page) = app.page(&format!("/d/{}", second["id"].as_str().unwrap())).await;
    let before = page.find("老旧小区改造方案征求意见").expect("first stage listed");
    assert!(page.contains("事项进程") && page.contains("事前公开") && page.contains("决策公开"));
    assert!(before < page.rfind("老旧小区改造决定").unwrap());
});

on_both_backends!(withdrawal_keeps_a_notice_page, |app: TestApp| async move {
    let id = app.published("某项目招标公告").await;
    let reviewer = app.token("reviewer_a").await;
    let (status, body) =
        app.post(&reviewer, &format!("/api/v1/disclosures/{id}/withdraw"), json!({ "reason": "项目暂缓实施" })).await;
    assert_eq!((status, body["state"].as_str()), (200, Some("withdrawn")));
    let (status, page) = app.page(&format!("/d/{id}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("撤回公告") && page.contains("项目暂缓实施"));
    assert!(!page.contains("正文内容"), "the withdrawn body is no longer shown");
    let (_, home) = app.page("/").await;
    assert!(!home.contains("某项目招标公告"));
});

on_both_backends!(scheduled_record_publishes_exactly_once_across_two_nodes, |app: TestApp| async move {
    let editor = app.token("editor_a").await;
    let reviewer = app.token("reviewer_a").await;
    let at = common::start_time() + chrono::Duration::hours(1);
    let (_, draft) = app
        .post(&editor, "/api/v1/disclosures", json!({ "org": "st-a", "catalog_item": "zw-any", "title": "定时发布的通知", "body": "<p>通知</p>", "publish_at": at.to_rfc3339() }))
        .await;
    let id = draft["id"].as_str().unwrap().to_owned();
    app.post(&editor, &format!("/api/v1/disclosures/{id}/submit"), json!({})).await;
    let (_, body) = app.post(&reviewer, &format!("/api/v1/disclosures/{id}/approve"), json!({})).await;
    assert_eq!(body["state"], "scheduled");
    assert_eq!(app.page(&format!("/d/{id}")).await.0, 404, "not public before its time");
    // A second node on the same database (for SQLite: a second store on the same file).
    let clock = std::sync::Arc::new(app.clock.clone());
    let second = gongkai_store::Store::open_with_clock(&app.dir, app.database_url.as_deref(), clock).await.unwrap();
    assert_eq!(app.store.publish_due().await.unwrap(), 0, "not before its time");
    app.clock.set(at + chrono::Duration::seconds(1));
    let (a, b) = tokio::join!(app.store.publish_due(), second.publish_due());
    assert_eq!(a.unwrap() + b.unwrap(), 1, "published by exactly one node");
    let publications = app.audited("publish", &id).await;
    assert_eq!(publications, 1);
    app.state.follow_feed().await;
    assert_eq!(app.page(&format!("/d/{id}")).await.0, 200);
});

on_both_backends!(portal_pages_and_api_descriptions, |app: TestApp| async move {
    let r = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.headers().get("content-security-policy").is_some());
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    let (status, spec) = app.get_json(None, "/api/v1/openapi.json").await;
    assert_eq!(status, 200);
    assert!(spec["paths"]["/disclosures"]["post"].is_object());
    assert!(
        spec["paths"]["/orgs/{code}"]["put"].is_object() && spec["paths"]["/orgs/{code}/catalog"]["post"].is_object()
    );
    let (_, orgs) = app.get_json(None, "/api/v1/orgs").await;
    let st_a = orgs.as_array().unwrap().iter().find(|o| o["code"] == "st-a").unwrap();
    assert_eq!((st_a["name"].as_str(), st_a["parent"].as_str()), (Some("东湖街道"), Some("city")));
    let (_, catalog) = app.get_json(None, "/api/v1/orgs/st-a/catalog").await;
    assert!(catalog.as_array().unwrap().iter().any(|i| i["code"] == "zw-short" && i["leaf"] == true));
    let (status, page) = app.page("/org/st-a").await;
    assert_eq!(status, 200);
    assert!(page.contains("东湖街道") && page.contains("任前公示") && page.contains("王书记"));
    assert_eq!(app.page("/org/nope").await.0, 404);
});

on_both_backends!(publicity_period_ends_and_the_record_expires, |app: TestApp| async move {
    let editor = app.token("editor_a").await;
    let reviewer = app.token("reviewer_a").await;
    let (status, draft) = app
        .post(&editor, "/api/v1/disclosures", json!({ "org": "st-a", "catalog_item": "zw-short", "title": "拟任职人选公示", "body": "<p>公示内容</p>", "publicity_start": "2026-03-02", "publicity_end": "2026-03-08" }))
        .await;
    assert_eq!(status, 201, "{draft}");
    let id = draft["id"].as_str().unwrap().to_owned();
    app.post(&editor, &format!("/api/v1/disclosures/{id}/submit"), json!({})).await;
    let (_, body) = app.post(&reviewer, &format!("/api/v1/disclosures/{id}/approve"), json!({})).await;
    assert_eq!(body["state"], "published");
    // 23:30 on the last day, China time: the period still runs.
    app.clock.set(chrono::DateTime::parse_from_rfc3339("2026-03-08T15:30:00Z").unwrap().into());
    assert_eq!(app.run_scheduler().await, (0, 0), "the last day still belongs to the period");
    // Half past midnight the next day.
    app.clock.set(chrono::DateTime::parse_from_rfc3339("2026-03-08T16:30:00Z").unwrap().into());
    assert_eq!(app.run_scheduler().await, (0, 1));
    assert_eq!(app.run_scheduler().await, (0, 0));
    let (status, _) = app.get_json(Some(editor.as_str()), &format!("/api/v1/disclosures/{id}")).await;
    assert_eq!(status, 401, "a session ends after twelve hours");
    let editor = app.token("editor_a").await;
    let (_, record) = app.get_json(Some(editor.as_str()), &format!("/api/v1/disclosures/{id}")).await;
    assert_eq!(record["state"], "expired");
    assert_eq!(app.audited("expire", &id).await, 1, "expired once, by the first round");
    let (status, page) = app.page(&format!("/d/{id}")).await;
    assert_eq!(status, 200, "an expired record stays readable");
    assert!(page.contains("公示期满") && page.contains("公示内容"));
});

on_both_backends!(org_details_and_catalogue_additions_through_the_api, |app: TestApp| async move {
    let editor = app.token("editor_a").await;
    let details = json!({
        "address": "东湖路1号", "phone": "0571-8800001", "first_responsible": "李明",
        "leaders": [{ "name": "李明", "post": "党工委书记", "duties": "主持党工委全面工作", "phone": "0571-8800002" },
                    { "name": "周芳", "post": "办事处主任", "duties": "主持办事处行政工作" }]
    });
    let (status, change) = app.put(&editor, "/api/v1/orgs/st-a", details).await;
    assert_eq!((status, change["state"].as_str()), (202, Some("waiting")), "{change}");
    let (_, page) = app.page("/org/st-a").await;
    assert!(!page.contains("东湖路1号"), "nothing is public before review");
    let reviewer = app.token("reviewer_a").await;
    let (status, org) = app.post(&reviewer, "/api/v1/orgs/st-a/change/approve", json!({})).await;
    assert_eq!(status, 200, "{org}");
    assert_eq!(
        (org["first_responsible"].as_str(), org["leaders"][1]["post"].as_str()),
        (Some("李明"), Some("办事处主任"))
    );
    let (_, page) = app.page("/org/st-a").await;
    assert!(page.contains("东湖路1号") && page.contains("周芳"), "the public page shows the new details: {page}");

    let heading = json!({ "code": "st-a-old-housing", "name": "老旧小区改造" });
    let (status, item) = app.post(&editor, "/api/v1/orgs/st-a/catalog", heading).await;
    assert_eq!(status, 201, "{item}");
    assert_eq!((item["level"].as_i64(), item["leaf"].as_bool()), (Some(1), Some(false)));
    let leaf = json!({ "code": "st-a-old-housing-plan", "parent": "st-a-old-housing", "name": "改造计划及进度",
                       "leaf": { "domain": "政务", "time_class": "phase", "basis": "街道年度工作计划" } });
    let (status, item) = app.post(&editor, "/api/v1/orgs/st-a/catalog", leaf).await;
    assert_eq!(status, 201, "{item}");
    assert_eq!((item["level"].as_i64(), item["leaf"].as_bool()), (Some(2), Some(true)));
    assert_eq!(
        (item["rules"]["domain"].as_str(), item["rules"]["time_class"].as_str()),
        (Some("government"), Some("phase"))
    );
    assert_eq!(item["rules"]["responsible"], "东湖街道", "the organisation publishes its own additions");

    let (_, catalog) = app.get_json(None, "/api/v1/orgs/st-a/catalog").await;
    assert!(catalog.as_array().unwrap().iter().any(|i| i["code"] == "st-a-old-housing-plan"));
    let (_, other) = app.get_json(None, "/api/v1/orgs/st-b/catalog").await;
    assert!(
        !other.as_array().unwrap().iter().any(|i| i["code"] == "st-a-old-housing-plan"),
        "additions stay with their organisation"
    );
    let draft = json!({ "org": "st-a", "catalog_item": "st-a-old-housing-plan", "title": "2026年老旧小区改造计划", "body": "<p>计划</p>",
                        "publicity_start": "2026-03-01", "publicity_end": "2026-04-30" });
    assert_eq!(
        app.post(&editor, "/api/v1/disclosures", draft).await.0,
        201,
        "records are published against the new leaf"
    );
    let audited = app
        .store
        .db
        .fetch_one::<(i64,)>(gongkai_store::q(
            "SELECT COUNT(*) FROM audit_log WHERE actor = 'editor_a' AND action IN ('propose_org_details', 'create_catalog_item')",
        ))
        .await
        .unwrap()
        .0;
    assert_eq!(audited, 3);
});

on_both_backends!(a_backlog_of_ended_periods_expires_in_one_round, |app: TestApp| async move {
    use gongkai_core::record::RecordState;
    let ended = gongkai_store::records::import::ImportRecord {
        org: gongkai_core::org::OrgCode::parse("st-a").unwrap(),
        catalog: gongkai_core::catalog::CatalogCode::parse("zw-short").unwrap(),
        title: "任前公示".into(),
        summary: None,
        body_html: "<p>公示</p>".into(),
        personal_data: false,
        stage: None,
        matter: None,
        publicity_start: chrono::NaiveDate::from_ymd_opt(2026, 1, 5),
        publicity_end: chrono::NaiveDate::from_ymd_opt(2026, 1, 12),
        published_at: chrono::DateTime::from_timestamp(1_767_571_200, 0).unwrap(),
        state: RecordState::Published,
        withdraw_reason: None,
        previous: None,
        change_note: None,
        doc_number: None,
        written_on: chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
        topic: gongkai_core::record::Topic::Labour,
        effect: None,
    };
    let mut batch = app.store.import_batch().await.unwrap();
    for _ in 0..450 {
        batch.record(&ended).await.unwrap();
    }
    batch.commit().await.unwrap();
    app.clock.set(chrono::DateTime::parse_from_rfc3339("2026-01-13T02:00:00Z").unwrap().into());
    assert_eq!(app.store.expire_due().await.unwrap(), 450, "more than two batches in one round");
    assert_eq!(app.store.expire_due().await.unwrap(), 0);
});

on_both_backends!(timed_work_goes_on_past_a_record_that_fails, |app: TestApp| async move {
    let at = (common::start_time() + chrono::Duration::hours(1)).to_rfc3339();
    let mut ids = Vec::new();
    for title in ["定时发布甲", "定时发布乙", "定时发布丙"] {
        let body =
            json!({ "org": "st-a", "catalog_item": "zw-any", "title": title, "body": "<p>通知</p>", "publish_at": at });
        let (id, state) = app.through_review(body).await;
        assert_eq!(state, "scheduled");
        ids.push(id);
    }
    // The middle one's stored row no longer parses: a fault for the operator (500), not a stop.
    app.raw(&format!("UPDATE records SET contributors = 'not json' WHERE id = '{}'", ids[1])).await.unwrap();
    app.clock.set(common::start_time() + chrono::Duration::hours(2));
    assert_eq!(app.store.publish_due().await.unwrap(), 2, "the others are published");
    for (n, id) in ids.iter().enumerate() {
        let expected = if n == 1 { 500 } else { 200 };
        assert_eq!(app.page(&format!("/d/{id}")).await.0, expected, "record {n}");
    }
});
