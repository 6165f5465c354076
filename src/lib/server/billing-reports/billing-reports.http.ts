/**
 * The route layer's side of the reports: a refusal (bad filter, unknown period) becomes its
 * HTTP error, and a spreadsheet is streamed as the writer produces it.
 */
import type { Writable } from 'node:stream';
import { error } from '@sveltejs/kit';
import { writtenResponse } from '../import/downloads.ts';
import { BillingReportError } from './billing-reports.schemas.ts';

export async function loadReport<T>(run: () => Promise<T>): Promise<T> {
	try {
		return await run();
	} catch (err) {
		if (err instanceof BillingReportError) error(err.status, `${err.field}: ${err.reason}`);
		throw err;
	}
}

/** Computes the report (refusals as HTTP errors), then streams its workbook. */
export async function xlsxDownload<T>(
	report: () => Promise<T>,
	fileName: (report: T) => string,
	write: (report: T, out: Writable) => Promise<unknown>
): Promise<Response> {
	const data = await loadReport(report);
	const response = writtenResponse(fileName(data), async (out) => {
		await write(data, out);
	});
	response.headers.set('cache-control', 'no-store');
	return response;
}
