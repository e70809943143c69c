import { randomInt } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../lib/config';
import { aliasName, toHotelSearch } from '../services/search';
import { hotelQuery } from '../services/search/hotel-query';

/**
 * The uncached mix of bench/search.ts sent straight to OpenSearch by wrk (issue 20: the API's
 * ceiling for an uncached search is OpenSearch on the same cores). The searches are drawn as the
 * API mix's Lua script draws its query strings (a city of the seed, check-in 1-40 days ahead,
 * 1-5 nights, 1-3 guests, 30% stars=4,5, a random price_interval), turned into the query body by
 * the API's own code (toHotelSearch, hotelQuery), and written one JSON line each for wrk's script.
 */
export function directBodies(cities: readonly string[], config: Config, n: number): string {
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const d = randomInt(1, 41);
    const search = toHotelSearch(
      {
        city: cities[randomInt(cities.length)]!,
        check_in: day(d),
        check_out: day(d + randomInt(1, 6)),
        guests: String(randomInt(1, 4)),
        ...(Math.random() < 0.3 && { stars: '4,5' }),
        price_interval: String(randomInt(1000, 1_000_000)),
      },
      config.search,
    );
    lines.push(JSON.stringify(hotelQuery(search)));
  }
  const file = join(mkdtempSync(join(tmpdir(), 'bench-search-direct-')), 'bodies.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** Where wrk posts the bodies: the hotels alias's _search, as the API's client does. */
export function directUrl(config: Config): string {
  return `${config.opensearch.url.replace(/\/$/, '')}/${aliasName(config.search.indexPrefix, 'hotels')}/_search`;
}

/** wrk's script: each thread loads the bodies and posts them in turn from a random start. */
export function directScript(bodiesFile: string, config: Config): string {
  const { username, password } = config.opensearch;
  const auth = username
    ? `wrk.headers["Authorization"] = "Basic ${Buffer.from(`${username}:${password ?? ''}`).toString('base64')}"`
    : '';
  return `
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
${auth}
local bodies = {}
local i = 0
init = function()
  for line in io.lines("${bodiesFile}") do bodies[#bodies + 1] = line end
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
  i = math.random(#bodies)
end
request = function()
  i = i % #bodies + 1
  return wrk.format(nil, nil, nil, bodies[i])
end
`;
}
