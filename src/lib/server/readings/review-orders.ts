/**
 * A re-read or inspection work order raised from a flagged reading, inside the review's
 * transaction, linked by work_order.reading_id.
 *
 * Why not work-orders.service createOrder: it admits only dispatchers (work_orders.create and
 * every route), while the clerk who reviews readings is a route-scoped billing clerk whose
 * right here is readings.edit (issue 6: "one click creates a re-read or inspection order").
 * So the review checks its own right and inserts the order with createOrder's own
 * in-transaction step (number, SLA, event, audit), then links it to the reading.
 */
import type { AnomalyFlag } from '../../domain/readings/anomalies.ts';
import { m } from '../../paraglide/messages.js';
import type { SessionUser } from '../auth/auth.repository.ts';
import type { Database } from '../db/connection.ts';
import { insertNewOrder } from '../work-orders/work-orders.service.ts';
import { monthLabel } from './readings.service.ts';
import { ReadingError } from './readings.schemas.ts';
import { linkOrder, orderNumber, type ReadingRecord } from './review.repository.ts';

export type ReadingOrderType = 're_read' | 'inspection';

/** Vietnamese badge text of each anomaly flag (stored text is Vietnamese, the UI's default). */
export const flagLabel = (flag: string): string => {
	const labels: Record<AnomalyFlag, () => string> = {
		rollback: () => m.rv_flag_rollback({}, { locale: 'vi' }),
		rollover: () => m.rv_flag_rollover({}, { locale: 'vi' }),
		zero: () => m.rv_flag_zero({}, { locale: 'vi' }),
		spike: () => m.rv_flag_spike({}, { locale: 'vi' }),
		drop: () => m.rv_flag_drop({}, { locale: 'vi' }),
		far: () => m.rv_flag_far({}, { locale: 'vi' }),
		no_photo: () => m.rv_flag_no_photo({}, { locale: 'vi' }),
		suspended_use: () => m.rv_flag_suspended_use({}, { locale: 'vi' }),
		field_note: () => m.rv_flag_field_note({}, { locale: 'vi' }),
		no_history: () => m.rv_flag_no_history({}, { locale: 'vi' })
	};
	return labels[flag as AnomalyFlag]?.() ?? flag;
};

export async function createReadingOrder(
	trx: Database,
	user: SessionUser,
	r: ReadingRecord,
	type: ReadingOrderType
): Promise<{ id: number; number: string }> {
	if (r.lon === null || r.lat === null)
		throw new ReadingError(422, 'type', `khách hàng ${r.code} chưa có vị trí trên bản đồ`);
	const flags = r.flags.length ? r.flags.map(flagLabel).join(', ') : 'không có cảnh báo';
	const what = type === 're_read' ? 'Đọc lại chỉ số' : 'Kiểm tra đồng hồ';
	const description =
		`${what} kỳ ${monthLabel(r.period_month)} của khách hàng ${r.code} (${r.name}). ` +
		`Cảnh báo: ${flags}. Chỉ số đã ghi: ${r.previous_index} → ${r.current_index ?? '—'}.`;
	const id = await insertNewOrder(
		trx,
		user,
		{ type, priority: 'normal', customerId: r.customer_id, description },
		null
	);
	await linkOrder(trx, id, r.id);
	return { id, number: await orderNumber(trx, id) };
}
