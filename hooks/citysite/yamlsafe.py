"""Safe YAML reading that keeps line marks, for error messages that point at the editor's line.

Security: PyYAML's SafeLoader only composes nodes; we build Python values ourselves so that
aliases (billion-laughs), non-standard tags, duplicate keys and oversized files are refused
with a message instead of being expanded, executed or silently overwritten.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from .problems import Problem

# libyaml's parser is ~10x faster (make check must stay well under 2 s); same safe constructor.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 40
_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    # Dates stay the text the editor wrote ('2022-07-12'); the schema checks their form.
    "tag:yaml.org,2002:timestamp",
}

_STR = "tag:yaml.org,2002:str"

Path_ = tuple  # a path into the document: ('records', 3, 'opened')


class Positions(dict):
    """Maps a path to the 1-based (line, col) of the key (for mapping entries) or the item."""

    def find(self, path: Path_) -> tuple[int, int]:
        path = tuple(path)
        while path:
            if path in self:
                return self[path]
            path = path[:-1]
        return self.get((), (1, 1))


class _Reader:
    def __init__(self, rel_path: str, loader: yaml.SafeLoader):
        self.rel_path = rel_path
        self.loader = loader
        self.positions = Positions()
        self.problems: list[Problem] = []
        self._seen: set[int] = set()

    def problem(self, node, field: str, en: str, zh: str, where=None):
        line, col = where or (node.start_mark.line + 1, node.start_mark.column + 1)
        self.problems.append(Problem(self.rel_path, line, col, field, en, zh))

    def build(self, node, path: tuple, depth: int = 0):
        tag = node.tag
        if tag == _STR and type(node) is yaml.ScalarNode and depth <= MAX_DEPTH and id(node) not in self._seen:
            # The common case (plain text), without the constructor's bookkeeping.
            self._seen.add(id(node))
            return node.value
        field = format_path(path)
        if id(node) in self._seen:
            # The node is shared, so its own mark points at the anchor: report where it is reused.
            self.problem(
                node, field,
                "YAML anchors and aliases (&name, *name) are not allowed — write the value out in full",
                "不允许使用 YAML 锚点和别名（&name、*name）— 请直接写出完整内容",
                where=self.positions.get(path),
            )
            return None
        self._seen.add(id(node))
        if depth > MAX_DEPTH:
            self.problem(node, field, f"nesting deeper than {MAX_DEPTH} levels — flatten the data",
                         f"嵌套超过 {MAX_DEPTH} 层 — 请简化数据结构")
            return None
        if node.tag not in _PLAIN_TAGS:
            self.problem(
                node, field,
                f"YAML tag {node.tag!r} is not allowed — remove the tag (text starting with '!')",
                f"不允许使用 YAML 标签 {node.tag!r} — 请删除以“!”开头的标签",
            )
            return None
        if isinstance(node, yaml.MappingNode):
            out = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    self.problem(key_node, field, "a key must be plain text — write `name: value`",
                                 "键必须是普通文本 — 请写成“名称: 值”的形式")
                    continue
                key = key_node.value
                child = path + (key,)
                if key in out:
                    self.problem(
                        key_node, format_path(child),
                        f"the key {key!r} appears twice in the same block — keep one and delete the other",
                        f"同一层级中键 {key!r} 出现了两次 — 请保留一个并删除另一个",
                    )
                    continue
                self.positions[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                out[key] = self.build(value_node, child, depth + 1)
            return out
        if isinstance(node, yaml.SequenceNode):
            out = []
            for index, item in enumerate(node.value):
                child = path + (index,)
                self.positions[child] = (item.start_mark.line + 1, item.start_mark.column + 1)
                out.append(self.build(item, child, depth + 1))
            return out
        if node.tag.endswith(":timestamp"):
            return node.value
        return self.loader.yaml_constructors[node.tag](self.loader, node)


def format_path(path) -> str:
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def read_yaml(file: Path, rel_path: str):
    """Return (data, positions, problems). data is None when the file cannot be used."""
    size = file.stat().st_size
    if size > MAX_FILE_BYTES:
        return None, Positions(), [Problem(
            rel_path, 1, 1, "",
            f"file is {size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit — split it into smaller files",
            f"文件大小为 {size:,} 字节，超过 {MAX_FILE_BYTES:,} 字节的上限 — 请拆分为多个较小的文件",
        )]
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, Positions(), [Problem(
            rel_path, 1, 1, "",
            f"file is not valid UTF-8 ({exc.reason} at byte {exc.start}) — save it as UTF-8",
            f"文件不是有效的 UTF-8 编码（第 {exc.start} 字节）— 请以 UTF-8 编码保存",
        )]
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = (exc.problem or "syntax error").strip()
        return None, Positions(), [Problem(
            rel_path, line, col, "",
            f"YAML syntax error: {problem} — check the indentation, the colon after each key and "
            "that quotes are closed on or just before this line",
            f"YAML 语法错误：{problem} — 请检查本行及上一行的缩进、键后的冒号以及引号是否成对",
        )]
    except yaml.YAMLError as exc:
        return None, Positions(), [Problem(
            rel_path, 1, 1, "", f"YAML could not be read: {exc} — check the file's syntax",
            f"无法读取 YAML：{exc} — 请检查文件语法",
        )]
    finally:
        loader.dispose()
    if node is None:
        return None, Positions(), [Problem(rel_path, 1, 1, "", "the file is empty — add its content or delete it",
                                            "文件为空 — 请补充内容或删除该文件")]
    reader = _Reader(rel_path, loader)
    reader.positions[()] = (node.start_mark.line + 1, node.start_mark.column + 1)
    data = reader.build(node, ())
    if reader.problems:
        return None, reader.positions, reader.problems
    return data, reader.positions, []
