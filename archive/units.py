"""Sizes as people read them, in messages and tables alike."""

from __future__ import annotations


def human_size(size: int) -> str:
    """A byte count in human units: `478 KB`, `1.2 MB`, `200 MB`."""
    if size < 1024:
        return f"{size} B"
    units = ["KB", "MB", "GB", "TB"]
    value, unit = size / 1024, 0
    while value >= 1024 and unit < len(units) - 1:
        value, unit = value / 1024, unit + 1
    return f"{value:.1f} {units[unit]}" if value < 10 else f"{value:.0f} {units[unit]}"
