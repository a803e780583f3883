"""A note as mail: an ``.eml`` file (standard library ``email``) and a ``mailto:`` URL."""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from pathlib import Path
from urllib.parse import quote


def build_eml(*, to_name: str | None, to_email: str | None, subject: str, body: str,
              when: datetime | None = None) -> bytes:
    """An unsent message a mail client opens as a draft (``X-Unsent: 1``).

    No ``From``: Afterview does not know the user's address; the mail client
    fills in the account it sends from.
    """
    message = EmailMessage()
    if to_email:
        message["To"] = formataddr((to_name or "", to_email))
    message["Subject"] = subject
    message["Date"] = format_datetime((when or datetime.now()).astimezone())
    message["X-Unsent"] = "1"
    message.set_content(body)
    return message.as_bytes()


def write_eml(path: Path, data: bytes) -> None:
    """Write a new file; never replaces one (``FileExistsError``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("xb") as handle:
        handle.write(data)


def build_mailto(to_email: str | None, subject: str, body: str) -> str:
    """A ``mailto:`` URL (RFC 6068): every part percent-encoded, line ends as CRLF."""
    crlf_body = body.replace("\r\n", "\n").replace("\n", "\r\n")
    query = f"subject={quote(subject, safe='')}&body={quote(crlf_body, safe='')}"
    return f"mailto:{quote(to_email or '', safe='@')}?{query}"


def eml_file_name(company: str, kind: str, when: datetime) -> str:
    safe = "".join(c if c.isalnum() else "-" for c in company.casefold()).strip("-") or "note"
    return f"{safe}-{kind.replace('_', '-')}-{when:%Y%m%d-%H%M}.eml"
