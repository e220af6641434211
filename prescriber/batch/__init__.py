"""Tables of enterprises in, tables of prescriptions and reports out: chunked, with every bad row
reported and none lost."""

from prescriber.batch.facts import fact_table, row_facts, to_facts
from prescriber.batch.io import CHUNK, FORMATS, TableWriter, close_all, read_frames, write_frame
from prescriber.batch.job import Outputs, Summary, run_job
from prescriber.batch.rows import COLUMNS, Row, read_table, row_profile
from prescriber.batch.run import ERROR_COLUMNS, BatchResult, Engine, joined

__all__ = [
    "CHUNK",
    "COLUMNS",
    "ERROR_COLUMNS",
    "FORMATS",
    "BatchResult",
    "Engine",
    "Outputs",
    "Row",
    "Summary",
    "TableWriter",
    "close_all",
    "fact_table",
    "joined",
    "read_frames",
    "read_table",
    "row_facts",
    "row_profile",
    "run_job",
    "to_facts",
    "write_frame",
]
