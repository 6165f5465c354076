import { describe, expect, it } from 'vitest';
import { contentDisposition, detectKind, formatFileSize, sanitizeFileName } from './file-kind.ts';

const bytes = (...parts: (number[] | string)[]) =>
	new Uint8Array(
		parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p))
	);

describe('detectKind', () => {
	it('accepts the six kinds by their signatures', () => {
		expect(detectKind(bytes('%PDF-1.4\n')).mime).toBe('application/pdf');
		expect(detectKind(bytes([0xff, 0xd8, 0xff, 0xe0])).mime).toBe('image/jpeg');
		expect(detectKind(bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a])).mime).toBe('image/png');
		expect(detectKind(bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 ')).mime).toBe('image/webp');
		expect(detectKind(bytes([0, 0, 0, 0x18], 'ftypheic', [0, 0, 0, 0])).mime).toBe('image/heic');
		expect(detectKind(bytes('II', [0x2a, 0])).mime).toBe('image/tiff');
		expect(detectKind(bytes('MM', [0, 0x2a])).mime).toBe('image/tiff');
		expect(detectKind(bytes('%PDF-1.7')).allowed).toBe(true);
	});

	it('refuses and names what it found', () => {
		expect(detectKind(bytes('MZ', [0x90, 0, 3]))).toMatchObject({
			allowed: false,
			label: 'EXE (Windows)'
		});
		expect(detectKind(bytes('<!DOCTYPE html><html>'))).toMatchObject({
			allowed: false,
			label: 'HTML'
		});
		expect(detectKind(bytes('<?xml version="1.0"?><svg xmlns="x">'))).toMatchObject({
			allowed: false,
			label: 'SVG'
		});
		expect(detectKind(bytes('  <svg onload=alert(1)>'))).toMatchObject({ label: 'SVG' });
		expect(detectKind(bytes([0, 0, 0, 0x1c], 'ftypisom'))).toMatchObject({ allowed: false });
		expect(detectKind(bytes('GIF89a')).allowed).toBe(false);
		expect(detectKind(bytes('hello, not a pdf'))).toMatchObject({ allowed: false, label: 'text' });
		expect(detectKind(bytes('%PD'))).toMatchObject({ allowed: false });
		expect(detectKind(new Uint8Array())).toMatchObject({ allowed: false, label: 'unknown' });
	});
});

describe('sanitizeFileName', () => {
	it('drops directories, control and path characters, and keeps Vietnamese in NFC', () => {
		expect(sanitizeFileName('C:\\Users\\a\\..\\Hợp đồng.pdf')).toBe('Hợp đồng.pdf');
		expect(sanitizeFileName('../../etc/passwd')).toBe('passwd');
		expect(sanitizeFileName('a\u0000b<c>.png')).toBe('a_b_c_.png');
		expect(sanitizeFileName('Ho\u0302\u0300 so\u031b.pdf')).toBe('Hồ sơ.pdf'.normalize('NFC'));
		expect(sanitizeFileName('...hidden')).toBe('hidden');
		expect(sanitizeFileName('   ')).toBe('tep-dinh-kem');
	});
	it('cuts long names to 255 characters and keeps the extension', () => {
		const name = sanitizeFileName(`${'x'.repeat(400)}.jpeg`);
		expect(name).toHaveLength(255);
		expect(name.endsWith('.jpeg')).toBe(true);
	});
});

describe('contentDisposition', () => {
	it('gives an ASCII fallback and the exact name as RFC 5987 filename*', () => {
		expect(contentDisposition('attachment', 'Hợp đồng (1).pdf')).toBe(
			`attachment; filename="Hop dong (1).pdf"; filename*=UTF-8''H%E1%BB%A3p%20%C4%91%E1%BB%93ng%20%281%29.pdf`
		);
		expect(contentDisposition('inline', 'a"b.png')).toBe(
			`inline; filename="a_b.png"; filename*=UTF-8''a%22b.png`
		);
	});
});

describe('formatFileSize', () => {
	it('writes vi-VN figures with a decimal comma', () => {
		expect(formatFileSize(512)).toBe('512 B');
		expect(formatFileSize(12_800)).toBe('12,5 KB');
		expect(formatFileSize(3_355_443)).toBe('3,2 MB');
	});
});
