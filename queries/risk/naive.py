"""The naive Cypher baselines the risk benchmarks compare against (DECISIONS: one
variable-length query per client). Kept here because Cypher lives in graph/ and queries/;
Kith itself never runs them. Every value is a parameter."""

from __future__ import annotations

# Groups: every party reachable from the client over OWNS, CONTROLS or GUARANTEES in up to
# six hops (either direction), and the client's own exposure (drawn + undrawn, native
# currency). The baseline ignores validity dates and thresholds, which only makes it faster.
NAIVE_GROUP = """
MATCH (c:Party {id: $id})
OPTIONAL MATCH (c)-[:OWNS|CONTROLS|GUARANTEES*1..6]-(x:Party)
WITH c, collect(DISTINCT x.id) AS reach
OPTIONAL MATCH (c)-[:BORROWS]->(f:Facility)
RETURN reach, sum(coalesce(f.limit_amount, 0.0)) AS exposure
"""

# Ownership: every holder reaching the company over OWNS links valid on $as_of in up to six
# hops, the product of shares along each path summed over paths (Cypher never repeats a
# relationship in a path, so cycles are cut short: an approximation that stops at a depth).
NAIVE_OWNERSHIP = """
MATCH p = (h:Party)-[:OWNS*1..6]->(c:Company {id: $id})
WHERE all(r IN relationships(p) WHERE (r.valid_from IS NULL OR r.valid_from <= $as_of)
                                  AND (r.valid_to IS NULL OR r.valid_to >= $as_of))
RETURN h.id AS holder, sum(reduce(s = 1.0, r IN relationships(p) | s * r.share_pct / 100.0)) AS share
"""

CUSTOMER_IDS = "MATCH (p:Party) WHERE p.status = 'customer' RETURN p.id AS id ORDER BY id"
OWNED_COMPANY_IDS = "MATCH (c:Company) WHERE EXISTS { ()-[:OWNS]->(c) } RETURN c.id AS id ORDER BY id"
