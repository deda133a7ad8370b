"""VietQR payloads against the known-good examples of DOMAIN.md, and properties of the TLV and CRC."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from showroom_pos.core.vietqr import VietQR, crc16_ccitt_false, parse_tlv, tlv, verify_crc

KNOWN_GOOD = [
    ("00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA530370454061800005802VN"
     "62340107NPS68690819thanh toan don hang63042E2E",
     VietQR("970403", "0011012345678", 180000, bill_number="NPS6869", purpose="thanh toan don hang")),
    ("00020101021138600010A00000072701300006970403011697040311012345670208QRIBFTTC53037045802VN63044F52",
     VietQR("970403", "9704031101234567", to_card=True)),
    ("00020101021138540010A00000072701240006970423011000999999990208QRIBFTTA53037045802VN6304CBB4",
     VietQR("970423", "0099999999")),
]


@pytest.mark.parametrize("payload,qr", KNOWN_GOOD)
def test_known_good_payloads_are_reproduced_exactly(payload: str, qr: VietQR) -> None:
    assert verify_crc(payload)
    assert qr.payload() == payload


def test_crc_is_ccitt_false() -> None:
    assert crc16_ccitt_false(b"123456789") == 0x29B1  # the catalogue check value of CRC-16/CCITT-FALSE


def test_a_dynamic_payload_carries_the_amount_and_the_receipt_number() -> None:
    payload = VietQR("970436", "0011004123456", 125_000, bill_number="CL01-261128-0042",
                     reference="CL01-261128-0042", purpose="Thanh toán CL01-261128-0042").payload()
    fields = parse_tlv(payload)
    assert fields["01"] == "12" and fields["54"] == "125000" and fields["53"] == "704" and fields["58"] == "VN"
    merchant = parse_tlv(fields["38"])
    assert parse_tlv(merchant["01"]) == {"00": "970436", "01": "0011004123456"}
    extra = parse_tlv(fields["62"])
    assert extra["01"] == "CL01-261128-0042" and extra["08"].isascii()
    assert verify_crc(payload)


@given(
    bank=st.sampled_from(["970436", "970415", "970418", "970405", "970403", "970407", "970416", "970422"]),
    account=st.text(alphabet="0123456789ABCDEFGHJKLMNPQRSTUVWXYZ", min_size=1, max_size=19),
    amount=st.one_of(st.none(), st.integers(min_value=1, max_value=10**12)),
    purpose=st.one_of(st.none(), st.text(max_size=40)),
)
def test_any_payload_parses_back_and_its_crc_verifies(bank: str, account: str, amount: int | None,
                                                      purpose: str | None) -> None:
    payload = VietQR(bank, account, amount, purpose=purpose).payload()
    assert verify_crc(payload)
    fields = parse_tlv(payload)
    assert fields["00"] == "01" and fields["01"] == ("12" if amount else "11")
    assert fields.get("54") == (str(amount) if amount else None)
    assert parse_tlv(parse_tlv(fields["38"])["01"]) == {"00": bank, "01": account}
    assert payload.isascii()


@given(st.text(alphabet="0123456789ABCDEF", min_size=1, max_size=60), st.integers(min_value=0, max_value=59))
def test_a_changed_character_breaks_the_crc(body: str, position: int) -> None:
    payload = VietQR("970436", "123456", 10_000, purpose=body).payload()
    i = position % (len(payload) - 4)
    flipped = payload[:i] + ("1" if payload[i] != "1" else "2") + payload[i + 1:]
    assert not verify_crc(flipped)


@given(st.dictionaries(st.from_regex(r"\A[0-9]{2}\Z"), st.text(alphabet="abcXYZ019 ", max_size=99), max_size=8))
def test_tlv_round_trips(fields: dict[str, str]) -> None:
    assert parse_tlv("".join(tlv(k, v) for k, v in fields.items())) == fields


@pytest.mark.parametrize("bad", ["0", "00", "0005ab", "ab02xx", "0102abc"])
def test_malformed_tlv_is_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_tlv(bad)
