//! Record bodies that tell people how to act: service guides, the information disclosure
//! guide and the complaints channel; and case reports: discipline notices, supervision
//! figures and administrative penalty decisions.

use gongkai_core::org::OrgKind;

use super::catalog::Leaf;
use super::names;
use super::rng::Rng;
use super::text::{Html, Scene};

/// Service guides, the information disclosure guide, and the complaints channel.
pub fn guide(rng: &mut Rng, scene: &Scene, leaf: &Leaf, h: &mut Html) {
    let address = scene.org.address.clone().unwrap_or_else(|| scene.org.name.clone());
    if scene.leaf.contains("信息公开指南") {
        h.labelled("一、主动公开：", "本机关主动公开的政府信息通过政府门户网站、政务公开栏等渠道发布，自信息形成或者变更之日起20个工作日内公开。");
        h.labelled("二、依申请公开：", "申请人可通过当面、信函或网上方式提出申请。能够当场答复的当场答复；不能当场答复的，自收到申请之日起20个工作日内答复，需要延长的，经批准可延长不超过20个工作日。");
        h.labelled(
            "三、收费：",
            "行政机关依申请提供政府信息，不收取费用；申请数量、频次明显超过合理范围的，可依法收取信息处理费。",
        );
        h.labelled("四、监督和救济：", "申请人认为行政机关侵犯其合法权益的，可以自知道之日起60日内申请行政复议，或者自知道之日起6个月内提起行政诉讼。");
        h.labelled("受理地址：", &address);
        return;
    }
    if scene.leaf.contains("信访举报") {
        h.p(&scene.fill(rng, "{org}受理党员群众对党组织和党员违反党纪行为的检举控告。"));
        h.ul(&[
            format!("来信地址：{address}"),
            scene.fill(rng, "举报电话：{phone}"),
            "网上举报：岚江市纪检监察网举报专区".to_owned(),
        ]);
        h.p("提倡实名举报，对举报人信息严格保密；不受理超出职责范围或已进入诉讼程序的事项。");
        return;
    }
    h.labelled("事项名称：", &scene.service);
    h.labelled("设定依据：", &leaf.rules.basis);
    h.labelled("申请条件：", "符合相关法律法规和政策规定的自然人、法人或者其他组织。");
    h.labelled("申请材料：", "");
    h.ul(&[
        "申请表（窗口领取或网上下载）",
        "申请人有效身份证件",
        "相关证明材料",
        "委托办理的，提供授权委托书及受托人身份证件",
    ]);
    h.labelled("办理流程：", "申请—受理—审查—决定—送达，全程实行首问负责和一次性告知。");
    let legal = rng.range(10, 20);
    let promised = rng.range(1, legal / 2);
    h.labelled("办理时限：", &format!("法定时限{legal}个工作日，承诺时限{promised}个工作日。"));
    h.labelled("收费标准：", "不收费。");
    h.labelled("办理地点：", &address);
    h.labelled("咨询电话：", &scene.org.phone.clone().unwrap_or_default());
}

/// Discipline reports, supervision statistics and administrative penalty decisions.
pub fn case(rng: &mut Rng, scene: &Scene, leaf: &Leaf, h: &mut Html) {
    if leaf.name.contains("监察工作") {
        h.p(&scene.fill(
            rng,
            "{month}月，{org}共接收信访举报{nnn}件次，处置问题线索{nn}件，立案{nn}件，给予党纪政务处分{nn}人。",
        ));
        h.p(&scene.fill(rng, "其中，查处群众身边不正之风和腐败问题{n}件，推动追回、退还群众财物{wan}万元。"));
        return;
    }
    if leaf.name.contains("处罚") {
        let rows = vec![
            vec!["当事人".to_owned(), names::company(rng)],
            vec![
                "统一社会信用代码".to_owned(),
                format!("91{:06}MA{:08}", rng.below(1_000_000), rng.below(100_000_000)),
            ],
            vec![
                "违法事实".to_owned(),
                rng.pick(&[
                    "未按规定公示相关信息",
                    "未取得许可擅自从事经营活动",
                    "超范围经营",
                    "未按要求开展安全生产培训",
                ])
                .to_string(),
            ],
            vec!["处罚依据".to_owned(), "《中华人民共和国行政处罚法》及相关法律法规".to_owned()],
            vec!["处罚内容".to_owned(), scene.fill(rng, "警告，罚款人民币{yuan}元")],
            vec!["决定文书号".to_owned(), scene.own_doc.clone()],
        ];
        h.table(&["项目", "内容"], &rows);
        return;
    }
    const FAULTS: &[&str] = &[
        "违规收受礼品礼金",
        "违规公款吃喝",
        "违规发放津贴补贴",
        "在惠民资金发放中优亲厚友",
        "违规操办婚丧喜庆事宜",
        "公车私用",
    ];
    const PENALTIES: &[&str] = &["党内警告", "党内严重警告", "政务记过", "撤销党内职务", "诫勉谈话"];
    h.p(&scene
        .fill(rng, "近期，{org}查处了一批违反中央八项规定精神和群众身边不正之风问题。现将其中几起典型问题通报如下："));
    let cases: Vec<String> = (0..rng.range(2, 5))
        .map(|_| {
            let who = names::person(rng);
            let unit = if scene.org.kind == OrgKind::Village {
                scene.org.name.clone()
            } else {
                format!("{}{}", names::any_place(rng), rng.pick(&["镇", "村", "街道"]))
            };
            format!("{unit}干部{who}{}问题。{who}受到{}处分，违纪款项已被收缴。", rng.pick(FAULTS), rng.pick(PENALTIES))
        })
        .collect();
    h.ul(&cases);
    h.p("上述问题反映出少数党员干部纪律意识淡薄。各级党组织要以案为鉴、以案促改，切实把纪律和规矩挺在前面。");
}
