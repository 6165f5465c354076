// Price decisions, the utility's tariff codes and the quote tool against a seeded PostgreSQL:
// copy, update and delete a decision, refusals that write nothing, the lock once an issued
// invoice used a decision (service and trigger), audit rows, the category mapping, and the
// case of a seeded customer's bill with route scope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPermissions } from '../../src/lib/domain/access/permissions.ts';
import { quote } from '../../src/lib/domain/tariff/quote.ts';
import { ensureRoles } from '../../src/lib/server/admin/admin.repository.ts';
import type { SessionUser } from '../../src/lib/server/auth/auth.repository.ts';
import { closeDb } from '../../src/lib/server/db/connection.ts';
import { migrateToLatest } from '../../src/lib/server/db/migrate.ts';
import { createScratchDb, type ScratchDb } from '../../src/lib/server/db/test-database.ts';
import { seedDatabase } from '../../src/lib/server/seed/seed.ts';
import * as categories from '../../src/lib/server/tariffs/categories.service.ts';
import { caseForCustomer, quoteByHand } from '../../src/lib/server/tariffs/quote.service.ts';
import { databaseRefusal, TariffError } from '../../src/lib/server/tariffs/tariffs.errors.ts';
import { updateSchedule as updateScheduleRow } from '../../src/lib/server/tariffs/tariffs.repository.ts';
import * as tariffs from '../../src/lib/server/tariffs/tariffs.service.ts';

describe('tariffs', () => {
	let scratch: ScratchDb;
	let clerk: SessionUser;
	const viewer = (): SessionUser => ({
		...clerk,
		role: 'customer_service',
		permissions: defaultPermissions('customer_service')
	});

	async function refused(promise: Promise<unknown>): Promise<TariffError> {
		const error = await promise.then(
			() => null,
			(e: unknown) => e
		);
		expect(error).toBeInstanceOf(TariffError);
		return error as TariffError;
	}
	const count = async (table: string) =>
		Number((await scratch.sql`select count(*)::int as n from ${scratch.sql(table)}`)[0].n);
	const audits = async (action: string) =>
		scratch.sql<{ entity_id: string; old_values: unknown; new_values: unknown }[]>`
			select entity_id, old_values, new_values from audit_log where action = ${action} order by id`;

	async function copyDraft(code: string, effectiveFrom: string) {
		return { ...(await tariffs.newDraft(scratch.db)), code, effectiveFrom };
	}

	beforeAll(async () => {
		scratch = await createScratchDb('tariffs');
		await migrateToLatest(scratch.db);
		await seedDatabase(scratch.sql, { customers: 200, seed: 7, bulk: 'copy' });
		await ensureRoles(scratch.db);
		const [s] = await scratch.sql<{ id: number }[]>`
			insert into staff (username, full_name, role_code, password_hash)
			values ('hd.tariff', 'Hóa đơn', 'billing_clerk', 'x') returning id`;
		clerk = {
			id: s.id,
			username: 'hd.tariff',
			fullName: 'Hóa đơn',
			role: 'billing_clerk',
			permissions: defaultPermissions('billing_clerk'),
			routeIds: null
		};
	});
	afterAll(async () => {
		await closeDb();
		await scratch.drop();
	});

	it('copies the decision in force with a new date, lists it as upcoming, edits and deletes it', async () => {
		const draft = await copyDraft('HN-2030', '2030-01-01');
		expect(draft.name).toBe('Giá nước sạch sinh hoạt và ngoài sinh hoạt từ 01/01/2024');
		const sh = draft.categories.SH;
		if (sh.basis === 'flat') throw new Error('SH is a block table');
		sh.blocks[0].price = 9000;
		const id = await tariffs.createSchedule(scratch.db, clerk, draft);

		const listed = await tariffs.listSchedules(scratch.db, '2026-11-27');
		expect(listed.map((s) => [s.code, s.until, s.status, s.used])).toEqual([
			['HN-3541-2024', '2029-12-31', 'in_force', false],
			['HN-2030', null, 'upcoming', false]
		]);
		const stored = await tariffs.getSchedule(scratch.db, id);
		expect(stored.categories.SH).toMatchObject({ blocks: [{ upTo: 10, price: 9000 }, {}, {}, {}] });
		expect(stored.vatRate).toBe(0.05);
		expect((await audits('tariff_schedule.create')).at(-1)).toMatchObject({
			entity_id: String(id),
			new_values: { code: 'HN-2030', effectiveFrom: '2030-01-01' }
		});

		await tariffs.updateSchedule(scratch.db, clerk, id, { ...draft, vatRate: 0.08, name: 'Sửa' });
		expect((await tariffs.getSchedule(scratch.db, id)).vatRate).toBe(0.08);
		expect((await audits('tariff_schedule.update')).at(-1)).toMatchObject({
			old_values: { vatRate: 0.05 },
			new_values: { vatRate: 0.08, name: 'Sửa' }
		});

		await tariffs.deleteSchedule(scratch.db, clerk, id);
		expect((await tariffs.listSchedules(scratch.db)).map((s) => s.code)).toEqual(['HN-3541-2024']);
		expect((await audits('tariff_schedule.delete')).at(-1)).toMatchObject({
			old_values: { code: 'HN-2030' }
		});
	});

	it('refuses bad decisions by field and writes nothing', async () => {
		const before = [await count('tariff_schedule'), await count('audit_log')];
		const overlap = await refused(
			tariffs.createSchedule(scratch.db, clerk, await copyDraft('HN-X', '2024-01-01'))
		);
		expect(overlap).toMatchObject({ status: 400, field: 'effectiveFrom' });

		const bad = await copyDraft('HN-Y', '2031-01-01');
		bad.categories = {
			...bad.categories,
			SH: {
				basis: 'household',
				blocks: [
					{ upTo: 10, price: 8500 },
					{ upTo: 5, price: -1 },
					{ upTo: null, price: 27000 }
				]
			},
			ZZ: { basis: 'flat', price: 1 }
		};
		const error = await refused(tariffs.createSchedule(scratch.db, clerk, bad));
		expect(error.issues.map((i) => i.field).sort()).toEqual(['categories.SH.blocks[1].price']);
		bad.categories.SH = { basis: 'flat', price: 1 };
		const next = await refused(tariffs.createSchedule(scratch.db, clerk, bad));
		expect(next.issues).toEqual([
			{ field: 'categories.ZZ', reason: expect.stringMatching(/ZZ không có/) }
		]);
		const blocks = await copyDraft('HN-Z', '2031-01-01');
		blocks.categories = {
			SH: {
				basis: 'household',
				blocks: [
					{ upTo: 10, price: 1 },
					{ upTo: 5, price: 2 },
					{ upTo: null, price: 3 }
				]
			}
		};
		expect(await refused(tariffs.createSchedule(scratch.db, clerk, blocks))).toMatchObject({
			field: 'categories.SH.blocks[1].upTo'
		});
		const viewerTry = await refused(
			tariffs.createSchedule(scratch.db, viewer(), await copyDraft('HN-V', '2032-01-01'))
		);
		expect(viewerTry.status).toBe(403);
		expect([await count('tariff_schedule'), await count('audit_log')]).toEqual(before);
	});

	it('locks a decision an issued invoice used, in the service and in the database', async () => {
		const id = await tariffs.createSchedule(
			scratch.db,
			clerk,
			await copyDraft('HN-USED', '2033-01-01')
		);
		await scratch.sql`
			insert into invoice (customer_id, period_id, series, invoice_year, number, issued_on,
				consumption_m3, water_amount_vnd, vat_vnd, env_fee_vnd, total_vnd, status, schedule_ids)
			select c.id, p.id, '1C33TWL', 2033, 1, '2033-01-31', 10, 85000, 4250, 8500, 97750,
				'issued', array[${id}::int]
			from customer c cross join reading_period p
			where not exists (select 1 from invoice i where i.customer_id = c.id and i.period_id = p.id)
			order by c.id, p.id limit 1`;
		expect((await tariffs.getSchedule(scratch.db, id)).used).toBe(true);
		const draft = await copyDraft('HN-USED', '2033-01-01');
		const update = await refused(tariffs.updateSchedule(scratch.db, clerk, id, draft));
		expect(update).toMatchObject({ status: 409, field: 'id' });
		expect(update.reason).toMatch(/Đã dùng cho hóa đơn đã phát hành — không sửa được/);
		expect(await refused(tariffs.deleteSchedule(scratch.db, clerk, id))).toMatchObject({
			status: 409
		});
		// The trigger refuses whoever bypasses the service.
		const direct = await scratch.sql`delete from tariff_schedule where id = ${id}`.then(
			() => null,
			(e: { code?: string }) => e.code
		);
		expect(direct).toBe('55000');
		// …and its refusal reads as the service's own 409 when a write slips past the check.
		const slipped = await refused(
			updateScheduleRow(scratch.db, id, { ...draft, name: 'x' }).catch(databaseRefusal)
		);
		expect(slipped).toMatchObject({ status: 409, field: 'id' });
	});

	it('edits the codes and which code bills each customer category', async () => {
		await categories.createCategory(scratch.db, clerk, {
			code: 'sh2',
			name: 'Sinh hoạt 2',
			sort: 15
		});
		await categories.setMapping(scratch.db, clerk, {
			customerCategory: 'poor_household',
			tariffCode: 'SH2'
		});
		let listed = await categories.listCategoriesAndMapping(scratch.db);
		expect(listed.mapping.find((m) => m.customerCategory === 'poor_household')?.tariffCode).toBe(
			'SH2'
		);
		expect(listed.categories.find((c) => c.code === 'SH')?.schedules).toContain('HN-3541-2024');

		// Renaming an unpriced code carries the mapping along (on update cascade).
		await categories.updateCategory(scratch.db, clerk, 'SH2', {
			code: 'SHN2',
			name: 'Hộ nghèo 2',
			sort: 16
		});
		listed = await categories.listCategoriesAndMapping(scratch.db);
		expect(listed.mapping.find((m) => m.customerCategory === 'poor_household')?.tariffCode).toBe(
			'SHN2'
		);
		// A mapped code, and a priced one, stay.
		expect(await refused(categories.deleteCategory(scratch.db, clerk, 'SHN2'))).toMatchObject({
			status: 409,
			field: 'code'
		});
		expect(await refused(categories.deleteCategory(scratch.db, clerk, 'SH'))).toMatchObject({
			status: 409,
			reason: expect.stringMatching(/HN-3541-2024/)
		});
		expect(
			await refused(
				categories.updateCategory(scratch.db, clerk, 'SH', { code: 'SHX', name: 'x', sort: 1 })
			)
		).toMatchObject({ status: 409 });
		expect(
			await refused(
				categories.createCategory(scratch.db, clerk, { code: '1X', name: 'x', sort: 0 })
			)
		).toMatchObject({ status: 400, field: 'code' });

		await categories.setMapping(scratch.db, clerk, {
			customerCategory: 'poor_household',
			tariffCode: 'SH_NGHEO'
		});
		await categories.deleteCategory(scratch.db, clerk, 'SHN2');
		expect((await audits('customer_category_tariff.update')).map((a) => a.new_values)).toEqual([
			{ tariff_code: 'SH2' },
			{ tariff_code: 'SH_NGHEO' }
		]);
		expect(await audits('tariff_category.delete')).toHaveLength(1);
	});

	it('builds the case of a seeded customer’s bill and quotes it; scope hides other routes', async () => {
		const [r] = await scratch.sql<
			{
				customer_id: number;
				period_id: number;
				route_id: number;
				consumption_m3: string;
				households: number;
			}[]
		>`select r.customer_id, r.period_id, c.route_id, r.consumption_m3, c.households
			from reading r join customer c on c.id = r.customer_id
			join reading_period p on p.id = r.period_id
			where c.category = 'domestic' and r.consumption_m3 is not null and r.read_at is not null
				and p.period_month > '2024-02-01'
			order by p.period_month desc, c.id limit 1`;
		const c = await caseForCustomer(scratch.db, { routeIds: null }, r.customer_id, r.period_id);
		expect(c.customer).toMatchObject({ category: 'SH', households: r.households });
		expect(c.consumption).toBe(Number(r.consumption_m3));
		expect(c.previousReadingOn < c.currentReadingOn).toBe(true);
		expect(c.schedules.map((s) => s.id)).toContain('HN-3541-2024');
		expect(quote(c).total).toBeGreaterThan(0);

		const other = await refused(
			caseForCustomer(scratch.db, { routeIds: [r.route_id + 100000] }, r.customer_id, r.period_id)
		);
		expect(other).toMatchObject({ status: 404, field: 'customer' });
	});

	it('quotes a hand-entered case and names the form field of a refusal', async () => {
		const input = {
			category: 'SH',
			households: '1',
			persons: '4',
			previousReadingOn: '2024-03-01',
			currentReadingOn: '2024-03-31',
			consumption: '25',
			previousIndex: '',
			currentIndex: '',
			digits: ''
		};
		expect(await quoteByHand(scratch.db, input)).toMatchObject({ water: 264000, total: 303600 });
		expect(
			await quoteByHand(scratch.db, {
				...input,
				previousIndex: '9990',
				currentIndex: '15',
				digits: '4'
			})
		).toMatchObject({ total: 303600 });
		expect(await refused(quoteByHand(scratch.db, { ...input, category: 'XX' }))).toMatchObject({
			field: 'category'
		});
		expect(await refused(quoteByHand(scratch.db, { ...input, households: 'a' }))).toMatchObject({
			field: 'households'
		});
		const early = { ...input, previousReadingOn: '2023-11-30', currentReadingOn: '2023-12-31' };
		expect(await refused(quoteByHand(scratch.db, early))).toMatchObject({ field: 'schedules' });
	});
});
