//! The working-day calendar: administrators add a later year or a local closure from a
//! table, and the request clocks count on it at once.

mod common;

use common::TestApp;
use serde_json::{json, Value};

fn xlsx(rows: &[[&str; 3]]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *cell).unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

async fn due_of_a_new_request(app: &TestApp) -> String {
    let body = json!({
        "org": "st-b", "applicant_kind": "其他", "name": "某村民委员会", "contact": "0571-88001234",
        "description": "西山街道防汛物资储备清单", "delivery": "当面领取",
    });
    let r = app.client.post(app.url("/api/v1/requests")).json(&body).send().await.unwrap();
    assert_eq!(r.status(), 201);
    r.json::<Value>().await.unwrap()["due_on"].as_str().unwrap().to_owned()
}

on_both_backends!(a_closure_added_by_table_moves_the_due_dates, |app: TestApp| async move {
    assert_eq!(due_of_a_new_request(&app).await, "2026-03-30");
    let admin = app.token("admin").await;
    let csv = "\u{feff}日期,类别,名称\n2026-03-05,放假,台风停工\n2027-02-06,放假,春节\n".as_bytes().to_vec();
    let editor = app.token("editor_a").await;
    let (status, body) = app.upload_to(&editor, "/api/v1/calendar/table", "calendar.csv", csv.clone()).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("forbidden")));
    let (status, body) = app.upload_to(&admin, "/api/v1/calendar/table", "calendar.csv", csv).await;
    assert_eq!((status, body["added"].as_u64()), (201, Some(2)), "{body}");
    assert_eq!(due_of_a_new_request(&app).await, "2026-03-31", "the closure is not a working day");
    let (_, seen) = app.get_json(None, "/api/v1/calendar").await;
    assert!(seen["years"].as_array().unwrap().contains(&json!(2027)));
    assert_eq!(seen["added"][0], json!({"date": "2026-03-05", "kind": "放假", "name": "台风停工"}));

    let bad = xlsx(&[
        ["日期", "类别", "名称"],
        ["2027-02-07", "上班", "春节"],
        ["2027-13-01", "放假", "春节"],
        ["2027-02-08", "休息", ""],
    ]);
    let (status, body) = app.upload_to(&admin, "/api/v1/calendar/table", "calendar.xlsx", bad).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("invalid_table")), "{body}");
    let rows: Vec<u64> = body["errors"].as_array().unwrap().iter().map(|e| e["row"].as_u64().unwrap()).collect();
    assert_eq!(rows, [3, 4, 4]);
    let (_, seen) = app.get_json(None, "/api/v1/calendar").await;
    assert_eq!(seen["added"].as_array().unwrap().len(), 2, "nothing of a refused table is taken");
    let (status, body) = app.upload_to(&admin, "/api/v1/calendar/table", "calendar.csv", vec![0xff, 0xfe, 0x00]).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("invalid_table")));
});

on_both_backends!(administrators_are_told_when_next_year_is_missing, |app: TestApp| async move {
    let (session, csrf) = app.web_session("admin").await;
    let page = |session: String| {
        let app = &app;
        async move { app.client.get(app.url("/admin/calendar")).header("cookie", session).send().await.unwrap() }
    };
    let text = page(session.clone()).await.text().await.unwrap();
    assert!(text.contains("尚未录入2027年的节假日安排"), "{text}");
    let file = reqwest::multipart::Part::bytes(xlsx(&[["日期", "类别", "名称"], ["2027-01-01", "放假", "元旦"]]))
        .file_name("2027.xlsx");
    let form = reqwest::multipart::Form::new().text("csrf", csrf).part("file", file);
    let r =
        app.client.post(app.url("/admin/calendar")).header("cookie", &session).multipart(form).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let text = r.text().await.unwrap();
    assert!(text.contains("工作日历已增补1天") && !text.contains("尚未录入2027年"), "{text}");
    let (editor, _) = app.web_session("editor_a").await;
    assert_eq!(page(editor).await.status(), 403);
});
