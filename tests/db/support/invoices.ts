/**
 * A seeded scratch database for the invoice tests, with staff and helpers that make invoice
 * rows the way the billing engine leaves them: drafts of a locked period (or a trial, or an
 * unlocked period) with Hanoi's 25 m³ worked example as their amounts.
 */
import { expect } from 'vitest';
import { defaultPermissions, type Role } from '../../../src/lib/domain/access/permissions.ts';
import { sampleDocument } from '../../../src/lib/domain/invoices/invoice.fixtures.ts';
import { ensureRoles } from '../../../src/lib/server/admin/admin.repository.ts';
import type { SessionUser } from '../../../src/lib/server/auth/auth.repository.ts';
import { migrateToLatest } from '../../../src/lib/server/db/migrate.ts';
import { createScratchDb, type ScratchDb } from '../../../src/lib/server/db/test-database.ts';
import { InvoiceError } from '../../../src/lib/server/invoices/invoices.schemas.ts';
import { seedDatabase } from '../../../src/lib/server/seed/seed.ts';

/** The refusal a promise rejects with, checked to be the invoices area's. */
export async function refused(promise: Promise<unknown>): Promise<InvoiceError> {
	const error = await promise.then(
		() => null,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(InvoiceError);
	return error as InvoiceError;
}

export interface InvoiceWorld {
	scratch: ScratchDb;
	/** Three routes with customers, in code order. */
	routes: number[];
	lockedPeriod: number;
	openPeriod: number;
	scheduleId: number;
	staff(username: string, role: Role, routeIds: number[] | null): Promise<SessionUser>;
	/** A customer of the route not yet billed in the period. */
	freeCustomer(routeId: number, periodId: number): Promise<number>;
	draft(customerId: number, periodId: number, opts?: { trial?: boolean }): Promise<number>;
	drafts(routeId: number, periodId: number, count: number): Promise<number[]>;
}

export async function invoiceWorld(label: string): Promise<InvoiceWorld> {
	const scratch = await createScratchDb(label);
	await migrateToLatest(scratch.db);
	await seedDatabase(scratch.sql, { customers: 400, seed: 11, bulk: 'copy' });
	await ensureRoles(scratch.db);
	const sql = scratch.sql;
	const routes = (
		await sql<{ id: number }[]>`
			select r.id from route r where (select count(*) from customer c where c.route_id = r.id) >= 30
			order by r.code limit 3`
	).map((r) => r.id);
	const [locked] = await sql<{ id: number }[]>`
		select id from reading_period where status = 'locked' order by period_month desc limit 1`;
	const [unlocked] = await sql<{ id: number }[]>`
		insert into reading_period (period_month, status, closed_at)
		values ('2031-01-01', 'closed', now()) returning id`;
	const [schedule] = await sql<
		{ id: number }[]
	>`select id from tariff_schedule order by id limit 1`;
	const doc = sampleDocument();

	async function draft(customerId: number, periodId: number, opts: { trial?: boolean } = {}) {
		const [row] = await sql<{ id: string }[]>`
			insert into invoice (customer_id, period_id, route_id, status, trial, category_code,
				households, persons, from_date, to_date, previous_index, current_index, consumption_m3,
				water_amount_vnd, vat_vnd, env_fee_vnd, total_vnd, lines, schedule_ids, previous_debt_vnd)
			select c.id, ${periodId}, c.route_id, 'draft', ${opts.trial ?? false}, 'SH', 1, 4,
				'2026-03-01', '2026-03-31', 100, 125, 25, ${doc.waterVnd}, ${doc.vatVnd},
				${doc.envFeeVnd}, ${doc.totalVnd}, ${sql.json(doc.lines as never)},
				${[schedule.id]}, 0
			from customer c where c.id = ${customerId}
			returning id`;
		return Number(row.id);
	}

	async function freeCustomer(routeId: number, periodId: number) {
		const [c] = await sql<{ id: number }[]>`
			select c.id from customer c where c.route_id = ${routeId}
				and not exists (select 1 from invoice i where i.customer_id = c.id
					and i.period_id = ${periodId} and i.status <> 'cancelled' and i.kind = 'regular')
			order by c.id limit 1`;
		return c.id;
	}

	return {
		scratch,
		routes,
		lockedPeriod: locked.id,
		openPeriod: unlocked.id,
		scheduleId: schedule.id,
		async staff(username, role, routeIds) {
			const [s] = await sql<{ id: number }[]>`
				insert into staff (username, full_name, role_code, password_hash)
				values (${username}, ${'NV ' + username}, ${role}, 'x') returning id`;
			return {
				id: s.id,
				username,
				fullName: 'NV ' + username,
				role,
				permissions: defaultPermissions(role),
				routeIds
			};
		},
		freeCustomer,
		draft,
		async drafts(routeId, periodId, count) {
			const ids: number[] = [];
			for (let i = 0; i < count; i++)
				ids.push(await draft(await freeCustomer(routeId, periodId), periodId));
			return ids;
		}
	};
}
