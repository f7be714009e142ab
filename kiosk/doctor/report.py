"""The doctor's table: one line per finding, Chinese first, English beneath, fit for a
terminal 100 columns wide."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence

from kiosk.doctor.checks import Finding, Verdict


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def table(findings: Sequence[Finding]) -> str:
    name_w = max([_width("检查 check")] + [_width(f.check) for f in findings]) + 2
    verdict_w = 12
    lines = [_pad("检查 check", name_w) + _pad("结果 result", verdict_w) + "说明 / detail",
             "-" * (name_w + verdict_w + 40)]
    for f in findings:
        lines.append(_pad(f.check, name_w) + _pad(f.verdict.label, verdict_w) + f.zh)
        lines.append(" " * (name_w + verdict_w) + f.en)
    worst = overall(findings)
    lines.append("")
    lines.append({Verdict.OK: "全部正常 / all checks passed",
                  Verdict.WARN: "有需要注意的项目 / some checks need attention",
                  Verdict.FAIL: "发现故障 / problems found"}[worst])
    return "\n".join(lines)


def as_json(findings: Sequence[Finding]) -> str:
    return json.dumps({"verdict": overall(findings).name.lower(),
                       "findings": [f.as_dict() for f in findings]}, ensure_ascii=False, indent=2)


def overall(findings: Sequence[Finding]) -> Verdict:
    return max((f.verdict for f in findings), default=Verdict.OK)
