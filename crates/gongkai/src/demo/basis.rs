//! 公开依据: the laws, regulations and documents catalogue leaves cite, by name and article.
//! Kept in one place so every template cites a source with the same wording.

pub const PARTY: &str = "《中国共产党党务公开条例（试行）》第七条";
pub const PARTY_MEMBERS: &str = "《中国共产党发展党员工作细则》";
pub const PARTY_BRANCH: &str = "《中国共产党支部工作条例（试行）》";
pub const RURAL_PARTY: &str = "《中国共产党农村基层组织工作条例》";
pub const CADRES: &str = "《党政领导干部选拔任用工作条例》";
pub const DISCIPLINE: &str = "《中国共产党纪律处分条例》";
pub const EIGHT_RULES: &str = "《中共中央政治局关于改进工作作风、密切联系群众的八项规定》";
pub const PARTY_DUES: &str = "《关于中国共产党党费收缴、使用和管理的规定》";

pub const OGI_GUIDE: &str = "《中华人民共和国政府信息公开条例》第十二条";
pub const OGI_PUBLIC_INTEREST: &str = "《中华人民共和国政府信息公开条例》第十九条";
pub const OGI_PROACTIVE: &str = "《中华人民共和国政府信息公开条例》第二十条";
pub const OGI_LOCAL: &str = "《中华人民共和国政府信息公开条例》第二十一条";
pub const OGI_ON_CHANGE: &str = "《中华人民共和国政府信息公开条例》第二十六条";
pub const OGI_REQUEST: &str = "《中华人民共和国政府信息公开条例》第二十七条";
pub const OGI_REPORT: &str = "《中华人民共和国政府信息公开条例》第四十九条、第五十条";
pub const GRASSROOTS: &str = "《国务院办公厅关于全面推进基层政务公开标准化规范化工作的指导意见》（国办发〔2019〕54号）";

pub const BUDGET: &str = "《中华人民共和国预算法》第十四条";
pub const PROCUREMENT: &str = "《中华人民共和国政府采购法》第十一条";
pub const TENDERING: &str = "《中华人民共和国招标投标法》第十六条";
pub const LICENSING: &str = "《中华人民共和国行政许可法》第三十条";
pub const LICENSE_DECISION: &str = "《中华人民共和国行政许可法》第四十条";
pub const PENALTY_RULES: &str = "《中华人民共和国行政处罚法》第三十九条";
pub const PENALTY_DECISION: &str = "《中华人民共和国行政处罚法》第四十八条";
pub const SUPERVISION: &str = "《中华人民共和国监察法》第五十四条";
pub const CIVIL_SERVANTS: &str = "《中华人民共和国公务员法》";
pub const PUBLIC_INSTITUTIONS: &str = "《事业单位人事管理条例》第八条";
pub const LAND: &str = "《中华人民共和国土地管理法》第四十七条";
pub const HOUSING: &str = "《国有土地上房屋征收与补偿条例》第二十九条";
pub const RELIEF: &str = "《社会救助暂行办法》";
pub const EMERGENCY: &str = "《中华人民共和国突发事件应对法》";
pub const PRICES: &str = "《中华人民共和国价格法》";
pub const BUSINESS: &str = "《优化营商环境条例》";

pub const VILLAGE_AFFAIRS: &str = "《中华人民共和国村民委员会组织法》第三十条";
pub const VILLAGE_DECISIONS: &str = "《中华人民共和国村民委员会组织法》第二十四条";
pub const RESIDENTS: &str = "《中华人民共和国城市居民委员会组织法》";
pub const PUBLIC_UNITS: &str = "《公共企事业单位信息公开规定制定办法》（国办发〔2020〕50号）";
