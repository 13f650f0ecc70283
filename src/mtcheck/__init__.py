"""mtcheck: a quality checker for English press releases machine-translated from Chinese."""

__version__ = "0.1.0"
