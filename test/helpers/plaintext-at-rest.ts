import { superuserClient } from './databases';

/** Every spelling of a value that would give it away: as is, case-folded, base64, base64url, hex. */
export function encodings(value: string): string[] {
  const forms = new Set<string>();
  for (const v of [value, value.toLowerCase(), value.toUpperCase(), value.normalize('NFKC').toLowerCase()]) {
    const bytes = Buffer.from(v, 'utf8');
    forms.add(v);
    forms.add(bytes.toString('base64').replace(/=+$/, ''));
    forms.add(bytes.toString('base64url'));
    forms.add(bytes.toString('hex'));
    forms.add(bytes.toString('hex').toUpperCase());
  }
  return [...forms].filter((f) => f.length >= 6);
}

/** Every table of `database`, every column, as the Postgres superuser sees them (plain `pg`). */
export async function dumpEveryTable(database: string): Promise<{ table_name: string; content: string }[]> {
  const su = await superuserClient(database);
  try {
    return (
      await su.query<{ table_name: string; content: string }>(
        `SELECT table_name, query_to_xml(format('SELECT * FROM public.%I', table_name), true, false, '')::text AS content
           FROM information_schema.tables
          WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
      )
    ).rows;
  } finally {
    await su.end();
  }
}
