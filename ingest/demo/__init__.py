"""The deterministic demo bank.

`generate(out_dir, parties, seed=7)` writes, for the same seed, byte-identical files:

- `<Type>.csv` (UTF-8, header row) for most types and `<Type>.jsonl` for Facility and
  REFERRED (one object per line, empty fields left out). Node files: `id` and the type's
  non-derived properties; link files: `id,source_id,target_id`, then valid_from, valid_to,
  source, source_record_id and the type's own properties (column order from the schema).
  An empty CSV cell means "no value".
- `truth.csv`: record_id, entity_id, record_type, split (train|eval, per entity), variations
  (semicolon-separated, empty for the entity's first record) - every Person and Company record.
- `fx_rates.csv`: currency, rate_to_usd, rate_date (two dates).
- `declared_group_differences.csv`: group_id, company_id, difference (missing_from_declared |
  extra_in_declared) - the planted differences between declared groups and ownership.
- `manifest.json`: counts per type, files, seed and structural facts (see `DemoManifest`).

Command line: `python -m ingest.demo OUT_DIR --parties N --seed S`.
The duplicate variations (`variations.py`) are the answer key: the matcher must not import them.
"""

from ingest.demo.generator import DemoManifest, generate

__all__ = ["DemoManifest", "generate"]
