"""CLC Ledger: the commune Community Learning Centre register."""

__version__ = "0.1.0"
