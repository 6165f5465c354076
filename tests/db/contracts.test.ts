// Contracts against a seeded PostgreSQL: numbering from the trigger (/01, /02…), the old
// contract superseded and still readable, one active per customer, termination, the search
// across all contracts (diacritics-insensitive), route scope and audit entries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPermissions } from '../../src/lib/domain/access/permissions.ts';
import { ensureRoles } from '../../src/lib/server/admin/admin.repository.ts';
import type { SessionUser } from '../../src/lib/server/auth/auth.repository.ts';
import {
	customerContracts,
	InputError,
	searchAllContracts,
	signContract,
	terminateContract,
	updateContract
} from '../../src/lib/server/contracts/contracts.service.ts';
import { closeDb } from '../../src/lib/server/db/connection.ts';
import { migrateToLatest } from '../../src/lib/server/db/migrate.ts';
import { createScratchDb, type ScratchDb } from '../../src/lib/server/db/test-database.ts';
import { seedDatabase } from '../../src/lib/server/seed/seed.ts';

const today = '2026-11-23';
const sign = (signedOn: string, team: string | null = null) => ({
	signedOn,
	handoverOn: null,
	installedOn: null,
	installationTeam: team
});

describe('contracts', () => {
	let scratch: ScratchDb;
	let cskh: SessionUser;
	let customer: { id: number; code: string; route_id: number };

	async function refused(promise: Promise<unknown>): Promise<InstanceType<typeof InputError>> {
		const error = await promise.then(
			() => null,
			(e: unknown) => e
		);
		expect(error).toBeInstanceOf(InputError);
		return error as InstanceType<typeof InputError>;
	}

	beforeAll(async () => {
		scratch = await createScratchDb('contracts');
		await migrateToLatest(scratch.db);
		await seedDatabase(scratch.sql, { customers: 400, seed: 5, bulk: 'copy' });
		await ensureRoles(scratch.db);
		const [s] = await scratch.sql<{ id: number }[]>`
			insert into staff (username, full_name, role_code, password_hash)
			values ('cskh.test', 'CSKH', 'customer_service', 'x') returning id`;
		cskh = {
			id: s.id,
			username: 'cskh.test',
			fullName: 'CSKH',
			role: 'customer_service',
			permissions: defaultPermissions('customer_service'),
			routeIds: null
		};
		[customer] = await scratch.sql<{ id: number; code: string; route_id: number }[]>`
			insert into customer (name, kind, address, ward_id, geom, zone_id, category, route_id, route_seq)
			select 'Phạm Đức Hợp Đồng', 'individual', 'Số 9 Đường Thử', ward_id, geom, zone_id, 'domestic',
				route_id, 999990
			from customer where route_id is not null order by id limit 1
			returning id, code, route_id`;
	});
	afterAll(async () => {
		await closeDb();
		await scratch.drop();
	});

	it('signs /01, refuses a second active one, re-signs /02 and /03 keeping the old ones readable', async () => {
		const first = await signContract(
			scratch.db,
			cskh,
			customer.id,
			sign('2026-01-10', 'Tổ 1'),
			'sign',
			today
		);
		expect(first).toMatchObject({ number: `${customer.code}/01`, status: 'active', revision: 1 });
		const twice = await refused(
			signContract(scratch.db, cskh, customer.id, sign('2026-02-01'), 'sign', today)
		);
		expect(twice.message).toContain(`${customer.code}/01`);

		const second = await signContract(
			scratch.db,
			cskh,
			customer.id,
			sign('2026-06-01', 'Tổ 2'),
			'resign',
			today
		);
		expect(second.number).toBe(`${customer.code}/02`);
		const third = await signContract(
			scratch.db,
			cskh,
			customer.id,
			sign('2026-09-01'),
			'resign',
			today
		);
		expect(third.number).toBe(`${customer.code}/03`);

		const { contracts } = await customerContracts(scratch.db, cskh, customer.id);
		expect(contracts.map((k) => [k.number, k.status, k.installation_team])).toEqual([
			[`${customer.code}/03`, 'active', null],
			[`${customer.code}/02`, 'superseded', 'Tổ 2'],
			[`${customer.code}/01`, 'superseded', 'Tổ 1']
		]);
		// The database also allows one active contract per customer only.
		await expect(
			scratch.sql`insert into contract (customer_id, revision, number, signed_on) values (${customer.id}, 9, '', '2026-10-01')`
		).rejects.toThrow(/contract_active_key/);

		const audit = await scratch.sql`
			select action, new_values->>'number' as number from audit_log
			where entity = 'contract' and (new_values->>'customer_id')::int = ${customer.id} order by id`;
		expect(audit.map((a) => `${a.action} ${a.number}`)).toEqual([
			`sign ${customer.code}/01`,
			`supersede ${customer.code}/01`,
			`resign ${customer.code}/02`,
			`supersede ${customer.code}/02`,
			`resign ${customer.code}/03`
		]);
	});

	it('validates dates, updates the active contract only, and terminates it', async () => {
		const { contracts } = await customerContracts(scratch.db, cskh, customer.id);
		const [active, old] = contracts;
		const future = await refused(
			signContract(scratch.db, cskh, customer.id, sign('2026-12-01'), 'resign', today)
		);
		expect(future.field).toBe('signedOn');
		const handover = await refused(
			updateContract(
				scratch.db,
				cskh,
				customer.id,
				active.id,
				{ ...sign('2026-09-01'), handoverOn: '2026-08-01' },
				today
			)
		);
		expect(handover.message).toContain('before the signing date');
		const updated = await updateContract(
			scratch.db,
			cskh,
			customer.id,
			active.id,
			{
				signedOn: '2026-09-01',
				handoverOn: '2026-09-03',
				installedOn: '2026-09-05',
				installationTeam: 'Đội lắp đặt số 3'
			},
			today
		);
		expect(updated).toMatchObject({
			handover_on: '2026-09-03',
			installation_team: 'Đội lắp đặt số 3'
		});
		const readOnly = await refused(
			updateContract(scratch.db, cskh, customer.id, old.id, sign('2026-06-01'), today)
		);
		expect(readOnly.message).toContain('can only be read');

		await terminateContract(scratch.db, cskh, customer.id, active.id, 'Khách hàng chuyển đi');
		const after = await customerContracts(scratch.db, cskh, customer.id);
		expect(after.contracts[0].status).toBe('terminated');
		// After termination a new contract can be signed, numbered on from the last revision.
		const fresh = await signContract(
			scratch.db,
			cskh,
			customer.id,
			sign('2026-11-01'),
			'sign',
			today
		);
		expect(fresh.number).toBe(`${customer.code}/04`);
	});

	it('searches all contracts by number, by name without diacritics, by status and dates, within scope', async () => {
		const byName = await searchAllContracts(
			scratch.db,
			cskh,
			new URLSearchParams({ q: 'pham duc hop dong' })
		);
		expect(byName.total).toBe(4);
		expect(byName.rows.every((r) => r.customer_id === customer.id)).toBe(true);
		const byNumber = await searchAllContracts(
			scratch.db,
			cskh,
			new URLSearchParams({ q: `${customer.code}/02` })
		);
		expect(byNumber.rows.map((r) => r.number)).toEqual([`${customer.code}/02`]);
		const digitsOnly = await searchAllContracts(
			scratch.db,
			cskh,
			new URLSearchParams({ q: `${customer.code.slice(2)}/01` })
		);
		expect(digitsOnly.rows.map((r) => r.number)).toEqual([`${customer.code}/01`]);
		const superseded = await searchAllContracts(
			scratch.db,
			cskh,
			new URLSearchParams({
				q: customer.code,
				status: 'superseded',
				from: '2026-05-01',
				to: '2026-12-31'
			})
		);
		expect(superseded.rows.map((r) => r.number)).toEqual([`${customer.code}/02`]);
		const all = await searchAllContracts(scratch.db, cskh, new URLSearchParams());
		const [n] = await scratch.sql`select count(*)::int as n from contract`;
		expect(all.total).toBe(n.n);
		expect(all.rows.length).toBe(50);

		const [other] = await scratch.sql<{ id: number }[]>`
			select id from route where id <> ${customer.route_id} order by id limit 1`;
		const outsider = { ...cskh, role: 'billing_clerk' as const, routeIds: [other.id] };
		expect(
			(await searchAllContracts(scratch.db, outsider, new URLSearchParams({ q: customer.code })))
				.total
		).toBe(0);
		const e = await refused(customerContracts(scratch.db, outsider, customer.id));
		expect(e.status).toBe(404);
		const bad = await refused(
			searchAllContracts(scratch.db, cskh, new URLSearchParams({ status: 'lost' }))
		);
		expect(bad.field).toBe('status');
	});
});
