"""Clients of the public scholarly sources. Each turns what its source answers into the
importers' ParsedPublication records, so healing, matching and de-duplication apply."""
