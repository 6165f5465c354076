/**
 * Billing runs: start one (a period and the whole utility, some routes or one customer),
 * resume a failed one, and read runs with their progress and summary. A final run needs a
 * locked period; a trial run bills any period as a preview that can never be issued.
 */
import * as v from 'valibot';
import { can } from '../../domain/access/permissions.ts';
import type { SessionUser } from '../auth/auth.repository.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { Database } from '../db/connection.ts';
import { RequestError, idSchema, parseInput } from '../http/refusal.ts';
import * as repo from './billing.repository.ts';
import { announceRun } from './billing.events.ts';
import { enqueueRoutes } from './billing.jobs.ts';
import * as summary from './summary.repository.ts';

export class BillingError extends RequestError {}

export const startRunSchema = v.object({
	periodId: idSchema,
	mode: v.picklist(['final', 'trial'], 'must be final or trial'),
	scope: v.picklist(['all', 'routes', 'customer'], 'must be all, routes or customer'),
	routeIds: v.optional(v.array(idSchema), []),
	customerId: v.optional(v.nullable(idSchema), null),
	// The form names a customer by code (KH00000001); either is enough.
	customerCode: v.optional(v.pipe(v.string(), v.trim(), v.toUpperCase()), '')
});

function requireEdit(user: SessionUser) {
	if (!can(user.permissions, 'billing', 'edit'))
		throw new BillingError(403, 'billing', 'cần quyền sửa hóa đơn để chạy tính tiền');
}

const inScope = (user: SessionUser, routeId: number | null) =>
	user.routeIds === null || (routeId !== null && user.routeIds.includes(routeId));

async function routesOf(
	trx: Database,
	user: SessionUser,
	input: v.InferOutput<typeof startRunSchema>
): Promise<{ routeIds: number[]; customerId: number | null }> {
	if (input.scope === 'customer') {
		const byCode = input.customerCode
			? ((await summary.customerIdByCode(trx, input.customerCode))?.id ?? 0)
			: null;
		const customerId = input.customerId ?? byCode;
		if (customerId === null)
			throw new BillingError(400, 'customerCode', 'nhập mã khách hàng cần tính lại');
		const customer = await summary.customerRoute(trx, customerId);
		if (!customer || !inScope(user, customer.route_id))
			throw new BillingError(
				404,
				'customerId',
				'không có khách hàng này trong tuyến bạn phụ trách'
			);
		if (customer.route_id === null)
			throw new BillingError(409, 'customerId', 'khách hàng chưa thuộc tuyến đọc nào');
		return { routeIds: [customer.route_id], customerId: input.customerId };
	}
	if (input.scope === 'routes') {
		if (input.routeIds.length === 0)
			throw new BillingError(400, 'routeIds', 'chọn ít nhất một tuyến');
		const outside = input.routeIds.find((id) => !inScope(user, id));
		if (outside !== undefined)
			throw new BillingError(403, 'routeIds', `tuyến ${outside} không thuộc phạm vi của bạn`);
		const routes = await repo.billableRoutes(trx, [...new Set(input.routeIds)]);
		if (routes.length === 0)
			throw new BillingError(400, 'routeIds', 'các tuyến đã chọn không có khách hàng');
		return { routeIds: routes, customerId: null };
	}
	const routes = await repo.billableRoutes(trx, user.routeIds);
	if (routes.length === 0) throw new BillingError(400, 'scope', 'không có tuyến nào để tính tiền');
	return { routeIds: routes, customerId: null };
}

export async function startRun(db: Database, user: SessionUser, raw: unknown): Promise<number> {
	requireEdit(user);
	const input = parseInput(startRunSchema, raw);
	let runJobs = () => {};
	let routes: number[] = [];
	const runId = await db.transaction().execute(async (trx) => {
		// One run at a time per period: two would replace each other's drafts.
		const period = await summary.lockPeriodRow(trx, input.periodId);
		if (!period) throw new BillingError(404, 'periodId', 'không có kỳ ghi này');
		if (input.mode === 'final' && period.status !== 'locked')
			throw new BillingError(
				409,
				'mode',
				'kỳ ghi chưa khóa sổ: chỉ được chạy thử (bản nháp), hoặc khóa sổ kỳ ghi rồi chạy chính thức'
			);
		const active = await repo.activeRunOf(trx, input.periodId);
		if (active)
			throw new BillingError(409, 'periodId', `kỳ này đang có lượt tính tiền #${active.id} chạy`);
		const { routeIds, customerId } = await routesOf(trx, user, input);
		const id = await repo.insertRun(trx, {
			periodId: input.periodId,
			mode: input.mode,
			scope: input.scope,
			customerId,
			createdBy: user.id,
			routeIds
		});
		await writeAudit(trx, {
			actorId: user.id,
			entity: 'billing_run',
			entityId: id,
			action: 'billing_run.start',
			newValues: {
				period_id: input.periodId,
				mode: input.mode,
				scope: input.scope,
				routeIds,
				customerId
			}
		});
		runJobs = await enqueueRoutes(trx, id, routeIds);
		routes = routeIds;
		return id;
	});
	runJobs();
	announceRun(runId, routes);
	return runId;
}

/** Queues again the routes of a failed run that did not finish; they resume at their cursor. */
export async function resumeRun(db: Database, user: SessionUser, runId: number): Promise<void> {
	requireEdit(user);
	let runJobs = () => {};
	let resumed: number[] = [];
	await db.transaction().execute(async (trx) => {
		const run = await repo.findRun(trx, runId);
		if (!run || !(await visible(trx, user, runId)))
			throw new BillingError(404, 'runId', 'không có lượt tính tiền này');
		if (run.status !== 'failed')
			throw new BillingError(409, 'runId', 'chỉ chạy tiếp được lượt tính tiền bị lỗi');
		const routes = await repo.unfinishedRoutes(trx, runId);
		await repo.resetRoutes(trx, runId);
		await repo.setRunStatus(trx, runId, 'queued');
		await writeAudit(trx, {
			actorId: user.id,
			entity: 'billing_run',
			entityId: runId,
			action: 'billing_run.resume',
			newValues: { routes }
		});
		runJobs = await enqueueRoutes(trx, runId, routes);
		resumed = routes;
	});
	runJobs();
	announceRun(runId, resumed);
}

async function visible(db: Database, user: SessionUser, runId: number): Promise<boolean> {
	if (user.routeIds === null) return true;
	const routes = await repo.runRoutes(db, runId);
	return routes.some((r) => inScope(user, r.route_id));
}

/** The runs page: recent runs with their progress, and what a new run can cover. */
export async function runsPage(db: Database, user: SessionUser) {
	const runs = await repo.listRuns(db, user.routeIds);
	const progress = await repo.runTotals(
		db,
		runs.map((r) => r.id),
		user.routeIds
	);
	return {
		runs: runs.map((r) => ({ ...r, ...progress.get(r.id) })),
		periods: await summary.periodsForRuns(db),
		routes: await summary.routesWithCustomers(db, user.routeIds),
		canRun: can(user.permissions, 'billing', 'edit')
	};
}

/** A run with its routes (only the user's), totals and the customers it did not bill. */
export async function runDetail(db: Database, user: SessionUser, runId: number) {
	const run = await repo.findRun(db, runId);
	if (!run) throw new BillingError(404, 'runId', 'không có lượt tính tiền này');
	const routes = (await repo.runRoutes(db, runId)).filter((r) => inScope(user, r.route_id));
	if (routes.length === 0 && user.routeIds !== null)
		throw new BillingError(404, 'runId', 'không có lượt tính tiền này');
	const routeIds = routes.map((r) => r.route_id);
	const [skips, totals] = await Promise.all([
		summary.skipsOf(db, runId, routeIds),
		summary.skipCounts(db, runId, routeIds)
	]);
	return { run, routes, skips, skipCounts: totals };
}
