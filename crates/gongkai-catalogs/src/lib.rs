//! The standard catalogue templates (公开目录) that organisations follow by kind: the
//! government-affairs areas of the grassroots standard catalogues (国办发〔2019〕54号) and
//! the party-affairs catalogue (中国共产党党务公开条例（试行）), one table per kind in
//! `templates/`. They are data, not code: a disclosure office reads and corrects them as
//! tables, and the binary carries them so that a new site starts with them.

use gongkai_core::catalog::table::items_from_table;
use gongkai_core::catalog::CatalogItem;
use gongkai_core::org::OrgKind;
use gongkai_core::table::TableErrors;

/// One template: the kind of organisation that follows it and its items in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pub kind: OrgKind,
    pub items: Vec<CatalogItem>,
}

/// The tables shipped with the binary, by kind (the file is named after the kind's stored
/// name).
const SHIPPED: [(OrgKind, &str); 10] = [
    (OrgKind::City, include_str!("../templates/city.csv")),
    (OrgKind::District, include_str!("../templates/district.csv")),
    (OrgKind::Township, include_str!("../templates/township.csv")),
    (OrgKind::Street, include_str!("../templates/street.csv")),
    (OrgKind::Village, include_str!("../templates/village.csv")),
    (OrgKind::Community, include_str!("../templates/community.csv")),
    (OrgKind::PartyCommittee, include_str!("../templates/party_committee.csv")),
    (OrgKind::Department, include_str!("../templates/department.csv")),
    (OrgKind::PublicUnit, include_str!("../templates/public_unit.csv")),
    (OrgKind::ServiceHall, include_str!("../templates/service_hall.csv")),
];

/// Every standard template. The shipped tables are checked by this crate's tests, so a
/// failure here is a defect of the build, reported as such.
pub fn standard() -> Vec<Template> {
    SHIPPED
        .iter()
        .map(|&(kind, text)| Template {
            kind,
            items: read_csv(text).unwrap_or_else(|e| panic!("shipped template {} is broken:\n{e}", kind.as_str())),
        })
        .collect()
}

/// The standard template of `kind`.
pub fn standard_for(kind: OrgKind) -> Template {
    standard().into_iter().find(|t| t.kind == kind).unwrap_or_else(|| panic!("no template for {}", kind.as_str()))
}

/// The items of a template table written as CSV (UTF-8, a byte-order mark allowed, as
/// spreadsheet programs save it).
pub fn read_csv(text: &str) -> Result<Vec<CatalogItem>, TableErrors> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        match record {
            Ok(record) => rows.push(record.iter().map(str::to_owned).collect()),
            Err(e) => {
                let mut errors = TableErrors::default();
                errors.push(i + 1, "", format!("不是有效的CSV：{e}"));
                return Err(errors);
            }
        }
    }
    items_from_table(&rows)
}

/// A template table as CSV, with a byte-order mark so that spreadsheet programs read it
/// as UTF-8.
pub fn write_csv(items: &[CatalogItem]) -> String {
    let mut writer = csv::WriterBuilder::new().from_writer(Vec::new());
    for row in gongkai_core::catalog::table::table_from_items(items) {
        // Writing to a Vec cannot fail.
        let _ = writer.write_record(&row);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
}

#[cfg(test)]
mod tests {
    use gongkai_core::catalog::{Audience, Domain, Mode, TimeClass};

    use super::*;

    #[test]
    fn every_shipped_template_reads_and_covers_its_kind() {
        let templates = standard();
        assert_eq!(templates.iter().map(|t| t.kind).collect::<Vec<_>>(), OrgKind::ALL);
        for t in &templates {
            let leaves: Vec<_> = t.items.iter().filter_map(|i| i.rules.as_ref().map(|r| (i, r))).collect();
            assert!(leaves.len() >= 30, "{:?} has only {} leaves", t.kind, leaves.len());
            for &domain in Domain::ALL {
                assert!(leaves.iter().any(|(_, r)| r.domain == domain), "{:?} lacks {domain:?}", t.kind);
            }
            for &class in TimeClass::ALL {
                assert!(leaves.iter().any(|(_, r)| r.time_class == class), "{:?} lacks {class:?}", t.kind);
            }
            assert!(leaves.iter().any(|(_, r)| r.audience != Audience::Public), "{:?}: all public", t.kind);
            assert!(leaves.iter().any(|(_, r)| r.mode == Mode::OnRequest), "{:?}: no on-request item", t.kind);
            for (item, r) in leaves {
                assert!(
                    !r.basis.is_empty() && !r.responsible.is_empty(),
                    "{:?} {}: basis or body missing",
                    t.kind,
                    item.name
                );
                // Text for one kind, not a form to fill in: no “县（市、区）” left for the reader.
                assert!(!r.responsible.contains('（') || !r.responsible.contains('、'), "{}", r.responsible);
            }
        }
    }

    /// The 26 areas of the grassroots standard catalogues (国办发〔2019〕54号), each a 一级事项
    /// of the county template; 扶贫 under its present name.
    const NATIONAL_AREAS: [&str; 26] = [
        "城乡规划",
        "重大建设项目",
        "公共资源交易",
        "财政预决算",
        "安全生产",
        "税收管理",
        "征地补偿",
        "国有土地上房屋征收与补偿",
        "生态环境",
        "公共文化服务",
        "公共法律服务",
        "扶贫（巩固拓展脱贫攻坚成果）",
        "救灾",
        "社会救助",
        "养老服务",
        "户籍管理",
        "涉农补贴",
        "食品药品监管",
        "城市综合执法",
        "义务教育",
        "就业",
        "社会保险",
        "卫生健康",
        "市政服务",
        "农村危房改造",
        "保障性住房",
    ];

    fn areas(kind: OrgKind) -> Vec<String> {
        standard_for(kind).items.into_iter().filter(|i| i.level == 1).map(|i| i.name).collect()
    }

    #[test]
    fn the_county_template_has_the_26_national_areas() {
        let county = areas(OrgKind::District);
        for area in NATIONAL_AREAS {
            assert!(county.iter().any(|a| a == area), "the county template lacks {area}");
        }
        // Townships and streets carry the areas that reach them.
        for (kind, expected) in [
            (OrgKind::Township, ["征地补偿", "涉农补贴", "农村危房改造", "社会救助", "救灾"]),
            (OrgKind::Street, ["城市综合执法", "市政服务", "保障性住房", "社会救助", "养老服务"]),
        ] {
            let have = areas(kind);
            for area in expected {
                assert!(have.iter().any(|a| a == area), "the {kind:?} template lacks {area}");
            }
        }
        let street = standard_for(OrgKind::Street);
        let personal = street.items.iter().filter(|i| i.rules.as_ref().is_some_and(|r| r.personal_data)).count();
        assert!(personal > 0, "no leaf of the street template is marked as listing people");
    }

    #[test]
    fn a_template_goes_out_as_csv_and_comes_back() {
        let township = standard_for(OrgKind::Township);
        let csv = write_csv(&township.items);
        assert!(csv.starts_with('\u{feff}'), "spreadsheet programs need the byte-order mark");
        assert_eq!(read_csv(&csv).unwrap(), township.items);
    }

    #[test]
    fn bad_csv_is_reported_by_row() {
        let text = "编码,公开内容\n\"zc-01-01,规范性文件\n";
        let errors = read_csv(text).unwrap_err().to_string();
        assert!(errors.starts_with("第1行"), "{errors}");
        let missing = read_csv("编码,公开内容\nzc-01-01,规范性文件\n").unwrap_err().to_string();
        assert!(missing.contains("“一级事项”列：表头缺少这一列"), "{missing}");
    }
}
