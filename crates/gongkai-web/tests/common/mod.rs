//! `spawn_app()`: a real server on 127.0.0.1:0 over a fresh database — a temporary SQLite
//! file, or a new PostgreSQL database when `GONGKAI_TEST_POSTGRES_URL` is set — with a
//! small fixture (`fixture.rs`): a city, two street offices, a catalogue and five accounts.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use gongkai_store::clock::ManualClock;
use gongkai_store::Store;
use gongkai_web::{AppState, WebConfig};
use serde_json::{json, Value};

mod fixture;

pub const PASSWORD: &str = "correct-horse-battery";

/// Where every story's clock starts: Monday 2 March 2026, 10:00 in China.
pub fn start_time() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-03-02T02:00:00Z").unwrap().with_timezone(&Utc)
}

#[derive(Clone, Copy, Debug)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub base: String,
    pub state: AppState,
    pub store: Store,
    pub client: reqwest::Client,
    /// The clock of the server and the store; stories move it.
    pub clock: ManualClock,
    pub dir: PathBuf,
    /// The PostgreSQL URL of this test's database, for opening a second node on it.
    pub database_url: Option<String>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Runs one story on SQLite, and on PostgreSQL when the suite is pointed at a server.
#[macro_export]
macro_rules! on_both_backends {
    ($name:ident, $story:expr) => {
        mod $name {
            use super::*;
            #[tokio::test]
            async fn sqlite() {
                let app = common::spawn_app(common::Backend::Sqlite).await.expect("sqlite app");
                ($story)(app).await;
            }
            #[tokio::test]
            async fn postgres() {
                match common::spawn_app(common::Backend::Postgres).await {
                    Some(app) => ($story)(app).await,
                    // Under CI a story that did not run must not pass.
                    None if std::env::var_os("CI").is_some() => {
                        panic!("GONGKAI_TEST_POSTGRES_URL is not set under CI: PostgreSQL story not run")
                    }
                    None => eprintln!("GONGKAI_TEST_POSTGRES_URL is not set: PostgreSQL story not run"),
                }
            }
        }
    };
}

async fn fresh_postgres() -> Option<String> {
    let admin_url = std::env::var("GONGKAI_TEST_POSTGRES_URL").ok()?;
    let name = format!("gk_test_{}", uuid::Uuid::new_v4().simple());
    let admin = sqlx::PgPool::connect(&admin_url).await.expect("connect to the test PostgreSQL server");
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&admin).await.expect("create test database");
    admin.close().await;
    let base = admin_url.rsplit_once('/').map(|(b, _)| b).expect("url with a database name");
    Some(format!("{base}/{name}"))
}

pub async fn spawn_app(backend: Backend) -> Option<TestApp> {
    spawn_app_with(backend, WebConfig::default()).await
}

pub async fn spawn_app_with(backend: Backend, config: WebConfig) -> Option<TestApp> {
    let database_url = match backend {
        Backend::Sqlite => None,
        Backend::Postgres => Some(fresh_postgres().await?),
    };
    let dir = std::env::temp_dir().join(format!("gongkai-test-{}", uuid::Uuid::new_v4()));
    let clock = ManualClock::at(start_time());
    let store =
        Store::open_with_clock(&dir, database_url.as_deref(), Arc::new(clock.clone())).await.expect("open store");
    fixture::load(&store).await;
    let search = open_search(&store, &dir.join("search")).await;
    let state = AppState::new(store.clone(), config, search);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(gongkai_web::serve(listener, state.clone(), std::future::pending()));
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    Some(TestApp { base, state, store, client, clock, dir, database_url })
}

/// A ZIP package (an OOXML file's container) with the given parts, each `(name, bytes)`.
pub fn package(parts: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in parts {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// A node's search index under `root`, built from the database as the server builds it.
pub async fn open_search(store: &Store, root: &std::path::Path) -> Arc<gongkai_search::SearchIndex> {
    let (search, needs_build) = gongkai_search::SearchIndex::open(root).expect("open search index");
    if needs_build {
        search.rebuild(store).await.expect("build search index");
    }
    Arc::new(search)
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn token(&self, username: &str) -> String {
        self.token_for(username, PASSWORD).await
    }

    /// A token of `username` signed in with `password`.
    pub async fn token_for(&self, username: &str, password: &str) -> String {
        let r = self
            .client
            .post(self.url("/api/v1/session"))
            .json(&json!({ "username": username, "password": password }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201, "login of {username}");
        r.json::<Value>().await.unwrap()["token"].as_str().unwrap().to_owned()
    }

    pub async fn post(&self, token: &str, path: &str, body: Value) -> (u16, Value) {
        let r = self.client.post(self.url(path)).bearer_auth(token).json(&body).send().await.unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    pub async fn put(&self, token: &str, path: &str, body: Value) -> (u16, Value) {
        let r = self.client.put(self.url(path)).bearer_auth(token).json(&body).send().await.unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    pub async fn get_json(&self, token: Option<&str>, path: &str) -> (u16, Value) {
        let mut req = self.client.get(self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let r = req.send().await.unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    pub async fn page(&self, path: &str) -> (u16, String) {
        let r = self.client.get(self.url(path)).send().await.unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    }

    /// A draft by `token`'s user in st-a under the any-time leaf.
    pub async fn draft(&self, token: &str, title: &str) -> String {
        let (status, body) = self
            .post(
                token,
                "/api/v1/disclosures",
                json!({ "org": "st-a", "catalog_item": "zw-any", "title": title, "body": "<p>正文内容</p>" }),
            )
            .await;
        assert_eq!(status, 201, "{body}");
        body["id"].as_str().unwrap().to_owned()
    }

    /// A record taken through submit and approve to published.
    pub async fn published(&self, title: &str) -> String {
        let editor = self.token("editor_a").await;
        let reviewer = self.token("reviewer_a").await;
        let id = self.draft(&editor, title).await;
        assert_eq!(self.post(&editor, &format!("/api/v1/disclosures/{id}/submit"), json!({})).await.0, 200);
        let (status, body) = self.post(&reviewer, &format!("/api/v1/disclosures/{id}/approve"), json!({})).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["state"], "published");
        id
    }

    /// How many times the audit log records `action` on the object `id`.
    pub async fn audited(&self, action: &str, id: &str) -> i64 {
        let query = gongkai_store::q("SELECT COUNT(*) FROM audit_log WHERE action = $1 AND object_id = $2");
        self.store.db.fetch_one::<(i64,)>(query.bind(action).bind(id)).await.unwrap().0
    }

    /// Runs SQL on a connection of its own, outside the store: for tampering with the
    /// archive the way someone with database access would.
    pub async fn raw(&self, sql: &str) -> Result<(), sqlx::Error> {
        match &self.database_url {
            Some(url) => {
                let pool = sqlx::PgPool::connect(url).await?;
                let result = sqlx::query(sql).execute(&pool).await.map(drop);
                pool.close().await;
                result
            }
            None => {
                let url = format!("sqlite://{}", self.dir.join("gongkai.db").display());
                let pool = sqlx::SqlitePool::connect(&url).await?;
                let result = sqlx::query(sql).execute(&pool).await.map(drop);
                pool.close().await;
                result
            }
        }
    }

    /// One round of the timed work the binary runs in the background, at the clock's time.
    pub async fn run_scheduler(&self) -> (usize, usize) {
        let published = self.store.publish_due().await.unwrap();
        let expired = self.store.expire_due().await.unwrap();
        self.state.follow_feed().await;
        (published, expired)
    }

    pub async fn count(&self, table: &str) -> i64 {
        self.store.db.fetch_one::<(i64,)>(gongkai_store::q(format!("SELECT COUNT(*) FROM {table}"))).await.unwrap().0
    }
}

impl TestApp {
    /// Opens the login form; returns its double-submit cookie (`name=value`) and the token
    /// the form must send back.
    pub async fn login_form(&self) -> (String, String) {
        let form = self.client.get(self.url("/admin/login")).send().await.unwrap();
        let cookie = form.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
        let token = cookie.split_once('=').unwrap().1.to_owned();
        (cookie, token)
    }

    /// Posts the login form for `username` with the right password; the answer is a
    /// redirect to the back office with the session (and device) cookies.
    pub async fn form_login(&self, username: &str) -> reqwest::Response {
        let (cookie, token) = self.login_form().await;
        let login = self
            .client
            .post(self.url("/admin/login"))
            .header("cookie", &cookie)
            .form(&[("username", username), ("password", PASSWORD), ("csrf", token.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(login.status(), 303, "login of {username}");
        login
    }

    /// Signs `username` in through the login form; returns the session cookie
    /// (`name=value`) and the session's CSRF token for back-office forms.
    pub async fn web_session(&self, username: &str) -> (String, String) {
        let login = self.form_login(username).await;
        let session = login.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
        let page =
            self.client.get(self.url("/admin")).header("cookie", &session).send().await.unwrap().text().await.unwrap();
        let csrf = page.split("name=\"csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
        (session, csrf)
    }

    /// Posts a back-office form with the session cookie; returns status and page text.
    pub async fn post_form(&self, session: &str, path: &str, fields: &[(&str, &str)]) -> (u16, String) {
        let r = self.client.post(self.url(path)).header("cookie", session).form(fields).send().await.unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    }
}

/// A one-pixel PNG.
pub const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\x0f\0\0\x01\x01\0\x05\x18\xd8N\0\0\0\0IEND\xaeB`\x82";

impl TestApp {
    /// Uploads `bytes` named `name` to record `id` through the API.
    pub async fn upload(&self, token: &str, id: &str, name: &str, bytes: Vec<u8>) -> (u16, Value) {
        self.upload_to(token, &format!("/api/v1/disclosures/{id}/attachments"), name, bytes).await
    }

    /// Posts `bytes` named `name` as the `file` part of a multipart body to `path`.
    pub async fn upload_to(&self, token: &str, path: &str, name: &str, bytes: Vec<u8>) -> (u16, Value) {
        let part = reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned());
        let r = self
            .client
            .post(self.url(path))
            .bearer_auth(token)
            .multipart(reqwest::multipart::Form::new().part("file", part))
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or_default())
    }

    /// Files kept in the attachment store and files still being received.
    pub fn stored_files(&self) -> (usize, usize) {
        fn count(dir: &std::path::Path) -> usize {
            std::fs::read_dir(dir).map_or(0, |entries| {
                entries.flatten().map(|e| if e.path().is_dir() { count(&e.path()) } else { 1 }).sum()
            })
        }
        let root = self.dir.join("files");
        let incoming = count(&root.join(".incoming"));
        (count(&root) - incoming, incoming)
    }

    pub async fn user_id(&self, username: &str) -> String {
        self.store.db.user_by_name(username).await.unwrap().unwrap().id
    }

    /// Draft → submit → approve of `body` (a draft's JSON) in st-a; returns the id and the
    /// state the approval left.
    pub async fn through_review(&self, body: Value) -> (String, String) {
        let editor = self.token("editor_a").await;
        let reviewer = self.token("reviewer_a").await;
        let (status, draft) = self.post(&editor, "/api/v1/disclosures", body).await;
        assert_eq!(status, 201, "{draft}");
        let id = draft["id"].as_str().unwrap().to_owned();
        assert_eq!(self.post(&editor, &format!("/api/v1/disclosures/{id}/submit"), json!({})).await.0, 200);
        let (status, approved) = self.post(&reviewer, &format!("/api/v1/disclosures/{id}/approve"), json!({})).await;
        assert_eq!(status, 200, "{approved}");
        (id, approved["state"].as_str().unwrap().to_owned())
    }
}

/// A second editor of `org`, signed in: a colleague for hand-overs.
pub async fn add_editor(app: &TestApp, username: &str, org: &str) -> String {
    let hash = gongkai_web::auth::hash_password(PASSWORD.into()).await.unwrap();
    let org = gongkai_core::org::OrgCode::parse(org).unwrap();
    let user = gongkai_store::users::NewUser {
        username,
        display_name: username,
        password_hash: &hash,
        role: gongkai_core::access::Role::Editor,
        org: Some(&org),
        one_time: false,
    };
    app.store.add_user("test", user).await.unwrap();
    app.token(username).await
}
