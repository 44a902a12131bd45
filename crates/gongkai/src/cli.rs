//! The command line: what an operator types, described in Chinese.

use std::path::PathBuf;

use clap::{Arg, ArgAction, Args, CommandFactory, FromArgMatches, Parser, Subcommand};

/// The command line as typed, with its help in Chinese throughout.
pub fn parse() -> Cli {
    let command = chinese(Cli::command()).disable_version_flag(true).arg(
        Arg::new("version")
            .short('V')
            .long("version")
            .action(ArgAction::Version)
            .help("显示版本号")
            .help_heading("选项"),
    );
    let matches = command.clone().try_get_matches().unwrap_or_else(|e| refuse(e, &mut command.clone()));
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| refuse(e, &mut command.clone()))
}

/// Help and the version as clap prints them; a mistake said in Chinese, with the usage
/// of the command it was made in, and exit status 2 as clap would.
fn refuse(e: clap::Error, command: &mut clap::Command) -> ! {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let context = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(list)) => list.join("、"),
        _ => String::new(),
    };
    let message = match e.kind() {
        ErrorKind::DisplayVersion => e.exit(),
        ErrorKind::DisplayHelp => {
            print!("{}", in_chinese(&e.render().to_string()));
            std::process::exit(0)
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            eprint!("{}", in_chinese(&e.render().to_string()));
            std::process::exit(2)
        }
        ErrorKind::UnknownArgument => format!("不认识的参数“{}”", context(ContextKind::InvalidArg)),
        ErrorKind::InvalidSubcommand => format!("没有“{}”这个命令", context(ContextKind::InvalidSubcommand)),
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数：{}", context(ContextKind::InvalidArg)),
        ErrorKind::MissingSubcommand => "请指定命令".to_owned(),
        ErrorKind::InvalidValue => {
            let valid = context(ContextKind::ValidValue);
            let hint = if valid.is_empty() { String::new() } else { format!("，可选：{valid}") };
            format!("参数 {} 的值“{}”无效{hint}", context(ContextKind::InvalidArg), context(ContextKind::InvalidValue))
        }
        ErrorKind::ValueValidation => {
            format!("参数 {} 的值“{}”不正确", context(ContextKind::InvalidArg), context(ContextKind::InvalidValue))
        }
        ErrorKind::ArgumentConflict => format!("参数 {} 不能同时使用", context(ContextKind::InvalidArg)),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => {
            format!("参数 {} 给出的值个数不对", context(ContextKind::InvalidArg))
        }
        _ => "命令行参数有误".to_owned(),
    };
    // The usage of the subcommand the mistake was made in, when clap names one.
    let usage = match e.get(ContextKind::Usage) {
        Some(ContextValue::StyledStr(u)) => u.to_string(),
        _ => command.render_usage().to_string(),
    };
    let usage = in_chinese(usage.trim().trim_start_matches("Usage:").trim());
    eprintln!("错误：{message}\n\n用法：{usage}\n\n查看说明请执行 gongkai --help（或在命令后加 --help）");
    std::process::exit(2)
}

/// `command` and its subcommands with clap's own words (headings, the help flag) in
/// Chinese.
fn chinese(command: clap::Command) -> clap::Command {
    command
        .help_template("{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}")
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令")
        .disable_help_flag(true)
        .mut_args(|a| if a.is_positional() { a.help_heading("参数") } else { a.help_heading("选项") })
        .arg(Arg::new("help").short('h').long("help").action(ArgAction::Help).help("显示帮助").help_heading("选项"))
        .mut_subcommands(chinese)
}

#[derive(Parser)]
#[command(name = "gongkai", version, about = "党务政务公开平台", disable_help_subcommand = true)]
pub struct Cli {
    #[command(flatten)]
    pub storage: Storage,
    #[command(subcommand)]
    pub command: Command,
}

/// Where the data lives; every command takes the same two options.
#[derive(Args)]
pub struct Storage {
    /// 数据目录：SQLite 数据库和附件文件存放于此
    #[arg(long, global = true, env = "GONGKAI_DATA_DIR", default_value = "./data", value_name = "目录")]
    pub data_dir: PathBuf,
    /// PostgreSQL 连接地址（postgres://…）；不填则使用数据目录中的 SQLite 数据库
    #[arg(long, global = true, env = "GONGKAI_DATABASE_URL", value_name = "地址")]
    pub database_url: Option<String>,
    /// 本节点检索索引的目录，默认为数据目录下的 search；同一台机器上运行多个服务时须各自指定
    #[arg(long, global = true, env = "GONGKAI_SEARCH_DIR", value_name = "目录")]
    pub search_dir: Option<PathBuf>,
}

#[derive(Subcommand)]
pub enum Command {
    /// 启动门户网站、后台和接口
    Serve {
        /// 监听地址
        #[arg(long, default_value = "127.0.0.1:8080", value_name = "地址:端口")]
        addr: String,
        /// 单个附件的大小上限（MB）
        #[arg(long, default_value_t = 50, value_name = "MB")]
        max_upload_mb: usize,
        /// 数据库为空时载入演示城市（岚江市），并显示演示账号
        #[arg(long)]
        demo: bool,
        /// 为 Cookie 加上 Secure 标记（经 HTTPS 对外服务时使用）
        #[arg(long)]
        secure_cookies: bool,
        /// 部署在本机的反向代理（如 nginx）之后：来自本机的请求以 X-Real-IP 头作为访客地址
        #[arg(long)]
        behind_proxy: bool,
        /// 同一网络地址每小时可在线提交的申请和意见件数
        #[arg(long, default_value_t = 10, value_name = "件数")]
        submissions_per_hour: usize,
    },
    /// 创建或升级数据库结构
    Migrate,
    /// 管理账号
    #[command(subcommand)]
    User(UserCommand),
    /// 管理单位
    #[command(subcommand)]
    Org(OrgCommand),
    /// 管理公开目录模板
    #[command(subcommand)]
    Catalog(CatalogCommand),
    /// 向空数据库载入演示城市（岚江市）
    Demo {
        /// 记录数量的倍数（100 倍时超过十万条）
        #[arg(long, default_value_t = 1, value_name = "倍数")]
        scale: u32,
    },
    /// 检查审计日志
    #[command(subcommand)]
    Audit(AuditCommand),
    /// 管理全文检索索引
    #[command(subcommand)]
    Index(IndexCommand),
}

#[derive(Subcommand)]
pub enum UserCommand {
    /// 创建账号，并显示一次生成的初始密码
    Add {
        /// 登录名
        #[arg(long, value_name = "登录名")]
        username: String,
        /// 角色：admin 管理员、editor 信息员、reviewer 审核人、supervisor 监督员
        #[arg(long, value_parser = ["admin", "editor", "reviewer", "supervisor"], value_name = "角色")]
        role: String,
        /// 所属单位编码（信息员和审核人必填）
        #[arg(long, value_name = "单位编码")]
        org: Option<String>,
        /// 显示的姓名
        #[arg(long, value_name = "姓名")]
        display_name: Option<String>,
        /// 从标准输入读取密码，而不生成初始密码
        #[arg(long)]
        password_stdin: bool,
    },
}

#[derive(Subcommand)]
pub enum OrgCommand {
    /// 从 XLSX 表格导入单位（列：单位编码、单位名称、单位类型、上级单位编码、第一责任人、办公地址、联系电话）；有一行错误则全部不导入
    Import {
        /// 表格文件（.xlsx）
        #[arg(value_name = "文件")]
        file: PathBuf,
    },
}

#[derive(Subcommand)]
pub enum CatalogCommand {
    /// 安装或更新各类单位的标准目录模板
    Load {
        /// 从此目录读取模板表（按单位类型命名，如 township.xlsx 或 township.csv），不填则使用随程序发布的标准模板
        #[arg(long, value_name = "目录")]
        dir: Option<PathBuf>,
    },
    /// 把系统中的各类目录模板导出为 XLSX 表格（按单位类型命名），修改后可用 catalog load --dir 载入
    Export {
        /// 导出到此目录
        #[arg(long, value_name = "目录")]
        dir: PathBuf,
    },
}

#[derive(Subcommand)]
pub enum AuditCommand {
    /// 重新计算哈希链；发现问题时指出第一条有问题的记录并以状态 1 退出
    Verify,
}

#[derive(Subcommand)]
pub enum IndexCommand {
    /// 从数据库重建本节点的检索索引；重建期间正在运行的服务照常用旧索引回答检索，建好后自动换用新索引
    Rebuild,
}

/// The few words of clap's own that its help and usage still print in English.
fn in_chinese(text: &str) -> String {
    text.replace("[OPTIONS]", "[选项]")
        .replace("[default: ", "[默认：")
        .replace("[env: ", "[环境变量：")
        .replace("[possible values: ", "[可选：")
        .replace("[aliases: ", "[别名：")
        .replace("选项:", "选项：")
        .replace("命令:", "命令：")
        .replace("参数:", "参数：")
}
