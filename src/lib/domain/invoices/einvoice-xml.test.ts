import { create } from 'xmlbuilder2';
import { describe, expect, it } from 'vitest';
import { buildEInvoiceXml } from './einvoice-xml.ts';
import { sampleDocument } from './invoice.fixtures.ts';

type Node = Record<string, unknown>;
/** Parses the XML back (a malformed document throws here) into plain objects. */
const parse = (xml: string) => create(xml).end({ format: 'object' }) as unknown as { HDon: Node };
const at = (node: unknown, ...path: string[]): unknown =>
	path.reduce<unknown>((n, key) => (n as Node)[key], node);
const asList = (node: unknown) => (Array.isArray(node) ? node : [node]) as Node[];

describe('e-invoice XML (Decision 1450/QĐ-TCT)', () => {
	it('is well formed with the required elements in place', () => {
		const { HDon } = parse(buildEInvoiceXml(sampleDocument()));
		expect(Object.keys(HDon)).toEqual(['DLHDon', 'DLQRCode', 'MCCQT', 'DSCKS']);
		expect(at(HDon, 'DLHDon', '@Id')).toBe('HD1C26TWL00000042');
		const general = at(HDon, 'DLHDon', 'TTChung') as Node;
		expect(general).toMatchObject({
			PBan: '2.0.0',
			THDon: 'Hóa đơn giá trị gia tăng',
			KHMSHDon: '1',
			KHHDon: 'C26TWL',
			SHDon: '42',
			NLap: '2026-04-05',
			DVTTe: 'VND',
			TGia: '1'
		});
		const content = at(HDon, 'DLHDon', 'NDHDon') as Node;
		expect(Object.keys(content)).toEqual(['NBan', 'NMua', 'DSHHDVu', 'TToan']);
		expect(at(content, 'NBan')).toMatchObject({
			Ten: 'Công ty Cấp nước Waterline',
			MST: '0100000000'
		});
		expect(at(content, 'NMua')).toMatchObject({ Ten: 'Nguyễn Văn Ánh', MKHang: 'KH00000042' });
	});

	it('has totals that add up: lines to the taxable base, base + VAT + fees to the total', () => {
		const doc = sampleDocument();
		const { HDon } = parse(buildEInvoiceXml(doc));
		const content = at(HDon, 'DLHDon', 'NDHDon') as Node;
		const items = asList(at(content, 'DSHHDVu', 'HHDVu'));
		expect(items.map((i) => i.TSuat)).toEqual(['5%', '5%', '5%']);
		expect(items.map((i) => i.DVTinh)).toEqual(['m3', 'm3', 'm3']);
		const lineSum = items.reduce((s, i) => s + Number(i.ThTien), 0);
		const totals = at(content, 'TToan') as Node;
		expect(lineSum).toBe(Number(totals.TgTCThue));
		expect(at(totals, 'THTTLTSuat', 'LTSuat')).toEqual({
			TSuat: '5%',
			ThTien: '264000',
			TThue: '13200'
		});
		expect(at(totals, 'DSLPhi', 'LPhi', 'TPhi')).toBe('26400');
		expect(
			Number(totals.TgTCThue) +
				Number(totals.TgTThue) +
				Number(at(totals, 'DSLPhi', 'LPhi', 'TPhi'))
		).toBe(Number(totals.TgTTTBSo));
		expect(totals.TgTTTBSo).toBe('303600');
		expect(totals.TgTTTBChu).toBe('Ba trăm linh ba nghìn sáu trăm đồng');
	});

	it('bills drainage as its own line and rate', () => {
		const doc = sampleDocument({
			envFeeVnd: 0,
			drainageVnd: 79_200,
			drainageVatVnd: 7_920,
			totalVnd: 264_000 + 13_200 + 79_200 + 7_920
		});
		const content = at(parse(buildEInvoiceXml(doc)).HDon, 'DLHDon', 'NDHDon') as Node;
		const items = asList(at(content, 'DSHHDVu', 'HHDVu'));
		expect(items.at(-1)).toMatchObject({ STT: '4', ThTien: '79200', TSuat: '10%' });
		const rates = asList(at(content, 'TToan', 'THTTLTSuat', 'LTSuat'));
		expect(rates).toEqual([
			{ TSuat: '5%', ThTien: '264000', TThue: '13200' },
			{ TSuat: '10%', ThTien: '79200', TThue: '7920' }
		]);
		expect(at(content, 'TToan', 'DSLPhi')).toBeUndefined();
		expect(at(content, 'TToan', 'TgTTTBSo')).toBe('364320');
	});

	it('escapes what names and addresses can contain', () => {
		const xml = buildEInvoiceXml(
			sampleDocument({
				buyer: {
					name: 'Công ty <Hòa Bình> & "Cộng sự"',
					code: 'KH00000001',
					address: 'Ngõ 5 & 7',
					taxCode: '0101234567'
				}
			})
		);
		expect(xml).toContain('<Ten>Công ty &lt;Hòa Bình&gt; &amp; "Cộng sự"</Ten>');
		expect(xml).not.toContain('& 7');
		// Read back through the DOM, the text is the name as it was.
		const dom = create(xml).node as unknown as Document;
		const buyer = dom.getElementsByTagName('NMua')[0];
		expect(buyer.getElementsByTagName('Ten')[0].textContent).toBe('Công ty <Hòa Bình> & "Cộng sự"');
		expect(buyer.getElementsByTagName('DChi')[0].textContent).toBe('Ngõ 5 & 7');
	});

	it('names the invoice an adjustment corrects, with signed amounts', () => {
		const doc = sampleDocument({
			kind: 'adjustment',
			number: 43,
			lines: [],
			consumptionM3: -5,
			waterVnd: -80_000,
			vatVnd: -4_000,
			envFeeVnd: -8_000,
			totalVnd: -92_000,
			reason: 'Ghi nhầm chỉ số',
			original: { series: '1C26TWL', number: 42, issuedOn: '2026-04-05' }
		});
		const { HDon } = parse(buildEInvoiceXml(doc));
		expect(at(HDon, 'DLHDon', 'TTChung', 'TTHDLQuan')).toEqual({
			TCHDon: '2',
			LHDCLQuan: '1',
			KHMSHDCLQuan: '1',
			KHHDCLQuan: 'C26TWL',
			SHDCLQuan: '42',
			NLHDCLQuan: '2026-04-05',
			GChu: 'Ghi nhầm chỉ số'
		});
		const totals = at(HDon, 'DLHDon', 'NDHDon', 'TToan') as Node;
		expect(totals.TgTTTBSo).toBe('-92000');
		expect(totals.TgTTTBChu).toBe('Âm chín mươi hai nghìn đồng');
	});

	it('refuses a draft, which has no number', () => {
		expect(() =>
			buildEInvoiceXml(sampleDocument({ status: 'draft', series: null, number: null }))
		).toThrow(/draft/);
	});
});
