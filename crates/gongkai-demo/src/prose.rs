//! Record bodies in running text: rules and policy documents with numbered articles, and
//! notices of meetings, consultations, land matters and temporary arrangements.

use gongkai_core::catalog::Domain;
use gongkai_core::org::OrgKind;

use super::catalog::Leaf;
use super::rng::Rng;
use super::text::{is_forward, Html, Scene};

pub const NUMERALS: &[&str] = &["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"];

/// A rule, plan or policy document; a policy reading; or a clean-up result.
pub fn document(rng: &mut Rng, scene: &Scene, leaf: &Leaf, h: &mut Html) {
    if scene.leaf.contains("解读") {
        h.labelled("一、出台背景", "");
        h.p(&scene.fill(rng, "为贯彻落实上级有关部署，回应群众关切，{org}起草了《{policy}》，经公开征求意见、合法性审查和集体讨论后印发实施。"));
        h.labelled("二、主要内容", "");
        h.p(&scene.fill(rng, "文件共{n}章{nn}条，明确了适用范围、职责分工、办理程序和监督保障等内容。"));
        h.labelled("三、解读机关及联系方式", "");
        h.p(&scene.fill(rng, "解读机关：{org}；联系电话：{phone}。"));
        return;
    }
    if scene.leaf.contains("清理") {
        h.p(&scene.fill(rng, "根据规范性文件定期清理制度，{org}对现行有效的规范性文件进行了全面清理，结果如下："));
        let rows: Vec<Vec<String>> = (0..rng.range(3, 7))
            .map(|_| {
                let result = rng.pick(&["继续有效", "继续有效", "宣布失效", "废止", "修改"]);
                vec![scene.fill(rng, "《{policy}》"), scene.fill(rng, "{doc}"), result.to_string()]
            })
            .collect();
        h.table(&["文件名称", "文号", "清理结果"], &rows);
        return;
    }
    let party = leaf.rules.domain == Domain::Party;
    // Titles of these leaves name the policy; the others are named by the leaf itself.
    let named = if scene.leaf.contains("规范性文件") || scene.leaf.contains("规章制度") {
        &scene.policy
    } else {
        scene.leaf
    };
    let word = [
        "办法", "细则", "制度", "方案", "清单", "公约", "民约", "规定", "措施", "承诺", "基准", "计划", "规划", "标准",
        "流程",
    ]
    .iter()
    .find(|w| named.contains(**w))
    .copied()
    .unwrap_or("制度");
    let goal = if party {
        rng.pick(&[
            "加强党的建设，推进党务公开规范化",
            "严肃党内政治生活，加强党员教育管理",
            "压实全面从严治党主体责任",
        ])
    } else {
        rng.pick(&["规范权力运行，提升行政效能", "保障群众知情权、参与权和监督权", "优化营商环境，提高服务质量"])
    };
    let preamble =
        scene.fill(rng, &format!("为{goal}，根据{}等有关规定，结合{{org}}实际，制定本{word}。", leaf.rules.basis));
    let self_governed = matches!(scene.org.kind, OrgKind::Village | OrgKind::Community);
    let articles: &[&str] = if self_governed && !party {
        &[
            "本{w}经村（居）民会议讨论通过，全体村（居）民共同遵守。",
            "爱护公共设施，保持环境整洁，不乱堆乱放、乱搭乱建。",
            "弘扬文明新风，红白喜事简办，不大操大办、不铺张浪费。",
            "重大事项实行民主决策，决策过程和结果向村（居）民公开。",
            "邻里之间互谅互让，发生纠纷通过人民调解依法解决。",
            "对违反本{w}的，由村（居）民委员会批评教育，督促改正。",
        ]
    } else if party {
        &[
            "本{w}适用于{org}所属各级党组织和全体党员。",
            "党组织书记是落实本{w}的第一责任人，班子其他成员按照分工抓好落实。",
            "党组织每季度至少召开一次专题会议，研究部署相关工作。",
            "党员应当按时参加组织生活，主动接受党员群众监督。",
            "对落实不力、造成不良影响的，依规依纪追究相关人员责任。",
            "有关工作情况纳入年度党建工作考核和述职评议内容。",
        ]
    } else {
        &[
            "本{w}适用于{org}职责范围内的相关工作。",
            "有关单位应当明确责任科室和责任人，建立工作台账，做到全程留痕。",
            "涉及群众切身利益的事项，应当在决定前公开征求意见，征求意见期一般不少于30日。",
            "办理结果应当及时公开，接受社会监督；依法不予公开的除外。",
            "对违反本{w}规定的，由有关部门责令改正；情节严重的，依法依规追究责任。",
            "有关单位应当每年对执行情况进行评估，并向社会公开评估结果。",
        ]
    };
    let count = rng.range(3, articles.len() as i64) as usize;
    let mut items = vec![preamble];
    items.extend(articles[..count].iter().map(|a| scene.fill(rng, &a.replace("{w}", word))));
    items.push(scene.fill(rng, &format!("本{word}自{{date}}起施行，由{{org}}负责解释。")));
    for (i, text) in items.iter().enumerate() {
        h.p(&format!("<strong>第{}条</strong>　{text}", NUMERALS[i]));
    }
}

/// Meetings and their decisions, consultations, land notices and temporary arrangements.
pub fn notice(rng: &mut Rng, scene: &Scene, h: &mut Html) {
    let leaf = scene.leaf;
    let has = |keys: &[&str]| keys.iter().any(|k| leaf.contains(k));
    if has(&["会议", "决议", "决策", "议定"]) {
        let members = rng.range(5, 11);
        let present = members - rng.range(0, 2);
        h.p(&scene.fill(
            rng,
            &format!(
                "{{earlier}}，{{org}}召开会议，应到{members}人，实到{present}人，符合规定人数。会议研究决定如下："
            ),
        ));
        let decisions = [
            "审议通过{project}实施方案",
            "同意{org}{year}年度重点工作安排",
            "研究确定困难群众慰问名单和标准",
            "审议通过集体资金使用计划，总额{wan}万元",
            "同意开展{policy}修订工作",
        ];
        let mut order: Vec<usize> = (0..decisions.len()).collect();
        rng.shuffle(&mut order);
        let picked: Vec<String> =
            order[..rng.range(2, 4) as usize].iter().map(|&i| scene.fill(rng, decisions[i])).collect();
        h.ul(&picked);
        return;
    }
    if has(&["征求意见", "预公开", "听证"]) {
        let subject =
            if leaf.contains("项目") { "{project}建设方案" } else { "《{policy}（征求意见稿）》" };
        h.p(&scene.fill(
            rng,
            &format!("为提高决策的科学性和透明度，现就{subject}向社会公开征求意见，征求意见期限与公示时间一致。"),
        ));
        h.ul(&[
            scene.fill(rng, "电话：{phone}"),
            scene.fill(rng, "信函：{org}（信封注明“意见建议”）"),
            "电子邮件：请通过门户网站“互动交流”栏目提交".to_owned(),
        ]);
        h.p("意见采纳情况将在决策公布时一并说明。");
        return;
    }
    if has(&["土地承包", "流转"]) {
        h.p(&scene.fill(rng, "经农户自愿申请、村民委员会审核，现将{place}组土地经营权流转有关事项公示如下："));
        h.ul(&[
            scene.fill(rng, "流转面积：{nn}.{n}亩，涉及农户{nn}户"),
            scene.fill(rng, "受让方：{company}"),
            scene.fill(rng, "流转期限：{n}年，流转费每亩每年{nnn}元，按年支付"),
            "流转用途：发展粮食和特色农业生产，不改变土地农业用途".to_owned(),
        ]);
        return;
    }
    if has(&["征地", "房屋征收"]) {
        h.p(&scene.fill(rng, "根据有关法律法规规定，现将{place}地块有关事项公告如下："));
        h.ul(&[
            scene.fill(rng, "涉及范围：{org}{place}组，面积约{nn}.{n}亩"),
            scene.fill(rng, "补偿安置：按照{year}年区片综合地价标准执行，社会保障费用足额落实"),
            scene.fill(rng, "异议期限：自公告之日起30日内，可向{org}书面提出"),
        ]);
        return;
    }
    if has(&["防汛", "突发", "停水", "临时", "时间调整", "升级", "整治"]) {
        let cause = [
            ("停水", "管网维修"),
            ("防汛", "防汛安全"),
            ("突发", "应急处置"),
            ("时间调整", "节假日安排"),
            ("升级", "业务系统升级"),
            ("整治", "环境整治"),
        ]
        .iter()
        .find(|(k, _)| leaf.contains(k))
        .map_or("设施检修", |(_, c)| c);
        h.p(&scene.fill(rng, &format!("因{cause}需要，自{{later}}起相关安排调整如下，请广大群众相互转告：")));
        h.ul(&[
            scene.fill(rng, "影响范围：{place}片区及{road}沿线"),
            scene.fill(rng, "持续时间：预计{n}天"),
            scene.fill(rng, "咨询电话：{phone}"),
        ]);
        h.p("由此带来的不便，敬请谅解。");
        return;
    }
    h.p(&scene.fill(rng, "根据年度工作安排，现将{org}{p}{leaf}公开如下："));
    // Arrangements list days to come; accounts of what was done list days past.
    let when = if is_forward(leaf) { "{later}" } else { "{earlier}" };
    let mut topics = ["集中学习党章党规", "专题研讨", "志愿服务进社区", "重温入党誓词", "观看警示教育片", "交纳党费"];
    rng.shuffle(&mut topics);
    let rows: Vec<Vec<String>> = topics[..rng.range(2, 5) as usize]
        .iter()
        .map(|topic| {
            vec![scene.fill(rng, when), topic.to_string(), scene.fill(rng, "{org}会议室"), "全体党员".to_owned()]
        })
        .collect();
    h.table(&["时间", "内容", "地点", "参加人员"], &rows);
}
