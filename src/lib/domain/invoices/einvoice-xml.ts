/**
 * The e-invoice XML the utility's provider signs and sends to the tax authority, in the
 * structure of Decision 1450/QĐ-TCT (Circular 78/2021): HDon / DLHDon (TTChung, NDHDon with
 * NBan, NMua, DSHHDVu and TToan) / DLQRCode / MCCQT / DSCKS. The code of the tax authority
 * (MCCQT) and the signatures (DSCKS) are the provider's to fill; they are left empty here.
 * Water is billed with its VAT rate, drainage (when charged) as its own service line with
 * its own rate, and the environmental fee, which carries no VAT, as a fee (DSLPhi).
 */
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';
import { amountInWords, itemLines, ratePercent, type InvoiceDocument } from './document.ts';
import { formatInvoiceNumber, seriesParts } from './numbering.ts';

/** Version of the 1450 data format these elements follow. */
const FORMAT_VERSION = '2.0.0';
const ENV_FEE_NAME = 'Phí bảo vệ môi trường đối với nước thải sinh hoạt';

const m3Text = (m3: number) => String(Math.round(m3 * 1000) / 1000);

function leaves(parent: XMLBuilder, values: [string, string | number | null | undefined][]) {
	for (const [name, value] of values)
		if (value !== null && value !== undefined && value !== '') parent.ele(name).txt(String(value));
}

/** The DLHDon Id: an XML name (letters first) the signature's Reference points at. */
export const dataId = (series: string, number: number) =>
	`HD${series}${formatInvoiceNumber(number)}`;

/** Builds the XML of an issued invoice; a draft (no series, number or date) is refused. */
export function buildEInvoiceXml(doc: InvoiceDocument): string {
	if (doc.series === null || doc.number === null || doc.issuedOn === null)
		throw new Error('an invoice without series, number and date (a draft) has no e-invoice');
	const { form, symbol } = seriesParts(doc.series);
	const root = create({ version: '1.0', encoding: 'UTF-8' }).ele('HDon');
	const data = root.ele('DLHDon', { Id: dataId(doc.series, doc.number) });

	const general = data.ele('TTChung');
	leaves(general, [
		['PBan', FORMAT_VERSION],
		['THDon', 'Hóa đơn giá trị gia tăng'],
		['KHMSHDon', form],
		['KHHDon', symbol],
		['SHDon', doc.number],
		['NLap', doc.issuedOn],
		['DVTTe', 'VND'],
		['TGia', 1],
		['HTTToan', 'TM/CK']
	]);
	if (doc.kind === 'adjustment' && doc.original) {
		// Hóa đơn liên quan: TCHDon 2 = this invoice adjusts the one referred to.
		const o = seriesParts(doc.original.series);
		leaves(general.ele('TTHDLQuan'), [
			['TCHDon', 2],
			['LHDCLQuan', 1],
			['KHMSHDCLQuan', o.form],
			['KHHDCLQuan', o.symbol],
			['SHDCLQuan', doc.original.number],
			['NLHDCLQuan', doc.original.issuedOn],
			['GChu', doc.reason]
		]);
	}
	const period = doc.periodMonth.slice(0, 7).split('-').reverse().join('/');
	const other = general.ele('TTKhac');
	leaves(other.ele('TTin'), [
		['TTruong', 'KyHoaDon'],
		['KDLieu', 'string'],
		['DLieu', period]
	]);

	const content = data.ele('NDHDon');
	leaves(content.ele('NBan'), [
		['Ten', doc.seller.name],
		['MST', doc.seller.taxCode],
		['DChi', doc.seller.address],
		['SDThoai', doc.seller.phone],
		['STKNHang', doc.seller.bank]
	]);
	leaves(content.ele('NMua'), [
		['Ten', doc.buyer.name],
		['MST', doc.buyer.taxCode],
		['DChi', doc.buyer.address],
		['MKHang', doc.buyer.code]
	]);

	const items = content.ele('DSHHDVu');
	const waterRate = ratePercent(doc.vatRate);
	const lines = itemLines(doc);
	lines.forEach((line, i) =>
		leaves(items.ele('HHDVu'), [
			['TChat', 1],
			['STT', i + 1],
			['THHDVu', line.label],
			['DVTinh', 'm3'],
			['SLuong', m3Text(line.m3)],
			['DGia', line.price],
			['ThTien', line.amountVnd],
			['TSuat', waterRate]
		])
	);
	const drainageRate = ratePercent(doc.drainageVatRate);
	if (doc.drainageVnd !== 0)
		leaves(items.ele('HHDVu'), [
			['TChat', 1],
			['STT', lines.length + 1],
			['THHDVu', 'Dịch vụ thoát nước và xử lý nước thải'],
			['ThTien', doc.drainageVnd],
			['TSuat', drainageRate]
		]);

	const totals = content.ele('TToan');
	const byRate = new Map<string, { base: number; tax: number }>();
	const addRate = (rate: string, base: number, tax: number) => {
		const seen = byRate.get(rate) ?? { base: 0, tax: 0 };
		byRate.set(rate, { base: seen.base + base, tax: seen.tax + tax });
	};
	addRate(waterRate, doc.waterVnd, doc.vatVnd);
	if (doc.drainageVnd !== 0 || doc.drainageVatVnd !== 0)
		addRate(drainageRate, doc.drainageVnd, doc.drainageVatVnd);
	const rates = totals.ele('THTTLTSuat');
	for (const [rate, { base, tax }] of byRate)
		leaves(rates.ele('LTSuat'), [
			['TSuat', rate],
			['ThTien', base],
			['TThue', tax]
		]);
	leaves(totals, [
		['TgTCThue', doc.waterVnd + doc.drainageVnd],
		['TgTThue', doc.vatVnd + doc.drainageVatVnd]
	]);
	if (doc.envFeeVnd !== 0)
		leaves(totals.ele('DSLPhi').ele('LPhi'), [
			['TLPhi', ENV_FEE_NAME],
			['TPhi', doc.envFeeVnd]
		]);
	leaves(totals, [
		['TTCKTMai', 0],
		['TgTTTBSo', doc.totalVnd],
		['TgTTTBChu', amountInWords(doc.totalVnd)]
	]);

	root.ele('DLQRCode');
	root.ele('MCCQT');
	root.ele('DSCKS');
	return root.end({ prettyPrint: true });
}
