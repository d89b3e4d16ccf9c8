"""Parses a calendar file with libical (the C library behind Evolution), through its GObject
bindings, independently of Treffpunkt's Rust code and of the Python `icalendar` package.

Usage: /usr/bin/python3 libical_check.py FILE.ics
Prints JSON: {"events": <VEVENTs>, "timezones": <VTIMEZONEs>, "errors": [<X-LIC-ERROR texts>]}.
libical records what it cannot parse, and (with a METHOD) what RFC 5546 forbids, as
X-LIC-ERROR properties; a clean file has none.

Needs Debian's gir1.2-ical-3.0 and python3-gi (for the system Python).
"""

import json
import sys

import gi

gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib  # noqa: E402


def errors_in(component, found):
    prop = component.get_first_property(ICalGLib.PropertyKind.XLICERROR_PROPERTY)
    while prop is not None:
        found.append(prop.get_xlicerror())
        prop = component.get_next_property(ICalGLib.PropertyKind.XLICERROR_PROPERTY)
    child = component.get_first_component(ICalGLib.ComponentKind.ANY_COMPONENT)
    while child is not None:
        errors_in(child, found)
        child = component.get_next_component(ICalGLib.ComponentKind.ANY_COMPONENT)


def count(component, kind):
    n = 0
    child = component.get_first_component(kind)
    while child is not None:
        n += 1
        child = component.get_next_component(kind)
    return n


def main():
    with open(sys.argv[1], encoding="utf-8") as handle:
        calendar = ICalGLib.Component.new_from_string(handle.read())
    if calendar is None:
        json.dump({"events": 0, "timezones": 0, "errors": ["not parsed at all"]}, sys.stdout)
        return
    calendar.check_restrictions()
    errors = []
    errors_in(calendar, errors)
    json.dump(
        {
            "events": count(calendar, ICalGLib.ComponentKind.VEVENT_COMPONENT),
            "timezones": count(calendar, ICalGLib.ComponentKind.VTIMEZONE_COMPONENT),
            "errors": errors,
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
