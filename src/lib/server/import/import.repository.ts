/**
 * SQL of the imports: batches (of every kind: customers, readings) and their previewed rows,
 * and the customer import's reference data a file is checked against (looked up in bulk, a
 * chunk of rows per query).
 */
import { sql } from 'kysely';
import type { ServiceBounds } from '../../domain/customers/customer-input.ts';
import type { ChunkFacts, RowError } from '../../domain/import/validate-row.ts';
import type { Database } from '../db/connection.ts';

export type BatchStatus =
	'uploaded' | 'parsing' | 'previewed' | 'committing' | 'committed' | 'cancelled' | 'failed';

/** What a batch imports; each kind has its template, row checks and commit (kinds.ts). */
export type ImportKindName = 'customers' | 'readings';

/** A checked row as stored: what committing it would do, or the errors keeping it out. */
export type StoredOutcome =
	| { action: 'create' | 'update'; data: unknown }
	| { action: 'error'; errors: RowError[]; data: unknown };

export interface Batch {
	id: number;
	kind: ImportKindName;
	/** The reading period a readings batch belongs to; null for customers. */
	periodId: number | null;
	status: BatchStatus;
	fileName: string;
	storageKey: string;
	totalRows: number;
	createRows: number;
	updateRows: number;
	errorRows: number;
	progress: number;
	message: string | null;
	rejectsStorageKey: string | null;
	createdBy: number | null;
	createdAt: string;
	finishedAt: string | null;
}

const batchColumns = [
	'id',
	'kind',
	'period_id',
	'status',
	'file_name',
	'storage_key',
	'total_rows',
	'create_rows',
	'update_rows',
	'error_rows',
	'progress',
	'message',
	'rejects_storage_key',
	'created_by',
	'created_at',
	'finished_at'
] as const;

function toBatch(r: {
	id: string;
	kind: string;
	period_id: number | null;
	status: string;
	file_name: string;
	storage_key: string;
	total_rows: number;
	create_rows: number;
	update_rows: number;
	error_rows: number;
	progress: string;
	message: string | null;
	rejects_storage_key: string | null;
	created_by: number | null;
	created_at: Date;
	finished_at: Date | null;
}): Batch {
	return {
		id: Number(r.id),
		kind: r.kind as ImportKindName,
		periodId: r.period_id,
		status: r.status as BatchStatus,
		fileName: r.file_name,
		storageKey: r.storage_key,
		totalRows: r.total_rows,
		createRows: r.create_rows,
		updateRows: r.update_rows,
		errorRows: r.error_rows,
		progress: Number(r.progress),
		message: r.message,
		rejectsStorageKey: r.rejects_storage_key,
		createdBy: r.created_by,
		createdAt: new Date(r.created_at).toISOString(),
		finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null
	};
}

export async function insertBatch(
	db: Database,
	b: {
		kind: ImportKindName;
		periodId: number | null;
		fileName: string;
		storageKey: string;
		createdBy: number | null;
	}
): Promise<number> {
	const row = await db
		.insertInto('import_batch')
		.values({
			kind: b.kind,
			period_id: b.periodId,
			file_name: b.fileName,
			storage_key: b.storageKey,
			created_by: b.createdBy
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return Number(row.id);
}

export async function findBatch(db: Database, id: number): Promise<Batch | null> {
	const row = await db
		.selectFrom('import_batch')
		.select(batchColumns)
		.where('id', '=', String(id))
		.executeTakeFirst();
	return row ? toBatch(row) : null;
}

export async function listBatches(
	db: Database,
	kind: ImportKindName,
	createdBy: number | null,
	limit = 20
) {
	let q = db
		.selectFrom('import_batch')
		.select(batchColumns)
		.where('kind', '=', kind)
		.orderBy('id', 'desc')
		.limit(limit);
	if (createdBy !== null) q = q.where('created_by', '=', createdBy);
	return (await q.execute()).map(toBatch);
}

/** Moves a batch from one of `from` to `to`; false when it was not in one of them. */
export async function moveBatch(
	db: Database,
	id: number,
	from: readonly BatchStatus[],
	to: BatchStatus,
	patch: { message?: string | null; progress?: number; finished?: boolean } = {}
): Promise<boolean> {
	const result = await db
		.updateTable('import_batch')
		.set({
			status: to,
			...(patch.message !== undefined ? { message: patch.message } : {}),
			...(patch.progress !== undefined ? { progress: String(patch.progress) } : {}),
			...(patch.finished ? { finished_at: sql<Date>`now()` } : {})
		})
		.where('id', '=', String(id))
		.where('status', 'in', [...from])
		.executeTakeFirst();
	return Number(result.numUpdatedRows) > 0;
}

export async function setProgress(
	db: Database,
	id: number,
	p: {
		progress: number;
		totalRows?: number;
		createRows?: number;
		updateRows?: number;
		errorRows?: number;
	}
): Promise<void> {
	await db
		.updateTable('import_batch')
		.set({
			progress: String(Math.min(100, Math.max(0, Math.round(p.progress * 100) / 100))),
			...(p.totalRows !== undefined ? { total_rows: p.totalRows } : {}),
			...(p.createRows !== undefined ? { create_rows: p.createRows } : {}),
			...(p.updateRows !== undefined ? { update_rows: p.updateRows } : {}),
			...(p.errorRows !== undefined ? { error_rows: p.errorRows } : {})
		})
		.where('id', '=', String(id))
		.execute();
}

export async function setRejectsKey(db: Database, id: number, key: string | null): Promise<void> {
	await db
		.updateTable('import_batch')
		.set({ rejects_storage_key: key })
		.where('id', '=', String(id))
		.execute();
}

export async function deleteRows(db: Database, batchId: number): Promise<void> {
	await db.deleteFrom('import_row').where('batch_id', '=', String(batchId)).execute();
}

/** Stores a chunk of checked rows with one statement (arrays unnested on the server). */
export async function insertRows(
	db: Database,
	batchId: number,
	rows: readonly { rowNo: number; outcome: StoredOutcome }[]
): Promise<void> {
	if (rows.length === 0) return;
	const rowNos = rows.map((r) => r.rowNo);
	const actions = rows.map((r) => r.outcome.action);
	const data = rows.map((r) => JSON.stringify(r.outcome.data));
	const errors = rows.map((r) =>
		r.outcome.action === 'error' ? JSON.stringify(r.outcome.errors) : null
	);
	await sql`
		insert into import_row (batch_id, row_no, action, data, errors)
		select ${batchId}, u.row_no, u.action, u.data::jsonb, u.errors::jsonb
		from unnest(${rowNos}::int[], ${actions}::text[], ${data}::text[], ${errors}::text[])
			as u(row_no, action, data, errors)`.execute(db);
}

export interface PreviewRow {
	rowNo: number;
	action: 'create' | 'update' | 'error';
	data: Record<string, unknown>;
	errors: RowError[] | null;
}

export async function pageRows(
	db: Database,
	batchId: number,
	opts: { offset: number; limit: number; action: 'create' | 'update' | 'error' | null }
): Promise<PreviewRow[]> {
	let q = db
		.selectFrom('import_row')
		.select(['row_no', 'action', 'data', 'errors'])
		.where('batch_id', '=', String(batchId))
		.orderBy('row_no')
		.offset(opts.offset)
		.limit(opts.limit);
	if (opts.action) q = q.where('action', '=', opts.action);
	return (await q.execute()).map((r) => ({
		rowNo: r.row_no,
		action: r.action as PreviewRow['action'],
		data: r.data as Record<string, unknown>,
		errors: r.errors as RowError[] | null
	}));
}

/** Row number → errors, for the rejects workbook. */
export async function errorRows(db: Database, batchId: number): Promise<Map<number, RowError[]>> {
	const rows = await db
		.selectFrom('import_row')
		.select(['row_no', 'errors'])
		.where('batch_id', '=', String(batchId))
		.where('action', '=', 'error')
		.execute();
	return new Map(rows.map((r) => [r.row_no, r.errors as unknown as RowError[]]));
}

/** Wards and routes by id, code and name; the service area as the wards' extent plus a margin. */
export async function loadReferences(db: Database, staffId: number | null) {
	const wards = await db.selectFrom('ward').select(['id', 'code', 'name']).execute();
	const routes = await db.selectFrom('route').select(['id', 'code', 'name']).execute();
	// 0.02° ≈ 2 km: customers at the edge of the last ward are still in the service area.
	const extent = await sql<{ minlon: number; minlat: number; maxlon: number; maxlat: number }>`
		select ST_XMin(e) - 0.02 as minlon, ST_YMin(e) - 0.02 as minlat,
			ST_XMax(e) + 0.02 as maxlon, ST_YMax(e) + 0.02 as maxlat
		from (select ST_Extent(g)::geometry as e from (
			select geom as g from ward where geom is not null
			union all select geom from zone) x) y`.execute(db);
	const e = extent.rows[0];
	const bounds: ServiceBounds =
		e?.minlon != null
			? {
					minLon: Number(e.minlon),
					minLat: Number(e.minlat),
					maxLon: Number(e.maxlon),
					maxLat: Number(e.maxlat)
				}
			: { minLon: -180, minLat: -90, maxLon: 180, maxLat: 90 };
	const scope = staffId === null ? null : await staffScope(db, staffId);
	return {
		wards: wards.map((w) => ({ id: w.id, code: w.code, name: w.name })),
		routes: routes.map((r) => ({ id: r.id, code: r.code, name: r.name })),
		bounds,
		scope
	};
}

/** The routes a staff member is scoped to; null when the role sees every route. */
export async function staffScope(db: Database, staffId: number): Promise<number[] | null> {
	const staff = await sql<{ route_scoped: boolean; route_ids: number[] }>`
		select r.route_scoped, coalesce(array_agg(s.route_id) filter (where s.route_id is not null), '{}') as route_ids
		from staff st join role r on r.code = st.role_code
		left join staff_route_scope s on s.staff_id = st.id
		where st.id = ${staffId} group by r.route_scoped`.execute(db);
	const row = staff.rows[0];
	return row?.route_scoped ? row.route_ids.map(Number) : null;
}

/** The database's side of a chunk: its codes, serials and route positions, three queries. */
export async function chunkFacts(
	db: Database,
	keys: { codes: string[]; serials: string[]; positions: string[] }
): Promise<ChunkFacts> {
	const facts: ChunkFacts = { customers: new Map(), serials: new Map(), positions: new Map() };
	if (keys.codes.length) {
		const rows = await sql<{
			id: number;
			code: string;
			route_id: number | null;
			serial: string | null;
		}>`
			select c.id, c.code, c.route_id, m.serial from customer c
			left join meter m on m.customer_id = c.id and m.status = 'in_service'
			where c.code = any(${keys.codes}::text[])`.execute(db);
		for (const r of rows.rows)
			facts.customers.set(r.code, { id: r.id, routeId: r.route_id, meterSerial: r.serial });
	}
	if (keys.serials.length) {
		const rows = await sql<{ serial: string; customer_id: number | null }>`
			select serial, customer_id from meter where serial = any(${keys.serials}::text[])`.execute(db);
		for (const r of rows.rows) facts.serials.set(r.serial, r.customer_id);
	}
	if (keys.positions.length) {
		const routeIds = keys.positions.map((p) => Number(p.split(':')[0]));
		const seqs = keys.positions.map((p) => Number(p.split(':')[1]));
		const rows = await sql<{ id: number; route_id: number; route_seq: number }>`
			select c.id, c.route_id, c.route_seq from customer c
			join unnest(${routeIds}::int[], ${seqs}::int[]) as u(route_id, route_seq)
				on c.route_id = u.route_id and c.route_seq = u.route_seq`.execute(db);
		for (const r of rows.rows) facts.positions.set(`${r.route_id}:${r.route_seq}`, r.id);
	}
	return facts;
}
