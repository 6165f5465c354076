import { can } from '#lib/domain/access/permissions.ts';
import { loadReport } from '#lib/server/billing-reports/billing-reports.http.ts';
import {
	ageingFilterSchema,
	parseReportQuery
} from '#lib/server/billing-reports/billing-reports.schemas.ts';
import {
	ageingReport,
	DEBTORS_ON_SCREEN
} from '#lib/server/billing-reports/billing-reports.service.ts';
import { getDb } from '#lib/server/db/connection.ts';
import type { PageServerLoad } from './$types';

// billing.access is checked by the guard; route scope by the service and repository.
export const load: PageServerLoad = ({ url, locals }) =>
	loadReport(async () => {
		const user = locals.user!;
		const filter = parseReportQuery(ageingFilterSchema, url.searchParams);
		return {
			report: await ageingReport(getDb(), user, filter),
			debtorsOnScreen: DEBTORS_ON_SCREEN,
			canExport: can(user.permissions, 'billing', 'export')
		};
	});
