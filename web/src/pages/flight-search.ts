import { field, h } from '../dom';
import { cancellationTerms, isoDay, money, moment } from '../format';
import { go } from '../router';
import { searchPage, type ResultPage } from '../search-page';

interface Flight {
  id: string;
  carrier: string;
  flight_number: string;
  origin: string;
  destination: string;
  departure_at: string;
  arrival_at: string;
  duration_minutes: number;
  cabin: string;
  total_minor: number;
  fare_minor: number;
  currency: string;
  seats_left: number;
  cancellation: { freeUntil: string; lateDeductionPercent: number };
}

type Leg = ResultPage<Flight>;

const CABINS = ['economy', 'premium_economy', 'business', 'first'];
const SORTS: [string, string][] = [
  ['price', 'Lowest price'],
  ['departure', 'Earliest departure'],
  ['duration', 'Shortest'],
];

function searchForm(query: URLSearchParams): HTMLFormElement {
  const text = (name: string, value: string, extra: Record<string, string | boolean> = {}) =>
    h('input', { name, value: query.get(name) ?? value, ...extra });
  const select = (name: string, options: [string, string][]) => {
    const element = h('select', { name }, ...options.map(([v, label]) => h('option', { value: v }, label)));
    element.value = query.get(name) ?? options[0]![0];
    return element;
  };
  return h(
    'form',
    { id: 'flight-search', class: 'search-form', 'aria-label': 'Search flights' },
    field('From (airport code)', text('origin', '', { required: true, pattern: '[A-Z]{3}', maxlength: '3' })),
    field(
      'To (airport code)',
      text('destination', '', { required: true, pattern: '[A-Z]{3}', maxlength: '3' }),
    ),
    field('Date', text('date', isoDay(30), { type: 'date', required: true })),
    field('Passengers', text('passengers', '1', { type: 'number', min: '1', max: '9' })),
    field(
      'Cabin',
      select('cabin', [['', 'Any cabin'], ...CABINS.map((c): [string, string] => [c, c.replace('_', ' ')])]),
    ),
    field('Sort by', select('sort', SORTS)),
    h('button', { type: 'submit' }, 'Search flights'),
  );
}

function flightCard(flight: Flight, passengers: string): HTMLElement {
  const book = h(
    'button',
    { type: 'button', class: 'primary' },
    `Book ${flight.carrier} ${flight.flight_number}`,
  );
  book.addEventListener('click', () => {
    const params = new URLSearchParams({
      flight: flight.id,
      name: `${flight.carrier} ${flight.flight_number}`,
      origin: flight.origin,
      destination: flight.destination,
      date: flight.departure_at.slice(0, 10),
      guests: passengers,
      total: String(flight.total_minor),
      currency: flight.currency,
      free_until: flight.cancellation.freeUntil,
      late: String(flight.cancellation.lateDeductionPercent),
    });
    go(`/book?${params}`);
  });
  const hours = `${Math.floor(flight.duration_minutes / 60)} h ${flight.duration_minutes % 60} min`;
  return h(
    'li',
    { class: 'result' },
    h('h3', {}, `${flight.carrier} ${flight.flight_number}: ${flight.origin} → ${flight.destination}`),
    h(
      'p',
      {},
      `Departs ${moment(flight.departure_at)}, arrives ${moment(flight.arrival_at)} (${hours}), ${flight.cabin.replace('_', ' ')}`,
    ),
    h('p', { class: 'price' }, `${money(flight.total_minor, flight.currency)} for all passengers`),
    h('p', { class: 'hint' }, `${flight.seats_left} seat${flight.seats_left === 1 ? '' : 's'} left`),
    h('p', { class: 'terms' }, cancellationTerms(flight.cancellation)),
    book,
  );
}

/** `#/flights?…`: one-way flight search with cabin and sort; results priced for all passengers. */
export async function flightSearchPage(
  main: HTMLElement,
  _params: unknown,
  query: URLSearchParams,
): Promise<void> {
  await searchPage<{ passengers: number; outbound: Leg }, Flight>(main, query, {
    title: 'Find a flight',
    form: searchForm(query),
    route: '/flights',
    required: 'origin',
    endpoint: '/api/v1/search/flights',
    noun: 'flight',
    resultsClass: 'results flights',
    page: (answer) => answer.outbound,
    card: (flight, answer) => flightCard(flight, String(answer.passengers)),
  });
}
