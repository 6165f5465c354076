/**
 * The map's customer search. Each kind of match is its own index-backed branch:
 *  - code prefix: a range on customer_code_key (codes are 'KH' + digits),
 *  - meter serial prefix: meter_serial_pattern_idx (text_pattern_ops),
 *  - phone prefix: customer_phone_pattern_idx (text_pattern_ops),
 *  - words: AND of `search_text like wl_fold(pattern)` on customer_search_trgm_idx (GIN
 *    trigram), ranked by trigram word similarity to the whole query.
 * The branches are merged by best tier: exact code/serial/phone, then prefixes, then text.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { SearchPlan } from '../../domain/search/search-query.ts';
import type { DB } from '../db/types.gen.ts';

export interface SearchRow {
	id: number;
	code: string;
	name: string;
	address: string;
	phone: string | null;
	meterSerial: string | null;
	lon: number;
	lat: number;
}

/**
 * Text matches ranked per query, at most. A common single word ("nguyen" is in a third of
 * all names) matches hundreds of thousands of rows at 1M customers; ranking them all costs
 * seconds, so only the first candidates the index yields are ranked. Two or more words are
 * selective enough to stay under it.
 */
export const TEXT_CANDIDATES = 1000;

function scopeOf(routeIds: number[] | null): RawBuilder<unknown> {
	return routeIds ? sql`and c.route_id = any(${routeIds}::int[])` : sql``;
}

function branches(plan: SearchPlan, routeIds: number[] | null, limit: number) {
	const scope = scopeOf(routeIds);
	const out: RawBuilder<unknown>[] = [];
	if (plan.codePrefix) {
		// Codes are 'KH' + 8 digits: the prefix padded with 0s and 9s bounds its range in any
		// collation, so the unique btree on code serves it; the LIKE keeps the match exact.
		const p = plan.codePrefix;
		const low = p.padEnd(10, '0');
		const high = p.padEnd(10, '9');
		out.push(sql`(select c.id, case when c.code = ${p} then 0 else 1 end as tier,
				0::real as score
			from customer c
			where c.code between ${low} and ${high} and c.code like ${p + '%'} ${scope}
			order by c.code limit ${limit})`);
	}
	if (plan.serialPrefix) {
		const p = plan.serialPrefix;
		out.push(sql`(select m.customer_id as id, case when m.serial = ${p} then 0 else 1 end as tier,
				0::real as score
			from meter m join customer c on c.id = m.customer_id
			where m.serial like ${p + '%'} and m.status = 'in_service' ${scope}
			order by m.serial using ~<~ limit ${limit})`);
	}
	for (const p of plan.phonePrefixes)
		out.push(sql`(select c.id, case when c.phone = ${p} then 0 else 1 end as tier,
				0::real as score
			from customer c
			where c.phone like ${p + '%'} ${scope}
			order by c.phone using ~<~ limit ${limit})`);
	if (plan.wordPatterns.length > 0) {
		const words = sql.join(
			plan.wordPatterns.map((w) => sql`c.search_text like wl_fold(${w})`),
			sql` and `
		);
		out.push(sql`(select t.id, 2 as tier,
				word_similarity(wl_fold(${plan.rankText}), t.search_text) as score
			from (select c.id, c.search_text from customer c where ${words} ${scope}
				limit ${TEXT_CANDIDATES}) t)`);
	}
	return out;
}

export async function searchCustomers(
	db: Kysely<DB>,
	plan: SearchPlan,
	routeIds: number[] | null,
	limit: number
): Promise<SearchRow[]> {
	const parts = branches(plan, routeIds, limit);
	if (parts.length === 0) return [];
	const { rows } = await sql<SearchRow>`
		with hits as (${sql.join(parts, sql` union all `)}),
		best as (
			select id, min(tier) as tier, max(score) as score from hits group by id
		)
		select c.id, c.code, c.name, c.address, c.phone, m.serial as "meterSerial",
			ST_X(c.geom) as lon, ST_Y(c.geom) as lat
		from best b
		join customer c on c.id = b.id
		left join meter m on m.customer_id = c.id and m.status = 'in_service'
		order by b.tier, b.score desc, c.code
		limit ${limit}`.execute(db);
	return rows;
}

/** The plan PostgreSQL picks for the text branch alone (for tests and benchmarks). */
export async function explainTextSearch(
	db: Kysely<DB>,
	plan: SearchPlan,
	routeIds: number[] | null
): Promise<string> {
	const text = branches(
		{ ...plan, codePrefix: null, serialPrefix: null, phonePrefixes: [] },
		routeIds,
		10
	);
	const { rows } = await sql<{ 'QUERY PLAN': string }>`explain ${text[0]}`.execute(db);
	return rows.map((r) => r['QUERY PLAN']).join('\n');
}
