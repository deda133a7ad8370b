"""Helpers shared by the data-safety tests: ringing up sales as the till does, comparing databases."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.core.cart import CartLine
from showroom_pos.services import check
from showroom_pos.services.catalogue import vat_rates
from showroom_pos.services.context import Actor
from showroom_pos.services.stock import movements
from showroom_pos.services.till import sale_writer
from showroom_pos.storage.models import Product, Sale


def cart(session: Session, product_ids: list[int], qty: int = 1) -> list[CartLine]:
    vat = vat_rates.vat_table(session)
    lines = []
    for pid in product_ids:
        product = session.get(Product, pid)
        assert product is not None
        lines.append(sale_writer.line_for(product, 500 if product.sold_by_weight else qty, vat))
    return lines


def sell(sessions: sessionmaker[Session], actor: Actor, product_ids: list[int], count: int = 1) -> list[str]:
    """``count`` sales, each committed on its own; returns their receipt numbers."""
    receipts = []
    for _ in range(count):
        with sessions.begin() as session:
            lines = cart(session, product_ids)
            total = sum(ln.gross for ln in lines)
            receipts.append(sale_writer.complete_sale(session, actor, lines,
                                                      [sale_writer.PaymentIn("cash", total)]).receipt_no)
    return receipts


def stock_up(sessions: sessionmaker[Session], product_ids: list[int], qty: int = 10_000) -> None:
    with sessions.begin() as session:
        movements.post_movements(session, [(pid, qty) for pid in product_ids], kind="receipt", reason="test")


def dump(path: Path) -> str:
    """The whole database as SQL text: equal dumps mean equal schema and data."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


def count_sales(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM sale").fetchone()[0])
    finally:
        conn.close()


def findings(path: Path) -> list[check.Finding]:
    """``showroom-pos check``'s rules on any file, without converting it (no WAL pragma, no migration)."""
    engine = create_engine(f"sqlite:///{path}")
    try:
        with Session(engine) as session:
            return check.check_database(session)
    finally:
        engine.dispose()


def sale_count(sessions: sessionmaker[Session]) -> int:
    with sessions() as session:
        return int(session.scalar(select(func.count()).select_from(Sale)) or 0)


@contextmanager
def small_disk(folder: Path, size: str = "8m") -> Iterator[Path]:
    """A real, separate file system of ``size`` mounted on ``folder`` (tmpfs; needs root, else the test is
    skipped): it can be filled up for real, and remounted read-only."""
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                             capture_output=True, check=False)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small file system here (needs root)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)


def fill_up(folder: Path, keep: int = 0) -> Path:
    """Fill the file system holding ``folder`` (leaving about ``keep`` bytes): a real full disk."""
    filler = folder / "filler.bin"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        chunk = b"\0" * 65536
        while True:
            free = shutil.disk_usage(folder).free
            if free <= keep:
                break
            try:
                os.write(fd, chunk[: max(1, min(len(chunk), free - keep))])
            except OSError:
                break
    finally:
        os.close(fd)
    return filler


def remount_read_only(folder: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True, capture_output=True)


def damage_an_index(path: Path, table: str = "product") -> None:
    """Damage only an index, as a failing disk can: two of ``table``'s indexes swap their pages. Every row
    is still there and ``PRAGMA quick_check`` passes; ``PRAGMA integrity_check`` finds rows missing from them."""
    conn = sqlite3.connect(path)
    try:
        found = conn.execute("SELECT name, rootpage FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
                             "AND sql IS NOT NULL ORDER BY name", (table,)).fetchall()
        (first, first_page), (second, second_page) = found[:2]
        conn.execute("PRAGMA writable_schema = ON")
        conn.execute("UPDATE sqlite_master SET rootpage = ? WHERE name = ?", (second_page, first))
        conn.execute("UPDATE sqlite_master SET rootpage = ? WHERE name = ?", (first_page, second))
        conn.commit()
        conn.execute("PRAGMA writable_schema = OFF")
    finally:
        conn.close()
