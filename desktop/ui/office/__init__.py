"""The office's window (an aggregator database): its centres, receiving their packages, browsing
their records read-only, and the office's keys and settings."""
