/**
 * SQL for settling readers' provisional collections: those on confirmed remittance lists
 * (the cashier holds the money) that no receipt settles yet. Scoped by the viewer's routes.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.gen.ts';

type Db = Kysely<DB>;

export interface UnsettledCollection {
	id: number;
	customerId: number;
	customerCode: string;
	customerName: string;
	routeId: number | null;
	amountVnd: number;
	method: string;
	collectedAt: Date;
	remittanceId: number;
	remittanceNumber: string;
	readerName: string;
}

export async function unsettledCollections(
	db: Db,
	f: { remittanceId?: number; periodId?: number; routeIds: number[] | null }
): Promise<UnsettledCollection[]> {
	const conditions = [
		sql`rm.status = 'confirmed'`,
		sql`not exists (select 1 from receipt r where r.provisional_collection_id = pc.id)`,
		...(f.remittanceId ? [sql`rm.id = ${f.remittanceId}`] : []),
		...(f.periodId ? [sql`pc.period_id = ${f.periodId}`] : []),
		...(f.routeIds ? [sql`c.route_id = any(${f.routeIds}::int[])`] : [])
	];
	const { rows } = await sql<UnsettledCollection>`
		select pc.id::int as id, pc.customer_id as "customerId", c.code as "customerCode",
			c.name as "customerName", c.route_id as "routeId", pc.amount_vnd::float8 as "amountVnd",
			pc.method, pc.collected_at as "collectedAt", rm.id::int as "remittanceId",
			rm.number as "remittanceNumber", s.full_name as "readerName"
		from provisional_collection pc join remittance rm on rm.id = pc.remittance_id
			join customer c on c.id = pc.customer_id join staff s on s.id = pc.reader_id
		where ${sql.join(conditions, sql` and `)}
		order by pc.collected_at, pc.id limit 2000`.execute(db);
	return rows;
}

/** True when a receipt (valid or void) already settles the collection. */
export async function isSettled(db: Db, collectionId: number): Promise<boolean> {
	const { rows } =
		await sql`select 1 from receipt where provisional_collection_id = ${collectionId}`.execute(db);
	return rows.length > 0;
}
