import type { Kysely } from 'kysely';
import type { DB } from '../db/types.gen.ts';

export async function countCustomers(db: Kysely<DB>): Promise<number> {
	const row = await db
		.selectFrom('customer')
		.select((eb) => eb.fn.countAll<string>().as('n'))
		.executeTakeFirstOrThrow();
	return Number(row.n);
}
