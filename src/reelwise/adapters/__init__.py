"""Implementations of the small Protocols the services ask for (storage, video I/O, speech, OCR)."""
