"""``kg build``: validate, build, and write every output of the registry (:mod:`kg.exports.registry`) atomically."""

from __future__ import annotations

import os
from pathlib import Path

from kg.atomic_dir import check_target, replacing_directory
from kg.errors import UsageError
from kg.exports.progress import Stages
from kg.exports.registry import DIRECTORIES, choose, file_names, listing, opt_in_names
from kg.graph.knowledge import load
from kg.graph.rdfread import triple_count
from kg.nogc import paused_gc
from kg.ownership.derived import derived_ntriples
from kg.schema.vocab import DEFAULT_MIN_CONFIDENCE


def build_outputs(
    data: str | Path,
    out: str | Path,
    *,
    min_confidence: str = DEFAULT_MIN_CONFIDENCE,
    store: str | Path | None = None,
    encoding: str | None = None,
    outputs: str | None = None,
) -> dict:
    """Build the graph from ``data`` and write the outputs into ``out``; all or nothing.

    The outputs are written into a new directory beside ``out`` and switched in as a
    whole (:mod:`kg.atomic_dir`): a failed, killed or concurrent build never leaves a mix
    of old and new files. :class:`~kg.errors.UsageError` when ``out`` cannot be written.
    ``outputs``: ``kg build --outputs`` (see :func:`kg.exports.registry.choose`); the default writes every
    output except those too big for the graph, and the report's ``skipped`` says which and why.
    Each output is streamed into its file; outputs not written this time are not carried over.
    """
    if outputs is not None:
        choose(outputs, 0)  # an unknown name is a usage error before the work
    real_out = check_target(Path(out))  # before the work: a bad --out is a usage error, said at once
    real_data = Path(os.path.realpath(data))
    if real_data == real_out or real_out in real_data.parents:
        raise UsageError(
            f"--out {out} holds the dataset folder {data}; kg replaces the whole --out folder, "
            "so give the outputs a folder of their own"
        )
    stages = Stages(2 + len(file_names()))
    # the cyclic collector paused for the build (kg.nogc): each stage adds millions of long-lived objects
    # without cycles, and every automatic full collection would walk all of them again
    with paused_gc():
        try:
            with stages.step("reading, validating and building the graph"):
                kg = load(data, min_confidence=min_confidence, encoding=encoding)
            with stages.step("computing the derived statements"):
                lines, derived = derived_ntriples(kg)
                kg.add_ntriples(lines)
                del lines  # in the store now (about half the triples at scale)
            kg.report["derived"] = derived
            chosen, skipped = choose(outputs, kg.nx.number_of_nodes())
            kg.report["written"] = listing(chosen)
            out = Path(out)
            try:
                with replacing_directory(out, drop={*file_names(), *opt_in_names()}) as stage:
                    for f in chosen:
                        with stages.step(f"writing {f.file}"), open(stage / f.file, "wb") as fh:
                            f.write(kg, fh)
                    for folder in DIRECTORIES:
                        with stages.step(f"writing {folder.name}/"):
                            folder.write(kg, stage / folder.name)
            except OSError as exc:
                raise UsageError(f"cannot write the outputs to {out}: {exc.strerror or exc}") from None
        finally:
            stages.close()
    if store is not None:
        from kg.sparql.stores import save_store

        kg.report["store"] = save_store(kg, store)
    return {
        **kg.report,
        "triples": triple_count(kg.rdf),
        "skipped": skipped,
        "out": str(out),
        "warnings": [w.format() for w in kg.dataset.warnings] if kg.dataset else [],
    }
