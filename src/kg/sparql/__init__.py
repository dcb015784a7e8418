"""SPARQL: named queries, running them, stores (Oxigraph, Virtuoso), remote endpoints, and the read-only server."""
