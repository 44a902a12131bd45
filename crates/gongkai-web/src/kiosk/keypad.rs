//! The on-screen keypad and `/kiosk/search`: a title found by its pinyin initials
//! (`DWGK` finds 党务公开) typed on keys A–Z, each a plain link to the search with one more
//! letter, so no system keyboard ever opens and it works without JavaScript. Not cached:
//! the index answers in milliseconds.

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use super::{Frame, KioskError};
use crate::found;
use crate::search_params::SearchParams;
use crate::{extract, AppState};

/// Letters kept of a query: more initials than any title needs.
const MAX_LETTERS: usize = 16;

/// Results on one page: as many as fit beside the keypad in large type.
const PER_PAGE: usize = 8;

/// Pages a visitor may step through; past it they are asked to type more.
const MAX_PAGE: usize = 50;

pub struct Key {
    /// `A`…`Z`, `back` or `clear`: what the browser tests and styles find it by.
    pub data: String,
    pub label: &'static str,
    /// What a screen reader says for the two keys that are words.
    pub spoken: &'static str,
    pub href: String,
}

/// The keypad with what has been typed so far.
pub struct Keypad {
    pub query: String,
    pub keys: Vec<Key>,
}

const LETTERS: [&str; 26] = [
    "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R", "S", "T", "U", "V", "W",
    "X", "Y", "Z",
];

fn search_link(query: &str) -> String {
    format!("/kiosk/search?q={query}")
}

impl Keypad {
    /// The keypad after `query` (letters only) was typed.
    pub fn new(query: &str) -> Self {
        let mut keys: Vec<Key> = LETTERS
            .iter()
            .map(|&l| Key { data: l.into(), label: l, spoken: "", href: search_link(&letters(&format!("{query}{l}"))) })
            .collect();
        let shorter = &query[..query.len().saturating_sub(1)];
        keys.push(Key {
            data: "back".into(), label: "删除", spoken: "删除一个字母", href: search_link(shorter)
        });
        keys.push(Key {
            data: "clear".into(), label: "清空", spoken: "清空已输入的字母", href: search_link("")
        });
        Keypad { query: query.to_owned(), keys }
    }
}

/// The initials in `raw`: ASCII letters only, upper case, at most [`MAX_LETTERS`].
pub fn letters(raw: &str) -> String {
    raw.chars().filter(char::is_ascii_alphabetic).map(|c| c.to_ascii_uppercase()).take(MAX_LETTERS).collect()
}

#[derive(Default, Deserialize)]
struct Query {
    q: Option<String>,
    p: Option<String>,
}

/// One result: the title with the matched part marked (already escaped by the index).
struct Found {
    id: String,
    title_html: String,
    org_name: String,
    date: String,
}

#[derive(Template)]
#[template(path = "kiosk/search.html")]
struct SearchPage {
    frame: Frame,
    keypad: Keypad,
    total: u64,
    results: Vec<Found>,
    page: usize,
    prev: Option<String>,
    next: Option<String>,
}

pub async fn search(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Result<Response, KioskError> {
    let query: Query = extract::query(raw.as_deref())?;
    let typed = letters(query.q.as_deref().unwrap_or_default());
    let page = query.p.as_deref().and_then(|p| p.trim().parse::<usize>().ok()).unwrap_or(1).clamp(1, MAX_PAGE);
    let mut total = 0;
    let mut results = Vec::new();
    let mut more = false;
    if !typed.is_empty() {
        // The index pages by cursor; a page number is the cursor after the pages before it,
        // reached in steps as large as the index allows.
        let mut after: Option<String> = None;
        let mut skip = (page - 1) * PER_PAGE;
        let mut exhausted = false;
        while skip > 0 && !exhausted {
            let step = skip.min(gongkai_search::MAX_LIMIT);
            let answer = found::run(&state, &params(&typed, step, after.take())).await?;
            after = answer.and_then(|a| a.next);
            exhausted = after.is_none();
            skip -= step;
        }
        if !exhausted {
            if let Some(answer) = found::run(&state, &params(&typed, PER_PAGE, after)).await? {
                total = answer.total;
                more = answer.next.is_some();
                results = answer
                    .hits
                    .into_iter()
                    .map(|h| Found {
                        date: h.published_day(),
                        id: h.id,
                        title_html: h.title_html,
                        org_name: h.org_name,
                    })
                    .collect();
            }
        }
    }
    let link = |p: usize| format!("{}&p={p}", search_link(&typed));
    let page = SearchPage {
        frame: Frame::new(None),
        keypad: Keypad::new(&typed),
        total,
        results,
        prev: (page > 1).then(|| link(page - 1)),
        next: (more && page < MAX_PAGE).then(|| link(page + 1)),
        page,
    };
    Ok(Html(page.render().map_err(crate::error::AppError::from)?).into_response())
}

/// Records only: a unit found by name has no kiosk page of its own to open from a list.
fn params(typed: &str, limit: usize, after: Option<String>) -> SearchParams {
    SearchParams {
        q: Some(typed.to_ascii_lowercase()),
        kind: Some("record".into()),
        limit: Some(limit.to_string()),
        after,
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_lead_to_the_next_query() {
        let pad = Keypad::new("G");
        let href = |data: &str| pad.keys.iter().find(|k| k.data == data).unwrap().href.clone();
        assert_eq!(href("K"), "/kiosk/search?q=GK");
        assert_eq!(href("back"), "/kiosk/search?q=");
        assert_eq!(href("clear"), "/kiosk/search?q=");
        assert_eq!(Keypad::new("").keys.iter().find(|k| k.data == "back").unwrap().href, "/kiosk/search?q=");
    }

    #[test]
    fn only_letters_are_typed() {
        assert_eq!(letters("dw gk<script>1"), "DWGKSCRIPT");
        assert_eq!(letters(&"a".repeat(40)).len(), MAX_LETTERS);
    }
}
