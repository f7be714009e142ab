"""drivers/ is plain Python: it must never import Qt or qasync (STYLE.md practice 1)."""

import ast
import pathlib

DRIVERS = pathlib.Path(__file__).resolve().parents[3] / "drivers"
FORBIDDEN = ("PySide6", "PyQt5", "PyQt6", "qasync", "kiosk")


def test_drivers_import_no_qt_and_no_app_code():
    offenders = []
    files = list(DRIVERS.rglob("*.py"))
    assert files, "drivers/ has no Python files?"
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                if name.split(".")[0] in FORBIDDEN:
                    offenders.append(f"{path.relative_to(DRIVERS.parent)}: {name}")
    assert offenders == []
