"""booklet: personalised downhill-tempo training booklets (PDF) and plan sites (HTML)."""

__version__ = "0.1.0"
