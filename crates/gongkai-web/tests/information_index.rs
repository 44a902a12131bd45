//! 信息索引 on every surface: the 索引号 a record takes at its first publication (gapless per
//! organisation and year, kept by later versions), 文号, 成文日期, 主题分类 and 有效性 —
//! in the API, on the record page and in the back-office form — and what bad values get.

mod common;

use common::TestApp;
use serde_json::json;

on_both_backends!(index_numbers_run_without_gaps_per_unit_and_year, |app: TestApp| async move {
    let editor = app.token("editor_a").await;
    let reviewer = app.token("reviewer_a").await;
    let first = app.published("第一份").await;
    // Drafts, returned and never-published records take no number.
    let returned = app.draft(&editor, "退回的").await;
    app.post(&editor, &format!("/api/v1/disclosures/{returned}/submit"), json!({})).await;
    app.post(&reviewer, &format!("/api/v1/disclosures/{returned}/reject"), json!({ "reason": "重写" })).await;
    app.draft(&editor, "仍是草稿").await;
    let scheduled = app
        .through_review(json!({ "org": "st-a", "catalog_item": "zw-any", "title": "定时的", "body": "正文",
                                 "publish_at": "2026-03-09T09:00" }))
        .await;
    assert_eq!(scheduled.1, "scheduled");
    let second = app.published("第二份").await;
    let number = |id: String| {
        let app = &app;
        async move { app.get_json(None, &format!("/api/v1/disclosures/{id}")).await.1["index_number"].clone() }
    };
    assert_eq!(number(first.clone()).await, "st-a/2026-00001");
    assert_eq!(number(second.clone()).await, "st-a/2026-00002");
    // The scheduled one takes the next number when it goes up, not when it was approved.
    app.clock.set(chrono::DateTime::parse_from_rfc3339("2026-03-09T02:00:00Z").unwrap().into());
    assert_eq!(app.run_scheduler().await.0, 1);
    assert_eq!(number(scheduled.0).await, "st-a/2026-00003");
    // A new version keeps the number of the record it corrects.
    let (editor, reviewer) = (app.token("editor_a").await, app.token("reviewer_a").await);
    let (_, v2) =
        app.post(&editor, &format!("/api/v1/disclosures/{first}/revise"), json!({ "change_note": "更正日期" })).await;
    let v2 = v2["id"].as_str().unwrap().to_owned();
    app.post(&editor, &format!("/api/v1/disclosures/{v2}/submit"), json!({})).await;
    app.post(&reviewer, &format!("/api/v1/disclosures/{v2}/approve"), json!({})).await;
    assert_eq!(number(v2).await, "st-a/2026-00001");
    // Another unit counts from one; so does a new year (in China time).
    let editor_b = app.token("editor_b").await;
    let reviewer_b = app.token("reviewer_b").await;
    let (_, other) = app
        .post(
            &editor_b,
            "/api/v1/disclosures",
            json!({ "org": "st-b", "catalog_item": "zw-any", "title": "西山", "body": "正文" }),
        )
        .await;
    let other = other["id"].as_str().unwrap().to_owned();
    app.post(&editor_b, &format!("/api/v1/disclosures/{other}/submit"), json!({})).await;
    app.post(&reviewer_b, &format!("/api/v1/disclosures/{other}/approve"), json!({})).await;
    assert_eq!(number(other).await, "st-b/2026-00001");
    app.clock.set(chrono::DateTime::parse_from_rfc3339("2026-12-31T16:00:00Z").unwrap().into());
    assert_eq!(number(app.published("新年第一份").await).await, "st-a/2027-00001");
});

on_both_backends!(the_index_block_is_the_same_in_the_api_the_page_and_the_form, |app: TestApp| async move {
    let (id, state) = app
        .through_review(json!({ "org": "st-a", "catalog_item": "zw-any", "title": "关于调整最低生活保障标准的通知",
            "body": "各社区：\n\n经研究，决定调整。", "doc_number": "东湖街办发[2026]7号", "written_on": "2026-02-26",
            "topic": "民政、扶贫、救灾", "validity": "effective", "validity_since": "2026-03-01" }))
        .await;
    assert_eq!(state, "published");
    let (_, d) = app.get_json(None, &format!("/api/v1/disclosures/{id}")).await;
    assert_eq!(d["index_number"], "st-a/2026-00001");
    assert_eq!(d["doc_number"], "东湖街办发〔2026〕7号", "brackets put right");
    assert_eq!((d["written_on"].as_str(), d["published_on"].as_str()), (Some("2026-02-26"), Some("2026-03-02")));
    assert_eq!((d["topic"].as_str(), d["topic_label"].as_str()), (Some("civil_affairs"), Some("民政、扶贫、救灾")));
    assert_eq!(d["validity"], json!({ "status": "effective", "label": "有效", "since": "2026-03-01" }));
    assert_eq!(d["publisher"], "东湖街道");
    assert_eq!(d["body_html"], "<p>各社区：</p>\n<p>经研究，决定调整。</p>", "typed paragraphs kept");
    let (_, page) = app.page(&format!("/d/{id}")).await;
    for shown in
        ["信息索引", "st-a/2026-00001", "东湖街办发〔2026〕7号", "2026-02-26", "民政、扶贫、救灾", "自2026-03-01起施行"]
    {
        assert!(page.contains(shown), "{shown} on the page");
    }
    let (session, _) = app.web_session("editor_a").await;
    let form =
        app.client.get(app.url(&format!("/admin/records/{id}"))).header("cookie", &session).send().await.unwrap();
    let form = form.text().await.unwrap();
    assert!(form.contains("<dt>索引号</dt><dd>st-a/2026-00001</dd>") && form.contains("民政、扶贫、救灾"), "{form}");
});

on_both_backends!(the_reviewer_previews_the_public_page_before_approving, |app: TestApp| async move {
    let editor = app.token("editor_a").await;
    let (_, draft) = app
        .post(
            &editor,
            "/api/v1/disclosures",
            json!({ "org": "st-a", "catalog_item": "zw-any", "title": "待审的通知",
              "body": "第一段\n\n第二段", "doc_number": "东湖街办发〔2026〕9号" }),
        )
        .await;
    let id = draft["id"].as_str().unwrap().to_owned();
    app.post(&editor, &format!("/api/v1/disclosures/{id}/submit"), json!({})).await;
    let (reviewer, _) = app.web_session("reviewer_a").await;
    let get = |session: Option<String>, path: String| {
        let app = &app;
        async move {
            let mut request = app.client.get(app.url(&path));
            if let Some(cookie) = session {
                request = request.header("cookie", cookie);
            }
            let response = request.send().await.unwrap();
            (response.status().as_u16(), response.text().await.unwrap())
        }
    };
    let (status, form) = get(Some(reviewer.clone()), format!("/admin/records/{id}")).await;
    assert_eq!(status, 200);
    for field in ["东湖街办发〔2026〕9号", "首次发布时生成", "审核通过后立即发布", "<p>第一段</p>", "预览公开页面"]
    {
        assert!(form.contains(field), "{field} on the review page");
    }
    let (status, preview) = get(Some(reviewer), format!("/admin/records/{id}/preview")).await;
    assert_eq!(status, 200);
    assert!(preview.contains("本信息尚未公开") && preview.contains("信息索引") && preview.contains("<p>第二段</p>"));
    // Nobody outside the unit sees it, signed in or not.
    let (outsider, _) = app.web_session("editor_b").await;
    assert_eq!(get(Some(outsider), format!("/admin/records/{id}/preview")).await.0, 404);
    let (status, page) = get(None, format!("/admin/records/{id}/preview")).await;
    assert!(status == 303 || page.contains("登录"), "anonymous is sent to sign in: {status}");
    assert!(!page.contains("待审的通知"));
});

on_both_backends!(a_repealed_document_says_so_from_a_new_version, |app: TestApp| async move {
    let editor = app.token("editor_a").await;
    let reviewer = app.token("reviewer_a").await;
    let id = app.published("岚江市东湖街道物业管理办法").await;
    let (_, v2) =
        app.post(&editor, &format!("/api/v1/disclosures/{id}/revise"), json!({ "change_note": "宣布废止" })).await;
    let v2 = v2["id"].as_str().unwrap().to_owned();
    let fields = json!({ "org": "st-a", "catalog_item": "zw-any", "title": "岚江市东湖街道物业管理办法", "body": "正文",
                         "validity": "废止" });
    let (status, body) = app.put(&editor, &format!("/api/v1/disclosures/{v2}"), fields.clone()).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("missing_field")), "废止 needs its day: {body}");
    let mut fields = fields;
    fields["validity_since"] = json!("2026-03-02");
    assert_eq!(app.put(&editor, &format!("/api/v1/disclosures/{v2}"), fields).await.0, 200);
    app.post(&editor, &format!("/api/v1/disclosures/{v2}/submit"), json!({})).await;
    app.post(&reviewer, &format!("/api/v1/disclosures/{v2}/approve"), json!({})).await;
    let (_, page) = app.page(&format!("/d/{v2}")).await;
    assert!(page.contains("废止（2026-03-02废止）") && page.contains("st-a/2026-00001"), "{page}");
});

on_both_backends!(bad_index_fields_are_refused_and_nothing_is_stored, |app: TestApp| async move {
    let editor = app.token("editor_a").await;
    let before = app.count("records").await;
    let base = json!({ "org": "st-a", "catalog_item": "zw-any", "title": "通知", "body": "正文" });
    for (field, value, code) in [
        ("written_on", "2026-03-03", "written_on_in_future"),
        ("written_on", "2026-02-30", "invalid_date"),
        ("topic", "杂项", "invalid_topic"),
        ("validity", "作废", "invalid_validity"),
        ("validity_since", "2026-01-01", "missing_field"),
        ("doc_number", "岚政\n12号", "invalid_characters"),
    ] {
        let mut body = base.clone();
        body[field] = json!(value);
        let (status, answer) = app.post(&editor, "/api/v1/disclosures", body).await;
        assert_eq!((status, answer["code"].as_str()), (422, Some(code)), "{field}={value}: {answer}");
        assert!(answer["message"].as_str().is_some_and(|m| !m.is_ascii()), "a Chinese message");
    }
    assert_eq!(app.count("records").await, before);
});
