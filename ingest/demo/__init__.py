"""The deterministic demo bank: `generate(out_dir, parties, seed)` writes canonical CSV/JSONL files,
truth.csv (which records are the same real-world entity) and fx_rates.csv."""

from ingest.demo.generator import DemoManifest, generate

__all__ = ["DemoManifest", "generate"]
