//! The annual report: tables computed from the year's requests, reviews and records,
//! downloaded as a workbook, and published as a record through the normal review.

mod common;

use common::TestApp;
use serde_json::{json, Value};

async fn received(app: &TestApp, kind: &str) -> String {
    let editor = app.token("editor_a").await;
    let mut body = json!({
        "org": "st-a", "applicant_kind": kind, "name": "申请人", "contact": "13812345678",
        "description": "某项政府信息", "delivery": "电子邮件", "email": "a@example.cn",
    });
    if kind == "自然人" {
        body["id_number"] = json!("11010519491231002X");
    }
    body["channel"] = json!("当面");
    body["received_on"] = json!("2026-03-02");
    let (status, _) = app.post(&editor, "/api/v1/requests", body).await;
    assert_eq!(status, 201);
    let (_, list) = app.get_json(Some(&editor), "/api/v1/orgs/st-a/requests").await;
    list.as_array().unwrap().last().unwrap()["id"].as_str().unwrap().to_owned()
}

async fn act(app: &TestApp, id: &str, body: Value) {
    let editor = app.token("editor_a").await;
    let (status, answer) = app.post(&editor, &format!("/api/v1/requests/id/{id}/actions"), body).await;
    assert_eq!(status, 200, "{answer}");
}

fn row<'a>(report: &'a Value, label: &str) -> &'a Value {
    report["requests"].as_array().unwrap().iter().find(|l| l["label"] == label).map(|l| &l["counts"]).unwrap()
}

on_both_backends!(the_annual_report_counts_what_was_recorded_and_goes_through_review, |app: TestApp| async move {
    let person = received(&app, "自然人").await;
    let firm = received(&app, "商业企业").await;
    received(&app, "法律服务机构").await;
    act(&app, &person, json!({"action": "answer", "outcome": "予以公开"})).await;
    act(&app, &firm, json!({"action": "answer", "outcome": "not_held", "reason": "经检索，本机关未制作或获取该信息"}))
        .await;
    act(&app, &firm, json!({"action": "record_review", "result": "结果维持"})).await;

    let editor = app.token("editor_a").await;
    let (status, report) = app.get_json(Some(&editor), "/api/v1/orgs/st-a/annual-reports/2026").await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["title"], "东湖街道2026年政府信息公开工作年度报告");
    assert_eq!(row(&report, "一、本年新收政府信息公开申请数量"), &json!([1, 1, 0, 0, 1, 0, 3]));
    assert_eq!(row(&report, "（一）予以公开"), &json!([1, 0, 0, 0, 0, 0, 1]));
    assert_eq!(row(&report, "1．本机关不掌握相关政府信息"), &json!([0, 1, 0, 0, 0, 0, 1]));
    assert_eq!(row(&report, "（七）总计"), &json!([1, 1, 0, 0, 0, 0, 2]));
    assert_eq!(row(&report, "四、结转下年度继续办理"), &json!([0, 0, 0, 0, 1, 0, 1]));
    assert_eq!(report["review"], json!([1, 0, 0, 0, 1]));
    let (_, next) = app.get_json(Some(&editor), "/api/v1/orgs/st-a/annual-reports/2027").await;
    assert_eq!(row(&next, "二、上年结转政府信息公开申请数量"), &json!([0, 0, 0, 0, 1, 0, 1]));

    let r = app
        .client
        .get(app.url("/api/v1/orgs/st-a/annual-reports/2026/table"))
        .bearer_auth(&editor)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let sheet = gongkai_sheets::read_xlsx(&r.bytes().await.unwrap()).unwrap();
    assert!(sheet
        .rows
        .iter()
        .any(|r| r.first().is_some_and(|c| c == "（七）总计") && r.last().is_some_and(|c| c == "2")));

    // Other units and the public see none of it.
    let other = app.token("editor_b").await;
    assert_eq!(app.get_json(Some(&other), "/api/v1/orgs/st-a/annual-reports/2026").await.0, 404);
    assert_eq!(app.get_json(None, "/api/v1/orgs/st-a/annual-reports/2026").await.0, 401);
    assert_eq!(app.get_json(Some(&editor), "/api/v1/orgs/st-a/annual-reports/20x6").await.0, 422);

    let texts = json!({"overview": "2026年，东湖街道认真贯彻落实《中华人民共和国政府信息公开条例》。", "problems": "依申请公开答复的规范性有待提高。", "fees": "0"});
    let item = json!({ "code": "gk-nb", "parent": "zw", "name": "政府信息公开工作年度报告",
                       "leaf": { "time_class": "long", "domain": "government", "power": "affairs" } });
    let (status, body) = app.post(&editor, "/api/v1/orgs/st-a/annual-reports/2026", texts.clone()).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("year_not_over")));
    // In January the year is over and its report is written.
    app.clock.set(common::start_time() + chrono::Duration::days(314));
    let editor = app.token("editor_a").await;
    let (status, body) = app.post(&editor, "/api/v1/orgs/st-a/annual-reports/2026", texts.clone()).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("no_report_item")), "no such item in the catalogue yet");
    assert_eq!(app.post(&editor, "/api/v1/orgs/st-a/catalog", item).await.0, 201);
    app.state.follow_feed().await;
    let (status, body) = app.post(&editor, "/api/v1/orgs/st-a/annual-reports/2026", json!({"overview": ""})).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("missing_field")));
    let (status, body) = app.post(&editor, "/api/v1/orgs/st-a/annual-reports/2026", texts).await;
    assert_eq!(status, 201, "{body}");
    let record = body["record"].as_str().unwrap().to_owned();
    assert_eq!(app.post(&editor, &format!("/api/v1/disclosures/{record}/submit"), json!({})).await.0, 200);
    let reviewer = app.token("reviewer_a").await;
    assert_eq!(app.post(&reviewer, &format!("/api/v1/disclosures/{record}/approve"), json!({})).await.0, 200);
    app.state.follow_feed().await;
    let (status, page) = app.page(&format!("/d/{record}")).await;
    assert_eq!(status, 200);
    for words in [
        "东湖街道2026年政府信息公开工作年度报告",
        "三、收到和处理政府信息公开申请情况",
        "本机关不掌握相关政府信息",
        "依申请公开答复的规范性有待提高",
    ] {
        assert!(page.contains(words), "the published report says {words}");
    }
});

on_both_backends!(the_back_office_shows_the_tables_and_drafts_the_report, |app: TestApp| async move {
    received(&app, "科研机构").await;
    let (session, csrf) = app.web_session("editor_a").await;
    let page = |path: &str| {
        let request = app.client.get(app.url(path)).header("cookie", &session);
        async move {
            let r = request.send().await.unwrap();
            (r.status().as_u16(), r.text().await.unwrap())
        }
    };
    let (status, text) = page("/admin/annual-report?year=2026").await;
    assert_eq!(status, 200);
    assert!(
        text.contains("东湖街道2026年政府信息公开工作年度报告") && text.contains("一、本年新收政府信息公开申请数量")
    );
    let item = json!({ "code": "gk-nb", "parent": "zw", "name": "政府信息公开工作年度报告",
                       "leaf": { "time_class": "long", "domain": "government", "power": "affairs" } });
    let editor = app.token("editor_a").await;
    assert_eq!(app.post(&editor, "/api/v1/orgs/st-a/catalog", item).await.0, 201);
    app.state.follow_feed().await;
    let form = [
        ("csrf", csrf.as_str()),
        ("org", "st-a"),
        ("year", "2026"),
        ("overview", "总体情况"),
        ("problems", "问题"),
        ("other", ""),
        ("fees", "很多"),
    ];
    let (status, text) = app.post_form(&session, "/admin/annual-report", &form).await;
    assert_eq!(status, 200);
    assert!(text.contains("应为以万元计的数字") && text.contains("总体情况"), "refused, with what was typed");
    let (status, text) = app
        .post_form(
            &session,
            "/admin/annual-report",
            &[form.as_slice(), &[]]
                .concat()
                .iter()
                .map(|(k, v)| if *k == "fees" { (*k, "3.5") } else { (*k, *v) })
                .collect::<Vec<_>>(),
        )
        .await;
    assert_eq!(status, 200);
    assert!(text.contains("尚未结束"), "not before the year is over");
    app.clock.set(common::start_time() + chrono::Duration::days(314));
    let (session, csrf) = app.web_session("editor_a").await;
    let mut form = form.to_vec();
    form[0] = ("csrf", csrf.as_str());
    form[6] = ("fees", "3.5");
    let r =
        app.client.post(app.url("/admin/annual-report")).header("cookie", &session).form(&form).send().await.unwrap();
    assert_eq!(r.status(), 303);
    assert!(r.headers()["location"].to_str().unwrap().starts_with("/admin/records/"));
    let r =
        app.client.get(app.url("/admin/annual-report.xlsx?year=2026")).header("cookie", &session).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let (other, _) = app.web_session("editor_b").await;
    let r = app
        .client
        .get(app.url("/admin/annual-report?org=st-a&year=2026"))
        .header("cookie", other)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
});
