import type { MigrationContext } from '../migrator';

/**
 * The owner role owns every table; the app role gets DML only, on tables created from here on.
 * Tables that must stay append-only (audit) revoke UPDATE/DELETE in their own migration.
 */
export async function up({ sequelize }: MigrationContext) {
  await sequelize.query(`
    ALTER DEFAULT PRIVILEGES IN SCHEMA public
      GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO travelhub_app;
    ALTER DEFAULT PRIVILEGES IN SCHEMA public
      GRANT USAGE, SELECT ON SEQUENCES TO travelhub_app;
    GRANT USAGE ON SCHEMA public TO travelhub_app;
  `);
}

export async function down({ sequelize }: MigrationContext) {
  await sequelize.query(`
    ALTER DEFAULT PRIVILEGES IN SCHEMA public
      REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM travelhub_app;
    ALTER DEFAULT PRIVILEGES IN SCHEMA public
      REVOKE USAGE, SELECT ON SEQUENCES FROM travelhub_app;
  `);
}
