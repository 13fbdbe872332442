"""Use cases around "how did you hear about us?": import answers, map phrases to channels.

Answers are matched to channels when imported (``attribution_answers.channel``; NULL =
not mapped). A phrase the user maps (``reelwise answers map PHRASE CHANNEL``) is
remembered in ``channel_synonyms`` and every stored answer is matched again, so the
mapping applies to old and new answers alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from reelwise.analytics.attribution import CHANNELS, Match, SynonymTable, normalise
from reelwise.analytics.store import EventStore
from reelwise.errors import InputError
from reelwise.i18n import Msg
from reelwise.services.tables import RowImport, parse_when, read_table, stable_ids

ANSWER_COLUMNS: Final = {
    "answer_id": ("id", "answer id", "antwoord id"),
    "ts": ("date", "datum", "time", "tijd", "timestamp", "created", "created at", "aangemaakt"),
    "answer_text": (
        "answer",
        "antwoord",
        "text",
        "tekst",
        "how did you hear about us?",
        "how did you hear about us",
        "hoe heeft u ons gevonden?",
        "hoe heb je ons gevonden?",
        "hoe kent u ons?",
        "bron",
        "source",
    ),
    "lang": ("language", "taal"),
}
_CHANNEL_ID: Final = re.compile(r"^[a-z][a-z0-9_]{1,31}$")


@dataclass
class ImportSummary(RowImport):
    unmapped: int = 0  # answers no synonym matches

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "unmapped": self.unmapped}


def synonym_table(backend: Any) -> SynonymTable:
    """The built-in synonyms plus the workspace's remembered mappings."""
    rows = backend.table("channel_synonyms").to_pyarrow().to_pylist()
    return SynonymTable(user={r["phrase"]: r["channel"] for r in rows if r["phrase"] and r["channel"]})


def answer_matches(answers: Iterable[Mapping[str, Any]], table: SynonymTable) -> list[tuple[Mapping[str, Any], Match]]:
    return [(a, table.match(a.get("answer_text") or "")) for a in answers]


def import_answers(store: EventStore, path: Path) -> ImportSummary:
    """Import a CSV of answers (columns: date, answer; optional id, language)."""
    import pyarrow as pa

    table = read_table(path, ANSWER_COLUMNS, ("answer_text",))
    summary = ImportSummary(str(path), rows_read=len(table.rows))
    synonyms = synonym_table(store.ibis())
    records: list[dict[str, Any]] = []
    for line, cells in table.rows:
        text = table.cell(cells, "answer_text")
        if not text:
            table.bad(line, "answer", Msg("the answer is empty"))
            continue
        when = None
        raw_ts = table.cell(cells, "ts")
        if raw_ts:
            try:
                when = parse_when(raw_ts)
            except ValueError:
                table.bad(line, "date", Msg("'{value}' is not a date", value=raw_ts[:40]))
                continue
        match = synonyms.match(text)
        records.append(
            {
                "answer_id": table.cell(cells, "answer_id") or None,
                "ts": when,
                "answer_text": text,
                "channel": match.channels[0] if match.channels else None,
                "lang": table.cell(cells, "lang") or None,
            }
        )
    keys = [f"{r['ts']}|{r['answer_text']}" for r in records]
    for record, generated in zip(records, stable_ids(keys, "a-"), strict=True):
        record["answer_id"] = record["answer_id"] or generated
        if record["channel"] is None:
            summary.unmapped += 1
    summary.issues = table.issues
    if records:
        schema = pa.schema(
            [
                ("answer_id", pa.string()),
                ("ts", pa.timestamp("us")),
                ("answer_text", pa.string()),
                ("channel", pa.string()),
                ("lang", pa.string()),
            ]
        )
        result = store.load_arrow("attribution_answers", pa.Table.from_pylist(records, schema=schema), ["answer_id"])
        summary.rows_new, summary.rows_updated = result.new, result.updated
    return summary


def map_phrase(store: EventStore, phrase: str, channel: str) -> int:
    """Remember ``phrase`` → ``channel`` and match the stored answers again; returns answers now mapped."""
    import pyarrow as pa

    key = normalise(phrase)
    if not key:
        raise InputError(Msg("the phrase {phrase} has no letters or digits", phrase=phrase))
    channel = channel.strip().lower()
    if not _CHANNEL_ID.match(channel):
        raise InputError(
            Msg(
                "{channel} is not a channel name: use lower-case letters, digits and _ (known: {known})",
                channel=channel,
                known=", ".join(CHANNELS),
            )
        )
    store.load_arrow("channel_synonyms", pa.table({"phrase": [key], "channel": [channel]}), ["phrase"])
    return remap_answers(store)


def remap_answers(store: EventStore) -> int:
    """Match every stored answer again with the current synonyms; returns answers mapped."""
    import pyarrow as pa

    backend = store.ibis()
    synonyms = synonym_table(backend)
    rows = backend.table("attribution_answers").select("answer_id", "answer_text", "channel").to_pyarrow().to_pylist()
    changed = []
    mapped = 0
    for r in rows:
        match = synonyms.match(r["answer_text"] or "")
        channel = match.channels[0] if match.channels else None
        mapped += channel is not None
        if channel != r["channel"]:
            changed.append({"answer_id": r["answer_id"], "channel": channel})
    if changed:
        schema = pa.schema([("answer_id", pa.string()), ("channel", pa.string())])
        store.load_arrow("attribution_answers", pa.Table.from_pylist(changed, schema=schema), ["answer_id"])
    return mapped


def unmapped_answers(store: EventStore) -> list[tuple[str, int]]:
    """Answers no synonym matches, most frequent first."""
    backend = store.ibis()
    synonyms = synonym_table(backend)
    counts: dict[str, int] = {}
    for r in backend.table("attribution_answers").select("answer_text").to_pyarrow().to_pylist():
        text = r["answer_text"] or ""
        if not synonyms.match(text).channels:
            counts[text] = counts.get(text, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
