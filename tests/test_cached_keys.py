"""The store's keys stay what they were when they are worked out faster (a key that changed would make a
store's every entry unreachable)."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

from briefer.cached import extract_key
from briefer.gather import document_to_json
from briefer.models import RawDocument


def test_an_extraction_key_is_the_documents_json_as_gather_writes_it() -> None:
    docs = [
        RawDocument("Desk", "file:///desk/a.txt", "Body text, \u00e9t\u00e9.", "text"),
        RawDocument(
            "Wire (feed)",
            "https://example.org/a",
            "<p>Teaser</p>",
            "html",
            title="A headline",
            published=datetime(2026, 4, 7, 9, 30, tzinfo=UTC),
            published_from="feed",
            in_window_always=True,
            fallback_body="Teaser",
        ),
    ]
    for doc in docs:
        payload = json.dumps([4000, document_to_json(doc)], sort_keys=True, ensure_ascii=False)
        assert extract_key(doc, 4000) == hashlib.sha256(payload.encode("utf-8")).hexdigest()
