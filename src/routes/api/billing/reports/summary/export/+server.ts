import {
	summaryFileName,
	writeSummaryXlsx
} from '#lib/server/billing-reports/billing-reports-xlsx.ts';
import { xlsxDownload } from '#lib/server/billing-reports/billing-reports.http.ts';
import {
	parseReportQuery,
	summaryFilterSchema
} from '#lib/server/billing-reports/billing-reports.schemas.ts';
import { summaryReport } from '#lib/server/billing-reports/billing-reports.service.ts';
import { getDb } from '#lib/server/db/connection.ts';
import type { RequestHandler } from './$types';

// The guard asks billing.export for a route ending in /export; route scope is in the service.
export const GET: RequestHandler = ({ url, locals }) =>
	xlsxDownload(
		() =>
			summaryReport(getDb(), locals.user!, parseReportQuery(summaryFilterSchema, url.searchParams)),
		(r) => summaryFileName(r.period?.periodMonth ?? 'khong-co-ky'),
		writeSummaryXlsx
	);
