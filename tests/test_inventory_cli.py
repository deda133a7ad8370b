"""``showroom-pos import products`` and ``showroom-pos export products|stock``."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.app import cli
from showroom_pos.storage.models import Product

from .conftest import Outlet

SAMPLE = Path(__file__).resolve().parents[1] / "showroom_pos" / "resources" / "sample_ocop_products.csv"


def products(sessions: sessionmaker[Session]) -> int:
    with sessions() as s:
        return s.scalar(select(func.count()).select_from(Product)) or 0


def test_import_dry_run_then_for_real(sessions: sessionmaker[Session], outlet: Outlet, db_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["import", "products", str(SAMPLE), "--dry-run", "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert "Line 4: new TRV-TMC-100 Trà mãng cầu xiêm túi lọc 100 g  + new producer Công ty TNHH Travipha" in out
    assert "16 rows: 16 new, 0 updated, 0 unchanged, 0 rejected." in out and "Dry run: nothing was saved." in out
    assert products(sessions) == 3
    assert cli.main(["import", "products", str(SAMPLE), "--db", str(db_path)]) == 0
    assert "Imported." in capsys.readouterr().out
    assert products(sessions) == 19
    assert cli.main(["import", "products", str(SAMPLE), "--db", str(db_path), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "16 unchanged" in out and "Line 4" not in out


def test_rejected_rows_exit_non_zero(sessions: sessionmaker[Session], outlet: Outlet, db_path: Path,
                                     tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.csv"
    broken.write_text(SAMPLE.read_text(encoding="utf-8-sig").replace(",4,485/", ",2,485/")
                      .replace("HD-MAMTOM-200,8930080060019,Mắm tôm chà Gò Công 200 g,hũ,55.000",
                               "HD-MAMTOM-200,8930080060019,Mắm tôm chà Gò Công 200 g,hũ,năm lăm nghìn"),
                      encoding="utf-8")
    for extra in ([], ["--dry-run"]):
        assert cli.main(["import", "products", str(broken), "--db", str(db_path), *extra]) == 1
        captured = capsys.readouterr()
        assert "Line 6, column “Hạng sao”: OCOP stars: only 3, 4 or 5 stars are certified (2 given)." in captured.err
        assert "Line 15, column “Giá bán”: Price: năm lăm nghìn is not an amount in đồng." in captured.err
        assert "Line 6: rejected TCT-SRD-500" in captured.out
        assert "Nothing was imported" in captured.err
    assert products(sessions) == 3
    assert cli.main(["import", "products", str(tmp_path / "missing.csv"), "--db", str(db_path)]) == 2
    assert "Cannot read" in capsys.readouterr().err


def test_update_names_the_changed_columns(sessions: sessionmaker[Session], outlet: Outlet, db_path: Path,
                                          tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    changed = tmp_path / "changed.csv"
    changed.write_text("Mã hàng,Tên sản phẩm,Giá bán,Mã vạch\nHD-MAMTOM,Mắm tôm chà Gò Công,58.000,8938000000046\n",
                       encoding="utf-8")
    assert cli.main(["import", "products", str(changed), "--db", str(db_path)]) == 0
    assert "Line 2: update HD-MAMTOM Mắm tôm chà Gò Công (Giá bán, Mã vạch)" in capsys.readouterr().out


def test_export_products_and_stock(sessions: sessionmaker[Session], outlet: Outlet, db_path: Path,
                                   tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for what, name in (("products", "catalogue.xlsx"), ("products", "catalogue.csv"), ("stock", "stock.xlsx"),
                       ("stock", "stock.csv")):
        assert cli.main(["export", what, str(tmp_path / name), "--db", str(db_path)]) == 0
        assert (tmp_path / name).stat().st_size > 0
    assert "3 rows written" in capsys.readouterr().out
    assert cli.main(["export", "stock", str(tmp_path / "stock.txt"), "--db", str(db_path)]) == 2
    assert cli.main(["import", "products", str(tmp_path / "catalogue.csv"), "--db", str(db_path)]) == 0
    assert "3 unchanged" in capsys.readouterr().out
