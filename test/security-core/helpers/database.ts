import { freshDatabase, type TestDatabase } from '../../helpers/databases';

/** A private migrated database (freshDatabase already retries while the template is busy). */
export function privateDatabase(): Promise<TestDatabase> {
  return freshDatabase();
}
