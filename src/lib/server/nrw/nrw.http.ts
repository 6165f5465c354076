/**
 * The route layer's side of the NRW screens: a refusal (bad month, unknown zone) becomes its
 * HTTP error naming the field, a spreadsheet is streamed as the writer produces it.
 */
import type { Writable } from 'node:stream';
import { error } from '@sveltejs/kit';
import { RequestError } from '../http/refusal.ts';
import { writtenResponse } from '../import/downloads.ts';

export async function loadNrw<T>(run: () => Promise<T>): Promise<T> {
	try {
		return await run();
	} catch (err) {
		if (err instanceof RequestError) error(err.status, `${err.field}: ${err.reason}`);
		throw err;
	}
}

export function xlsxDownload(fileName: string, write: (out: Writable) => Promise<void>) {
	const response = writtenResponse(fileName, write);
	response.headers.set('cache-control', 'no-store');
	return response;
}
