"""The splink baseline, configured as splink's documentation does for FEBRL
(docs/demos/examples/duckdb/febrl3 and febrl4): the febrl3 settings and training for
febrl1-3 (dedupe), the febrl4 "detailed" settings and training for febrl4 (link only).
Returns the match weight of every predicted pair, for thresholds to be applied later."""

from __future__ import annotations

import logging
from typing import Any

import pandas as pd  # type: ignore[import-untyped]
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

logging.getLogger("splink").setLevel(logging.ERROR)

COLUMNS = ("given_name", "surname", "street_number", "address_1", "address_2", "suburb", "postcode", "state",
           "date_of_birth", "soc_sec_id")


def prepare(frame: pd.DataFrame) -> pd.DataFrame:
    """As the docs do: strings trimmed, date and social security id as text."""
    out = frame.reset_index()[["rec_id", *COLUMNS]].copy()
    for column in COLUMNS:
        out[column] = out[column].map(lambda v: None if v is None or v != v else str(v).strip() or None)
    return out


def _febrl3_linker(df: pd.DataFrame) -> Linker:
    blocking: list[Any] = [block_on("soc_sec_id"), block_on("given_name"), block_on("surname"),
                           block_on("date_of_birth"), block_on("postcode")]
    settings = SettingsCreator(
        unique_id_column_name="rec_id", link_type="dedupe_only", blocking_rules_to_generate_predictions=blocking,
        comparisons=[
            cl.NameComparison("given_name"), cl.NameComparison("surname"),
            cl.DateOfBirthComparison("date_of_birth", input_is_string=True, datetime_format="%Y%m%d"),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [2]),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.ExactMatch("postcode").configure(term_frequency_adjustments=True),
        ],
        retain_intermediate_calculation_columns=True,
    )
    linker = Linker(DuckDBAPI().register(df), settings)
    rules: list[Any] = [block_on("soc_sec_id"), block_on("given_name", "surname", "date_of_birth"),
                        "l.given_name = r.surname and l.surname = r.given_name and l.date_of_birth = r.date_of_birth"]
    linker.training.estimate_probability_two_random_records_match(rules, recall=0.9)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=2)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("date_of_birth"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("postcode"))
    return linker


def _febrl4_linker(a: pd.DataFrame, b: pd.DataFrame) -> Linker:
    blocking: list[Any] = [block_on("given_name", "surname"), "l.given_name = r.surname and l.surname = r.given_name",
                block_on("date_of_birth"), block_on("soc_sec_id"), block_on("state", "address_1"),
                block_on("street_number", "address_1"), block_on("postcode")]
    settings = SettingsCreator(
        unique_id_column_name="rec_id", link_type="link_only", blocking_rules_to_generate_predictions=blocking,
        comparisons=[
            cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison("date_of_birth", input_is_string=True, datetime_format="%Y%m%d",
                                     invalid_dates_as_null=True),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]).configure(term_frequency_adjustments=True),
        ],
        retain_intermediate_calculation_columns=True,
    )
    db_api = DuckDBAPI()
    linker = Linker([db_api.register(a), db_api.register(b)], settings)
    rules: list[Any] = [block_on("soc_sec_id"), block_on("given_name", "surname", "date_of_birth")]
    linker.training.estimate_probability_two_random_records_match(rules, recall=0.8)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("date_of_birth"), estimate_without_term_frequencies=True)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("postcode"), estimate_without_term_frequencies=True)
    return linker


def splink_scores(frame: pd.DataFrame, link_only: bool) -> dict[frozenset[str], float]:
    """Match weight of every pair splink predicts (the docs' 0.2 probability floor)."""
    if link_only:
        a = prepare(frame[frame["source_dataset"] == "a"])
        b = prepare(frame[frame["source_dataset"] == "b"])
        linker = _febrl4_linker(a, b)
    else:
        linker = _febrl3_linker(prepare(frame))
    result = linker.inference.predict(threshold_match_probability=0.2)
    predictions = result.as_pandas_dataframe()  # type: ignore[no-untyped-call]
    return {frozenset((str(r.rec_id_l), str(r.rec_id_r))): float(r.match_weight)
            for r in predictions.itertuples(index=False)}
