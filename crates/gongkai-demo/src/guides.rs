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
        let offence = offence(rng, &scene.org.name, &leaf.name);
        let rows = vec![
            vec!["当事人".to_owned(), names::company(rng)],
            vec![
                "统一社会信用代码".to_owned(),
                format!("91{:06}MA{:08}", rng.below(1_000_000), rng.below(100_000_000)),
            ],
            vec!["违法事实".to_owned(), offence.fact.to_owned()],
            vec!["处罚依据".to_owned(), offence.basis.to_owned()],
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

/// An offence an agency may penalise, with the law that it breaks.
pub struct Offence {
    pub fact: &'static str,
    pub basis: &'static str,
}

/// Each enforcing agency's own offences, found by a word of its name or of the catalogue
/// item; a town or street's 综合行政执法 takes the last line.
pub const REMITS: &[(&[&str], &[Offence])] = &[
    (
        &["生态环境", "环境违法"],
        &[
            Offence {
                fact: "未依法取得排污许可证排放污染物", basis: "《排污许可管理条例》第三十三条"
            },
            Offence {
                fact: "超过大气污染物排放标准排放大气污染物",
                basis: "《中华人民共和国大气污染防治法》第九十九条",
            },
        ],
    ),
    (
        &["市场监督", "食品药品"],
        &[
            Offence {
                fact: "经营超过保质期的食品", basis: "《中华人民共和国食品安全法》第一百二十四条"
            },
            Offence {
                fact: "未取得营业执照擅自从事经营活动", basis: "《无证无照经营查处办法》第十三条"
            },
            Offence {
                fact: "未按规定公示年度报告", basis: "《企业信息公示暂行条例》第十八条"
            },
        ],
    ),
    (
        &["应急管理"],
        &[Offence {
            fact: "未按规定对从业人员进行安全生产教育和培训",
            basis: "《中华人民共和国安全生产法》第九十七条",
        }],
    ),
    (
        &["财政"],
        &[Offence {
            fact: "未按规定设置会计账簿", basis: "《中华人民共和国会计法》第四十二条"
        }],
    ),
    (
        &["交通运输"],
        &[Offence {
            fact: "未取得道路运输经营许可擅自从事道路普通货物运输经营",
            basis: "《中华人民共和国道路运输条例》第六十三条",
        }],
    ),
    (
        &["自然资源"],
        &[Offence {
            fact: "未经批准非法占用土地", basis: "《中华人民共和国土地管理法》第七十七条"
        }],
    ),
    (&["农业农村"], &[Offence { fact: "经营劣质农药", basis: "《农药管理条例》第五十六条" }]),
    (
        &["卫生健康"],
        &[Offence {
            fact: "未取得医疗机构执业许可证擅自执业", basis: "《医疗机构管理条例》第四十三条"
        }],
    ),
    (
        &["文化", "文旅"],
        &[Offence {
            fact: "未经批准擅自从事营业性演出经营活动", basis: "《营业性演出管理条例》第四十三条"
        }],
    ),
    (
        &["人力资源和社会保障"],
        &[
            Offence {
                fact: "用人单位违反规定延长劳动者工作时间", basis: "《劳动保障监察条例》第二十五条"
            },
            Offence {
                fact: "用人单位未按规定办理社会保险登记", basis: "《中华人民共和国社会保险法》第八十四条"
            },
        ],
    ),
    (
        &["住房和城乡建设"],
        &[Offence {
            fact: "未取得施工许可证擅自施工", basis: "《建设工程质量管理条例》第五十七条"
        }],
    ),
    (&["水利"], &[Offence { fact: "未经批准擅自取水", basis: "《中华人民共和国水法》第六十九条" }]),
    (
        &["民政"],
        &[Offence {
            fact: "社会团体未按规定接受年度检查", basis: "《社会团体登记管理条例》第三十条"
        }],
    ),
    (&["统计"], &[Offence { fact: "拒绝提供统计资料", basis: "《中华人民共和国统计法》第四十一条" }]),
    (
        &[],
        &[
            Offence {
                fact: "擅自占用城市道路摆摊经营", basis: "《城市市容和环境卫生管理条例》第三十六条"
            },
            Offence {
                fact: "未经批准在临街建筑物上设置户外广告", basis: "《城市市容和环境卫生管理条例》第三十六条"
            },
        ],
    ),
];

/// One offence within the remit of the agency `org`, penalising under `leaf`.
pub fn offence(rng: &mut Rng, org: &str, leaf: &str) -> &'static Offence {
    let (_, offences) = REMITS
        .iter()
        .find(|(words, _)| words.iter().any(|w| org.contains(w) || leaf.contains(w)))
        .unwrap_or(&REMITS[REMITS.len() - 1]);
    rng.pick(offences)
}
