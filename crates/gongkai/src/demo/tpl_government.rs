//! Government-affairs (政务) templates of local governments: the city and its districts and
//! counties, and the townships and streets below them, each with the party areas added.

use gongkai_core::catalog::{Power::*, TimeClass::*, UpdateRule::*};
use gongkai_core::org::OrgKind;

use super::basis::*;
use super::catalog::{gov, Area, Body::*, Group, LeafSpec, Tag, Voice};
use super::tpl_party::{self, PartyLevel};

/// 重大建设项目: the leaves a project timeline runs through, shared by every body that builds.
pub fn projects() -> Vec<LeafSpec> {
    vec![
        gov("项目征求意见", Affairs, Short, OnChange, &[OGI_PUBLIC_INTEREST], Notice).tag(Tag::ProjectConsult),
        gov("项目批准及实施方案", Affairs, Phase, OnChange, &[OGI_PROACTIVE], Project).tag(Tag::ProjectApproval),
        gov("招标投标及合同签订", Finance, Short, OnChange, &[TENDERING], Project).tag(Tag::ProjectTender),
        gov("项目实施进度", Affairs, Phase, Monthly, &[OGI_PROACTIVE], Project).tag(Tag::ProjectProgress),
        gov("竣工验收及资金结算", Finance, Long, OnChange, &[OGI_PROACTIVE], Project).tag(Tag::ProjectAcceptance),
    ]
}

/// 政府信息公开: guide, annual report, and the on-request channel.
pub fn open_government() -> Vec<LeafSpec> {
    vec![
        gov("政府信息公开指南", Affairs, Long, OnChange, &[OGI_GUIDE], Guide),
        gov("政府信息公开工作年度报告", Affairs, Long, Yearly, &[OGI_REPORT], Report),
        gov("依申请公开政府信息", Affairs, Anytime, OnChange, &[OGI_REQUEST], Guide).on_request(),
    ]
}

/// The city or a district/county government (人民政府).
pub fn city(kind: OrgKind) -> (Voice, Vec<Area>) {
    let voice = if kind == OrgKind::City {
        Voice {
            party: "市委办公室", gov: "市政府办公室", party_channels: PARTY_CHANNELS, gov_channels: GOV_CHANNELS
        }
    } else {
        Voice {
            party: "县（市、区）委办公室",
            gov: "县（市、区）政府办公室",
            party_channels: PARTY_CHANNELS,
            gov_channels: GOV_CHANNELS,
        }
    };
    let mut areas = tpl_party::areas(PartyLevel::Committee);
    areas.extend([
        Area(
            "jg",
            "机构职能",
            vec![Group(
                "机构信息",
                vec![
                    gov("政府机构职能及组成部门", Affairs, Long, OnChange, &[OGI_PROACTIVE], Team),
                    gov("政府领导及分工", Personnel, Long, OnChange, &[OGI_PROACTIVE], Team),
                ],
            )],
        ),
        Area(
            "zc",
            "政策文件",
            vec![
                Group(
                    "文件发布",
                    vec![
                        gov("规范性文件", Affairs, Long, OnChange, &[OGI_PROACTIVE], Document),
                        gov("政策解读", Affairs, Long, OnChange, &[OGI_ON_CHANGE], Document),
                        gov("规范性文件清理结果", Affairs, Long, Yearly, &[OGI_PROACTIVE], Document),
                    ],
                ),
                Group(
                    "决策公开",
                    vec![
                        gov("重大行政决策预公开", Affairs, Phase, OnChange, &[OGI_PUBLIC_INTEREST], Notice),
                        gov("政府常务会议", Affairs, Anytime, OnChange, &[OGI_PUBLIC_INTEREST], Notice),
                        gov("人大代表建议和政协提案办理结果", Affairs, Long, Yearly, &[GRASSROOTS], Report),
                    ],
                ),
            ],
        ),
        Area(
            "gh",
            "规划信息",
            vec![Group(
                "规划计划",
                vec![
                    gov("国民经济和社会发展规划", Affairs, Long, OnChange, &[OGI_PROACTIVE], Document),
                    gov("政府工作报告", Affairs, Long, Yearly, &[OGI_PROACTIVE], Report),
                    gov("统计信息", Affairs, Phase, Monthly, &[OGI_PROACTIVE], Report),
                ],
            )],
        ),
        Area(
            "cz",
            "财政资金",
            vec![
                Group(
                    "财政预决算",
                    vec![
                        gov("财政预算", Finance, Long, Yearly, &[BUDGET], Ledger),
                        gov("财政决算", Finance, Long, Yearly, &[BUDGET], Ledger),
                        gov("“三公”经费", Finance, Long, Yearly, &[BUDGET], Ledger),
                        gov("政府债务", Finance, Long, Yearly, &[BUDGET], Ledger),
                    ],
                ),
                Group(
                    "资金管理",
                    vec![
                        gov("财政专项资金分配", Finance, Phase, OnChange, &[OGI_LOCAL], Ledger),
                        gov("审计查出问题整改情况", Finance, Phase, Yearly, &[OGI_PROACTIVE], Report),
                    ],
                ),
            ],
        ),
        Area("xm", "重大建设项目", vec![Group("项目实施", projects())]),
        Area(
            "jy",
            "公共资源交易",
            vec![Group(
                "交易信息",
                vec![
                    gov("工程建设项目招标公告", Affairs, Short, OnChange, &[TENDERING], Project),
                    gov("政府采购结果公告", Finance, Short, OnChange, &[PROCUREMENT], Project),
                ],
            )],
        ),
        Area(
            "rs",
            "人事信息",
            vec![Group(
                "录用招聘与任免",
                vec![
                    gov("公务员考试录用", Personnel, Short, OnChange, &[CIVIL_SERVANTS, OGI_PROACTIVE], Roster),
                    gov("事业单位公开招聘", Personnel, Short, OnChange, &[PUBLIC_INSTITUTIONS], Roster),
                    gov("人事任免", Personnel, Anytime, OnChange, &[OGI_PROACTIVE], Roster),
                ],
            )],
        ),
        Area(
            "ms",
            "民生保障",
            vec![
                Group(
                    "社会救助",
                    vec![
                        gov("社会救助政策及标准", Affairs, Long, OnChange, &[RELIEF], Document),
                        gov("城乡低保资金发放", Finance, Phase, Quarterly, &[RELIEF, OGI_LOCAL], Ledger),
                    ],
                ),
                Group(
                    "公共服务",
                    vec![
                        gov("就业创业政策及实施情况", Affairs, Phase, Quarterly, &[OGI_PROACTIVE], Report),
                        gov("义务教育招生入学政策", Affairs, Long, Yearly, &[OGI_PROACTIVE], Document),
                        gov("公共卫生和医疗服务信息", Affairs, Phase, Monthly, &[OGI_PROACTIVE], Report),
                        gov("征地信息", Affairs, Phase, OnChange, &[LAND], Notice),
                        gov("国有土地上房屋征收与补偿", Affairs, Phase, OnChange, &[HOUSING], Notice),
                    ],
                ),
                Group(
                    "应急管理",
                    vec![
                        gov("突发事件应对", Affairs, Anytime, OnChange, &[EMERGENCY], Notice),
                        gov("安全生产监督检查", Affairs, Phase, Quarterly, &[OGI_PROACTIVE], Report),
                    ],
                ),
            ],
        ),
        Area("gk", "政府信息公开", vec![Group("公开工作", open_government())]),
    ]);
    (voice, areas)
}

const PARTY_CHANNELS: &str = "党务公开网、党务公开栏、电子触摸屏";
const GOV_CHANNELS: &str = "政府门户网站、政务新媒体、政务公开栏、电子触摸屏";

/// A township (乡镇) or a street (街道): farming matters for the one, city upkeep for the other.
pub fn township(kind: OrgKind) -> (Voice, Vec<Area>) {
    let street = kind == OrgKind::Street;
    let voice = if street {
        Voice {
            party: "街道党工委党政综合办公室",
            gov: "街道办事处党政综合办公室",
            party_channels: "街道党务公开栏、党务公开网、社区公开栏",
            gov_channels: "街道政务公开栏、政府门户网站、社区公开栏",
        }
    } else {
        Voice {
            party: "乡镇党委党政综合办公室",
            gov: "乡镇人民政府党政综合办公室",
            party_channels: "乡镇党务公开栏、党务公开网、村级公开栏",
            gov_channels: "乡镇政务公开栏、政府门户网站、便民服务中心电子显示屏",
        }
    };
    let local = if street {
        Area(
            "cs",
            "城市管理",
            vec![Group(
                "城市建设管理",
                vec![
                    gov("老旧小区改造计划", Affairs, Long, Yearly, &[GRASSROOTS], Document),
                    gov("物业服务监管", Affairs, Phase, Quarterly, &[GRASSROOTS], Report),
                    gov("市容环境整治", Affairs, Anytime, OnChange, &[GRASSROOTS], Notice),
                    gov("房屋征收补偿", Affairs, Phase, OnChange, &[HOUSING], Notice),
                ],
            )],
        )
    } else {
        Area(
            "sn",
            "涉农事项",
            vec![Group(
                "农业农村",
                vec![
                    gov("惠农补贴发放", Finance, Short, OnChange, &[OGI_LOCAL], Payout),
                    gov("农村土地承包经营权流转", Affairs, Phase, OnChange, &[OGI_LOCAL], Notice),
                    gov("宅基地使用审核", Affairs, Short, OnChange, &[OGI_LOCAL], Roster),
                    gov("农田水利工程建设运营", Affairs, Phase, Quarterly, &[OGI_LOCAL], Project),
                ],
            )],
        )
    };
    let mut areas = tpl_party::areas(PartyLevel::Committee);
    areas.extend([
        Area(
            "jg",
            "机构职能",
            vec![Group(
                "机构信息",
                vec![
                    gov("机构职能及内设机构", Affairs, Long, OnChange, &[OGI_PROACTIVE], Team),
                    gov("领导班子分工", Personnel, Long, OnChange, &[OGI_PROACTIVE], Team),
                ],
            )],
        ),
        Area(
            "cz",
            "财政资金",
            vec![Group(
                "预决算及资金使用",
                vec![
                    gov("财政预决算", Finance, Long, Yearly, &[BUDGET], Ledger),
                    gov("财政资金使用情况", Finance, Phase, Quarterly, &[OGI_LOCAL], Ledger),
                    gov("“三公”经费", Finance, Long, Yearly, &[BUDGET], Ledger),
                ],
            )],
        ),
        local,
        Area(
            "jz",
            "社会救助",
            vec![Group(
                "救助对象及资金",
                vec![
                    gov("最低生活保障审核", Affairs, Short, OnChange, &[RELIEF, OGI_LOCAL], Roster),
                    gov("特困人员供养", Affairs, Short, OnChange, &[RELIEF], Roster),
                    gov("临时救助", Finance, Anytime, OnChange, &[RELIEF], Payout),
                    gov("救灾优抚款物发放", Finance, Phase, Quarterly, &[OGI_LOCAL], Ledger),
                ],
            )],
        ),
        Area("xm", "建设项目", vec![Group("项目实施", projects())]),
        Area(
            "fw",
            "便民服务",
            vec![Group(
                "服务事项",
                vec![
                    gov("便民服务事项及办事指南", Affairs, Long, OnChange, &[GRASSROOTS], Guide),
                    gov("收费项目及标准", Finance, Long, OnChange, &[PRICES], Fees),
                    gov("办件结果公示", Affairs, Phase, Monthly, &[GRASSROOTS], Report),
                ],
            )],
        ),
        Area(
            "rs",
            "人事信息",
            vec![Group(
                "招聘与报酬",
                vec![
                    gov("编外人员公开招聘", Personnel, Short, OnChange, &[PUBLIC_INSTITUTIONS], Roster),
                    gov("村（社区）干部报酬发放", Finance, Phase, Yearly, &[OGI_LOCAL], Ledger),
                ],
            )],
        ),
        Area(
            "yj",
            "应急管理",
            vec![Group(
                "防灾减灾",
                vec![
                    gov("防汛抗旱及防灾减灾通知", Affairs, Anytime, OnChange, &[EMERGENCY], Notice),
                    gov("安全生产检查", Affairs, Phase, Quarterly, &[GRASSROOTS], Report),
                ],
            )],
        ),
        Area("gk", "政府信息公开", vec![Group("公开工作", open_government())]),
    ]);
    (voice, areas)
}
