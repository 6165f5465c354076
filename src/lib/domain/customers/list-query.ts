/**
 * The customers list's state as it lives in the URL: tab (kind), search text, sort, page and
 * the filter builder's rows (column + operator + value). Parsed here, before any SQL, so the
 * repository only ever sees whitelisted columns, operators and typed values.
 *
 * URL form: ?tab=individual&q=nguyen&sort=name&dir=asc&page=2
 *           &f=category.eq.domestic&f=status.ne.active&f=created.gte.2026-01-01
 */
import { customerCategories, customerStatuses } from '../map/selection.ts';
import { customerKinds, paymentMethods } from './customer-input.ts';

export const LIST_PAGE_SIZE = 50;
/** Counted exactly up to this many matches; beyond it the list says "more than". */
export const LIST_COUNT_CAP = 10_000;
export const LIST_MAX_FILTERS = 12;
/** Offset paging stops here: nobody pages that far, they narrow the filter. */
export const LIST_MAX_PAGE = 2000;

export const sortKeys = ['code', 'name', 'route', 'created'] as const;
export type SortKey = (typeof sortKeys)[number];

export type FilterOp = 'eq' | 'ne' | 'gte' | 'lte';

interface ColumnSpec {
	type: 'choice' | 'id' | 'date';
	ops: readonly FilterOp[];
	choices?: readonly string[];
}

export const filterColumns = {
	category: { type: 'choice', ops: ['eq', 'ne'], choices: customerCategories },
	status: { type: 'choice', ops: ['eq', 'ne'], choices: customerStatuses },
	kind: { type: 'choice', ops: ['eq', 'ne'], choices: customerKinds },
	payment_method: { type: 'choice', ops: ['eq', 'ne'], choices: paymentMethods },
	route: { type: 'id', ops: ['eq', 'ne'] },
	ward: { type: 'id', ops: ['eq', 'ne'] },
	zone: { type: 'id', ops: ['eq', 'ne'] },
	created: { type: 'date', ops: ['gte', 'lte'] }
} as const satisfies Record<string, ColumnSpec>;
export type FilterColumn = keyof typeof filterColumns;

export type FilterRow =
	| { column: 'category' | 'status' | 'kind' | 'payment_method'; op: 'eq' | 'ne'; value: string }
	| { column: 'route' | 'ward' | 'zone'; op: 'eq' | 'ne'; value: number }
	| { column: 'created'; op: 'gte' | 'lte'; value: string };

export interface ListQuery {
	tab: 'all' | 'individual' | 'organization';
	q: string;
	sort: SortKey;
	dir: 'asc' | 'desc';
	page: number;
	filters: FilterRow[];
}

export type ListQueryParse = { ok: true; value: ListQuery } | { ok: false; message: string };

const fail = (message: string): { ok: false; message: string } => ({ ok: false, message });

function validDate(s: string): boolean {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
	const d = new Date(`${s}T00:00:00Z`);
	return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** One filter row 'column.op.value'. */
export function parseFilter(
	raw: string
): { ok: true; value: FilterRow } | { ok: false; message: string } {
	const [column, op, ...rest] = raw.split('.');
	const value = rest.join('.').trim();
	const spec = (filterColumns as Record<string, ColumnSpec>)[column];
	if (!spec) return fail(`f: không có cột lọc "${column}"`);
	if (!spec.ops.includes(op as FilterOp))
		return fail(`f: cột ${column} không dùng được phép so sánh "${op}"`);
	if (value === '') return fail(`f: cột ${column} chưa có giá trị`);
	if (spec.type === 'choice') {
		if (!spec.choices!.includes(value)) return fail(`f: ${column} không có giá trị "${value}"`);
		return { ok: true, value: { column, op, value } as FilterRow };
	}
	if (spec.type === 'id') {
		const n = Number(value);
		if (!Number.isInteger(n) || n < 1 || n > 2_147_483_647)
			return fail(`f: ${column} phải là mã số hợp lệ`);
		return { ok: true, value: { column, op, value: n } as FilterRow };
	}
	if (!validDate(value)) return fail(`f: ${column} phải là ngày dạng YYYY-MM-DD`);
	return { ok: true, value: { column, op, value } as FilterRow };
}

export function parseListQuery(params: URLSearchParams): ListQueryParse {
	const tab = params.get('tab') ?? 'all';
	if (tab !== 'all' && tab !== 'individual' && tab !== 'organization')
		return fail('tab: chỉ có all, individual, organization');
	const q = (params.get('q') ?? '').trim();
	if (q.length > 100) return fail('q: tối đa 100 ký tự');
	const sort = params.get('sort') ?? 'code';
	if (!(sortKeys as readonly string[]).includes(sort))
		return fail(`sort: chỉ sắp xếp theo ${sortKeys.join(', ')}`);
	const dir = params.get('dir') ?? 'asc';
	if (dir !== 'asc' && dir !== 'desc') return fail('dir: asc hoặc desc');
	const pageRaw = params.get('page') ?? '1';
	const page = Number(pageRaw);
	if (!Number.isInteger(page) || page < 1 || page > LIST_MAX_PAGE)
		return fail(`page: từ 1 đến ${LIST_MAX_PAGE}`);
	const raws = params.getAll('f').filter((f) => f.trim() !== '');
	if (raws.length > LIST_MAX_FILTERS) return fail(`f: tối đa ${LIST_MAX_FILTERS} điều kiện lọc`);
	const filters: FilterRow[] = [];
	for (const raw of raws) {
		const f = parseFilter(raw);
		if (!f.ok) return f;
		filters.push(f.value);
	}
	return { ok: true, value: { tab, q, sort: sort as SortKey, dir, page, filters } };
}

/** The URL query for a list state (defaults left out), for links and the export. */
export function listQueryString(query: ListQuery, overrides: Partial<ListQuery> = {}): string {
	const s = { ...query, ...overrides };
	const p = new URLSearchParams();
	if (s.tab !== 'all') p.set('tab', s.tab);
	if (s.q) p.set('q', s.q);
	if (s.sort !== 'code') p.set('sort', s.sort);
	if (s.dir !== 'asc') p.set('dir', s.dir);
	if (s.page !== 1) p.set('page', String(s.page));
	for (const f of s.filters) p.append('f', `${f.column}.${f.op}.${f.value}`);
	const text = p.toString();
	return text ? `?${text}` : '';
}

/** The route the list is narrowed to (one 'route = …' row), if any. */
export function narrowedRoute(filters: FilterRow[]): number | null {
	const rows = filters.filter((f) => f.column === 'route' && f.op === 'eq');
	return rows.length === 1 ? (rows[0].value as number) : null;
}
