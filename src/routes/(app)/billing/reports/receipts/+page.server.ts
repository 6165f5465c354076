import { can } from '#lib/domain/access/permissions.ts';
import { loadReport } from '#lib/server/billing-reports/billing-reports.http.ts';
import {
	parseReportQuery,
	receiptsFilterSchema
} from '#lib/server/billing-reports/billing-reports.schemas.ts';
import {
	receiptsReport,
	reportChoices
} from '#lib/server/billing-reports/billing-reports.service.ts';
import { getDb } from '#lib/server/db/connection.ts';
import type { PageServerLoad } from './$types';

// billing.access is checked by the guard; route scope by the service and repository.
export const load: PageServerLoad = ({ url, locals }) =>
	loadReport(async () => {
		const user = locals.user!;
		const filter = parseReportQuery(receiptsFilterSchema, url.searchParams);
		const [report, choices] = await Promise.all([
			receiptsReport(getDb(), user, filter),
			reportChoices(getDb(), user)
		]);
		return {
			report,
			routes: choices.routes,
			canExport: can(user.permissions, 'billing', 'export')
		};
	});
