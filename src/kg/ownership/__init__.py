"""Ownership and control analytics: index, look-through, paths, control, derived statements; and their report."""
