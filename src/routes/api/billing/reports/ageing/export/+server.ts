import {
	ageingFileName,
	writeAgeingXlsx
} from '#lib/server/billing-reports/billing-reports-xlsx.ts';
import { xlsxDownload } from '#lib/server/billing-reports/billing-reports.http.ts';
import {
	ageingFilterSchema,
	parseReportQuery
} from '#lib/server/billing-reports/billing-reports.schemas.ts';
import {
	ageingReport,
	streamDebtors
} from '#lib/server/billing-reports/billing-reports.service.ts';
import { getDb } from '#lib/server/db/connection.ts';
import type { RequestHandler } from './$types';

// The guard asks billing.export for a route ending in /export; route scope is in the service.
// The route sheet covers every route in scope; the debtor list the chosen route, else all.
export const GET: RequestHandler = ({ url, locals }) => {
	const user = locals.user!;
	return xlsxDownload(
		async () => {
			const filter = parseReportQuery(ageingFilterSchema, url.searchParams);
			// The on-screen drill-down is not needed: the list below streams every debtor.
			return ageingReport(getDb(), user, { asOf: filter.asOf }).then((r) => ({
				...r,
				route: filter.route
			}));
		},
		(r) => ageingFileName(r.asOf),
		(r, out) => writeAgeingXlsx(r, streamDebtors(getDb(), user, r.asOf, r.route), out)
	);
};
