/**
 * Invoices, receipts and payments written straight with SQL for the billing report tests,
 * within the constraints of migration 0017 (totals add up, numbers on every issued bill, a
 * reason and time on voids, a provisional collection behind each reader-collection receipt).
 * Amounts are integer VND, volumes m³.
 */
import { PassThrough, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type postgres from 'postgres';
import { ensureRoles } from '../../../src/lib/server/admin/admin.repository.ts';
import { migrateToLatest } from '../../../src/lib/server/db/migrate.ts';
import { createScratchDb, type ScratchDb } from '../../../src/lib/server/db/test-database.ts';
import { seedDatabase } from '../../../src/lib/server/seed/seed.ts';

export interface InvoiceSpec {
	customerId: number;
	periodId: number;
	routeId?: number | null;
	category?: string | null;
	status?: 'draft' | 'issued' | 'paid' | 'cancelled';
	trial?: boolean;
	originalId?: number;
	m3?: number;
	water?: number;
	vat?: number;
	env?: number;
	drainage?: number;
	drainageVat?: number;
	issuedOn?: string;
	dueOn?: string;
	/** When a cancelled bill was voided (an ISO instant). */
	voidedAt?: string;
}

export const totalOf = (s: InvoiceSpec) =>
	(s.water ?? 0) + (s.vat ?? 0) + (s.env ?? 0) + (s.drainage ?? 0) + (s.drainageVat ?? 0);

export function billingRows(sql: postgres.Sql) {
	let invoiceNo = 0;
	let receiptNo = 0;

	async function invoice(s: InvoiceSpec): Promise<number> {
		const status = s.status ?? 'issued';
		const numbered = status !== 'draft';
		const issuedOn = numbered ? (s.issuedOn ?? '2030-01-05') : null;
		const [row] = await sql<{ id: number }[]>`
			insert into invoice (customer_id, period_id, route_id, category_code, status, trial,
				kind, original_id, series, invoice_year, number, issued_on, due_on, consumption_m3,
				water_amount_vnd, vat_vnd, env_fee_vnd, drainage_vnd, drainage_vat_vnd, total_vnd,
				voided_at, reason)
			values (${s.customerId}, ${s.periodId}, ${s.routeId ?? null}, ${s.category ?? null},
				${status}, ${s.trial ?? false}, ${s.originalId ? 'adjustment' : 'regular'},
				${s.originalId ?? null}, ${numbered ? '1C30TWL' : null}, ${numbered ? 2030 : null},
				${numbered ? ++invoiceNo : null}, ${issuedOn}, ${s.dueOn ?? issuedOn},
				${s.m3 ?? 0}, ${s.water ?? 0}, ${s.vat ?? 0}, ${s.env ?? 0}, ${s.drainage ?? 0},
				${s.drainageVat ?? 0}, ${totalOf(s)},
				${status === 'cancelled' ? new Date(s.voidedAt ?? '2030-01-20T03:00:00Z') : null},
				${status === 'cancelled' ? 'lập sai' : null})
			returning id`;
		return Number(row.id);
	}

	/** A receipt (valid unless voided) paying `pays` invoices; returns its id. */
	async function receipt(r: {
		customerId: number;
		method: string;
		amount: number;
		at: string;
		voided?: boolean;
		pays?: { invoiceId: number; amount: number }[];
		reader?: { staffId: number; periodId: number };
	}): Promise<number> {
		let collectionId: number | null = null;
		if (r.method === 'reader_collection') {
			const [pc] = await sql<{ id: number }[]>`
				insert into provisional_collection (customer_id, period_id, reader_id, amount_vnd,
					method, collected_at)
				values (${r.customerId}, ${r.reader!.periodId}, ${r.reader!.staffId}, ${r.amount},
					'cash', ${r.at}) returning id`;
			collectionId = Number(pc.id);
		}
		const [row] = await sql<{ id: number }[]>`
			insert into receipt (number, customer_id, method, amount_vnd, received_at,
				provisional_collection_id, status, void_reason, voided_at)
			values (${`PT-2030-${String(++receiptNo).padStart(6, '0')}`}, ${r.customerId},
				${r.method}, ${r.amount}, ${r.at}, ${collectionId},
				${r.voided ? 'void' : 'valid'}, ${r.voided ? 'thu nhầm' : null},
				${r.voided ? r.at : null})
			returning id`;
		for (const p of r.pays ?? [])
			await sql`insert into payment (receipt_id, invoice_id, amount_vnd)
				values (${row.id}, ${p.invoiceId}, ${p.amount})`;
		return Number(row.id);
	}

	return { invoice, receipt };
}

export interface ReportDb {
	scratch: ScratchDb;
	rows: ReturnType<typeof billingRows>;
	/** Three routes (ordered by code) and four customers on each. */
	R: number[];
	cust: number[][];
	/** The closed periods of 2030 by 'YYYY-MM'. */
	period: Record<string, number>;
	/** A reader (for reader-collection receipts). */
	readerId: number;
}

/** A scratch database with a small seeded utility and the twelve periods of 2030. */
export async function reportDb(label: string): Promise<ReportDb> {
	const scratch = await createScratchDb(label);
	await migrateToLatest(scratch.db);
	await seedDatabase(scratch.sql, { customers: 600, seed: 11, bulk: 'copy' });
	await ensureRoles(scratch.db);
	const R = (
		await scratch.sql<{ id: number }[]>`
			select r.id from route r where (select count(*) from customer c where c.route_id = r.id) >= 4
			order by r.code limit 3`
	).map((r) => r.id);
	const cust: number[][] = [];
	for (const routeId of R)
		cust.push(
			(
				await scratch.sql<{ id: number }[]>`
					select id from customer where route_id = ${routeId} order by id limit 4`
			).map((c) => c.id)
		);
	const period: Record<string, number> = {};
	for (let m = 1; m <= 12; m++) {
		const month = `2030-${String(m).padStart(2, '0')}-01`;
		const [p] = await scratch.sql<{ id: number }[]>`
			insert into reading_period (period_month, status, closed_at)
			values (${month}, 'closed', now()) returning id`;
		period[month.slice(0, 7)] = p.id;
	}
	const [s] = await scratch.sql<{ id: number }[]>`
		insert into staff (username, full_name, role_code, password_hash)
		values ('thu.bc', 'NV thu', 'field', 'x') returning id`;
	return { scratch, rows: billingRows(scratch.sql), R, cust, period, readerId: s.id };
}

/** A workbook written to memory and read back with exceljs. */
export async function workbookOf(write: (out: Writable) => Promise<unknown>) {
	const out = new PassThrough();
	const chunks: Buffer[] = [];
	out.on('data', (c: Buffer) => chunks.push(c));
	await write(out);
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
	return wb;
}
