//! The contract of the site as a whole: every error in the project's form, unknown JSON
//! fields refused, a request id on every answer, and an OpenAPI document that lists
//! exactly the routes that answer.

mod common;

use common::TestApp;
use serde_json::{json, Value};

async fn raw(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    body: Option<(&str, Vec<u8>)>,
) -> (u16, String, String) {
    let mut request = app.client.request(method, app.url(path));
    if let Some((content_type, bytes)) = body {
        request = request.header("content-type", content_type).body(bytes);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let content_type = response.headers().get("content-type").map_or("", |v| v.to_str().unwrap()).to_owned();
    (status, content_type, response.text().await.unwrap())
}

on_both_backends!(the_frameworks_own_refusals_come_in_the_projects_form, |app: TestApp| async move {
    use reqwest::Method;
    let editor = app.token("editor_a").await;
    let api = [
        (Method::GET, "/api/v1/no-such-thing", None, 404, "route_not_found"),
        (Method::DELETE, "/api/v1/orgs", None, 405, "method_not_allowed"),
        (Method::GET, "/api/v1/disclosures/%FF%FE", None, 400, "bad_request"),
        (
            Method::POST,
            "/api/v1/session",
            Some(("application/json", vec![b' '; 3 * 1024 * 1024])),
            413,
            "payload_too_large",
        ),
    ];
    for (method, path, body, status, code) in api {
        let (got, content_type, text) = raw(&app, method, path, body).await;
        assert_eq!(got, status, "{path}: {text}");
        assert!(content_type.starts_with("application/json"), "{path}: {content_type}");
        let body: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(body["code"], code, "{path}");
        assert!(body["message"].as_str().is_some_and(|m| !m.is_empty() && !m.is_ascii()), "a Chinese message: {body}");
    }
    let pages =
        [(Method::GET, "/no-such-page", 404), (Method::GET, "/admin/logout", 405), (Method::GET, "/d/%FF", 400)];
    for (method, path, status) in pages {
        let (got, content_type, text) = raw(&app, method, path, None).await;
        assert_eq!(got, status, "{path}");
        assert!(content_type.starts_with("text/html"), "{path}: {content_type}");
        assert!(text.contains("回到首页"), "{path}: a Chinese error page");
    }
    // Multipart that is not.
    for (content_type, body) in
        [("multipart/form-data", b"x".to_vec()), ("multipart/form-data; boundary=b", b"--b\r\nbroken".to_vec())]
    {
        let id = app.draft(&editor, "附件").await;
        let response = app
            .client
            .post(app.url(&format!("/api/v1/disclosures/{id}/attachments")))
            .bearer_auth(&editor)
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400, "{content_type}");
        let body: Value = response.json().await.unwrap();
        assert!(body["code"].as_str().is_some_and(|c| c == "invalid_multipart" || c == "bad_request"), "{body}");
    }
    assert_eq!(app.count("attachments").await, 0);
});

on_both_backends!(unknown_json_fields_are_refused_on_every_endpoint, |app: TestApp| async move {
    let editor = app.token("editor_a").await;
    let reviewer = app.token("reviewer_a").await;
    let id = app.draft(&editor, "字段测试").await;
    let published = app.published("已公开记录").await;
    let cases = [
        (None, "/api/v1/session", json!({ "username": "editor_a", "password": "x", "remember": true })),
        (
            Some(&editor),
            "/api/v1/disclosures",
            json!({ "org": "st-a", "catalog_item": "zw-any", "title": "t", "body": "b", "titel": "t" }),
        ),
        (Some(&reviewer), &format!("/api/v1/disclosures/{id}/reject") as &str, json!({ "reason": "x", "note": "y" })),
        (Some(&reviewer), &format!("/api/v1/disclosures/{published}/withdraw"), json!({ "reason": "x", "why": "y" })),
        (
            Some(&editor),
            &format!("/api/v1/disclosures/{published}/revise"),
            json!({ "change_note": "x", "changes": "y" }),
        ),
        (Some(&editor), "/api/v1/orgs/st-a/catalog", json!({ "code": "x-1", "name": "事项", "kind": "leaf" })),
    ];
    let before = (app.count("records").await, app.count("catalog_items").await);
    for (token, path, body) in cases {
        let (status, answer) = app.post(token.map_or("", String::as_str), path, body).await;
        assert_eq!((status, answer["code"].as_str()), (400, Some("invalid_body")), "{path}");
    }
    let (status, answer) =
        app.put(&editor, "/api/v1/session/password", json!({ "new_password": "x", "old": "y" })).await;
    assert_eq!((status, answer["code"].as_str()), (400, Some("invalid_body")));
    let (status, _) = app
        .put(&editor, &format!("/api/v1/disclosures/{id}"), json!({ "org": "st-a", "title": "t", "colour": 1 }))
        .await;
    assert_eq!(status, 400);
    assert_eq!((app.count("records").await, app.count("catalog_items").await), before, "nothing stored");
});

on_both_backends!(every_answer_carries_a_request_id, |app: TestApp| async move {
    let fresh = app.client.get(app.url("/healthz")).send().await.unwrap();
    let id = fresh.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert_eq!(id.len(), 21, "a node prefix and a counter: {id}");
    let given = app.client.get(app.url("/nope")).header("x-request-id", "trace-me-42").send().await.unwrap();
    assert_eq!(given.headers()["x-request-id"], "trace-me-42", "a caller's id is kept");
});

on_both_backends!(the_openapi_document_lists_exactly_the_routes_that_answer, |app: TestApp| async move {
    let (status, doc) = app.get_json(None, "/api/v1/openapi.json").await;
    assert_eq!(status, 200);
    let mut documented: Vec<String> = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in
            item.as_object().unwrap().keys().filter(|m| ["get", "post", "put", "delete"].contains(&m.as_str()))
        {
            documented.push(format!("{} {path}", method.to_uppercase()));
        }
    }
    documented.sort();
    // The routes the API serves; a new one must be added here and to the document alike.
    let mut served = vec![
        "POST /session",
        "DELETE /session",
        "PUT /session/password",
        "POST /users",
        "POST /users/{username}/disable",
        "PUT /users/{username}/assignment",
        "POST /users/{username}/password",
        "POST /users/{username}/password-link",
        "GET /orgs",
        "POST /orgs",
        "POST /orgs/import",
        "GET /orgs/{code}",
        "PUT /orgs/{code}",
        "GET /orgs/{code}/change",
        "POST /orgs/{code}/change/approve",
        "POST /orgs/{code}/change/reject",
        "POST /orgs/{code}/rename",
        "POST /orgs/{code}/move",
        "POST /orgs/{code}/close",
        "GET /search",
        "GET /search/suggest",
        "GET /orgs/{code}/catalog",
        "POST /orgs/{code}/catalog",
        "GET /catalog-templates",
        "GET /catalog-templates/{kind}/table",
        "POST /catalog-templates/{kind}/table",
        "GET /orgs/{code}/catalog/table",
        "POST /orgs/{code}/catalog/table",
        "GET /disclosures",
        "POST /disclosures",
        "GET /disclosures/{id}",
        "PUT /disclosures/{id}",
        "POST /disclosures/{id}/submit",
        "POST /disclosures/{id}/recall",
        "POST /disclosures/{id}/approve",
        "POST /disclosures/{id}/reject",
        "POST /disclosures/{id}/withdraw",
        "POST /disclosures/{id}/revise",
        "POST /disclosures/{id}/attachments",
        "DELETE /disclosures/{id}/attachments/{attachment}",
        "POST /requests",
        "GET /requests/{tracking_code}",
        "GET /orgs/{code}/requests",
        "GET /requests/id/{id}",
        "POST /requests/id/{id}/actions",
        "GET /requests/{tracking_code}/files/{file}",
        "GET /requests/id/{id}/files/{file}",
        "POST /requests/id/{id}/files",
        "POST /opinions",
        "GET /opinions",
        "GET /opinions/{tracking_code}",
        "GET /orgs/{code}/opinions",
        "GET /opinions/id/{id}",
        "POST /opinions/id/{id}/actions",
        "GET /opinions/id/{id}/attachment",
        "GET /calendar",
        "POST /calendar/table",
        "GET /orgs/{code}/annual-reports/{year}",
        "POST /orgs/{code}/annual-reports/{year}",
        "GET /orgs/{code}/annual-reports/{year}/table",
    ];
    served.sort();
    assert_eq!(documented, served);
    // Each documented route answers: with its own errors, never "no such route" or "wrong method".
    let id = app.published("接口测试").await;
    for entry in &documented {
        let (method, path) = entry.split_once(' ').unwrap();
        let path = path
            .replace("{id}", &id)
            .replace("{code}", "st-a")
            .replace("{username}", "editor_b")
            .replace("{kind}", "street")
            .replace("{attachment}", "none");
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let response =
            app.client.request(method, app.url(&format!("/api/v1{path}"))).json(&json!({})).send().await.unwrap();
        let status = response.status().as_u16();
        let body: Value = response.json().await.unwrap_or_default();
        assert!(status != 405 && body["code"] != "route_not_found", "{entry}: {status} {body}");
    }
    for schema in ["Disclosure", "DraftFields", "ErrorBody", "OrgView", "CatalogItemView", "Token"] {
        assert!(doc["components"]["schemas"][schema].is_object(), "{schema} is described");
    }
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
});

on_both_backends!(bodies_must_be_json_in_utf_8_and_messages_stay_chinese, |app: TestApp| async move {
    let editor = app.token("editor_a").await;
    let body = br#"{"org":"st-a","catalog_item":"zw-any","title":"t","body":"b"}"#.to_vec();
    for content_type in
        [None, Some("text/plain"), Some("application/x-www-form-urlencoded"), Some("application/json; charset=gbk")]
    {
        let mut request = app.client.post(app.url("/api/v1/disclosures")).bearer_auth(&editor).body(body.clone());
        if let Some(content_type) = content_type {
            request = request.header("content-type", content_type);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 415, "{content_type:?}");
    }
    let ok = app
        .client
        .post(app.url("/api/v1/disclosures"))
        .bearer_auth(&editor)
        .header("content-type", "application/json; charset=UTF-8")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 201);
    for (body, expected) in [
        (json!({ "org": "st-a", "evil": 1 }), "不认识的字段“evil”"),
        (json!({ "org": "st-a", "title": 123 }), "字段的类型不对"),
    ] {
        let (status, answer) = app.post(&editor, "/api/v1/disclosures", body).await;
        let message = answer["message"].as_str().unwrap();
        assert_eq!(status, 400);
        assert!(message.contains(expected) && !message.contains("expected"), "{message}");
    }
    assert_eq!(app.count("records").await, 1);
});

on_both_backends!(catalogues_download_as_spreadsheets, |app: TestApp| async move {
    let response = app.client.get(app.url("/api/v1/catalog-templates/street/table")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    let disposition = response.headers()["content-disposition"].to_str().unwrap().to_owned();
    assert!(disposition.contains("filename*=UTF-8''"), "{disposition}");
    let table = gongkai_sheets::read_xlsx(&response.bytes().await.unwrap()).unwrap();
    assert_eq!(table.rows[0], gongkai_core::catalog::table::COLUMNS.map(String::from).to_vec());
    let (_, template) = app.get_json(None, "/api/v1/catalog-templates").await;
    let street = template.as_array().unwrap().iter().find(|t| t["kind"] == "street").unwrap();
    let leaves = street["items"].as_array().unwrap().iter().filter(|i| i["leaf"] == true).count();
    assert_eq!(table.rows.len() - 1, leaves, "a row for each 公开内容");

    let editor = app.token("editor_a").await;
    let addition = json!({ "code": "own-1", "parent": "zw", "name": "本街道自定事项",
                           "leaf": { "time_class": "anytime", "domain": "government", "power": "affairs" } });
    let (status, body) = app.post(&editor, "/api/v1/orgs/st-a/catalog", addition).await;
    assert_eq!(status, 201, "{body}");
    let own = app.client.get(app.url("/api/v1/orgs/st-a/catalog/table")).send().await.unwrap();
    let table = gongkai_sheets::read_xlsx(&own.bytes().await.unwrap()).unwrap();
    assert!(table.rows.iter().any(|r| r.get(3).is_some_and(|n| n == "本街道自定事项")), "the unit's own items too");

    for path in ["/api/v1/catalog-templates/province/table", "/api/v1/orgs/nowhere/catalog/table"] {
        let (status, body) = app.get_json(None, path).await;
        assert_eq!(status, 404, "{path}: {body}");
    }
});
