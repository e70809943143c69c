"""schemathesis hooks for scripts/fuzz-api.sh (loaded through SCHEMATHESIS_HOOKS).

The OpenAPI document states every rule a single field can state (formats, patterns, bounds, enums)
and describes the rules between fields in prose. Generated data cannot read prose, so these hooks
apply the rules between fields to what schemathesis generated, and to nothing else: a value of the
wrong shape is left as it is, so data meant to be refused is still refused for its own reason.
The rules are the API's (services/bookings/booking-input.ts, services/search/search-input.ts).
"""

import datetime
import os
import re

import schemathesis

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_NIGHTS = 30


def _day(value):
    if not isinstance(value, str) or not DATE.match(value):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def _future(day):
    """A day from tomorrow to 300 days ahead, picked from the generated one so runs stay reproducible."""
    return datetime.date.today() + datetime.timedelta(days=1 + day.toordinal() % 300)


def _clamp(query, name, low, high):
    """A whole number of the right shape brought into [low, high]; other values left to be refused."""
    value = query.get(name)
    if isinstance(value, str) and value.isdigit():
        query[name] = str(low + int(value) % (high - low + 1))


def _decimal(query, name, bound):
    value = query.get(name)
    try:
        number = float(value)
    except (TypeError, ValueError):
        return
    if abs(number) > bound:
        query[name] = str(round(number % bound, 5))


def _fix_hotel_search(query):
    _stay(query, "check_in", "check_out")
    geo = [name for name in ("lat", "lon", "radius_km") if name in query]
    if 0 < len(geo) < 3:  # lat, lon and radius_km go together
        for name in geo:
            del query[name]
    if "city" not in query and "lat" not in query:
        query["city"] = "Lisbon"
    if query.get("sort") == "distance" and "lat" not in query:
        del query["sort"]
    _decimal(query, "lat", 90)
    _decimal(query, "lon", 180)
    _clamp(query, "radius_km", 1, 500)
    _clamp(query, "rooms", 1, 5)
    rooms = int(query["rooms"]) if query.get("rooms", "").isdigit() else 1
    _clamp(query, "guests", rooms, rooms * 9)
    _clamp(query, "limit", 1, 50)
    _clamp(query, "price_interval", 1, 10**9)
    low, high = query.get("min_price", ""), query.get("max_price", "")
    if low.isdigit() and high.isdigit() and int(low) > int(high):
        query["min_price"], query["max_price"] = high, low


def _fix_flight_search(query):
    _stay(query, "date", "return_date")
    if query.get("origin") == query.get("destination") and isinstance(query.get("origin"), str):
        query["destination"] = "LIS" if query["origin"] != "LIS" else "MAD"
    if "return_cursor" in query and "return_date" not in query:
        del query["return_cursor"]
    _clamp(query, "passengers", 1, 9)
    _clamp(query, "limit", 1, 50)


def _fewer_cursors(query):
    """A generated cursor is never one the API issued: keep one in four, so refusal is fuzzed too."""
    for name in ("cursor", "return_cursor"):
        value = query.get(name)
        if isinstance(value, str) and len(value) % 4 != 0:
            del query[name]


def _stay(container, start_key, end_key):
    """start today or later; end 1 to MAX_NIGHTS nights after start (both only when well-formed)."""
    start, end = _day(container.get(start_key)), _day(container.get(end_key))
    if start is None:
        return
    start = _future(start)
    container[start_key] = start.isoformat()
    if end is not None:
        container[end_key] = (start + datetime.timedelta(days=1 + end.toordinal() % MAX_NIGHTS)).isoformat()


def _fix_booking(body):
    kind = body.get("kind")
    hotel, flight = body.get("hotel"), body.get("flight")
    if kind == "hotel" and isinstance(hotel, dict):
        body.pop("flight", None)
    elif kind == "flight" and isinstance(flight, dict):
        body.pop("hotel", None)
    elif isinstance(hotel, dict) and kind in ("hotel", "flight"):
        body["kind"] = "hotel"
        body.pop("flight", None)
    elif isinstance(flight, dict) and kind in ("hotel", "flight"):
        body["kind"] = "flight"
    passengers = body.get("passengers")
    passengers = passengers if isinstance(passengers, list) else []
    for passenger in passengers:
        born = _day(passenger.get("dateOfBirth")) if isinstance(passenger, dict) else None
        if born is not None and born >= datetime.date.today():
            passenger["dateOfBirth"] = born.replace(year=1990, day=min(born.day, 28)).isoformat()
    if isinstance(body.get("hotel"), dict):
        _stay(body["hotel"], "checkIn", "checkOut")
    if isinstance(body.get("flight"), dict) and body.get("kind") == "flight":
        flight = body["flight"]
        _stay(flight, "departureDate", "returnDate")
        if flight.get("origin") == flight.get("destination") and isinstance(flight.get("origin"), str):
            flight["destination"] = "LIS" if flight["origin"] != "LIS" else "MAD"
        if passengers and all(isinstance(p, dict) for p in passengers):
            for index, passenger in enumerate(passengers):
                passenger.setdefault("passportNumber", f"P{index:07d}")
            if isinstance(flight.get("seats"), int):
                flight["seats"] = len(passengers)


def _fix_role_change(body):
    """A business role names a company (the fuzzing company, FUZZ_COMPANY_ID); other roles none."""
    role = body.get("role")
    if role in ("BUSINESS_USER", "BUSINESS_ADMIN"):
        if not body.get("companyId") and os.environ.get("FUZZ_COMPANY_ID"):
            body["companyId"] = os.environ["FUZZ_COMPANY_ID"]
    elif isinstance(role, str):
        body.pop("companyId", None)


@schemathesis.hook
def map_body(context, body):
    operation = context.operation
    if operation is None or not isinstance(body, dict):
        return body
    route = (operation.method.upper(), operation.path)
    if route == ("POST", "/api/v1/bookings"):
        _fix_booking(body)
    elif route == ("PATCH", "/api/v1/admin/users/{id}/role"):
        _fix_role_change(body)
    return body


@schemathesis.hook
def map_query(context, query):
    operation = context.operation
    if operation is None or not isinstance(query, dict):
        return query
    if operation.path == "/api/v1/search/hotels":
        _fix_hotel_search(query)
        _fewer_cursors(query)
    elif operation.path == "/api/v1/search/flights":
        _fix_flight_search(query)
        _fewer_cursors(query)
    return query
