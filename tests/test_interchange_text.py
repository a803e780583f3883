"""The hand-written parts of the vCard and CSV exports, for any text: what is
written reads back as it was (vobject for vCard, the csv module for CSV)."""

from __future__ import annotations

import csv
import io

import vobject
from hypothesis import given, settings
from hypothesis import strategies as st

from storage.interchange.csv_export import write_csv
from storage.interchange.vcf_export import FOLD_OCTETS, card

# Text as a contact's fields hold it: any printable character (accents, CJK,
# emoji, commas, semicolons, backslashes), no control characters (refused at
# every entry point), not blank.
TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")),
               min_size=1, max_size=120).filter(lambda t: t.strip() == t and t)


@settings(max_examples=150, deadline=None)
@given(name=TEXT, title=TEXT, company=TEXT, note=TEXT)
def test_a_vcard_reads_back_whatever_its_text(name: str, title: str, company: str,
                                              note: str) -> None:
    text = card(uid="urn:uuid:0", name=name, title=title, company=company,
                email="dana@acme.com", phone=None, note=note)
    assert all(len(line.encode()) <= FOLD_OCTETS for line in text.split("\r\n"))
    parsed = vobject.readOne(text)
    assert parsed.fn.value == name
    assert parsed.title.value == title
    assert parsed.note.value == note
    assert parsed.org.value == [company]


@settings(max_examples=150, deadline=None)
@given(rows=st.lists(st.lists(st.text(max_size=40), min_size=3, max_size=3), max_size=5))
def test_csv_reads_back_and_never_starts_a_formula(rows: list[list[str]]) -> None:
    text = write_csv(("A", "B", "C"), rows)
    back = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    assert back[0] == ["A", "B", "C"]
    for written, read in zip(rows, back[1:], strict=True):
        for original, cell in zip(written, read, strict=True):
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
            assert cell in (original, "'" + original)
