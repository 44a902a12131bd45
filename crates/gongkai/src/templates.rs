//! Installing catalogue templates: the standard ones shipped with the binary, on the first
//! start and by `gongkai catalog load`, or tables an office keeps in a directory of its own.

use std::path::Path;

use anyhow::Context;
use gongkai_catalogs::Template;
use gongkai_core::access::Actor;
use gongkai_core::catalog::template::TemplateLoad;
use gongkai_core::org::OrgKind;
use gongkai_store::Store;

/// The templates in `dir` (one `<kind>.csv` per kind; kinds without a file are left as they
/// are), or the standard ones. Every table is read and checked before any is loaded.
pub fn read(dir: Option<&Path>) -> anyhow::Result<Vec<Template>> {
    let Some(dir) = dir else { return Ok(gongkai_catalogs::standard()) };
    let mut templates = Vec::new();
    for &kind in OrgKind::ALL {
        let path = dir.join(format!("{}.csv", kind.as_str()));
        if !path.exists() {
            continue;
        }
        let text = std::fs::read_to_string(&path).with_context(|| format!("读取 {} 失败", path.display()))?;
        let items = gongkai_catalogs::read_csv(&text)
            .map_err(|errors| anyhow::anyhow!("{} 有误，未载入任何模板：\n{errors}", path.display()))?;
        templates.push(Template { kind, items });
    }
    if templates.is_empty() {
        anyhow::bail!("{} 中没有模板表：文件应按单位类型命名，如 township.csv", dir.display());
    }
    Ok(templates)
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
