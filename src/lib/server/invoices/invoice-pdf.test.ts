import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { sampleDocument } from '../../domain/invoices/invoice.fixtures.ts';
import { invoicePdf } from './invoice-pdf.ts';

/** Every stream of the PDF, inflated where pdfkit compressed it, as latin1 text. */
function streams(pdf: Buffer): string {
	const text = pdf.toString('latin1');
	const out: string[] = [];
	for (const m of text.matchAll(/stream\r?\n/g)) {
		const start = m.index! + m[0].length;
		const end = text.indexOf('endstream', start);
		const raw = pdf.subarray(start, end);
		try {
			out.push(inflateSync(raw).toString('latin1'));
		} catch {
			out.push(raw.toString('latin1'));
		}
	}
	return out.join('\n');
}

describe('invoice PDF', () => {
	it('is a PDF with DejaVu Sans embedded and the Vietnamese letters mapped to Unicode', async () => {
		const pdf = await invoicePdf(sampleDocument({ printCount: 1 }));
		expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
		const text = pdf.toString('latin1');
		expect(text).toMatch(/\/FontName \/[A-Z]{6}\+DejaVuSans\b/);
		expect(text).not.toContain('/Helvetica');
		// The ToUnicode maps name the glyphs used (UTF-16 hex): the title's Ó Đ Ơ Ị Ă Ề Ư Ớ, and
		// ơ ị ố ế ộ ễ ạ ả from the seller's, the buyer's and the copy's lines.
		const maps = streams(pdf);
		const title = ['00d3', '0110', '01a0', '1eca', '0102', '1ec0', '01af', '1eda'];
		const body = ['01a1', '1ecb', '1ed1', '1ebf', '1ed9', '1ec5', '1ea1', '1ea3'];
		for (const code of [...title, ...body]) expect(maps, code).toContain(`<${code}>`);
	});

	it('marks a draft', async () => {
		const draft = await invoicePdf(sampleDocument({ status: 'draft', series: null, number: null }));
		const issued = await invoicePdf(sampleDocument());
		// "BẢN NHÁP — CHƯA PHÁT HÀNH" is the only text with a capital À (U+00C0).
		expect(streams(draft)).toContain('<00c0>');
		expect(streams(issued)).not.toContain('<00c0>');
	});
});
