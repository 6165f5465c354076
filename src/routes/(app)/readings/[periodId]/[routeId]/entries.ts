/**
 * The grid's calls to /api/readings/entries: save one row's entry (with a fresh idempotency
 * key) and fetch one row again after a change heard over the socket.
 */
import { m } from '#lib/paraglide/messages.js';
import { parseIndex } from '#lib/domain/readings/meter-index.ts';
import type { GridRow } from '#lib/server/readings/grid.service.ts';
import { fieldLabel } from '../../labels.ts';

/**
 * A v4 UUID for a save's idempotency key. crypto.randomUUID exists only in secure contexts
 * (https, localhost); the console is also reached over plain http on a LAN, where
 * crypto.getRandomValues still works.
 */
export function uuid(): string {
	if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
	const b = crypto.getRandomValues(new Uint8Array(16));
	b[6] = (b[6] & 0x0f) | 0x40;
	b[8] = (b[8] & 0x3f) | 0x80;
	const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The saved index as the clerk types it (decimal comma), '' when none. */
export const savedText = (r: GridRow) =>
	r.reading?.currentIndex != null ? String(r.reading.currentIndex).replace('.', ',') : '';

export type SaveOutcome = { ok: true; row: GridRow } | { ok: false; error: string };

/** Saves `index` (text as typed, '' for none) and the note code of a row. */
export async function saveEntry(
	periodId: number,
	row: GridRow,
	index: string,
	noteCode: string | null
): Promise<SaveOutcome> {
	const refused = (field: string, reason: string): SaveOutcome => ({
		ok: false,
		error: m.rd_row_error({ code: row.code, field: fieldLabel(field), reason })
	});
	let res: Response;
	try {
		res = await fetch('/api/readings/entries', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				customerId: row.customerId,
				periodId,
				index: index === '' ? undefined : index,
				noteCode,
				clientKey: uuid()
			})
		});
	} catch {
		return refused('index', m.rd_network_error());
	}
	const body = await res.json().catch(() => null);
	if (!res.ok)
		return refused(body?.error?.field ?? 'index', body?.error?.reason ?? String(res.status));
	const parsed = index === '' ? null : parseIndex('index', index, row.dialDigits ?? 5);
	return {
		ok: true,
		row: {
			...row,
			reading: {
				currentIndex: parsed?.ok ? parsed.value : null,
				consumptionM3: body.consumptionM3,
				kind: body.kind,
				flags: body.flags,
				reviewStatus: body.reviewStatus,
				noteCode,
				source: 'grid'
			}
		}
	};
}

/** One row as the server has it now, or null (gone from the route, or refused). */
export async function fetchRow(
	periodId: number,
	routeId: number,
	customerId: number
): Promise<GridRow | null> {
	const params = new URLSearchParams({
		periodId: String(periodId),
		routeId: String(routeId),
		customerId: String(customerId)
	});
	const res = await fetch(`/api/readings/entries?${params}`).catch(() => null);
	if (!res?.ok) return null;
	const body = (await res.json()) as { rows: GridRow[] };
	return body.rows[0] ?? null;
}
