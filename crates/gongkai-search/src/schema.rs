//! The index's fields. Text fields use the Chinese tokenizers; filters are exact terms;
//! what the collector reads per hit (order, dates, facets) are fast fields.

use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, FAST, STORED, STRING,
};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::Index;

use crate::analysis::tokens::{self, InitialsTokenizer, PinyinTokenizer, TextTokenizer};

/// Bumped whenever fields or analysis change: an index of another version is rebuilt.
pub const VERSION: u32 = 3;

#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// `record` or `org`.
    pub kind: Field,
    /// What a change replaces: `r:<lineage>` or `o:<org code>`.
    pub key: Field,
    /// The record's id or the organisation's code, for links.
    pub id: Field,
    /// Stored for hits; queries match it as part of `all`.
    pub title: Field,
    /// Summary, body and attachment text, kept for snippets.
    pub content: Field,
    /// What a query matches: title (thrice), content, and the 信息索引 fields with
    /// organisation and catalogue names, in one field so that a query reads one list per
    /// term.
    pub all: Field,
    pub pinyin: Field,
    pub initials: Field,
    /// The organisation and every one above it, for "this unit and its sub-units".
    pub orgs: Field,
    /// The organisation itself, for facets and hits.
    pub org: Field,
    /// The catalogue leaf and every level above it.
    pub catalogs: Field,
    pub leaf: Field,
    /// `party` or `government`.
    pub domain: Field,
    pub year: Field,
    pub file_types: Field,
    /// Seconds since the epoch of publication.
    pub published: Field,
    /// Last public day (epoch day); past it the hit is dropped at query time, so an ended
    /// publicity period leaves results at once, not when the next expiry round runs.
    pub until: Field,
    /// A number unique to the document: breaks ties and marks a page's end.
    pub order: Field,
}

fn text(tokenizer: &str) -> TextOptions {
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(tokenizer)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    TextOptions::default().set_indexing_options(indexing)
}

pub fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let fast_u64 = || NumericOptions::default().set_fast();
    let fields = Fields {
        kind: b.add_text_field("kind", STRING | STORED | FAST),
        key: b.add_text_field("key", STRING),
        id: b.add_text_field("id", STRING | STORED),
        title: b.add_text_field("title", STORED),
        content: b.add_text_field("content", TextOptions::default().set_stored()),
        all: b.add_text_field("all", text(tokens::TEXT)),
        pinyin: b.add_text_field("pinyin", text(tokens::PINYIN)),
        initials: b.add_text_field("initials", text(tokens::INITIALS)),
        orgs: b.add_text_field("orgs", STRING),
        org: b.add_text_field("org", STRING | STORED | FAST),
        catalogs: b.add_text_field("catalogs", STRING),
        leaf: b.add_text_field("leaf", STRING | STORED | FAST),
        domain: b.add_text_field("domain", STRING | FAST),
        year: b.add_u64_field("year", NumericOptions::default().set_indexed().set_fast()),
        file_types: b.add_text_field("file_types", STRING | FAST),
        published: b.add_u64_field("published", fast_u64().set_stored()),
        until: b.add_u64_field("until", fast_u64()),
        order: b.add_u64_field("order", fast_u64()),
    };
    (b.build(), fields)
}

/// Makes the tokenizers known to an index opened or created with [`schema`].
pub fn register_tokenizers(index: &Index) {
    let manager = index.tokenizers();
    manager.register(tokens::TEXT, TextAnalyzer::from(TextTokenizer));
    manager.register(tokens::PINYIN, TextAnalyzer::from(PinyinTokenizer));
    manager.register(tokens::INITIALS, TextAnalyzer::from(InitialsTokenizer));
}
