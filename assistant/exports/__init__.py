"""Exports: the forum's documents and data files, written to the exports folder."""
