/** The field reading app's own queries: the reader's routes and meter photos filed with a reading. */
import type { Kysely } from 'kysely';
import type { RouteChoice } from '../../field/read/sheet-logic.ts';
import type { DB } from '../db/types.gen.ts';

/** The routes a user may read: their scope, or every route when unscoped (null). By code. */
export async function routesInScope(
	db: Kysely<DB>,
	routeIds: readonly number[] | null
): Promise<RouteChoice[]> {
	if (routeIds !== null && routeIds.length === 0) return [];
	let q = db.selectFrom('route').select(['id', 'code', 'name']).orderBy('code');
	if (routeIds !== null) q = q.where('id', 'in', [...routeIds]);
	return q.execute();
}

export async function customerRouteId(db: Kysely<DB>, customerId: number): Promise<number | null> {
	const row = await db
		.selectFrom('customer')
		.select('route_id')
		.where('id', '=', customerId)
		.executeTakeFirst();
	return row?.route_id ?? null;
}

export interface NewReadingPhoto {
	readingId: number;
	customerId: number;
	/** The reading's client key: a replayed upload finds it and is not stored twice. */
	clientKey: string;
	fileName: string;
	contentType: string;
	sizeBytes: number;
	sha256: string;
	storageKey: string;
	uploadedBy: number;
}

export async function insertReadingPhoto(db: Kysely<DB>, p: NewReadingPhoto): Promise<number> {
	const row = await db
		.insertInto('attachment')
		.values({
			entity: 'reading',
			entity_id: String(p.readingId),
			customer_id: p.customerId,
			client_key: p.clientKey,
			file_name: p.fileName,
			content_type: p.contentType,
			size_bytes: String(p.sizeBytes),
			sha256: p.sha256,
			storage_key: p.storageKey,
			uploaded_by: p.uploadedBy
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return Number(row.id);
}

export async function photoIdByClientKey(db: Kysely<DB>, key: string): Promise<number | null> {
	const row = await db
		.selectFrom('attachment')
		.select('id')
		.where('client_key', '=', key)
		.executeTakeFirst();
	return row ? Number(row.id) : null;
}
