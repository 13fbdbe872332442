"""The plan and its parts, findings, catalogues. No I/O here."""
