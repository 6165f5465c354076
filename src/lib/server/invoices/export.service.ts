/**
 * Exports for the utility's e-invoice provider: one issued invoice as e-invoice XML, or every
 * issued invoice of a period (optionally one route) as a zip with one XML per invoice, named
 * by series and number. A draft has no number yet and is refused.
 */
import { zipSync, strToU8 } from 'fflate';
import { dataId, buildEInvoiceXml } from '../../domain/invoices/einvoice-xml.ts';
import type { SessionUser } from '../auth/auth.repository.ts';
import type { Database } from '../db/connection.ts';
import { inScope } from './issue.service.ts';
import { InvoiceError } from './invoices.schemas.ts';
import { invoiceDocument } from './lookup.service.ts';
import { issuedIds } from './lookup.repository.ts';

/** At most this many invoices in one zip (a route's month); larger exports go route by route. */
export const MAX_BATCH = 20_000;

export async function invoiceXml(db: Database, user: SessionUser, id: number) {
	const doc = await invoiceDocument(db, user, id);
	if (doc.status === 'draft' || doc.series === null || doc.number === null)
		throw new InvoiceError(
			409,
			'status',
			'hóa đơn nháp chưa có ký hiệu và số: chỉ hóa đơn đã phát hành mới xuất XML'
		);
	return { fileName: `${dataId(doc.series, doc.number)}.xml`, xml: buildEInvoiceXml(doc) };
}

export async function batchXmlZip(
	db: Database,
	user: SessionUser,
	periodId: number,
	routeId?: number
) {
	if (routeId !== undefined && !inScope(user, routeId))
		throw new InvoiceError(403, 'route', `tuyến ${routeId} không thuộc phạm vi của bạn`);
	const ids = await issuedIds(db, periodId, routeId, user.routeIds, MAX_BATCH + 1);
	if (ids.length === 0)
		throw new InvoiceError(
			404,
			'period',
			'không có hóa đơn đã phát hành nào trong kỳ (và tuyến) này'
		);
	if (ids.length > MAX_BATCH)
		throw new InvoiceError(413, 'route', `quá ${MAX_BATCH} hóa đơn: hãy xuất theo từng tuyến`);
	const files: Record<string, Uint8Array> = {};
	for (const id of ids) {
		const { fileName, xml } = await invoiceXml(db, user, id);
		files[fileName] = strToU8(xml);
	}
	return { count: ids.length, zip: zipSync(files, { level: 6 }) };
}
