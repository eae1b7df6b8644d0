"""`python -m queries.walkthrough`: the issue-5 walk-through on the demo bank, reproducible.

Generates the demo bank (ingest.demo, fixed seed), loads it into an embedded store,
chooses three prospects by a fixed rule and writes docs/walkthrough.md: their
key-person leads and introduction paths, with every link id and figure a reader
needs to check them by hand in the generated files.
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Iterator
from pathlib import Path

from graph.embedded import EmbeddedStore
from graph.settings import Settings
from graph.store import GraphStore, Link, Node
from queries.leads import KeyPersonLead, key_person_leads
from queries.links import HUB_DEGREE, KEY_ROLES
from queries.paths import IntroPath, intro_paths
from queries.referrals import referral_report

OUT = Path("docs/walkthrough.md")


FILES: dict[str, str] = {}  # type -> the demo file that holds its rows (filled by load_demo)


def load_demo(parties: int, seed: int, folder: Path) -> EmbeddedStore:
    from ingest.demo.generator import generate
    from ingest.loader import load_files

    manifest = generate(folder / "demo", parties, seed=seed)
    FILES.update((Path(f).name.split(".")[0], Path(f).name) for f in manifest.files)
    store = EmbeddedStore()
    load_files(store, [folder / "demo"], progress=False, settings=Settings(data_dir=folder / "kith"))
    return store


def _file(type_name: str) -> str:
    return FILES.get(type_name, f"{type_name}.csv")


def choose(store: GraphStore, leads: list[KeyPersonLead], as_of: str) -> list[tuple[str, str]]:
    """(party id, why chosen): the best lead that is a prospect; the best other lead reached
    through a family tie; the first prospect with an open referral and a referrer path."""
    status = {n.id: n.props.get("status") for n in store.get_nodes([x.company.id for x in leads])}
    prospects = [x for x in leads if status.get(x.company.id) == "prospect"] or leads
    picked = [(prospects[0].company.id, "the highest-scoring key-person lead with status prospect")]
    for lead in prospects[1:]:
        paths = intro_paths(store, lead.company.id, as_of=as_of)
        if any(s.type == "FAMILY" for p in paths for s in p.steps):
            picked.append((lead.company.id, "the best further prospect lead whose introductions include a family tie"))
            break
    open_refs = sorted({x.target for x in store.iter_links(["REFERRED"]) if x.props.get("outcome") == "open"})
    for party in open_refs:
        if party in {p for p, _ in picked}:
            continue
        paths = intro_paths(store, party, as_of=as_of)
        if {p.via for p in paths} == {"rm", "referrer"}:
            picked.append((party, "the first party (by id) with an open referral and both an RM and a referrer path"))
            break
    return picked


def _fmt(value: object) -> str:
    if isinstance(value, bool) or value is None:
        return "-" if value is None else str(value).lower()
    return f"{value:,.0f}" if isinstance(value, int | float) else str(value)


def _facts(node: Node) -> Iterator[str]:
    props = node.props
    yield f"- **{props.get('name')}** (`{node.id}`, {node.type}, file `{_file(node.type)}`)"
    fields = ("status", "segment", "industry", "region", "size_band", "annual_revenue", "do_not_contact",
              "marketing_consent")
    yield "- " + ", ".join(f"{f}: {_fmt(props.get(f))}" for f in fields if f in props or f == "status")


def _link_row(link: Link, names: dict[str, str]) -> str:
    props = {k: v for k, v in link.props.items() if k in ("share_pct", "role", "title", "kind", "date", "outcome")}
    extra = ", ".join(f"{k}={v}" for k, v in props.items())
    return (f"| `{link.id}` | {link.type} | {names.get(link.source, link.source)} (`{link.source}`) | "
            f"{names.get(link.target, link.target)} (`{link.target}`) | {extra} |")


def _roles_table(store: GraphStore, party: str, as_of: str) -> Iterator[str]:
    links = store.links_of([party], [*KEY_ROLES, "MANAGES", "REFERRED", "FAMILY"], "both", as_of)
    names = {n.id: str(n.props.get("name", n.id)) for n in store.get_nodes(sorted({i for x in links for i in
                                                                                   (x.source, x.target)}))}
    yield "| link id | type | from | to | details |"
    yield "|---|---|---|---|---|"
    yield from (_link_row(x, names) for x in links)


def _path_lines(rank: int, path: IntroPath) -> Iterator[str]:
    factors = " x ".join(f"{s.strength:g}" for s in path.steps)
    yield f"{rank}. **{path.score:g}** = 100 x {factors}. {path.sentence}"
    for step in path.steps:
        yield f"   - `{step.link_id}` ({step.type}, `{_file(step.type)}`): {step.text}, strength {step.strength:g}"


def _hubs(store: GraphStore, party: str, as_of: str) -> Iterator[str]:
    around = store.links_of([party], KEY_ROLES, "in", as_of)
    for person in sorted({x.source for x in around}):
        count = len({x.target for x in store.links_of([person], KEY_ROLES, "out", as_of)})
        if count >= HUB_DEGREE:
            yield (f"- `{person}` holds key roles in {count} companies (>= {HUB_DEGREE}): a hub, never used as a "
                   "step (its links to this company are not introductions).")


def section(store: GraphStore, number: int, party: str, why: str, leads: dict[str, KeyPersonLead],
            as_of: str) -> Iterator[str]:
    node = store.get_nodes([party])[0]
    yield f"## Prospect {number}: {node.props.get('name')} (`{party}`)\n"
    yield f"Chosen as {why}.\n"
    yield from _facts(node)
    yield "\n### Its links (as of the walk-through date)\n"
    yield from _roles_table(store, party, as_of)
    yield from ("", *_hubs(store, party, as_of))
    lead = leads.get(party)
    yield "\n### As a key-person lead\n"
    if lead is None:
        yield "Not a key-person lead (no key person of a customer holds a role in it, or consent/guard excludes it).\n"
    else:
        yield (f"Value {_fmt(lead.value)} ({'annual revenue' if node.props.get('annual_revenue') else 'size band'})"
               f" x best path strength {lead.strength:g} = score {_fmt(lead.score)}.\n")
        for p in lead.paths[:5]:
            rms = ", ".join(f"{r.name} (`{r.id}`)" for r in p.rms) or "no RM"
            yield f"- {p.text}: strength {p.strength:g}; RM: {rms}"
    yield "\n### Warm introductions, best first\n"
    for rank, path in enumerate(intro_paths(store, party, as_of=as_of), 1):
        yield from _path_lines(rank, path)
    yield ""


def render(store: GraphStore, parties: int, seed: int, as_of: str) -> str:
    leads = key_person_leads(store, as_of=as_of)
    by_id = {x.company.id: x for x in leads}
    counts = store.counts()
    lines = [
        "# Walk-through: key-person leads and warm introductions on the demo bank\n",
        f"Generated by `python -m queries.walkthrough --parties {parties} --seed {seed}` "
        f"(as of {as_of}, the demo bank's fixed today); do not edit by hand. Regenerate the bank with "
        f"`python -m ingest.demo --parties {parties} --seed {seed}` to check any row by its id.\n",
        "Scores: 100 x the product of link strengths (queries/links.py): owner 0.3 + 0.7 x share; chair 0.8, "
        "director 0.7, legal representative 0.8, officer 0.6, nominee 0.2; spouse 0.9, parent/child 0.85, "
        "sibling 0.7; control 0.8; RM manages customer 1.0; a referral (0.3 + 0.7 x the referrer's smoothed "
        "conversion rate) x recency. Parties with key roles in 50 or more companies are hubs and never a step.\n",
        f"The bank: {counts.nodes.get('Company', 0):,} companies, {counts.nodes.get('Person', 0):,} persons, "
        f"{counts.nodes.get('RelationshipManager', 0)} RMs, {counts.nodes.get('Referrer', 0)} referrers; "
        f"{len(leads):,} key-person leads after consent and the duplicate-marketing guard.\n",
        "## Top ten key-person leads\n", "| # | company | value | strength | score | best path |",
        "|---|---|---|---|---|---|",
    ]
    for i, lead in enumerate(leads[:10], 1):
        lines.append(f"| {i} | {lead.company.name} (`{lead.company.id}`) | {_fmt(lead.value)} | {lead.strength:g} "
                     f"| {_fmt(lead.score)} | {lead.paths[0].text} |")
    lines.append("")
    for number, (party, why) in enumerate(choose(store, leads, as_of), 1):
        lines.extend(section(store, number, party, why, by_id, as_of))
    lines.extend(_hub_section(store, as_of))
    lines.extend(_referrers(store))
    return "\n".join(lines) + "\n"


def _hub_section(store: GraphStore, as_of: str) -> Iterator[str]:
    companies: dict[str, set[str]] = {}
    for link in store.iter_links(KEY_ROLES, as_of):
        companies.setdefault(link.source, set()).add(link.target)
    hubs = sorted((p for p, cs in companies.items() if len(cs) >= HUB_DEGREE), key=lambda p: (-len(companies[p]), p))
    yield "## Hubs kept out of introductions\n"
    if not hubs:
        yield "No party holds key roles in 50 or more companies in this bank.\n"
        return
    nodes = {n.id: n for n in store.get_nodes([*hubs, *{c for h in hubs for c in companies[h]}])}
    for hub in hubs:
        held = sorted(companies[hub])
        customers = [c for c in held if nodes[c].props.get("status") == "customer"]
        prospects = [c for c in held if nodes[c].props.get("status") == "prospect"]
        yield (f"- `{hub}` {nodes[hub].props.get('name')}: key roles in {len(held)} companies, {len(customers)} of "
               f"them customers and {len(prospects)} prospects.")
        if prospects:
            paths = intro_paths(store, prospects[0], as_of=as_of, limit=50)
            through = sum(1 for p in paths if hub in {n.id for n in p.nodes})
            yield (f"  Introductions to `{prospects[0]}` {nodes[prospects[0]].props.get('name')}: {len(paths)} found, "
                   f"{through} through `{hub}` (a shared nominee is not a relationship).")
    yield ""


def _referrers(store: GraphStore) -> Iterator[str]:
    rows = sorted(referral_report(store), key=lambda r: (-r.converted_value, r.key))[:5]
    yield "## Referrers bringing the most converted business\n"
    yield "| referrer | referrals | conversions | rate | converted value | commission | median days |"
    yield "|---|---|---|---|---|---|---|"
    for r in rows:
        yield (f"| {r.name} (`{r.key}`) | {r.referrals} | {r.conversions} | {r.conversion_rate:.0%} | "
               f"{_fmt(r.converted_value)} | {_fmt(r.commission)} | {_fmt(r.median_days_to_convert)} |")


def main(argv: list[str] | None = None) -> Path:
    from ingest.demo.ids import AS_OF

    parser = argparse.ArgumentParser(prog="python -m queries.walkthrough", description=__doc__)
    parser.add_argument("--parties", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kith-walkthrough-") as folder:
        store = load_demo(args.parties, args.seed, Path(folder))
        text = render(store, args.parties, args.seed, AS_OF.isoformat())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")
    return Path(args.out)


if __name__ == "__main__":
    main()
