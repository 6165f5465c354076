/** The months NRW screens can show: those with a stored balance, and which one to open on. */
import { sql } from 'kysely';
import type { Database } from '../db/connection.ts';

/** The months with a stored balance, newest first ('YYYY-MM-01'). */
export async function balancedMonths(db: Database): Promise<string[]> {
	const { rows } = await sql<{ month: string }>`
		select distinct period_month::text as month from nrw_balance order by 1 desc`.execute(db);
	return rows.map((r) => r.month);
}

/**
 * The month NRW screens open on: the newest balanced month whose reading period and the next
 * one are both past reading (closed or locked), so its customer consumption is read, not
 * extrapolated; else the newest balanced month; null when nothing is balanced yet.
 */
export async function defaultMonth(db: Database): Promise<string | null> {
	const { rows } = await sql<{ month: string }>`
		select b.period_month::text as month
		from (select distinct period_month from nrw_balance) b
		join reading_period p on p.period_month = b.period_month and p.status <> 'open'
		join reading_period n on n.period_month = (b.period_month + interval '1 month')::date
			and n.status <> 'open'
		order by 1 desc limit 1`.execute(db);
	return rows[0]?.month ?? (await balancedMonths(db))[0] ?? null;
}
