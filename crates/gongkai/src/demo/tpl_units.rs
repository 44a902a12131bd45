//! Templates of the city's working bodies: party organs, government departments, public
//! service units and service halls.

use gongkai_core::catalog::{Power::*, TimeClass::*, UpdateRule::*};

use super::basis::*;
use super::catalog::{gov, party, Area, Body::*, Group, Voice};
use super::tpl_government::{open_government, projects};
use super::tpl_party::{self, PartyLevel};

/// 党的工作机关 and the discipline commission: mostly party work, plus the organ's own
/// budget, staff and supervision information.
pub fn party_organ() -> (Voice, Vec<Area>) {
    let voice = Voice {
        party: "机关办公室",
        gov: "机关办公室（财务室）",
        party_channels: "党务公开网、机关公开栏、电子触摸屏",
        gov_channels: "政府门户网站、机关公开栏",
    };
    let mut areas = tpl_party::areas(PartyLevel::Organ);
    areas.extend([
        Area(
            "yw",
            "职能工作",
            vec![Group(
                "机构和任务",
                vec![
                    party("机构职能及内设机构", Long, OnChange, &[PARTY], Team),
                    party("重点工作任务", Long, Yearly, &[PARTY], Report),
                    party("执纪审查及党纪处分信息", Anytime, OnChange, &[PARTY, DISCIPLINE], Case),
                ],
            )],
        ),
        Area(
            "zw",
            "机关政务",
            vec![
                Group(
                    "预决算和采购",
                    vec![
                        gov("部门预算", Finance, Long, Yearly, &[BUDGET], Ledger),
                        gov("部门决算", Finance, Long, Yearly, &[BUDGET], Ledger),
                        gov("“三公”经费", Finance, Long, Yearly, &[BUDGET], Ledger),
                        gov("政府采购结果", Finance, Short, OnChange, &[PROCUREMENT], Project),
                    ],
                ),
                Group(
                    "人事和监察",
                    vec![
                        gov("公务员遴选及招录", Personnel, Short, OnChange, &[CIVIL_SERVANTS], Roster),
                        gov("监察工作信息", Affairs, Anytime, OnChange, &[SUPERVISION], Case),
                        gov("依申请公开", Affairs, Anytime, OnChange, &[OGI_REQUEST], Guide).on_request(),
                    ],
                ),
            ],
        ),
    ]);
    (voice, areas)
}

/// 政府组成部门: the national standard areas a department publishes.
pub fn department() -> (Voice, Vec<Area>) {
    let voice = Voice {
        party: "机关党委（党组办公室）",
        gov: "局（委）办公室",
        party_channels: "党务公开栏、部门网站",
        gov_channels: "部门网站、政府门户网站、政务公开栏、电子触摸屏",
    };
    let mut areas = tpl_party::areas(PartyLevel::Group);
    areas.extend([
        Area(
            "jg",
            "机构职能",
            vec![Group(
                "机构信息",
                vec![
                    gov("机构职能", Affairs, Long, OnChange, &[OGI_PROACTIVE], Team),
                    gov("领导信息", Personnel, Long, OnChange, &[OGI_PROACTIVE], Team),
                    gov("内设机构及下属单位", Affairs, Long, OnChange, &[OGI_PROACTIVE], Team),
                ],
            )],
        ),
        Area(
            "zc",
            "政策文件",
            vec![Group(
                "文件和动态",
                vec![
                    gov("规范性文件", Affairs, Long, OnChange, &[OGI_PROACTIVE], Document),
                    gov("政策解读", Affairs, Long, OnChange, &[OGI_ON_CHANGE], Document),
                    gov("规划计划及工作要点", Affairs, Long, Yearly, &[OGI_PROACTIVE], Report),
                    gov("工作动态", Affairs, Anytime, OnChange, &[OGI_PUBLIC_INTEREST], Notice),
                ],
            )],
        ),
        Area(
            "cz",
            "财政预决算",
            vec![Group(
                "预决算和资金",
                vec![
                    gov("部门预算", Finance, Long, Yearly, &[BUDGET], Ledger),
                    gov("部门决算", Finance, Long, Yearly, &[BUDGET], Ledger),
                    gov("“三公”经费", Finance, Long, Yearly, &[BUDGET], Ledger),
                    gov("专项资金分配", Finance, Phase, OnChange, &[OGI_LOCAL], Ledger),
                ],
            )],
        ),
        Area("xm", "重大建设项目", vec![Group("项目实施", projects())]),
        Area(
            "jy",
            "公共资源交易",
            vec![Group(
                "政府采购",
                vec![
                    gov("政府采购意向", Finance, Phase, Quarterly, &[PROCUREMENT], Project),
                    gov("政府采购结果", Finance, Short, OnChange, &[PROCUREMENT], Project),
                ],
            )],
        ),
        Area(
            "xk",
            "行政许可",
            vec![Group(
                "许可事项",
                vec![
                    gov("行政许可事项清单及办事指南", Affairs, Long, OnChange, &[LICENSING], Guide),
                    gov("行政许可结果", Affairs, Anytime, OnChange, &[LICENSE_DECISION], Roster),
                ],
            )],
        ),
        Area(
            "cf",
            "行政处罚",
            vec![Group(
                "执法信息",
                vec![
                    gov("行政处罚裁量基准", Affairs, Long, OnChange, &[PENALTY_RULES], Document),
                    gov("行政处罚决定", Affairs, Anytime, OnChange, &[PENALTY_DECISION], Case),
                    gov("“双随机、一公开”抽查结果", Affairs, Phase, OnChange, &[OGI_PROACTIVE], Report),
                ],
            )],
        ),
        Area(
            "rs",
            "人事收费和建议提案",
            vec![Group(
                "人事收费",
                vec![
                    gov("事业单位公开招聘", Personnel, Short, OnChange, &[PUBLIC_INSTITUTIONS], Roster),
                    gov("人事任免", Personnel, Anytime, OnChange, &[OGI_PROACTIVE], Roster),
                    gov("行政事业性收费项目及标准", Finance, Long, OnChange, &[OGI_PROACTIVE], Fees),
                    gov("建议提案办理结果", Affairs, Long, Yearly, &[GRASSROOTS], Report),
                ],
            )],
        ),
        Area("gk", "政府信息公开", vec![Group("公开工作", open_government())]),
    ]);
    (voice, areas)
}

/// 公共企事业单位: water, gas, buses, a hospital.
pub fn public_unit() -> (Voice, Vec<Area>) {
    let voice = Voice {
        party: "单位党委",
        gov: "单位办公室",
        party_channels: "党务公开栏、单位网站",
        gov_channels: "单位网站、服务大厅公开栏、电子显示屏、微信公众号",
    };
    let mut areas = tpl_party::areas(PartyLevel::Unit);
    areas.extend([
        Area(
            "dw",
            "单位信息",
            vec![Group(
                "基本情况",
                vec![
                    gov("单位概况及服务网点", Affairs, Long, OnChange, &[PUBLIC_UNITS], Team),
                    gov("服务承诺及标准", Affairs, Long, Yearly, &[PUBLIC_UNITS], Document),
                ],
            )],
        ),
        Area(
            "fw",
            "服务信息",
            vec![Group(
                "办事和收费",
                vec![
                    gov("办事指南及服务流程", Affairs, Long, OnChange, &[PUBLIC_UNITS], Guide),
                    gov("收费项目及价格标准", Finance, Long, OnChange, &[PUBLIC_UNITS, PRICES], Fees),
                    gov("价格调整听证及征求意见", Finance, Phase, OnChange, &[PRICES], Notice),
                    gov("停业检修等临时通知", Affairs, Anytime, OnChange, &[PUBLIC_UNITS], Notice),
                    gov("服务质量及满意度", Affairs, Phase, Quarterly, &[PUBLIC_UNITS], Report),
                    gov("投诉处理情况", Affairs, Phase, Monthly, &[PUBLIC_UNITS], Report),
                ],
            )],
        ),
        Area(
            "jy",
            "经营管理",
            vec![Group(
                "经营和人事",
                vec![
                    gov("经营及财务状况", Finance, Long, Yearly, &[PUBLIC_UNITS], Ledger),
                    gov("物资和服务采购结果", Finance, Short, OnChange, &[TENDERING], Project),
                    gov("公开招聘", Personnel, Short, OnChange, &[PUBLIC_INSTITUTIONS], Roster),
                    gov("信息公开申请", Affairs, Anytime, OnChange, &[PUBLIC_UNITS], Guide).on_request(),
                ],
            )],
        ),
        Area("xm", "建设项目", vec![Group("项目实施", projects())]),
    ]);
    (voice, areas)
}

/// 政务服务中心 and 便民服务中心: what is handled where, how fast, and how people rated it.
pub fn service_hall() -> (Voice, Vec<Area>) {
    let voice = Voice {
        party: "中心党支部",
        gov: "中心综合科",
        party_channels: "党务公开栏、中心微信公众号",
        gov_channels: "大厅电子显示屏、触摸查询机、政务服务网、公开栏",
    };
    let mut areas = tpl_party::areas(PartyLevel::Unit);
    areas.extend([
        Area(
            "sxqd",
            "进驻事项",
            vec![Group(
                "事项和指南",
                vec![
                    gov("进驻部门及事项清单", Affairs, Long, OnChange, &[BUSINESS], Team),
                    gov("办事指南", Affairs, Long, OnChange, &[LICENSING, BUSINESS], Guide),
                    gov("收费项目及依据", Finance, Long, OnChange, &[PRICES], Fees),
                    gov("“一件事一次办”服务清单", Affairs, Long, OnChange, &[BUSINESS], Guide),
                ],
            )],
        ),
        Area(
            "ck",
            "窗口管理",
            vec![Group(
                "窗口和人员",
                vec![
                    gov("窗口设置及工作人员", Personnel, Long, OnChange, &[GRASSROOTS], Team),
                    gov("首问负责和限时办结制度", Affairs, Long, OnChange, &[BUSINESS], Document),
                    gov("窗口人员考核结果", Personnel, Short, Quarterly, &[GRASSROOTS], Roster),
                ],
            )],
        ),
        Area(
            "jd",
            "监督评价",
            vec![Group(
                "办件和评价",
                vec![
                    gov("办件统计", Affairs, Phase, Monthly, &[GRASSROOTS], Report),
                    gov("“好差评”结果", Affairs, Phase, Monthly, &[BUSINESS], Report),
                    gov("电子监察预警情况", Affairs, Phase, Monthly, &[GRASSROOTS], Report),
                    gov("投诉举报处理", Affairs, Phase, Quarterly, &[BUSINESS], Report),
                ],
            )],
        ),
        Area(
            "tz",
            "通知公告",
            vec![Group(
                "临时公告",
                vec![
                    gov("大厅服务时间调整公告", Affairs, Anytime, OnChange, &[GRASSROOTS], Notice),
                    gov("业务系统升级暂停办理通知", Affairs, Anytime, OnChange, &[GRASSROOTS], Notice),
                    gov("办件材料查询", Affairs, Anytime, OnChange, &[BUSINESS], Guide).specific().on_request(),
                ],
            )],
        ),
    ]);
    (voice, areas)
}
