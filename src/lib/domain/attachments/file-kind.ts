/**
 * What a file is, decided from its first bytes (never from its name), which kinds may be
 * attached, and the file-name rules for storing and serving them. A deliberately small
 * signature table: the six accepted kinds plus a few common refusals, so the message can
 * name what was detected.
 */

export const SNIFF_BYTES = 64;

export type AllowedMime =
	'application/pdf' | 'image/jpeg' | 'image/png' | 'image/webp' | 'image/heic' | 'image/tiff';

export interface Detected {
	mime: string;
	/** A short name for messages: 'PDF', 'PNG', 'EXE (Windows)'… */
	label: string;
	allowed: boolean;
}

const allowedLabels: Record<AllowedMime, string> = {
	'application/pdf': 'PDF',
	'image/jpeg': 'JPEG',
	'image/png': 'PNG',
	'image/webp': 'WebP',
	'image/heic': 'HEIC',
	'image/tiff': 'TIFF'
};
export const allowedKinds = Object.values(allowedLabels);

/** Types a browser shows inline (HEIC and TIFF are downloaded instead). */
export const previewable = new Set<string>([
	'application/pdf',
	'image/jpeg',
	'image/png',
	'image/webp'
]);

const ascii = (bytes: Uint8Array, from: number, to: number) =>
	String.fromCharCode(...bytes.subarray(from, to));

const startsWith = (bytes: Uint8Array, sig: number[], at = 0) =>
	bytes.length >= at + sig.length && sig.every((b, i) => bytes[at + i] === b);

const allowed = (mime: AllowedMime): Detected => ({
	mime,
	label: allowedLabels[mime],
	allowed: true
});
const refused = (mime: string, label: string): Detected => ({ mime, label, allowed: false });

// ISO-BMFF brands of HEIF still images (iPhone photos); AVIF and video brands are refused.
const heicBrands = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1']);

/** Detects the kind from the first SNIFF_BYTES bytes of a file (fewer if the file is shorter). */
export function detectKind(head: Uint8Array): Detected {
	if (startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d])) return allowed('application/pdf'); // %PDF-
	if (startsWith(head, [0xff, 0xd8, 0xff])) return allowed('image/jpeg');
	if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
		return allowed('image/png');
	if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return allowed('image/webp');
	if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a]))
		return allowed('image/tiff');
	if (ascii(head, 4, 8) === 'ftyp') {
		const brand = ascii(head, 8, 12);
		if (heicBrands.has(brand)) return allowed('image/heic');
		return refused(`video/${brand.trim() || 'mp4'}`, `ISO media (${brand.trim()})`);
	}
	if (startsWith(head, [0x4d, 0x5a])) return refused('application/x-msdownload', 'EXE (Windows)');
	if (startsWith(head, [0x7f, 0x45, 0x4c, 0x46])) return refused('application/x-elf', 'ELF');
	if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]))
		return refused('application/zip', 'ZIP (DOCX/XLSX/ZIP)');
	if (startsWith(head, [0x47, 0x49, 0x46, 0x38])) return refused('image/gif', 'GIF');
	if (startsWith(head, [0x42, 0x4d])) return refused('image/bmp', 'BMP');
	if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0]))
		return refused('application/x-ole-storage', 'DOC/XLS');
	// Text: name the markup kinds a browser would run (HTML, SVG), else plain text.
	const text = new TextDecoder('utf-8', { fatal: false }).decode(head).replace(/^\uFEFF/, '');
	const lead = text.trimStart().toLowerCase();
	if (/^<(\?xml[^>]*>\s*)?<svg|^<svg/.test(lead) || lead.includes('<svg'))
		return refused('image/svg+xml', 'SVG');
	if (/^<(!doctype html|html|head|body|script|iframe)/.test(lead))
		return refused('text/html', 'HTML');
	if (lead.startsWith('<?xml')) return refused('application/xml', 'XML');
	if (head.length > 0 && !head.includes(0)) return refused('text/plain', 'text');
	return refused('application/octet-stream', 'unknown');
}

/**
 * The name kept for display: no directories, no control or path characters, NFC, at most 255
 * characters with the extension kept. Never used to build a path (storage keys are random).
 */
export function sanitizeFileName(raw: string): string {
	const base = raw.normalize('NFC').split(/[\\/]/).pop() ?? '';
	const cleaned = base
		// eslint-disable-next-line no-control-regex
		.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_')
		.replace(/\s+/g, ' ')
		.trim()
		.replace(/^\.+/, '');
	if (!cleaned) return 'tep-dinh-kem';
	if (cleaned.length <= 255) return cleaned;
	const dot = cleaned.lastIndexOf('.');
	const ext = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : '';
	return cleaned.slice(0, 255 - ext.length) + ext;
}

/**
 * Content-Disposition with an ASCII fallback name and the exact UTF-8 name as RFC 5987
 * filename*, so 'Hợp đồng.pdf' downloads under its Vietnamese name.
 */
export function contentDisposition(kind: 'attachment' | 'inline', fileName: string): string {
	const fallback = fileName
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/đ/g, 'd')
		.replace(/Đ/g, 'D')
		.replace(/[^\x20-\x7e]/g, '_')
		.replace(/["\\]/g, '_');
	const encoded = encodeURIComponent(fileName).replace(
		/['()*]/g,
		(c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`
	);
	return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

const size1 = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });

/** A file size in vi-VN figures: "512 B", "12,5 KB", "3,2 MB" (1 KB = 1024 B). */
export function formatFileSize(bytes: number): string {
	if (bytes < 1024) return `${bytes} B`;
	if (bytes < 1024 * 1024) return `${size1.format(bytes / 1024)} KB`;
	return `${size1.format(bytes / 1024 / 1024)} MB`;
}
