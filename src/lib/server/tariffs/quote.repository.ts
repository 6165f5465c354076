/**
 * What the quote tool reads about a customer and a reading period: the customer's billing
 * facts, the period's reading (m³ and the day it was read, in Asia/Ho_Chi_Minh) and the day
 * of the previous month's reading, which opens the billed interval.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.gen.ts';

type Db = Kysely<DB>;

export interface QuoteCustomer {
	id: number;
	code: string;
	name: string;
	category: string;
	households: number;
	persons: number;
	route_id: number | null;
}

export async function quoteCustomer(db: Db, id: number): Promise<QuoteCustomer | undefined> {
	return db
		.selectFrom('customer')
		.select(['id', 'code', 'name', 'category', 'households', 'persons', 'route_id'])
		.where('id', '=', id)
		.executeTakeFirst();
}

export async function customerIdByCode(db: Db, code: string): Promise<number | undefined> {
	const row = await db
		.selectFrom('customer')
		.select('id')
		.where('code', '=', code)
		.executeTakeFirst();
	return row?.id;
}

/** A calendar day in Vietnam of a timestamptz column, as 'YYYY-MM-DD'. */
const vietnamDay = (column: string) =>
	sql<string | null>`(${sql.ref(column)} at time zone 'Asia/Ho_Chi_Minh')::date`;

export interface PeriodReading {
	period_month: string;
	consumption_m3: string | null;
	previous_index: string | null;
	current_index: string | null;
	read_on: string | null;
	/** The day the previous month's reading was taken, if it was. */
	previous_read_on: string | null;
}

/** The period and, when the customer has one, its reading there (the latest if several). */
export async function periodReading(
	db: Db,
	customerId: number,
	periodId: number
): Promise<{ period_month: string; reading: PeriodReading | null } | undefined> {
	const period = await db
		.selectFrom('reading_period')
		.select('period_month')
		.where('id', '=', periodId)
		.executeTakeFirst();
	if (!period) return undefined;
	const reading = await db
		.selectFrom('reading as r')
		.select([
			sql<string>`${period.period_month}::date`.as('period_month'),
			'r.consumption_m3',
			'r.previous_index',
			'r.current_index',
			vietnamDay('r.read_at').as('read_on'),
			(eb) =>
				eb
					.selectFrom('reading as pr')
					.innerJoin('reading_period as pp', 'pp.id', 'pr.period_id')
					.select(vietnamDay('pr.read_at').as('d'))
					.whereRef('pr.customer_id', '=', 'r.customer_id')
					.where(
						sql<boolean>`pp.period_month = (${period.period_month}::date - interval '1 month')::date`
					)
					.where('pr.read_at', 'is not', null)
					.orderBy('pr.read_at', 'desc')
					.limit(1)
					.as('previous_read_on')
		])
		.where('r.customer_id', '=', customerId)
		.where('r.period_id', '=', periodId)
		.orderBy('r.id', 'desc')
		.executeTakeFirst();
	return { period_month: period.period_month, reading: reading ?? null };
}
