"""The graph store behind plangraph, kept behind a small interface so another engine can replace it.

Every backend offers the same four things: replace one named graph atomically, read a graph back,
run a SPARQL query, and export the whole dataset. :class:`OxigraphStore` is the embedded, on-disk
implementation; a later backend speaks the SPARQL protocol to an external engine.
"""

from __future__ import annotations

from plangraph.store.base import GraphStore, ReplaceResult
from plangraph.store.export import EXPORT_FORMATS, export_dataset
from plangraph.store.oxigraph import OxigraphStore, StoreError, open_store
from plangraph.store.snapshots import Snapshot, SnapshotStore

__all__ = [
    "EXPORT_FORMATS", "GraphStore", "OxigraphStore", "ReplaceResult", "Snapshot", "SnapshotStore", "StoreError",
    "export_dataset", "open_store",
]
