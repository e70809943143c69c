import * as yup from 'yup';

const int = () => yup.number().integer().required();
const str = () => yup.string().required();
const bucket = <T extends yup.Schema>(value: T) => yup.object({ value, count: int() });
const nextCursor = yup
  .string()
  .nullable()
  .defined()
  .description('Pass as cursor for the next page; null at the end');

const cancellation = (startsAt: string) =>
  yup
    .object({
      freeUntilDays: int().description(`Cancelling is free until this many days before the ${startsAt}`),
      lateDeductionPercent: int().description('Then this share of what was paid is kept, until it starts'),
      startsAt: str().description(`The ${startsAt}, ISO 8601 UTC: the terms count back from it`),
      freeUntil: str().description('The last free moment (ISO 8601, UTC)'),
    })
    .required();

export const hotelResultsSchema = yup.object({
  total: int(),
  items: yup
    .array(
      yup.object({
        id: str(),
        name: str(),
        city: str(),
        country: str(),
        stars: int(),
        amenities: yup.array(str()).required(),
        location: yup.object({ lat: yup.number().required(), lon: yup.number().required() }).required(),
        distance_km: yup.number().nullable().defined(),
        room: yup.object({ type: str(), capacity: int() }).required(),
        nights: int(),
        rooms: int(),
        nightly_minor: int(),
        total_minor: int().description('Price of the whole stay: nightly × nights × rooms'),
        currency: str(),
        cancellation: cancellation('start of the stay (check-in time on check_in)'),
        rating: yup
          .object({
            average: yup
              .number()
              .nullable()
              .defined()
              .description('Average overall rating of its published reviews, 1-5; null without any'),
            count: int().description('Published reviews'),
          })
          .required(),
      }),
    )
    .required(),
  next_cursor: nextCursor,
  facets: yup
    .object({
      stars: yup.array(bucket(int())).required(),
      amenities: yup.array(bucket(str())).required(),
      price_histogram: yup
        .array(yup.object({ from_minor: int(), to_minor: int(), hotels: int() }))
        .required(),
    })
    .required(),
});

const flightLeg = yup.object({
  total: int(),
  items: yup
    .array(
      yup.object({
        id: str(),
        carrier: str(),
        flight_number: str(),
        origin: str(),
        destination: str(),
        departure_at: str(),
        departure_tz: str(),
        arrival_at: str(),
        arrival_tz: str(),
        duration_minutes: int(),
        cabin: str(),
        fare_minor: int(),
        total_minor: int().description('fare × passengers'),
        currency: str(),
        seats_left: int(),
        cancellation: cancellation('departure'),
      }),
    )
    .required(),
  next_cursor: nextCursor,
});

export const flightResultsSchema = yup.object({
  passengers: int(),
  outbound: flightLeg.required(),
  return: flightLeg.nullable().defined(),
});

export const HOTEL_EXAMPLE = {
  total: 1,
  items: [
    {
      id: 'H00042',
      name: 'Example Harbour Hotel',
      city: 'Lisbon',
      country: 'PT',
      stars: 4,
      amenities: ['pool', 'wifi'],
      location: { lat: 38.72, lon: -9.14 },
      distance_km: null,
      room: { type: 'double', capacity: 2 },
      nights: 2,
      rooms: 1,
      nightly_minor: 12000,
      total_minor: 24000,
      currency: 'EUR',
      cancellation: {
        freeUntilDays: 2,
        lateDeductionPercent: 50,
        startsAt: '2027-01-14T15:00:00.000Z',
        freeUntil: '2027-01-12T15:00:00.000Z',
      },
      rating: { average: 4.5, count: 12 },
    },
  ],
  next_cursor: null,
  facets: {
    stars: [{ value: 4, count: 1 }],
    amenities: [
      { value: 'pool', count: 1 },
      { value: 'wifi', count: 1 },
    ],
    price_histogram: [{ from_minor: 10000, to_minor: 15000, hotels: 1 }],
  },
};

const FLIGHT = {
  id: 'F000123',
  carrier: 'TP',
  flight_number: 'TP1026',
  origin: 'LIS',
  destination: 'MAD',
  departure_at: '2027-01-14T08:05:00+00:00',
  departure_tz: 'Europe/Lisbon',
  arrival_at: '2027-01-14T10:20:00+01:00',
  arrival_tz: 'Europe/Madrid',
  duration_minutes: 75,
  cabin: 'economy',
  fare_minor: 8900,
  total_minor: 17800,
  currency: 'EUR',
  seats_left: 12,
  cancellation: {
    freeUntilDays: 1,
    lateDeductionPercent: 25,
    startsAt: '2027-01-14T08:05:00.000Z',
    freeUntil: '2027-01-13T08:05:00.000Z',
  },
};

export const FLIGHT_EXAMPLE = {
  passengers: 2,
  outbound: { total: 1, items: [FLIGHT], next_cursor: null },
  return: null,
};
