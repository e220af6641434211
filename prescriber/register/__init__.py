"""The register of every prescription (design.md §7): the only module that talks to a database.

One schema (``schema``), its migrations (``migrations``, Alembic), a SQLite file by default and
PostgreSQL by URL. Each record keeps the profile as received, the library's JSON, the rule base's
fingerprint (its files kept once per fingerprint, so a record can be replayed), ``as_of``, engine and
versions, who asked, and the enterprise's confirmation (意愿确认).
"""

from __future__ import annotations

from prescriber.register.assess import Assessment, assess, figures, province, to_csv, to_xlsx
from prescriber.register.cases import CaseBook, CaseView, Change, Event, Evidence, ItemView, Reconciliation
from prescriber.register.cohort import Candidate, Cohorts
from prescriber.register.replay import Replay, Replayer, read_files, snapshot_paths
from prescriber.register.store import DEFAULT_URL, ConfirmationView, NewRecord, RecordView, Register

__all__ = [
           "DEFAULT_URL",
           "Assessment",
           "Candidate",
           "CaseBook",
           "CaseView",
           "Change",
           "Cohorts",
           "ConfirmationView",
           "Event",
           "Evidence",
           "ItemView",
           "NewRecord",
           "Reconciliation",
           "RecordView",
           "Register",
           "Replay",
           "Replayer",
           "assess",
           "figures", "province",
           "read_files",
           "snapshot_paths",
           "to_csv",
           "to_xlsx",
]
