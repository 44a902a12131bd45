//! The gongkai binary: serve the portal, migrate, manage accounts, load demo content and
//! verify the audit chain.

mod background;
mod demo;

/// mimalloc instead of the system's malloc: requests allocate on tokio's threads and free
/// on SQLite's worker threads, which glibc's per-thread arenas handle slowly (a sixth of
/// the time of an uncached page) and keep memory for.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::Read;
use std::path::PathBuf;

use anyhow::{bail, Context};
use clap::{Args, Parser, Subcommand};
use gongkai_core::access::Role;
use gongkai_core::org::OrgCode;
use gongkai_store::users::NewUser;
use gongkai_store::Store;
use gongkai_web::{AppState, WebConfig};

#[derive(Parser)]
#[command(name = "gongkai", version, about = "党务政务公开平台")]
struct Cli {
    #[command(flatten)]
    storage: Storage,
    #[command(subcommand)]
    command: Command,
}

/// Where the data lives; every command takes the same two options.
#[derive(Args)]
struct Storage {
    /// Directory for the SQLite database and attachment files.
    #[arg(long, global = true, env = "GONGKAI_DATA_DIR", default_value = "./data")]
    data_dir: PathBuf,
    /// `postgres://…` to use PostgreSQL instead of the SQLite file under the data dir.
    #[arg(long, global = true, env = "GONGKAI_DATABASE_URL")]
    database_url: Option<String>,
}

impl Storage {
    async fn open(&self) -> anyhow::Result<Store> {
        Store::open(&self.data_dir, self.database_url.as_deref()).await.context("opening the database")
    }
}

#[derive(Subcommand)]
enum Command {
    /// Run the portal, back office and API.
    Serve {
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: String,
        /// Largest attachment in megabytes.
        #[arg(long, default_value_t = 50)]
        max_upload_mb: usize,
        /// Do not load demo content into an empty database.
        #[arg(long)]
        no_demo: bool,
        /// Mark cookies Secure (when served behind TLS).
        #[arg(long)]
        secure_cookies: bool,
    },
    /// Create or upgrade the database schema.
    Migrate,
    /// Manage accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Load the demo city (into an empty database).
    Demo {
        /// Multiply the number of records (100 gives over 100,000).
        #[arg(long, default_value_t = 1)]
        scale: u32,
    },
    /// Check the audit log.
    #[command(subcommand)]
    Audit(AuditCommand),
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account and print its generated password once.
    Add {
        #[arg(long)]
        username: String,
        #[arg(long, value_parser = ["admin", "editor", "reviewer", "supervisor"])]
        role: String,
        /// The organisation of an editor or reviewer.
        #[arg(long)]
        org: Option<String>,
        #[arg(long)]
        display_name: Option<String>,
        /// Read the password from standard input instead of generating one.
        #[arg(long)]
        password_stdin: bool,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Recompute the hash chain; exit 1 naming the first bad entry.
    Verify,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .init();
    let cli = Cli::parse();
    match cli.command {
        Command::Serve { addr, max_upload_mb, no_demo, secure_cookies } => {
            let store = cli.storage.open().await?;
            if !no_demo && store.db.org_count().await? == 0 {
                println!("首次启动：正在载入演示数据……");
                let summary = demo::load(&store, 1).await?;
                println!("已载入 {} 个单位、{} 条公开记录", summary.orgs, summary.records);
            }
            let listener = tokio::net::TcpListener::bind(&addr).await.with_context(|| format!("binding {addr}"))?;
            let local = listener.local_addr()?;
            let config = WebConfig { max_upload_bytes: max_upload_mb * 1024 * 1024, secure_cookies };
            println!("gongkai 已启动：http://{local}/");
            let state = AppState::new(store, config);
            background::spawn(state.clone());
            gongkai_web::serve(listener, state, background::shutdown_signal()).await?;
        }
        Command::Migrate => {
            cli.storage.open().await?;
            println!("数据库已是最新结构");
        }
        Command::User(UserCommand::Add { username, role, org, display_name, password_stdin }) => {
            let store = cli.storage.open().await?;
            let role = Role::parse(&role)?;
            let org = org.as_deref().map(OrgCode::parse).transpose()?;
            let (password, generated) = if password_stdin {
                let mut raw = String::new();
                std::io::stdin().read_to_string(&mut raw)?;
                let password = raw.trim_end_matches(['\r', '\n']).to_owned();
                if password.chars().count() < 10 {
                    bail!("密码至少需要10个字符");
                }
                (password, false)
            } else {
                (gongkai_web::auth::random_token()[..20].to_owned(), true)
            };
            let hash = gongkai_web::auth::hash_password(password.clone()).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            let display_name = display_name.unwrap_or_else(|| username.clone());
            let user = NewUser {
                username: &username,
                display_name: &display_name,
                password_hash: &hash,
                role,
                org: org.as_ref(),
            };
            store.add_user("cli", user).await?;
            println!("已创建账号 {username}（{}）", role.label());
            if generated {
                println!("初始密码（只显示这一次）：{password}");
            }
        }
        Command::Demo { scale } => {
            let store = cli.storage.open().await?;
            if store.db.org_count().await? > 0 {
                bail!("数据库中已有单位数据：演示数据只能载入空数据库");
            }
            let started = std::time::Instant::now();
            let summary = demo::load(&store, scale.max(1)).await?;
            println!(
                "已载入 {} 个单位、{} 个目录事项、{} 条公开记录，用时 {:.1} 秒",
                summary.orgs,
                summary.catalog_items,
                summary.records,
                started.elapsed().as_secs_f64()
            );
        }
        Command::Audit(AuditCommand::Verify) => {
            let store = cli.storage.open().await?;
            match store.db.verify_audit().await? {
                Ok(count) => println!("审计日志完整：共 {count} 条，哈希链校验通过"),
                Err(broken) => {
                    eprintln!("审计日志校验失败：第 {} 条记录有问题（{}）", broken.seq, broken.reason);
                    std::process::exit(1);
                }
            }
        }
    }
    Ok(())
}
