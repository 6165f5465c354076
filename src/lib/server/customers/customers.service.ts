/**
 * The customer register's use cases: list, read, create, edit, contacts, status changes,
 * history and deletion. Each takes the signed-in user and applies their route scope; each
 * write runs in one transaction with its audit entries, and the customer's row is locked
 * first so two clerks editing the same customer cannot interleave.
 */
import * as v from 'valibot';
import {
	normalizePhone,
	parseCustomerInput,
	type CustomerField,
	type CustomerInput
} from '../../domain/customers/customer-input.ts';
import { describeAudit, type HistoryEvent } from '../../domain/customers/history.ts';
import {
	narrowedRoute,
	parseListQuery,
	type ListQuery
} from '../../domain/customers/list-query.ts';
import { nextStatus, statusChangeSchema } from '../../domain/customers/status-change.ts';
import { parseSearchQuery } from '../../domain/search/search-query.ts';
import { utilityDate } from '../../domain/time/utility-date.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { SessionUser } from '../auth/auth.repository.ts';
import type { Database } from '../db/connection.ts';
import * as repo from './customers.repository.ts';
import { customerHistory } from './history.repository.ts';

export type Failure = {
	ok: false;
	status: number;
	message: string;
	errors?: Partial<Record<string, string>>;
};
export type Outcome<T> = { ok: true; value: T } | Failure;

const failure = (status: number, message: string, errors?: Failure['errors']): Failure => ({
	ok: false,
	status,
	message,
	errors
});

function inScope(user: SessionUser, routeId: number | null): boolean {
	return user.routeIds === null || (routeId !== null && user.routeIds.includes(routeId));
}

// ---- list ------------------------------------------------------------------------------

export interface ListPage {
	query: ListQuery;
	rows: repo.ListRow[];
	total: number;
	capped: boolean;
	/** Searched customers in another route than the one the list is narrowed to. */
	elsewhere: { code: string; name: string; route: string | null }[];
}

export async function prepareList(
	user: SessionUser,
	params: URLSearchParams
): Promise<Outcome<repo.ListFilter>> {
	const parsed = parseListQuery(params);
	if (!parsed.ok) return failure(400, parsed.message);
	const search = parseSearchQuery(parsed.value.q);
	if (!search.ok) return failure(400, search.message);
	return { ok: true, value: { query: parsed.value, plan: search.plan, routeIds: user.routeIds } };
}

export async function listPage(
	db: Database,
	user: SessionUser,
	params: URLSearchParams
): Promise<Outcome<ListPage>> {
	const prepared = await prepareList(user, params);
	if (!prepared.ok) return prepared;
	const filter = prepared.value;
	const route = narrowedRoute(filter.query.filters);
	const [rows, counted, elsewhere] = await Promise.all([
		repo.listCustomers(db, filter),
		repo.countListed(db, filter),
		filter.plan && route !== null
			? repo.searchOutsideRoute(db, filter.plan, route, user.routeIds)
			: Promise.resolve([])
	]);
	return {
		ok: true,
		value: { query: filter.query, rows, total: counted.count, capped: counted.capped, elsewhere }
	};
}

// ---- one customer ----------------------------------------------------------------------

/** The customer if the user may see it: 400 for a bad id, 404 unknown, 403 outside scope. */
export async function loadCustomer(
	db: Database,
	user: SessionUser,
	idParam: string
): Promise<Outcome<repo.CustomerRow>> {
	if (!/^\d{1,9}$/.test(idParam)) return failure(400, 'id: mã khách hàng không hợp lệ');
	const customer = await repo.getCustomer(db, Number(idParam));
	if (!customer) return failure(404, 'Không tìm thấy khách hàng');
	if (!inScope(user, customer.route_id))
		return failure(403, 'Khách hàng thuộc tuyến ngoài phạm vi được giao');
	return { ok: true, value: customer };
}

export async function customerDetails(db: Database, customerId: number) {
	const [contacts, statusChanges] = await Promise.all([
		repo.listContacts(db, customerId),
		repo.listStatusChanges(db, customerId)
	]);
	return { contacts, statusChanges };
}

export async function formChoices(db: Database, user: SessionUser) {
	return repo.formChoices(db, user.routeIds);
}

// ---- create / edit ---------------------------------------------------------------------

let boundsCache: Promise<{
	minLon: number;
	minLat: number;
	maxLon: number;
	maxLat: number;
}> | null = null;
/** The wards' extent (cached per process: wards change with a migration, not a form). */
async function serviceBounds(db: Database) {
	boundsCache ??= repo.serviceExtent(db).then((e) => {
		if (e?.minLon == null) return { minLon: -180, minLat: -90, maxLon: 180, maxLat: 90 };
		// Round outward to 4 decimals (~11 m) so the message shows readable numbers.
		const f = (x: number, up: boolean) => (up ? Math.ceil(x * 1e4) : Math.floor(x * 1e4)) / 1e4;
		return {
			minLon: f(e.minLon, false),
			minLat: f(e.minLat, false),
			maxLon: f(e.maxLon, true),
			maxLat: f(e.maxLat, true)
		};
	});
	return boundsCache;
}

/** Maps a constraint the database refused to the field the user can fix. */
function constraintFailure(err: unknown): Failure | null {
	const e = err as { code?: string; constraint_name?: string };
	const byConstraint: Record<string, [CustomerField, string]> = {
		customer_ward_id_fkey: ['ward_id', 'ward_id: phường/xã không tồn tại'],
		customer_zone_id_fkey: ['zone_id', 'zone_id: vùng không tồn tại'],
		customer_route_id_fkey: ['route_id', 'route_id: tuyến ghi không tồn tại'],
		customer_route_seq_key: ['route_seq', 'route_seq: thứ tự này đã có khách hàng khác trong tuyến']
	};
	const hit = e.constraint_name ? byConstraint[e.constraint_name] : undefined;
	if (!hit || (e.code !== '23503' && e.code !== '23505')) return null;
	return failure(400, hit[1], { [hit[0]]: hit[1] });
}

async function validInput(
	db: Database,
	user: SessionUser,
	raw: unknown
): Promise<Outcome<CustomerInput>> {
	const parsed = parseCustomerInput(raw, await serviceBounds(db));
	if (!parsed.ok)
		return failure(
			400,
			parsed.errors.map((e) => e.message).join('; '),
			Object.fromEntries(parsed.errors.map((e) => [e.field, e.message]))
		);
	if (user.routeIds && !inScope(user, parsed.value.route_id)) {
		const message = 'route_id: tuyến ghi ngoài phạm vi được giao';
		return failure(403, message, { route_id: message });
	}
	return { ok: true, value: parsed.value };
}

/** Audit view of a customer: the editable fields plus code and status. */
function auditView(c: repo.CustomerRow | (CustomerInput & { code: string; status?: string })) {
	return {
		code: c.code,
		name: c.name,
		kind: c.kind,
		tax_or_id_number: c.tax_or_id_number,
		address: c.address,
		ward_id: c.ward_id,
		lon: Number(c.lon),
		lat: Number(c.lat),
		zone_id: c.zone_id,
		phone: c.phone,
		email: c.email,
		payment_method: c.payment_method,
		bank_account: c.bank_account,
		bank_name: c.bank_name,
		category: c.category,
		industry: c.industry,
		households: c.households,
		persons: c.persons,
		route_id: c.route_id,
		route_seq: c.route_seq
	};
}

export async function createCustomer(
	db: Database,
	user: SessionUser,
	raw: unknown
): Promise<Outcome<{ id: number; code: string }>> {
	const input = await validInput(db, user, raw);
	if (!input.ok) return input;
	try {
		const created = await db.transaction().execute(async (trx) => {
			const row = await repo.insertCustomer(trx, input.value);
			await writeAudit(trx, {
				actorId: user.id,
				entity: 'customer',
				entityId: row.id,
				action: 'create',
				newValues: { ...auditView({ ...input.value, code: row.code }), status: 'active' }
			});
			return row;
		});
		return { ok: true, value: created };
	} catch (err) {
		const f = constraintFailure(err);
		if (f) return f;
		throw err;
	}
}

/** The fields that differ, as { old, new } objects for the audit log. */
function diff(before: Record<string, unknown>, after: Record<string, unknown>) {
	const oldValues: Record<string, unknown> = {};
	const newValues: Record<string, unknown> = {};
	for (const k of Object.keys(after))
		if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) {
			oldValues[k] = before[k];
			newValues[k] = after[k];
		}
	return { oldValues, newValues, changed: Object.keys(newValues).length > 0 };
}

export async function editCustomer(
	db: Database,
	user: SessionUser,
	id: number,
	raw: unknown
): Promise<Outcome<{ changed: string[] }>> {
	const input = await validInput(db, user, raw);
	if (!input.ok) return input;
	try {
		return await db.transaction().execute(async (trx) => {
			const before = await repo.getCustomer(trx, id, true);
			if (!before) return failure(404, 'Không tìm thấy khách hàng');
			if (!inScope(user, before.route_id))
				return failure(403, 'Khách hàng thuộc tuyến ngoài phạm vi được giao');
			const d = diff(auditView(before), auditView({ ...input.value, code: before.code }));
			if (!d.changed) return { ok: true, value: { changed: [] } } as const;
			await repo.updateCustomer(trx, id, input.value);
			await writeAudit(trx, {
				actorId: user.id,
				entity: 'customer',
				entityId: id,
				action: 'update',
				oldValues: d.oldValues,
				newValues: d.newValues
			});
			return { ok: true, value: { changed: Object.keys(d.newValues) } } as const;
		});
	} catch (err) {
		const f = constraintFailure(err);
		if (f) return f;
		throw err;
	}
}

// ---- status changes --------------------------------------------------------------------

export async function changeStatus(
	db: Database,
	user: SessionUser,
	id: number,
	raw: unknown
): Promise<Outcome<{ status: string }>> {
	const parsed = v.safeParse(statusChangeSchema(utilityDate()), raw);
	if (!parsed.success) {
		const errors: Record<string, string> = {};
		for (const i of parsed.issues) errors[i.message.split(':')[0]] ??= i.message;
		return failure(400, Object.values(errors).join('; '), errors);
	}
	const input = parsed.output;
	return db.transaction().execute(async (trx) => {
		const before = await repo.getCustomer(trx, id, true);
		if (!before) return failure(404, 'Không tìm thấy khách hàng');
		if (!inScope(user, before.route_id))
			return failure(403, 'Khách hàng thuộc tuyến ngoài phạm vi được giao');
		const next = nextStatus(input.action, before.status);
		if (!next.ok) return failure(409, next.message, { action: next.message });
		const changeId = await repo.insertStatusChange(trx, {
			customer_id: id,
			action: input.action,
			from_status: before.status,
			to_status: next.to,
			reason: input.reason,
			effective_on: input.effective_on,
			changed_by: user.id
		});
		await repo.setCustomerStatus(trx, id, next.to);
		await writeAudit(trx, {
			actorId: user.id,
			entity: 'customer_status_change',
			entityId: changeId,
			action: 'create',
			newValues: {
				customer_id: id,
				action: input.action,
				from_status: before.status,
				to_status: next.to,
				reason: input.reason,
				effective_on: input.effective_on
			}
		});
		return { ok: true, value: { status: next.to } } as const;
	});
}

// ---- contacts --------------------------------------------------------------------------

const optionalText = (field: string, max: number) =>
	v.pipe(
		v.optional(v.string(), ''),
		v.trim(),
		v.maxLength(max, `${field}: tối đa ${max} ký tự`),
		v.transform((s) => (s === '' ? null : s))
	);

export const contactSchema = v.pipe(
	v.object({
		name: v.pipe(
			v.string('contact_name: bắt buộc'),
			v.trim(),
			v.minLength(1, 'contact_name: bắt buộc, nhập tên người liên hệ'),
			v.maxLength(200, 'contact_name: tối đa 200 ký tự')
		),
		relation: optionalText('relation', 100),
		phone: v.pipe(
			optionalText('contact_phone', 30),
			// Same rule as the customer's own phone: spaces and dots dropped, +84 → 0.
			v.transform((s) => (s === null ? null : (normalizePhone(s) as string))),
			v.nullable(
				v.pipe(
					v.string(),
					v.regex(/^0[0-9]{8,11}$/, 'contact_phone: số điện thoại phải có 9–12 chữ số')
				)
			)
		),
		email: v.pipe(
			optionalText('contact_email', 200),
			v.nullable(
				v.pipe(
					v.string(),
					v.regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'contact_email: email không hợp lệ')
				)
			)
		),
		note: optionalText('note', 500)
	}),
	v.check(
		(c) => c.phone !== null || c.email !== null,
		'contact_phone: nhập số điện thoại hoặc email của người liên hệ'
	)
);

function contactErrors(issues: v.BaseIssue<unknown>[]): Failure {
	const errors: Record<string, string> = {};
	for (const i of issues) errors[i.message.split(':')[0]] ??= i.message;
	return failure(400, Object.values(errors).join('; '), errors);
}

async function lockedInScope(trx: Database, user: SessionUser, customerId: number) {
	const c = await repo.getCustomer(trx, customerId, true);
	if (!c) return failure(404, 'Không tìm thấy khách hàng');
	if (!inScope(user, c.route_id))
		return failure(403, 'Khách hàng thuộc tuyến ngoài phạm vi được giao');
	return null;
}

/** Adds (contactId null), edits or removes (remove true) one contact of a customer. */
export async function saveContact(
	db: Database,
	user: SessionUser,
	customerId: number,
	contactId: number | null,
	raw: unknown,
	remove = false
): Promise<Outcome<{ id: number }>> {
	let input: repo.ContactInput | null = null;
	if (!remove) {
		const parsed = v.safeParse(contactSchema, raw);
		if (!parsed.success) return contactErrors(parsed.issues);
		input = parsed.output;
	}
	return db.transaction().execute(async (trx) => {
		const refused = await lockedInScope(trx, user, customerId);
		if (refused) return refused;
		if (contactId === null) {
			const id = await repo.insertContact(trx, customerId, input!);
			await writeAudit(trx, {
				actorId: user.id,
				entity: 'customer_contact',
				entityId: id,
				action: 'create',
				newValues: { customer_id: customerId, ...input }
			});
			return { ok: true, value: { id } } as const;
		}
		const before = await repo.getContact(trx, customerId, contactId);
		if (!before) return failure(404, 'Không tìm thấy người liên hệ');
		const { id: _id, customer_id: _c, ...old } = before;
		void _id;
		void _c;
		if (remove) {
			await repo.deleteContact(trx, contactId);
			await writeAudit(trx, {
				actorId: user.id,
				entity: 'customer_contact',
				entityId: contactId,
				action: 'delete',
				oldValues: { customer_id: customerId, ...old }
			});
		} else {
			await repo.updateContact(trx, contactId, input!);
			const d = diff(old, { ...input });
			if (d.changed)
				await writeAudit(trx, {
					actorId: user.id,
					entity: 'customer_contact',
					entityId: contactId,
					action: 'update',
					oldValues: { customer_id: customerId, name: old.name, ...d.oldValues },
					newValues: { customer_id: customerId, name: input!.name, ...d.newValues }
				});
		}
		return { ok: true, value: { id: contactId } } as const;
	});
}

// ---- history ---------------------------------------------------------------------------

export interface TimelineEntry extends HistoryEvent {
	id: string;
	at: Date;
	actor: string | null;
}

export async function timeline(
	db: Database,
	customerId: number,
	page: number
): Promise<{ events: TimelineEntry[]; more: boolean }> {
	const { rows, more } = await customerHistory(db, customerId, page);
	return {
		more,
		events: rows.map((r) => ({
			id: r.id,
			at: r.at,
			actor: r.actor,
			...describeAudit(r)
		}))
	};
}

// ---- deletion --------------------------------------------------------------------------

/** 'có 3 hóa đơn, 1 hợp đồng': what blocks deleting one customer. */
export function blockerText(b: repo.Blockers): string {
	const parts: string[] = [];
	if (b.invoices) parts.push(`${b.invoices} hóa đơn`);
	if (b.contracts) parts.push(`${b.contracts} hợp đồng`);
	if (b.readings) parts.push(`${b.readings} lần ghi chỉ số`);
	if (b.workOrders) parts.push(`${b.workOrders} phiếu công tác`);
	if (b.meterReplacements) parts.push(`${b.meterReplacements} lần thay đồng hồ`);
	return `có ${parts.join(', ')}`;
}

export interface DeletionResult {
	deleted: string[];
	/** Customers kept, each with why: 'Không thể xóa KH…: có 3 hóa đơn, 1 hợp đồng'. */
	blocked: { code: string; message: string }[];
}

/**
 * Deletes the customers that can go and reports the others, by name and reason: a clerk who
 * selects 20 customers and finds 2 with invoices expects the other 18 gone and a list of the
 * 2, as their desktop programs did. Everything deleted in one request commits together.
 * A meter in service at a deleted customer goes back to stock (status in_stock), audited.
 */
export async function deleteCustomers(
	db: Database,
	user: SessionUser,
	ids: number[]
): Promise<Outcome<DeletionResult>> {
	const unique = [...new Set(ids)].filter((id) => Number.isInteger(id) && id > 0);
	if (unique.length === 0) return failure(400, 'ids: chọn ít nhất một khách hàng');
	if (unique.length > 500) return failure(400, 'ids: tối đa 500 khách hàng một lần');
	return db.transaction().execute(async (trx) => {
		const result: DeletionResult = { deleted: [], blocked: [] };
		const customers = [];
		for (const id of unique.sort((a, b) => a - b)) {
			const c = await repo.getCustomer(trx, id, true);
			if (!c) continue;
			if (!inScope(user, c.route_id))
				return failure(
					403,
					`Không thể xóa ${c.code}: khách hàng thuộc tuyến ngoài phạm vi được giao`
				);
			customers.push(c);
		}
		if (customers.length === 0) return failure(404, 'Không tìm thấy khách hàng');
		const blockers = await repo.deletionBlockers(
			trx,
			customers.map((c) => c.id)
		);
		for (const c of customers) {
			const b = blockers.get(c.id);
			if (b) {
				result.blocked.push({
					code: c.code,
					message: `Không thể xóa ${c.code}: ${blockerText(b)}`
				});
				continue;
			}
			for (const m of await repo.inServiceMeters(trx, c.id)) {
				await repo.returnMeterToStock(trx, m.id);
				await writeAudit(trx, {
					actorId: user.id,
					entity: 'meter',
					entityId: m.id,
					action: 'detach',
					oldValues: { customer_id: c.id, serial: m.serial, status: m.status },
					newValues: { status: 'in_stock', customer_id: null, reason: 'customer deleted' }
				});
			}
			await repo.deleteCustomerRow(trx, c.id);
			await writeAudit(trx, {
				actorId: user.id,
				entity: 'customer',
				entityId: c.id,
				action: 'delete',
				oldValues: { ...auditView(c), status: c.status, customer_id: c.id }
			});
			result.deleted.push(c.code);
		}
		return { ok: true, value: result } as const;
	});
}
