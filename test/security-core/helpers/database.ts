import { freshDatabase, type TestDatabase } from '../../helpers/databases';

/** freshDatabase, retried while another test briefly holds a connection to the template. */
export async function privateDatabase(): Promise<TestDatabase> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await freshDatabase();
    } catch (err) {
      if (attempt >= 20 || !/being accessed by other users/.test((err as Error).message)) throw err;
      await new Promise((r) => setTimeout(r, 250 * attempt));
    }
  }
}
