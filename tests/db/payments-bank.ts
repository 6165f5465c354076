// Bank statement tests, run inside payments.test.ts (they share its seeded scratch database).
import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import type { SessionUser } from '../../src/lib/server/auth/auth.repository.ts';
import type { ScratchDb } from '../../src/lib/server/db/test-database.ts';
import { reviewLine, reviewQueue } from '../../src/lib/server/payments/bank-review.service.ts';
import {
	importStatement,
	statementDetail,
	statementRejects
} from '../../src/lib/server/payments/bank.service.ts';
import { customerBalances } from '../../src/lib/server/payments/ledger.repository.ts';
import type { PaymentError } from '../../src/lib/server/payments/payments.schemas.ts';
import { voidReceipt } from '../../src/lib/server/payments/receipts.service.ts';

export interface Context {
	scratch: ScratchDb;
	users: Record<string, SessionUser>;
	issue: (customerId: number, periodId: number, totalVnd: number) => Promise<number>;
	invoice: (id: number) => Promise<{ paid: number; status: string }>;
	periods: { older: number; old: number; current: number };
	routes: number[];
	customersOf: (routeId: number) => Promise<{ id: number; code: string }[]>;
	refused: (p: Promise<unknown>) => Promise<PaymentError>;
}

const header = [
	'STT',
	'Ngày giao dịch',
	'Số tiền ghi nợ',
	'Số tiền ghi có',
	'Số dư',
	'Nội dung',
	'Số tham chiếu'
];

export function bankTests(context: () => Context) {
	it('imports a statement: matches by code and amount, keeps every other line with its reason', async () => {
		const { scratch, users, issue, invoice, periods, routes, customersOf } = context();
		// Customers the record tests (the first few of this route) leave alone.
		const [k1, k2, k3] = (await customersOf(routes[0])).slice(10);
		const i1 = await issue(k1.id, periods.current, 300_000);
		const i2old = await issue(k2.id, periods.old, 100_000);
		const i2 = await issue(k2.id, periods.current, 150_000);
		const i3 = await issue(k3.id, periods.current, 200_000);
		const spaced = `kh ${k1.code.slice(2, 6)} ${k1.code.slice(6)}`;
		const rows = [
			[1, '02/11/2026 08:15:00', null, 300_000, 0, `CK tien nuoc ${spaced}`, 'FT26306001'],
			[2, '03/11/2026', null, '150.000', 0, `${k2.code} T10`, 'FT26307002'],
			[3, '03/11/2026', null, 199_000, 0, `TT nuoc ${k3.code}`, 'FT26307003'],
			[4, '04/11/2026', null, 50_000, 0, 'chuyen tien', 'FT26308004'],
			[5, '04/11/2026', null, 70_000, 0, 'KH99999999 tien nuoc', 'FT26308005'],
			[6, '05/11/2026', 20_000, null, 0, 'phi SMS', 'FT26309006'],
			[7, '05/11/2026', null, '-50.000', 0, `${k1.code}`, 'FT26309007'],
			[8, '31/02/2026', null, 10_000, 0, `${k1.code}`, 'FT26309008'],
			[9, '06/11/2026', null, 0, 0, `${k1.code}`, 'FT26309009']
		];
		const bytes = await statementXlsx(header, rows);
		const first = await importStatement(scratch.db, users.cashier, { name: 'sk-11.xlsx', bytes });
		expect(first.sameFileAs).toEqual([]);
		expect(first.statement).toMatchObject({
			totalLines: 9,
			matchedLines: 2,
			unmatchedLines: 3,
			rejectedLines: 4,
			duplicateLines: 0
		});
		expect(await invoice(i1)).toEqual({ paid: 300_000, status: 'paid' });
		// 150.000 is one invoice's amount; applied oldest first it pays the older one first.
		expect(await invoice(i2old)).toEqual({ paid: 100_000, status: 'paid' });
		expect(await invoice(i2)).toEqual({ paid: 50_000, status: 'issued' });
		expect(await invoice(i3)).toEqual({ paid: 0, status: 'issued' });
		const { lines } = await statementDetail(scratch.db, users.cashier, first.statement.id);
		const byRow = new Map(lines.map((l) => [l.rowNo, l]));
		expect(byRow.get(5)).toMatchObject({ status: 'matched', customerCode: k1.code });
		expect(byRow.get(5)!.receiptNumber).toMatch(/^PT-2026-/);
		expect(byRow.get(7)!.reason).toMatch(/^số tiền khác: cần 200\.000/);
		expect(byRow.get(8)!.reason).toMatch(/không tìm thấy mã khách hàng/);
		expect(byRow.get(9)!.reason).toBe('mã khách hàng KH99999999 không tồn tại');
		expect(byRow.get(10)).toMatchObject({
			status: 'rejected',
			reason: 'Số tiền ghi có: thiếu số tiền ghi có'
		});
		expect(byRow.get(11)!.reason).toMatch(/âm/);
		expect(byRow.get(12)!.reason).toMatch(/^Ngày giao dịch: ngày giao dịch không hợp lệ/);
		expect(byRow.get(13)!.reason).toMatch(/bằng 0/);
		const [receipt] = await scratch.sql<{ method: string; reference: string }[]>`
			select method, reference from receipt r join bank_statement_line l on l.receipt_id = r.id
			where l.statement_id = ${first.statement.id} and l.row_no = 5`;
		expect(receipt).toEqual({ method: 'bank_transfer', reference: 'FT26306001' });

		// The same file again: nothing is paid twice; every line is still stored.
		const again = await importStatement(scratch.db, users.cashier, {
			name: 'sk-11 (1).xlsx',
			bytes
		});
		expect(again.sameFileAs).toEqual([first.statement.id]);
		expect(again.statement).toMatchObject({
			totalLines: 9,
			matchedLines: 0,
			unmatchedLines: 0,
			rejectedLines: 4,
			duplicateLines: 5
		});
		expect(await invoice(i1)).toEqual({ paid: 300_000, status: 'paid' });
		const [{ receipts }] = await scratch.sql<{ receipts: number }[]>`
			select count(*)::int as receipts from receipt where customer_id in (${k1.id}, ${k2.id})`;
		expect(receipts).toBe(2);

		// Rejected lines come back as a workbook with the reasons.
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(
			(await statementRejects(scratch.db, users.cashier, first.statement.id))! as never
		);
		const sheet = workbook.worksheets[0];
		expect(sheet.getRow(1).values).toEqual([undefined, 'Dòng', ...header, 'Lỗi']);
		expect(sheet.rowCount).toBe(5);
		expect(sheet.getRow(3).getCell(1).value).toBe(11);
		expect(String(sheet.getRow(3).getCell(9).value)).toMatch(/^Số tiền ghi có: số tiền âm/);
	});

	it('reviews unmatched lines: a named customer gets the money (extra is credit), or it is ignored', async () => {
		const { scratch, users, invoice, routes, customersOf, refused } = context();
		const [, , k3] = (await customersOf(routes[0])).slice(10);
		const { lines } = await reviewQueue(scratch.db, users.cashier);
		const wrongAmount = lines.find((l) => l.description?.includes(k3.code))!;
		const noCode = lines.find((l) => l.description === 'chuyen tien')!;
		const unknown = lines.find((l) => l.description?.startsWith('KH99999999'))!;
		await reviewLine(scratch.db, users.cashier, wrongAmount.id, {
			action: 'assign',
			customerCode: k3.code
		});
		await reviewLine(scratch.db, users.cashier, noCode.id, {
			action: 'assign',
			customerCode: k3.code
		});
		const [i3] = await scratch.sql<{ id: number }[]>`
			select id::int as id from invoice where customer_id = ${k3.id}`;
		expect(await invoice(i3.id)).toEqual({ paid: 200_000, status: 'paid' });
		expect((await customerBalances(scratch.db, [k3.id])).get(k3.id)).toMatchObject({
			creditVnd: 49_000,
			balanceVnd: -49_000
		});
		await reviewLine(scratch.db, users.cashier, unknown.id, {
			action: 'ignore',
			note: 'không phải tiền nước'
		});
		expect(
			(
				await refused(
					reviewLine(scratch.db, users.cashier, unknown.id, { action: 'ignore', note: 'lần hai' })
				)
			).status
		).toBe(409);
		const after = (await reviewQueue(scratch.db, users.cashier)).lines.map((l) => l.id);
		expect(after).not.toContain(unknown.id);
		expect(after).not.toContain(noCode.id);

		// Voiding the receipt of a bank line puts the line back for review.
		const [line] = await scratch.sql<{ receipt: number }[]>`
			select receipt_id::int as receipt from bank_statement_line where id = ${noCode.id}`;
		await voidReceipt(scratch.db, users.cashier, line.receipt, 'gán nhầm khách hàng');
		const back = (await reviewQueue(scratch.db, users.cashier)).lines.find(
			(l) => l.id === noCode.id
		);
		expect(back).toMatchObject({ status: 'unmatched', reason: expect.stringContaining('đã hủy') });
	});

	it('refuses a statement without a recognisable header, and imports by route-scoped staff', async () => {
		const { scratch, users, refused } = context();
		const bytes = await statementXlsx(['Cột A', 'Cột B'], [[1, 2]]);
		const error = await refused(
			importStatement(scratch.db, users.cashier, { name: 'x.xlsx', bytes })
		);
		expect(error).toMatchObject({ status: 400, field: 'file' });
		const scoped = await refused(
			importStatement(scratch.db, users.clerk, { name: 'x.xlsx', bytes })
		);
		expect(scoped.status).toBe(403);
		// Statements hold every route's customers: a route-scoped clerk sees none of them.
		expect(await reviewQueue(scratch.db, users.clerk)).toEqual({ lines: [], statements: [] });
		const [{ id }] = await scratch.sql<{ id: number }[]>`
			select id::int as id from bank_statement limit 1`;
		expect((await refused(statementDetail(scratch.db, users.clerk, id))).status).toBe(404);
		const garbage = await refused(
			importStatement(scratch.db, users.cashier, {
				name: 'x.xlsx',
				bytes: new Uint8Array([1, 2, 3])
			})
		);
		expect(garbage.status).toBe(415);
	});
}

/** Builds an .xlsx statement: a title block, then the header and rows given. */
export async function statementXlsx(header: string[], rows: unknown[][]): Promise<Uint8Array> {
	const workbook = new ExcelJS.Workbook();
	const sheet = workbook.addWorksheet('Sao ke');
	sheet.addRow(['NGÂN HÀNG TMCP DEMO - SAO KÊ TÀI KHOẢN']);
	sheet.addRow(['Từ ngày 01/11/2026 đến ngày 30/11/2026']);
	sheet.addRow([]);
	sheet.addRow(header);
	for (const r of rows) sheet.addRow(r);
	return new Uint8Array(await workbook.xlsx.writeBuffer());
}
