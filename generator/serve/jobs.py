"""A batch build run in the background while pages ask how far it got: one at a time."""
from __future__ import annotations

import datetime as dt
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from generator import api
from generator.errors import ChuongTrinhError
from generator.i18n import _


@dataclass
class Progress:
    running: bool = False
    total: int = 0
    done: int = 0
    current: str = ""
    actions: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def as_json(self) -> dict[str, object]:
        return {"running": self.running, "total": self.total, "done": self.done, "current": self.current,
                "actions": dict(self.actions), "problems": self.problems[-20:], "seconds": round(self.seconds, 1)}


class BuildJob:
    def __init__(self, provinces_dir: Path, out_dir: Path, date: dt.date | None, kind_name: str):
        self.provinces_dir, self.out_dir, self.date, self.kind_name = provinces_dir, out_dir, date, kind_name
        self.progress = Progress()
        self.lock = threading.Lock()

    def start(self, slugs: tuple[str, ...] = (), overwrite: bool = False, merge: bool = False) -> bool:
        """Build the given units (all of them when none is given) in a thread; False when a
        build is already running. `overwrite`: a document edited by hand too (its copy is kept);
        `merge`: a document edited by hand merged with the new draft."""
        with self.lock:
            if self.progress.running:
                return False
            self.progress = Progress(running=True)
        threading.Thread(target=self._run, args=(slugs, overwrite, merge), daemon=True).start()
        return True

    def _run(self, slugs: tuple[str, ...], overwrite: bool = False, merge: bool = False) -> None:
        progress = self.progress
        started = time.perf_counter()
        try:
            run = api.build(slugs, self.out_dir, everything=not slugs, provinces_dir=self.provinces_dir,
                            date=self.date, kind_name=self.kind_name, force=overwrite,
                            redline=True, merge=merge)   # (redline: each rebuild's changes, to download)
            progress.total = len(run)
            for outcome in run:
                progress.done += 1
                progress.current = outcome.slug
                progress.actions[outcome.action] += 1
                progress.problems += [f"{outcome.slug}: {problem}" for problem in outcome.problems]
        except ChuongTrinhError as e:
            progress.problems += [str(problem) for problem in e.problems]
        except Exception as e:  # noqa: BLE001 - shown on the page; the server goes on
            progress.problems.append(_("lỗi nội bộ: {error}", error=repr(e)))
        finally:
            progress.seconds = time.perf_counter() - started
            progress.running = False
