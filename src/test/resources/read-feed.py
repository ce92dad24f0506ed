# Reads an Atom feed with Debian's python3-feedparser (a feed reader nobody here wrote) and prints what it
# understood as JSON: whether the feed was well-formed (bozo) and each entry's id, title and links.
import json
import sys

import feedparser

feed = feedparser.parse(sys.stdin.buffer.read())
print(json.dumps({
    "bozo": int(feed.bozo),
    "bozo_exception": str(feed.get("bozo_exception", "")),
    "version": feed.version,
    "title": feed.feed.get("title"),
    "entries": [
        {"id": e.get("id"), "title": e.get("title"), "updated": e.get("updated"),
         "links": [{"href": l.get("href"), "type": l.get("type"), "rel": l.get("rel")} for l in e.get("links", [])]}
        for e in feed.entries
    ],
}))
