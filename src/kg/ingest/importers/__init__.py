"""Importers: register files (BODS, GLEIF, FollowTheMoney, Wikidata …) into kg's dataset contract.

Each format is a module here with a :class:`~kg.ingest.importers.registry.ImportFormat` record named
``FORMAT``; every one writes through :class:`~kg.ingest.importers.common.ImportSink`, so each row keeps its
source (file, record, publication date, publisher) and what it writes always passes ``kg validate``.
"""
