"""Output formats and `kg build`'s atomic write of them."""
