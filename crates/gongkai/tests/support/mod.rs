//! What the binary's tests share: a data directory (and a PostgreSQL database when the
//! suite has a server), running commands and `serve` processes, and signing in.

// Each test file uses a part of what is here.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};

use serde_json::{json, Value};

pub const BIN: &str = env!("CARGO_BIN_EXE_gongkai");
pub const PASSPHRASE: &str = "a-chosen-passphrase";

/// A data directory, and a fresh PostgreSQL database when asked for one.
pub struct Storage {
    pub dir: PathBuf,
    pub database_url: Option<String>,
}

impl Storage {
    pub fn sqlite() -> Self {
        Storage { dir: temp_dir(), database_url: None }
    }

    /// `None` when the suite is not pointed at a PostgreSQL server.
    pub async fn postgres() -> Option<Self> {
        let admin_url = std::env::var("GONGKAI_TEST_POSTGRES_URL").ok()?;
        let name = format!("gk_test_{}", uuid::Uuid::new_v4().simple());
        let admin = sqlx::PgPool::connect(&admin_url).await.expect("connect to the test PostgreSQL server");
        sqlx::query(&format!("CREATE DATABASE {name}")).execute(&admin).await.expect("create test database");
        admin.close().await;
        let base = admin_url.rsplit_once('/').map(|(b, _)| b).expect("url with a database name");
        Some(Storage { dir: temp_dir(), database_url: Some(format!("{base}/{name}")) })
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(BIN);
        command.arg("--data-dir").arg(&self.dir).env_remove("GONGKAI_DATABASE_URL").env("RUST_LOG", "warn");
        if let Some(url) = &self.database_url {
            command.arg("--database-url").arg(url);
        }
        command.args(args);
        command
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.run_with_stdin(args, "")
    }

    pub fn run_with_stdin(&self, args: &[&str], stdin: &str) -> Output {
        let mut child =
            self.command(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
        child.wait_with_output().unwrap()
    }

    /// Adds an account with `PASSPHRASE` as its password.
    pub fn add_user(&self, username: &str, role: &str, org: &str) {
        let args = ["user", "add", "--username", username, "--role", role, "--org", org, "--password-stdin"];
        succeeded(&self.run_with_stdin(&args, PASSPHRASE));
    }

    /// Adds an administrator with `PASSPHRASE` as the password.
    pub fn add_admin(&self, username: &str) {
        let args = ["user", "add", "--username", username, "--role", "admin", "--password-stdin"];
        succeeded(&self.run_with_stdin(&args, PASSPHRASE));
    }

    /// The store itself, for reading behind the binary's back.
    pub async fn store(&self) -> gongkai_store::Store {
        gongkai_store::Store::open(&self.dir, self.database_url.as_deref()).await.unwrap()
    }

    /// Runs SQL on a connection of its own, as someone with database access would.
    pub async fn raw(&self, sql: &str) {
        match &self.database_url {
            Some(url) => {
                let pool = sqlx::PgPool::connect(url).await.unwrap();
                sqlx::query(sql).execute(&pool).await.unwrap();
                pool.close().await;
            }
            None => {
                let url = format!("sqlite://{}", self.dir.join("gongkai.db").display());
                let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
                sqlx::query(sql).execute(&pool).await.unwrap();
                pool.close().await;
            }
        }
    }

    /// Starts `gongkai serve` on a free port and waits for the URL it prints.
    pub fn serve(&self) -> Node {
        // Nodes on one machine keep a search index each.
        static NODES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let node = NODES.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let search_dir = self.dir.join(format!("search-{node}"));
        let mut child = self
            .command(&["serve", "--addr", "127.0.0.1:0", "--search-dir", &search_dir.to_string_lossy()])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start gongkai serve");
        let lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let base = lines
            .map_while(|line| line.ok())
            .find_map(|line| line.split_once("http://").map(|(_, url)| format!("http://{}", url.trim_end_matches('/'))))
            .expect("serve prints its URL");
        Node { child, base }
    }
}

/// Runs `story` on a fresh PostgreSQL database when the suite is pointed at a server.
pub async fn on_postgres<Fut: std::future::Future<Output = ()>>(story: impl FnOnce(Storage) -> Fut) {
    match Storage::postgres().await {
        Some(storage) => story(storage).await,
        // Under CI a story that did not run must not pass.
        None if std::env::var_os("CI").is_some() => {
            panic!("GONGKAI_TEST_POSTGRES_URL is not set under CI: PostgreSQL story not run")
        }
        None => eprintln!("GONGKAI_TEST_POSTGRES_URL is not set: PostgreSQL story not run"),
    }
}

pub fn temp_dir() -> PathBuf {
    std::env::temp_dir().join(format!("gongkai-cli-{}", uuid::Uuid::new_v4().simple()))
}

impl Drop for Storage {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A running `gongkai serve`, stopped when dropped.
pub struct Node {
    pub child: Child,
    pub base: String,
}

impl Node {
    pub fn new(child: Child, base: String) -> Self {
        Node { child, base }
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn succeeded(output: &Output) -> String {
    assert!(output.status.success(), "gongkai failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout.clone()).unwrap()
}

pub async fn sign_in(client: &reqwest::Client, base: &str, username: &str, password: &str) -> u16 {
    let body = json!({ "username": username, "password": password });
    client.post(format!("{base}/api/v1/session")).json(&body).send().await.unwrap().status().as_u16()
}

pub async fn token(client: &reqwest::Client, base: &str, username: &str) -> String {
    let body = json!({ "username": username, "password": PASSPHRASE });
    let response = client.post(format!("{base}/api/v1/session")).json(&body).send().await.unwrap();
    assert_eq!(response.status(), 201);
    response.json::<Value>().await.unwrap()["token"].as_str().unwrap().to_owned()
}

pub async fn get_json(client: &reqwest::Client, url: String) -> Value {
    client.get(url).send().await.unwrap().json().await.unwrap()
}
