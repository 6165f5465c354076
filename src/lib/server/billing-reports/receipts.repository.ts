/**
 * SQL for receipts by method: counts and sums per calendar day (Asia/Ho_Chi_Minh) and method,
 * grouped in the database, with voided receipts counted apart. The range filter is on the
 * received_at instant so the receipt_received_idx index serves it. A scoped viewer counts the
 * receipts of customers on their routes. Amounts are integer VND.
 */
import { sql, type Kysely } from 'kysely';
import type { ReceiptGroup } from '../../domain/billing-reports/receipts.ts';
import type { DB } from '../db/types.gen.ts';
import { dayEnd, dayStart, routeFilter, type ReportScope } from './scope.ts';

type Db = Kysely<DB>;

export interface ReceiptsQuery extends ReportScope {
	/** Calendar days 'YYYY-MM-DD', both included. */
	from: string;
	to: string;
}

export async function receiptGroups(db: Db, q: ReceiptsQuery): Promise<ReceiptGroup[]> {
	const scoped = q.routeIds !== null || q.routeId !== undefined;
	const { rows } = await sql<Record<string, string>>`
		select (r.received_at at time zone 'Asia/Ho_Chi_Minh')::date::text as day, r.method,
			count(*) filter (where r.status = 'valid')::int as valid_count,
			coalesce(sum(r.amount_vnd) filter (where r.status = 'valid'), 0)::text as valid_vnd,
			count(*) filter (where r.status = 'void')::int as void_count,
			coalesce(sum(r.amount_vnd) filter (where r.status = 'void'), 0)::text as void_vnd
		from receipt r
		${scoped ? sql`join customer c on c.id = r.customer_id and ${routeFilter(sql`c.route_id`, q)}` : sql``}
		where r.received_at >= ${dayStart(q.from)} and r.received_at < ${dayEnd(q.to)}
		group by 1, 2
		order by 1, 2
	`.execute(db);
	return rows.map((r) => ({
		day: r.day,
		method: r.method,
		valid: { count: Number(r.valid_count), amountVnd: Number(r.valid_vnd) },
		voided: { count: Number(r.void_count), amountVnd: Number(r.void_vnd) }
	}));
}
