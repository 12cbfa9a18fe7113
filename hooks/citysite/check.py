"""`python -m citysite.check [--format github] [DATA_DIR]`: validate all data, print every problem.
The same function runs in the build, pre-commit, CI and tests."""
from __future__ import annotations

import argparse
import sys
import time

from .loader import load
from .problems import DataInvalid, warnings_report


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m citysite.check", description="Validate data/ — 校验 data/ 目录")
    parser.add_argument("data_dir", nargs="?", default=None, help="data folder (default: the project's data/)")
    parser.add_argument("--format", choices=["text", "github"], default="text",
                        help="github: print GitHub Actions annotations — 以 GitHub 注释格式输出")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        dataset = load(args.data_dir)
    except DataInvalid as exc:
        if exc.warnings:
            print(warnings_report(exc.warnings, args.format))
        print(exc.report(args.format))
        return 1
    if dataset.warnings:
        print(warnings_report(dataset.warnings, args.format))
    count = sum(len(v) for v in dataset.records.values())
    seconds = time.perf_counter() - started
    print(f"data/ OK: {count} records in {len(dataset.records)} collections ({seconds:.2f} s) — 数据校验通过：{count} 条记录")
    return 0


if __name__ == "__main__":
    sys.exit(main())
