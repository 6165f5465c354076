import { error } from '@sveltejs/kit';
import { can } from '#lib/domain/access/permissions.ts';
import { getDb } from '#lib/server/db/connection.ts';
import { monthFileName, writeMonthXlsx } from '#lib/server/nrw/nrw-xlsx.ts';
import { loadNrw, xlsxDownload } from '#lib/server/nrw/nrw.http.ts';
import { chosenMonth, monthZones } from '#lib/server/nrw/views.service.ts';
import type { RequestHandler } from './$types';

// The month's balance of every zone as a spreadsheet. The guard checks nrw.access for a page
// GET; a spreadsheet leaves the building, so this needs nrw.export too.
export const GET: RequestHandler = ({ url, locals }) =>
	loadNrw(async () => {
		if (!can(locals.user!.permissions, 'nrw', 'export')) error(403, 'nrw.export');
		const db = getDb();
		const month = await chosenMonth(db, url.searchParams.get('month'));
		if (!month) error(404, 'month: chưa có tháng nào được tính');
		const zones = await monthZones(db, month);
		return xlsxDownload(monthFileName(month), (out) => writeMonthXlsx(month, zones, out));
	});
