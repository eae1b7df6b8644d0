"""Tables to Excel (.xlsx, openpyxl) and CSV. Rows are already masked for the caller's
role: a column no row carries is left out, so masked figures never reach a file."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def columns_of(rows: Sequence[Mapping[str, Any]], preferred: Sequence[str]) -> list[str]:
    present = {k for row in rows for k in row}
    return [c for c in preferred if c in present] + sorted(present - set(preferred))


def _cell(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def to_xlsx(title: str, rows: Sequence[Mapping[str, Any]], preferred: Sequence[str],
            notes: Sequence[str] = ()) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    cols = columns_of(rows, preferred)
    sheet.append(cols)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_cell(row.get(c)) for c in cols])
    for note in notes:
        sheet.append([])
        sheet.append([note])
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_csv(rows: Sequence[Mapping[str, Any]], preferred: Sequence[str]) -> str:
    cols = columns_of(rows, preferred)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=cols, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: _cell(row.get(c)) for c in cols})
    return out.getvalue()
