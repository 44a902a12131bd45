#!/usr/bin/env python3
"""Atom feeds as a feed reader sees them: each organisation's feed, and the feed of its
busiest catalogue item, parsed by feedparser, which must report no error (bozo == 0) and
as many entries as the public API lists records there (at most 50).

    pip install feedparser
    python3 benches/feeds.py [BASE_URL] [ORGS]

BASE_URL is a running server (http://127.0.0.1:8092 by default, as benches/api_schema.sh
starts it); ORGS is how many organisations to check, in the API's order (all by default).
Exits non-zero on the first feed that is wrong.
"""

import collections
import json
import sys
import urllib.request

import feedparser

BASE = sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8092"
LIMIT = int(sys.argv[2]) if len(sys.argv) > 2 else None
FEED_ENTRIES = 50


def get_json(path):
    with urllib.request.urlopen(BASE + path) as response:
        return json.load(response)


def check(path, expected):
    with urllib.request.urlopen(BASE + path) as response:
        kind = response.headers["Content-Type"]
        body = response.read()
    parsed = feedparser.parse(body)
    problems = []
    if kind != "application/atom+xml; charset=utf-8":
        problems.append(f"content type {kind}")
    if parsed.bozo:
        problems.append(f"bozo: {parsed.bozo_exception!r}")
    if parsed.version != "atom10":
        problems.append(f"version {parsed.version!r}")
    if len(parsed.entries) != expected:
        problems.append(f"{len(parsed.entries)} entries, expected {expected}")
    if any(not e.get("id") or not e.get("link") or not e.get("updated") for e in parsed.entries):
        problems.append("an entry without id, link or updated")
    if problems:
        sys.exit(f"{path}: " + "; ".join(problems))
    return len(parsed.entries)


def main():
    orgs = get_json("/api/v1/orgs")
    if LIMIT is not None:
        orgs = orgs[:LIMIT]
    feeds = entries = 0
    for org in orgs:
        code = org["code"]
        listed = get_json(f"/api/v1/disclosures?org={code}&per_page=100")
        entries += check(f"/feeds/{code}.atom", min(listed["total"], FEED_ENTRIES))
        feeds += 1
        items = collections.Counter(line["catalog_item"] for line in listed["items"])
        if items:
            item = items.most_common(1)[0][0]
            total = get_json(f"/api/v1/disclosures?org={code}&catalog={item}&per_page=1")["total"]
            entries += check(f"/feeds/{code}/{item}.atom", min(total, FEED_ENTRIES))
            feeds += 1
    print(f"{feeds} feeds of {len(orgs)} organisations, {entries} entries: all bozo == 0 with the expected counts")


if __name__ == "__main__":
    main()
