//! A catalogue template as a table: one row for each 公开内容, under the names of its
//! 一级事项 and 二级事项, with the leaf's attributes in Chinese. The standard templates
//! ship in this form, and templates travel in it to and from spreadsheets.
//!
//! A leaf's code has three parts, `area-group-leaf` (`zc-01-02`): the group is the code
//! without its last part and the area the first part, so the table needs no rows for them.
//! Items keep the order of the table.

mod read;
mod write;

pub use read::items_from_table;
pub use write::table_from_items;

/// The headings, in the order an exported table has them.
pub const COLUMNS: [&str; 14] = [
    "编码",
    "一级事项",
    "二级事项",
    "公开内容",
    "公开领域",
    "权力类型",
    "公开范围",
    "公开依据",
    "公开主体",
    "公开渠道和载体",
    "公开方式",
    "公开时限",
    "更新规则",
    "涉及个人信息",
];

#[cfg(test)]
mod tests;
