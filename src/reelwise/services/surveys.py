"""Import brand-lift survey responses (exposed vs control) from a CSV file.

One row per answer: ``date``, ``arm`` (exposed / control; Dutch: blootgesteld /
controle), ``question`` (ad_recall, brand_recall, awareness, consideration), ``answer``
(yes / no, ja / nee, 1 / 0, true / false); optional ``id`` and ``campaign``. Rows without
an id get a stable one, so importing the same file twice changes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

from reelwise.analytics.store import EventStore
from reelwise.domain.catalogues import SurveyQuestion
from reelwise.i18n import Msg
from reelwise.services.answers import ImportSummary
from reelwise.services.tables import parse_when, read_table, stable_ids

SURVEY_COLUMNS: Final = {
    "response_id": ("id", "response id", "respons id"),
    "ts": ("date", "datum", "time", "tijd", "timestamp"),
    "arm": ("group", "groep", "cell", "condition", "conditie"),
    "question": ("vraag", "question kind", "type"),
    "positive": ("answer", "antwoord", "response", "respons", "recalled", "herinnerd", "positive"),
    "campaign": ("campagne",),
}
ARMS: Final = {
    "exposed": "exposed",
    "test": "exposed",
    "blootgesteld": "exposed",
    "control": "control",
    "controle": "control",
    "controlegroep": "control",
    "control group": "control",
}
QUESTIONS: Final = {q.value: q.value for q in SurveyQuestion} | {
    "ad recall": "ad_recall",
    "advertentieherinnering": "ad_recall",
    "brand recall": "brand_recall",
    "merkherinnering": "brand_recall",
    "naamsbekendheid": "awareness",
    "bekendheid": "awareness",
    "overweging": "consideration",
}
YES: Final = frozenset({"yes", "ja", "1", "true", "waar", "y", "j"})
NO: Final = frozenset({"no", "nee", "0", "false", "onwaar", "n"})


def import_survey(store: EventStore, path: Path, *, campaign: str | None = None) -> ImportSummary:
    import pyarrow as pa

    table = read_table(path, SURVEY_COLUMNS, ("arm", "question", "positive"))
    summary = ImportSummary(str(path), rows_read=len(table.rows))
    records: list[dict[str, Any]] = []
    for line, cells in table.rows:
        arm = ARMS.get(table.cell(cells, "arm").lower())
        question = QUESTIONS.get(table.cell(cells, "question").lower().replace("-", "_"))
        answer = table.cell(cells, "positive").lower()
        ok = True
        if arm is None:
            table.bad(line, "arm", Msg("'{value}' is not exposed or control", value=table.cell(cells, "arm")[:40]))
            ok = False
        if question is None:
            table.bad(
                line,
                "question",
                Msg(
                    "'{value}' is not a survey question kind (ad_recall, brand_recall, awareness, consideration)",
                    value=table.cell(cells, "question")[:40],
                ),
            )
            ok = False
        if answer not in YES and answer not in NO:
            table.bad(line, "answer", Msg("'{value}' is not yes or no", value=answer[:40]))
            ok = False
        when = None
        if table.cell(cells, "ts"):
            try:
                when = parse_when(table.cell(cells, "ts"))
            except ValueError:
                table.bad(line, "date", Msg("'{value}' is not a date", value=table.cell(cells, "ts")[:40]))
                ok = False
        if ok:
            records.append(
                {
                    "response_id": table.cell(cells, "response_id") or None,
                    "ts": when,
                    "arm": arm,
                    "question": question,
                    "positive": answer in YES,
                    "campaign": table.cell(cells, "campaign") or campaign,
                }
            )
    keys = [f"{r['ts']}|{r['arm']}|{r['question']}|{r['positive']}|{r['campaign']}" for r in records]
    for record, generated in zip(records, stable_ids(keys, "r-"), strict=True):
        record["response_id"] = record["response_id"] or generated
    summary.issues = table.issues
    if records:
        schema = pa.schema(
            [
                ("response_id", pa.string()),
                ("ts", pa.timestamp("us")),
                ("arm", pa.string()),
                ("question", pa.string()),
                ("positive", pa.bool_()),
                ("campaign", pa.string()),
            ]
        )
        result = store.load_arrow("survey_responses", pa.Table.from_pylist(records, schema=schema), ["response_id"])
        summary.rows_new, summary.rows_updated = result.new, result.updated
    return summary
