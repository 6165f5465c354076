/**
 * Invoices, receipts and payments written straight with SQL for the billing report tests,
 * within the constraints of migration 0017 (totals add up, numbers on every issued bill, a
 * reason and time on voids, a provisional collection behind each reader-collection receipt).
 * Amounts are integer VND, volumes m³.
 */
import type postgres from 'postgres';

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
				${status === 'cancelled' ? new Date('2030-01-20T03:00:00Z') : null},
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
