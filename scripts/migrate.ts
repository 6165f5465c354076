// Applies pending migrations to DATABASE_URL: `npm run migrate`.
import { openDb } from '../src/lib/server/db/connection.ts';
import { migrateToLatest } from '../src/lib/server/db/migrate.ts';

const url = process.env.DATABASE_URL;
if (!url) {
	console.error('DATABASE_URL: required (the embedded database migrates itself at start)');
	process.exit(1);
}
const { db, close } = openDb(url, { max: 1 });
try {
	const applied = await migrateToLatest(db);
	console.log(applied.length ? `applied: ${applied.join(', ')}` : 'schema is up to date');
} catch (error) {
	console.error((error as Error).message);
	process.exitCode = 1;
} finally {
	await close();
}
