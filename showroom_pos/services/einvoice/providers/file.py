"""File drop: each invoice's XML written into a folder, one subfolder a day, with the day's summary sheet, for
the provider's own import tool (every licensed provider has one that reads the tax authority's XML). Usable
with any provider today, and with no network at all.

Written whole or not at all (a ``.partial`` name renamed when complete), under a name made from the invoice
(``1C26MAA-00000012.xml``): delivering the same invoice again rewrites the same file with the same bytes, so a
retry can never make a second invoice. "Accepted" here means "in the folder": the provider's tool takes it on.
"""

from __future__ import annotations

import csv
import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from showroom_pos.core.clock import local
from showroom_pos.core.errors import os_reason
from showroom_pos.core.spreadsheet import csv_cell, make_inert

from . import Accepted, DayRow, Retryable, Submission, Waiting

if TYPE_CHECKING:
    from ..issue import Config

LABEL = "File drop (the provider's import tool)"
SUMMARY_HEADER = ("Ký hiệu - Số", "Loại", "Số", "Mã CQT", "Thời điểm", "Người mua", "MST người mua", "Tổng tiền",
                  "Thuế GTGT", "Trạng thái", "Tệp")
KIND_NAMES = {"invoice": "Hóa đơn", "adjustment": "Hóa đơn điều chỉnh", "replacement": "Hóa đơn thay thế",
              "cancellation": "Thông báo 04/SS-HĐĐT"}


def file_name(item: Submission) -> str:
    return f"{item.label}.xml"


def write_whole(path: Path, data: bytes) -> None:
    """``data`` at ``path``, never half: written under a ``.partial`` name, flushed, then renamed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with open(partial, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    os.replace(partial, path)


class FileDrop:
    name = "file"

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def day_folder(self, day: date) -> Path:
        return self.folder / day.isoformat()

    def submit(self, item: Submission) -> Accepted | Waiting:
        target = self.day_folder(item.day) / file_name(item)
        try:
            write_whole(target, item.xml.encode("utf-8"))
        except OSError as exc:  # a missing USB disk, a full one: try again later, the invoice stays pending
            raise Retryable(f"{target}: {os_reason(exc)}") from None
        return Accepted(reference=str(target))

    def summarize(self, day: date, rows: list[DayRow]) -> None:
        """The day's summary sheet, as CSV (UTF-8 with BOM) and XLSX, rewritten whole each time."""
        folder = self.day_folder(day)
        table = [list(SUMMARY_HEADER)] + [
            [r.label, KIND_NAMES.get(r.kind, r.kind), r.number or "", r.code, f"{local(r.issued_at):%d/%m/%Y %H:%M}",
             r.buyer, r.buyer_tax_code, r.total, r.vat, r.status, r.file] for r in rows
        ]
        try:
            import io

            text = io.StringIO()
            writer = csv.writer(text)
            for row in table:
                writer.writerow([csv_cell(v) for v in row])
            write_whole(folder / "tong-hop.csv", ("\ufeff" + text.getvalue()).encode("utf-8"))
            from openpyxl import Workbook

            book = Workbook()
            sheet = book.active
            assert sheet is not None
            sheet.title = f"{day:%d-%m-%Y}"
            for row in table:
                sheet.append(row)
            make_inert(sheet)
            data = io.BytesIO()
            book.save(data)
            write_whole(folder / "tong-hop.xlsx", data.getvalue())
        except OSError as exc:
            raise Retryable(f"{folder}: {os_reason(exc)}") from None

    def close(self) -> None:
        pass


def create(config: Config, folder: Path) -> FileDrop:
    return FileDrop(Path(config.export_folder) if config.export_folder.strip() else folder)
