"""What the ticket kiosk shows, computed from what the hall says: pure functions, no Qt, no I/O.

The Qt backend (``backend.py``) turns these into QML properties; keeping the decisions here lets
unit tests check them without a window.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import math
import time
from dataclasses import dataclass, field
from typing import Any

from drivers.errors import ProtocolError
from drivers.printer import TicketContent
from drivers.printer.errors import PrinterNoReply, PrinterUnplugged, PrintInterrupted
from drivers.printer.status import PROBLEMS
from kiosk.core.citizens import mask_name
from kiosk.core.policy import FairnessPolicy

# Failed jobs that leave the printer unable to print until it answers a status poll again; what a
# status problem means (paper_out blocks, paper_near_end only warns) is the driver's own table.
PRINTER_LINK_FAILURES = frozenset(e.code for e in (PrinterNoReply, PrinterUnplugged, PrintInterrupted,
                                                   ProtocolError))


class Screen(enum.StrEnum):
    """The kiosk's screens, in the order of the StackLayout in Main.qml (``position``)."""

    HOME = "home"
    CARD = "card"
    MANUAL = "manual"
    BUSY = "busy"
    DONE = "done"
    MESSAGE = "message"
    ADMIN_PIN = "admin_pin"
    ADMIN = "admin"

    @property
    def position(self) -> int:
        return list(Screen).index(self)


# Screens a citizen is in the middle of: leaving them resets the kiosk for the next person.
CITIZEN_SCREENS = frozenset({Screen.DONE, Screen.MESSAGE, Screen.CARD, Screen.MANUAL})


def green_channel_age(hall: dict[str, Any]) -> int:
    """The hall's green-channel age (its policy, sent in the ``hall`` block of the catalogue);
    the core policy's default until the hall has said."""
    try:
        return int(hall["green_channel_age"])
    except (KeyError, TypeError, ValueError):
        return FairnessPolicy().green_channel_age


@dataclass(frozen=True)
class Timeouts:
    """Seconds a screen waits for the citizen before it goes back home."""

    card: int = 30
    manual: int = 60
    done: int = 12
    message: int = 15
    admin: int = 60
    issue: float = 15.0  # hall request, retries included
    print: float = 15.0  # printer job, status checks included

    def for_screen(self, screen: Screen) -> int:
        """Seconds before ``screen`` goes home by itself (0: it does not; the spinner's tasks
        have timeouts of their own). Home resets the kiosk for the next person after a while."""
        return {Screen.CARD: self.card, Screen.MANUAL: self.manual, Screen.DONE: self.done,
                Screen.MESSAGE: self.message, Screen.ADMIN_PIN: self.admin, Screen.ADMIN: self.admin,
                Screen.HOME: self.manual}.get(screen, 0)

    def scaled(self, factor: float) -> Timeouts:
        # the hall request and the print job take as long for everyone
        return dataclasses.replace(self, **{f: round(getattr(self, f) * factor) for f in
                                            ("card", "manual", "done", "message", "admin")})


NORMAL_TIMEOUTS = Timeouts()
ELDER_TIMEOUTS = NORMAL_TIMEOUTS.scaled(2)


def localized(item: dict[str, Any], key: str, language: str) -> str:
    """``name`` / ``name_en`` from a hall answer: English when asked and present."""
    if language == "en":
        en = item.get(f"{key}_en")
        if en:
            return str(en)
    return str(item.get(key) or "")


def wait_minutes(seconds: int | float | None) -> int:
    return max(0, math.ceil((seconds or 0) / 60))


def category_rows(catalogue: dict[str, Any], language: str) -> list[dict[str, Any]]:
    """Categories that have at least one service; a hall without categories gets one."""
    known = {s["code"] for s in catalogue.get("services", [])}
    rows = []
    for cat in catalogue.get("categories", []):
        codes = [c for c in cat.get("services", []) if c in known]
        if codes:
            rows.append({"name": cat["name"], "label": localized(cat, "name", language),
                         "services": codes})
    listed = {c for r in rows for c in r["services"]}
    rest = [s["code"] for s in catalogue.get("services", []) if s["code"] not in listed]
    if rest:  # the backend names it (a UI string, translated through ticket_en.ts)
        rows.append({"name": "", "label": "", "services": rest})
    return rows


def service_row(svc: dict[str, Any], language: str) -> dict[str, Any]:
    """One tile: what the citizen sees and whether it can be tapped."""
    is_open = bool(svc.get("issuing_open"))
    cap = bool(svc.get("cap_reached"))
    reason = str(svc.get("issuing_reason") or "")
    if cap:
        state = "cap"
    elif is_open:
        state = "open"
    elif reason == "not_yet":
        state = "not_yet"
    else:
        state = "closed"
    return {
        "code": svc["code"], "name": localized(svc, "name", language), "prefix": svc.get("prefix", ""),
        "requiresId": bool(svc.get("requires_id")), "state": state, "available": state == "open",
        # what the tile shows, as flags: QML compares no state strings
        "capReached": state == "cap", "notYet": state == "not_yet", "closed": state == "closed",
        "hours": str(svc.get("hours") or ""), "opensAt": str(svc.get("opens_at") or ""),
        "waiting": int(svc.get("waiting") or 0), "waitMinutes": wait_minutes(svc.get("estimated_wait_s")),
    }


def service_rows(catalogue: dict[str, Any], codes: list[str], language: str) -> list[dict[str, Any]]:
    by_code = {s["code"]: s for s in catalogue.get("services", [])}
    return [service_row(by_code[c], language) for c in codes if c in by_code]


def find_service(catalogue: dict[str, Any], code: str) -> dict[str, Any] | None:
    return next((s for s in catalogue.get("services", []) if s.get("code") == code), None)


def status_url(template: str | None, ticket: dict[str, Any]) -> str | None:
    if not template:
        return None
    try:
        return template.format(id=ticket.get("id", ""), number=ticket.get("number", ""))
    except (KeyError, IndexError, ValueError):
        return None


def parse_time(text: str | None) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat(text or "")
    except ValueError:
        return dt.datetime.now().astimezone()
    return value if value.tzinfo else value.astimezone()


def ticket_content(ticket: dict[str, Any], hall: dict[str, Any]) -> TicketContent:
    """The printed ticket for a hall ticket answer (names already masked by the hall)."""
    citizen = ticket.get("citizen") or {}
    holder = citizen.get("name")
    return TicketContent(
        hall_name=str(hall.get("name") or ""), number=str(ticket["number"]),
        service_name=str(ticket.get("service_name") or ticket.get("service") or ""),
        waiting_ahead=max(0, int(ticket.get("waiting_ahead") or 0)),
        estimated_wait_s=max(0, int(ticket.get("estimated_wait_s") or 0)),
        issued_at=parse_time(ticket.get("issued_at")),
        holder_name=mask_name(holder) if holder else None,
        qr_url=status_url(hall.get("status_url"), ticket),
        notice=str(hall.get("notice") or "") or None,
    )


def mask_manual_entry(text: str) -> str:
    """What the on-screen ID field shows while a citizen types: region and last four digits,
    the birth date hidden (people queue behind the kiosk), grouped for reading."""
    shown = "".join(c if i < 6 or i >= 14 else "•" for i, c in enumerate(text))
    return " ".join(shown[i:i + 6] if i == 0 else shown[i:i + 4]
                    for i in ([0, *range(6, len(shown), 4)] if shown else []))


def manual_entry_key(text: str, key: str) -> str:
    """Apply one keypad key (0-9, X, back, clear) to the typed ID number (18 chars max)."""
    if key == "back":
        return text[:-1]
    if key == "clear":
        return ""
    if len(text) >= 18:
        return text
    if key.isdigit() and len(key) == 1:
        return text + key
    if key.upper() == "X" and len(text) == 17:
        return text + "X"
    return text


def printer_blocks(state: str, code: str) -> bool:
    """Whether a printer health (state, code) means a ticket cannot be printed now."""
    if state == "degraded":
        problem = PROBLEMS.get(code)
        return problem.blocks_printing if problem is not None else code in PRINTER_LINK_FAILURES
    if state in ("disconnected", "stopped"):
        return bool(code) or state == "stopped"
    return False


@dataclass
class TapCounter:
    """The hidden admin gesture: ``needed`` taps within ``window`` seconds."""

    needed: int = 5
    window: float = 3.0
    taps: list[float] = field(default_factory=list)

    def tap(self, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        self.taps = [t for t in self.taps if now - t <= self.window] + [now]
        if len(self.taps) >= self.needed:
            self.taps = []
            return True
        return False
