//! Work reports: plans, summaries and situation reports with numbered sections, statistics
//! tables whose figures agree with each other, and the annual disclosure report.

use gongkai_core::catalog::Domain;

use super::catalog::Leaf;
use super::prose::NUMERALS;
use super::rng::Rng;
use super::text::{Html, Scene};

/// Work plans, summaries, statistics and the annual disclosure report.
pub fn report(rng: &mut Rng, scene: &Scene, leaf: &Leaf, h: &mut Html) {
    if scene.leaf.contains("年度报告") {
        annual_report(rng, scene, h);
        return;
    }
    let stats = ["统计", "办件", "好差评", "预警", "满意度", "投诉", "信息"].iter().any(|k| scene.leaf.contains(k));
    h.p(&scene.fill(rng, "{p}，{org}坚持以人民为中心的发展思想，统筹推进各项工作。现将有关情况报告如下："));
    if stats {
        let rows = indicators(rng, scene.leaf);
        h.table(&["指标", "本期", "同比"], &rows);
        return;
    }
    let integrity = ["廉", "八项", "巡察", "纪", "述职"].iter().any(|k| scene.leaf.contains(k));
    let (headings, lines): (&[&str], &[&str]) = match (leaf.rules.domain, integrity) {
        (Domain::Party, true) => (
            &["压实主体责任", "强化日常监督", "深化警示教育", "狠抓问题整改", "下一步工作打算"],
            &[
                "召开党风廉政建设专题会议{n}次，签订责任书{nn}份。",
                "开展监督检查{n}次，发现问题{nn}个，已全部整改到位。",
                "开展警示教育{n}场次，覆盖党员干部{nnn}人次。",
                "对公务接待、公车使用等开展专项检查{n}次，未发现违规问题。",
                "约谈提醒{nn}人次，诫勉谈话{n}人。",
                "梳理廉政风险点{nn}个，制定防控措施{nn}条。",
                "受理信访举报{n}件，均已按期办结。",
            ],
        ),
        (Domain::Party, false) => (
            &["强化政治引领", "夯实基层基础", "加强党员队伍建设", "推进党务公开规范化", "下一步工作打算"],
            &[
                "召开专题会议{n}次，开展集中学习{nn}场次，覆盖党员{nnn}人次。",
                "新发展党员{n}名，转正预备党员{n}名，党员教育培训参训率达{pct}%。",
                "开展谈心谈话{nn}人次，发现并整改问题{nn}个。",
                "公开党务信息{nn}条，收集党员群众意见建议{nn}条，均已答复。",
                "组织主题党日活动{nn}次，党员志愿服务{nnn}人次。",
                "选派党员到村（社区）报到服务{nn}人次，办实事{nn}件。",
                "规范“三会一课”台账，开展支部书记讲党课{n}次。",
            ],
        ),
        (Domain::Government, _) => (
            &["聚焦重点任务", "强化资金保障", "优化政务服务", "加强监督检查", "下一步工作打算"],
            &[
                "完成年度目标任务的{pct}%，{n}项重点工作按期推进。",
                "投入资金{wan}万元，惠及群众{nnn}户。",
                "办理群众诉求{nnn}件，按时办结率{pct}%，满意率{pct}%。",
                "开展专项检查{nn}次，发现问题{nn}个，已整改到位。",
                "公开政务信息{nnn}条，组织政策解读{nn}次。",
                "召开群众座谈会{n}次，收集意见建议{nn}条。",
                "新增便民服务事项{n}项，“一次办”比例提高到{pct}%。",
            ],
        ),
    };
    // Each line is used once per report so sections do not repeat each other.
    let mut order: Vec<usize> = (0..lines.len()).collect();
    rng.shuffle(&mut order);
    let sections = (rng.range(3, 5) as usize).min(headings.len());
    for (i, heading) in headings[headings.len() - sections..].iter().enumerate() {
        h.labelled(&format!("{}、{heading}", NUMERALS[i]), "");
        let text = if i + 1 == sections {
            "巩固已有成效，补齐短板弱项，确保各项任务落地见效。".to_owned()
        } else {
            order.iter().skip(i * 2).take(2).map(|&l| scene.fill(rng, lines[l])).collect::<String>()
        };
        h.p(&text);
    }
}

/// Figures of a statistics leaf, consistent with each other.
fn indicators(rng: &mut Rng, leaf: &str) -> Vec<Vec<String>> {
    let change =
        |rng: &mut Rng| format!("{}{}.{}%", if rng.chance(70) { "+" } else { "-" }, rng.range(0, 15), rng.below(10));
    let pct = |rng: &mut Rng, lo: i64| format!("{}.{}%", rng.range(lo, 99), rng.below(10));
    let mut rows: Vec<(String, String)> = Vec::new();
    if leaf.contains("办件") || leaf.contains("预警") || leaf.contains("好差评") {
        let received = rng.range(300, 3_000);
        let done = received - rng.range(0, received / 20);
        rows.push(("受理件数".into(), received.to_string()));
        rows.push(("办结件数".into(), done.to_string()));
        rows.push(("按时办结率".into(), pct(rng, 97)));
        rows.push(("提前办结件数".into(), (done * rng.range(30, 70) / 100).to_string()));
        rows.push(("黄牌预警".into(), rng.range(0, 12).to_string()));
        rows.push(("红牌警告".into(), rng.range(0, 3).to_string()));
        rows.push(("“好评”率".into(), pct(rng, 97)));
    } else if leaf.contains("投诉") || leaf.contains("满意度") {
        let received = rng.range(3, 60);
        rows.push(("受理投诉件数".into(), received.to_string()));
        rows.push(("办结件数".into(), (received - rng.range(0, 2).min(received)).to_string()));
        rows.push(("回访满意率".into(), pct(rng, 92)));
        rows.push(("服务质量抽查次数".into(), rng.range(2, 15).to_string()));
    } else {
        rows.push(("地区生产总值增速".into(), format!("{}.{}%", rng.range(3, 7), rng.below(10))));
        rows.push(("一般公共预算收入".into(), format!("{}.{}亿元", rng.range(8, 90), rng.below(10))));
        rows.push(("城镇新增就业人数".into(), format!("{}人", rng.range(2_000, 15_000))));
        rows.push(("城乡居民人均可支配收入增速".into(), format!("{}.{}%", rng.range(4, 8), rng.below(10))));
        rows.push(("规模以上工业增加值增速".into(), format!("{}.{}%", rng.range(3, 10), rng.below(10))));
    }
    rows.into_iter().map(|(name, value)| vec![name, value, change(rng)]).collect()
}

/// 政府信息公开工作年度报告, in the sections the national format sets, its figures
/// agreeing: the requests received are the sum of their senders and of their outcomes,
/// and what is in force is at least what was made this year.
fn annual_report(rng: &mut Rng, scene: &Scene, h: &mut Html) {
    let people = rng.range(8, 60);
    let bodies = rng.range(0, 9);
    let received = people + bodies;
    let refused = rng.range(0, 2.min(received));
    let unavailable = rng.range(0, 3.min(received - refused));
    let partly = rng.range(0, 4.min(received - refused - unavailable));
    let disclosed = received - refused - unavailable - partly;
    let year = scene.fill(rng, "{lastyear}");
    h.labelled("一、总体情况", "");
    h.p(&scene.fill(
        rng,
        &format!(
            "{year}年，{{org}}认真贯彻《中华人民共和国政府信息公开条例》，全年主动公开政府信息{{nnn}}条，受理政府信息公开申请{received}件，均在法定期限内答复。"
        ),
    ));
    h.labelled("二、主动公开政府信息情况", "");
    let rows: Vec<Vec<String>> = ["行政规范性文件", "行政许可", "行政处罚", "行政事业性收费"]
        .iter()
        .map(|kind| {
            let made = rng.range(0, 40);
            vec![
                kind.to_string(),
                made.to_string(),
                rng.range(0, 12).to_string(),
                (made + rng.range(0, 160)).to_string(),
            ]
        })
        .collect();
    h.table(&["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], &rows);
    h.labelled("三、收到和处理政府信息公开申请情况", "");
    h.p(&format!(
        "本年新收申请{received}件，其中自然人申请{people}件，法人或其他组织申请{bodies}件。办理结果：予以公开{disclosed}件，部分公开{partly}件，不予公开{refused}件，无法提供{unavailable}件。"
    ));
    h.labelled("四、政府信息公开行政复议、行政诉讼情况", "");
    match rng.range(0, 2) {
        0 => h.p("本年未发生因政府信息公开被申请行政复议或提起行政诉讼的情况。"),
        n => h.p(&format!("本年因政府信息公开被申请行政复议{n}件，复议结果均为维持；被提起行政诉讼0件。")),
    };
    h.labelled("五、存在的主要问题及改进情况", "");
    h.p("部分栏目更新不够及时，政策解读形式较为单一。下一步将健全信息发布审核机制，丰富图文、视频等解读形式。");
}
