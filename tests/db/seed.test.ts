// The synthetic utility loaded into real PostgreSQL + PostGIS: relations, geometry, water
// balance, determinism across databases and bulk paths, refusal and rollback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/lib/server/db/migrate.ts';
import { createScratchDb, type ScratchDb } from '../../src/lib/server/db/test-database.ts';
import { REGISTER_TABLES, SeedRefusedError, seedDatabase } from '../../src/lib/server/seed/seed.ts';

const CUSTOMERS = 2000;
const SEED = 7;

/** md5 of every row of every register table, in key order. */
async function checksums(db: ScratchDb): Promise<Record<string, string>> {
	const out: Record<string, string> = {};
	for (const table of REGISTER_TABLES) {
		const order = table === 'master_meter_volume' ? 'master_meter_id, period_month' : 'id';
		const [row] = await db.sql.unsafe<{ h: string }[]>(
			`select count(*) || ':' || coalesce(md5(string_agg(t::text, '|' order by ${order})), '') as h from ${table} t`
		);
		out[table] = row.h;
	}
	return out;
}

async function one<T>(db: ScratchDb, query: string): Promise<T> {
	const rows = await db.sql.unsafe(query);
	return Object.values(rows[0])[0] as T;
}

describe('seed (PostgreSQL)', () => {
	let a: ScratchDb;
	let b: ScratchDb;
	let sumsA: Record<string, string>;

	beforeAll(async () => {
		[a, b] = await Promise.all([createScratchDb('seed_a'), createScratchDb('seed_b')]);
		await Promise.all([migrateToLatest(a.db), migrateToLatest(b.db)]);
		// The same seed through both bulk paths: COPY into a, batched INSERT into b.
		await seedDatabase(a.sql, { customers: CUSTOMERS, seed: SEED, bulk: 'copy' });
		await seedDatabase(b.sql, { customers: CUSTOMERS, seed: SEED, bulk: 'insert' });
		sumsA = await checksums(a);
	});

	afterAll(async () => {
		await Promise.all([a?.drop(), b?.drop()]);
	});

	it('writes the register with the expected counts and one audit row', async () => {
		expect(await one<number>(a, 'select count(*)::int from customer')).toBe(CUSTOMERS);
		expect(
			await one<number>(a, "select count(*)::int from meter where status = 'in_service'")
		).toBe(CUSTOMERS);
		expect(await one<number>(a, 'select count(*)::int from reading')).toBe(CUSTOMERS * 12);
		expect(await one<number>(a, 'select count(*)::int from zone')).toBe(10);
		expect(await one<string>(a, 'select code from province')).toBe('46');
		const audit = await a.sql`select entity, action, new_values from audit_log`;
		expect(audit).toEqual([
			{ entity: 'seed', action: 'seed', new_values: { customers: CUSTOMERS, seed: SEED } }
		]);
		// Identities moved past the explicit ids: the app's next customer gets the next id and code.
		expect(
			await one<string>(a, "select nextval(pg_get_serial_sequence('customer', 'id'))::text")
		).toBe(String(CUSTOMERS + 1));
	});

	it('puts every customer in a route of its zone, numbered 10, 20, 30… without gaps', async () => {
		expect(await one<number>(a, 'select count(*)::int from customer where route_id is null')).toBe(
			0
		);
		const bad = await a.sql`
			select r.id from route r join customer c on c.route_id = r.id
			group by r.id, r.zone_id
			having min(c.route_seq) <> 10 or max(c.route_seq) <> 10 * count(*)
				or count(distinct c.route_seq) <> count(*) or bool_or(c.route_seq % 10 <> 0)
				or bool_or(c.zone_id <> r.zone_id) or count(*) > 400`;
		expect(bad).toHaveLength(0);
		expect(
			await one<number>(a, "select count(*)::int from route where code !~ '^S[0-9]{2}-[0-9]{3}$'")
		).toBe(0);
	});

	it('gives each customer exactly one meter in service, in its zone, and codes its contracts', async () => {
		const wrong = await a.sql`
			select c.id from customer c
			left join meter m on m.customer_id = c.id and m.status = 'in_service'
			group by c.id, c.zone_id having count(m.id) <> 1 or bool_or(m.zone_id <> c.zone_id)`;
		expect(wrong).toHaveLength(0);
		expect(
			await one<number>(
				a,
				"select count(*)::int from meter where status = 'removed' and customer_id is null"
			)
		).toBe(await one<number>(a, 'select count(*)::int from meter_replacement'));
		const badContracts = await a.sql`
			select k.id from contract k join customer c on c.id = k.customer_id
			where k.number <> c.code || '/' || lpad(k.revision::text, 2, '0')`;
		expect(badContracts).toHaveLength(0);
		expect(
			await one<number>(
				a,
				"select count(distinct customer_id)::int from contract where status = 'active'"
			)
		).toBe(CUSTOMERS);
		expect(await one<string>(a, 'select min(code) from customer')).toBe('KH00000001');
	});

	it('places customers inside their zone and ward, master meters on the zone boundary', async () => {
		expect(
			await one<number>(
				a,
				`select count(*)::int from customer c join zone z on z.id = c.zone_id
			where not ST_Contains(z.geom, c.geom)`
			)
		).toBe(0);
		expect(
			await one<number>(
				a,
				`select count(*)::int from customer c join ward w on w.id = c.ward_id
			where not ST_Contains(w.geom, c.geom)`
			)
		).toBe(0);
		expect(
			await one<number>(
				a,
				`select count(*)::int from master_meter m join zone z on z.id = m.zone_id
			where not ST_DWithin(ST_Boundary(z.geom), m.geom, 1e-9)`
			)
		).toBe(0);
		expect(
			await one<number>(
				a,
				'select count(*)::int from zone where not ST_IsValid(geom) or geom_3857 is null'
			)
		).toBe(0);
	});

	it('has 12 periods (11 locked, 1 open) and chained readings that wrap at the dial', async () => {
		const periods = await a.sql<{ status: string; n: number }[]>`
			select status, count(*)::int as n from reading_period group by status order by status`;
		expect(periods).toEqual([
			{ status: 'locked', n: 11 },
			{ status: 'open', n: 1 }
		]);
		expect(
			await one<number>(
				a,
				'select count(*)::int from (select customer_id from reading group by customer_id having count(*) <> 12) x'
			)
		).toBe(0);
		// Outside a meter change, previous + consumption = current (mod 10^dial_digits).
		expect(
			await one<number>(
				a,
				`select count(*)::int from reading r join meter m on m.id = r.meter_id
			where r.kind <> 'no_access' and coalesce(r.note, '') not like 'Thay đồng hồ%'
				and mod(r.previous_index + r.consumption_m3, (10 ^ m.dial_digits)::numeric) <> r.current_index`
			)
		).toBe(0);
		expect(
			await one<number>(a, 'select count(*)::int from reading where current_index < previous_index')
		).toBeGreaterThan(0);
		expect(
			await one<number>(a, "select count(*)::int from reading where kind = 'no_access'")
		).toBeGreaterThan(0);
	});

	it('closes the water balance: some zones lose 30–45%, the others 8–12%', async () => {
		const zones = await a.sql<{ code: string; loss: number }[]>`
			with siv as (
				select m.zone_id, sum(case m.direction when 'in' then v.volume_m3 else -v.volume_m3 end) as v
				from master_meter_volume v join master_meter m on m.id = v.master_meter_id group by m.zone_id),
			billed as (
				select c.zone_id, sum(r.consumption_m3) as v from reading r join customer c on c.id = r.customer_id
				group by c.zone_id)
			select z.code, (siv.v / billed.v - 1)::float8 as loss
			from zone z join siv on siv.zone_id = z.id join billed on billed.zone_id = z.id order by z.code`;
		expect(zones).toHaveLength(10);
		const lossy = zones.filter((z) => z.loss >= 0.3 && z.loss <= 0.45);
		const efficient = zones.filter((z) => z.loss >= 0.08 && z.loss <= 0.12);
		expect(lossy.length).toBeGreaterThan(0);
		expect(efficient.length).toBeGreaterThan(lossy.length);
		expect(lossy.length + efficient.length).toBe(zones.length);
	});

	it('raises work orders for about 2% of customers and counts the open ones on the map', async () => {
		const orders = await one<number>(a, 'select count(*)::int from work_order');
		expect(orders / CUSTOMERS).toBeGreaterThan(0.01);
		expect(orders / CUSTOMERS).toBeLessThan(0.03);
		const open = await one<number>(a, "select count(*)::int from work_order where status = 'new'");
		expect(open).toBeGreaterThan(0);
		expect(open).toBeLessThan(orders);
		// The map's open work orders are built after the orders were loaded.
		expect(await one<number>(a, 'select sum(open_work_orders)::int from customer_map')).toBe(open);
		// Every order sits on its customer, and the app's next order gets the next id.
		expect(
			await one<number>(
				a,
				`select count(*)::int from work_order w join customer c on c.id = w.customer_id
			where not ST_Equals(w.geom, c.geom)`
			)
		).toBe(0);
		expect(
			await one<string>(a, "select nextval(pg_get_serial_sequence('work_order', 'id'))::text")
		).toBe(String(orders + 1));
	});

	it('writes identical rows for the same seed, through COPY and through INSERT', async () => {
		expect(await checksums(b)).toEqual(sumsA);
	});

	it('refuses a second seed without reset and changes nothing', async () => {
		await expect(
			seedDatabase(a.sql, { customers: 500, seed: 8, bulk: 'copy' })
		).rejects.toBeInstanceOf(SeedRefusedError);
		expect(await checksums(a)).toEqual(sumsA);
		expect(await one<number>(a, 'select count(*)::int from audit_log')).toBe(1);
	});

	it('rolls back everything when a seed fails midway, foreign keys included', async () => {
		const fks = await one<number>(b, "select count(*)::int from pg_constraint where contype = 'f'");
		const failing = seedDatabase(b.sql, {
			customers: 3000,
			seed: 9,
			bulk: 'insert',
			reset: true,
			chunkSize: 1000,
			onProgress: ({ customersDone }) => {
				if (customersDone >= 2000) throw new Error('interrupted');
			}
		});
		await expect(failing).rejects.toThrow('interrupted');
		expect(await checksums(b)).toEqual(sumsA);
		expect(
			await one<number>(b, "select count(*)::int from pg_constraint where contype = 'f'")
		).toBe(fks);
	});

	it('replaces the register on reset, giving the same rows again', async () => {
		await seedDatabase(b.sql, { customers: CUSTOMERS, seed: SEED, bulk: 'copy', reset: true });
		expect(await checksums(b)).toEqual(sumsA);
		const audit = await b.sql`select old_values, new_values from audit_log order by id`;
		expect(audit.map((r) => r.old_values)).toEqual([null, { customers: CUSTOMERS }]);
	});
});
