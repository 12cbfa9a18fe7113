"""Field types for "one fact, one place" (issue 16 item 4): a guide refers to a directory record
instead of repeating its name and address, and a directory record says whether it is still there.
Kept apart from models.py so that models, loader checks and views can share them."""
from __future__ import annotations

from typing import Literal, Optional

from pydantic import Field

from .fields import Id, Scope, Strict, Text

ServiceStatus = Literal["open", "moved", "closed"]
ServiceKind = Literal["hospital", "school", "exit-entry", "immigration-centre", "hotline", "community", "other"]


class Ref(Strict):
    """A pointer to one directory record: the page renders that record's current name, address,
    phones and status, so a move or a closure updates every page that mentions it."""

    collection: Literal["services"] = Field(
        "services", title="Collection / 数据集",
        description="The collection the record is in (services). 记录所在的数据集（services）。")
    city: Scope = Field(title="City / 城市", description="The record's file: national or a city id. 记录所在文件：national 或城市编号。")
    id: Id = Field(title="Record id / 记录编号", description="id of the record in that file. 该文件中记录的 id。")


class FirstWeek(Strict):
    """Where a guide goes on the cities' "first week" pages."""

    order: int = Field(ge=1, le=99, title="Order / 顺序", description="Position on the first-week page (1 = first). 在“第一周”页面上的顺序（1 为最先）。")
    when: Text = Field(title="When / 何时办", description="When a newcomer does this, e.g. within 24 hours. 新来者何时办理，如入住后24小时内。")
    offices: list[ServiceKind] = Field(
        [], title="Offices / 相关机构",
        description="Kinds of directory entry whose phones the page shows with this guide (e.g. exit-entry). "
                    "页面在该指南旁列出本市哪类服务机构（如 exit-entry）。")
