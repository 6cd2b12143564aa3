"""Gezond Utrecht 2030 mission monitor: indicators for the Dutch health missions.

The public API for notebooks and the dashboard is re-exported in :mod:`indicators.api`.
"""

__version__ = "0.1.0"
