//! What a visitor types, read as a query. Parts are separated by spaces and must all be
//! found; a part in quotes must be found exactly as typed, one without quotes may also be
//! found as its words (jieba) anywhere in the text, so 农业银行 finds 中国农业发展银行.
//! A run of letters is also tried as pinyin and as pinyin initials against titles and
//! names. Nothing a visitor types is an operator: `AND OR NOT ((` is searched as text.

use std::sync::OnceLock;

use gongkai_core::DomainError;
use jieba_rs::Jieba;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use crate::analysis::pinyin::split_syllables;
use crate::analysis::tokens::initials_terms;
use crate::analysis::{normal_string, phrase_terms, units, Unit};
use crate::schema::Fields;

/// Longest query accepted, in characters.
pub const MAX_CHARS: usize = 100;
/// A pinyin match (titles and names only) counts as much as a title match does in `all`.
const TITLE_BOOST: f32 = 3.0;

/// One space-separated (or quoted) part of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub text: String,
    pub quoted: bool,
}

/// Splits a query into parts. Control characters count as spaces; a quote left open
/// closes at the end; straight and Chinese quotes both work.
pub fn parse(raw: &str) -> Result<Vec<Part>, DomainError> {
    if raw.chars().count() > MAX_CHARS {
        return Err(DomainError::invalid("query_too_long", format!("查询内容不能超过{MAX_CHARS}个字")));
    }
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut flush = |current: &mut String, quoted: bool| {
        if !current.trim().is_empty() {
            parts.push(Part { text: current.trim().to_owned(), quoted });
        }
        current.clear();
    };
    for c in raw.chars() {
        match c {
            '"' | '“' | '”' | '＂' => {
                flush(&mut current, quoted);
                quoted = !quoted;
            }
            c if c.is_whitespace() || c.is_control() => {
                if quoted {
                    current.push(' ');
                } else {
                    flush(&mut current, false);
                }
            }
            c => current.push(c),
        }
    }
    flush(&mut current, quoted);
    Ok(parts)
}

fn jieba() -> &'static Jieba {
    static JIEBA: OnceLock<Jieba> = OnceLock::new();
    JIEBA.get_or_init(Jieba::new)
}

/// How a text query is answered. Most queries are a conjunction of terms, which tantivy
/// can rank with block-max pruning: only candidates that could still make the page are
/// scored, so a query matching half the corpus costs little more than a rare one. The
/// phrases those terms come from are checked only on the candidates that survive.
pub struct TextPlan {
    /// Every hit matches this; the total and the facets count it without scores.
    pub matches: Box<dyn Query>,
    /// Ranks the candidates: for a conjunction, its terms alone (a superset of the hits).
    pub ranks: Box<dyn Query>,
    /// Phrases of more than one term a candidate of `ranks` must also hold.
    pub required: Vec<PhraseQuery>,
    /// Each unquoted part as typed, where its words were matched apart: a hit holding
    /// them all scores [`EXACT_BOOST`] times more.
    pub exact: Vec<PhraseQuery>,
    /// The terms of `all` that matched, to mark in titles and snippets.
    pub highlight: Vec<String>,
}

/// How much more a hit holding every part as typed scores.
pub const EXACT_BOOST: f32 = 2.0;

/// Plans the query for `parts`; `None` when no part has anything to search for.
pub fn text_plan(fields: &Fields, parts: &[Part]) -> Option<TextPlan> {
    let parts: Vec<(&Part, Vec<Unit>)> =
        parts.iter().map(|p| (p, units(&p.text))).filter(|(_, u)| !phrase_terms(u).is_empty()).collect();
    if parts.is_empty() {
        return None;
    }
    if parts.iter().any(|(p, u)| !p.quoted && !pinyin_options(fields, u).is_empty()) {
        return Some(general(fields, &parts));
    }
    let mut phrases: Vec<Vec<(usize, String)>> = Vec::new();
    let mut exact = Vec::new();
    for (part, all) in &parts {
        let whole = phrase_terms(all);
        let split = if part.quoted || all.iter().filter(|u| u.han).count() < 3 {
            vec![]
        } else {
            words(&normal_string(&part.text))
                .iter()
                .map(|w| phrase_terms(&units(w)))
                .filter(|t| !t.is_empty())
                .collect()
        };
        if split.len() > 1 {
            phrases.extend(split);
            exact.push(phrase_query(fields.all, &whole));
        } else {
            phrases.push(whole);
        }
    }
    let mut terms: Vec<String> = phrases.iter().flatten().map(|(_, t)| t.clone()).collect();
    terms.sort();
    terms.dedup();
    let term = |t: &str| TermQuery::new(Term::from_field_text(fields.all, t), IndexRecordOption::WithFreqs);
    let conjunction = |queries: Vec<Box<dyn Query>>| -> Box<dyn Query> {
        match <[_; 1]>::try_from(queries) {
            Ok([only]) => only,
            Err(many) => Box::new(BooleanQuery::new(many.into_iter().map(|q| (Occur::Must, q)).collect())),
        }
    };
    let required: Vec<PhraseQuery> =
        phrases.iter().filter(|p| p.len() > 1).map(|p| phrase_query(fields.all, p)).collect();
    let matches = conjunction(
        phrases
            .iter()
            .map(|p| match p.as_slice() {
                [(_, only)] => Box::new(term(only)) as Box<dyn Query>,
                _ => Box::new(phrase_query(fields.all, p)),
            })
            .collect(),
    );
    let ranks = conjunction(terms.iter().map(|t| Box::new(term(t)) as Box<dyn Query>).collect());
    let mut highlight = terms;
    for q in &exact {
        highlight.extend(q.phrase_terms().iter().filter_map(|t| t.value().as_str().map(str::to_owned)));
    }
    Some(TextPlan { matches, ranks, required, exact, highlight })
}

/// A query with a run of letters, which may also be pinyin in other fields: one union,
/// scored whole. Such queries match titles and names, so they are small.
fn general(fields: &Fields, parts: &[(&Part, Vec<Unit>)]) -> TextPlan {
    let clauses: Vec<(Occur, Box<dyn Query>)> =
        parts.iter().filter_map(|(p, u)| part_query(fields, p, u)).map(|q| (Occur::Must, q)).collect();
    let query = BooleanQuery::new(clauses);
    let mut highlight = Vec::new();
    query.query_terms(&mut |term, _| {
        if term.field() == fields.all {
            highlight.extend(term.value().as_str().map(str::to_owned));
        }
    });
    TextPlan { matches: Box::new(query.clone()), ranks: Box::new(query), required: vec![], exact: vec![], highlight }
}

fn part_query(fields: &Fields, part: &Part, all: &[Unit]) -> Option<Box<dyn Query>> {
    let whole = exact(fields, all)?;
    if part.quoted {
        return Some(whole);
    }
    let mut options: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let han = all.iter().filter(|u| u.han).count();
    if han >= 3 {
        // Word by word, each word still as a phrase; the exact match scores higher.
        let normal = normal_string(&part.text);
        let words: Vec<Box<dyn Query>> = words(&normal).iter().filter_map(|w| exact(fields, &units(w))).collect();
        if words.len() > 1 {
            let words = words.into_iter().map(|w| (Occur::Must, w)).collect();
            options.push((Occur::Should, Box::new(BooleanQuery::new(words))));
            options.push((Occur::Should, Box::new(BoostQuery::new(whole, EXACT_BOOST))));
        } else {
            options.push((Occur::Should, whole));
        }
    } else {
        options.push((Occur::Should, whole));
    }
    options.extend(pinyin_options(fields, all));
    Some(Box::new(BooleanQuery::new(options)))
}

/// The words a part is cut into: jieba's words, and a long word further into shorter
/// dictionary words when they cover it (search mode), so 农业银行 is 农业 and 银行.
fn words(normal: &str) -> Vec<String> {
    let chars: Vec<char> = normal.chars().collect();
    let inner = jieba().cut_for_search(normal, false);
    let mut out = Vec::new();
    for word in jieba().cut(normal, false) {
        let mut pieces = Vec::new();
        let mut at = word.start;
        while at < word.end {
            // The longest shorter dictionary word starting here.
            let shorter = inner
                .iter()
                .filter(|t| t.start == at && t.end <= word.end && t.end - t.start < word.end - word.start)
                .map(|t| t.end)
                .max();
            let Some(end) = shorter else { break };
            pieces.push(chars[at..end].iter().collect::<String>());
            at = end;
        }
        if at == word.end && !pieces.is_empty() {
            out.extend(pieces);
        } else {
            out.push(word.word.to_owned());
        }
    }
    out
}

/// The units as one phrase anywhere in the document (titles count thrice there).
fn exact(fields: &Fields, units: &[Unit]) -> Option<Box<dyn Query>> {
    let terms = phrase_terms(units);
    (!terms.is_empty()).then(|| phrase(fields.all, &terms))
}

fn phrase_query(field: Field, terms: &[(usize, String)]) -> PhraseQuery {
    PhraseQuery::new_with_offset(terms.iter().map(|(at, t)| (*at, Term::from_field_text(field, t))).collect())
}

/// A term, or a phrase of terms at their offsets, in one field.
fn phrase(field: Field, terms: &[(usize, String)]) -> Box<dyn Query> {
    match terms {
        [(_, only)] => Box::new(TermQuery::new(Term::from_field_text(field, only), IndexRecordOption::WithFreqs)),
        _ => Box::new(phrase_query(field, terms)),
    }
}

/// A run of letters read as pinyin initials (`dwgk`) and as whole syllables
/// (`dangwugongkai`), against titles and names.
fn pinyin_options(fields: &Fields, units: &[Unit]) -> Vec<(Occur, Box<dyn Query>)> {
    let [unit] = units else { return vec![] };
    let letters = unit.text.as_str();
    if unit.han || letters.len() < 2 || !letters.bytes().all(|b| b.is_ascii_lowercase()) {
        return vec![];
    }
    let mut out: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let initials = initials_terms(letters);
    if !initials.is_empty() {
        out.push((Occur::Should, Box::new(BoostQuery::new(phrase(fields.initials, &initials), TITLE_BOOST))));
    }
    for syllables in split_syllables(letters, 4) {
        let terms: Vec<(usize, String)> = syllables.into_iter().enumerate().collect();
        out.push((Occur::Should, Box::new(BoostQuery::new(phrase(fields.pinyin, &terms), TITLE_BOOST))));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(parts: &[Part]) -> Vec<(&str, bool)> {
        parts.iter().map(|p| (p.text.as_str(), p.quoted)).collect()
    }

    #[test]
    fn spaces_split_and_quotes_hold_together() {
        let parts = parse(r#"党务 "政务 公开"  2024"#).unwrap();
        assert_eq!(texts(&parts), [("党务", false), ("政务 公开", true), ("2024", false)]);
        assert_eq!(texts(&parse("“农业银行”").unwrap()), [("农业银行", true)]);
    }

    #[test]
    fn an_open_quote_closes_at_the_end_and_controls_are_spaces() {
        assert_eq!(texts(&parse("\"党务\u{0}公开").unwrap()), [("党务 公开", true)]);
        assert_eq!(texts(&parse("a\u{7}b").unwrap()), [("a", false), ("b", false)]);
        assert!(parse("   ").unwrap().is_empty());
    }

    #[test]
    fn long_queries_are_refused_with_a_reason() {
        let e = parse(&"公".repeat(MAX_CHARS + 1)).unwrap_err();
        assert_eq!(e.code, "query_too_long");
        assert!(parse(&"公".repeat(MAX_CHARS)).is_ok());
    }

    #[test]
    fn operator_soup_is_text() {
        let fields = crate::schema::schema().1;
        let parts = parse("AND OR NOT ((").unwrap();
        assert_eq!(parts.len(), 4);
        // `((` has no units to search for; the words remain.
        assert!(text_plan(&fields, &parts).is_some());
        assert!(text_plan(&fields, &parse("(( ))").unwrap()).is_none());
    }
}
