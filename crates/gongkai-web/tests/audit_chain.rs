//! The archive: every change is in the hash chain; the database refuses to change audit
//! rows, and verification names the first entry after any tampering.

mod common;

use common::TestApp;
use gongkai_store::q;

async fn tamper(app: &TestApp, statements: &[&str]) {
    let postgres = app.database_url.is_some();
    let (disable, enable) = if postgres {
        ("ALTER TABLE audit_log DISABLE TRIGGER USER", "ALTER TABLE audit_log ENABLE TRIGGER USER")
    } else {
        ("DROP TRIGGER audit_log_no_update", "SELECT 1")
    };
    app.raw(disable).await.unwrap();
    if !postgres {
        app.raw("DROP TRIGGER audit_log_no_delete").await.unwrap();
    }
    for s in statements {
        app.raw(s).await.unwrap();
    }
    app.raw(enable).await.unwrap();
}

async fn first_bad(app: &TestApp) -> Option<i64> {
    app.store.db.verify_audit().await.unwrap().err().map(|b| b.seq)
}

on_both_backends!(changes_are_chained_and_rows_are_immutable, |app: TestApp| async move {
    let id = app.published("审计测试").await;
    let actions: Vec<(String,)> = app
        .store
        .db
        .fetch_all(q("SELECT action FROM audit_log WHERE object_id = $1 ORDER BY seq").bind(id.as_str()))
        .await
        .unwrap();
    let actions: Vec<&str> = actions.iter().map(|(a,)| a.as_str()).collect();
    assert_eq!(actions, ["create", "submit", "approve", "publish"]);
    assert!(app.store.db.verify_audit().await.unwrap().is_ok());
    assert!(app.raw("UPDATE audit_log SET detail = 'x' WHERE seq = 1").await.is_err());
    assert!(app.raw("DELETE FROM audit_log WHERE seq = 1").await.is_err());
});

on_both_backends!(modification_is_found, |app: TestApp| async move {
    app.published("审计测试").await;
    tamper(&app, &["UPDATE audit_log SET detail = '改过' WHERE seq = 4"]).await;
    assert_eq!(first_bad(&app).await, Some(4));
});

on_both_backends!(deletion_is_found, |app: TestApp| async move {
    app.published("审计测试").await;
    tamper(&app, &["DELETE FROM audit_log WHERE seq = 3"]).await;
    assert_eq!(first_bad(&app).await, Some(3));
});

on_both_backends!(deletion_of_the_newest_entry_is_found, |app: TestApp| async move {
    app.published("审计测试").await;
    let (last,): (i64,) = app.store.db.fetch_one(q("SELECT MAX(seq) FROM audit_log")).await.unwrap();
    tamper(&app, &[&format!("DELETE FROM audit_log WHERE seq = {last}")]).await;
    assert_eq!(first_bad(&app).await, Some(last));
});

on_both_backends!(reordering_is_found, |app: TestApp| async move {
    app.published("审计测试").await;
    tamper(
        &app,
        &[
            "UPDATE audit_log SET seq = -5 WHERE seq = 5",
            "UPDATE audit_log SET seq = 5 WHERE seq = 6",
            "UPDATE audit_log SET seq = 6 WHERE seq = -5",
        ],
    )
    .await;
    assert_eq!(first_bad(&app).await, Some(5));
});
