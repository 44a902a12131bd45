//! Record bodies that list people, households or projects: rosters for publicity, subsidy
//! payouts with masked names, and project facts in the shape of the project's stage.

use chrono::Datelike;
use gongkai_core::org::OrgKind;

use super::names;
use super::rng::Rng;
use super::text::{money, Html, Scene};

/// Builds one table row of a roster.
type RowFn = fn(&mut Rng, &Scene) -> Vec<String>;

const EDUCATION: &[&str] = &["大学本科", "大学专科", "研究生", "高中", "中专"];

/// Lists of people: new members, appointees, recruits, relief households, licensees.
pub fn roster(rng: &mut Rng, scene: &Scene, h: &mut Html) {
    let leaf = scene.leaf;
    let count = rng.range(2, 8);
    let has = |keys: &[&str]| keys.iter().any(|k| leaf.contains(k));
    let (intro, head, row): (&str, &[&str], RowFn) = if has(&["干部", "任免", "考察", "任前"]) {
        (
            "经{org}研究，拟对以下同志进行考察或任用，现予公示：",
            &["姓名", "性别", "现任职务", "拟任（提名）职务"],
            |rng, s| {
                let (now, next): (&[&str], &[&str]) = match s.org.kind {
                    OrgKind::Township => (
                        &["党政综合办公室主任", "四级主任科员", "经济发展办公室主任"],
                        &["党委委员、副镇长", "党委委员、纪委书记", "武装部部长"],
                    ),
                    OrgKind::Street => (
                        &["党政综合办公室主任", "社区党委书记", "四级主任科员"],
                        &["办事处副主任", "党工委委员", "纪工委书记"],
                    ),
                    OrgKind::Department => {
                        (&["办公室副主任", "四级主任科员", "综合科副科长"], &["科长", "副局长", "所长", "副主任"])
                    }
                    _ => (
                        &["市直单位科长", "乡镇党委委员", "四级调研员", "街道办事处副主任"],
                        &["局长助理", "乡镇党委副书记", "副局长", "街道党工委副书记"],
                    ),
                };
                let now = *rng.pick(now);
                let next = *rng.pick(next);
                let (name, sex) = names::gendered_person(rng);
                vec![name, sex.to_owned(), now.to_owned(), next.to_owned()]
            },
        )
    } else if has(&["低保", "特困", "救助"]) {
        (
            "经入户调查、民主评议和乡镇（街道）审核，拟将以下家庭纳入救助范围，现予公示：",
            &["户主", "家庭人口", "所在村（组）", "保障类别", "月保障金额（元）"],
            |rng, _| {
                let group = format!("{}组", rng.range(1, 12));
                let class = rng.pick(&["A类", "B类", "C类", "特困供养"]);
                vec![
                    names::masked_person(rng),
                    rng.range(1, 5).to_string(),
                    group,
                    class.to_string(),
                    money(rng.range(300, 900) * 100),
                ]
            },
        )
    } else if has(&["宅基地"]) {
        (
            "经村民代表会议讨论通过，以下农户的宅基地申请拟予审核同意，现予公示：",
            &["申请人", "所在组", "申请面积（平方米）", "建房类型", "审核意见"],
            |rng, _| {
                let kind = rng.pick(&["原址翻建", "分户新建", "危房改造"]);
                vec![
                    names::masked_person(rng),
                    format!("{}组", rng.range(1, 12)),
                    rng.range(80, 150).to_string(),
                    kind.to_string(),
                    "符合条件".to_owned(),
                ]
            },
        )
    } else if has(&["招聘", "录用", "遴选", "岗位"]) {
        (
            "根据招聘公告，经笔试、面试、体检和考察，拟聘用以下人员，现予公示：",
            &["姓名", "性别", "报考岗位", "综合成绩", "备注"],
            |rng, _| {
                let post = rng.pick(&["综合管理岗", "财务会计岗", "信息技术岗", "社会工作岗", "法律事务岗"]);
                let (name, sex) = names::gendered_person(rng);
                vec![
                    name,
                    sex.to_owned(),
                    post.to_string(),
                    format!("{}.{:02}", rng.range(70, 89), rng.below(100)),
                    "拟聘用".to_owned(),
                ]
            },
        )
    } else if has(&["许可"]) {
        (
            "现将本期作出的准予行政许可决定公示如下：",
            &["行政相对人", "许可事项", "决定文号", "有效期至"],
            |rng, s| {
                let until = format!("{}年{}月{}日", s.date.year() + 5, rng.range(1, 12), rng.range(1, 28));
                vec![names::company(rng), s.service.clone(), s.fill(rng, "{doc}"), until]
            },
        )
    } else if has(&["选举"]) {
        (
            "经选举委员会提名和资格审查，现将候选人名单公示如下：",
            &["姓名", "性别", "文化程度", "拟任职务"],
            |rng, _| {
                let post = rng.pick(&["主任", "副主任", "委员"]);
                let (name, sex) = names::gendered_person(rng);
                vec![name, sex.to_owned(), rng.pick(EDUCATION).to_string(), post.to_string()]
            },
        )
    } else if has(&["考核"]) {
        (
            "经综合考评，现将窗口工作人员考核结果公示如下：",
            &["姓名", "所在窗口", "考核等次"],
            |rng, _| {
                let window = rng.pick(&["综合受理窗口", "社保医保窗口", "不动产登记窗口", "税务窗口"]);
                vec![
                    names::person(rng),
                    window.to_string(),
                    rng.pick(&["优秀", "优秀", "合格", "合格", "合格"]).to_string(),
                ]
            },
        )
    } else {
        (
            "经支部委员会研究、上级党组织审查，现将有关人员名单公示如下：",
            &["姓名", "性别", "文化程度", "所在党支部（单位）"],
            |rng, s| {
                let branch =
                    format!("{}{}", s.org.name, rng.pick(&["第一党支部", "第二党支部", "机关党支部", "党支部"]));
                let (name, sex) = names::gendered_person(rng);
                vec![name, sex.to_owned(), rng.pick(EDUCATION).to_string(), branch]
            },
        )
    };
    h.p(&scene.fill(rng, intro));
    let rows: Vec<Vec<String>> = (0..count).map(|_| row(rng, scene)).collect();
    let mut head_with_no = vec!["序号"];
    head_with_no.extend_from_slice(head);
    let numbered: Vec<Vec<String>> = rows
        .into_iter()
        .enumerate()
        .map(|(i, mut r)| {
            r.insert(0, (i + 1).to_string());
            r
        })
        .collect();
    h.table(&head_with_no, &numbered);
}

/// Subsidy lists: households masked, amounts and a total.
pub fn payout(rng: &mut Rng, scene: &Scene, h: &mut Html) {
    let leaf = scene.leaf;
    // Quantity column, its range, and the rate per unit in 元.
    let (basis, per, rate): (&str, (i64, i64), (i64, i64)) = if leaf.contains("耕地") {
        ("补贴面积（亩）", (2, 18), (105, 160))
    } else if leaf.contains("公益林") {
        ("补偿面积（亩）", (5, 60), (15, 25))
    } else if leaf.contains("农机") {
        ("购置机具（台）", (1, 2), (3_000, 20_000))
    } else if leaf.contains("高龄") {
        ("享受月数", (1, 12), (100, 300))
    } else {
        ("救助（慰问）人数", (1, 4), (500, 3_000))
    };
    let rate = rng.range(rate.0, rate.1);
    let grassroots =
        matches!(scene.org.kind, OrgKind::Village | OrgKind::Community | OrgKind::Township | OrgKind::Street);
    let (intro, place) = if grassroots {
        ("根据相关政策规定，经村（居）民委员会初审、乡镇（街道）审核，现将{p}{stem}发放情况公示如下：", "所在组")
    } else {
        ("经{org}研究，现将{p}{stem}发放情况公示如下：", "所在党支部（科室）")
    };
    h.p(&scene.fill(rng, intro));
    let mut rows = Vec::new();
    let mut total = 0;
    for i in 0..rng.range(4, 10) {
        let qty = rng.range(per.0, per.1);
        let fen = qty * rate * 100;
        total += fen;
        let at =
            if grassroots { format!("{}组", rng.range(1, 12)) } else { format!("第{}党支部", rng.range(1, 6)) };
        rows.push(vec![(i + 1).to_string(), names::masked_person(rng), at, qty.to_string(), money(fen)]);
    }
    rows.push(vec!["合计".to_owned(), String::new(), String::new(), String::new(), money(total)]);
    h.table(&["序号", "户主", place, basis, "发放金额（元）"], &rows);
    h.p("资金已通过“一卡通”直接发放到户，个人身份证号码、银行账号等信息不予公开。");
}

/// Project facts in the shape of the project's stage.
pub fn project(rng: &mut Rng, scene: &Scene, h: &mut Html) {
    let leaf = scene.leaf;
    // Budgets in 万元 fit the body that builds: a village pond is not a city expressway.
    let budget = match scene.org.kind {
        OrgKind::Village => rng.range(5, 120),
        OrgKind::Community | OrgKind::ServiceHall | OrgKind::PartyCommittee => rng.range(20, 600),
        OrgKind::Township | OrgKind::Street => rng.range(50, 2_000),
        _ => rng.range(100, 9_000),
    };
    let wan = |v: i64| format!("{}.{:02}万元", v, (v * 37) % 100);
    let mut rows: Vec<Vec<String>> = vec![vec!["项目名称".into(), scene.project.clone()]];
    if leaf.contains("采购意向") {
        h.p(&scene.fill(rng, "为便于供应商及时了解政府采购信息，现将{org}{p}政府采购意向公开如下："));
        let items: Vec<Vec<String>> = (0..rng.range(2, 5))
            .map(|_| {
                let item = rng.pick(&[
                    "办公设备采购",
                    "信息系统运维服务",
                    "物业管理服务",
                    "印刷服务",
                    "法律顾问服务",
                    "车辆维修服务",
                ]);
                vec![item.to_string(), wan(rng.range(10, 300)), format!("{}月", rng.range(1, 12))]
            })
            .collect();
        h.table(&["采购项目", "预算金额", "预计采购时间"], &items);
        return;
    }
    if leaf.contains("招标") || leaf.contains("采购") || leaf.contains("发包") || leaf.contains("合同") {
        rows.push(vec!["招标（采购）人".into(), scene.org.name.clone()]);
        rows.push(vec!["中标（成交）单位".into(), names::company(rng)]);
        rows.push(vec!["中标（成交）金额".into(), wan(budget * rng.range(85, 98) / 100)]);
        rows.push(vec!["工期".into(), format!("{}日历天", rng.range(60, 360))]);
        rows.push(vec!["项目负责人".into(), names::person(rng)]);
    } else if leaf.contains("验收") || leaf.contains("结算") {
        let settled = budget * rng.range(90, 104) / 100;
        rows.push(vec!["合同金额".into(), wan(budget)]);
        rows.push(vec!["结算审计金额".into(), wan(settled)]);
        rows.push(vec!["施工单位".into(), names::company(rng)]);
        rows.push(vec!["验收结论".into(), "工程质量合格，同意交付使用".into()]);
    } else if leaf.contains("进度") || leaf.contains("运营") {
        let pct = rng.range(15, 95);
        rows.push(vec!["总投资".into(), wan(budget)]);
        rows.push(vec!["累计完成投资".into(), wan(budget * pct / 100)]);
        rows.push(vec!["形象进度".into(), format!("完成{pct}%")]);
        rows.push(vec!["下一步安排".into(), scene.fill(rng, "计划于{later}前完成主体施工，同步开展质量安全检查")]);
    } else if leaf.contains("租赁") {
        rows.push(vec!["承租方".into(), names::masked_person(rng)]);
        rows.push(vec!["租赁期限".into(), format!("{}年", rng.range(3, 10))]);
        rows.push(vec!["年租金".into(), format!("{}元", money(rng.range(30, 300) * 10_000))]);
        rows.push(vec!["决策程序".into(), "经村民代表会议表决通过，公开竞价确定".into()]);
    } else {
        rows.push(vec!["建设地点".into(), scene.fill(rng, "{org}{place}")]);
        rows.push(vec!["建设内容".into(), scene.fill(rng, "新建、改造相关设施{nn}处，配套建设排水、照明等附属工程")]);
        rows.push(vec!["投资估算".into(), wan(budget)]);
        rows.push(vec![
            "资金来源".into(),
            rng.pick(&["财政专项资金", "上级补助和本级配套", "地方政府专项债券", "村集体自筹和财政奖补"]).to_string(),
        ]);
        rows.push(vec!["责任单位".into(), scene.org.name.clone()]);
    }
    h.p(&scene.fill(rng, "现将{project}有关情况公开如下："));
    h.table(&["事项", "内容"], &rows);
}
