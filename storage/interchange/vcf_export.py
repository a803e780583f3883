"""``afterview export --format vcf``: the contacts as vCard 4.0 (RFC 6350).

One card per contact of an application: name, title, organisation, e-mail,
telephone, and a note naming the application. Written by hand rather than
through a library: the format is a dozen lines of escaping and folding, and the
one maintained Python vCard library (vobject) writes vCard 3.0; the tests read
the output back with vobject.

The UID is a name-based UUID of the application's stable id and the contact's
row, so exporting again and importing into an address book updates the cards.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from storage.db.models import Application, Company, Contact, Stage

if TYPE_CHECKING:
    from storage.db.engine import Database

PRODID = "-//Afterview//Afterview//EN"
_NAMESPACE = uuid.UUID("5b0f7a52-3c55-4f6e-9a53-6f2f0a0c7e11")
#: RFC 6350 3.2: lines longer than 75 octets are folded.
FOLD_OCTETS = 75


def escape(value: str) -> str:
    """A text value (RFC 6350 3.4): backslash, comma, semicolon and line breaks escaped."""
    return (value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line: str) -> str:
    """``line`` folded at 75 octets, never inside a UTF-8 character."""
    out, current, size = [], [], 0
    for ch in line:
        width = len(ch.encode("utf-8"))
        limit = FOLD_OCTETS if not out else FOLD_OCTETS - 1  # continuations start with a space
        if size + width > limit:
            out.append("".join(current))
            current, size = [], 0
        current.append(ch)
        size += width
    out.append("".join(current))
    return "\r\n ".join(out)


def split_name(full: str) -> tuple[str, str]:
    """(family, given) for the N property: the last word is taken as the family
    name, as most address books do for a name typed on one line."""
    parts = full.split()
    if len(parts) < 2:
        return full.strip(), ""
    return parts[-1], " ".join(parts[:-1])


def contact_uid(app_uid: str, contact_id: int) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{app_uid}/{contact_id}')}"


def card(*, uid: str, name: str, title: str | None, company: str, email: str | None,
         phone: str | None, note: str) -> str:
    family, given = split_name(name)
    lines = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        f"PRODID:{PRODID}",
        f"UID:{uid}",
        "KIND:individual",
        f"FN:{escape(name)}",
        f"N:{escape(family)};{escape(given)};;;",
        f"ORG:{escape(company)}",
    ]
    if title:
        lines.append(f"TITLE:{escape(title)}")
    if email:
        lines.append(f"EMAIL;TYPE=work:{escape(email)}")
    if phone:
        lines.append(f"TEL;VALUE=text;TYPE=work:{escape(phone)}")
    lines.append(f"NOTE:{escape(note)}")
    lines.append("END:VCARD")
    return "".join(fold(line) + "\r\n" for line in lines)


def export_vcf(db: Database) -> str:
    """Every contact, by company then name."""
    with db.session() as s:
        rows = s.execute(
            select(Contact.id, Contact.name, Contact.title, Contact.email, Contact.phone,
                   Application.uid, Application.id, Application.role, Company.name, Stage.name)
            .join(Application, Application.id == Contact.application_id)
            .join(Company, Company.id == Application.company_id)
            .join(Stage, Stage.id == Application.stage_id)
            .order_by(func.lower(Company.name), func.lower(Contact.name), Contact.id)
        ).all()
    return "".join(
        card(uid=contact_uid(app_uid, cid), name=name, title=title, company=company,
             email=email, phone=phone,
             note=f"{role} at {company} (Afterview application #{app_id}, {stage})")
        for cid, name, title, email, phone, app_uid, app_id, role, company, stage in rows)
