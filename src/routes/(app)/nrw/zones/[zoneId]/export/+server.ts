import { pathId } from '#lib/server/http/refusal.ts';
import { error } from '@sveltejs/kit';
import { can } from '#lib/domain/access/permissions.ts';
import { getDb } from '#lib/server/db/connection.ts';
import { writeZoneXlsx, zoneFileName } from '#lib/server/nrw/nrw-xlsx.ts';
import { loadNrw, xlsxDownload } from '#lib/server/nrw/nrw.http.ts';
import { chosenMonth, zoneBalance, zoneHeadOrThrow } from '#lib/server/nrw/views.service.ts';
import type { RequestHandler } from './$types';

// One zone's balance of the month (the IWA table) as a spreadsheet: nrw.export, as /nrw/export.
export const GET: RequestHandler = ({ url, params, locals }) =>
	loadNrw(async () => {
		if (!can(locals.user!.permissions, 'nrw', 'export')) error(403, 'nrw.export');
		const db = getDb();
		const zone = await zoneHeadOrThrow(db, pathId(params.zoneId, 'zoneId'));
		const month = await chosenMonth(db, url.searchParams.get('month'));
		const balance = month ? await zoneBalance(db, zone.id, month) : null;
		if (!month || !balance) error(404, 'month: chưa có tháng nào được tính');
		return xlsxDownload(zoneFileName(zone.code, month), (out) =>
			writeZoneXlsx(zone, month, balance, out)
		);
	});
