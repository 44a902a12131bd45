//! Installing catalogue templates: the standard ones shipped with the binary, on the first
//! start and by `gongkai catalog load`, or tables an office keeps in a directory of its own.

use std::path::Path;

use anyhow::Context;
use gongkai_catalogs::Template;
use gongkai_core::access::Actor;
use gongkai_core::catalog::table::{items_from_table, table_from_items};
use gongkai_core::catalog::template::{check_sheet, sheet_name, TemplateLoad};
use gongkai_core::org::OrgKind;
use gongkai_store::Store;

/// The templates in `dir` (one table per kind, `<kind>.xlsx` or `<kind>.csv`; kinds
/// without one are left as they are), or the standard ones. Every table is read and
/// checked before any is loaded.
pub fn read(dir: Option<&Path>) -> anyhow::Result<Vec<Template>> {
    let Some(dir) = dir else { return Ok(gongkai_catalogs::standard()) };
    // A table under a name no kind has would otherwise be skipped without a word.
    let entries = std::fs::read_dir(dir).with_context(|| format!("读取目录 {} 失败", dir.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        let table = path.extension().and_then(|e| e.to_str()).is_some_and(|e| e == "csv" || e == "xlsx");
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        if table && !OrgKind::ALL.iter().any(|k| k.as_str() == stem) {
            let kinds: Vec<&str> = OrgKind::ALL.iter().map(|k| k.as_str()).collect();
            anyhow::bail!(
                "{} 不是按单位类型命名的模板表，未载入任何模板：文件名应为 {} 之一，扩展名为 .xlsx 或 .csv",
                path.display(),
                kinds.join("、")
            );
        }
    }
    let mut templates = Vec::new();
    for &kind in OrgKind::ALL {
        let (xlsx, csv) = (dir.join(format!("{}.xlsx", kind.as_str())), dir.join(format!("{}.csv", kind.as_str())));
        let (path, items) = if xlsx.exists() {
            let bytes = std::fs::read(&xlsx).with_context(|| format!("读取 {} 失败", xlsx.display()))?;
            let items = gongkai_sheets::read_xlsx(&bytes).and_then(|table| {
                // A table exported for another kind, saved under this kind's file name.
                check_sheet(&table.sheet, kind).map_err(|e| {
                    let mut errors = gongkai_core::table::TableErrors::default();
                    errors.refuse(0, "", e);
                    errors
                })?;
                items_from_table(&table.rows).map_err(|errors| table.renumber(errors))
            });
            (xlsx, items)
        } else if csv.exists() {
            let text = std::fs::read_to_string(&csv).with_context(|| format!("读取 {} 失败", csv.display()))?;
            let items = gongkai_catalogs::read_csv(&text);
            (csv, items)
        } else {
            continue;
        };
        let items = items.map_err(|errors| anyhow::anyhow!("{} 有误，未载入任何模板：\n{errors}", path.display()))?;
        templates.push(Template { kind, items });
    }
    if templates.is_empty() {
        anyhow::bail!("{} 中没有模板表：文件应按单位类型命名，如 township.xlsx 或 township.csv", dir.display());
    }
    Ok(templates)
}

/// Writes each installed template to `dir` as `<kind>.xlsx`, to be corrected in a
/// spreadsheet and loaded again; returns how many were written.
pub async fn export(store: &Store, dir: &Path) -> anyhow::Result<usize> {
    std::fs::create_dir_all(dir).with_context(|| format!("无法创建 {}", dir.display()))?;
    let mut written = 0;
    for &kind in OrgKind::ALL {
        let items = store.db.template(kind).await?;
        if items.is_empty() {
            continue;
        }
        let sheet = sheet_name(kind);
        let bytes = gongkai_sheets::write_xlsx(&sheet, &table_from_items(&items))?;
        let path = dir.join(format!("{}.xlsx", kind.as_str()));
        std::fs::write(&path, bytes).with_context(|| format!("写入 {} 失败", path.display()))?;
        written += 1;
    }
    Ok(written)
}

/// Loads each template as the installation itself; returns what changed, by kind.
pub async fn install(store: &Store, templates: Vec<Template>) -> anyhow::Result<Vec<(OrgKind, TemplateLoad)>> {
    let actor = Actor::system();
    let mut loads = Vec::new();
    for template in templates {
        let load = store
            .load_template(&actor, template.kind, template.items)
            .await
            .with_context(|| format!("载入“{}”目录模板失败", template.kind.label()))?;
        loads.push((template.kind, load));
    }
    Ok(loads)
}

/// One line per kind, for the operator.
pub fn report(loads: &[(OrgKind, TemplateLoad)]) -> String {
    loads
        .iter()
        .map(|(kind, load)| {
            let mut line = format!(
                "{}：新增 {} 项，更新 {} 项，未变 {} 项",
                kind.label(),
                load.added.len(),
                load.changed.len(),
                load.unchanged
            );
            if !load.kept.is_empty() {
                line.push_str(&format!("；模板表中已无而保留 {} 项", load.kept.len()));
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n")
}
