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

    def sort_key(self):
        return (self.path, self.line, self.col, self.field)

    def as_text(self) -> str:
        place = f"{self.path}:{self.line}:{self.col}"
        field = self.field or "(file)"
        return f"{place} {field}: {self.en}\n{' ' * len(place)} {field}：{self.zh}"

    def as_github(self) -> str:
        # GitHub Actions workflow command; newlines must be %0A-escaped.
        def esc(text: str) -> str:
            return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

        def prop(text: str) -> str:  # property values also escape ':' and ','
            return esc(text).replace(":", "%3A").replace(",", "%2C")

        body = esc(f"{self.en}\n{self.zh}")
        return f"::error file={prop(self.path)},line={self.line},col={self.col},title={prop(self.field or 'file')}::{body}"


class DataInvalid(Exception):
    """Raised once, after all problems were collected."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=Problem.sort_key)
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
