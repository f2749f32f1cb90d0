"""Territoire ouvert : générateur de sites pour les territoires de projet."""

from __future__ import annotations

__version__ = "0.1.0"
