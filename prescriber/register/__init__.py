"""The register of every prescription (design.md §7): the only module that talks to a database.

One schema (``schema``), its migrations (``migrations``, Alembic), a SQLite file by default and
PostgreSQL by URL. Each record keeps the profile as received, the library's JSON, the rule base's
fingerprint (its files kept once per fingerprint, so a record can be replayed), ``as_of``, engine and
versions, who asked, and the enterprise's confirmation (意愿确认). Follow-through (依方取药) lives here
too: a case per enterprise and year with its work items (``cases``, ``flow``, ``reconcile``), the
yearly cohort (``cohort``), a chain leader's group of suppliers followed together (``groups``, 带动一批) and
the city assessment (``assess``).
"""

from __future__ import annotations

from prescriber.register.assess import Assessment, assess, figures, province, to_csv, to_xlsx
from prescriber.register.cases import CaseBook, CaseView, Change, Event, Evidence, ItemView, Reconciliation
from prescriber.register.cohort import Candidate, Cohorts
from prescriber.register.jobs import JobStore, JobView
from prescriber.register.replay import Replay, Replayer, read_files, snapshot_paths
from prescriber.register.store import DEFAULT_URL, ConfirmationView, NewRecord, RecordView, Register

__all__ = [
    "DEFAULT_URL",
    "ConfirmationView",
    "NewRecord",
    "RecordView",
    "Register",
    "Replay",
    "Replayer",
    "read_files",
    "snapshot_paths",
]
# Follow-through (依方取药): cases and work items, the yearly cohort, the city assessment.
__all__ += [
    "Assessment",
    "Candidate",
    "CaseBook",
    "CaseView",
    "Change",
    "Cohorts",
    "Event",
    "Evidence",
    "ItemView",
    "Reconciliation",
    "assess",
    "figures",
    "province",
    "to_csv",
    "to_xlsx",
]
# Batch jobs (state and result tables), so they survive a restart: see prescriber/register/jobs.py.
__all__ += ["JobStore", "JobView"]
