/**
 * One row of a readings workbook → what committing it would do: record the customer's
 * reading of the period ('create'), overwrite the one already entered ('update'), or nothing,
 * each error naming the column and the reason. The reading itself is evaluated by the same
 * domain function as every other entry point (evaluateReading), so the preview shows the
 * consumption and anomaly flags the commit will store. Imports carry no photo.
 */
import type { NoteCode, ReadingRules } from '../readings/anomalies.ts';
import {
	evaluateReading,
	type EvaluatedReading,
	type ReadingContext
} from '../readings/evaluate.ts';
import { isBlank, parseDateCell, textCell } from './cells.ts';
import type { RawRowOf } from './columns.ts';
import {
	noteCodeOf,
	noteLabelVi,
	readingHeaderOf,
	type ReadingColumnKey
} from './reading-columns.ts';
import { rowTexts, type RowError } from './validate-row.ts';

/** The pseudo-column a period refusal is reported under (it is chosen at upload, not in a cell). */
export const PERIOD_COLUMN = 'Kỳ ghi';
/** A reading date may fall this many days before or after the period's month. */
export const READ_ON_MARGIN_DAYS = 10;
export const NOTE_MAX = 300;

export interface ReadingImportRefs {
	/** The batch's period: its month ('YYYY-MM-01') and status. */
	period: { month: string; status: 'open' | 'closed' | 'locked' };
	/** Today in Asia/Ho_Chi_Minh, 'YYYY-MM-DD'. */
	today: string;
	/** The importing user's routes; null = every route. */
	scopeRouteIds: ReadonlySet<number> | null;
	rules: ReadingRules;
}

/** What the register holds for a customer code a row names (looked up per chunk). */
export interface ReadingCustomerFacts {
	id: number;
	name: string;
	routeId: number | null;
	meterSerial: string | null;
	/** The reading's context in the period; null without a meter in service. */
	context: ReadingContext | null;
	/** The reading already entered for the period, which the row would overwrite. */
	existing: {
		currentIndex: number | null;
		consumptionM3: number | null;
		kind: string;
		source: string | null;
	} | null;
}

/** Customer codes seen earlier in the file → their first row number. */
export type ReadingFileState = Map<string, number>;

export interface ReadingImportData {
	customer_id: number;
	code: string;
	name: string;
	route_id: number | null;
	/** The index as written (text, decimal comma allowed); null when the meter was not read. */
	index: string | null;
	note_code: NoteCode | null;
	note: string | null;
	/** The day read, 'YYYY-MM-DD'; null = the day of the commit. */
	read_on: string | null;
	kind: EvaluatedReading['kind'];
	previous_index: number;
	current_index: number | null;
	consumption_m3: number | null;
	rollover: boolean;
	flags: string[];
	review_status: 'ok' | 'flagged';
	overwrites: ReadingCustomerFacts['existing'];
}

export type ReadingRowOutcome =
	| { action: 'create' | 'update'; data: ReadingImportData }
	| { action: 'error'; errors: RowError[]; data: Record<string, string | null> };

type Raw = RawRowOf<ReadingColumnKey>;

/** The customer code a row names, upper case as codes are stored. */
export function readingRowCode(raw: Raw): string | null {
	return textCell(raw.code ?? null)?.toUpperCase() ?? null;
}

const monthLabel = (month: string) => `${month.slice(5, 7)}/${month.slice(0, 4)}`;
const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

function addDays(iso: string, days: number): string {
	const d = new Date(`${iso}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + days);
	return d.toISOString().slice(0, 10);
}

/** The first and last day a reading of the period may be dated. */
export function readOnWindow(periodMonth: string): { from: string; to: string } {
	const start = periodMonth.slice(0, 8) + '01';
	const next = new Date(`${start}T00:00:00Z`);
	next.setUTCMonth(next.getUTCMonth() + 1);
	const last = addDays(next.toISOString().slice(0, 10), -1);
	return { from: addDays(start, -READ_ON_MARGIN_DAYS), to: addDays(last, READ_ON_MARGIN_DAYS) };
}

export function periodRefusal(period: ReadingImportRefs['period']): string | null {
	if (period.status === 'locked')
		return `kỳ ghi ${monthLabel(period.month)} đã khóa sổ: không ai có thể sửa số liệu của kỳ này`;
	if (period.status === 'closed')
		return `kỳ ghi ${monthLabel(period.month)} đã đóng: chỉ nhận chỉ số khi kỳ đang mở`;
	return null;
}

export function validateReadingRow(
	rowNo: number,
	raw: Raw,
	refs: ReadingImportRefs,
	customers: ReadonlyMap<string, ReadingCustomerFacts>,
	seen: ReadingFileState
): ReadingRowOutcome {
	const errors: RowError[] = [];
	const fail = (column: string, reason: string) => {
		if (!errors.some((e) => e.column === column)) errors.push({ column, reason });
	};
	const failAt = (key: ReadingColumnKey, reason: string) => fail(readingHeaderOf[key], reason);

	const periodError = periodRefusal(refs.period);
	if (periodError) fail(PERIOD_COLUMN, periodError);

	// The customer: known, in the user's routes, once in the file, with a meter in service.
	const code = readingRowCode(raw);
	let customer: ReadingCustomerFacts | null = null;
	if (!code) failAt('code', 'bắt buộc');
	else {
		const first = seen.get(code);
		const found = customers.get(code);
		if (first !== undefined) failAt('code', `khách hàng ${code} trùng với dòng ${first} trong tệp`);
		else if (!found) failAt('code', `mã ${code} không có trong danh bộ`);
		else if (
			refs.scopeRouteIds &&
			(found.routeId === null || !refs.scopeRouteIds.has(found.routeId))
		)
			failAt('code', `khách hàng ${code} không thuộc sổ đọc bạn phụ trách`);
		else if (!found.context || !found.meterSerial)
			failAt('code', `khách hàng ${code} không có đồng hồ đang sử dụng`);
		else customer = found;
		if (first === undefined) seen.set(code, rowNo);
	}

	const serial = textCell(raw.serial ?? null);
	if (
		serial &&
		customer?.meterSerial &&
		serial.toUpperCase() !== customer.meterSerial.toUpperCase()
	)
		failAt(
			'serial',
			`số seri ${serial} không phải đồng hồ đang sử dụng của khách hàng (${customer.meterSerial})`
		);

	const noteText = textCell(raw.noteCode ?? null);
	const noteCode = noteText ? noteCodeOf(noteText) : null;
	if (noteText && !noteCode)
		failAt(
			'noteCode',
			`không có mã ghi chú "${noteText}"; dùng: ${Object.values(noteLabelVi).join(', ')}`
		);

	const readOn = readOnOf(raw.readOn ?? null, refs, failAt);

	const note = textCell(raw.note ?? null);
	if (note && note.length > NOTE_MAX) failAt('note', `tối đa ${NOTE_MAX} ký tự`);

	// The index, evaluated as every entry point does (dial digits, decimals, consumption, flags).
	const indexCell = raw.index ?? null;
	const index = isBlank(indexCell) ? null : textCell(indexCell);
	let evaluated: EvaluatedReading | null = null;
	if (customer?.context && !(noteText && !noteCode)) {
		const result = evaluateReading(
			customer.context,
			{ index: index ?? undefined, noteCode, photo: 'not_required' },
			refs.rules
		);
		if (result.ok) evaluated = result.reading;
		else failAt('index', result.error.reason);
	}

	if (errors.length > 0 || !customer || !evaluated || !code)
		return {
			action: 'error',
			errors: errors.length
				? errors
				: [{ column: readingHeaderOf.code, reason: 'dòng không hợp lệ' }],
			data: rowTexts(raw)
		};
	return {
		action: customer.existing ? 'update' : 'create',
		data: {
			customer_id: customer.id,
			code,
			name: customer.name,
			route_id: customer.routeId,
			index,
			note_code: noteCode,
			note,
			read_on: readOn,
			kind: evaluated.kind,
			previous_index: evaluated.previousIndex,
			current_index: evaluated.currentIndex,
			consumption_m3: evaluated.consumptionM3,
			rollover: evaluated.rollover,
			flags: evaluated.flags,
			review_status: evaluated.reviewStatus,
			overwrites: customer.existing
		}
	};
}

function readOnOf(
	cell: Raw['readOn'] | null,
	refs: ReadingImportRefs,
	failAt: (key: ReadingColumnKey, reason: string) => void
): string | null {
	if (isBlank(cell ?? null)) return null;
	const date = parseDateCell(cell ?? null);
	if (!date) {
		failAt('readOn', `"${textCell(cell ?? null)}" không phải ngày (dd/mm/yyyy)`);
		return null;
	}
	const { from, to } = readOnWindow(refs.period.month);
	if (date > refs.today)
		failAt('readOn', `ngày ${dmy(date)} chưa đến (hôm nay ${dmy(refs.today)})`);
	else if (date < from || date > to)
		failAt(
			'readOn',
			`ngày ${dmy(date)} ngoài kỳ ghi ${monthLabel(refs.period.month)} (từ ${dmy(from)} đến ${dmy(to)})`
		);
	return date;
}
