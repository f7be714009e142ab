"""`kiosk hall new-epoch`, `restore` and `export` on real database files."""

import csv
import datetime as dt
import json
import shutil
import zoneinfo

from kiosk.cli import main
from kiosk.config.hall import parse_config
from kiosk.hall.service import HallService
from kiosk.store.db import Store
from tests.helpers.hall import TEST_CONFIG, YOUNG_ID, FixedClock

TZ = zoneinfo.ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 11, 26, 10, 0, tzinfo=TZ)


def _day_of_work(path):  # type: ignore[no-untyped-def]
    config = parse_config(TEST_CONFIG)
    store = Store(path, config.hall.id)
    clock = FixedClock(NOW)
    s = HallService(config, store, b"k" * 32, clock)  # type: ignore[arg-type]
    dev = {d.id: d for d in config.devices}
    a = s.issue_ticket(dev["kiosk-1"], "social", {"id_number": YOUNG_ID, "name": "李小龙"}).result()
    s.issue_ticket(dev["kiosk-1"], "tax").result()
    s.sign_in(dev["counter-2"], 2, None, None).result()
    s.call_next(dev["counter-2"], 2).result()
    clock.advance(120)
    s.ticket_action(dev["counter-2"], a["id"], "finish").result()
    s.rate(dev["pad-2"], a["id"], 2, ["等太久"]).result()
    clock.set(NOW + dt.timedelta(days=1))
    s.issue_ticket(dev["kiosk-1"], "social").result()  # another day: not exported
    epoch, seq = store.epoch, store.last_seq()
    store.close()
    return epoch, seq


def test_restore_copies_the_backup_in_and_starts_a_new_epoch(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "hall.db"
    epoch, seq = _day_of_work(db)
    backup = tmp_path / "backup.db"
    shutil.copyfile(db, backup)
    assert main(["hall", "restore", "--backup", str(backup), "--db", str(db)]) == 2  # exists: needs --force
    assert main(["hall", "restore", "--backup", str(backup), "--db", str(db), "--force"]) == 0
    assert "new epoch" in capsys.readouterr().out
    store = Store(db, "test-hall")
    try:
        assert store.epoch > epoch and store.last_seq() == 0  # seq restarts in the new epoch
        assert len(store.read(lambda c: c.execute("SELECT * FROM events WHERE epoch = ?",
                                                  (epoch,)).fetchall()).result()) == seq  # history kept
    finally:
        store.close()


def test_new_epoch_refuses_a_file_that_is_not_a_hall_database(tmp_path) -> None:  # type: ignore[no-untyped-def]
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not sqlite")
    try:
        main(["hall", "new-epoch", "--db", str(junk)])
    except SystemExit as exc:
        assert "not a hall database" in str(exc)
    else:
        raise AssertionError("new-epoch accepted a non-database")


def test_export_a_day_masked_as_csv_and_json(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "hall.db"
    _day_of_work(db)
    out = tmp_path / "out"
    assert main(["hall", "export", "--db", str(db), "--day", "2026-11-26", "--format", "csv", "--out", str(out)]) == 0
    tickets = list(csv.DictReader((out / "tickets-2026-11-26.csv").read_text(encoding="utf-8").splitlines()))
    ratings = list(csv.DictReader((out / "ratings-2026-11-26.csv").read_text(encoding="utf-8").splitlines()))
    assert [t["number"] for t in tickets] == ["C001", "G001"]
    assert tickets[0]["citizen_name"] == "李**" and tickets[0]["citizen_id"] == "3604**********0071"
    assert "citizen_key" not in tickets[0]
    assert [(r["level"], json.loads(r["reasons"])) for r in ratings] == [("2", ["等太久"])]
    assert main(["hall", "export", "--db", str(db), "--day", "2026-11-26", "--format", "json", "--out", str(out)]) == 0
    doc = json.loads((out / "hall-2026-11-26.json").read_text(encoding="utf-8"))
    assert [t["state"] for t in doc["tickets"]] == ["done", "waiting"] and doc["ratings"][0]["reasons"] == ["等太久"]
    raw = (out / "hall-2026-11-26.json").read_bytes() + (out / "tickets-2026-11-26.csv").read_bytes()
    assert YOUNG_ID.encode() not in raw and "李小龙".encode() not in raw
    assert main(["hall", "export", "--db", str(db), "--day", "26/11", "--out", str(out)]) == 2
