"""Records → RDF (the canonical graph), RDF I/O and checks, the NetworkX projection, names, dating, SHACL."""
