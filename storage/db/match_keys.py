"""The applications as :mod:`storage.rules.mail_matching` sees them, in two queries."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.db.models import Application, Company, Contact, Stage
from storage.rules.mail_matching import AppKey, Person


def app_keys(s: Session) -> list[AppKey]:
    people: dict[int, list[Person]] = defaultdict(list)
    for cid, app_id, name, email in s.execute(
            select(Contact.id, Contact.application_id, Contact.name, Contact.email)
            .order_by(Contact.id)):
        people[app_id].append(Person(cid, name, email))
    return [AppKey(app_id, company, role, domain, tuple(people[app_id]), role_ == "closed")
            for app_id, company, role, domain, role_ in s.execute(
                select(Application.id, Company.name, Application.role, Company.domain,
                       Stage.role)
                .join(Company, Company.id == Application.company_id)
                .join(Stage, Stage.id == Application.stage_id)
                .order_by(Application.id))]
