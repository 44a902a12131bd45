//! What records are about: projects, policies and services by organisation, and the prefix of
//! each organisation's document numbers; chosen once per record into its `Scene`.

use chrono::{Datelike, NaiveDate};
use gongkai_core::catalog::Domain;
use gongkai_core::org::{Org, OrgKind};

use super::catalog::Leaf;
use super::names::{self, CITY};
use super::rng::Rng;
use super::text::{is_forward, period, Scene};

/// Picks the subject of one record published by `org` against `leaf` on `date`.
pub fn scene<'a>(rng: &mut Rng, org: &'a Org, leaf: &'a Leaf, date: NaiveDate) -> Scene<'a> {
    let party = leaf.rules.domain == Domain::Party;
    let doc_prefix = doc_prefix(org, party);
    // A penalty decision is numbered in the issuer's 罚 series, not its 发 series.
    let series = match doc_prefix.strip_suffix('发') {
        Some(issuer) if leaf.name.contains("处罚") => format!("{issuer}罚"),
        _ => doc_prefix.clone(),
    };
    let own_doc = format!("{series}〔{}〕{}号", date.year(), rng.range(1, 68));
    Scene {
        org,
        leaf: &leaf.name,
        date,
        period: period(leaf.rules.update_rule, date, is_forward(&leaf.name)),
        project: project(rng, org),
        policy: policy(rng, org, party),
        service: service(rng, org).to_owned(),
        doc_prefix,
        own_doc,
    }
}

/// The part of an organisation code after the city prefix, e.g. `zjj` for `lj-zjj`.
fn unit(org: &Org) -> &str {
    org.code.as_str().split('-').nth(1).unwrap_or("")
}

pub fn project(rng: &mut Rng, org: &Org) -> String {
    let kinds: &[&str] = match org.kind {
        OrgKind::Village => &[
            "{org}{place}组村级道路硬化工程",
            "{org}灌溉水渠修缮工程",
            "{org}村庄亮化工程",
            "{org}文化广场建设项目",
            "{org}安全饮水巩固提升工程",
            "{org}{place}山塘清淤整治工程",
        ],
        OrgKind::Community | OrgKind::Street => &[
            "{org}{place}小区老旧小区改造工程",
            "{org}{place}小区雨污分流改造工程",
            "{org}{place}小区既有住宅加装电梯项目",
            "{org}停车场及充电设施建设项目",
            "{org}背街小巷提升工程",
        ],
        OrgKind::Township => &[
            "{org}{place}村村级道路硬化工程",
            "{org}高标准农田建设项目",
            "{org}集镇污水管网建设工程",
            "{org}{place}至{place}农村公路提质改造工程",
            "{org}乡村振兴示范点建设项目",
        ],
        OrgKind::City | OrgKind::District => &[
            "{org}{place}大道快速化改造工程",
            "{org}{place}片区老旧小区改造工程",
            "{org}第二污水处理厂扩建工程",
            "{org}全民健身中心建设项目",
            "{org}{place}保障性租赁住房项目",
            "{org}滨江公园提升工程",
        ],
        OrgKind::Department => match unit(org) {
            "mzj" => &["{city}{place}养老服务中心建设项目", "{city}殡仪服务设施改造项目"],
            "rsj" => &["{city}{place}零工市场建设项目", "{city}公共实训基地建设项目"],
            "jyj" => &["{city}{place}中学校舍改造工程", "{city}义务教育学校运动场提升工程"],
            "wjw" => &["{city}{place}镇卫生院标准化建设项目", "{city}{place}社区卫生服务中心改造工程"],
            "zrj" => &["{city}{place}片区国土空间生态修复工程", "{city}{place}矿山地质环境治理项目"],
            "zjj" => &["{city}{place}片区老旧小区改造工程", "{city}{place}保障性住房项目"],
            "nyj" => &["{city}{place}高标准农田建设项目", "{city}{place}农村人居环境整治项目"],
            "sthj" => &["{city}{place}河流域水环境综合治理工程", "{city}空气质量自动监测站建设项目"],
            "jtj" => &["{city}{place}至{place}农村公路提质改造工程", "{city}{place}客运站改造工程"],
            "yjj" => &["{city}应急物资储备库建设项目", "{city}{place}避难场所建设项目"],
            _ => &["{org}业务信息系统升级项目", "{org}办公用房维修改造项目"],
        },
        OrgKind::PublicUnit => match unit(org) {
            "zls" => &["{org}{place}片区供水管网改造工程", "{org}第三水厂深度处理工程"],
            "yy1" => &["{org}住院综合楼建设项目", "{org}医用设备采购项目"],
            "gjjt" => &["{org}新能源公交车购置项目", "{org}{place}公交首末站建设项目"],
            _ => &["{org}{place}片区燃气管道老化更新改造工程", "{org}智能燃气表更换项目"],
        },
        OrgKind::PartyCommittee => &["{org}机关办公设备更新采购项目", "{org}廉政教育基地布展项目"],
        OrgKind::ServiceHall => &["{org}大厅智能化改造项目", "{org}自助服务终端采购项目"],
    };
    let template = rng.pick(kinds);
    let mut out = template.replace("{org}", &org.name).replace("{city}", CITY);
    while out.contains("{place}") {
        out = out.replacen("{place}", &names::any_place(rng), 1);
    }
    out
}

fn policy(rng: &mut Rng, org: &Org, party: bool) -> String {
    let departmental: Option<&[&str]> = match (org.kind, unit(org)) {
        (OrgKind::Department, "czj") => Some(&["政府投资项目管理办法", "政府采购内部控制管理办法"]),
        (OrgKind::Department, "mzj") => Some(&["城乡居民最低生活保障实施办法", "社会救助家庭经济状况核对办法"]),
        (OrgKind::Department, "rsj") => Some(&["城乡居民基本养老保险实施办法", "促进就业创业若干措施"]),
        (OrgKind::Department, "jyj") => Some(&["义务教育阶段学校招生入学工作方案", "中小学校服管理办法"]),
        (OrgKind::Department, "wjw") => Some(&["家庭医生签约服务实施方案", "基层医疗卫生机构绩效考核办法"]),
        (OrgKind::Department, "zrj") => Some(&["国土空间规划管理办法", "建设用地容积率管理规定"]),
        (OrgKind::Department, "zjj") => Some(&["城镇老旧小区改造实施方案", "住宅专项维修资金管理办法"]),
        (OrgKind::Department, "nyj") => Some(&["农村人居环境整治提升实施方案", "高标准农田建设管理办法"]),
        (OrgKind::Department, "scj") => Some(&["食品安全责任落实办法", "小餐饮登记管理办法"]),
        (OrgKind::Department, "sthj") => Some(&["城市扬尘污染防治管理办法", "饮用水水源地保护办法"]),
        (OrgKind::Department, "jtj") => Some(&["农村公路管理养护办法", "出租汽车经营服务管理办法"]),
        (OrgKind::Department, "yjj") => Some(&["安全生产举报奖励办法", "自然灾害救助应急预案"]),
        _ => None,
    };
    let topics: &[&str] = if party {
        &[
            "党员教育管理工作实施办法",
            "“三会一课”制度实施细则",
            "党风廉政建设主体责任清单",
            "党务公开工作实施细则",
            "党员积分制管理办法",
            "基层党组织标准化规范化建设实施方案",
            "党内谈心谈话制度",
            "领导干部联系基层制度",
        ]
    } else if let Some(list) = departmental {
        list
    } else {
        match org.kind {
            OrgKind::Village => {
                &["村规民约", "村级财务管理制度", "村级小微权力清单", "村级工程项目管理办法", "宅基地管理实施细则"]
            }
            OrgKind::Community => &["居民公约", "社区议事协商规则", "小区物业管理公约", "社区经费管理制度"],
            OrgKind::PublicUnit => &["服务质量承诺", "用户服务规范", "收费管理办法", "投诉处理办法"],
            OrgKind::ServiceHall => {
                &["首问负责制度", "限时办结制度", "一次性告知制度", "“好差评”管理办法", "帮办代办服务规范"]
            }
            _ => &[
                "政务公开工作实施方案",
                "重大行政决策程序规定",
                "行政规范性文件管理办法",
                "城乡居民最低生活保障实施办法",
                "城市绿化管理办法",
                "农村人居环境整治提升实施方案",
                "义务教育阶段学校招生入学工作方案",
                "城镇老旧小区改造实施方案",
                "城乡居民基本养老保险实施办法",
                "城市生活垃圾分类管理办法",
                "促进就业创业若干措施",
                "政府投资项目管理办法",
                "公共资源交易管理办法",
            ],
        }
    };
    let topic = rng.pick(topics);
    // Departments draft the city's rules; every other body issues its own.
    let mut policy = match org.kind {
        OrgKind::Department => CITY.to_owned(),
        _ => org.name.clone(),
    };
    super::text::join(&mut policy, topic);
    policy
}

fn service(rng: &mut Rng, org: &Org) -> &'static str {
    let list: &[&str] = match (org.kind, unit(org)) {
        (OrgKind::Department, "czj") => &["政府采购供应商投诉处理", "会计人员继续教育学时登记"],
        (OrgKind::Department, "mzj") => &["最低生活保障申请", "婚姻登记", "惠民殡葬补贴申领", "社会团体成立登记"],
        (OrgKind::Department, "rsj") => {
            &["失业保险金申领", "就业创业证申领", "职业技能等级认定", "城乡居民养老保险参保登记"]
        }
        (OrgKind::Department, "jyj") => &["教师资格认定", "民办学校设立审批", "义务教育入学登记"],
        (OrgKind::Department, "wjw") => &["医师执业注册", "出生医学证明办理", "医疗机构执业登记"],
        (OrgKind::Department, "zrj") => &["建设工程规划许可证核发", "不动产登记", "乡村建设规划许可证核发"],
        (OrgKind::Department, "zjj") => &["建筑工程施工许可证核发", "商品房预售许可", "物业服务企业备案"],
        (OrgKind::Department, "nyj") => &["农作物种子生产经营许可", "农机购置补贴申领", "兽药经营许可"],
        (OrgKind::Department, "scj") => &["食品经营许可", "个体工商户登记", "特种设备使用登记"],
        (OrgKind::Department, "sthj") => &["排污许可证核发", "建设项目环境影响评价审批"],
        (OrgKind::Department, "jtj") => &["道路运输经营许可", "出租汽车驾驶员从业资格证核发"],
        (OrgKind::Department, _) => &["危险化学品经营许可", "安全生产许可"],
        (OrgKind::PublicUnit, "zls") => &["用水报装", "水表移位及更换", "供水故障报修"],
        (OrgKind::PublicUnit, "yy1") => &["门诊预约挂号", "住院办理", "病历复印"],
        (OrgKind::PublicUnit, "gjjt") => &["公交卡办理", "老年人乘车卡办理", "失物招领"],
        (OrgKind::PublicUnit, _) => &["燃气开户", "燃气设施改装", "燃气故障报修"],
        (OrgKind::PartyCommittee, _) => &["党员组织关系转接", "信访举报受理", "党员档案查询"],
        (OrgKind::Village | OrgKind::Community, _) => &[
            "宅基地申请",
            "低保申请",
            "城乡居民医保参保缴费",
            "养老保险待遇资格认证",
            "高龄津贴申领",
            "残疾人两项补贴申请",
        ],
        _ => &[
            "社会保障卡申领",
            "城乡居民医保参保登记",
            "低保申请",
            "残疾人证办理",
            "老年人优待证办理",
            "临时救助申请",
            "生育登记服务",
        ],
    };
    rng.word(list)
}

/// 发文字号 prefix: the city's single character, then the issuer's abbreviation.
fn doc_prefix(org: &Org, party: bool) -> String {
    let first = org.name.chars().next().unwrap_or('岚');
    let city = CITY.chars().next().unwrap_or('岚');
    let issuer = if party { "委" } else { "政" };
    match org.kind {
        OrgKind::City => format!("{city}{issuer}发"),
        OrgKind::District | OrgKind::Township => format!("{first}{issuer}发"),
        OrgKind::Street => format!("{first}街{}", if party { "工委发" } else { "办发" }),
        OrgKind::Village | OrgKind::Community => format!("{}字", org.name),
        OrgKind::ServiceHall => format!("{first}政服发"),
        OrgKind::PartyCommittee | OrgKind::Department | OrgKind::PublicUnit => {
            let short = match unit(org) {
                "jw" => "纪",
                "zzb" => "组",
                "xcb" => "宣",
                "zfw" => "政法",
                "tzb" => "统",
                "czj" => "财",
                "mzj" => "民",
                "rsj" => "人社",
                "jyj" => "教",
                "wjw" => "卫健",
                "zrj" => "自然资源",
                "zjj" => "建",
                "nyj" => "农",
                "scj" => "市监",
                "sthj" => "环",
                "jtj" => "交",
                "yjj" => "应急",
                "zls" => "水司",
                "yy1" => "一院",
                "gjjt" => "公交",
                _ => "燃气",
            };
            let party_mark = if party && org.kind != OrgKind::PartyCommittee { "党" } else { "" };
            format!("{city}{short}{party_mark}发")
        }
    }
}
