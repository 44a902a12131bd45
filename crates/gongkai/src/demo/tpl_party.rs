//! Party-affairs (党务) areas of the catalogue, shared by every template and scaled to the kind
//! of party organisation: a local committee, a working organ, a department's party group,
//! a village or community branch, or the branch of a public unit or service hall.

use gongkai_core::catalog::{TimeClass::*, UpdateRule::*};

use super::basis::*;
use super::catalog::{party, Area, Body::*, Group, LeafSpec, Tag};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartyLevel {
    /// 市委、县(市)区委、乡镇党委、街道党工委
    Committee,
    /// 党的工作机关 and 纪委监委
    Organ,
    /// 部门党组 and 机关党委
    Group,
    /// 村、社区党组织
    Branch,
    /// 公共企事业单位、服务中心党组织
    Unit,
}

/// The party areas of a template for an organisation at `level`.
pub fn areas(level: PartyLevel) -> Vec<Area> {
    use PartyLevel as L;
    let high = matches!(level, L::Committee | L::Organ | L::Group);
    let meeting = match level {
        L::Committee => "党委（党工委）会议决定事项",
        L::Organ => "部（委）务会议决定事项",
        L::Group => "党组会议决定事项",
        L::Branch => "支部委员会会议决定事项",
        L::Unit => "党组织会议决定事项",
    };
    let mut decisions = vec![
        party(meeting, Anytime, OnChange, &[PARTY], Notice).inner(),
        party("贯彻落实上级重大决策部署情况", Phase, Quarterly, &[PARTY], Report),
        party("涉及群众切身利益的重大决策", Anytime, OnChange, &[PARTY], Notice),
    ];
    let mut plans = vec![
        party("党建工作计划", Long, Yearly, &[PARTY], Report),
        party("党建工作总结", Phase, Yearly, &[PARTY], Report),
    ];
    if high {
        plans.push(party("重点任务推进情况", Phase, Quarterly, &[PARTY], Report));
    } else {
        decisions.truncate(2);
    }

    let mut study = vec![party("主题教育开展情况", Phase, OnChange, &[PARTY], Report)];
    let mut publicity = vec![party("评先评优公示", Short, OnChange, &[PARTY], Roster)];
    if high {
        study.insert(0, party("理论学习中心组学习安排", Phase, Quarterly, &[PARTY], Notice).inner());
        publicity.insert(0, party("意识形态工作责任制落实情况", Phase, Yearly, &[PARTY], Report).inner());
    } else {
        study.insert(0, party("党员集中学习安排", Phase, Monthly, &[PARTY, PARTY_BRANCH], Notice).inner());
    }

    let election = if level == L::Branch { "党组织换届选举" } else { "党组织换届及委员增补" };
    let mut members = vec![
        party("发展党员公示", Short, OnChange, &[PARTY, PARTY_MEMBERS], Roster),
        party("预备党员转正公示", Short, OnChange, &[PARTY, PARTY_MEMBERS], Roster),
        party("党员教育培训", Phase, Quarterly, &[PARTY], Report).inner(),
        party("党费收缴使用管理情况", Long, Yearly, &[PARTY, PARTY_DUES], Ledger).inner(),
    ];
    if level != L::Unit {
        members.push(party("困难党员关怀帮扶", Anytime, OnChange, &[PARTY], Payout).inner());
    }
    let life = vec![
        party("“三会一课”开展情况", Phase, Quarterly, &[PARTY, PARTY_BRANCH], Notice).inner(),
        party("主题党日活动", Anytime, Monthly, &[PARTY_BRANCH], Notice),
        party("民主评议党员结果", Short, Yearly, &[PARTY], Roster).inner(),
        party("组织生活会召开情况", Phase, Yearly, &[PARTY_BRANCH], Report).inner(),
    ];

    let mut team = vec![party("领导班子成员及分工", Long, OnChange, &[PARTY], Team)];
    if high {
        team.push(party("民主生活会召开及整改落实情况", Phase, Yearly, &[PARTY], Report).inner());
    }
    team.push(party("领导干部述职述廉", Phase, Yearly, &[PARTY], Report));

    let mut integrity = vec![
        party("党风廉政建设责任制落实情况", Phase, Yearly, &[PARTY], Report),
        party("落实中央八项规定精神情况", Phase, Quarterly, &[PARTY, EIGHT_RULES], Report),
        party("廉政风险防控措施", Long, Yearly, &[PARTY], Document),
    ];
    let mut oversight = vec![
        party("违纪违法典型问题通报", Anytime, OnChange, &[PARTY, DISCIPLINE], Case),
        party("巡察反馈问题整改情况", Phase, OnChange, &[PARTY], Report),
        party("信访举报受理方式", Long, OnChange, &[PARTY], Guide),
    ];
    if level == L::Branch {
        oversight.push(party("小微权力清单及运行流程", Long, OnChange, &[PARTY, RURAL_PARTY], Document));
    } else {
        integrity.truncate(2);
    }

    let mut leadership = vec![Group("领导班子建设", team)];
    if high {
        leadership.push(Group("干部选拔任用", cadres()));
    }
    vec![
        Area(
            "jc",
            "党组织决议决定及执行情况",
            vec![Group("会议决定事项", decisions), Group("工作计划及完成情况", plans)],
        ),
        Area("sx", "思想建设", vec![Group("理论学习", study), Group("宣传教育", publicity)]),
        Area(
            "zz",
            "组织建设",
            vec![
                Group(
                    "组织设置",
                    vec![
                        party("党组织设置及隶属关系", Long, OnChange, &[PARTY, PARTY_BRANCH], Team),
                        party(election, Short, OnChange, &[PARTY], Roster),
                    ],
                ),
                Group("党员队伍建设", members),
                Group("组织生活", life),
            ],
        ),
        Area("bz", "领导班子和干部队伍建设", leadership),
        Area("lz", "党风廉政建设", vec![Group("责任落实", integrity), Group("监督执纪", oversight)]),
        Area(
            "zd",
            "党内制度建设",
            vec![Group(
                "制度文件",
                vec![
                    party("党内规章制度", Long, OnChange, &[PARTY], Document),
                    party("制度执行情况", Phase, Yearly, &[PARTY], Report).unit(),
                    party("党务公开目录及工作制度", Long, OnChange, &[PARTY], Document),
                ],
            )],
        ),
    ]
}

/// 干部选拔任用: the leaves a cadre-selection timeline runs through.
fn cadres() -> Vec<LeafSpec> {
    vec![
        party("干部选拔任用工作方案及公告", Phase, OnChange, &[CADRES], Notice).tag(Tag::CadrePlan),
        party("考察对象公示", Short, OnChange, &[CADRES], Roster).tag(Tag::CadreCandidates),
        party("干部考察预告", Short, OnChange, &[CADRES], Roster).tag(Tag::CadreInspection),
        party("干部任前公示", Short, OnChange, &[CADRES], Roster).tag(Tag::CadrePublicity),
        party("干部任免决定", Anytime, OnChange, &[CADRES], Roster),
        party("干部本人档案信息查询", Anytime, OnChange, &[CADRES], Guide).specific().on_request(),
    ]
}
