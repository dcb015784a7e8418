"""Importers: register files in foreign formats turned into kg's dataset contract (one module per format)."""
