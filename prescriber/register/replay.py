"""Rule-base snapshots and replay: a record prescribed again with the rule base it was written with
(which must give the same bytes) and with today's (which may differ: the diff says how)."""

from __future__ import annotations

import difflib
import json
import tempfile
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from prescriber import yamlsrc
from prescriber.api import Prescriber
from prescriber.loader import yaml_files
from prescriber.register.store import RecordView, Register

__all__ = ["Replay", "Replayer", "read_files", "snapshot_paths"]


def read_files(rules: Path, catalog: Path) -> dict[str, str]:
    """The content of every rule and catalogue file, keyed ``rules/<path>`` and ``catalog/<path>``."""
    out: dict[str, str] = {}
    for kind, root in (("rules", rules), ("catalog", catalog)):
        files = [root] if root.is_file() else yaml_files(root)
        for f in files:
            rel = f.name if root.is_file() else f.relative_to(root).as_posix()
            out[f"{kind}/{rel}"] = f.read_text(encoding="utf-8")
    return out


def snapshot_paths(files: dict[str, str], into: Path) -> tuple[Path, Path]:
    """Write a snapshot's files below ``into``; returns its rules and catalogue directories."""
    for name, content in files.items():
        target = into / name
        if into.resolve() not in target.resolve().parents:
            raise ValueError(f"snapshot file outside its directory: {name!r}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    (into / "rules").mkdir(exist_ok=True)
    (into / "catalog").mkdir(exist_ok=True)
    return into / "rules", into / "catalog"


@dataclass(frozen=True)
class Replay:
    """A record prescribed again: with its own rule base and with today's."""

    record: int
    fingerprint: str
    identical: bool
    today_fingerprint: str
    today_changed: bool
    added: tuple[str, ...]
    dropped: tuple[str, ...]
    diff: str


class Replayer:
    """Replays records; keeps the last few rule bases rebuilt from snapshots."""

    def __init__(self, register: Register, keep: int = 2) -> None:
        self.register = register
        self._keep = keep
        self._cache: OrderedDict[tuple[str, str], Prescriber] = OrderedDict()
        self._lock = threading.Lock()

    def prescriber(self, fingerprint: str, engine: str) -> Prescriber:
        """The rule base of ``fingerprint`` rebuilt from its snapshot."""
        with self._lock:
            key = (fingerprint, engine)
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
            files = self.register.snapshot(fingerprint)
            if files is None:
                raise LookupError(f"no snapshot of rule base {fingerprint}")
            with tempfile.TemporaryDirectory(prefix="prescriber-snapshot-") as tmp:
                rx = Prescriber.from_paths(*snapshot_paths(files, Path(tmp)), engine=engine)
            if rx.fingerprint != fingerprint:
                rx.close()
                raise LookupError(f"snapshot of {fingerprint} compiles to {rx.fingerprint}")
            self._cache[key] = rx
            while len(self._cache) > self._keep:
                # A replaced rule base frees its engine once its last prescription finishes.
                self._cache.popitem(last=False)[1].close()
            return rx

    def prescription_json(self, rx: Prescriber, record: RecordView) -> str:
        """The library's JSON for the record's profile, as received, with ``rx``."""
        doc = yamlsrc.loads(record.profile_text, record.source_name)
        return rx.prescribe(doc, as_of=record.as_of, top=record.top).model_dump_json(indent=2) + "\n"

    def replay(self, record: RecordView, today: Prescriber) -> Replay:
        """Prescribe ``record`` again with its own rule base and with ``today``'s."""
        own = self.prescription_json(self.prescriber(record.fingerprint, record.engine), record)
        now = self.prescription_json(today, record)
        before, after = _services(record.prescription_json), _services(now)
        diff = "".join(
            difflib.unified_diff(
                record.prescription_json.splitlines(keepends=True),
                now.splitlines(keepends=True),
                f"record {record.id}",
                "today",
                n=2,
            )
        )
        return Replay(
            record.id,
            record.fingerprint,
            own == record.prescription_json,
            today.fingerprint,
            now != record.prescription_json,
            tuple(s for s in after if s not in before),
            tuple(s for s in before if s not in after),
            diff,
        )

    def close(self) -> None:
        """Free every rebuilt rule base."""
        with self._lock:
            for rx in self._cache.values():
                rx.close()
            self._cache.clear()


def _services(prescription_json: str) -> list[str]:
    return [i["service"] for i in json.loads(prescription_json)["items"]]
