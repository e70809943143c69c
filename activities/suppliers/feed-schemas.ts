import { CABINS } from '../../services/search/inventory';
import * as yup from 'yup';
import {
  cancellationPolicyField,
  count,
  currency,
  isoDateTime,
  minorAmount,
  supplierText,
} from './answer-fields';

/** Inventory feed items (SEC-SUP-03): what inventory sync may index, and nothing else. */
const IATA = /^[A-Z]{3}$/;
const TIME_ZONE = /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+){0,2}$/;

export const hotelFeedItem = yup.object({
  id: supplierText(64, /^[A-Za-z0-9_-]+$/),
  name: supplierText(200),
  city: supplierText(100),
  country: supplierText(2, /^[A-Z]{2}$/),
  iata: supplierText(3, IATA),
  time_zone: supplierText(64, TIME_ZONE),
  location: yup
    .object({
      lat: yup.number().strict().required().min(-90).max(90),
      lon: yup.number().strict().required().min(-180).max(180),
    })
    .strict()
    .required(),
  stars: count(5).min(1),
  amenities: yup
    .array(supplierText(40, /^[a-z_]+$/))
    .strict()
    .required()
    .max(30),
  currency: currency(),
  rooms: yup
    .array(
      yup
        .object({
          type: supplierText(40, /^[a-z_]+$/),
          capacity: count(9).min(1),
          nightly_minor: minorAmount(),
          available: yup.array(count(255)).strict().required().max(366),
        })
        .strict(),
    )
    .strict()
    .required()
    .min(1)
    .max(20),
  cancellation_policy: cancellationPolicyField(),
});

export const flightFeedItem = yup.object({
  id: supplierText(64, /^[A-Za-z0-9_-]+$/),
  carrier: supplierText(3, /^[A-Z0-9]{2,3}$/),
  flight_number: supplierText(8, /^[A-Z0-9]{2,3}\d{1,4}$/),
  origin: supplierText(3, IATA),
  destination: supplierText(3, IATA),
  departure_at: isoDateTime(),
  departure_tz: supplierText(64, TIME_ZONE),
  arrival_at: isoDateTime(),
  arrival_tz: supplierText(64, TIME_ZONE),
  duration_minutes: count(24 * 60).min(1),
  cabin: yup.string().strict().required().oneOf(CABINS),
  fare_minor: minorAmount(),
  currency: currency(),
  seats_left: count(1000),
  cancellation_policy: cancellationPolicyField(),
});

export type HotelFeedItem = yup.InferType<typeof hotelFeedItem>;
export type FlightFeedItem = yup.InferType<typeof flightFeedItem>;
