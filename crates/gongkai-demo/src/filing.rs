//! The 信息索引 of a demo record: its 主题分类 by the leaf it is filed under, its 文号
//! when it is a formal document or a decision, the day it was signed, and the 有效性 of a
//! normative document.

use chrono::{Datelike, Days, NaiveDate};
use gongkai_core::catalog::Domain;
use gongkai_core::record::{Effect, Topic, Validity};

use super::catalog::{Body, Leaf};
use super::records::reference_day;
use super::rng::Rng;

/// 主题分类 by the words of the leaf's name; the first match wins, so the narrower words
/// come first (征地 before 土地, 公共资源交易 before 交易).
pub fn topic(leaf: &Leaf) -> Topic {
    if leaf.rules.domain == Domain::Party {
        return Topic::Party;
    }
    TOPIC_WORDS
        .iter()
        .find(|(words, _)| words.iter().any(|w| leaf.name.contains(w)))
        .map_or(Topic::General, |&(_, topic)| topic)
}

#[rustfmt::skip]
const TOPIC_WORDS: &[(&[&str], Topic)] = &[
    (&["征地", "征收", "不动产", "自然资源", "矿产", "能源"], Topic::LandEnergy),
    (&["预决算", "预算", "决算", "财政", "经费", "资金", "债", "审计", "收费"], Topic::Finance),
    (&["救助", "低保", "特困", "养老", "残疾", "救灾", "优抚", "殡葬", "社会组织", "婚姻"], Topic::CivilAffairs),
    (&["农", "林", "水利", "耕地", "土地承包", "畜牧", "渔"], Topic::Agriculture),
    (&["规划", "建设", "住房", "危房", "环境", "生态", "污染", "垃圾", "物业"], Topic::UrbanEnvironment),
    (&["公共资源交易", "招标", "采购", "国有资产", "统计", "重大项目"], Topic::Economy),
    (&["教育", "招生", "学校", "科技"], Topic::ScienceEducation),
    (&["卫生", "医疗", "医保", "疫苗", "体育", "健康"], Topic::HealthSports),
    (&["文化", "图书", "广电"], Topic::Culture),
    (&["生育", "计划生育", "妇女", "儿童"], Topic::Population),
    (&["就业", "招聘", "招录", "遴选", "社会保险", "社保", "人事", "任免", "公务员", "岗位"], Topic::Labour),
    (&["市场", "安全生产", "价格", "食品", "药品", "处罚", "许可", "双随机", "检查"], Topic::MarketSafety),
    (&["交通", "道路", "公路", "客运"], Topic::IndustryTransport),
    (&["法律", "调解", "司法", "公安", "信访", "法治"], Topic::Justice),
    (&["民族", "宗教"], Topic::EthnicReligion),
];

/// Whether a record of `leaf` carries a 文号: formal documents (not their 解读, which
/// explain one) and enforcement decisions.
pub fn numbered(leaf: &Leaf) -> bool {
    (leaf.body == Body::Document && !leaf.name.contains("解读")) || leaf.name.contains("处罚")
}

/// 成文日期: the day a document was signed, a few days before it was published; other
/// records are written the day before or the day they go up.
pub fn written_on(rng: &mut Rng, leaf: &Leaf, published: NaiveDate) -> NaiveDate {
    let before = if numbered(leaf) { rng.range(2, 15) } else { rng.range(0, 1) };
    // The year of a 文号 is the year it was signed: a document out in early January is
    // signed in January too.
    let new_year = published.with_ordinal(1).unwrap_or(published);
    (published - Days::new(before as u64)).max(new_year)
}

/// 有效性 of a government normative document: in force from its publication, and one in
/// ten of those more than a year old since repealed.
pub fn effect(rng: &mut Rng, leaf: &Leaf, published: NaiveDate) -> Option<Effect> {
    if !numbered(leaf) || leaf.body != Body::Document || leaf.rules.domain == Domain::Party {
        return None;
    }
    let repealed_on = published + Days::new(rng.range(300, 420) as u64);
    let effect = if repealed_on < reference_day() && rng.chance(10) {
        Effect { status: Validity::Repealed, since: Some(repealed_on) }
    } else {
        Effect { status: Validity::Effective, since: Some(published) }
    };
    Some(effect)
}
