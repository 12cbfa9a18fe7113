"""Editor-facing problems: one place, one field, a problem and a fix, in English and Chinese."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    path: str  # file path relative to the project root, e.g. data/consulates/chongqing.yml
    line: int  # 1-based
    col: int  # 1-based
    field: str  # e.g. records[3].opened
    en: str  # problem — fix, English
    zh: str  # problem — fix, Chinese
    level: str = "error"  # error (fails the check) | warning (reported, does not fail)

    def sort_key(self):
        return (self.path, self.line, self.col, self.field)

    def as_text(self) -> str:
        place = f"{self.path}:{self.line}:{self.col}"
        field = self.field or "(file)"
        tag = "" if self.level == "error" else "warning / 提示: "
        return f"{place} {tag}{field}: {self.en}\n{' ' * len(place)} {' ' * len(tag)}{field}：{self.zh}"

    def as_github(self) -> str:
        # GitHub Actions workflow command; newlines must be %0A-escaped.
        def esc(text: str) -> str:
            return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

        def prop(text: str) -> str:  # property values also escape ':' and ','
            return esc(text).replace(":", "%3A").replace(",", "%2C")

        body = esc(f"{self.en}\n{self.zh}")
        return f"::{self.level} file={prop(self.path)},line={self.line},col={self.col},title={prop(self.field or 'file')}::{body}"


class DataInvalid(Exception):
    """Raised once, after all problems were collected."""

    def __init__(self, problems: list[Problem], warnings: list[Problem] = ()):
        self.problems = sorted(problems, key=Problem.sort_key)
        self.warnings = list(warnings)
        super().__init__(self.report())

    def report(self, fmt: str = "text") -> str:
        if fmt == "github":
            lines = [p.as_github() for p in self.problems]
        else:
            lines = [p.as_text() for p in self.problems]
        n = len(self.problems)
        lines.append(
            f"{n} problem{'s' if n != 1 else ''} in data/ — fix them and run `make check` again.\n"
            f"data/ 中共有 {n} 处问题，请修改后再次运行 `make check`。"
        )
        return "\n".join(lines)


def warnings_report(warnings: list[Problem], fmt: str = "text") -> str:
    """Warnings do not fail the check; each says where, which field and the preferred form."""
    if not warnings:
        return ""
    lines = [p.as_github() if fmt == "github" else p.as_text() for p in warnings]
    n = len(warnings)
    lines.append(f"{n} warning{'s' if n != 1 else ''} in data/ (not errors: the check still passes).\n"
                 f"data/ 中共有 {n} 处提示（不是错误，校验仍然通过）。")
    return "\n".join(lines)
