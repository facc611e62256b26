"""veille: French-language conflict news to a structured, source-attributed, geocoded
event database."""

__version__ = "0.1.0"
