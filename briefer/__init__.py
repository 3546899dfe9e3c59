"""briefer: a daily briefing written only from what the sources said."""

__version__ = "0.1.0"
