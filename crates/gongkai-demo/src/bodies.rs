//! Record bodies: sanitised-style HTML composed from phrase tables and numbers. This file
//! dispatches by body kind, closes every body with its publicity notice, and writes the
//! money tables (ledgers, payouts, fees) and the organisation's own team.

use chrono::NaiveDate;
use gongkai_core::catalog::{Domain, TimeClass};
use gongkai_core::org::OrgKind;

use super::catalog::{Body, Leaf};
use super::rng::Rng;
use super::text::{cn_date, money, Html, Scene};
use super::{guides, names, prose, reports, rosters};

/// The body of a record of `leaf` in `scene`, publicised from `start` to `end`.
pub fn body(rng: &mut Rng, scene: &Scene, leaf: &Leaf, start: NaiveDate, end: Option<NaiveDate>) -> String {
    let mut h = Html::default();
    match leaf.body {
        Body::Ledger => ledger(rng, scene, &mut h),
        Body::Payout => rosters::payout(rng, scene, &mut h),
        Body::Roster => rosters::roster(rng, scene, &mut h),
        Body::Project => rosters::project(rng, scene, &mut h),
        Body::Document => prose::document(rng, scene, leaf, &mut h),
        Body::Report => reports::report(rng, scene, leaf, &mut h),
        Body::Notice => prose::notice(rng, scene, &mut h),
        Body::Guide => guides::guide(rng, scene, leaf, &mut h),
        Body::Team => team(rng, scene, &mut h),
        Body::Case => guides::case(rng, scene, leaf, &mut h),
        Body::Fees => fees(rng, scene, &mut h),
    }
    closing(rng, scene, leaf, start, end, &mut h);
    h.finish()
}

fn closing(rng: &mut Rng, scene: &Scene, leaf: &Leaf, start: NaiveDate, end: Option<NaiveDate>, h: &mut Html) {
    let who = &leaf.rules.responsible;
    match (leaf.rules.time_class, end) {
        (TimeClass::Short | TimeClass::Phase, Some(end)) => {
            h.labelled("公示时间：", &format!("{}至{}。", cn_date(start), cn_date(end)));
            h.p(&scene.fill(
                rng,
                &format!(
                    "公示期间，如对公示内容有异议，可通过来电、来信或当面反映等方式向{who}提出。监督电话：{{phone}}。"
                ),
            ));
        }
        (TimeClass::Long, _) => {
            h.p("本信息长期公开。内容如有变化，将在信息形成或者变更之日起20个工作日内予以更新。");
        }
        _ => {
            if rng.chance(50) {
                h.p("特此公告。");
            }
        }
    }
    if leaf.rules.domain == Domain::Party && rng.chance(30) {
        h.p("党员群众可通过党务公开意见箱或监督电话反映意见建议。");
    }
    h.p(&scene.org.name).p(&cn_date(scene.date));
}

/// Income and expenditure tables in the form the leaf calls for.
fn ledger(rng: &mut Rng, scene: &Scene, h: &mut Html) {
    let leaf = scene.leaf;
    let village = matches!(scene.org.kind, OrgKind::Village | OrgKind::Community);
    // Villages and party dues count in 元, governments in 万元; a city's sums are larger.
    let small = village || leaf.contains("党费");
    let unit = if small { "元" } else { "万元" };
    let magnitude: i64 = match scene.org.kind {
        _ if leaf.contains("三公") => 1,
        _ if leaf.contains("党费") => 100,
        OrgKind::Village | OrgKind::Community | OrgKind::City | OrgKind::District => 1000,
        _ => 10,
    };
    // In hundredths of the unit, as `money` prints them.
    let amount = |rng: &mut Rng, lo: i64, hi: i64| rng.range(lo * magnitude * 100, hi * magnitude * 100);
    h.p(&scene.fill(rng, "根据有关规定，现将{org}{p}{stem}公开如下，接受群众监督。"));
    if leaf.contains("三公") {
        let rows: Vec<Vec<String>> = ["因公出国（境）费", "公务用车购置及运行维护费", "公务接待费"]
            .iter()
            .map(|item| {
                let budget = amount(rng, 3, 60);
                let spent = budget * rng.range(55, 98) / 100;
                vec![item.to_string(), money(budget), money(spent), format!("{}%", spent * 100 / budget.max(1))]
            })
            .collect();
        h.table(&["项目", &format!("预算数（{unit}）"), &format!("决算数（{unit}）"), "执行率"], &rows);
        h.p(&scene.fill(rng, "“三公”经费支出较上年下降{n}.{n}%，主要是严格执行公务接待标准、压减公务用车运行费用。"));
    } else if leaf.contains("报酬") {
        let rows: Vec<Vec<String>> = scene
            .org
            .leaders
            .iter()
            .map(|l| {
                let base = rng.range(280, 520) * 100 * 12;
                let bonus = rng.range(60, 240) * 100 * 12;
                vec![l.name.clone(), l.post.clone(), money(base), money(bonus), money(base + bonus)]
            })
            .collect();
        h.table(&["姓名", "职务", "基本报酬（元）", "绩效报酬（元）", "合计（元）"], &rows);
    } else if leaf.contains("分配") {
        let rows: Vec<Vec<String>> = (0..rng.range(3, 7))
            .map(|_| {
                let to = scene.fill(rng, "{place}");
                let use_ = rng.pick(&["基础设施建设", "困难群众救助", "产业发展", "人居环境整治", "公益事业"]);
                vec![
                    format!("{to}{}", rng.pick(&["镇", "村", "街道", "组"])),
                    use_.to_string(),
                    money(amount(rng, 1, 60)),
                ]
            })
            .collect();
        h.table(&["分配对象", "资金用途", &format!("金额（{unit}）")], &rows);
    } else if leaf.contains("资产") || leaf.contains("债权") || leaf.contains("台账") {
        let items = [
            "村委会办公楼",
            "集体鱼塘",
            "农机仓库",
            "光伏发电设施",
            "集体林地",
            "村级门面房",
            "应收承包款",
            "应付工程款",
        ];
        let rows: Vec<Vec<String>> = (0..rng.range(4, 7))
            .map(|_| {
                let item = rng.pick(&items);
                vec![
                    item.to_string(),
                    rng.range(1, 12).to_string(),
                    money(amount(rng, 8, 120)),
                    rng.pick(&["在用", "出租", "闲置", "待处置"]).to_string(),
                ]
            })
            .collect();
        h.table(&["名称", "数量", &format!("金额（{unit}）"), "状态"], &rows);
    } else {
        let (incomes, expenses): (&[&str], &[&str]) = match scene.org.kind {
            OrgKind::Village => (
                &["上级补助收入", "集体经营收入", "发包及上交收入", "一事一议财政奖补", "其他收入"],
                &["村干部报酬", "办公费", "水电费", "公益事业支出", "道路维修支出", "环境卫生保洁费", "其他支出"],
            ),
            OrgKind::Community => (
                &["上级拨付工作经费", "党组织服务群众经费", "公共收益", "其他收入"],
                &["办公费", "水电费", "居民活动经费", "环境整治支出", "慰问支出", "其他支出"],
            ),
            _ if leaf.contains("党费") => {
                (&["上年结余", "本年收缴党费", "上级下拨党费"], &["党员教育培训", "慰问困难党员", "基层党组织活动补助"])
            }
            OrgKind::City | OrgKind::District | OrgKind::Township | OrgKind::Street => (
                &["一般公共预算收入", "上级补助收入", "政府性基金预算收入", "上年结转"],
                &["一般公共服务支出", "教育支出", "社会保障和就业支出", "卫生健康支出", "城乡社区支出", "农林水支出"],
            ),
            OrgKind::PublicUnit => {
                (&["主营业务收入", "财政补助收入", "其他收入"], &["营业成本", "管理费用", "财务费用", "税金及附加"])
            }
            _ => (&["财政拨款收入", "事业收入", "上年结转"], &["基本支出—人员经费", "基本支出—公用经费", "项目支出"]),
        };
        let mut rows = Vec::new();
        let mut total_in = 0;
        for item in incomes {
            let v = amount(rng, 2, 90);
            total_in += v;
            rows.push(vec!["收入".to_owned(), item.to_string(), money(v)]);
        }
        // Spending is a share of income split over the items, so the balance stays positive.
        let shares: Vec<i64> = expenses.iter().map(|_| rng.range(1, 10)).collect();
        let spend = total_in * rng.range(70, 98) / 100;
        let share_sum: i64 = shares.iter().sum();
        let mut total_out = 0;
        for (item, share) in expenses.iter().zip(&shares) {
            let v = spend * share / share_sum;
            total_out += v;
            rows.push(vec!["支出".to_owned(), item.to_string(), money(v)]);
        }
        rows.push(vec!["合计".to_owned(), "收入合计".to_owned(), money(total_in)]);
        rows.push(vec!["合计".to_owned(), "支出合计".to_owned(), money(total_out)]);
        rows.push(vec!["结余".to_owned(), "本期结余".to_owned(), money(total_in - total_out)]);
        h.table(&["类别", "项目", &format!("金额（{unit}）")], &rows);
        if village {
            h.p(&scene.fill(rng, "以上账目已经村务监督委员会审核，单笔支出凭证{nn}张，均经民主理财小组签字。"));
        }
    }
}

fn fees(rng: &mut Rng, scene: &Scene, h: &mut Html) {
    let items: &[(&str, &str)] = match scene.org.kind {
        OrgKind::PublicUnit if scene.org.name.contains("水") => &[
            ("居民生活用水（第一阶梯）", "每立方米2.85元"),
            ("居民生活用水（第二阶梯）", "每立方米3.80元"),
            ("居民生活用水（第三阶梯）", "每立方米6.65元"),
            ("非居民用水", "每立方米4.20元"),
            ("特种行业用水", "每立方米9.50元"),
        ],
        OrgKind::PublicUnit if scene.org.name.contains("医院") => &[
            ("普通门诊诊察费", "每人次10元"),
            ("副主任医师诊察费", "每人次25元"),
            ("主任医师诊察费", "每人次35元"),
            ("三人间床位费", "每床日30元"),
        ],
        OrgKind::PublicUnit if scene.org.name.contains("公交") => {
            &[("普通公交", "每人次1元"), ("空调公交", "每人次2元"), ("七十周岁以上老年人", "免费乘车")]
        }
        OrgKind::PublicUnit => &[
            ("居民管道天然气（第一档）", "每立方米2.90元"),
            ("居民管道天然气（第二档）", "每立方米3.48元"),
            ("非居民管道天然气", "每立方米3.95元"),
        ],
        OrgKind::Department => &[
            ("证书工本费", "每本10元"),
            ("考试考务费", "每人每科50元"),
            ("检验检测费", "按核定标准收取"),
            ("其他行政事业性收费", "按省定标准执行"),
        ],
        _ => &[
            ("各类证明出具", "不收费"),
            ("材料复印", "不收费"),
            ("政务服务事项办理", "除法律法规另有规定外一律不收费"),
        ],
    };
    h.p(&scene.fill(rng, "根据价格主管部门核定的标准，现将{org}收费项目及标准公示如下："));
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|(item, price)| vec![item.to_string(), price.to_string(), "价格主管部门核定".to_owned()])
        .collect();
    h.table(&["收费项目", "收费标准", "收费依据"], &rows);
    h.p(&scene.fill(rng, "对不按公示标准收费的，可拨打价格举报电话或监督电话{phone}反映。"));
}

/// The leaders of the organisation as published, or its functions and internal units.
fn team(rng: &mut Rng, scene: &Scene, h: &mut Html) {
    let leaf = scene.leaf;
    let structural = ["职能", "机构", "网点", "进驻", "窗口", "隶属"].iter().any(|k| leaf.contains(k));
    if !structural {
        let rows: Vec<Vec<String>> = scene
            .org
            .leaders
            .iter()
            .map(|l| vec![l.name.clone(), l.post.clone(), l.duties.clone(), l.phone.clone().unwrap_or_default()])
            .collect();
        h.table(&["姓名", "职务", "分工", "办公电话"], &rows);
        return;
    }
    if leaf.contains("隶属") {
        let body = match scene.org.kind {
            OrgKind::Village | OrgKind::Community | OrgKind::ServiceHall => "党支部",
            OrgKind::PublicUnit | OrgKind::Department => "机关党委",
            _ => "党委",
        };
        h.p(&scene.fill(
            rng,
            &format!("{{org}}设{body}，隶属上级党（工）委领导，现有党员{{nn}}名，下设党小组（党支部）{{n}}个。"),
        ));
        let groups: Vec<String> =
            (1..=rng.range(2, 4)).map(|i| format!("第{i}党小组，组长：{}", names::person(rng))).collect();
        h.ul(&groups);
        return;
    }
    let units: &[&str] = match scene.org.kind {
        OrgKind::ServiceHall => &[
            "综合受理窗口",
            "不动产登记窗口",
            "社保医保窗口",
            "市场主体登记窗口",
            "税务窗口",
            "公安户政窗口",
            "“办不成事”反映窗口",
        ],
        OrgKind::Township | OrgKind::Street => {
            &["党政综合办公室", "党建工作办公室", "经济发展办公室", "社会事务办公室", "综合行政执法队", "便民服务中心"]
        }
        OrgKind::Village | OrgKind::Community => &["第一党小组", "第二党小组", "第三党小组", "流动党员党小组"],
        OrgKind::PartyCommittee => &["办公室", "干部科", "组织科", "党员教育科", "宣传科", "信访室", "案件审理室"],
        OrgKind::PublicUnit => &["客户服务中心", "营业厅", "生产运行部", "安全质量部", "财务部", "综合办公室"],
        _ => &["办公室", "政策法规科", "财务审计科", "行政审批科", "监督检查科", "人事科"],
    };
    h.p(&scene.fill(rng, "{org}主要职责如下："));
    h.ul(&[
        "贯彻执行党和国家的路线方针政策及上级决策部署",
        "研究制定本单位年度工作计划并组织实施",
        "负责职责范围内的公共服务和监督管理工作",
        "依法做好党务政务公开和政府信息公开工作",
        "完成上级交办的其他任务",
    ]);
    let count = rng.range(3, units.len() as i64) as usize;
    let listed: Vec<String> =
        units[..count].iter().map(|u| format!("{u}（电话：{}）", names::office_phone(rng))).collect();
    h.labelled("内设机构（窗口）：", "");
    h.ul(&listed);
}
