"""Bytes → text → rows → validated records: decoding, bounded reading, the CSV contract; every problem collected."""
