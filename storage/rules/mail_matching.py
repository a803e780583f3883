"""Which application an e-mail address belongs to: the rule both imports share.

The calendar-invite import and the mail import name people only by address.
An address matches an application when it is one of its contacts' addresses
(always the strongest match), or when its domain is the company's (the
company's own domain, or the domain of one of its contacts' addresses) — never
by a free-mail domain alone: a recruiter writing from gmail.com says nothing
about which company they recruit for. An application still open wins over a
closed one; two open applications that match equally are a question for the
user, never a guess.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: Domains anyone can have an address at: they never identify a company.
FREE_MAIL: frozenset[str] = frozenset({
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "hotmail.co.uk",
    "hotmail.fr", "hotmail.de", "live.com", "live.co.uk", "msn.com", "yahoo.com",
    "yahoo.co.uk", "yahoo.fr", "yahoo.de", "ymail.com", "rocketmail.com", "icloud.com",
    "me.com", "mac.com", "aol.com", "proton.me", "protonmail.com", "pm.me", "gmx.com",
    "gmx.net", "gmx.de", "web.de", "mail.com", "yandex.com", "yandex.ru", "zoho.com",
    "fastmail.com", "fastmail.fm", "hey.com", "qq.com", "163.com", "126.com",
    "t-online.de", "orange.fr", "free.fr", "laposte.net", "libero.it", "mail.ru",
    "tutanota.com", "tuta.io", "comcast.net", "verizon.net", "att.net", "sbcglobal.net",
    "btinternet.com", "sky.com", "virginmedia.com", "outlook.de", "outlook.fr",
    "posteo.de", "mailbox.org", "duck.com", "naver.com", "rediffmail.com", "seznam.cz",
})


@dataclass(frozen=True, slots=True)
class Person:
    """A contact as the matcher sees it."""

    contact_id: int
    name: str
    email: str | None


@dataclass(frozen=True, slots=True)
class AppKey:
    """An application as the matcher sees it."""

    app_id: int
    company: str
    role: str
    company_domain: str | None
    people: tuple[Person, ...]
    closed: bool = False


@dataclass(frozen=True, slots=True)
class Match:
    app: AppKey
    person: Person | None
    """The contact whose address it is; None for a match by domain."""


def normal_address(address: str) -> str:
    return address.strip().casefold()


def domain_of(address: str) -> str:
    return normal_address(address).rpartition("@")[2]


def _bare(domain: str) -> str:
    domain = domain.strip().casefold().removeprefix("@").rstrip(".")
    return domain.removeprefix("www.")


def is_free_mail(domain: str) -> bool:
    return _bare(domain) in FREE_MAIL


def company_domains(app: AppKey) -> set[str]:
    """The domains that are the company's: its own and its contacts' (not free mail)."""
    found = {_bare(app.company_domain)} if app.company_domain else set()
    found |= {domain_of(p.email) for p in app.people if p.email}
    return {d for d in found if d and not is_free_mail(d)}


class AddressBook:
    """The applications indexed by contact address and by company domain, so that
    matching a mailbox of thousands of messages against thousands of
    applications is a few dictionary look-ups a message."""

    def __init__(self, apps: Iterable[AppKey]) -> None:
        self.by_email: dict[str, list[Match]] = {}
        self.by_domain: dict[str, list[AppKey]] = {}
        for app in apps:
            for person in app.people:
                if person.email:
                    self.by_email.setdefault(normal_address(person.email), []).append(
                        Match(app, person))
            for domain in company_domains(app):
                self.by_domain.setdefault(domain, []).append(app)

    def by_contact(self, address: str) -> list[Match]:
        return list(self.by_email.get(normal_address(address), ()))

    def by_company_domain(self, address: str) -> list[Match]:
        """``mail.acme.com`` is Acme's when ``acme.com`` is; never a free-mail domain."""
        domain = domain_of(address)
        if not domain or is_free_mail(domain):
            return []
        labels = domain.split(".")
        found: list[Match] = []
        for i in range(len(labels) - 1):
            found += [Match(app, None) for app in self.by_domain.get(".".join(labels[i:]), ())]
        return found

    def matches(self, addresses: Sequence[str], *, domains: bool = True) -> list[Match]:
        """Every application one of ``addresses`` points to: by a contact's address
        when any address is a contact's, else (when ``domains``) by company domain.
        One entry per application, the contact match kept."""
        found = [m for a in addresses for m in self.by_contact(a)]
        if not found and domains:
            found = [m for a in addresses for m in self.by_company_domain(a)]
        seen: dict[int, Match] = {}
        for m in found:
            seen.setdefault(m.app.app_id, m)
        return list(seen.values())


def matches(addresses: Sequence[str], apps: Sequence[AppKey], *,
            domains: bool = True) -> list[Match]:
    """:meth:`AddressBook.matches` for a one-off question."""
    return AddressBook(apps).matches(addresses, domains=domains)


def choose(found: Sequence[Match]) -> Match | None:
    """The one application meant, or None when none or several could be: an open
    application wins over closed ones."""
    if len(found) == 1:
        return found[0]
    still_open = [m for m in found if not m.app.closed]
    return still_open[0] if len(still_open) == 1 else None
