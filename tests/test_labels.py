"""Product labels: every label of the demo catalogue scans back (zbar) to its product's code, from the
A4 sheet PDF itself and from single PNG labels; in-store EAN-13 codes for products without a GS1 code."""

from __future__ import annotations

import io
import shutil
import struct
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, PdfParser
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from showroom_pos.app.cli import main
from showroom_pos.core.barcode import has_valid_check_digit, with_check_digit
from showroom_pos.core.errors import ApprovalRequired, NotFound, ValidationError
from showroom_pos.hardware import labels
from showroom_pos.services import demo, printing, settings, setup
from showroom_pos.services.context import Actor
from showroom_pos.services.till import product_lookup
from showroom_pos.storage.models import Product, ProductBarcode

from .conftest import Outlet
from .test_receipt_decoder import zbar


@pytest.fixture
def demo_catalogue(sessions: sessionmaker[Session]) -> Actor:
    with sessions.begin() as s:
        _shop, till, admin = setup.set_up_outlet(s, outlet_code="CL01", outlet_name="Điểm OCOP Mỹ Tho",
                                                 admin_name="Quản trị", admin_pin="3579")
        demo.seed_catalogue(s)
        return Actor(admin.id, till.id, "admin")


def pdf_pages(path: Path, tmp_path: Path) -> list[Image.Image]:
    """The pages of a label PDF as images: rendered by Ghostscript when it is installed, otherwise each
    page's CCITT G4 image stream decoded by libtiff (wrapped in a TIFF header written here)."""
    if shutil.which("gs"):
        subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=pnggray", "-r300",
                        f"-sOutputFile={tmp_path}/page-%03d.png", str(path)], check=True, capture_output=True)
        return [Image.open(p) for p in sorted(tmp_path.glob("page-*.png"))]
    parser = PdfParser.PdfParser(str(path))
    pages: list[Image.Image] = []
    for ref in parser.pages:
        page = parser.read_indirect(ref)
        [image_ref] = page[b"Resources"][b"XObject"].values()  # each page is one image
        image = parser.read_indirect(image_ref)
        width, height, data = image.dictionary[b"Width"], image.dictionary[b"Height"], image.buf
        assert PdfParser.PdfName(b"CCITTFaxDecode") in (image.dictionary[b"Filter"], *image.dictionary[b"Filter"])
        tags = [(256, 4, width), (257, 4, height), (258, 3, 1), (259, 3, 4), (262, 3, 1),
                (273, 4, 8 + 2 + 12 * 9 + 4), (277, 3, 1), (278, 4, height), (279, 4, len(data))]
        tiff = b"II*\x00" + struct.pack("<IH", 8, len(tags))
        for tag, kind, value in tags:
            tiff += struct.pack("<HHI", tag, kind, 1) + (struct.pack("<HH", value, 0) if kind == 3
                                                         else struct.pack("<I", value))
        pages.append(Image.open(io.BytesIO(tiff + struct.pack("<I", 0) + data)))
    return pages


def scanned(images: list[Image.Image], tmp_path: Path) -> list[str]:
    found: list[str] = []
    for i, image in enumerate(images):
        found += [line.split(":", 1)[1] for line in zbar(image, tmp_path, f"scan-{i}.png")]
    return found


def test_every_demo_label_on_the_a4_sheet_scans_back(sessions: sessionmaker[Session], demo_catalogue: Actor,
                                                      tmp_path: Path) -> None:
    out = tmp_path / "labels.pdf"
    with sessions() as s:
        written = printing.write_labels(s, out)
        products = list(s.scalars(select(Product).where(Product.active)))
        expected = sorted(printing.scannable_code([b.code for b in p.barcodes]) or p.sku for p in products)
        layout = printing.sheet_layout(s)
    assert written == [out]
    assert len(products) == 64
    pages = pdf_pages(out, tmp_path)
    assert len(pages) == -(-64 // layout.per_page)
    assert pages[0].size == (2480, 3508)  # A4 at 300 dpi
    assert sorted(scanned(pages, tmp_path)) == expected
    # GS1 codes where the product has one, the SKU as Code 128 for goods weighed at the scale.
    by_sku = {p.sku: printing.scannable_code([b.code for b in p.barcodes]) or p.sku for p in products}
    assert by_sku["TRV-TMC-100"] == "8930080001371"
    assert by_sku["TCT-SRD-1K"] == "TCT-SRD-1K"


def test_the_sheet_follows_the_grid_settings(sessions: sessionmaker[Session], demo_catalogue: Actor,
                                             tmp_path: Path) -> None:
    with sessions.begin() as s:
        settings.set(s, "labels.sheet_grid", "4x10")
        settings.set(s, "labels.sheet_margins_mm", "10, 5")
        settings.set(s, "labels.sheet_gap_mm", "2,1")
        with pytest.raises(ValidationError):
            settings.set(s, "labels.sheet_grid", "four by ten")
    with sessions() as s:
        layout = printing.sheet_layout(s)
        items = printing.label_items(s, ["TRV-TMC-100", "HD-MAMTOM", "KD-GIOLAC", "LV-QUYT"])
    assert (layout.columns, layout.rows, layout.per_page) == (4, 10, 40)
    assert layout.label_width == pytest.approx((210 - 10 - 6) / 4)
    assert layout.label_height == pytest.approx((297 - 20 - 9) / 10)
    pages = labels.sheet_pages(items, layout)
    assert len(pages) == 1
    assert sorted(scanned(pages, tmp_path)) == sorted(i.code for i in items)


def test_single_labels_as_png_and_pdf(sessions: sessionmaker[Session], demo_catalogue: Actor,
                                      tmp_path: Path) -> None:
    skus = ["TS-YEN-6H", "KD-KEODUA-SR", "BN-CAINGONG"]
    with sessions() as s:
        pngs = printing.write_labels(s, tmp_path / "label.png", skus)
        one = printing.write_labels(s, tmp_path / "one.png", ["TS-YEN-6H"])
        pdf = printing.write_labels(s, tmp_path / "single.pdf", skus, single=True)
        codes = [i.code for i in printing.label_items(s, skus)]
    assert [p.name for p in pngs] == ["label-TS-YEN-6H.png", "label-KD-KEODUA-SR.png", "label-BN-CAINGONG.png"]
    for path, code in zip(pngs, codes, strict=True):
        image = Image.open(path)
        assert image.size == (400, 240)  # 50 × 30 mm at 8 dots/mm
        assert scanned([image], tmp_path) == [code]
    assert one == [tmp_path / "one.png"]
    pages = pdf_pages(pdf[0], tmp_path)
    assert len(pages) == 3
    assert [scanned([p], tmp_path) for p in pages] == [[c] for c in codes]


def test_a_sheet_pdf_is_made_one_page_at_a_time_and_every_page_scans(tmp_path: Path) -> None:
    """A sheet for every product of a 50,000-product catalogue took the till past 9 GB: Pillow's PDF writer held
    every A4 page (8.7 MB each at 300 dpi) until the end. The pages are now added to the PDF as they are drawn and
    let go: when one is drawn, only the one before it may still be held; every page's barcodes scan back."""
    import gc
    import weakref

    items = [labels.LabelItem(with_check_digit(f"89300800{i:04d}"), f"Trà mãng cầu xiêm {i}", 65_000, 4, "hộp")
             for i in range(60)]  # 24 a page: three pages
    layout = labels.SheetLayout()
    drawn: list[weakref.ref[Image.Image]] = []
    real = labels._sheet_pages

    def watched(*args: Any) -> Iterator[Image.Image]:
        for page in real(*args):
            gc.collect()
            assert all(earlier() is None for earlier in drawn[:-1])  # but the last one, the pages before it are gone
            drawn.append(weakref.ref(page))
            yield page

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(labels, "_sheet_pages", watched)
        out = labels.write_sheet_pdf(items, tmp_path / "sheet.pdf", layout)
    pages = pdf_pages(out, tmp_path)
    assert len(drawn) == len(pages) == 3
    assert sorted(scanned(pages, tmp_path)) == sorted(i.code for i in items)


def test_a_batch_of_labels_tells_how_far_it_has_got_and_stops_leaving_no_file(
        sessions: sessionmaker[Session], demo_catalogue: Actor, tmp_path: Path) -> None:
    """Labels for every product of a 50,000-product catalogue take minutes: the screen asks first from the count,
    shows how far the batch has got (a sheet's page at a time, or every 24 single labels) and stops it at the next
    report, before any file is written (a sheet, single labels as PDF, or as PNG files)."""
    with sessions() as s:
        total = printing.label_count(s)
        assert total == s.scalar(select(func.count()).select_from(Product).where(Product.active))
        assert total > 24  # more than a page
        assert printing.label_count(s, ["TS-YEN-6H", "KD-KEODUA-SR"]) == 2
        per_page = printing.sheet_layout(s).per_page
        out = tmp_path / "labels"
        out.mkdir()
        for name, single in (("sheet.pdf", False), ("single.pdf", True), ("label.png", False)):
            told: list[tuple[int, int]] = []

            def stop_at_once(done: int, of: int, told: list[tuple[int, int]] = told) -> None:
                told.append((done, of))
                raise printing.LabelsStopped()

            with pytest.raises(printing.LabelsStopped):
                printing.write_labels(s, out / name, single=single, progress=stop_at_once)
            assert told == [(labels.PROGRESS_EVERY if name.endswith(".png") or single else per_page, total)]
            assert list(out.iterdir()) == []  # nothing written, not even the first page
        told = []
        written = printing.write_labels(s, out / "sheet.pdf", progress=lambda done, of: told.append((done, of)))
    pages = -(-total // per_page)
    assert told == [(min((page + 1) * per_page, total), total) for page in range(pages)]
    assert len(pdf_pages(written[0], tmp_path)) == pages


def test_label_items_are_read_in_one_statement_as_the_products_screen_lists_them(
        sessions: sessionmaker[Session], demo_catalogue: Actor) -> None:
    """Labels for every product loaded each product and then each one's barcodes: ~9 s at 50,000 products before the
    first label was drawn, with Python's collector holding the screen's thread up to 0.4 s at a time. They are read
    as rows in one statement now, and are what they were: every active product in Vietnamese order, then SKU, each
    with its first scannable code (else its SKU), the unit in kg for goods sold by weight."""
    from showroom_pos.core.text import vietnamese_sort_key

    with sessions.begin() as s:  # a second product of the same name, to see the SKU order among equal names
        first = s.scalars(select(Product).where(Product.active).order_by(Product.sku)).first()
        assert first is not None
        twin = Product(sku="AA-" + first.sku, name=first.name, unit=first.unit, price=first.price)
        s.add(twin)
        s.flush()
        s.add(ProductBarcode(product_id=twin.id, code="2000000"))  # a scale item code: not a label
        s.add(ProductBarcode(product_id=twin.id, code=with_check_digit("200000000123")))
    with sessions() as s:
        products = sorted(s.scalars(select(Product).where(Product.active).order_by(Product.sku)),
                          key=lambda p: vietnamese_sort_key(p.name))
        expected = [(printing.scannable_code([b.code for b in p.barcodes]) or p.sku, p.name, p.price, p.stars,
                     "kg" if p.sold_by_weight else p.unit, p.sku) for p in products]
    statements: list[str] = []
    with sessions() as s, _counted(s, statements):  # a new session: no product or barcode loaded yet
        items = printing.label_items(s)
        named = printing.label_items(s, [products[2].sku, products[0].sku, products[2].sku])
    assert len([st for st in statements if st.startswith("SELECT")]) == 2  # one each
    assert [(i.code, i.name, i.price, i.stars, i.unit, i.sku) for i in items] == expected
    assert any(i.sku == "AA-" + first.sku and i.code == with_check_digit("200000000123") for i in items)
    assert [i.sku for i in named] == [products[2].sku, products[0].sku, products[2].sku]


@contextmanager
def _counted(session: Session, statements: list[str]) -> Iterator[None]:
    from sqlalchemy import event

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield
    finally:
        event.remove(engine, "before_cursor_execute", count)


def test_labels_refuse_unknown_skus_and_impossible_sizes(sessions: sessionmaker[Session], demo_catalogue: Actor,
                                                         tmp_path: Path) -> None:
    with sessions() as s, pytest.raises(NotFound):
        printing.write_labels(s, tmp_path / "x.pdf", ["NO-SUCH-SKU"])
    item = labels.LabelItem("8930080001371", "Trà mãng cầu xiêm", 65_000, 4, "hộp")
    with pytest.raises(labels.LabelError):
        labels.render_label(item, 20, 30, 203.2)  # an EAN-13 needs more than 20 mm
    with pytest.raises(labels.LabelError):
        labels.render_label(item, 50, 12, 203.2)
    with pytest.raises(labels.LabelError):
        labels.render_label(labels.LabelItem("8930080001372", "x", 1), 50, 30, 203.2)  # wrong check digit
    with pytest.raises(ValueError):
        labels.SheetLayout(columns=12)
    assert labels.parse_size("62x29") == (62.0, 29.0)


def test_in_store_codes_for_products_without_a_gs1_code(sessions: sessionmaker[Session], outlet: Outlet,
                                                        tmp_path: Path) -> None:
    from showroom_pos.services.catalogue import product_fields, products

    with sessions.begin() as s:
        for i, name in enumerate(("Giỏ lục bình đan tay", "Nón lá Gò Công", "Chiếu cói Định Yên")):
            products.add_product(s, product_fields.ProductInput(sku=f"TC-{i}", name=name, price=90_000, stars=3,
                                                                ocop_group="handicraft"))
        s.add(ProductBarcode(product_id=outlet.tra, code="2900000000049"))  # an older in-store code
    with sessions.begin() as s, pytest.raises(ApprovalRequired):
        printing.assign_instore_codes(s, outlet.cashier)
    with sessions.begin() as s:
        assigned = printing.assign_instore_codes(s, outlet.cashier, approved_by=outlet.manager_id)
    assert list(assigned) == ["TC-0", "TC-1", "TC-2"]  # not the weighed durian, not products with codes
    codes = list(assigned.values())
    assert codes == ["2900000000056", "2900000000063", "2900000000070"]
    assert all(len(c) == 13 and c.startswith("2") and has_valid_check_digit(c) for c in codes)
    with sessions.begin() as s:
        assert printing.assign_instore_codes(s, outlet.manager) == {}  # nothing left without a code
        index = product_lookup.ProductIndex.load(s)
        ctx = product_lookup.load_scan_context(s)
        for sku, code in assigned.items():
            assert product_lookup.line_for_scan(index, code, ctx).sku == sku  # the till sells them by these codes
        items = printing.label_items(s, list(assigned))
    assert scanned(labels.single_labels(items, (50, 30)), tmp_path) == codes


def test_in_store_codes_read_the_catalogue_in_one_statement(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    """Giving in-store codes reads the products and their codes as rows in one statement, however many products there
    are: it loaded each product and then its barcodes one by one (50,000 products: ~8 s with the printer screen
    frozen, when none needed a code), and read every code in use again for each code it gave."""
    from sqlalchemy import event

    from showroom_pos.services.catalogue import product_fields, products

    def statements_when(count: int) -> int:
        with sessions.begin() as s:
            for i in range(count):
                products.add_product(s, product_fields.ProductInput(
                    sku=f"NL-{count}-{i}", name=f"Nón lá {i}", price=50_000,
                    barcodes=(with_check_digit(f"89380{count:03d}{i:04d}"),)))
        seen: list[str] = []

        def count_statement(*args: object) -> None:
            seen.append(str(args[2]))

        with sessions.begin() as s:
            engine = s.get_bind()
            event.listen(engine, "before_cursor_execute", count_statement)
            try:
                assert printing.assign_instore_codes(s, outlet.manager) == {"TC-A": "2900000000018",
                                                                            "TC-B": "2900000000025"}
            finally:
                event.remove(engine, "before_cursor_execute", count_statement)
        return sum("product_barcode" in sql and "SELECT" in sql for sql in seen)

    with sessions.begin() as s:
        for sku in ("TC-A", "TC-B"):
            products.add_product(s, product_fields.ProductInput(sku=sku, name=f"Giỏ {sku}", price=90_000))
    few = statements_when(3)
    with sessions.begin() as s:  # the two given codes lose them again, to be given again
        s.execute(delete(ProductBarcode).where(ProductBarcode.code.startswith("29")))
    assert statements_when(40) == few


def test_in_store_codes_skip_scale_item_prefixes(sessions: sessionmaker[Session], outlet: Outlet) -> None:
    with sessions.begin() as s:
        s.add(ProductBarcode(product_id=outlet.tra, code="2900000"))  # a scale item code 29 00000
        code = printing.next_instore_ean13(s)
    assert not code.startswith("2900000")
    assert has_valid_check_digit(code)


def test_cli_writes_labels_for_all_or_named_products(sessions: sessionmaker[Session], demo_catalogue: Actor,
                                                     db_path: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "all.pdf"
    assert main(["labels", "--db", str(db_path), "--out", str(out)]) == 0
    assert "64 labels." in capsys.readouterr().out
    assert len(PdfParser.PdfParser(str(out)).pages) == 3
    named = tmp_path / "two.pdf"
    assert main(["labels", "--db", str(db_path), "--out", str(named), "--sku", "HD-MAMTOM", "TS-YEN-1H"]) == 0
    (tmp_path / "named").mkdir()
    assert sorted(scanned(pdf_pages(named, tmp_path / "named"), tmp_path)) == ["8930080017815", "8930080071244"]
    assert main(["labels", "--db", str(db_path), "--out", str(named), "--sku", "NOPE"]) == 2
