//! 意见箱和举报 through the API: letters named and anonymous, with a file or without, the
//! loop from receipt to reply, consent to publish, reports kept to supervisors, each bad
//! input refused with nothing stored, retries, tracking codes and limits.

mod common;

use common::{TestApp, PNG};
use serde_json::{json, Value};

fn letter() -> Value {
    json!({
        "org": "st-a",
        "category": "意见建议",
        "text": "建议在东湖公园南门增设无障碍坡道，方便轮椅和婴儿车通行。",
        "name": "张建国",
        "contact": "13812345678",
        "consent_to_publish": true,
    })
}

fn report() -> Value {
    json!({
        "org": "st-a",
        "category": "举报",
        "accused": "王某，东湖街道城管科科长",
        "text": "王某多次在检查中收受摊主财物。",
        "anonymous": true,
        "consent_to_publish": true,
    })
}

async fn submit(app: &TestApp, body: &Value) -> (u16, Value) {
    let r = app.client.post(app.url("/api/v1/opinions")).json(body).send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// Sends `fields` as multipart with each of `files` as an `attachment` part.
async fn submit_files(app: &TestApp, fields: &[(&str, &str)], files: &[(&str, Vec<u8>)]) -> (u16, Value) {
    let mut form = reqwest::multipart::Form::new();
    for (name, value) in fields {
        form = form.text(name.to_string(), value.to_string());
    }
    for (name, bytes) in files {
        form = form.part("attachment", reqwest::multipart::Part::bytes(bytes.clone()).file_name(name.to_string()));
    }
    let r = app.client.post(app.url("/api/v1/opinions")).multipart(form).send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// Files sent with one letter, each `(name, bytes)`.
type Files = Vec<(&'static str, Vec<u8>)>;

const ANONYMOUS: &[(&str, &str)] = &[
    ("org", "st-a"),
    ("category", "投诉"),
    ("text", "东湖路12号门前的路灯坏了一个多月，晚上出行不便。"),
    ("anonymous", "true"),
];

async fn act(app: &TestApp, token: &str, id: &str, body: Value) -> (u16, Value) {
    app.post(token, &format!("/api/v1/opinions/id/{id}/actions"), body).await
}

async fn id_of(app: &TestApp, token: &str, number: &str) -> String {
    let (status, list) = app.get_json(Some(token), "/api/v1/orgs/st-a/opinions?state=all").await;
    assert_eq!(status, 200, "{list}");
    let found = list.as_array().unwrap().iter().find(|o| o["number"] == number).expect("the letter is listed");
    found["id"].as_str().unwrap().to_owned()
}

on_both_backends!(named_and_anonymous_letters_go_round_the_loop, |app: TestApp| async move {
    let (status, receipt) = submit(&app, &letter()).await;
    assert_eq!(status, 201, "{receipt}");
    assert_eq!((receipt["number"].as_str(), receipt["received_on"].as_str()), (Some("2026-00001"), Some("2026-03-02")));
    assert_eq!((receipt["org_name"].as_str(), receipt["anonymous"].as_bool()), (Some("东湖街道"), Some(false)));
    let (status, second) = submit_files(&app, ANONYMOUS, &[("路灯.png", PNG.to_vec())]).await;
    assert_eq!((status, second["number"].as_str()), (201, Some("2026-00002")), "{second}");
    assert_eq!(second["anonymous"], true);
    let code = second["tracking_code"].as_str().unwrap().to_owned();
    assert_eq!(code.replace('-', "").len(), 28);

    let (status, seen) = app.get_json(None, &format!("/api/v1/opinions/{}", code.to_lowercase())).await;
    assert_eq!((status, seen["state"].as_str()), (200, Some("received")), "{seen}");
    assert_eq!(seen["history"][0]["label"], "收到来信");
    let (_, named) =
        app.get_json(None, &format!("/api/v1/opinions/{}", receipt["tracking_code"].as_str().unwrap())).await;
    for personal in ["张建国", "13812345678", "无障碍坡道"] {
        assert!(!named.to_string().contains(personal), "the tracking view shows {personal}");
    }

    let editor = app.token("editor_a").await;
    let id = id_of(&app, &editor, "2026-00002").await;
    let (_, detail) = app.get_json(Some(&editor), &format!("/api/v1/opinions/id/{id}")).await;
    assert_eq!((detail["anonymous"].as_bool(), detail["sender_name"].as_str()), (Some(true), None));
    assert_eq!(detail["attachment"]["media_type"], "image/png");
    let named_id = id_of(&app, &editor, "2026-00001").await;
    let (_, detail) = app.get_json(Some(&editor), &format!("/api/v1/opinions/id/{named_id}")).await;
    assert_eq!((detail["sender_name"].as_str(), detail["contact"].as_str()), (Some("张建国"), Some("13812345678")));
    let file = format!("/api/v1/opinions/id/{id}/attachment");
    let r = app.client.get(app.url(&file)).bearer_auth(&editor).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.bytes().await.unwrap().as_ref(), PNG);
    assert_eq!(app.get_json(None, &file).await.0, 401);
    assert_eq!(app.get_json(Some(&app.token("editor_b").await), &file).await.0, 404);

    assert_eq!(act(&app, &editor, &id, json!({"action": "close"})).await.1["code"], "illegal_transition");
    assert_eq!(act(&app, &editor, &id, json!({"action": "accept"})).await.0, 200);
    let colleague = common::add_editor(&app, "editor_a2", "st-a").await;
    let reply = json!({"action": "reply", "text": "已通知路灯所，3月3日修复。感谢您的监督！"});
    assert_eq!(act(&app, &colleague, &id, reply.clone()).await.1["code"], "first_handler");
    let (status, replied) = act(&app, &editor, &id, reply).await;
    assert_eq!((status, replied["state"].as_str()), (200, Some("replied")), "{replied}");
    assert_eq!(act(&app, &editor, &id, json!({"action": "hand_over", "to": "editor_a2"})).await.0, 200);
    let (status, closed) = act(&app, &colleague, &id, json!({"action": "close"})).await;
    assert_eq!((status, closed["state"].as_str()), (200, Some("closed")));

    let (_, seen) = app.get_json(None, &format!("/api/v1/opinions/{code}")).await;
    assert_eq!(seen["reply"]["text"], "已通知路灯所，3月3日修复。感谢您的监督！");
    assert_eq!(seen["published"], false);
    let labels: Vec<&str> = seen["history"].as_array().unwrap().iter().map(|h| h["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["收到来信", "受理", "答复", "办结"], "hand-overs stay inside");
    assert!(!seen.to_string().contains("editor_a"), "staff names stay inside");
    assert_eq!(app.audited("reply", &id).await, 1);
});

on_both_backends!(a_reply_is_public_only_with_the_senders_consent, |app: TestApp| async move {
    let editor = app.token("editor_a").await;
    let (_, page) = app.page("/opinions").await;
    assert!(page.contains("暂无公开的答复"), "the empty list is cached now");
    submit(&app, &letter()).await;
    let mut private = letter();
    private["text"] = json!("咨询：老年人高龄津贴如何申领？");
    private["consent_to_publish"] = json!(false);
    submit(&app, &private).await;
    let (public_id, private_id) = (id_of(&app, &editor, "2026-00001").await, id_of(&app, &editor, "2026-00002").await);

    let secret = "高龄津贴请携带身份证到社区服务站办理。";
    let (status, body) =
        act(&app, &editor, &private_id, json!({"action": "reply", "text": secret, "publish": true})).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("no_consent")));
    assert_eq!(act(&app, &editor, &private_id, json!({"action": "reply", "text": secret})).await.0, 200);
    let answer = "已列入今年的公园改造计划，预计6月完工。";
    let (status, body) =
        act(&app, &editor, &public_id, json!({"action": "reply", "text": answer, "publish": true})).await;
    assert_eq!((status, body["published"].as_bool()), (200, Some(true)), "{body}");

    let (status, list) = app.get_json(None, "/api/v1/opinions").await;
    assert_eq!((status, list["total"].as_i64()), (200, Some(1)), "{list}");
    assert_eq!(
        (list["items"][0]["reply"].as_str(), list["items"][0]["org_name"].as_str()),
        (Some(answer), Some("东湖街道"))
    );
    let (_, page) = app.page("/opinions").await;
    assert!(page.contains(answer) && page.contains("无障碍坡道"), "the cache followed the feed");
    let (_, mine) = app.get_json(None, "/api/v1/opinions?org=st-a").await;
    for surface in [list.to_string(), page, mine.to_string(), app.page("/").await.1, app.page("/org/st-a").await.1] {
        for hidden in [secret, "高龄津贴如何申领", "张建国", "13812345678"] {
            assert!(!surface.contains(hidden), "{hidden} is shown");
        }
    }
    assert_eq!(app.get_json(None, "/api/v1/opinions?org=st-b").await.1["total"], 0);
    assert_eq!(app.get_json(None, "/api/v1/opinions?org=nowhere").await.0, 404);

    let reviewer = app.token("reviewer_a").await;
    let down = json!({"action": "unpublish", "reason": "来信涉及具体地址，不宜公开"});
    assert_eq!(act(&app, &reviewer, &public_id, down.clone()).await.0, 200);
    assert_eq!(act(&app, &reviewer, &public_id, down).await.1["code"], "not_published");
    assert_eq!(app.get_json(None, "/api/v1/opinions").await.1["total"], 0);
    assert!(!app.page("/opinions").await.1.contains(answer), "taken out of the cached page too");
});

on_both_backends!(a_report_is_seen_by_supervisors_only, |app: TestApp| async move {
    let mut fields: Vec<(&str, &str)> = vec![("org", "st-a"), ("category", "举报"), ("accused", "王某，城管科科长")];
    fields.extend([("text", "王某多次收受摊主财物。"), ("anonymous", "true"), ("consent_to_publish", "true")]);
    let (status, receipt) = submit_files(&app, &fields, &[("收据.png", PNG.to_vec())]).await;
    assert_eq!((status, receipt["number"].as_str()), (201, Some("JB2026-00001")), "{receipt}");
    assert_eq!(receipt["consent_to_publish"], false, "a report is never published");
    let (_, other) = submit(&app, &letter()).await;
    assert_eq!(other["number"], "2026-00001", "reports are counted apart: no gap in the unit's numbers");

    let supervisor = app.token("supervisor").await;
    let (_, list) = app.get_json(Some(&supervisor), "/api/v1/orgs/st-a/opinions").await;
    let found =
        list.as_array().unwrap().iter().find(|o| o["number"] == "JB2026-00001").expect("listed for supervisors");
    let id = found["id"].as_str().unwrap().to_owned();
    assert_eq!(found["accused"], "王某，城管科科长");
    let paths = [format!("/api/v1/opinions/id/{id}"), format!("/api/v1/opinions/id/{id}/attachment")];
    for user in ["editor_a", "reviewer_a", "editor_b", "admin"] {
        let token = app.token(user).await;
        for path in &paths {
            let (status, body) = app.get_json(Some(&token), path).await;
            assert_eq!((status, body["code"].as_str()), (404, Some("opinion_not_found")), "{user} {path}");
        }
        let (status, body) = act(&app, &token, &id, json!({"action": "nonsense"})).await;
        assert_eq!((status, body["code"].as_str()), (404, Some("opinion_not_found")), "{user}");
        let (_, list) = app.get_json(Some(&token), "/api/v1/orgs/st-a/opinions?state=all").await;
        assert!(!list.to_string().contains("JB2026"), "{user} sees the report listed");
    }
    let reply = json!({"action": "reply", "text": "经核查，反映的问题部分属实，已依纪处理。", "publish": true});
    assert_eq!(act(&app, &supervisor, &id, reply).await.1["code"], "report_not_public");
    let (status, done) = act(&app, &supervisor, &id, json!({"action": "reply", "text": "经核查，已依纪处理。"})).await;
    assert_eq!((status, done["state"].as_str()), (200, Some("replied")), "{done}");
    let (_, seen) =
        app.get_json(None, &format!("/api/v1/opinions/{}", receipt["tracking_code"].as_str().unwrap())).await;
    assert_eq!(seen["reply"]["text"], "经核查，已依纪处理。");
    assert!(!seen.to_string().contains("王某"), "the code shows no names");
    assert_eq!(app.get_json(None, "/api/v1/opinions").await.1["total"], 0);

    // The audit log tells administrators nothing of it; supervisors see its entries.
    for (user, shows) in [("admin", false), ("supervisor", true)] {
        let (session, _) = app.web_session(user).await;
        for path in ["/admin/audit", "/admin/audit?org=st-a"] {
            let page = app.client.get(app.url(path)).header("cookie", &session).send().await.unwrap();
            let text = page.text().await.unwrap();
            assert_eq!(text.contains("JB2026"), shows, "{user} at {path}");
        }
    }

    let editor = app.token("editor_a").await;
    let ordinary = id_of(&app, &editor, "2026-00001").await;
    let (status, body) = act(&app, &supervisor, &ordinary, json!({"action": "accept"})).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("forbidden")), "supervisors read other letters");
});

on_both_backends!(bad_letters_are_refused_and_nothing_is_stored, |app: TestApp| async move {
    let cases: Vec<(&str, Value, u16, &str)> = vec![
        ("contact", json!("12345"), 422, "invalid_phone"),
        ("contact", json!("call me"), 422, "invalid_phone"),
        ("contact", json!(""), 422, "phone_required"),
        ("name", json!(" "), 422, "missing_field"),
        ("text", json!("  "), 422, "missing_field"),
        ("text", json!("长".repeat(2001)), 422, "field_too_long"),
        ("category", json!("表扬"), 422, "invalid_opinion_category"),
        ("category", json!(null), 422, "category_required"),
        ("org", json!("nowhere"), 422, "unknown_org"),
        ("website", json!("http://spam.example"), 422, "spam_suspected"),
        ("accused", json!("王某"), 422, "accused_only_in_reports"),
        ("anonymous", json!(true), 422, "anonymous_with_contact"),
        ("colour", json!("red"), 400, "invalid_body"),
        ("anonymous", json!("yes"), 400, "invalid_body"),
    ];
    for (field, value, status, code) in cases {
        let mut body = letter();
        body[field] = value;
        let (got, answer) = submit(&app, &body).await;
        assert_eq!((got, answer["code"].as_str()), (status, Some(code)), "{field}: {answer}");
        assert!(!answer["message"].as_str().unwrap_or("").is_ascii(), "a Chinese message: {answer}");
    }
    let mut no_person = report();
    no_person["accused"] = json!(null);
    assert_eq!(submit(&app, &no_person).await.1["code"], "accused_required");

    let pdf = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".to_vec();
    let docx = common::package(&[("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document/>")]);
    let mut huge = PNG.to_vec();
    huge.resize(10 * 1024 * 1024 + 1, 0);
    let files: Vec<(Files, u16, &str)> = vec![
        (vec![("说明.docx", docx)], 415, "unsupported_media_type"),
        (vec![("照片.png", pdf.clone())], 415, "unsupported_media_type"),
        (vec![("照片.png", huge)], 413, "payload_too_large"),
        (vec![("a.png", PNG.to_vec()), ("b.pdf", pdf.clone())], 400, "too_many_files"),
        (vec![("空.png", Vec::new())], 422, "empty_file"),
    ];
    for (parts, status, code) in files {
        let (got, answer) = submit_files(&app, ANONYMOUS, &parts).await;
        assert_eq!((got, answer["code"].as_str()), (status, Some(code)), "{answer}");
    }
    let mut bad_phone = ANONYMOUS.to_vec();
    bad_phone.retain(|(k, _)| *k != "anonymous");
    bad_phone.extend([("name", "李某"), ("contact", "110")]);
    let (status, answer) = submit_files(&app, &bad_phone, &[("scan.pdf", pdf)]).await;
    assert_eq!((status, answer["code"].as_str()), (422, Some("invalid_phone")));
    assert_eq!(app.count("opinions").await, 0);
    assert_eq!(app.stored_files(), (0, 0), "no file kept, none left half received");
    assert_eq!(submit(&app, &letter()).await.1["number"], "2026-00001", "refused letters took no number");
});

on_both_backends!(a_repeated_letter_is_registered_once, |app: TestApp| async move {
    let key = "5b0e7c1d-retry-key-0001";
    let send = |body: Value| {
        let request = app.client.post(app.url("/api/v1/opinions")).header("Idempotency-Key", key).json(&body);
        async move {
            let r = request.send().await.unwrap();
            let replayed = r.headers().get("idempotent-replayed").is_some();
            (r.status().as_u16(), replayed, r.json::<Value>().await.unwrap())
        }
    };
    let (status, replayed, first) = send(letter()).await;
    assert_eq!((status, replayed), (201, false));
    let (status, replayed, again) = send(letter()).await;
    assert_eq!((status, replayed), (201, true));
    assert_eq!(first, again, "the same number and the same code");
    let mut other = letter();
    other["text"] = json!("另一件事");
    let (status, _, body) = send(other).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("idempotency_key_reused")));
    let short = app.client.post(app.url("/api/v1/opinions")).header("Idempotency-Key", "short").json(&letter());
    let r = short.send().await.unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(r.json::<Value>().await.unwrap()["code"], "invalid_idempotency_key");

    let with_file = |file: &'static [u8]| {
        let mut form = reqwest::multipart::Form::new();
        for (name, value) in ANONYMOUS {
            form = form.text(*name, *value);
        }
        let part = reqwest::multipart::Part::bytes(file).file_name("路灯.png");
        let request = app.client.post(app.url("/api/v1/opinions")).header("Idempotency-Key", "multipart-retry-0002");
        let request = request.multipart(form.part("attachment", part));
        async move {
            let r = request.send().await.unwrap();
            (r.status().as_u16(), r.json::<Value>().await.unwrap())
        }
    };
    let (_, a) = with_file(PNG).await;
    let (status, b) = with_file(PNG).await;
    assert_eq!((status, &a), (201, &b), "another boundary, the same letter");
    let (status, body) = with_file(b"\x89PNG\r\n\x1a\nother").await;
    assert_eq!((status, body["code"].as_str()), (409, Some("idempotency_key_reused")), "another file");
    assert_eq!(app.count("opinions").await, 2);
    assert_eq!(app.stored_files(), (1, 0), "the refused file was not kept");
});

on_both_backends!(unknown_and_malformed_codes_look_alike_and_guesses_are_limited, |app: TestApp| async move {
    let (_, receipt) = submit(&app, &letter()).await;
    let code = receipt["tracking_code"].as_str().unwrap().to_owned();
    for _ in 0..3 {
        assert_eq!(app.get_json(None, &format!("/api/v1/opinions/{code}")).await.0, 200, "finding it costs nothing");
    }
    let (s1, b1) = app.get_json(None, "/api/v1/opinions/0000-0000-0000-0000-0000-0000-0000").await;
    let (s2, b2) = app.get_json(None, "/api/v1/opinions/not-a-code").await;
    assert_eq!((s1, s2), (404, 404));
    assert_eq!(b1, b2);
    assert_eq!(b1["code"], "unknown_tracking_code");
    let (_, request) = app
        .client
        .post(app.url("/api/v1/requests"))
        .json(&json!({"org": "st-a", "applicant_kind": "商业企业", "name": "某公司", "contact": "0571-88001234",
                      "description": "采购结果", "delivery": "在线查看"}))
        .send()
        .await
        .map(|r| ((), r))
        .unwrap();
    let request: Value = request.json().await.unwrap();
    let other = request["tracking_code"].as_str().unwrap();
    assert_eq!(
        app.get_json(None, &format!("/api/v1/opinions/{other}")).await.0,
        404,
        "a request's code opens no letter"
    );
    for i in 0..17 {
        assert_eq!(app.get_json(None, &format!("/api/v1/opinions/guess-{i}")).await.0, 404);
    }
    let (status, body) = app.get_json(None, "/api/v1/opinions/guess-last").await;
    assert_eq!((status, body["code"].as_str()), (429, Some("too_many_requests")));
});

on_both_backends!(letters_from_one_address_are_limited, |app: TestApp| async move {
    for _ in 0..10 {
        assert_eq!(submit(&app, &letter()).await.0, 201);
    }
    let (status, body) = submit(&app, &letter()).await;
    assert_eq!((status, body["code"].as_str()), (429, Some("too_many_requests")));
    assert_eq!(app.count("opinions").await, 10);
});

on_both_backends!(the_letter_and_its_file_are_documented_both_ways, |app: TestApp| async move {
    let (_, doc) = app.get_json(None, "/api/v1/openapi.json").await;
    let body = &doc["paths"]["/opinions"]["post"]["requestBody"]["content"];
    assert!(body["application/json"].is_object(), "{body}");
    assert_eq!(body["multipart/form-data"]["schema"]["$ref"], "#/components/schemas/OpinionUpload");
    let upload = doc["components"]["schemas"]["OpinionUpload"].to_string();
    assert!(upload.contains("OpinionFields") && upload.contains("attachment") && upload.contains("binary"), "{upload}");
    assert!(doc["paths"]["/opinions"]["get"].is_object(), "the public list");
});
