//! Leadership teams (领导班子) by organisation kind: posts and duties as such bodies publish
//! them. The first post is always the party secretary, who is also the first responsible
//! person (第一责任人) for disclosure work.

use gongkai_core::org::{Leader, OrgKind};

use super::names;
use super::rng::Rng;

/// Posts of one kind of body; `{}` stands for the level (区/县/市, 镇/乡) or the head's title.
type Posts = &'static [(&'static str, &'static str)];

const CITY: Posts = &[
    ("市委书记", "主持市委全面工作，对全市党务政务公开工作负总责"),
    ("市委副书记、市长", "主持市政府全面工作，分管审计、机构编制工作"),
    ("市委副书记", "协助书记处理市委日常工作，分管党的建设和政法工作"),
    ("市委常委、常务副市长", "负责市政府常务工作，分管发展改革、财政、自然资源和规划工作"),
    ("副市长", "分管教育、卫生健康、民政、人力资源和社会保障工作"),
    ("副市长", "分管农业农村、水利、生态环境和乡村振兴工作"),
];

const DISTRICT: Posts = &[
    ("{}委书记", "主持{}委全面工作，是党务政务公开工作第一责任人"),
    ("{}委副书记、{}长", "主持{}政府全面工作，分管财政、审计工作"),
    ("{}委副书记", "协助书记处理日常工作，分管组织、宣传和统战工作"),
    ("{}委常委、纪委书记、监委主任", "负责纪检监察工作，牵头党务政务公开监督检查"),
    ("副{}长", "分管住房城乡建设、交通运输和城市管理工作"),
    ("副{}长", "分管教育、卫生健康、民政和社会保障工作"),
];

const TOWNSHIP: Posts = &[
    ("{}党委书记", "主持党委全面工作，是党务政务公开工作第一责任人"),
    ("{}党委副书记、{}长", "主持政府全面工作，分管财政、审计和统计工作"),
    ("{}党委副书记", "分管党建、组织、宣传和统战工作"),
    ("{}党委委员、纪委书记", "负责纪检监察工作，监督党务政务公开落实"),
    ("副{}长", "分管农业农村、水利和乡村振兴工作"),
    ("副{}长", "分管村镇建设、安全生产和应急管理工作"),
];

const STREET: Posts = &[
    ("街道党工委书记", "主持党工委全面工作，是党务政务公开工作第一责任人"),
    ("街道党工委副书记、办事处主任", "主持办事处全面工作，分管财政和经济发展工作"),
    ("街道党工委副书记", "分管党建、组织和社区治理工作"),
    ("街道纪工委书记", "负责纪检监察工作，监督党务政务公开落实"),
    ("办事处副主任", "分管城市管理、物业管理和老旧小区改造工作"),
    ("办事处副主任", "分管社会事务、民政和社区服务工作"),
];

const VILLAGE: Posts = &[
    ("村党支部书记、村民委员会主任", "主持村“两委”全面工作，负责党务村务公开"),
    ("村党支部副书记", "负责党员教育管理和组织生活"),
    ("村民委员会副主任", "分管农业生产、土地承包和村级基础设施建设"),
    ("村务监督委员会主任", "监督村务公开和村级财务管理"),
    ("村民委员会委员、报账员", "负责村级财务记账、报账和财务公开"),
];

const COMMUNITY: Posts = &[
    ("社区党委书记、居民委员会主任", "主持社区全面工作，负责党务居务公开"),
    ("社区党委副书记", "负责党员管理和网格党建工作"),
    ("居民委员会副主任", "分管社会救助、养老服务和残疾人工作"),
    ("居务监督委员会主任", "监督居务公开和社区经费使用"),
    ("居民委员会委员", "负责物业协调、环境卫生和老旧小区改造联络"),
];

const DEPARTMENT: Posts = &[
    ("党组书记、{}", "主持全面工作，是政务公开工作第一责任人"),
    ("党组成员、副{}", "分管办公室、财务审计和政务公开工作"),
    ("党组成员、副{}", "分管行政审批、执法监督和政策法规工作"),
    ("派驻纪检监察组组长", "负责驻在单位纪检监察工作"),
    ("党组成员、副{}", "分管规划建设、项目管理和安全生产工作"),
];

const COMPANY: Posts = &[
    ("党委书记、董事长", "主持公司党委和董事会全面工作，是信息公开第一责任人"),
    ("党委副书记、总经理", "主持公司生产经营工作"),
    ("副总经理", "分管客户服务、收费管理和服务质量工作"),
    ("纪委书记", "负责公司纪检监察和信息公开监督工作"),
];

const HOSPITAL: Posts = &[
    ("党委书记", "主持医院党委全面工作，是院务公开第一责任人"),
    ("党委副书记、院长", "主持医院行政和医疗业务工作"),
    ("副院长", "分管医疗质量、医保和医患沟通工作"),
    ("纪委书记", "负责医院纪检监察和行风建设工作"),
];

const HALL: Posts = &[
    ("中心党支部书记、主任", "主持中心全面工作，是政务服务公开第一责任人"),
    ("中心副主任", "分管窗口管理、首问负责和限时办结督办"),
    ("中心副主任", "分管电子监察、好差评和群众投诉处理"),
];

const ORGAN: Posts = &[
    ("常务副{}", "负责机关日常工作和党务公开工作"),
    ("副{}", "分管业务科室和调查研究工作"),
    ("机关党委书记", "负责机关党建和党员教育管理工作"),
];

/// The team of a body of `kind`. `level` fills `{}`: 区、县、镇、乡, or the head's title (局长,
/// 主任, 部长) of a department or party organ; `医院` picks a hospital's team;
/// `lead` overrides the first post for bodies whose secretary has a special title.
pub fn team(rng: &mut Rng, kind: OrgKind, level: &str, lead: Option<(&str, &str)>) -> Vec<Leader> {
    let posts = match kind {
        OrgKind::City => CITY,
        OrgKind::District => DISTRICT,
        OrgKind::Township => TOWNSHIP,
        OrgKind::Street => STREET,
        OrgKind::Village => VILLAGE,
        OrgKind::Community => COMMUNITY,
        OrgKind::PartyCommittee => ORGAN,
        OrgKind::Department => DEPARTMENT,
        OrgKind::PublicUnit if level == "医院" => HOSPITAL,
        OrgKind::PublicUnit => COMPANY,
        OrgKind::ServiceHall => HALL,
    };
    let mut chosen: Vec<(String, String)> = Vec::new();
    if let Some((post, duties)) = lead {
        chosen.push((post.to_owned(), duties.to_owned()));
    }
    let wanted = rng.range(2, 5) as usize;
    for (post, duties) in posts {
        if chosen.len() >= wanted.max(2) {
            break;
        }
        chosen.push((post.replace("{}", level), duties.replace("{}", level)));
    }
    chosen
        .into_iter()
        .map(|(post, duties)| Leader { name: names::person(rng), post, duties, phone: Some(names::office_phone(rng)) })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn teams_have_two_to_five_members_and_fill_the_level() {
        let mut rng = Rng::derive(9, "teams");
        for &kind in OrgKind::ALL {
            let t = team(&mut rng, kind, "县", None);
            assert!((2..=5).contains(&t.len()), "{kind:?}");
            assert!(t.iter().all(|l| !l.post.contains("{}")));
        }
        let t = team(&mut rng, OrgKind::District, "县", None);
        assert_eq!(t[0].post, "县委书记");
    }
}
