"""The ontology as typed Python: the only place kg's vocabulary comes from (classes, families, relations, CSV columns, value kinds, confidence grades, bases, metrics)."""
