"""Vectorised matching and scoring of whole tables of enterprises (numpy), with the same meaning as
the per-enterprise path: the batch engine."""

from prescriber.vector.match import VectorMatcher
from prescriber.vector.table import FactTable, Layout, layout

__all__ = ["FactTable", "Layout", "VectorMatcher", "layout"]
