/**
 * Merged cells of an uploaded sheet. exceljs's streaming reader drops them (the ranges come
 * after the rows in the sheet's XML), so the ranges are read first, straight from the zip:
 * the central directory locates the first worksheet, which is inflated as a stream and scanned
 * for <mergeCell ref="…"/>; nothing but the ranges is kept.
 */
import { open } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { createInflateRaw } from 'node:zlib';

export interface MergeRange {
	top: number;
	left: number;
	bottom: number;
	right: number;
}

function columnNumber(letters: string): number {
	let n = 0;
	for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
	return n;
}

function parseRef(ref: string): MergeRange | null {
	const m = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(ref);
	if (!m) return null;
	return {
		left: columnNumber(m[1]),
		top: Number(m[2]),
		right: columnNumber(m[3]),
		bottom: Number(m[4])
	};
}

interface Entry {
	name: string;
	method: number;
	compressedSize: number;
	localOffset: number;
}

async function centralDirectory(file: string): Promise<Entry[]> {
	const handle = await open(file, 'r');
	try {
		const { size } = await handle.stat();
		const tailSize = Math.min(size, 65_557);
		const tail = Buffer.alloc(tailSize);
		await handle.read(tail, 0, tailSize, size - tailSize);
		const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
		if (eocd < 0) return [];
		const count = tail.readUInt16LE(eocd + 10);
		const dirSize = tail.readUInt32LE(eocd + 12);
		const dirOffset = tail.readUInt32LE(eocd + 16);
		const dir = Buffer.alloc(dirSize);
		await handle.read(dir, 0, dirSize, dirOffset);
		const entries: Entry[] = [];
		let p = 0;
		for (let i = 0; i < count && dir.readUInt32LE(p) === 0x02014b50; i++) {
			const nameLength = dir.readUInt16LE(p + 28);
			const extra = dir.readUInt16LE(p + 30);
			const comment = dir.readUInt16LE(p + 32);
			entries.push({
				method: dir.readUInt16LE(p + 10),
				compressedSize: dir.readUInt32LE(p + 20),
				localOffset: dir.readUInt32LE(p + 42),
				name: dir.toString('utf8', p + 46, p + 46 + nameLength)
			});
			p += 46 + nameLength + extra + comment;
		}
		return entries;
	} finally {
		await handle.close();
	}
}

/** The merged ranges of the workbook's first worksheet (empty when it has none). */
export async function readMerges(file: string): Promise<MergeRange[]> {
	const sheets = (await centralDirectory(file))
		.filter((e) => /^xl\/worksheets\/sheet\d+\.xml$/.test(e.name))
		.sort((a, b) => Number(/\d+/.exec(a.name)![0]) - Number(/\d+/.exec(b.name)![0]));
	const sheet = sheets[0];
	if (!sheet || (sheet.method !== 8 && sheet.method !== 0)) return [];
	const handle = await open(file, 'r');
	const local = Buffer.alloc(30);
	await handle.read(local, 0, 30, sheet.localOffset);
	await handle.close();
	const start = sheet.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
	const raw = createReadStream(file, { start, end: start + sheet.compressedSize - 1 });
	const xml = sheet.method === 8 ? raw.pipe(createInflateRaw()) : raw;
	const ranges: MergeRange[] = [];
	let carry = '';
	for await (const chunk of xml) {
		const text = carry + (chunk as Buffer).toString('utf8');
		for (const m of text.matchAll(/<mergeCell\s+ref="([A-Z]+\d+:[A-Z]+\d+)"/g)) {
			const range = parseRef(m[1]);
			if (range) ranges.push(range);
		}
		// Keep the tail in case a tag is split across chunks (a tag is < 100 characters).
		const cut = text.lastIndexOf('<');
		carry = cut >= 0 && !text.includes('>', cut) && text.length - cut < 200 ? text.slice(cut) : '';
	}
	return ranges;
}
