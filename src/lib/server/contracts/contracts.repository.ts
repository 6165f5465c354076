/** SQL for contracts (hợp đồng): one customer's revisions, and the search across all. */
import { sql, type Kysely } from 'kysely';
import { escapeLike } from '../../domain/search/search-query.ts';
import type { DB } from '../db/types.gen.ts';

type Db = Kysely<DB>;

const columns = [
	'id',
	'customer_id',
	'revision',
	'number',
	'status',
	'signed_on',
	'handover_on',
	'installed_on',
	'installation_team',
	'created_at'
] as const;

export async function contractsOf(db: Db, customerId: number, lock = false) {
	let q = db
		.selectFrom('contract')
		.select(columns)
		.where('customer_id', '=', customerId)
		.orderBy('revision', 'desc');
	if (lock) q = q.forUpdate();
	return q.execute();
}

export interface ContractValues {
	signed_on: string;
	handover_on: string | null;
	installed_on: string | null;
	installation_team: string | null;
}

export async function insertContract(
	db: Db,
	customerId: number,
	revision: number,
	values: ContractValues
) {
	return db
		.insertInto('contract')
		.values({
			customer_id: customerId,
			revision,
			status: 'active',
			// Replaced by the contract_number trigger (customer code + '/' + 2-digit revision).
			number: '',
			...values
		})
		.returning(columns)
		.executeTakeFirstOrThrow();
}

export async function setStatus(db: Db, id: number, status: 'superseded' | 'terminated') {
	await db.updateTable('contract').set({ status }).where('id', '=', id).execute();
}

export async function updateDates(db: Db, id: number, values: Partial<ContractValues>) {
	return db
		.updateTable('contract')
		.set(values)
		.where('id', '=', id)
		.returning(columns)
		.executeTakeFirstOrThrow();
}

export interface ContractSearch {
	/** Words: contract numbers (with '/') match the number, others the customer's search text. */
	words: string[];
	status: string | null;
	signedFrom: string | null;
	signedTo: string | null;
	routeIds: number[] | null;
}

function searchQuery(db: Db, s: ContractSearch) {
	let q = db.selectFrom('contract as k').innerJoin('customer as c', 'c.id', 'k.customer_id');
	for (const w of s.words) {
		if (w.includes('/')) {
			// A contract number ('KH00012345/02'): a prefix range on contract_number_key when it
			// starts with the code (the LIKE keeps it exact), else a plain substring match.
			const upper = w.toUpperCase();
			q = /^KH\d/.test(upper)
				? q
						.where('k.number', '>=', upper)
						.where('k.number', '<', `${upper}~`)
						.where(sql<boolean>`k.number like ${escapeLike(upper) + '%'}`)
				: q.where(sql<boolean>`k.number ilike ${`%${escapeLike(w)}%`}`);
		} else {
			// Code, name, address and phone: the customer's folded search text (trigram index).
			q = q.where(sql<boolean>`c.search_text like wl_fold(${`%${escapeLike(w)}%`})`);
		}
	}
	if (s.status) q = q.where('k.status', '=', s.status);
	if (s.signedFrom) q = q.where('k.signed_on', '>=', s.signedFrom);
	if (s.signedTo) q = q.where('k.signed_on', '<=', s.signedTo);
	if (s.routeIds) q = q.where('c.route_id', '=', sql<number>`any(${s.routeIds}::int[])`);
	return q;
}

export async function searchContracts(db: Db, s: ContractSearch, offset: number, limit: number) {
	const [rows, total] = await Promise.all([
		searchQuery(db, s)
			.select([
				'k.id',
				'k.number',
				'k.status',
				'k.revision',
				'k.signed_on',
				'k.handover_on',
				'k.installed_on',
				'k.installation_team',
				'c.id as customer_id',
				'c.code as customer_code',
				'c.name as customer_name',
				'c.address'
			])
			.orderBy('k.signed_on', 'desc')
			.orderBy('k.number')
			.offset(offset)
			.limit(limit)
			.execute(),
		searchQuery(db, s)
			.select((eb) => eb.fn.countAll<string>().as('n'))
			.executeTakeFirstOrThrow()
	]);
	return { rows, total: Number(total.n) };
}
