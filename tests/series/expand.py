"""Expands a calendar file as RFC 5545 says, independently of Treffpunkt's Rust code.

Usage: python3 expand.py FILE.ics FROM TO
FROM and TO are RFC 3339 instants. Prints a JSON list of the occurrences that start in
[FROM, TO): [start (UTC, RFC 3339), end (UTC, RFC 3339), summary], in time order.

Uses the `icalendar` parser and `recurring-ical-events`, which apply RRULE, EXDATE, RDATE and
RECURRENCE-ID overrides in the event's own time zone (from its VTIMEZONE).
"""

import json
import sys
from datetime import datetime, timezone

import icalendar
import recurring_ical_events


def utc(moment):
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def main():
    path, start, end = sys.argv[1:4]
    with open(path, "rb") as handle:
        calendar = icalendar.Calendar.from_ical(handle.read())
    begin = datetime.fromisoformat(start.replace("Z", "+00:00"))
    finish = datetime.fromisoformat(end.replace("Z", "+00:00"))
    found = []
    for event in recurring_ical_events.of(calendar).between(begin, finish):
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            continue
        found.append(
            [utc(event["DTSTART"].dt), utc(event["DTEND"].dt), str(event.get("SUMMARY", ""))]
        )
    found.sort()
    json.dump(found, sys.stdout)


if __name__ == "__main__":
    main()
