//! The gongkai binary: serve the portal, migrate, manage accounts and catalogue templates,
//! load the demo city and verify the audit chain.

mod background;
mod cli;
mod templates;

/// mimalloc instead of the system's malloc: requests allocate on tokio's threads and free
/// on SQLite's worker threads, which glibc's per-thread arenas handle slowly (a sixth of
/// the time of an uncached page) and keep memory for.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::Read;

use anyhow::{bail, Context};
use cli::{AuditCommand, CatalogCommand, Command, IndexCommand, OrgCommand, Storage, UserCommand};
use gongkai_core::access::Role;
use gongkai_core::org::OrgCode;
use gongkai_store::users::NewUser;
use gongkai_store::Store;
use gongkai_web::{AppState, WebConfig};

impl Storage {
    async fn open(&self) -> anyhow::Result<Store> {
        Store::open(&self.data_dir, self.database_url.as_deref()).await.context("打开数据库失败")
    }

    /// This node's search index, beside its other data.
    fn search_root(&self) -> std::path::PathBuf {
        self.search_dir.clone().unwrap_or_else(|| self.data_dir.join("search"))
    }

    /// Opens a database that must already be there: a mistyped `--data-dir` would
    /// otherwise create an empty one and add accounts or organisations to it.
    async fn open_existing(&self) -> anyhow::Result<Store> {
        let file = self.data_dir.join("gongkai.db");
        if self.database_url.is_none() && !file.exists() {
            bail!("在 {} 中没有找到数据库：请检查 --data-dir，或先执行 gongkai migrate", self.data_dir.display());
        }
        self.open().await
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .init();
    let cli = cli::parse();
    match cli.command {
        Command::Serve { addr, max_upload_mb, demo, secure_cookies, behind_proxy, submissions_per_hour } => {
            let store = cli.storage.open().await?;
            first_start(&store, demo, &cli.storage.data_dir).await?;
            let listener = tokio::net::TcpListener::bind(&addr).await.with_context(|| format!("无法监听 {addr}"))?;
            let local = listener.local_addr()?;
            let config = WebConfig {
                max_upload_bytes: max_upload_mb * 1024 * 1024,
                secure_cookies,
                behind_proxy,
                submissions_per_hour,
            };
            let identity = gongkai_web::site::Identity::load(&cli.storage.data_dir, &format!("http://{local}"))?;
            println!("gongkai 已启动：http://{local}/");
            let root = cli.storage.search_root();
            let (search, needs_build) = match gongkai_search::SearchIndex::open(&root) {
                Ok(opened) => opened,
                Err(gongkai_search::SearchError::Busy) => bail!(
                    "检索索引目录 {} 已被另一个运行中的服务占用：同一台机器上运行多个服务时，请用 --search-dir 为每个服务指定各自的目录",
                    root.display()
                ),
                Err(e) => return Err(e).context("打开检索索引失败"),
            };
            let state = AppState::with_identity(store, config, std::sync::Arc::new(search), identity);
            background::spawn(state.clone(), needs_build);
            gongkai_web::serve(listener, state, background::shutdown_signal()).await?;
        }
        Command::Migrate => {
            cli.storage.open().await?;
            println!("数据库已是最新结构");
        }
        Command::User(UserCommand::Add { username, role, org, display_name, password_stdin }) => {
            let store = cli.storage.open_existing().await?;
            add_user(&store, &username, &role, org, display_name, password_stdin).await?;
        }
        Command::Org(OrgCommand::Import { file }) => {
            let store = cli.storage.open_existing().await?;
            import_orgs(&store, &file).await?;
        }
        Command::Catalog(CatalogCommand::Load { dir }) => {
            let store = cli.storage.open().await?;
            let read = templates::read(dir.as_deref())?;
            let loads = templates::install(&store, read).await?;
            println!("{}", templates::report(&loads));
        }
        Command::Catalog(CatalogCommand::Export { dir }) => {
            let store = cli.storage.open_existing().await?;
            let written = templates::export(&store, &dir).await?;
            println!("已导出 {written} 类单位的目录模板到 {}", dir.display());
        }
        Command::Demo { scale } => {
            let store = cli.storage.open().await?;
            load_demo(&store, scale.max(1), &cli.storage.data_dir).await?;
        }
        Command::Index(IndexCommand::Rebuild) => {
            let store = cli.storage.open_existing().await?;
            println!("正在重建检索索引……");
            let report =
                gongkai_search::rebuild_at(&cli.storage.search_root(), &store).await.context("重建检索索引失败")?;
            println!(
                "检索索引已重建：公开信息 {} 条、单位 {} 个，用时 {:.1} 秒；正在运行的服务将自动换用新索引",
                report.records,
                report.orgs,
                report.elapsed.as_secs_f64()
            );
        }
        Command::Audit(AuditCommand::Verify) => {
            let store = cli.storage.open_existing().await?;
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

/// What a new site needs before it serves: the standard templates, the demo city when
/// asked for, and a word on how to create the first administrator.
async fn first_start(store: &Store, demo: bool, data_dir: &std::path::Path) -> anyhow::Result<()> {
    if demo && store.db.org_count().await? == 0 {
        println!("正在载入演示城市……");
        load_demo(store, 1, data_dir).await?;
    }
    if !store.db.has_templates().await? {
        let loads = templates::install(store, gongkai_catalogs::standard()).await?;
        let items: usize = loads.iter().map(|(_, l)| l.added.len()).sum();
        println!("首次启动：已安装 {} 类单位的标准目录模板，共 {items} 个目录事项", loads.len());
    }
    if store.db.active_admins().await? == 0 {
        println!("尚无管理员账号。请先创建第一个管理员，再登录后台添加单位和账号：");
        println!("  gongkai user add --username <登录名> --role admin");
    }
    Ok(())
}

/// Loads the demo city and prints its accounts. The portal gets the city's name and
/// footer in `site.toml`, unless the operator has written settings of their own.
async fn load_demo(store: &Store, scale: u32, data_dir: &std::path::Path) -> anyhow::Result<()> {
    if store.db.org_count().await? > 0 {
        bail!("数据库中已有单位数据：演示城市只能载入空数据库");
    }
    let started = std::time::Instant::now();
    let summary = gongkai_demo::load(store, scale).await?;
    println!(
        "已载入 {} 个单位、{} 个目录事项、{} 条公开记录，用时 {:.1} 秒",
        summary.orgs,
        summary.catalog_items,
        summary.records,
        started.elapsed().as_secs_f64()
    );
    println!("演示账号（{}），密码只显示这一次，首次登录后须修改：", summary.street.name);
    for (username, display_name, role, org) in [
        ("xinxiyuan", "演示信息员", Role::Editor, Some(&summary.street.code)),
        ("shenheren", "演示审核人", Role::Reviewer, Some(&summary.street.code)),
        ("guanliyuan", "演示管理员", Role::Admin, None),
    ] {
        let password = gongkai_web::auth::one_time_password();
        let hash = gongkai_web::auth::hash_password(password.clone()).await.map_err(|e| anyhow::anyhow!("{e}"))?;
        let user = NewUser { username, display_name, password_hash: &hash, role, org, one_time: true };
        store.add_user("demo", user).await?;
        println!("  {}  登录名 {username}  一次性密码 {password}", role.label());
    }
    let path = data_dir.join("site.toml");
    if !path.exists() {
        std::fs::create_dir_all(data_dir).with_context(|| format!("无法创建数据目录 {}", data_dir.display()))?;
        std::fs::write(&path, &summary.site_settings)
            .with_context(|| format!("无法写入网站设置 {}", path.display()))?;
    }
    Ok(())
}

/// Imports an organisation tree from a spreadsheet as the installation itself.
async fn import_orgs(store: &Store, file: &std::path::Path) -> anyhow::Result<()> {
    let bytes = std::fs::read(file).with_context(|| format!("读取 {} 失败", file.display()))?;
    let started = std::time::Instant::now();
    let table = gongkai_sheets::read_xlsx(&bytes).map_err(|e| anyhow::anyhow!("{} 不能导入：\n{e}", file.display()))?;
    match store.import_orgs(&gongkai_core::access::Actor::system(), &table.rows).await {
        Ok(orgs) => {
            println!("已导入 {} 个单位，用时 {:.1} 秒", orgs.len(), started.elapsed().as_secs_f64());
            Ok(())
        }
        Err(gongkai_store::StoreError::Table(errors)) => {
            bail!("{} 有{}处错误，未导入任何单位：\n{}", file.display(), errors.0.len(), table.renumber(errors))
        }
        Err(e) => Err(e.into()),
    }
}

async fn add_user(
    store: &Store,
    username: &str,
    role: &str,
    org: Option<String>,
    display_name: Option<String>,
    password_stdin: bool,
) -> anyhow::Result<()> {
    let role = Role::parse(role)?;
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
    let display_name = display_name.unwrap_or_else(|| username.to_owned());
    let user = NewUser {
        username,
        display_name: &display_name,
        password_hash: &hash,
        role,
        org: org.as_ref(),
        one_time: generated,
    };
    store.add_user("cli", user).await?;
    println!("已创建账号 {username}（{}）", role.label());
    if generated {
        println!("初始密码（只显示这一次，首次登录后须修改）：{password}");
    }
    Ok(())
}
