import type { Kysely } from 'kysely';
import type { DB } from '../db/types.gen.ts';

export interface AttachmentRow {
	id: number;
	entity: string;
	entityId: number;
	customerId: number | null;
	fileName: string;
	contentType: string;
	sizeBytes: number;
	sha256: string;
	storageKey: string;
	uploadedBy: string | null;
	uploadedAt: string;
	/** The contract's number when the file belongs to a contract. */
	contractNumber: string | null;
}

/** The customer's route (route scope) or undefined when there is no such customer. */
export async function findCustomerRoute(
	db: Kysely<DB>,
	customerId: number
): Promise<{ routeId: number | null } | undefined> {
	return db
		.selectFrom('customer')
		.select('route_id as routeId')
		.where('id', '=', customerId)
		.executeTakeFirst();
}

export async function listContracts(db: Kysely<DB>, customerId: number) {
	return db
		.selectFrom('contract')
		.select(['id', 'number', 'status'])
		.where('customer_id', '=', customerId)
		.orderBy('revision', 'desc')
		.execute();
}

export async function contractBelongsTo(
	db: Kysely<DB>,
	contractId: number,
	customerId: number
): Promise<boolean> {
	const row = await db
		.selectFrom('contract')
		.select('id')
		.where('id', '=', contractId)
		.where('customer_id', '=', customerId)
		.executeTakeFirst();
	return row !== undefined;
}

function baseQuery(db: Kysely<DB>) {
	return db
		.selectFrom('attachment as a')
		.leftJoin('staff as s', 's.id', 'a.uploaded_by')
		.leftJoin('contract as k', (join) =>
			join.onRef('k.id', '=', 'a.entity_id').on('a.entity', '=', 'contract')
		)
		.select([
			'a.id',
			'a.entity',
			'a.entity_id as entityId',
			'a.customer_id as customerId',
			'a.file_name as fileName',
			'a.content_type as contentType',
			'a.size_bytes as sizeBytes',
			'a.sha256',
			'a.storage_key as storageKey',
			's.full_name as uploadedBy',
			'a.uploaded_at as uploadedAt',
			'k.number as contractNumber'
		]);
}

type RawRow = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;
const toRow = (r: RawRow): AttachmentRow => ({
	...r,
	id: Number(r.id),
	entityId: Number(r.entityId),
	sizeBytes: Number(r.sizeBytes),
	uploadedAt: new Date(r.uploadedAt).toISOString()
});

/** Files attached to one entity (e.g. a work order's photos), oldest first. */
export async function listForEntity(
	db: Kysely<DB>,
	entity: NewAttachment['entity'],
	entityId: number
): Promise<AttachmentRow[]> {
	const rows = await baseQuery(db)
		.where('a.entity', '=', entity)
		.where('a.entity_id', '=', String(entityId))
		.orderBy('a.uploaded_at')
		.orderBy('a.id')
		.execute();
	return rows.map(toRow);
}

/**
 * Every file of a customer: on the customer itself and on its contracts. Newest first. Meter
 * photos (entity 'reading') have their own gallery by period, work-order photos their order.
 */
export async function listForCustomer(
	db: Kysely<DB>,
	customerId: number
): Promise<AttachmentRow[]> {
	const rows = await baseQuery(db)
		.where('a.customer_id', '=', customerId)
		.where('a.entity', 'in', ['customer', 'contract'])
		.orderBy('a.uploaded_at', 'desc')
		.orderBy('a.id', 'desc')
		.execute();
	return rows.map(toRow);
}

export async function findAttachment(
	db: Kysely<DB>,
	id: number
): Promise<AttachmentRow | undefined> {
	const row = await baseQuery(db).where('a.id', '=', String(id)).executeTakeFirst();
	return row && toRow(row);
}

export interface NewAttachment {
	entity: 'customer' | 'contract' | 'work_order';
	entityId: number;
	customerId: number | null;
	fileName: string;
	contentType: string;
	sizeBytes: number;
	sha256: string;
	storageKey: string;
	uploadedBy: number;
}

export async function insertAttachment(db: Kysely<DB>, a: NewAttachment): Promise<number> {
	const row = await db
		.insertInto('attachment')
		.values({
			entity: a.entity,
			entity_id: String(a.entityId),
			customer_id: a.customerId,
			file_name: a.fileName,
			content_type: a.contentType,
			size_bytes: String(a.sizeBytes),
			sha256: a.sha256,
			storage_key: a.storageKey,
			uploaded_by: a.uploadedBy
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return Number(row.id);
}

/** Deletes one row; undefined when it was already gone (so only one of two deletes audits it). */
export async function deleteAttachmentRow(db: Kysely<DB>, id: number) {
	return db.deleteFrom('attachment').where('id', '=', String(id)).returningAll().executeTakeFirst();
}
