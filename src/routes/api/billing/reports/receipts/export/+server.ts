import {
	receiptsFileName,
	writeReceiptsXlsx
} from '#lib/server/billing-reports/billing-reports-xlsx.ts';
import { xlsxDownload } from '#lib/server/billing-reports/billing-reports.http.ts';
import {
	parseReportQuery,
	receiptsFilterSchema
} from '#lib/server/billing-reports/billing-reports.schemas.ts';
import { receiptsReport } from '#lib/server/billing-reports/billing-reports.service.ts';
import { getDb } from '#lib/server/db/connection.ts';
import type { RequestHandler } from './$types';

// The guard asks billing.export for a route ending in /export; route scope is in the service.
export const GET: RequestHandler = ({ url, locals }) =>
	xlsxDownload(
		() =>
			receiptsReport(
				getDb(),
				locals.user!,
				parseReportQuery(receiptsFilterSchema, url.searchParams)
			),
		(r) => receiptsFileName(r.from, r.to),
		writeReceiptsXlsx
	);
