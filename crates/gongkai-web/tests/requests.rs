//! 依申请公开 through the API: applications online and registered by staff, numbers
//! without gaps, tracking codes, the law's clocks through correction, consultation and
//! extension, 首问负责, and what the public and other units may see.

mod common;

use chrono::Duration;
use common::{start_time, TestApp};
use serde_json::{json, Value};

fn application() -> Value {
    json!({
        "org": "st-a",
        "applicant_kind": "自然人",
        "name": "王小明",
        "contact": "13812345678",
        "id_number": "11010519491231002X",
        "description": "2025年东湖街道城乡低保资金发放明细",
        "delivery": "在线查看",
    })
}

async fn submit(app: &TestApp, body: &Value) -> (u16, Value) {
    let r = app.client.post(app.url("/api/v1/requests")).json(body).send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// Moves the clock to 10:00 China time on `day`.
fn on(app: &TestApp, day: &str) {
    let date = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
    let start = start_time();
    let days = (date - start.date_naive()).num_days();
    app.clock.set(start + Duration::days(days));
}

async fn act(app: &TestApp, token: &str, id: &str, body: Value) -> (u16, Value) {
    app.post(token, &format!("/api/v1/requests/id/{id}/actions"), body).await
}

/// `act` as `user`, signed in at the clock's time (days pass between steps, sessions end).
async fn act_as(app: &TestApp, user: &str, id: &str, body: Value) -> (u16, Value) {
    let token = app.token(user).await;
    act(app, &token, id, body).await
}

async fn id_of(app: &TestApp, token: &str, number: &str) -> String {
    let (status, list) = app.get_json(Some(token), "/api/v1/orgs/st-a/requests").await;
    assert_eq!(status, 200, "{list}");
    let found = list.as_array().unwrap().iter().find(|r| r["number"] == number).expect("the request is listed");
    found["id"].as_str().unwrap().to_owned()
}

on_both_backends!(an_online_application_gets_a_number_a_code_and_its_due_date, |app: TestApp| async move {
    let (status, receipt) = submit(&app, &application()).await;
    assert_eq!(status, 201, "{receipt}");
    assert_eq!(receipt["number"], "2026-00001");
    assert_eq!(receipt["received_on"], "2026-03-02");
    assert_eq!(receipt["due_on"], "2026-03-30", "twenty working days after Monday 2 March");
    assert_eq!(receipt["org_name"], "东湖街道");
    let code = receipt["tracking_code"].as_str().unwrap();
    assert_eq!(code.replace('-', "").len(), 28);
    let (_, second) = submit(&app, &application()).await;
    assert_eq!(second["number"], "2026-00002");
    assert_ne!(second["tracking_code"], receipt["tracking_code"]);

    let (status, seen) = app.get_json(None, &format!("/api/v1/requests/{}", code.to_lowercase())).await;
    assert_eq!(status, 200, "{seen}");
    assert_eq!((seen["state"].as_str(), seen["due_on"].as_str()), (Some("received"), Some("2026-03-30")));
    assert_eq!(seen["history"][0]["label"], "收到申请");
    let text = seen.to_string();
    for personal in ["王小明", "13812345678", "11010519491231002X", "低保资金"] {
        assert!(!text.contains(personal), "the tracking view shows {personal}");
    }
    // An unknown code and a malformed one get the same answer.
    let unknown = "0000-0000-0000-0000-0000-0000-0000";
    let (s1, b1) = app.get_json(None, &format!("/api/v1/requests/{unknown}")).await;
    let (s2, b2) = app.get_json(None, "/api/v1/requests/not-a-code").await;
    assert_eq!((s1, s2), (404, 404));
    assert_eq!(b1, b2);
    assert_eq!(b1["code"], "unknown_tracking_code");
});

on_both_backends!(staff_register_applications_handed_in_or_posted, |app: TestApp| async move {
    let editor = app.token("editor_a").await;
    let mut letter = application();
    letter["channel"] = json!("信函");
    letter["received_on"] = json!("2026-02-13");
    let (status, receipt) = app.post(&editor, "/api/v1/requests", letter.clone()).await;
    assert_eq!(status, 201, "{receipt}");
    assert_eq!(receipt["due_on"], "2026-03-19", "signed for before the Spring Festival");
    let id = id_of(&app, &editor, "2026-00001").await;
    let (_, detail) = app.get_json(Some(&editor), &format!("/api/v1/requests/id/{id}")).await;
    assert_eq!((detail["handler"].as_str(), detail["channel"].as_str()), (Some("editor_a"), Some("信函")));

    let other = app.token("editor_b").await;
    let (status, body) = app.post(&other, "/api/v1/requests", letter.clone()).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("forbidden")));
    let (status, body) = submit(&app, &letter).await;
    assert_eq!((status, body["code"].as_str()), (401, Some("staff_only")));
    let mut tomorrow = letter.clone();
    tomorrow["received_on"] = json!("2026-03-03");
    let (status, body) = app.post(&editor, "/api/v1/requests", tomorrow).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("invalid_received_on")));
    let (status, _) = app
        .client
        .post(app.url("/api/v1/requests"))
        .bearer_auth("stale")
        .json(&letter)
        .send()
        .await
        .map(|r| (r.status().as_u16(), ()))
        .unwrap();
    assert_eq!(status, 401, "a bad token is not quietly the public");
    assert_eq!(app.count("info_requests").await, 1);
});

on_both_backends!(the_clock_through_correction_consultation_and_extension, |app: TestApp| async move {
    let editor = app.token("editor_a").await;
    let (_, receipt) = submit(&app, &application()).await;
    let id = id_of(&app, &editor, "2026-00001").await;
    let code = receipt["tracking_code"].as_str().unwrap().to_owned();

    on(&app, "2026-03-11");
    let (status, r) =
        act_as(&app, "editor_a", &id, json!({"action": "ask_correction", "what": "请写明所需信息的年度"})).await;
    assert_eq!(status, 200, "{r}");
    assert_eq!((r["state"].as_str(), r["due_on"].as_str()), (Some("correcting"), None));
    assert_eq!(r["correction_due_on"], "2026-04-01");

    on(&app, "2026-03-18");
    let (status, r) = act_as(&app, "editor_a", &id, json!({"action": "correct", "on": "2026-03-17"})).await;
    assert_eq!((status, r["state"].as_str()), (200, Some("accepted")));
    assert_eq!(r["due_on"], "2026-04-15", "twenty working days from the corrected application");
    let (status, r) = act_as(&app, "editor_a", &id, json!({"action": "ask_correction", "what": "再补"})).await;
    assert_eq!((status, r["code"].as_str()), (409, Some("correction_once")));

    // 首问负责: a colleague may not answer until the handler hands over.
    common::add_editor(&app, "editor_a2", "st-a").await;
    let (status, r) = act_as(&app, "editor_a2", &id, json!({"action": "consult", "third_party": "某物业公司"})).await;
    assert_eq!((status, r["code"].as_str()), (409, Some("first_handler")));
    let (status, r) = act_as(&app, "editor_a", &id, json!({"action": "hand_over", "to": "editor_a2"})).await;
    assert_eq!((status, r["handler"].as_str()), (200, Some("editor_a2")));
    let (status, r) = act_as(&app, "editor_a", &id, json!({"action": "consult", "third_party": "某物业公司"})).await;
    assert_eq!((status, r["code"].as_str()), (409, Some("first_handler")));

    on(&app, "2026-03-19");
    let (status, r) = act_as(&app, "editor_a2", &id, json!({"action": "consult", "third_party": "某物业公司"})).await;
    assert_eq!((status, r["state"].as_str()), (200, Some("consulting")));
    let (status, r) = act_as(&app, "editor_a2", &id, json!({"action": "answer", "outcome": "予以公开"})).await;
    assert_eq!((status, r["code"].as_str()), (409, Some("illegal_transition")));
    on(&app, "2026-03-26");
    let (_, r) = act_as(&app, "editor_a2", &id, json!({"action": "consultation_done"})).await;
    assert_eq!(r["due_on"], "2026-04-22", "five working days of consultation are not counted");

    let (status, r) =
        act_as(&app, "editor_a2", &id, json!({"action": "propose_extension", "days": 21, "reason": "档案在外"})).await;
    assert_eq!((status, r["code"].as_str()), (409, Some("extension_too_long")));
    let (status, r) =
        act_as(&app, "editor_a2", &id, json!({"action": "propose_extension", "days": 10, "reason": "需调取档案"}))
            .await;
    assert_eq!((status, r["extension_pending"].as_u64()), (200, Some(10)));
    assert_eq!(r["due_on"], "2026-04-22", "not yet approved");
    let (status, r) = act_as(&app, "editor_a2", &id, json!({"action": "approve_extension"})).await;
    assert_eq!((status, r["code"].as_str()), (403, Some("forbidden")));
    let (status, r) = act_as(&app, "reviewer_a", &id, json!({"action": "approve_extension"})).await;
    // Ten working days after 22 April, across Labour Day, end on the make-up Saturday 9 May.
    assert_eq!((status, r["due_on"].as_str()), (200, Some("2026-05-09")), "{r}");
    let (status, r) =
        act_as(&app, "editor_a2", &id, json!({"action": "propose_extension", "days": 5, "reason": "再延"})).await;
    assert_eq!((status, r["code"].as_str()), (409, Some("extension_once")));

    let (status, r) = act_as(&app, "editor_a2", &id, json!({"action": "answer", "outcome": "部分公开"})).await;
    assert_eq!((status, r["code"].as_str()), (422, Some("reason_required")));
    let answer = json!({"action": "answer", "outcome": "部分公开", "reason": "涉及个人信息的部分不予公开"});
    let (status, r) = act_as(&app, "editor_a2", &id, answer).await;
    assert_eq!((status, r["state"].as_str()), (200, Some("answered")));
    let (status, r) = act_as(&app, "editor_a2", &id, json!({"action": "accept"})).await;
    assert_eq!((status, r["code"].as_str()), (409, Some("illegal_transition")));

    let (_, seen) = app.get_json(None, &format!("/api/v1/requests/{code}")).await;
    assert_eq!(seen["answer"]["outcome_label"], "部分公开");
    assert_eq!(seen["extended_days"], 10);
    let labels: Vec<&str> = seen["history"].as_array().unwrap().iter().map(|h| h["label"].as_str().unwrap()).collect();
    assert_eq!(
        labels,
        [
            "收到申请",
            "发出补正通知",
            "收到补正材料",
            "征求第三方意见",
            "第三方意见征求结束",
            "批准延期答复",
            "作出答复"
        ]
    );
    assert!(!seen.to_string().contains("editor_a"), "staff names stay inside");
    assert!(app.audited("answer", &id).await >= 1);
});

on_both_backends!(a_correction_not_made_in_time_closes_the_request, |app: TestApp| async move {
    let editor = app.token("editor_a").await;
    let (_, receipt) = submit(&app, &application()).await;
    let id = id_of(&app, &editor, "2026-00001").await;
    on(&app, "2026-03-12");
    let (status, r) = act_as(&app, "editor_a", &id, json!({"action": "ask_correction", "what": "请写明年度"})).await;
    assert_eq!((status, r["code"].as_str()), (409, Some("correction_too_late")), "seven working days are over");
    on(&app, "2026-03-10");
    act_as(&app, "editor_a", &id, json!({"action": "ask_correction", "what": "请写明年度"})).await;
    let (status, r) = act_as(&app, "editor_a", &id, json!({"action": "lapse"})).await;
    assert_eq!((status, r["code"].as_str()), (409, Some("correction_period_running")));
    on(&app, "2026-03-31");
    assert_eq!(app.store.lapse_due().await.unwrap(), 0, "the last day of the period");
    on(&app, "2026-04-01");
    assert_eq!(app.store.lapse_due().await.unwrap(), 1, "the system closes it the day after");
    assert_eq!(app.store.lapse_due().await.unwrap(), 0);
    let (status, r) = act_as(&app, "editor_a", &id, json!({"action": "lapse"})).await;
    assert_eq!((status, r["code"].as_str()), (409, Some("illegal_transition")), "already closed");
    let (_, seen) =
        app.get_json(None, &format!("/api/v1/requests/{}", receipt["tracking_code"].as_str().unwrap())).await;
    assert_eq!(seen["answer"]["group_label"], "其他处理");
});

on_both_backends!(bad_applications_are_refused_and_nothing_is_stored, |app: TestApp| async move {
    let cases: Vec<(&str, Value, u16, &str)> = vec![
        ("contact", json!("12345"), 422, "invalid_phone"),
        ("contact", json!(""), 422, "phone_required"),
        ("id_number", json!("110105194912310021"), 422, "invalid_id_number"),
        ("id_number", json!(null), 422, "id_number_required"),
        ("applicant_kind", json!("外星人"), 422, "invalid_applicant_kind"),
        ("delivery", json!("电子邮件"), 422, "email_required"),
        ("org", json!("nowhere"), 422, "unknown_org"),
        ("description", json!("长".repeat(2001)), 422, "field_too_long"),
        ("description", json!("  "), 422, "missing_field"),
        ("website", json!("http://spam.example"), 422, "spam_suspected"),
        ("received_on", json!("2026-03-01"), 401, "staff_only"),
        ("colour", json!("red"), 400, "invalid_body"),
    ];
    for (field, value, status, code) in cases {
        let mut body = application();
        body[field] = value;
        let (got, answer) = submit(&app, &body).await;
        assert_eq!((got, answer["code"].as_str()), (status, Some(code)), "{field}: {answer}");
        assert!(!answer["message"].as_str().unwrap_or("").is_empty());
    }
    let mut organisation = application();
    organisation["applicant_kind"] = json!("商业企业");
    organisation["id_number"] = json!(null);
    let (status, receipt) = submit(&app, &organisation).await;
    assert_eq!(status, 201, "an organisation needs no identity card: {receipt}");
    assert_eq!(receipt["number"], "2026-00001", "refused applications took no number");
    assert_eq!(app.count("info_requests").await, 1);
});

on_both_backends!(a_repeated_submission_is_registered_once, |app: TestApp| async move {
    let key = "3f1c9a7e-retry-key-0001";
    let send = |body: Value| {
        let request = app.client.post(app.url("/api/v1/requests")).header("Idempotency-Key", key).json(&body);
        async move {
            let r = request.send().await.unwrap();
            let replayed = r.headers().get("idempotent-replayed").is_some();
            (r.status().as_u16(), replayed, r.json::<Value>().await.unwrap())
        }
    };
    let (status, replayed, first) = send(application()).await;
    assert_eq!((status, replayed), (201, false));
    let (status, replayed, again) = send(application()).await;
    assert_eq!((status, replayed), (201, true));
    assert_eq!(first, again, "the same number and the same code");
    let mut other = application();
    other["description"] = json!("另一项信息");
    let (status, _, body) = send(other).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("idempotency_key_reused")));
    // A double click: both arrive together.
    let twice = futures_join(send(application()), send(application())).await;
    assert_eq!(
        (twice.0 .2["number"].clone(), twice.1 .2["number"].clone()),
        (first["number"].clone(), first["number"].clone())
    );
    let r = app
        .client
        .post(app.url("/api/v1/requests"))
        .header("Idempotency-Key", "short")
        .json(&application())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(app.count("info_requests").await, 1);
});

async fn futures_join<A: std::future::Future, B: std::future::Future>(a: A, b: B) -> (A::Output, B::Output) {
    tokio::join!(a, b)
}

on_both_backends!(numbers_have_no_gaps_under_concurrent_registration, |app: TestApp| async move {
    let a = app.token("editor_a").await;
    let b = app.token("editor_b").await;
    let mut tasks = Vec::new();
    for i in 0..40 {
        let (token, org) = if i % 2 == 0 { (a.clone(), "st-a") } else { (b.clone(), "st-b") };
        let mut body = application();
        body["org"] = json!(org);
        let request = app.client.post(app.url("/api/v1/requests")).bearer_auth(token).json(&body);
        tasks.push(tokio::spawn(async move {
            let r = request.send().await.unwrap();
            assert_eq!(r.status(), 201);
            let v: Value = r.json().await.unwrap();
            (v["org"].as_str().unwrap().to_owned(), v["number"].as_str().unwrap().to_owned())
        }));
    }
    let mut numbers = std::collections::BTreeMap::<String, Vec<String>>::new();
    for t in tasks {
        let (org, number) = t.await.unwrap();
        numbers.entry(org).or_default().push(number);
    }
    for list in numbers.values_mut() {
        list.sort();
        let expected: Vec<String> = (1..=20).map(|n| format!("2026-{n:05}")).collect();
        assert_eq!(*list, expected);
    }
});

on_both_backends!(guessing_tracking_codes_is_limited, |app: TestApp| async move {
    let (_, receipt) = submit(&app, &application()).await;
    let code = receipt["tracking_code"].as_str().unwrap().to_owned();
    for _ in 0..3 {
        assert_eq!(app.get_json(None, &format!("/api/v1/requests/{code}")).await.0, 200, "finding it costs nothing");
    }
    for i in 0..20 {
        assert_eq!(app.get_json(None, &format!("/api/v1/requests/guess-{i}")).await.0, 404);
    }
    let (status, body) = app.get_json(None, "/api/v1/requests/guess-21").await;
    assert_eq!((status, body["code"].as_str()), (429, Some("too_many_requests")));
    app.clock.advance(Duration::minutes(61));
    assert_eq!(app.get_json(None, &format!("/api/v1/requests/{code}")).await.0, 200);
});

on_both_backends!(submissions_from_one_address_are_limited, |app: TestApp| async move {
    for _ in 0..10 {
        assert_eq!(submit(&app, &application()).await.0, 201);
    }
    app.clock.advance(Duration::minutes(20));
    let (status, body) = submit(&app, &application()).await;
    assert_eq!((status, body["code"].as_str()), (429, Some("too_many_requests")));
    assert_eq!(app.count("info_requests").await, 10);
    let refused = app.client.post(app.url("/api/v1/requests")).json(&application()).send().await.unwrap();
    let wait = refused.headers().get("retry-after").and_then(|v| v.to_str().ok()).map(str::to_owned);
    assert_eq!(wait.as_deref(), Some("2400"), "the first of the ten leaves the hour in 40 minutes");
});

on_both_backends!(other_units_and_the_public_see_nothing_of_a_request, |app: TestApp| async move {
    let editor = app.token("editor_a").await;
    submit(&app, &application()).await;
    let id = id_of(&app, &editor, "2026-00001").await;
    let other = app.token("editor_b").await;
    let path = format!("/api/v1/requests/id/{id}");
    assert_eq!(app.get_json(Some(&other), &path).await.0, 404);
    assert_eq!(app.get_json(None, &path).await.0, 401);
    assert_eq!(app.get_json(Some(&other), "/api/v1/orgs/st-a/requests").await.0, 404);
    let (status, _) = act(&app, &other, &id, json!({"action": "accept"})).await;
    assert_eq!(status, 404);
    let (status, body) = act(&app, &other, &id, json!({"action": "nonsense"})).await;
    assert_eq!(status, 404, "{body}");
    let supervisor = app.token("supervisor").await;
    let (status, seen) = app.get_json(Some(&supervisor), &path).await;
    assert_eq!((status, seen["applicant_name"].as_str()), (200, Some("王小明")));
    let (status, _) = act(&app, &supervisor, &id, json!({"action": "accept"})).await;
    assert_eq!(status, 403, "supervisors read, they do not handle");
});

on_both_backends!(
    released_information_reaches_the_applicant_only_with_a_disclosing_answer,
    |app: TestApp| async move {
        let editor = app.token("editor_a").await;
        let (_, receipt) = submit(&app, &application()).await;
        let code = receipt["tracking_code"].as_str().unwrap().to_owned();
        let id = id_of(&app, &editor, "2026-00001").await;
        let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".to_vec();
        let other = app.token("editor_b").await;
        let (status, _) =
            app.upload_to(&other, &format!("/api/v1/requests/id/{id}/files"), "明细.pdf", pdf.clone()).await;
        assert_eq!(status, 404, "another unit cannot attach");
        let (status, body) =
            app.upload_to(&editor, &format!("/api/v1/requests/id/{id}/files"), "run.exe", b"MZ".to_vec()).await;
        assert_eq!(status, 415, "{body}");
        let (status, file) =
            app.upload_to(&editor, &format!("/api/v1/requests/id/{id}/files"), "低保资金发放明细.pdf", pdf).await;
        assert_eq!(status, 201, "{file}");
        let file_id = file["id"].as_str().unwrap();

        // Before the answer, and after one that withholds, the applicant gets nothing.
        let (_, seen) = app.get_json(None, &format!("/api/v1/requests/{code}")).await;
        assert_eq!(seen["files"], json!([]));
        let download = format!("/api/v1/requests/{code}/files/{file_id}");
        assert_eq!(app.get_json(None, &download).await.0, 404);
        act(&app, &editor, &id, json!({"action": "answer", "outcome": "予以公开"})).await;
        let (_, seen) = app.get_json(None, &format!("/api/v1/requests/{code}")).await;
        assert_eq!(seen["files"][0]["name"], "低保资金发放明细.pdf");
        let r = app.client.get(app.url(&download)).send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert!(r.bytes().await.unwrap().starts_with(b"%PDF"));
        let wrong = "/api/v1/requests/0000-0000-0000-0000-0000-0000-0000/files/".to_owned() + file_id;
        assert_eq!(app.get_json(None, &wrong).await.0, 404, "a file needs its request's code");
        let staff = format!("/api/v1/requests/id/{id}/files/{file_id}");
        assert_eq!(app.get_json(Some(&other), &staff).await.0, 404);
        let r = app.client.get(app.url(&staff)).bearer_auth(&editor).send().await.unwrap();
        assert_eq!(r.status(), 200);

        let (status, page) = app
            .client
            .post(app.url("/track/file"))
            .form(&[("code", code.as_str()), ("file", file_id)])
            .send()
            .await
            .map(|r| (r.status().as_u16(), r.headers().get("content-disposition").cloned()))
            .unwrap();
        assert_eq!(status, 200);
        assert!(page.is_some(), "a download from the tracking page");
        act(&app, &editor, &id, json!({"action": "close"})).await;
        let (status, _) = app
            .upload_to(&editor, &format!("/api/v1/requests/id/{id}/files"), "晚了.pdf", b"%PDF-1.4\n%%EOF\n".to_vec())
            .await;
        assert_eq!(status, 409, "nothing is added to a closed request");
    }
);

on_both_backends!(a_request_sent_on_takes_the_next_number_of_its_new_unit, |app: TestApp| async move {
    let mut to_b = application();
    to_b["org"] = json!("st-b");
    assert_eq!(submit(&app, &to_b).await.1["number"], "2026-00001");
    let (_, receipt) = submit(&app, &application()).await;
    let editor = app.token("editor_a").await;
    let id = id_of(&app, &editor, "2026-00001").await;
    let (status, r) = act(&app, &editor, &id, json!({"action": "route", "to": "st-b"})).await;
    assert_eq!(status, 200, "{r}");
    let code = receipt["tracking_code"].as_str().unwrap();
    let (_, seen) = app.get_json(None, &format!("/api/v1/requests/{code}")).await;
    assert_eq!((seen["org"].as_str(), seen["number"].as_str()), (Some("st-b"), Some("2026-00002")));
    assert_eq!(submit(&app, &to_b).await.1["number"], "2026-00003", "no two requests of a unit share a number");
    assert_eq!(submit(&app, &application()).await.1["number"], "2026-00002", "the first unit goes on from its own");
    let (status, _) = app.get_json(Some(&editor), &format!("/api/v1/requests/id/{id}")).await;
    assert_eq!(status, 404, "sent on, it is the other unit's");
});
