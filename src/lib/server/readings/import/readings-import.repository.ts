/** SQL of the readings import: codes → customers, the importing staff member, the rows to commit. */
import { sql } from 'kysely';
import type { Role } from '../../../domain/access/permissions.ts';
import type { ReadingImportData } from '../../../domain/import/validate-reading.ts';
import type { SessionUser } from '../../auth/auth.repository.ts';
import type { Database } from '../../db/connection.ts';
import { staffScope } from '../../import/import.repository.ts';

/** Customer code → id, for the codes a chunk of rows names (one query). */
export async function customerIdsByCode(
	db: Database,
	codes: readonly string[]
): Promise<Map<string, number>> {
	if (codes.length === 0) return new Map();
	const rows = await db
		.selectFrom('customer')
		.select(['id', 'code'])
		.where('code', 'in', [...codes])
		.execute();
	return new Map(rows.map((r) => [r.code, r.id]));
}

/**
 * The staff member who uploaded a batch, as the user its readings are recorded by: recording
 * needs the id and the route scope (as it is now), not the permissions, which the upload and
 * the commit request checked. Null when the account is gone or inactive.
 */
export async function staffAsUser(db: Database, staffId: number): Promise<SessionUser | null> {
	const staff = await db
		.selectFrom('staff')
		.select(['id', 'username', 'full_name', 'role_code'])
		.where('id', '=', staffId)
		.where('active', '=', true)
		.executeTakeFirst();
	if (!staff) return null;
	return {
		id: staff.id,
		username: staff.username,
		fullName: staff.full_name,
		role: staff.role_code as Role,
		permissions: {},
		routeIds: await staffScope(db, staffId)
	};
}

/** The batch's valid rows in file order, as the preview stored them. */
export async function validRows(
	db: Database,
	batchId: number
): Promise<{ rowNo: number; action: 'create' | 'update'; data: ReadingImportData }[]> {
	const rows = await db
		.selectFrom('import_row')
		.select(['row_no', 'action', 'data'])
		.where('batch_id', '=', String(batchId))
		.where('action', 'in', ['create', 'update'])
		.orderBy('row_no')
		.execute();
	return rows.map((r) => ({
		rowNo: r.row_no,
		action: r.action as 'create' | 'update',
		data: r.data as unknown as ReadingImportData
	}));
}

/** The routes of the customers a committed batch recorded readings for. */
export async function routesOfBatch(db: Database, batchId: number): Promise<number[]> {
	const { rows } = await sql<{ route_id: number }>`
		select distinct c.route_id from import_row r
		join customer c on c.id = (r.data->>'customer_id')::int
		where r.batch_id = ${batchId} and r.action in ('create', 'update') and c.route_id is not null
		order by 1`.execute(db);
	return rows.map((r) => r.route_id);
}

/** Valid rows of a batch whose reading the anomaly checks send to review. */
export async function flaggedRows(db: Database, batchId: number): Promise<number> {
	const row = await db
		.selectFrom('import_row')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('batch_id', '=', String(batchId))
		.where('action', 'in', ['create', 'update'])
		.where(sql<boolean>`data->>'review_status' = 'flagged'`)
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

/** The first metered customer of the user's routes (route order), for the template's example row. */
export async function exampleCustomer(db: Database, routeIds: readonly number[] | null) {
	let q = db
		.selectFrom('customer as c')
		.innerJoin('meter as m', (j) =>
			j.onRef('m.customer_id', '=', 'c.id').on('m.status', '=', 'in_service')
		)
		.select(['c.code', 'm.serial'])
		.where('c.route_id', 'is not', null)
		.orderBy('c.route_id')
		.orderBy('c.route_seq')
		.limit(1);
	if (routeIds !== null) q = q.where('c.route_id', 'in', [...routeIds, -1]);
	return q.executeTakeFirst();
}
