/**
 * The invoice as a PDF, made on the server by pdfkit with DejaVu Sans (TrueType, from the
 * dejavu-fonts-ttf package, so a fresh `npm install` has it): it covers Vietnamese letters
 * with all their marks, which PDF's standard fonts do not. A4 portrait, sizes in points.
 */
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { InvoiceDocument } from '../../domain/invoices/document.ts';
import { plainNumber, printedInvoice, type PrintField } from '../../domain/invoices/print.ts';

const require = createRequire(import.meta.url);
const regular = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const bold = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

const MARGIN = 40;

function fields(pdf: PDFKit.PDFDocument, list: PrintField[], width: number) {
	for (const f of list) {
		pdf.font('bold').text(`${f.label}: `, { continued: true, width });
		pdf.font('regular').text(f.value, { width });
	}
}

/** Resolves with the whole PDF once pdfkit has written it. */
export function invoicePdf(doc: InvoiceDocument): Promise<Buffer> {
	const p = printedInvoice(doc);
	const pdf = new PDFDocument({
		size: 'A4',
		margin: MARGIN,
		font: regular,
		info: { Title: p.title }
	});
	pdf.registerFont('regular', regular);
	pdf.registerFont('bold', bold);
	const chunks: Buffer[] = [];
	pdf.on('data', (c: Buffer) => chunks.push(c));
	const done = new Promise<Buffer>((resolve, reject) => {
		pdf.on('end', () => resolve(Buffer.concat(chunks)));
		pdf.on('error', reject);
	});
	const width = pdf.page.width - 2 * MARGIN;

	pdf.fontSize(9);
	fields(pdf, p.seller, width);
	pdf.moveDown(0.8);
	pdf.font('bold').fontSize(15).text(p.title, { align: 'center', width });
	if (p.subtitle) pdf.font('regular').fontSize(9).text(p.subtitle, { align: 'center', width });
	pdf
		.font('regular')
		.fontSize(10)
		.text(p.heading.map((f) => `${f.label}: ${f.value}`).join('    '), {
			align: 'center',
			width
		});
	for (const mark of p.marks)
		pdf.font('bold').fontSize(12).fillColor('#b00020').text(mark, { align: 'center', width });
	pdf.fillColor('black').fontSize(9).moveDown(0.8);
	fields(pdf, p.buyer, width);
	pdf.moveDown(0.4);
	fields(pdf, p.reading, width);
	pdf.moveDown(0.8);

	// The item table: STT, description, m³, price, amount.
	const cols = [
		{ title: 'STT', width: 30, align: 'center' as const },
		{ title: 'Diễn giải', width: width - 30 - 70 - 80 - 95, align: 'left' as const },
		{ title: 'Số lượng (m³)', width: 70, align: 'right' as const },
		{ title: 'Đơn giá (đ/m³)', width: 80, align: 'right' as const },
		{ title: 'Thành tiền (đ)', width: 95, align: 'right' as const }
	];
	const row = (cells: string[], font: 'regular' | 'bold') => {
		const y = pdf.y;
		let x = MARGIN;
		let height = 0;
		pdf.font(font);
		cells.forEach((cell, i) => {
			const h = pdf.heightOfString(cell, { width: cols[i].width - 6 });
			pdf.text(cell, x + 3, y + 3, { width: cols[i].width - 6, align: cols[i].align });
			height = Math.max(height, h);
			x += cols[i].width;
		});
		pdf.rect(MARGIN, y, width, height + 6).stroke();
		pdf.x = MARGIN;
		pdf.y = y + height + 6;
	};
	row(
		cols.map((c) => c.title),
		'bold'
	);
	p.items.forEach((item, i) =>
		row(
			[
				String(i + 1),
				item.label,
				plainNumber(item.m3),
				plainNumber(item.price),
				plainNumber(item.amountVnd)
			],
			'regular'
		)
	);
	pdf.moveDown(0.8);
	for (const t of [...p.totals]) {
		const y = pdf.y;
		pdf.font('regular').text(t.label, MARGIN, y, { width: width - 120 });
		pdf.font('bold').text(t.value, MARGIN + width - 120, y, { width: 120, align: 'right' });
	}
	pdf.x = MARGIN;
	pdf.moveDown(0.4);
	pdf.font('bold').text('Số tiền viết bằng chữ: ', { continued: true, width });
	pdf.font('regular').text(p.inWords, { width });
	pdf.moveDown(0.4);
	fields(pdf, p.due, width);
	pdf.end();
	return done;
}
