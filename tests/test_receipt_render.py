"""The receipt renderer on its own: bytes captured with ``escpos.printer.Dummy``, decoded independently
(``test_receipt_decoder``): text mode must read back the exact Vietnamese of every line, raster mode
must decode to an image whose barcodes zbar reads."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from showroom_pos.core.money import format_vnd
from showroom_pos.core.receipt import DocumentKind, PaymentLine, ReceiptDocument, ReceiptLine, Row, VatLine
from showroom_pos.core.vietqr import VietQR
from showroom_pos.hardware import receipt_render as rr
from showroom_pos.hardware.receipt_render import RenderOptions

from .test_receipt_decoder import decode, zbar

VIETQR = VietQR("970436", "0011004123456", amount=180_000, bill_number="CL01-260128-0042").payload()

DOC = ReceiptDocument(
    kind=DocumentKind.SALE,
    outlet_name="Điểm giới thiệu và bán sản phẩm OCOP Mỹ Tho",
    number="CL01-260128-0042",
    issued_at=datetime(2026, 1, 28, 7, 5, tzinfo=UTC),
    outlet_address="92 Ấp Bắc, phường Mỹ Tho, tỉnh Đồng Tháp",
    tax_code="0312345678",
    phone="0273 3 872 468",
    cashier="Trần Văn Minh",
    lines=(
        ReceiptLine("Mắm tôm chà Gò Công hũ 200 g", 2, "hũ", 55_000, 110_000, 0, 4, False, 800),
        ReceiptLine("Sầu riêng Ri6 đông lạnh nguyên trái", 750, "kg", 165_000, 123_750, 3_750, 4, True, 800),
        ReceiptLine("ĐẶC SẢN ỔI XÁ LỊ CHỢ GẠO", 1, "kg", 10_000, 10_000, 0, None, False, 500),
    ),
    subtotal=243_750,
    discount=3_750,
    total=240_000,
    vat=(VatLine(800, 230_000, 17_037), VatLine(500, 10_000, 476)),
    payments=(PaymentLine("transfer", 40_000, 40_000, "CL01-260128-0042"), PaymentLine("cash", 200_000, 300_000)),
    change_due=100_000,
    footer="Cảm ơn quý khách! Hẹn gặp lại.",
    code="CL01-260128-0042",
    vietqr=VIETQR,
    vietqr_amount=180_000,
)
WORDS = ("Điểm giới thiệu và bán sản phẩm OCOP Mỹ Tho", "92 Ấp Bắc, phường Mỹ Tho, tỉnh Đồng Tháp", "Trần Văn Minh",
         "Mắm tôm chà Gò Công hũ 200 g", "Sầu riêng Ri6 đông lạnh nguyên trái", "ĐẶC SẢN ỔI XÁ LỊ CHỢ GẠO",
         "PHIẾU THANH TOÁN", "TỔNG CỘNG", "Tiền thừa trả khách", "Cảm ơn quý khách! Hẹn gặp lại.",
         "Ngày: 28/01/2026 14:05", "Chuyển khoản", "Tiền mặt")


def joined(lines: list[str]) -> str:
    return " ".join(" ".join(lines).split())


@pytest.mark.parametrize(("profile", "codepage", "pages"), [
    ("default", "auto", {30, 31}),        # TCVN-3: lower case in table 30, capitals in 31
    ("default", "cp1258", {52}),          # CP1258 with the tone marks decomposed
    ("TM-T88V", "tcvn3", {30, 31}),
    ("NT-5890K", "auto", {27}),           # a 58 mm printer whose profile has CP1258 only (slots 27 and 94)
])
@pytest.mark.parametrize("paper", [58, 80])
def test_text_mode_reads_back_the_exact_vietnamese_of_every_line(profile: str, codepage: str, pages: set[int],
                                                                  paper: int) -> None:
    options = RenderOptions(paper_mm=paper, mode="text", profile=profile, codepage=codepage)
    printer = rr.dummy_printer(options)
    rr.write_document(printer, DOC, options)
    decoded = decode(printer.output, profile)

    expected = rr.text_lines(DOC, options)
    assert decoded.lines == expected
    assert all(unicodedata.is_normalized("NFC", line) for line in decoded.lines)
    assert set(decoded.code_pages) == pages
    assert max(len(line) for line in decoded.lines) <= rr.text_columns(options)
    text = joined(decoded.lines)
    for words in WORDS:
        assert words in text
    assert "TỔNG CỘNG" in text and format_vnd(240_000).replace("₫", "đ") in text
    assert "?" not in text


def test_cp1258_prints_tone_marks_as_combining_characters() -> None:
    options = RenderOptions(mode="text", codepage="cp1258")
    data = rr.document_bytes(DOC, options)
    combining = {0xCC, 0xEC, 0xD2, 0xDE, 0xF2}  # grave, acute, hook above, tilde, dot below in CP1258
    assert combining & set(data)
    # "ắ" of "Mắm" goes out as "ă" (0xE3) + acute (0xEC), "Ộ" of "CỘNG" as "Ô" (0xD4) + dot below (0xF2).
    assert b"M\xe3\xecm" in data
    assert b"C\xd4\xf2NG" in data
    assert decode(data).lines == rr.text_lines(DOC, options)


def test_a_profile_without_vietnamese_code_pages_prints_plain_letters() -> None:
    options = RenderOptions(mode="text", profile="simple")
    data = rr.document_bytes(DOC, options)
    decoded = decode(data, "simple")
    assert set(decoded.code_pages) == {0}
    assert all(line.isascii() for line in decoded.lines)
    assert "Diem gioi thieu va ban san pham OCOP My Tho" in joined(decoded.lines)
    assert rr.code_page_plan(options).family == "ascii"


def test_text_mode_sends_the_receipt_number_and_vietqr_as_printer_codes() -> None:
    options = RenderOptions(mode="text", paper_mm=80)
    decoded = decode(rr.document_bytes(DOC, options))
    assert decoded.barcodes == [(73, b"{BCL01-260128-0042")]  # GS k, Code 128, code set B
    assert decoded.qr_codes == [VIETQR.encode()]


@pytest.mark.parametrize(("paper", "profile", "width", "number_symbol"), [
    (80, "default", 576, "CODE-128"),
    (58, "default", 384, "QR-Code"),   # Code 128 does not fit 384 dots with its quiet zones
    (80, "TM-T88V", 512, "CODE-128"),  # the profile knows this printer is 512 dots wide
])
def test_raster_mode_decodes_to_an_image_whose_codes_scan(tmp_path: Path, paper: int, profile: str, width: int,
                                                           number_symbol: str) -> None:
    options = RenderOptions(paper_mm=paper, mode="raster", profile=profile)
    data = rr.document_bytes(DOC, options)
    decoded = decode(data, profile)
    assert decoded.lines == [] and decoded.code_pages == []  # nothing but the image
    assert len(decoded.images) == 1
    image = decoded.images[0]
    assert image.width == width
    found = zbar(image, tmp_path)
    assert f"{number_symbol}:CL01-260128-0042" in found
    assert f"QR-Code:{VIETQR}" in found
    # The preview is the printed image, dot for dot.
    preview = rr.render_raster(DOC, options).convert("L")
    assert preview.size == image.size
    assert preview.tobytes() == image.tobytes()


def test_copies_are_marked_top_and_bottom() -> None:
    options = RenderOptions(mode="text")
    lines = decode(rr.document_bytes(replace(DOC, copy=True), options)).lines
    assert "*** BẢN SAO - IN LẠI ***" in lines
    assert lines[-2:] == ["BẢN SAO - IN LẠI", ""]
    assert not any("BẢN SAO" in line for line in decode(rr.document_bytes(DOC, options)).lines)


def test_simple_variants_print_their_rows() -> None:
    report = ReceiptDocument(
        kind=DocumentKind.Z_REPORT, outlet_name="Điểm OCOP Mỹ Tho", number="CL01-Z260128",
        issued_at=datetime(2026, 1, 28, 12, tzinfo=UTC), rows=(Row("Số hóa đơn", "12"),
                                                               Row("Doanh thu thuần", format_vnd(1_250_000), True)))
    options = RenderOptions(mode="text", paper_mm=58)
    lines = decode(rr.document_bytes(report, options)).lines
    assert "BÁO CÁO CUỐI CA (Z)" in lines
    assert "Số hóa đơn" + " " * (32 - len("Số hóa đơn") - 2) + "12" in lines
    assert any(line.startswith("Doanh thu thuần") and line.endswith("1.250.000 đ") for line in lines)


def test_long_words_and_amounts_wrap_without_losing_characters() -> None:
    name = "Giỏ lục bình đan tay loại đặc biệt cỡ lớn " + "x" * 50
    doc = replace(DOC, lines=(ReceiptLine(name, 1, "cái", 1_234_567_890, 1_234_567_890),), vietqr=None)
    options = RenderOptions(mode="text", paper_mm=58)
    lines = decode(rr.document_bytes(doc, options)).lines
    assert all(len(line) <= 32 for line in lines)
    assert name.replace(" ", "") in "".join(lines).replace(" ", "")
    assert any(line.endswith("1.234.567.890 đ") for line in lines)


def test_trial_page_has_both_modes() -> None:
    options = RenderOptions(mode="raster", paper_mm=80)
    printer = rr.dummy_printer(options)
    sections = rr.trial_page_documents("Điểm OCOP Mỹ Tho", options, datetime.now(UTC))
    for doc, section_options in sections:
        rr.write_document(printer, doc, section_options)
    decoded = decode(printer.output)
    assert len(decoded.images) >= 1  # the raster half
    for sample in rr.VIETNAMESE_SAMPLE:  # the text half, in TCVN-3
        assert sample in decoded.lines
    assert "2. CHẾ ĐỘ CHỮ (text)" in decoded.lines
    assert decoded.inits == 2


LETTERS = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"
VIETNAMESE = st.text(alphabet=st.sampled_from(list(LETTERS + LETTERS.upper() + " 0123456789")), max_size=40)


@given(VIETNAMESE)
def test_decomposing_tones_keeps_the_text_and_fits_cp1258(text: str) -> None:
    split = rr.decompose_tones(text)
    assert unicodedata.normalize("NFC", split) == text
    assert unicodedata.normalize("NFC", split.encode("cp1258").decode("cp1258")) == text
    assert not any(ch in rr.TONE_MARKS for ch in text)  # the input is composed…
    assert all(unicodedata.normalize("NFD", ch) == ch or not set(unicodedata.normalize("NFD", ch)) & rr.TONE_MARKS
               for ch in split)  # …and no toned letter is left composed


@given(VIETNAMESE)
def test_every_vietnamese_letter_survives_tcvn3_text_mode(text: str) -> None:
    doc = ReceiptDocument(kind=DocumentKind.TEST_PAGE, outlet_name="X", number="1",
                          issued_at=datetime(2026, 1, 1, tzinfo=UTC), rows=(Row(text or "-"),))
    options = RenderOptions(mode="text", paper_mm=80)
    assert decode(rr.document_bytes(doc, options)).lines == rr.text_lines(doc, options)


def test_render_options_refuse_what_no_printer_has() -> None:
    with pytest.raises(rr.RenderError):
        RenderOptions(paper_mm=76)
    with pytest.raises(rr.RenderError):
        RenderOptions(profile="no-such-printer")
    with pytest.raises(rr.RenderError):
        RenderOptions(codepage="utf8")


def test_raster_is_sent_band_by_band_with_the_bytes_of_one_whole_image() -> None:
    """``write_raster`` hands python-escpos one band at a time (it copies what it is given to RGBA and RGB
    first: ~22 MB for a long receipt at once); the printer gets exactly what one whole image gives."""
    long_doc = replace(DOC, lines=DOC.lines * 20)
    options = RenderOptions(paper_mm=80)
    image = rr.render_raster(long_doc, options)
    assert image.mode == "1" and image.height > 4 * rr.RASTER_BAND_ROWS
    whole, banded = rr.dummy_printer(options), rr.dummy_printer(options)
    whole.image(image, impl="bitImageRaster", fragment_height=rr.RASTER_BAND_ROWS, center=False)
    given_bands: list[int] = []
    real_image = banded.image

    def one_band(band: Image.Image, **kwargs: object) -> None:
        given_bands.append(band.height)
        real_image(band, **kwargs)

    banded.image = one_band
    rr.write_raster(banded, image)
    assert banded.output == whole.output
    assert max(given_bands) == rr.RASTER_BAND_ROWS and sum(given_bands) == image.height
