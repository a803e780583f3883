"""Pick one record of an application to edit or delete (the details screen's `l`).

Every record the user can create is listed, grouped: the application itself,
its contacts, rounds, messages and reminders. `enter` edits the highlighted
one, `d` deletes it (the details screen asks first). The picker only chooses;
the details screen opens the form or the confirmation and does the write.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from storage.rules.cadence import format_day
from storage.rules.records import (
    ApplicationDetail,
    ApplicationRec,
    CommunicationRec,
    ContactRec,
    CustomActionRec,
    RoundRec,
)
from tui.modals.after_keys import AfterKeys
from tui.modals.close_once import CloseOnce
from tui.widgets.footer import KeyFooter

Record = ApplicationRec | ContactRec | RoundRec | CommunicationRec | CustomActionRec


@dataclass(frozen=True)
class Picked:
    """What the user chose: edit or delete, and which record."""

    what: Literal["edit", "delete"]
    record: Record


def _when(rec: RoundRec | CommunicationRec) -> str:
    local = (rec.starts_at if isinstance(rec, RoundRec) else rec.at).astimezone()
    return f"{format_day(local.date())} {local:%H:%M}"


def describe(record: Record) -> str:
    """One line naming the record, as the picker and the confirmation show it."""
    if isinstance(record, ApplicationRec):
        return f"The application: {record.company} · {record.role}"
    if isinstance(record, ContactRec):
        extra = [p for p in (record.title, record.email, record.phone) if p]
        return (f"Contact {record.name}" + (" (main)" if record.is_main else "")
                + (f" · {' · '.join(extra)}" if extra else ""))
    if isinstance(record, RoundRec):
        who = ", ".join(p.name for p in record.interviewers) or "nobody recorded"
        return f"Round {record.number}: {_when(record)} · {record.kind} · with {who}"
    if isinstance(record, CommunicationRec):
        arrow = "←" if record.direction == "in" else "→"
        who = f" {record.contact_name}" if record.contact_name else ""
        said = f": {record.summary}" if record.summary else ""
        return (f"Message {_when(record)} {arrow}{who} · {record.kind.replace('_', ' ')} "
                f"by {record.channel}{said}")
    done = f" (done {format_day(record.done_on)})" if record.done_on else ""
    return f"Reminder {format_day(record.due_on)}: {record.title}{done}"


class RecordPicker(AfterKeys, CloseOnce, ModalScreen[Picked | None]):
    """The records of one application; enter edits, d deletes, escape closes."""

    DEFAULT_CSS = """
    RecordPicker { align: center middle; }
    RecordPicker #picker {
        width: 80; max-width: 100%; height: auto; max-height: 90%;
        padding: 0 1; border: thick $primary 60%; background: $surface;
    }
    RecordPicker #picker-title { text-style: bold; margin-bottom: 1; }
    RecordPicker OptionList { height: auto; max-height: 20; border: none; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority: the list's own enter would only "select"; here it edits.
        Binding("enter", "edit", "Edit", id="picker.edit", priority=True),
        Binding("d,delete", "delete", "Delete", id="picker.delete"),
        Binding("escape", "cancel", "Cancel", id="picker.cancel"),
    ]
    AUTO_FOCUS = "#records"

    def __init__(self, detail: ApplicationDetail) -> None:
        super().__init__()
        self.detail = detail
        self.records: dict[str, Record] = {}

    def compose(self) -> ComposeResult:
        d = self.detail
        groups: list[tuple[str, list[Record]]] = [
            ("Application", [d.application]),
            ("Contacts", list(d.contacts)),
            ("Rounds", list(d.rounds)),
            ("Messages", list(d.communications)),
            ("Reminders", list(d.custom_actions)),
        ]
        options: list[Option] = []
        for heading, records in groups:
            if not records:
                continue
            # A heading is a disabled option: the cursor skips it.
            options.append(Option(Content.styled(heading, "bold"), disabled=True))
            for record in records:
                key = f"{type(record).__name__}-{record.id}"
                self.records[key] = record
                # Content: names and summaries are the user's text, never markup.
                options.append(Option(Content("  " + describe(record)), id=key))
        with Vertical(id="picker"):
            yield Static(Content(f"Edit or delete: {d.application.company} · "
                                 f"{d.application.role}"), id="picker-title")
            yield OptionList(*options, id="records")
        yield KeyFooter()

    def on_mount(self) -> None:
        records = self.query_one("#records", OptionList)
        first = next((i for i in range(records.option_count)
                      if not records.get_option_at_index(i).disabled), None)
        records.highlighted = first

    @property
    def highlighted_record(self) -> Record | None:
        """The record under the cursor (None before the list has one)."""
        records = self.query_one("#records", OptionList)
        if records.highlighted is None:
            return None
        key = records.get_option_at_index(records.highlighted).id
        return self.records.get(key or "")

    def action_edit(self) -> None:
        # enter is a priority key: the arrows read with it move the cursor first.
        self.after_keys(self._edit_now)

    def _edit_now(self) -> None:
        record = self.highlighted_record
        if record is not None:
            self.dismiss(Picked("edit", record))

    def action_delete(self) -> None:
        record = self.highlighted_record
        if record is not None:
            self.dismiss(Picked("delete", record))

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_edit()
