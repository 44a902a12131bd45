//! The demo site's settings (`site.toml`): the fictional city's portal, its host office and
//! contact taken from the city's own entry so footer and unit page agree, and registration
//! numbers in a series no real site has.

use gongkai_core::org::Org;

use crate::names::CITY;

/// The text of `site.toml` for the demo city whose top unit is `city`.
pub fn settings(city: &Org) -> String {
    let contact = [city.phone.as_deref().map(|p| format!("电话 {p}")), city.address.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("　")
        .replace(['"', '\\'], "");
    format!(
        "# 网站设置：演示城市{CITY}。各项说明见运维手册“网站设置”一节。\n\
         name = \"{CITY}党务政务公开网\"\n\
         host = \"{CITY}人民政府办公室\"\n\
         contact = \"{contact}\"\n\
         site_code = \"9900000001\"\n\
         icp = \"岚ICP备2026000001号\"\n\
         police = \"岚公网安备99000002000001号\"\n\
         colour = \"#b3261e\"\n"
    )
}
