// NRW leads against a seeded PostgreSQL: seven new reading periods (after the seeded ones, so
// none is locked) carry readings we choose for one zone; planted customers must be exactly the
// leads of each kind. Then the inspection order from a lead: its type, lead and customer, the
// 409 on a second click (also when both clicks come at once) and the refusal of a reader.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPermissions, type Role } from '../../src/lib/domain/access/permissions.ts';
import { ensureRoles } from '../../src/lib/server/admin/admin.repository.ts';
import { createStaff } from '../../src/lib/server/admin/admin.service.ts';
import type { SessionUser } from '../../src/lib/server/auth/auth.repository.ts';
import { closeDb } from '../../src/lib/server/db/connection.ts';
import { migrateToLatest } from '../../src/lib/server/db/migrate.ts';
import { createScratchDb, type ScratchDb } from '../../src/lib/server/db/test-database.ts';
import { LeadError } from '../../src/lib/server/nrw/leads.schemas.ts';
import { createInspection, zoneLeads } from '../../src/lib/server/nrw/leads.service.ts';
import { seedDatabase } from '../../src/lib/server/seed/seed.ts';

/** The new periods, oldest first; the reference month is the last. */
const months = ['2026-12', '2027-01', '2027-02', '2027-03', '2027-04', '2027-05', '2027-06'];
const month = '2027-06-01';
type Figure = number | 'NA' | `E${number}`;

describe('NRW leads', () => {
	let scratch: ScratchDb;
	let zoneId: number;
	let engineer: SessionUser;
	let reader: SessionUser;
	let periodIds: number[];
	/** Planted customers by role in the test: id and code. */
	const c: Record<string, { id: number; code: string }> = {};

	async function user(username: string, role: Role): Promise<SessionUser> {
		const id = await createStaff(scratch.db, null, {
			username,
			fullName: `Nhân viên ${username}`,
			role,
			password: 'long enough pw'
		});
		const routeIds = role === 'field' ? [] : null;
		return {
			id,
			username,
			fullName: username,
			role,
			permissions: defaultPermissions(role),
			routeIds
		};
	}

	/** Rewrites a customer's readings in the new periods, oldest first. */
	async function plant(id: number, figures: Figure[]) {
		for (const [i, f] of figures.entries()) {
			const kind = f === 'NA' ? 'no_access' : typeof f === 'string' ? 'estimated' : 'actual';
			const m3 = f === 'NA' ? null : typeof f === 'string' ? Number(f.slice(1)) : f;
			await scratch.sql`
				update reading set kind = ${kind}, consumption_m3 = ${m3},
					current_index = case when ${m3}::numeric is null then null else previous_index + ${m3}::numeric end
				where customer_id = ${id} and period_id = ${periodIds[i]}`;
		}
	}

	const refusal = (p: Promise<unknown>) =>
		p.then(
			() => {
				throw new Error('not refused');
			},
			(e: unknown) => {
				expect(e).toBeInstanceOf(LeadError);
				return e as LeadError;
			}
		);
	const codes = async (kind: keyof Awaited<ReturnType<typeof zoneLeads>>['kinds']) =>
		(await zoneLeads(scratch.db, zoneId, month)).kinds[kind].rows.map((r) => r.code).sort();

	beforeAll(async () => {
		scratch = await createScratchDb('nrw_leads');
		await migrateToLatest(scratch.db);
		await seedDatabase(scratch.sql, { customers: 300, seed: 11, bulk: 'copy' });
		await ensureRoles(scratch.db);
		engineer = await user('kysu.test', 'engineer');
		reader = await user('ghi.test', 'field');
		await scratch.sql`update reading_period set status = 'closed', closed_at = now() where status = 'open'`;
		periodIds = [];
		for (const m of months) {
			const [p] = await scratch.sql<{ id: number }[]>`
				insert into reading_period (period_month, status, closed_at)
				values (${`${m}-01`}, 'closed', now()) returning id`;
			periodIds.push(p.id);
		}
		const [z] = await scratch.sql<{ zone_id: number }[]>`
			select zone_id from customer where status = 'active' and zone_id is not null
			group by zone_id order by count(*) desc limit 1`;
		zoneId = z.zone_id;
		// Every customer of the zone: 5–24 m³, never the same two periods running, meters not due.
		await scratch.sql`
			insert into reading (period_id, customer_id, meter_id, previous_index, current_index,
				consumption_m3, kind)
			select p.id, cu.id, m.id, 0, 5 + cu.id % 20 + p.n % 3, 5 + cu.id % 20 + p.n % 3, 'actual'
			from customer cu
			join meter m on m.customer_id = cu.id and m.status = 'in_service'
			cross join unnest(${periodIds}::int[]) with ordinality p(id, n)
			where cu.zone_id = ${zoneId}`;
		await scratch.sql`
			update meter set verification_due_on = '2030-01-01'
			where status = 'in_service' and customer_id in (select id from customer where zone_id = ${zoneId})`;
		const planted = await scratch.sql<{ id: number; code: string }[]>`
			select cu.id, cu.code from customer cu
			join meter m on m.customer_id = cu.id and m.status = 'in_service'
			where cu.zone_id = ${zoneId} and cu.status = 'active' order by cu.id limit 10`;
		const roles = [
			'zeroA',
			'zeroB',
			'once',
			'suspended',
			'drop',
			'noDrop',
			'flat',
			'flatSmall',
			'due',
			'notDue'
		];
		roles.forEach((r, i) => (c[r] = planted[i]));
		await plant(c.zeroA.id, [12, 11, 13, 12, 0, 0, 0]);
		await plant(c.zeroB.id, [10, 9, 8, 9, 0, 0, 'NA']);
		await plant(c.once.id, [3, 3.5, 2, 3, 4, 2, 0]); // one zero; a mean below 5 m³: no drop
		await plant(c.suspended.id, [10, 10.5, 11, 9, 0, 0, 0]);
		await scratch.sql`update customer set status = 'suspended' where id = ${c.suspended.id}`;
		await plant(c.drop.id, [19, 21, 20, 18, 22, 20, 3]);
		await plant(c.noDrop.id, [20, 20.5, 19.5, 20, 21, 19, 8]); // exactly 40% of 20
		await plant(c.flat.id, [55, 70, 65, 58, 'E60', 'E60', 60]);
		await plant(c.flatSmall.id, [12, 12, 12, 12, 12, 12, 12]);
		await scratch.sql`update meter set verification_due_on = '2027-06-30' where customer_id = ${c.due.id}`;
		await scratch.sql`update meter set verification_due_on = '2027-07-01' where customer_id = ${c.notDue.id}`;
	});
	afterAll(async () => {
		await closeDb();
		await scratch.drop();
	});

	it('finds exactly the planted customers of each kind, with evidence and m³ at stake', async () => {
		expect(await codes('zero_consumption')).toEqual([c.zeroA.code, c.zeroB.code].sort());
		expect(await codes('sudden_drop')).toEqual([c.drop.code]);
		expect(await codes('flat_large')).toEqual([c.flat.code]);
		expect(await codes('verification_overdue')).toEqual([c.due.code]);

		const leads = await zoneLeads(scratch.db, zoneId, month);
		const zero = leads.kinds.zero_consumption;
		expect(zero.total).toBe(2);
		// Ranked by m³ at stake: zeroA used 12 m³ a month, zeroB 9.
		expect(zero.rows.map((r) => [r.code, r.lead.stakeM3, r.lead.run])).toEqual([
			[c.zeroA.code, 12, 3],
			[c.zeroB.code, 9, 2]
		]);
		expect(leads.evidenceMonths).toEqual(
			months
				.slice(1)
				.reverse()
				.map((m) => `${m}-01`)
		);
		expect(zero.rows[1].evidence.map((e) => e && [e.m3, e.kind])).toEqual([
			[null, 'no_access'],
			[0, 'actual'],
			[0, 'actual'],
			[9, 'actual'],
			[8, 'actual'],
			[9, 'actual']
		]);
		expect(leads.kinds.sudden_drop.rows[0].lead).toMatchObject({
			stakeM3: 17,
			latestM3: 3,
			previousMeanM3: 20,
			previousCount: 6
		});
		expect(leads.kinds.flat_large.rows[0].lead).toMatchObject({ valueM3: 60, run: 3 });
		expect(leads.kinds.verification_overdue.rows[0].lead.dueOn).toBe('2027-06-30');
	});

	it('creates an inspection order from a lead, then refuses a second with 409', async () => {
		const input = { customerId: c.zeroA.id, kind: 'zero_consumption' as const, month };
		const order = await createInspection(scratch.db, engineer, zoneId, input);
		const [row] = await scratch.sql<
			{ type: string; nrw_lead: string; customer_id: number; status: string; description: string }[]
		>`select type, nrw_lead, customer_id, status, description from work_order where id = ${order.id}`;
		expect(row).toMatchObject({
			type: 'inspection',
			nrw_lead: 'zero_consumption',
			customer_id: c.zeroA.id,
			status: 'new'
		});
		expect(row.description).toContain(c.zeroA.code);
		expect(row.description).toContain('0 m³ trong 3 kỳ liền');
		const audit = await scratch.sql<{ action: string }[]>`
			select action from audit_log where entity = 'work_order' and entity_id = ${String(order.id)}
			order by id`;
		expect(audit.map((a) => a.action)).toEqual(['create', 'nrw_lead']);

		const again = await refusal(createInspection(scratch.db, engineer, zoneId, input));
		expect(again).toMatchObject({ status: 409, field: 'customerId', order });
		expect(again.reason).toContain(order.number);
		const listed = (await zoneLeads(scratch.db, zoneId, month)).kinds.zero_consumption.rows;
		expect(listed.find((r) => r.code === c.zeroA.code)?.openOrder).toEqual(order);
	});

	it('lets only one of two simultaneous clicks through', async () => {
		const input = { customerId: c.zeroB.id, kind: 'zero_consumption' as const, month };
		const results = await Promise.allSettled([
			createInspection(scratch.db, engineer, zoneId, input),
			createInspection(scratch.db, engineer, zoneId, input)
		]);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		const [rejected] = results.filter((r) => r.status === 'rejected');
		expect((rejected as PromiseRejectedResult).reason).toMatchObject({ status: 409 });
		const [{ n }] = await scratch.sql<{ n: number }[]>`
			select count(*)::int as n from work_order where customer_id = ${c.zeroB.id}
				and type = 'inspection'`;
		expect(n).toBe(1);
	});

	it('refuses a customer who is not that lead, and a reader, writing nothing', async () => {
		const before = await scratch.sql`select count(*) from work_order`;
		const notLead = await refusal(
			createInspection(scratch.db, engineer, zoneId, {
				customerId: c.noDrop.id,
				kind: 'sudden_drop',
				month
			})
		);
		expect(notLead).toMatchObject({ status: 409, field: 'kind' });
		const denied = await refusal(
			createInspection(scratch.db, reader, zoneId, {
				customerId: c.drop.id,
				kind: 'sudden_drop',
				month
			})
		);
		expect(denied).toMatchObject({ status: 403, field: 'customerId' });
		expect(await scratch.sql`select count(*) from work_order`).toEqual(before);
	});
});
