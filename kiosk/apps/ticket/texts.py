"""What the kiosk says from Python, as Qt translations.

Simplified Chinese is the source language; English is in resources/i18n/ticket_en.ts (context
``KioskBackend``), compiled to .qm by ``kiosk build-resources`` like every app's. The sources are
marked with ``QT_TRANSLATE_NOOP`` (Qt's way for strings translated later), because a message on
screen is kept unrendered: when the citizen switches language the backend renders it again, so a
message shown before the switch is in the new language too. The hall's own error messages come
bilingual as data (``message_zh`` / ``message_en``) and are chosen by language, not translated.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from drivers.errors import DeviceError
from kiosk.protocol.client import HallApiError

if TYPE_CHECKING:  # the stubs say object; it returns its source string
    def QT_TRANSLATE_NOOP(context: str, source: str, /) -> str: ...
else:
    from PySide6.QtCore import QT_TRANSLATE_NOOP

CONTEXT = "KioskBackend"

Shown = Callable[[str], str]
"""Text on screen, rendered for a language ("zh" / "en") when QML reads it."""

OFFLINE_TITLE = QT_TRANSLATE_NOOP("KioskBackend", "暂停取号")
OFFLINE_BODY = QT_TRANSLATE_NOOP("KioskBackend", "暂时无法连接大厅服务器,请稍候再试或到服务台咨询。")
PRINTER_PAPER = QT_TRANSLATE_NOOP("KioskBackend", "打印机缺纸,请到服务台取号")
PRINTER_OTHER = QT_TRANSLATE_NOOP("KioskBackend", "打印机暂时无法使用,请到服务台取号")
PRINTER_TITLE = QT_TRANSLATE_NOOP("KioskBackend", "暂时无法打印号票")
BUSY_ISSUING = QT_TRANSLATE_NOOP("KioskBackend", "正在取号,请稍候…")
BUSY_PRINTING = QT_TRANSLATE_NOOP("KioskBackend", "正在打印号票,请稍候…")
CARD_UNREADABLE = QT_TRANSLATE_NOOP("KioskBackend", "无法读取此证件,请重新放置,或手动输入身份证号")
READER_DOWN = QT_TRANSLATE_NOOP("KioskBackend", "读卡器暂时无法使用,请手动输入身份证号")
BAD_ID = QT_TRANSLATE_NOOP("KioskBackend", "身份证号码有误,请检查后重新输入")
GREEN_NOT_ELIGIBLE = QT_TRANSLATE_NOOP("KioskBackend", "绿色通道仅限 {age} 岁以上老人,已为您取普通号")
GREEN_APPLIED = QT_TRANSLATE_NOOP("KioskBackend", "已为您开通绿色通道({age} 岁以上),优先叫号")
CLOSED_TITLE = QT_TRANSLATE_NOOP("KioskBackend", "该业务暂不可取号")
NOT_YET = QT_TRANSLATE_NOOP("KioskBackend", "该业务今日 {time} 开始取号。办理时间:{hours}")
CLOSED = QT_TRANSLATE_NOOP("KioskBackend", "该业务现在不办理。办理时间:{hours}")
CAP_TITLE = QT_TRANSLATE_NOOP("KioskBackend", "今日号已取完")
CAP_BODY = QT_TRANSLATE_NOOP("KioskBackend", "该业务今日的号已全部取完,请明天再来,或到服务台咨询。")
DUP_TITLE = QT_TRANSLATE_NOOP("KioskBackend", "您已取过该业务的号")
ERROR_TITLE = QT_TRANSLATE_NOOP("KioskBackend", "未能取号")
TIMEOUT_BODY = QT_TRANSLATE_NOOP("KioskBackend", "大厅服务器响应超时,请稍后再试或到服务台咨询。")
UNEXPECTED = QT_TRANSLATE_NOOP("KioskBackend", "系统出现问题,请到服务台咨询。")
REPRINTED = QT_TRANSLATE_NOOP("KioskBackend", "已补打号票 {number}")
NO_LAST = QT_TRANSLATE_NOOP("KioskBackend", "还没有可补打的号票")
PAPER_OK = QT_TRANSLATE_NOOP("KioskBackend", "打印机正常,可以取号")
PAPER_STILL = QT_TRANSLATE_NOOP("KioskBackend", "打印机仍有问题:{problem}")
PIN_WRONG = QT_TRANSLATE_NOOP("KioskBackend", "密码错误")
DEV_OK = QT_TRANSLATE_NOOP("KioskBackend", "正常")
DEV_CONNECTING = QT_TRANSLATE_NOOP("KioskBackend", "正在连接")
DEV_DOWN = QT_TRANSLATE_NOOP("KioskBackend", "未连接")
DEV_PRINTER = QT_TRANSLATE_NOOP("KioskBackend", "号票打印机")
DEV_READER = QT_TRANSLATE_NOOP("KioskBackend", "身份证读卡器")
DEV_HALL = QT_TRANSLATE_NOOP("KioskBackend", "大厅服务器")
ALL_SERVICES = QT_TRANSLATE_NOOP("KioskBackend", "全部服务")


def translate(source: str) -> str:
    """``source`` in the installed language (the source itself when no translator has it)."""
    return QCoreApplication.translate(CONTEXT, source)


def ui(source: str, **args: object) -> Shown:
    """A UI string (one of the sources above) with its ``{name}`` arguments filled in."""
    def render(_language: str) -> str:
        text = translate(source)
        return text.format(**args) if args else text
    return render


def bilingual(zh: str, en: str) -> Shown:
    """Text that arrives in both languages as data (the hall's messages, a device's problem)."""
    return lambda language: en if language == "en" and en else zh


def hall_says(err: HallApiError) -> Shown:
    return bilingual(err.zh, err.en)


def device_says(err: DeviceError) -> Shown:
    return bilingual(err.zh, err.en)


def nothing(_language: str) -> str:
    return ""


def printer_problem(code: str) -> Shown:
    """What a citizen is told about a printer that cannot print (staff get the details)."""
    return ui(PRINTER_PAPER if code == "paper_out" else PRINTER_OTHER)
