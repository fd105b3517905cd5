"""Business date: the store day a moment belongs to, by the cut-over time in the store's zone.

A store open until 02:00 with a 05:00 cut-over books a 01:30 sale on the previous day. The
calendar day at midnight and UTC play no part.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from backend.domain.master import parse_cutover


def business_date_of(moment: datetime, cutover: str, time_zone: str) -> date:
    """Return the business date of an aware moment for a cut-over "HH:MM" in a time zone."""
    if moment.tzinfo is None:
        raise ValueError("business_date_of needs an aware datetime")
    local = moment.astimezone(ZoneInfo(time_zone))
    boundary = parse_cutover(cutover)
    day = local.date()
    if local.time() < boundary:
        day -= timedelta(days=1)
    return day
