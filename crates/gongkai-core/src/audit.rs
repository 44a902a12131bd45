//! 痕迹化管理 the audit chain: each entry's hash covers the previous entry's hash and its own
//! canonical bytes, so changing, deleting or reordering any entry breaks every later link.

use sha2::{Digest, Sha256};

/// The `prev_hash` of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One entry of the audit log as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// Position in the chain, 1, 2, 3 … without gaps.
    pub seq: i64,
    /// Unix seconds.
    pub at: i64,
    /// Username, or `system` for the scheduler.
    pub actor: String,
    pub action: String,
    pub object_kind: String,
    pub object_id: String,
    /// SHA-256 of the object's canonical JSON before and after the change.
    pub hash_before: Option<String>,
    pub hash_after: Option<String>,
    pub detail: String,
    pub prev_hash: String,
    pub hash: String,
}

/// What goes into the chain, before the chain position is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    pub at: i64,
    pub actor: String,
    pub action: String,
    pub object_kind: String,
    pub object_id: String,
    pub hash_before: Option<String>,
    pub hash_after: Option<String>,
    pub detail: String,
}

impl AuditEvent {
    /// Links the event after `prev` (seq and hash of the chain's last entry, if any).
    pub fn chain(self, prev: Option<(i64, &str)>) -> AuditEntry {
        let (seq, prev_hash) = match prev {
            Some((seq, hash)) => (seq + 1, hash.to_owned()),
            None => (1, GENESIS.to_owned()),
        };
        let mut entry = AuditEntry {
            seq,
            at: self.at,
            actor: self.actor,
            action: self.action,
            object_kind: self.object_kind,
            object_id: self.object_id,
            hash_before: self.hash_before,
            hash_after: self.hash_after,
            detail: self.detail,
            prev_hash,
            hash: String::new(),
        };
        entry.hash = entry.compute_hash();
        entry
    }
}

impl AuditEntry {
    /// SHA-256(prev_hash ‖ canonical bytes), hex. Canonical bytes are each field,
    /// length-prefixed, in a fixed order, so no two different entries share them.
    pub fn compute_hash(&self) -> String {
        let mut h = Sha256::new();
        h.update(self.prev_hash.as_bytes());
        let seq = self.seq.to_string();
        let at = self.at.to_string();
        let fields: [&str; 8] = [
            &seq,
            &at,
            &self.actor,
            &self.action,
            &self.object_kind,
            &self.object_id,
            self.hash_before.as_deref().unwrap_or("-"),
            self.hash_after.as_deref().unwrap_or("-"),
        ];
        for field in fields.into_iter().chain([self.detail.as_str()]) {
            h.update((field.len() as u64).to_be_bytes());
            h.update(field.as_bytes());
        }
        hex::encode(h.finalize())
    }
}

/// Where and why a chain stopped being intact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainBreak {
    /// The first entry that does not check out (or the expected position of a missing one).
    pub seq: i64,
    pub reason: String,
}

/// Walks entries (in stored order) and keeps the state needed to check each link, so a
/// caller can stream a chain of any length through it.
#[derive(Debug, Default)]
pub struct ChainVerifier {
    last: Option<(i64, String)>,
    count: u64,
}

impl ChainVerifier {
    pub fn check(&mut self, entry: &AuditEntry) -> Result<(), ChainBreak> {
        let (expected_seq, expected_prev) = match &self.last {
            Some((seq, hash)) => (seq + 1, hash.as_str()),
            None => (1, GENESIS),
        };
        let fail = |reason: &str| Err(ChainBreak { seq: expected_seq, reason: reason.to_owned() });
        if entry.seq != expected_seq {
            return fail(&format!(
                "expected entry {expected_seq} but found entry {} (deleted or reordered)",
                entry.seq
            ));
        }
        if entry.prev_hash != expected_prev {
            return fail("prev_hash does not match the previous entry's hash");
        }
        if entry.compute_hash() != entry.hash {
            return fail("hash does not match the entry's content (modified)");
        }
        self.last = Some((entry.seq, entry.hash.clone()));
        self.count += 1;
        Ok(())
    }

    /// Checks the end of the chain against the recorded head, which catches deletion of
    /// the last entries.
    pub fn finish(self, head: Option<(i64, &str)>) -> Result<u64, ChainBreak> {
        let last = self.last.as_ref().map(|(s, h)| (*s, h.as_str()));
        if last == head {
            return Ok(self.count);
        }
        let seq = last.map_or(1, |(s, _)| s + 1);
        Err(ChainBreak { seq, reason: "the chain ends before the recorded head (entries deleted at the end)".into() })
    }
}

/// SHA-256 of an object's canonical JSON (object keys sorted), for before/after hashes.
pub fn object_hash<T: serde::Serialize>(object: &T) -> String {
    let canonical = serde_json::to_value(object).map(|v| v.to_string()).unwrap_or_default();
    hex::encode(Sha256::digest(canonical.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(n: u32) -> AuditEvent {
        AuditEvent {
            at: 1_700_000_000 + i64::from(n),
            actor: "editor".into(),
            action: "create".into(),
            object_kind: "record".into(),
            object_id: format!("r{n}"),
            hash_before: None,
            hash_after: Some(format!("{n:064}")),
            detail: "起草".into(),
        }
    }

    fn chain(n: u32) -> Vec<AuditEntry> {
        let mut out: Vec<AuditEntry> = Vec::new();
        for i in 0..n {
            let prev = out.last().map(|e| (e.seq, e.hash.as_str()));
            let entry = event(i).chain(prev);
            out.push(entry);
        }
        out
    }

    fn verify(entries: &[AuditEntry], head: Option<(i64, &str)>) -> Result<u64, ChainBreak> {
        let mut v = ChainVerifier::default();
        for e in entries {
            v.check(e)?;
        }
        v.finish(head)
    }

    #[test]
    fn intact_chain_verifies() {
        let c = chain(5);
        let head = c.last().map(|e| (e.seq, e.hash.as_str()));
        assert_eq!(verify(&c, head).unwrap(), 5);
    }

    #[test]
    fn modification_is_found_at_its_entry() {
        let mut c = chain(5);
        c[2].detail = "改过".into();
        let head = (5, c[4].hash.clone());
        assert_eq!(verify(&c, Some((head.0, &head.1))).unwrap_err().seq, 3);
    }

    #[test]
    fn deletion_and_reordering_are_found() {
        let c = chain(5);
        let head = (5, c[4].hash.clone());
        let mut deleted = c.clone();
        deleted.remove(1);
        assert_eq!(verify(&deleted, Some((head.0, &head.1))).unwrap_err().seq, 2);
        let mut swapped = c.clone();
        swapped.swap(1, 2);
        assert_eq!(verify(&swapped, Some((head.0, &head.1))).unwrap_err().seq, 2);
        let truncated = &c[..4];
        assert_eq!(verify(truncated, Some((head.0, &head.1))).unwrap_err().seq, 5);
    }
}
