import { field, h } from '../dom';
import { cancellationTerms, isoDay, money } from '../format';
import { go } from '../router';
import { searchPage } from '../search-page';
import type { HotelResult, HotelResults } from '../../../services/search/answer-types';

const SORTS: [string, string][] = [
  ['price', 'Lowest price'],
  ['rating', 'Best rated'],
  ['stars', 'Most stars'],
  ['relevance', 'Best match (with hotel name)'],
  ['distance', 'Nearest (with a centre)'],
];

const input = (name: string, type: string, value = '', extra: Record<string, string | boolean> = {}) =>
  h('input', { name, type, value, ...extra });

function searchForm(query: URLSearchParams): HTMLFormElement {
  const sort = h('select', { name: 'sort' }, ...SORTS.map(([v, label]) => h('option', { value: v }, label)));
  sort.value = query.get('sort') ?? 'price';
  const rating = h(
    'select',
    { name: 'min_rating' },
    h('option', { value: '' }, 'Any'),
    ...['3', '4', '4.5'].map((v) => h('option', { value: v }, `${v} or better`)),
  );
  rating.value = query.get('min_rating') ?? '';
  return h(
    'form',
    { id: 'hotel-search', class: 'search-form', 'aria-label': 'Search hotels' },
    field('City', input('city', 'text', query.get('city') ?? '', { required: true, autocomplete: 'off' })),
    field('Check-in', input('check_in', 'date', query.get('check_in') ?? isoDay(30), { required: true })),
    field('Check-out', input('check_out', 'date', query.get('check_out') ?? isoDay(32), { required: true })),
    field('Guests', input('guests', 'number', query.get('guests') ?? '2', { min: '1', max: '9' })),
    field('Rooms', input('rooms', 'number', query.get('rooms') ?? '1', { min: '1', max: '9' })),
    field('Hotel name contains', input('q', 'text', query.get('q') ?? '')),
    field(
      'Lowest nightly price (cents)',
      input('min_price', 'number', query.get('min_price') ?? '', { min: '0' }),
    ),
    field(
      'Highest nightly price (cents)',
      input('max_price', 'number', query.get('max_price') ?? '', { min: '0' }),
    ),
    field('Stars (e.g. 4,5)', input('stars', 'text', query.get('stars') ?? '', { inputmode: 'numeric' })),
    field('Amenities (e.g. pool,spa)', input('amenities', 'text', query.get('amenities') ?? '')),
    field('Guest rating', rating),
    field('Sort by', sort),
    h('button', { type: 'submit' }, 'Search hotels'),
  );
}

function facetList(title: string, entries: string[]): HTMLElement | null {
  if (!entries.length) return null;
  return h('div', { class: 'facet' }, h('h3', {}, title), h('ul', {}, ...entries.map((e) => h('li', {}, e))));
}

function facets(results: HotelResults): HTMLElement {
  const { stars, amenities, price_histogram: prices } = results.facets;
  return h(
    'details',
    { class: 'facets' },
    h('summary', {}, 'In these results: stars, amenities, prices'),
    facetList(
      'Stars',
      stars.map((s) => `${s.value} stars: ${s.count}`),
    ),
    facetList(
      'Amenities',
      amenities.map((a) => `${a.value}: ${a.count}`),
    ),
    facetList(
      'Nightly price',
      prices.filter((p) => p.hotels > 0).map((p) => `${p.from_minor / 100}–${p.to_minor / 100}: ${p.hotels}`),
    ),
  );
}

function ratingText(rating: HotelResult['rating']): string {
  return rating.average === null
    ? 'No reviews yet'
    : `Rated ${rating.average.toFixed(1)} of 5 (${rating.count} review${rating.count === 1 ? '' : 's'})`;
}

function resultCard(hotel: HotelResult, query: URLSearchParams): HTMLElement {
  const book = h('button', { type: 'button', class: 'primary' }, `Book ${hotel.name}`);
  book.addEventListener('click', () => {
    const params = new URLSearchParams({
      hotel: hotel.id,
      name: hotel.name,
      room: hotel.room.type,
      check_in: query.get('check_in') ?? '',
      check_out: query.get('check_out') ?? '',
      rooms: String(hotel.rooms),
      guests: query.get('guests') ?? '1',
      total: String(hotel.total_minor),
      currency: hotel.currency,
      free_until: hotel.cancellation.freeUntil,
      late: String(hotel.cancellation.lateDeductionPercent),
    });
    go(`/book?${params}`);
  });
  return h(
    'li',
    { class: 'result' },
    h('h3', {}, hotel.name),
    h(
      'p',
      {},
      `${'★'.repeat(hotel.stars)} · ${hotel.city}, ${hotel.country} · ${hotel.room.type} room for ${hotel.room.capacity}`,
    ),
    h(
      'p',
      { class: 'price' },
      `${money(hotel.total_minor, hotel.currency)} for ${hotel.nights} night${hotel.nights === 1 ? '' : 's'}`,
      h(
        'span',
        { class: 'hint' },
        ` (${money(hotel.nightly_minor, hotel.currency)} a night × ${hotel.rooms} room${hotel.rooms === 1 ? '' : 's'})`,
      ),
    ),
    h('p', {}, ratingText(hotel.rating)),
    h('p', { class: 'terms' }, cancellationTerms(hotel.cancellation)),
    hotel.amenities.length ? h('p', { class: 'hint' }, `Amenities: ${hotel.amenities.join(', ')}`) : null,
    book,
  );
}

/** `#/search?…`: the hotel search with its filters and sorts, results priced per stay, facets. */
export async function hotelSearchPage(
  main: HTMLElement,
  _params: unknown,
  query: URLSearchParams,
): Promise<void> {
  await searchPage<HotelResults, HotelResult>(main, query, {
    title: 'Find a hotel',
    form: searchForm(query),
    route: '/search',
    required: 'city',
    endpoint: '/api/v1/search/hotels',
    noun: 'hotel',
    resultsClass: 'results',
    page: (answer) => answer,
    card: (hotel) => resultCard(hotel, query),
    summary: facets,
  });
}
