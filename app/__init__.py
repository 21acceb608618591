"""Check your thinking: bilingual reflection cards for safeguarding practice."""

__version__ = "0.1.0"
