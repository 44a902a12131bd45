//! Templates of villages (村务公开) and urban communities (居务公开): self-governing bodies
//! whose notice boards carry village finances, land, subsidies and relief, with the branch's
//! party areas beside them.

use gongkai_core::catalog::{Power::*, TimeClass::*, UpdateRule::*};

use super::basis::*;
use super::catalog::{gov, Area, Body::*, Group, Tag, Voice};
use super::tpl_government::projects;
use super::tpl_party::{self, PartyLevel};

pub fn village() -> (Voice, Vec<Area>) {
    let voice = Voice {
        party: "村党组织",
        gov: "村民委员会（村务监督委员会监督）",
        party_channels: "党务公开栏、村民微信群、村广播",
        gov_channels: "村务公开栏、村民微信群、“村务通”小程序",
    };
    let mut areas = tpl_party::areas(PartyLevel::Branch);
    areas.extend([
        Area(
            "cw",
            "村务公开",
            vec![
                Group(
                    "民主决策",
                    vec![
                        gov("村民（代表）会议决议", Affairs, Anytime, OnChange, &[VILLAGE_DECISIONS], Notice),
                        gov("“四议两公开”议定事项", Affairs, Short, OnChange, &[VILLAGE_DECISIONS], Notice)
                            .tag(Tag::ProjectConsult),
                        gov("村规民约", Affairs, Long, OnChange, &[VILLAGE_AFFAIRS], Document),
                        gov("村民委员会换届选举", Personnel, Short, OnChange, &[VILLAGE_AFFAIRS], Roster),
                        gov("防汛防火及临时通知", Affairs, Anytime, OnChange, &[VILLAGE_AFFAIRS], Notice),
                    ],
                ),
                Group(
                    "村级工程项目",
                    vec![
                        gov("村级工程项目立项", Affairs, Phase, OnChange, &[VILLAGE_DECISIONS], Project)
                            .tag(Tag::ProjectApproval),
                        gov("工程发包及合同", Finance, Short, OnChange, &[VILLAGE_AFFAIRS], Project)
                            .tag(Tag::ProjectTender),
                        gov("工程进度", Affairs, Phase, Monthly, &[VILLAGE_AFFAIRS], Project).tag(Tag::ProjectProgress),
                        gov("工程验收及决算", Finance, Long, OnChange, &[VILLAGE_AFFAIRS], Project)
                            .tag(Tag::ProjectAcceptance),
                    ],
                ),
                Group(
                    "土地和宅基地",
                    vec![
                        gov("宅基地申请审批", Affairs, Short, OnChange, &[VILLAGE_DECISIONS], Roster),
                        gov("土地承包及流转", Affairs, Phase, OnChange, &[VILLAGE_AFFAIRS], Notice),
                        gov("征地补偿费分配使用", Finance, Phase, OnChange, &[LAND, VILLAGE_DECISIONS], Ledger),
                    ],
                ),
            ],
        ),
        Area(
            "hn",
            "惠农政策",
            vec![
                Group(
                    "惠农补贴",
                    vec![
                        gov("耕地地力保护补贴", Finance, Short, Yearly, &[VILLAGE_AFFAIRS], Payout),
                        gov("农机购置补贴", Finance, Short, OnChange, &[VILLAGE_AFFAIRS], Payout),
                        gov("生态公益林补偿", Finance, Short, Yearly, &[VILLAGE_AFFAIRS], Payout),
                    ],
                ),
                Group(
                    "社会救助",
                    vec![
                        gov("低保评议", Affairs, Short, OnChange, &[RELIEF, VILLAGE_AFFAIRS], Roster),
                        gov("特困供养人员", Affairs, Short, OnChange, &[RELIEF], Roster),
                        gov("临时救助", Finance, Anytime, OnChange, &[RELIEF], Payout),
                        gov("惠民政策及办事指南", Affairs, Long, OnChange, &[GRASSROOTS], Guide),
                    ],
                ),
            ],
        ),
        Area(
            "cwgk",
            "财务公开",
            vec![
                Group(
                    "财务收支",
                    vec![
                        gov("村级财务收支", Finance, Phase, Quarterly, &[VILLAGE_AFFAIRS], Ledger),
                        gov("大额资金使用", Finance, Anytime, OnChange, &[VILLAGE_AFFAIRS], Ledger),
                        gov("上级转移支付资金", Finance, Phase, Quarterly, &[VILLAGE_AFFAIRS], Ledger),
                        gov("村干部报酬", Finance, Phase, Yearly, &[VILLAGE_AFFAIRS], Ledger),
                    ],
                ),
                Group(
                    "集体资产",
                    vec![
                        gov("集体资产资源台账", Finance, Long, Yearly, &[VILLAGE_AFFAIRS], Ledger),
                        gov("集体经营收益分配", Finance, Phase, Yearly, &[VILLAGE_DECISIONS], Ledger),
                        gov("债权债务", Finance, Long, Yearly, &[VILLAGE_AFFAIRS], Ledger),
                        gov("集体资产发包租赁", Finance, Short, OnChange, &[VILLAGE_DECISIONS], Project),
                    ],
                ),
                Group(
                    "村务监督",
                    vec![
                        gov("村务监督委员会工作情况", Affairs, Phase, Quarterly, &[VILLAGE_AFFAIRS], Report),
                        gov("村务档案查阅", Affairs, Anytime, OnChange, &[VILLAGE_AFFAIRS], Guide)
                            .specific()
                            .on_request(),
                    ],
                ),
            ],
        ),
    ]);
    (voice, areas)
}

pub fn community() -> (Voice, Vec<Area>) {
    let voice = Voice {
        party: "社区党组织",
        gov: "社区居民委员会",
        party_channels: "党务公开栏、社区微信群、党群服务中心",
        gov_channels: "居务公开栏、社区微信群、社区服务站电子显示屏",
    };
    let mut areas = tpl_party::areas(PartyLevel::Branch);
    areas.extend([
        Area(
            "jw",
            "居务公开",
            vec![
                Group(
                    "民主决策",
                    vec![
                        gov("居民（代表）会议决议", Affairs, Anytime, OnChange, &[RESIDENTS], Notice),
                        gov("居民公约", Affairs, Long, OnChange, &[RESIDENTS], Document),
                        gov("居民委员会换届选举", Personnel, Short, OnChange, &[RESIDENTS], Roster),
                        gov("社区服务事项及办事指南", Affairs, Long, OnChange, &[GRASSROOTS], Guide),
                    ],
                ),
                Group("社区建设项目", projects()),
            ],
        ),
        Area(
            "bm",
            "为民服务",
            vec![
                Group(
                    "救助和福利",
                    vec![
                        gov("低保对象公示", Affairs, Short, OnChange, &[RELIEF], Roster),
                        gov("高龄津贴发放", Finance, Short, OnChange, &[GRASSROOTS], Payout),
                        gov("临时救助", Finance, Anytime, OnChange, &[RELIEF], Payout),
                        gov("公益性岗位招聘", Personnel, Short, OnChange, &[GRASSROOTS], Roster),
                    ],
                ),
                Group(
                    "物业和环境",
                    vec![
                        gov("物业服务收费及公共收益", Finance, Phase, Quarterly, &[GRASSROOTS], Ledger),
                        gov("垃圾分类和环境整治", Affairs, Anytime, Monthly, &[GRASSROOTS], Notice),
                        gov("停水停电停气通知", Affairs, Anytime, OnChange, &[GRASSROOTS], Notice),
                    ],
                ),
            ],
        ),
        Area(
            "cw",
            "财务公开",
            vec![Group(
                "经费收支",
                vec![
                    gov("社区经费收支", Finance, Phase, Quarterly, &[RESIDENTS], Ledger),
                    gov("党组织服务群众经费使用", Finance, Phase, Yearly, &[GRASSROOTS], Ledger),
                    gov("社区工作者报酬", Finance, Phase, Yearly, &[GRASSROOTS], Ledger),
                    gov("居务监督委员会工作情况", Affairs, Phase, Quarterly, &[RESIDENTS], Report),
                    gov("居务档案查阅", Affairs, Anytime, OnChange, &[RESIDENTS], Guide).specific().on_request(),
                ],
            )],
        ),
    ]);
    (voice, areas)
}
