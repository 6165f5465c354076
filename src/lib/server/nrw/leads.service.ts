/**
 * A zone's NRW leads for a reference month, and the inspection order one click raises from a
 * lead. The order is created as work-orders.service creates one (insertNewOrder: number, SLA,
 * event, audit, in our transaction) and marked with work_order.nrw_lead; who may create is
 * the work-orders rule (work_orders.create, every route), checked here because the page is
 * guarded as the nrw module.
 */
import { can } from '../../domain/access/permissions.ts';
import { orderDescriptionVi } from '../../domain/nrw-leads/describe.ts';
import { evidenceOf, leadsOf, nextMonth, type Lead } from '../../domain/nrw-leads/leads.ts';
import {
	EVIDENCE_PERIODS,
	HISTORY_PERIODS,
	leadKinds,
	type History,
	type LeadKind,
	type ReadingKind
} from '../../domain/nrw-leads/rules.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { SessionUser } from '../auth/auth.repository.ts';
import type { Database } from '../db/connection.ts';
import { publish } from '../realtime/publish.ts';
import { insertNewOrder } from '../work-orders/work-orders.service.ts';
import * as repo from './leads.repository.ts';
import { LeadError } from './leads.schemas.ts';
import { chosenMonth } from './views.service.ts';

/** Rows shown per lead kind; the rest are counted. */
export const LEADS_SHOWN = 100;

export interface LeadRow {
	customerId: number;
	code: string;
	name: string;
	address: string;
	category: string;
	meterSerial: string | null;
	/** The last EVIDENCE_PERIODS periods, newest first (null: no reading). */
	evidence: History;
	lead: Lead;
	openOrder: { id: number; number: string } | null;
}

export interface ZoneLeads {
	zone: repo.ZoneRow;
	/** The reference month, 'YYYY-MM-01'; null when there are no reading periods at all. */
	month: string | null;
	/** The evidence columns' months, newest first. */
	evidenceMonths: string[];
	kinds: Record<LeadKind, { total: number; rows: LeadRow[] }>;
}

/** ?month=YYYY-MM, else the NRW screens' default month, else the newest month read. */
export async function referenceMonth(db: Database, raw: string | null): Promise<string | null> {
	return (await chosenMonth(db, raw)) ?? (await repo.newestReadMonth(db));
}

async function zoneOrRefuse(db: Database, zoneId: number) {
	const zone = await repo.findZone(db, zoneId);
	if (!zone) throw new LeadError(404, 'zoneId', `không có vùng ${zoneId}`);
	return zone;
}

/** Each candidate's leads with its row data, the history aligned one slot per period. */
async function evaluate(db: Database, zoneId: number, month: string, customerId?: number) {
	const periods = await repo.periodsUpTo(db, month, HISTORY_PERIODS);
	const rows = await repo.candidates(db, {
		zoneId,
		periodIds: periods.map((p) => p.id),
		overdueBefore: nextMonth(month),
		cap: LEADS_SHOWN,
		customerId
	});
	const found: LeadRow[] = [];
	for (const r of rows) {
		const history: History = periods.map((p) => {
			const i = r.period_ids.indexOf(p.id);
			if (i < 0) return null;
			// postgres.js reads a NULL inside a float8[] as NaN: a no-access visit has no m³.
			const m3 = r.m3[i];
			return {
				month: p.month,
				m3: m3 === null || Number.isNaN(m3) ? null : m3,
				kind: r.kinds[i] as ReadingKind
			};
		});
		const zone = { categoryMeanM3: r.category_means ?? {}, topShareM3: r.top_share };
		const candidate = {
			history,
			category: r.category,
			active: r.status === 'active',
			verificationDueOn: r.due_on
		};
		for (const lead of leadsOf(candidate, zone, month))
			found.push({
				customerId: r.id,
				code: r.code,
				name: r.name,
				address: r.address,
				category: r.category,
				meterSerial: r.serial,
				evidence: evidenceOf(history),
				lead,
				openOrder:
					r.open_order_id === null ? null : { id: r.open_order_id, number: r.open_order_number! }
			});
	}
	return {
		found,
		overdueTotal: rows[0]?.overdue_total ?? 0,
		evidenceMonths: periods.slice(0, EVIDENCE_PERIODS).map((p) => p.month)
	};
}

export async function zoneLeads(
	db: Database,
	zoneId: number,
	month: string | null
): Promise<ZoneLeads> {
	const zone = await zoneOrRefuse(db, zoneId);
	const empty = () => ({ total: 0, rows: [] as LeadRow[] });
	const kinds: ZoneLeads['kinds'] = {
		zero_consumption: empty(),
		sudden_drop: empty(),
		verification_overdue: empty(),
		flat_large: empty()
	};
	if (month === null) return { zone, month, evidenceMonths: [], kinds };
	const { found, overdueTotal, evidenceMonths } = await evaluate(db, zoneId, month);
	for (const kind of leadKinds) {
		const all = found
			.filter((f) => f.lead.kind === kind)
			.sort((a, b) => b.lead.stakeM3 - a.lead.stakeM3 || a.code.localeCompare(b.code));
		// Overdue meters are counted in SQL, which returns only the top LEADS_SHOWN of them.
		const total = kind === 'verification_overdue' ? overdueTotal : all.length;
		kinds[kind] = { total, rows: all.slice(0, LEADS_SHOWN) };
	}
	return { zone, month, evidenceMonths, kinds };
}

/** Creates work orders (work_orders.create) and sees every route, as work-orders.service asks. */
export const mayCreateOrders = (user: SessionUser): boolean =>
	user.routeIds === null && can(user.permissions, 'work_orders', 'create');

function checkCreate(user: SessionUser) {
	if (!mayCreateOrders(user))
		throw new LeadError(403, 'customerId', 'bạn không có quyền lập phiếu công tác');
}

export interface InspectionInput {
	customerId: number;
	kind: LeadKind;
	month: string;
}

/**
 * An inspection order for the customer from its lead, in one transaction: refused with 409
 * (and that order) when the customer already has an open inspection order, or when the
 * customer is no longer this kind of lead. Dispatchers hear about it after the commit.
 */
export async function createInspection(
	db: Database,
	user: SessionUser,
	zoneId: number,
	input: InspectionInput
): Promise<{ id: number; number: string }> {
	checkCreate(user);
	await zoneOrRefuse(db, zoneId);
	const created = await db.transaction().execute(async (trx) => {
		await repo.lockCustomer(trx, input.customerId);
		const open = await repo.openInspection(trx, input.customerId);
		if (open)
			throw new LeadError(
				409,
				'customerId',
				`khách hàng đã có phiếu kiểm tra ${open.number} đang mở`,
				open
			);
		const { found, evidenceMonths } = await evaluate(trx, zoneId, input.month, input.customerId);
		const row = found.find((f) => f.lead.kind === input.kind);
		if (!row)
			throw new LeadError(
				409,
				'kind',
				'khách hàng không (còn) là đầu mối loại này trong vùng và tháng đã chọn; hãy tải lại trang'
			);
		const description = orderDescriptionVi(
			row.lead,
			{ code: row.code, name: row.name, meterSerial: row.meterSerial },
			input.month,
			row.evidence,
			evidenceMonths
		);
		const id = await insertNewOrder(
			trx,
			user,
			{ type: 'inspection', priority: 'normal', customerId: input.customerId, description },
			null
		);
		await repo.setNrwLead(trx, id, input.kind);
		// insertNewOrder audited the order as created; this says where it came from.
		await writeAudit(trx, {
			actorId: user.id,
			entity: 'work_order',
			entityId: id,
			action: 'nrw_lead',
			newValues: { nrw_lead: input.kind, month: input.month, stake_m3: row.lead.stakeM3 }
		});
		return { id, number: await repo.orderNumber(trx, id) };
	});
	// As work-orders.service announces a new order: screens watching work orders reload.
	publish(['watch:work_orders'], {
		type: 'work-order:changed',
		ids: { id: created.id, status: 'new' }
	});
	return created;
}
