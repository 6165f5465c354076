/**
 * The demo utility's billing history: right after seeding, the latest locked period is billed
 * (a final run over every route, run here rather than through pg-boss, since the workers may
 * not have started yet) and its invoices issued on the 5th of the next month, so invoices,
 * debts and payments have something to show from the first start.
 */
import { defaultPermissions } from '../../domain/access/permissions.ts';
import type { SessionUser } from '../auth/auth.repository.ts';
import type { Database } from '../db/connection.ts';
import { issueBulk } from '../invoices/issue.service.ts';
import { billRoute } from './billing.engine.ts';
import * as repo from './billing.repository.ts';
import { latestLockedPeriod } from './summary.repository.ts';

export async function billDemoHistory(db: Database, admin: { id: number } | undefined) {
	const period = await latestLockedPeriod(db);
	if (!period || !admin) return null;
	const routeIds = await repo.billableRoutes(db, null);
	const runId = await db.transaction().execute((trx) =>
		repo.insertRun(trx, {
			periodId: period.id,
			mode: 'final',
			scope: 'all',
			customerId: null,
			createdBy: admin.id,
			routeIds
		})
	);
	for (const routeId of routeIds) await billRoute(db, runId, routeId);
	const user: SessionUser = {
		id: admin.id,
		username: 'system',
		fullName: 'Hệ thống',
		role: 'admin',
		permissions: defaultPermissions('admin'),
		routeIds: null
	};
	const issued = await issueBulk(db, user, {
		periodId: period.id,
		issuedOn: fifthOfNextMonth(period.period_month)
	});
	return { month: period.period_month, invoices: issued.count };
}

function fifthOfNextMonth(month: string): string {
	const [y, m] = month.split('-').map(Number);
	return m === 12 ? `${y + 1}-01-05` : `${y}-${String(m + 1).padStart(2, '0')}-05`;
}
