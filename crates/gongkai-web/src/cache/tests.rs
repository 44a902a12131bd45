//! The page cache: what a change drops, stale renders, bursts, abandoned renders, the
//! byte bound.

use std::sync::atomic::Ordering;
use std::sync::Arc;

use bytes::Bytes;

use super::*;

fn page(text: &'static str, tags: Vec<Tag>) -> Rendered {
    Rendered { html: text.to_owned(), tags }
}

fn lineage(id: &str) -> Tag {
    Tag::Lineage(id.to_owned())
}

#[test]
fn a_change_drops_only_the_pages_that_show_it() {
    let cache = PageCache::default();
    cache.put("/d/a".into(), 0, Bytes::from_static(b"a"), vec![lineage("a")]);
    cache.put("/d/b".into(), 0, Bytes::from_static(b"b"), vec![lineage("b")]);
    cache.put("/".into(), 0, Bytes::from_static(b"home"), vec![Tag::Latest]);
    cache.advance(1, &[lineage("a"), Tag::Latest], false);
    assert!(cache.get("/d/a").is_none() && cache.get("/").is_none());
    assert_eq!(cache.get("/d/b").as_deref(), Some(&b"b"[..]), "an unrelated page stays");
    cache.advance(2, &[], true);
    assert!(cache.get("/d/b").is_none(), "an organisation's change drops everything");
}

#[test]
fn a_page_rendered_before_a_change_is_not_kept() {
    let cache = PageCache::default();
    cache.advance(3, &[], false);
    cache.put("/".into(), 2, Bytes::from_static(b"stale"), vec![]);
    assert!(cache.get("/").is_none());
    cache.put("/".into(), 3, Bytes::from_static(b"new"), vec![]);
    assert_eq!(cache.get("/").as_deref(), Some(&b"new"[..]));
    cache.advance(2, &[], true);
    assert!(cache.get("/").is_some(), "the head never moves back");
}

#[tokio::test]
async fn a_burst_of_misses_renders_once() {
    let cache = Arc::new(PageCache::default());
    let renders = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let burst: Vec<_> = (0..32)
        .map(|_| {
            let (cache, renders) = (cache.clone(), renders.clone());
            tokio::spawn(async move {
                cache
                    .get_or_render("/".into(), || async {
                        renders.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                        Ok::<_, ()>(page("page", vec![]))
                    })
                    .await
            })
        })
        .collect();
    for page in futures_of(burst).await {
        assert_eq!(page.as_deref(), Ok(&b"page"[..]));
    }
    assert_eq!(renders.load(Ordering::SeqCst), 1);
    assert!(cache.rendering.lock().unwrap().is_empty(), "no render lock is left behind");
}

#[tokio::test]
async fn waiters_render_for_themselves_when_the_first_render_fails() {
    let cache = Arc::new(PageCache::default());
    let renders = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let burst: Vec<_> = (0..8)
        .map(|n| {
            let (cache, renders) = (cache.clone(), renders.clone());
            tokio::spawn(async move {
                cache
                    .get_or_render("/d/x".into(), || async move {
                        renders.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                        if n == 0 {
                            Err("the database timed out")
                        } else {
                            Ok(page("page", vec![]))
                        }
                    })
                    .await
            })
        })
        .collect();
    let answers: Vec<_> = futures_of(burst).await;
    assert_eq!(answers[0], Err("the database timed out"));
    assert!(answers[1..].iter().all(|a| a.as_deref() == Ok(&b"page"[..])));
    assert!(renders.load(Ordering::SeqCst) >= 2, "the waiters did not give up");
    assert!(cache.rendering.lock().unwrap().is_empty());
}

#[tokio::test]
async fn an_abandoned_render_leaves_no_lock_behind() {
    let cache = Arc::new(PageCache::default());
    let slow = {
        let cache = cache.clone();
        tokio::spawn(async move {
            cache
                .get_or_render("/".into(), || async {
                    tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
                    Ok::<_, ()>(page("never", vec![]))
                })
                .await
        })
    };
    tokio::task::yield_now().await;
    assert_eq!(cache.rendering.lock().unwrap().len(), 1, "the slow render holds its turn");
    slow.abort();
    assert!(slow.await.unwrap_err().is_cancelled());
    assert!(cache.rendering.lock().unwrap().is_empty());
    let answer = cache.get_or_render("/".into(), || async { Ok::<_, ()>(page("page", vec![])) }).await;
    assert_eq!(answer.as_deref(), Ok(&b"page"[..]));
}

async fn futures_of<T>(tasks: Vec<tokio::task::JoinHandle<T>>) -> Vec<T> {
    let mut answers = Vec::new();
    for task in tasks {
        answers.push(task.await.unwrap());
    }
    answers
}

#[test]
fn the_least_recently_used_pages_make_room() {
    let cache = PageCache::default();
    let mb = Bytes::from(vec![b'x'; 1024 * 1024]);
    cache.put("/".into(), 0, Bytes::from_static(b"home"), vec![]);
    for n in 0..(MAX_BYTES / mb.len()) * 3 {
        cache.get("/"); // the home page is asked for all the time
        cache.put(format!("/d/{n}"), 0, mb.clone(), vec![]);
        cache.put(format!("/d/{n}"), 0, mb.clone(), vec![]); // a replaced page is not counted twice
        assert!(cache.size() <= MAX_BYTES, "{} bytes held", cache.size());
    }
    assert!(cache.get("/").is_some(), "a busy page is never the least recently used");
    assert!(cache.get("/d/0").is_none(), "an old one made room");
    assert!(cache.get(&format!("/d/{}", (MAX_BYTES / mb.len()) * 3 - 1)).is_some());
    cache.put("/huge".into(), 0, Bytes::from(vec![b'x'; MAX_BYTES + 1]), vec![]);
    assert!(cache.get("/huge").is_none() && cache.get("/").is_some(), "an oversize page is not kept");
}
