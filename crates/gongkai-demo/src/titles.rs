//! Record titles in the forms Chinese notice boards use: "关于…的公示", "…（第N批）",
//! "…年第三季度…公开". A leaf's own words pick the form; the body kind gives the fallback.

use gongkai_core::catalog::UpdateRule;

use super::catalog::{Body, Leaf};
use super::rng::Rng;
use super::text::Scene;

/// Title forms for leaves whose name contains the keyword; the first match wins.
const BY_KEYWORD: &[(&str, &[&str])] = &[
    ("解读", &["《{policy}》政策解读", "一图读懂《{policy}》"]),
    ("清理", &["{org}关于{year}年规范性文件清理结果的公告"]),
    ("规范性文件", &["{org}关于印发《{policy}》的通知", "{org}关于修订《{policy}》的通知"]),
    ("规章制度", &["{org}关于印发《{policy}》的通知"]),
    ("发展规划", &["{org}{year}年国民经济和社会发展计划", "{org}国民经济和社会发展规划纲要中期评估报告"]),
    ("听证", &["关于{org}价格调整方案召开听证会的公告", "{org}价格调整方案征求意见公告"]),
    ("项目征求意见", &["{project}建设方案征求意见公告", "关于{project}实施方案公开征求意见的公告"]),
    ("预公开", &["关于《{policy}（征求意见稿）》公开征求意见的公告"]),
    ("常务会议", &["{org}政府第{nn}次常务会议"]),
    ("会议决定", &["{org}{leaf}（{year}年第{n}期）"]),
    ("会议决议", &["{org}关于{project}的会议决议公开", "{org}{year}年第{n}次{stem}"]),
    ("议定事项", &["{org}关于{project}“四议两公开”议定事项的公示"]),
    ("防汛", &["{org}关于做好{season}防汛防火工作的紧急通知", "{org}关于加强{season}安全防范工作的通知"]),
    ("突发事件", &["{org}关于{place}片区突发事件应对处置情况的通报", "{org}关于启动防汛Ⅳ级应急响应的通知"]),
    ("停水", &["关于{place}片区计划停水的通知", "关于{road}燃气管道维修暂停供气的通知"]),
    ("临时通知", &["{org}关于设施检修暂停部分服务的公告", "{org}关于{place}片区临时调整服务的公告"]),
    ("时间调整", &["{org}关于{holiday}期间服务时间调整的公告"]),
    ("系统升级", &["{org}关于业务系统升级暂停办理部分事项的通知"]),
    ("征地信息", &["{org}关于{place}地块土地征收预公告", "{org}{place}地块征地补偿安置方案公告"]),
    ("房屋征收", &["{org}{place}片区国有土地上房屋征收补偿方案", "{org}关于{place}片区房屋征收决定的公告"]),
    ("土地承包", &["{org}关于{place}组土地经营权流转的公示"]),
    ("工作动态", &["{org}召开{year}年政务公开工作推进会", "{org}开展“{stem}进社区”活动"]),
    ("主题党日", &["{org}{p}主题党日活动"]),
    ("信息公开指南", &["{org}政府信息公开指南（{year}年修订）"]),
    ("年度报告", &["{org}{lastyear}年政府信息公开工作年度报告"]),
    ("信访举报", &["{org}信访举报受理方式及联系电话"]),
    ("一件事", &["“{service}”一件事一次办服务指南"]),
    ("招标公告", &["{project}招标公告", "{project}施工招标公告"]),
    ("采购结果", &["{project}采购结果公告", "{project}中标（成交）结果公告"]),
    ("租赁", &["{org}{place}组集体鱼塘发包租赁结果公示", "{org}集体闲置房屋租赁结果公示"]),
    ("发包", &["{project}发包结果公示", "{project}施工合同签订情况公示"]),
    ("重大决策", &["{org}关于{project}的决策公开", "{org}{year}年重大决策事项目录"]),
    ("选拔任用", &["{org}{year}年公开选拔副科级领导干部公告"]),
    ("采购意向", &["{org}{p}政府采购意向公开"]),
    ("典型问题", &["{org}关于违反中央八项规定精神典型问题的通报", "{org}通报群众身边不正之风和腐败问题典型案例"]),
    ("执纪审查", &["{org}关于党员干部受到党纪处分情况的通报（{year}年第{k}期）"]),
    ("行政处罚决定", &["{org}行政处罚决定书（{no}）"]),
    ("监察工作", &["{org}{year}年{month}月监察工作情况"]),
    ("任前公示", &["{org}干部任前公示（{year}年第{k}批）"]),
    ("考察预告", &["{org}干部考察预告（{year}年第{k}批）"]),
];

/// Fallback title forms by body kind; `{p}` is only used for periodic leaves.
fn by_body(body: Body, periodic: bool) -> &'static [&'static str] {
    match (body, periodic) {
        (Body::Ledger, true) => &["{org}{p}{leaf}公开", "{org}{p}{leaf}明细表", "关于{org}{p}{leaf}的公示"],
        (Body::Ledger, false) => &["{org}{year}年{leaf}公示（第{k}批）", "关于{org}{leaf}的公示"],
        (Body::Payout, true) => &["{org}{p}{stem}发放情况公示", "{org}{p}{stem}发放名单公示"],
        (Body::Payout, false) => {
            &["{org}{year}年{stem}发放名单公示（第{k}批）", "关于{org}{year}年{month}月{stem}的公示"]
        }
        (Body::Roster, _) => &["{org}关于{year}年第{k}批{stem}情况的公示", "{org}{year}年{stem}公示名单"],
        (Body::Project, true) => &["{project}实施进度（{p}）", "{org}{p}{leaf}"],
        (Body::Project, false) => &["{project}{stem}公示", "关于{project}{stem}的公告"],
        (Body::Document, _) => &["{org}{leaf}", "关于印发《{org}{leaf}》的通知", "{org}{leaf}（{year}年修订）"],
        (Body::Report, true) => &["{org}{p}{leaf}"],
        (Body::Report, false) => &["{org}关于{stem}的报告", "{org}{stem}情况通报"],
        (Body::Notice, true) => &["{org}{p}{leaf}", "{org}{p}{leaf}公开"],
        (Body::Notice, false) => &["{org}关于{stem}的通知", "{org}{stem}（{year}年第{n}号）"],
        (Body::Guide, _) => &["{org}{service}办事指南", "{service}服务指南（{year}年版）"],
        (Body::Team, _) => &["{org}{leaf}", "{org}{leaf}（{year}年{month}月更新）"],
        (Body::Case, _) => &["{org}关于{stem}的通报（{year}年第{n}期）"],
        (Body::Fees, _) => &["{org}{leaf}（{year}年版）", "{org}{leaf}公示"],
    }
}

/// The title of a record of `leaf` in `scene`.
pub fn title(rng: &mut Rng, scene: &Scene, leaf: &Leaf) -> String {
    let forms = BY_KEYWORD
        .iter()
        .find(|(keyword, _)| leaf.name.contains(keyword))
        .map(|(_, forms)| *forms)
        .unwrap_or_else(|| by_body(leaf.body, leaf.rules.update_rule != UpdateRule::OnChange));
    let form = match leaf.body {
        // Periodic reports of a situation are often filed as "关于…情况的报告".
        Body::Report if leaf.name.ends_with("情况") && forms.len() == 1 && rng.chance(40) => {
            "{org}关于{p}{leaf}的报告"
        }
        _ => rng.pick(forms),
    };
    scene.fill(rng, form)
}

/// A one-line summary, or none (many boards publish only a title and the text).
pub fn summary(rng: &mut Rng, scene: &Scene, leaf: &Leaf) -> Option<String> {
    if !rng.chance(55) {
        return None;
    }
    // Summaries never state counts: the body's tables are the single source of numbers.
    let forms: &[&str] = match leaf.body {
        Body::Ledger => &["公开{p}{stem}，请群众监督。", "收支明细见下表，已经审核。"],
        Body::Payout => &["本批次发放对象及金额现予公示。", "公示{stem}对象，公示期内接受监督。"],
        Body::Roster => &["现将名单予以公示，接受党员群众监督。", "公示期内如有异议，请及时反映。"],
        Body::Project => &["公开{project}的有关情况。", "项目有关情况现予公开，接受社会监督。"],
        Body::Document => &["自印发之日起施行。", "明确了职责分工和工作流程。"],
        Body::Report => &["总结{p}工作成效，部署下一阶段任务。", "现将有关情况报告如下。"],
        Body::Notice => &["请各单位认真贯彻落实。", "现将有关事项通知如下。"],
        Body::Guide => &["列明申请条件、所需材料和办理流程。", "一次告知，方便群众办事。"],
        Body::Team => &["公开{leaf}，方便群众联系和监督。"],
        Body::Case => &["现予公开，接受社会监督。", "以案为鉴，警钟长鸣。"],
        Body::Fees => &["公开收费项目、依据和标准。", "收费标准未经批准不得擅自调整。"],
    };
    let form = rng.pick(forms);
    Some(scene.fill(rng, form))
}
