//! Invented names: people, places, roads, companies and telephone numbers of the fictional
//! city. Everything is composed from character tables so no real person or unit is named.

use std::collections::HashSet;

use super::rng::Rng;

/// The fictional city every organisation belongs to.
pub const CITY: &str = "岚江市";
/// Its organisation-code prefix.
pub const CITY_CODE: &str = "lj";
/// A telephone area code not assigned to any Chinese city.
const AREA_CODE: &str = "019";

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林",
    "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "蒋",
    "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪",
    "范", "石", "廖", "贾", "夏", "方", "邹", "熊", "秦", "江", "薛", "雷", "龙", "陶", "贺", "顾", "欧阳", "司马",
];

const GIVEN: &[&str] = &[
    "伟", "芳", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀", "霞", "平",
    "刚", "桂", "英", "华", "玉", "兰", "萍", "建", "国", "文", "红", "俊", "辉", "鹏", "飞", "宇", "浩", "凯", "婷",
    "雪", "琳", "晨", "晓", "峰", "斌", "海", "波", "宁", "志", "春", "梅", "云", "新", "林", "东", "亮", "成", "荣",
    "健", "燕", "凤", "颖", "瑞", "德", "清", "永", "慧", "鑫", "倩", "丹", "阳", "立", "庆", "兵", "利", "松", "彬",
    "蕾", "金", "卫", "振", "家", "佳", "思", "嘉", "子", "欣", "雨", "泽", "晖", "琴",
];

/// First and second characters of place names; pairs read like the names of small towns
/// and villages in the hills south of the Yangtze.
const PLACE_HEAD: &[&str] = &[
    "青", "石", "白", "柳", "枫", "桃", "杏", "松", "竹", "梅", "金", "龙", "凤", "云", "清", "新", "东", "西", "南",
    "北", "长", "高", "双", "马", "黄", "沙", "丰", "永", "太", "安", "和", "兴", "福", "瑞", "崇", "仁",
];
const PLACE_TAIL: &[&str] = &[
    "溪", "河", "湖", "山", "岭", "坪", "塘", "桥", "湾", "源", "口", "岗", "坝", "庄", "埠", "林", "田", "港", "冲",
    "铺", "集", "堰", "洲", "阳", "峰", "亭", "泉", "园", "岩", "坊",
];

const ROADS: &[&str] = &[
    "滨江路",
    "人民路",
    "解放路",
    "建设路",
    "新华路",
    "文化路",
    "中山路",
    "迎宾大道",
    "青年路",
    "府前街",
    "学府路",
    "环城东路",
    "环城西路",
    "澜溪大道",
    "广场路",
    "工业大道",
    "朝阳路",
    "胜利街",
    "兴业路",
    "民主路",
];

const TRADES: &[&str] = &[
    "建设工程有限公司",
    "市政工程有限公司",
    "路桥工程有限公司",
    "园林绿化工程有限公司",
    "水利水电工程有限公司",
    "建筑安装有限公司",
    "工程造价咨询有限公司",
    "工程监理有限公司",
    "信息技术有限公司",
    "环保科技有限公司",
];

/// A full personal name: surname and one or two given-name characters.
pub fn person(rng: &mut Rng) -> String {
    let mut name = String::from(*rng.pick(SURNAMES));
    name.push_str(rng.word(GIVEN));
    if rng.chance(65) {
        name.push_str(rng.word(GIVEN));
    }
    name
}

/// Given-name characters read as a man's or a woman's, for names listed beside a sex.
const MASCULINE: &[&str] = &[
    "伟", "强", "磊", "军", "勇", "杰", "涛", "超", "刚", "建", "国", "俊", "辉", "鹏", "飞", "宇", "浩", "凯", "峰",
    "斌", "海", "波", "志", "东", "亮", "成", "健", "德", "永", "鑫", "庆", "兵", "松", "彬", "卫", "振", "泽", "晖",
];
const FEMININE: &[&str] = &[
    "芳", "敏", "静", "丽", "艳", "娟", "秀", "霞", "桂", "英", "玉", "兰", "萍", "红", "婷", "雪", "琳", "春", "梅",
    "燕", "凤", "颖", "慧", "倩", "丹", "蕾", "欣", "雨", "琴",
];

/// A name with the sex it reads as (男 a little more often, as on most cadre lists).
pub fn gendered_person(rng: &mut Rng) -> (String, &'static str) {
    let (given, sex) = if rng.chance(55) { (MASCULINE, "男") } else { (FEMININE, "女") };
    let mut name = String::from(*rng.pick(SURNAMES));
    name.push_str(rng.word(given));
    if rng.chance(65) {
        name.push_str(rng.word(given));
    }
    (name, sex)
}

/// A name as benefit lists show it: the middle characters hidden.
pub fn masked_person(rng: &mut Rng) -> String {
    let name = person(rng);
    let chars: Vec<char> = name.chars().collect();
    match chars.len() {
        2 => format!("{}*", chars[0]),
        n => format!("{}{}{}", chars[0], "*".repeat(n - 2), chars[n - 1]),
    }
}

/// A two-character place name not yet in `used`.
pub fn place(rng: &mut Rng, used: &mut HashSet<String>) -> String {
    loop {
        let name = format!("{}{}", rng.pick(PLACE_HEAD), rng.pick(PLACE_TAIL));
        if used.insert(name.clone()) {
            return name;
        }
    }
}

/// A place name that may repeat, for project sites and road sections.
pub fn any_place(rng: &mut Rng) -> String {
    format!("{}{}", rng.pick(PLACE_HEAD), rng.pick(PLACE_TAIL))
}

pub fn road(rng: &mut Rng) -> &'static str {
    rng.word(ROADS)
}

/// A street address inside the city or a district.
pub fn address(rng: &mut Rng, prefix: &str) -> String {
    format!("{prefix}{}{}号", road(rng), rng.range(1, 288))
}

/// An office telephone number in the fictional area code.
pub fn office_phone(rng: &mut Rng) -> String {
    format!("{AREA_CODE}-8{:07}", rng.below(10_000_000))
}

/// A mobile number as published lists show it, e.g. `138****1234`.
pub fn masked_mobile(rng: &mut Rng) -> String {
    let prefix = rng.pick(&["133", "135", "138", "139", "150", "158", "177", "186", "189"]);
    format!("{prefix}****{:04}", rng.below(10_000))
}

/// A contractor or consultancy registered in the city.
pub fn company(rng: &mut Rng) -> String {
    format!("{}{}{}", CITY, any_place(rng), rng.pick(TRADES))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masked_names_hide_the_middle() {
        let mut rng = Rng::derive(3, "masks");
        for _ in 0..50 {
            let m = masked_person(&mut rng);
            assert!(m.contains('*'), "{m}");
        }
        assert!(masked_mobile(&mut rng).contains("****"));
    }

    #[test]
    fn places_do_not_repeat() {
        let mut rng = Rng::derive(5, "places");
        let mut used = HashSet::new();
        let names: Vec<String> = (0..200).map(|_| place(&mut rng, &mut used)).collect();
        assert_eq!(names.len(), used.len());
    }
}
