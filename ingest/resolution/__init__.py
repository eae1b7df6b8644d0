"""De-duplication (issue 3): one party per real-world entity, with explained matches a
person can confirm or reject.

API (all take a `graph.store.GraphStore`):
- `resolve(store, model=None, hub_cap=10) -> Summary` after a load;
- `candidates(store, limit=100, min_score=None) -> list[dict]` open "possibly same" pairs;
- `judge(store, a, b, decision, user, note="") -> dict` record and apply a decision;
- `unmerge(store, party_id, record_id, user=None, note="") -> str` undo a merge exactly
  (with a user, recorded as their 'different' judgement so it is never redone);
- `compare(store, a, b) -> dict` how the matcher sees two parties (score, reasons);
- `KithResolver(store)` the loader's hook: merged ids map to their survivor.
"""

from ingest.resolution.judgements import judge, judgements
from ingest.resolution.judgements import undo_merge as unmerge
from ingest.resolution.resolve import KithResolver, Summary, candidates, compare, resolve

__all__ = ["KithResolver", "Summary", "candidates", "compare", "judge", "judgements", "resolve", "unmerge"]
