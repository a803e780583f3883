"""The address → application rule shared by the invite and mail imports."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from storage.rules.mail_matching import FREE_MAIL, AppKey, Person, choose, matches

ACME = AppKey(1, "Acme", "Backend Engineer", "acme.com", (Person(10, "Dana Lee", "dana@acme.com"),))
ACME_DATA = AppKey(2, "Acme", "Data Engineer", "acme.com", ())
GLOBEX = AppKey(3, "Globex", "Analyst", None, (Person(30, "Sam Ortiz", "sam@globex.com"),
                                                Person(31, "Jo", "jo.recruits@gmail.com")))
OLD_GLOBEX = AppKey(4, "Globex", "Intern", None, (Person(40, "Sam Ortiz", "sam@globex.com"),),
                    closed=True)
APPS = [ACME, ACME_DATA, GLOBEX, OLD_GLOBEX]


def test_a_contacts_address_beats_the_domain() -> None:
    found = matches(["Dana@Acme.com"], APPS)
    assert [(m.app.app_id, m.person.contact_id if m.person else None) for m in found] == [(1, 10)]
    assert choose(found) == found[0]


def test_a_domain_shared_by_two_open_applications_is_a_question() -> None:
    found = matches(["someone@acme.com"], APPS)
    assert {m.app.app_id for m in found} == {1, 2}
    assert choose(found) is None


def test_subdomains_and_contact_domains_count_and_open_beats_closed() -> None:
    found = matches(["noreply@mail.globex.com"], APPS)
    assert {m.app.app_id for m in found} == {3, 4}
    chosen = choose(found)
    assert chosen is not None and chosen.app.app_id == 3


def test_domains_can_be_turned_off() -> None:
    assert matches(["someone@acme.com"], APPS, domains=False) == []


@given(local=st.from_regex(r"[a-z][a-z0-9.]{0,15}", fullmatch=True),
       domain=st.sampled_from(sorted(FREE_MAIL)))
def test_a_free_mail_address_matches_only_as_a_known_contact(local: str, domain: str) -> None:
    address = f"{local}@{domain}"
    found = matches([address], APPS)
    if address == "jo.recruits@gmail.com":
        assert [m.app.app_id for m in found] == [3]
    else:
        assert found == []
