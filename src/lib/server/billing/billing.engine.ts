/**
 * The work of one route job: bill the route's customers batch by batch, each batch in its
 * own transaction that also moves the route's cursor. A job killed midway loses at most its
 * open batch; run again (pg-boss retries it), it resumes after the cursor, and because each
 * batch first replaces the customers' drafts, a batch that half-ran is simply redone.
 */
import { billCustomer, invoiceLines } from '../../domain/billing/bill.ts';
import type { Schedule } from '../../domain/tariff/tariff.schema.ts';
import type { Database } from '../db/connection.ts';
import { categoryCodes, scheduleCases } from '../tariffs/tariffs.repository.ts';
import * as batches from './batch.repository.ts';
import { announceRun } from './billing.events.ts';
import { setRunStatus } from './billing.repository.ts';

/** Customers per batch: one transaction, ~1–2 MB of JSON; small enough to redo on a crash. */
export const BATCH_SIZE = 2000;

export interface RouteJobOptions {
	batchSize?: number;
	/** Called after each committed batch (tests stop a job midway with it). */
	afterBatch?: (done: number) => void | Promise<void>;
}

interface Pricing {
	schedules: Schedule[];
	/** Schedule code → its row id, for the invoice's schedule_ids. */
	rowIds: Map<string, number>;
	codes: Map<string, string>;
}

const num = (x: string | null) => (x === null ? 0 : Number(x));

/** Bills the batch's customers (pure), splitting them into drafts and skips. */
export function billBatch(
	claim: batches.RouteClaim,
	customers: batches.BatchCustomer[],
	pricing: Pricing
): { drafts: batches.DraftInvoice[]; skips: batches.Skip[] } {
	const drafts: batches.DraftInvoice[] = [];
	const skips: batches.Skip[] = [];
	for (const c of customers) {
		if (c.issued) {
			skips.push({ customer_id: c.id, reason: 'issued', detail: 'invoice already issued' });
			continue;
		}
		const usable = c.reading_id !== null && c.kind !== 'no_access' && c.consumption_m3 !== null;
		const outcome = billCustomer({
			schedules: pricing.schedules,
			categoryCode: pricing.codes.get(c.category) ?? null,
			households: c.households,
			persons: c.persons,
			periodMonth: claim.period_month,
			readOn: c.read_on,
			previousReadOn: c.previous_read_on,
			consumptionM3: usable ? Number(c.consumption_m3) : null,
			creditM3: num(c.credit_m3),
			backBilledM3: num(c.back_m3)
		});
		if (outcome.kind === 'skip') {
			const detail = c.kind === 'no_access' ? 'no_access' : outcome.detail;
			skips.push({ customer_id: c.id, reason: outcome.reason, detail });
			continue;
		}
		const q = outcome.quote;
		drafts.push({
			customer_id: c.id,
			reading_id: c.reading_id,
			category_code: pricing.codes.get(c.category)!,
			households: c.households,
			persons: c.persons,
			from_date: outcome.previousReadingOn,
			to_date: outcome.currentReadingOn,
			previous_index: c.previous_index,
			current_index: c.current_index,
			consumption_m3: outcome.m3,
			credit_m3: num(c.credit_m3),
			back_billed_m3: num(c.back_m3),
			water_amount_vnd: q.water,
			vat_vnd: q.vat,
			env_fee_vnd: q.envFee,
			drainage_vnd: q.drainage,
			drainage_vat_vnd: q.drainageVat,
			total_vnd: q.total,
			lines: invoiceLines(q.lines),
			schedule_ids: outcome.scheduleCodes.map((code) => pricing.rowIds.get(code)!),
			previous_debt_vnd: Number(c.debt_vnd)
		});
	}
	return { drafts, skips };
}

/** Runs a route job to the end; returns whether the whole run finished with it. */
export async function billRoute(
	db: Database,
	runId: number,
	routeId: number,
	options: RouteJobOptions = {}
): Promise<boolean> {
	const limit = options.batchSize ?? BATCH_SIZE;
	const stored = await scheduleCases(db);
	const pricing: Pricing = {
		schedules: stored.map((s) => s.schedule),
		rowIds: new Map(stored.map((s) => [s.schedule.id, s.rowId])),
		codes: await categoryCodes(db)
	};
	await setRunStatus(db, runId, 'running');
	let billed = 0;
	for (;;) {
		const finished = await db.transaction().execute(async (trx) => {
			await batches.commitWithoutFlushWait(trx);
			const claim = await batches.claimRoute(trx, runId, routeId);
			if (!claim) throw new Error(`billing run ${runId} has no route ${routeId}`);
			if (claim.status === 'done') return { routeDone: true, runDone: false };
			const customers = await batches.nextCustomers(trx, claim, limit);
			if (customers.length === 0)
				return { routeDone: true, runDone: await batches.finishRoute(trx, claim) };
			const { drafts, skips } = billBatch(claim, customers, pricing);
			await batches.writeBatch(trx, claim, {
				customerIds: customers.map((c) => c.id),
				drafts,
				skips,
				lastId: customers[customers.length - 1].id
			});
			billed += customers.length;
			// A short batch was the route's last: finish in the same transaction.
			if (customers.length < limit)
				return { routeDone: true, runDone: await batches.finishRoute(trx, claim) };
			return null;
		});
		announceRun(runId, [routeId]);
		if (finished) return finished.runDone;
		await options.afterBatch?.(billed);
	}
}
