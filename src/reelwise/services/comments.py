"""Use cases around comments: import them, then report kinds and response times.

Three kinds of file are read, told apart by their contents:

- **YouTube Data API** ``commentThreads`` responses (JSON: one response, a list of responses,
  or a list of threads), as saved from the API or its explorer. The brand's own replies are
  recognised by their author channel being the video's channel.
- **Facebook / Instagram Graph API** comment lists (JSON: ``{"data": [...]}`` with the
  replies under each comment's ``comments.data``).
- **CSV** (comma, semicolon or tab; Dutch or English headers): date, text and optionally id,
  platform, video, author, reply-to and "by owner" columns, as made by export tools or by hand.

A bad row or item is reported with its line or JSON path and skipped; the rest of the file
is imported. Importing the same file again changes nothing (ids are stable).

The brand's own comments are those the file marks as such, and those whose author is one of
the plan's channel handles or a name given with ``--owner``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from reelwise.analytics.comments import Comment, CommentReport, platform_family, response_report, same_account
from reelwise.analytics.store import EventStore
from reelwise.domain.catalogues import Platform
from reelwise.errors import DataImportError, Issue, Location
from reelwise.i18n import Msg
from reelwise.services.tables import RowImport, parse_when, read_file, read_table, stable_ids

if TYPE_CHECKING:
    from reelwise.domain.plan import Plan

COMMENT_COLUMNS: Final = {
    "comment_id": ("id", "comment id", "comment_id", "reactie id", "reactie-id"),
    "platform": ("platform", "network", "netwerk", "kanaal", "channel"),
    "video_key": ("video", "video id", "video_id", "post", "post id", "post_id", "bericht id"),
    "parent_id": ("parent", "parent id", "parent_id", "reply to", "in reply to", "antwoord op", "reactie op"),
    "author": ("author", "auteur", "name", "naam", "user", "gebruiker", "username", "from"),
    "ts": ("date", "datum", "time", "tijd", "timestamp", "created", "created at", "created_time", "published at"),
    "text": ("text", "comment", "message", "bericht", "reactie", "tekst", "opmerking"),
    "by_owner": ("by owner", "by_owner", "owner", "van ons", "is owner", "page reply", "eigen reactie"),
}
_YES: Final = frozenset({"1", "true", "yes", "ja", "y", "j", "x", "waar"})
_NO: Final = frozenset({"", "0", "false", "no", "nee", "n", "onwaar"})


@dataclass
class CommentImport(RowImport):
    format: str = "csv"  # youtube, facebook or csv
    error: Msg | None = None  # the whole file could not be imported (set by callers that go on)

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "format": self.format}


def _platform(value: str | None, where: Location) -> str:
    if not value:
        raise DataImportError(
            Msg("the platform of the comments is not in the file: give it with --platform"),
            [Issue(where, Msg("no platform: give it with --platform"))],
        )
    try:
        return Platform(value.strip().lower()).value
    except ValueError:
        pass
    family = platform_family(value.strip())
    if any(p.value.startswith(family) for p in Platform):
        return family
    known = ", ".join(p.value for p in Platform)
    message = Msg("unknown platform {name} (choose from: {known})", name=value, known=known)
    raise DataImportError(message, [Issue(where, message)])


def import_comments(store: EventStore, path: Path, platform: str | None = None) -> CommentImport:
    """Import one file of comments (YouTube or Facebook/Instagram API JSON, or CSV)."""
    head = read_file(path)[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:1] in (b"{", b"["):
        summary, comments = _from_json(path, platform)
    else:
        summary, comments = _from_csv(path, platform)
    summary.rows_read = len(comments) + len(summary.issues)
    if comments:
        import pyarrow as pa

        schema = pa.schema(
            [
                ("comment_id", pa.string()),
                ("platform", pa.string()),
                ("video_key", pa.string()),
                ("parent_id", pa.string()),
                ("author", pa.string()),
                ("by_owner", pa.bool_()),
                ("ts", pa.timestamp("us")),
                ("text", pa.string()),
                ("source_file", pa.string()),
            ]
        )
        records = [{**c, "source_file": path.name} for c in comments]
        result = store.load_arrow("comments", pa.Table.from_pylist(records, schema=schema), ["comment_id"])
        summary.rows_new, summary.rows_updated = result.new, result.updated
    return summary


def _from_csv(path: Path, platform: str | None) -> tuple[CommentImport, list[dict[str, Any]]]:
    table = read_table(path, COMMENT_COLUMNS, ("ts", "text"))
    summary = CommentImport(str(path), format="csv")
    comments: list[dict[str, Any]] = []
    keys: list[str] = []
    for line, cells in table.rows:
        text = table.cell(cells, "text")
        raw_ts = table.cell(cells, "ts")
        try:
            when = parse_when(raw_ts)
        except ValueError:
            table.bad(line, "date", Msg("'{value}' is not a date", value=raw_ts[:40]))
            continue
        if not text:
            table.bad(line, "text", Msg("the comment is empty"))
            continue
        owner_cell = table.cell(cells, "by_owner").strip().lower()
        if owner_cell not in _YES and owner_cell not in _NO:
            table.bad(line, "by owner", Msg("'{value}' is not yes or no", value=owner_cell[:20]))
            continue
        try:
            where = _platform(table.cell(cells, "platform") or platform, Location(str(path), line, "platform"))
        except DataImportError as exc:
            table.issues.extend(exc.issues)
            continue
        comment_id = table.cell(cells, "comment_id")
        parent = table.cell(cells, "parent_id")
        comments.append(
            {
                "comment_id": f"{where}:{comment_id}" if comment_id else None,
                "platform": where,
                "video_key": table.cell(cells, "video_key") or None,
                "parent_id": f"{where}:{parent}" if parent else None,
                "author": table.cell(cells, "author") or None,
                "by_owner": True if owner_cell in _YES else None,
                "ts": when,
                "text": text,
            }
        )
        keys.append(f"{where}|{when}|{table.cell(cells, 'author')}|{text}")
    for record, generated in zip(comments, stable_ids(keys, "csv-"), strict=True):
        record["comment_id"] = record["comment_id"] or f"{record['platform']}:{generated}"
    summary.issues = table.issues
    return summary, comments


def _load_json(path: Path) -> Any:
    name = str(path)
    raw = read_file(path)
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise DataImportError(
            Msg("{file} is not UTF-8 text", file=name), [Issue(Location(name), Msg("not UTF-8 text"))]
        ) from None
    except json.JSONDecodeError as exc:
        raise DataImportError(
            Msg("{file} is not valid JSON: {reason}", file=name, reason=exc.msg),
            [Issue(Location(name, exc.lineno), Msg("not valid JSON"))],
        ) from None


def _from_json(path: Path, platform: str | None) -> tuple[CommentImport, list[dict[str, Any]]]:
    data = _load_json(path)
    name = str(path)
    responses = data if isinstance(data, list) else [data]
    threads: list[tuple[str, Any]] = []
    facebook: list[tuple[str, Any]] = []
    for r_index, response in enumerate(responses):
        prefix = f"[{r_index}]" if isinstance(data, list) else ""
        if isinstance(response, dict) and isinstance(response.get("items"), list):
            threads += [(f"{prefix}items[{i}]", item) for i, item in enumerate(response["items"])]
        elif isinstance(response, dict) and response.get("kind") == "youtube#commentThread":
            threads.append((prefix or "$", response))
        elif isinstance(response, dict) and isinstance(response.get("data"), list):
            facebook += [(f"{prefix}data[{i}]", item) for i, item in enumerate(response["data"])]
    if threads:
        summary = CommentImport(name, format="youtube")
        return summary, _youtube(name, threads, summary)
    if facebook:
        summary = CommentImport(name, format="facebook")
        return summary, _facebook(name, facebook, summary, platform or Platform.FACEBOOK.value)
    message = Msg(
        "{file} is neither a YouTube commentThreads response nor a Facebook/Instagram comment list", file=name
    )
    raise DataImportError(message, [Issue(Location(name), Msg("unknown JSON layout"))])


def _when(value: Any) -> dt.datetime:
    if not isinstance(value, str):
        raise ValueError("not a date")
    text = value.strip()
    if len(text) >= 5 and text[-5] in "+-" and text[-4:].isdigit():  # Graph API: 2026-03-01T10:00:00+0000
        text = f"{text[:-2]}:{text[-2:]}"
    return parse_when(text)


def _youtube(name: str, threads: Sequence[tuple[str, Any]], summary: CommentImport) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for where, thread in threads:
        try:
            snippet = thread["snippet"]
            owner_channel = snippet.get("channelId")
            top = snippet["topLevelComment"]
            replies = (thread.get("replies") or {}).get("comments") or []
            items = [(f"{where}.snippet.topLevelComment", top)]
            items += [(f"{where}.replies.comments[{i}]", c) for i, c in enumerate(replies)]
        except (KeyError, TypeError, AttributeError):
            summary.issues.append(Issue(Location(name, None, where), Msg("not a YouTube comment thread")))
            continue
        for place, comment in items:
            try:
                s = comment["snippet"]
                text = s.get("textOriginal") or s.get("textDisplay") or ""
                author_channel = (s.get("authorChannelId") or {}).get("value")
                record = {
                    "comment_id": f"youtube:{comment['id']}",
                    "platform": Platform.YOUTUBE.value,
                    "video_key": s.get("videoId") or snippet.get("videoId"),
                    "parent_id": f"youtube:{s['parentId']}" if s.get("parentId") else None,
                    "author": s.get("authorDisplayName"),
                    "by_owner": True if owner_channel and author_channel == owner_channel else None,
                    "ts": _when(s.get("publishedAt")),
                    "text": str(text),
                }
            except (KeyError, TypeError, AttributeError, ValueError):
                summary.issues.append(Issue(Location(name, None, place), Msg("not a YouTube comment")))
                continue
            out.append(record)
    return out


def _facebook(
    name: str, items: Sequence[tuple[str, Any]], summary: CommentImport, platform: str
) -> list[dict[str, Any]]:
    family = _platform(platform, Location(name, None, "--platform"))
    out: list[dict[str, Any]] = []

    def one(place: str, item: Any, parent: str | None) -> None:
        try:
            author = item.get("from") or {}
            record = {
                "comment_id": f"{family}:{item['id']}",
                "platform": family,
                "video_key": None,
                "parent_id": parent,
                "author": author.get("name") or item.get("username"),
                "by_owner": None,
                "ts": _when(item.get("created_time") or item.get("timestamp")),
                "text": str(item.get("message") or item.get("text") or ""),
            }
        except (KeyError, TypeError, AttributeError, ValueError):
            summary.issues.append(Issue(Location(name, None, place), Msg("not a comment (id, message, created_time)")))
            return
        out.append(record)
        replies = (item.get("comments") or item.get("replies") or {}).get("data") or []
        for i, reply in enumerate(replies):
            one(f"{place}.comments.data[{i}]", reply, record["comment_id"])

    for place, item in items:
        one(place, item, None)
    return out


def owner_handles(plan: Plan | None, extra: Iterable[str] = ()) -> list[str]:
    handles = [c.handle for c in plan.channels] if plan is not None else []
    return [*handles, *(e for e in extra if e.strip())]


def response_targets(plan: Plan | None) -> dict[str, float]:
    """The shortest response-time target per platform family from the plan's channels."""
    targets: dict[str, float] = {}
    for channel in plan.channels if plan is not None else []:
        if channel.response_time_hours is not None:
            family = platform_family(channel.platform.value)
            targets[family] = min(targets.get(family, channel.response_time_hours), channel.response_time_hours)
    return targets


def stored_comments(store: EventStore, owners: Sequence[str] = ()) -> list[Comment]:
    rows = store.ibis().table("comments").to_pyarrow().to_pylist()
    return [
        Comment(
            comment_id=r["comment_id"],
            platform=r["platform"],
            ts=r["ts"],
            text=r["text"] or "",
            author=r["author"] or "",
            parent_id=r["parent_id"],
            by_owner=bool(r["by_owner"]) or same_account(r["author"] or "", owners),
            video_key=r["video_key"],
        )
        for r in rows
    ]


def comment_report(
    store: EventStore,
    plan: Plan | None = None,
    owners: Sequence[str] = (),
    as_of: dt.datetime | None = None,
    targets: Mapping[str, float] | None = None,
) -> CommentReport:
    """Kinds and response times of the stored comments, against the plan's targets."""
    handles = owner_handles(plan, owners)
    return response_report(stored_comments(store, handles), targets or response_targets(plan), as_of)
