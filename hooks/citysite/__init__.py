"""Data layer and page generation for the cities' international-ties site.

Flow: data/**.yml -> yamlsafe (parse with line marks) -> models (pydantic schema)
-> loader (cross-record checks, all errors collected) -> Dataset -> pages/exports.
"""
