/**
 * Work orders: creation (with a yearly number and an SLA due time), the workflow with
 * idempotent transitions, bulk assignment, staff suggestions, the list and the detail with
 * its timeline and photos, and customer requests that become orders.
 *
 * Who may do what: dispatchers (work_orders.edit, not route-scoped: dispatcher, supervisor,
 * admin) assign, verify and cancel; field staff see and act on their own orders only (another
 * technician's order is a 404, as if it did not exist). Every write runs in one transaction
 * with its audit entries; screens hear about it after the commit (publish).
 */
import { can } from '../../domain/access/permissions.ts';
import { requestNumber, workOrderNumber } from '../../domain/work-orders/numbering.ts';
import { checkResult } from '../../domain/work-orders/results.ts';
import { dueAt as dueFrom, slaHours } from '../../domain/work-orders/sla.ts';
import { rankCandidates } from '../../domain/work-orders/skills.ts';
import {
	assignment,
	canTransition,
	transitionRefusal,
	type WorkOrderStatus,
	type WorkOrderType
} from '../../domain/work-orders/workflow.ts';
import { listForEntity } from '../attachments/attachments.repository.ts';
import {
	AttachmentError,
	openFile,
	storeUpload,
	type AttachmentRow
} from '../attachments/attachments.service.ts';
import type { AttachmentStorage } from '../attachments/attachments.storage.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { SessionUser } from '../auth/auth.repository.ts';
import type { Database } from '../db/connection.ts';
import { publish, type RealtimeEvent } from '../realtime/publish.ts';
import * as repo from './work-orders.repository.ts';
import {
	WorkOrderError,
	type CreateInput,
	type ListInput,
	type RequestInput,
	type TransitionInput
} from './work-orders.schemas.ts';

export { WorkOrderError } from './work-orders.schemas.ts';
export type { OrderListRow } from './work-orders.repository.ts';

/** Assigns, verifies and cancels: has work_orders.edit and sees every route. */
export function isDispatcher(user: SessionUser): boolean {
	return user.routeIds === null && can(user.permissions, 'work_orders', 'edit');
}

const visible = (user: SessionUser, order: { assigned_to: number | null }) =>
	user.routeIds === null || order.assigned_to === user.id;

const notFound = (id: number) => new WorkOrderError(404, 'id', `work order ${id} not found`);

/** Work orders are numbered by the calendar year in Asia/Ho_Chi_Minh. */
const yearNow = () =>
	Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Asia/Ho_Chi_Minh' }).format());

interface Change {
	id: number;
	number: string;
	status: string;
	assignedTo: number | null;
	previousAssignee: number | null;
}

/** After commit: the order changed (watchers, old and new assignee) and who got a new order. */
function announce(changes: Change[]): void {
	for (const c of changes) {
		const rooms = ['watch:work_orders'];
		if (c.assignedTo !== null) rooms.push(`staff:${c.assignedTo}`);
		if (c.previousAssignee !== null && c.previousAssignee !== c.assignedTo)
			rooms.push(`staff:${c.previousAssignee}`);
		// assignedTo is null when unassigned: socket.io carries it as JSON null, though
		// publish() types ids as numbers and strings.
		const ids = {
			id: c.id,
			status: c.status,
			assignedTo: c.assignedTo,
			...(c.previousAssignee !== null && c.previousAssignee !== c.assignedTo
				? { previousAssignee: c.previousAssignee }
				: {})
		} as unknown as RealtimeEvent['ids'];
		publish(rooms, { type: 'work-order:changed', ids });
		if (c.assignedTo !== null && c.assignedTo !== c.previousAssignee)
			publish([`staff:${c.assignedTo}`], {
				type: 'work-order:assigned',
				ids: { id: c.id, number: c.number }
			});
	}
}

// ---- reading ------------------------------------------------------------------------------

function filterFor(user: SessionUser, input: ListInput): repo.OrderFilter {
	const f: repo.OrderFilter = {
		statuses: input.status,
		types: input.type,
		priorities: input.priority,
		unassigned: input.unassigned === '1',
		overdue: input.overdue === '1',
		assignedTo: input.assignedTo,
		bbox: input.bbox,
		oldestFirst: input.unassigned === '1',
		limit: input.limit,
		offset: (input.page - 1) * input.limit
	};
	// Field staff: their own orders, whatever they asked for.
	if (user.routeIds !== null) {
		f.assignedTo = user.id;
		f.unassigned = false;
	}
	return f;
}

export async function listOrders(db: Database, user: SessionUser, input: ListInput) {
	return repo.listOrders(db, filterFor(user, input));
}

export async function listOrdersPage(db: Database, user: SessionUser, input: ListInput) {
	const f = filterFor(user, input);
	const [rows, total] = await Promise.all([repo.listOrders(db, f), repo.countOrders(db, f)]);
	return { rows, total, page: input.page, pageSize: input.limit };
}

export async function getOrder(db: Database, user: SessionUser, id: number) {
	const record = await repo.findOrder(db, id);
	if (!record || !visible(user, record)) throw notFound(id);
	const [order, events, files, request] = await Promise.all([
		repo.findListRow(db, id),
		repo.timeline(db, id),
		listForEntity(db, 'work_order', id),
		record.request_id === null ? null : repo.findRequest(db, Number(record.request_id))
	]);
	return {
		order: {
			...order!,
			description: record.description,
			meterId: record.meter_id,
			result: record.result,
			slaHours: record.sla_hours,
			statusChangedAt: new Date(record.status_changed_at).toISOString(),
			request: request && { id: Number(request.id), number: request.number, kind: request.kind }
		},
		events,
		attachments: files.map((a) => ({
			id: a.id,
			fileName: a.fileName,
			contentType: a.contentType,
			sizeBytes: a.sizeBytes,
			uploadedBy: a.uploadedBy,
			uploadedAt: a.uploadedAt,
			url: `/api/work-orders/${id}/attachments/${a.id}`
		}))
	};
}

// ---- creating -----------------------------------------------------------------------------

/**
 * Inserts an order with its yearly number, SLA due time, creation event and audit entry, in
 * the caller's transaction. Who may create is the caller's check (createOrder admits
 * dispatchers; the reading review lets billing clerks raise re-read and inspection orders).
 */
export async function insertNewOrder(
	trx: Database,
	user: SessionUser,
	input: CreateInput,
	requestId: number | null
): Promise<number> {
	let { lon, lat } = input;
	let address = input.address ?? null;
	let meterId: number | null = null;
	if (input.customerId !== undefined) {
		const customer = await repo.findCustomer(trx, input.customerId);
		if (!customer)
			throw new WorkOrderError(404, 'customerId', `customer ${input.customerId} not found`);
		lon ??= customer.lon ?? undefined;
		lat ??= customer.lat ?? undefined;
		address ??= customer.address;
		meterId = await repo.meterInService(trx, customer.id);
	}
	if (lon === undefined || lat === undefined)
		throw new WorkOrderError(
			400,
			lon === undefined ? 'lon' : 'lat',
			'required: give a customer with a location, or lon and lat'
		);
	const created = new Date();
	const hours = slaHours(input.type, input.priority);
	const due = input.dueAt ?? dueFrom(created, hours);
	if (due.getTime() <= created.getTime())
		throw new WorkOrderError(400, 'dueAt', 'must be in the future');
	const number = workOrderNumber(yearNow(), await repo.nextOrderSeq(trx, yearNow()));
	const values: repo.NewOrder = {
		number,
		type: input.type,
		priority: input.priority,
		customerId: input.customerId ?? null,
		meterId,
		lon,
		lat,
		address,
		description: input.description,
		dueAt: due,
		slaHours: hours,
		createdBy: user.id,
		requestId
	};
	const id = await repo.insertOrder(trx, values);
	await repo.insertEvent(trx, {
		orderId: id,
		from: null,
		to: 'new',
		assignedTo: null,
		staffId: user.id
	});
	await writeAudit(trx, {
		actorId: user.id,
		entity: 'work_order',
		entityId: id,
		action: 'create',
		newValues: { ...values, dueAt: due.toISOString() }
	});
	return id;
}

function checkCreate(user: SessionUser) {
	if (user.routeIds !== null || !can(user.permissions, 'work_orders', 'create'))
		throw new WorkOrderError(403, 'type', 'you may not create work orders');
}

export async function createOrder(db: Database, user: SessionUser, input: CreateInput) {
	checkCreate(user);
	const id = await db.transaction().execute((trx) => insertNewOrder(trx, user, input, null));
	const order = (await repo.findListRow(db, id))!;
	announce([{ ...order, previousAssignee: null }]);
	return order;
}

/**
 * A request or complaint received at the counter or by phone, and the order it becomes, in
 * one transaction. The order takes the customer's location unless one is given.
 */
export async function receiveRequest(db: Database, user: SessionUser, input: RequestInput) {
	checkCreate(user);
	const { requestId, number, orderId } = await db.transaction().execute(async (trx) => {
		const customer =
			input.customerId === undefined ? undefined : await repo.findCustomer(trx, input.customerId);
		if (input.customerId !== undefined && !customer)
			throw new WorkOrderError(404, 'customerId', `customer ${input.customerId} not found`);
		if (!customer && !input.callerName)
			throw new WorkOrderError(400, 'callerName', 'required when no customer is chosen');
		const number = requestNumber(yearNow(), await repo.nextRequestSeq(trx, yearNow()));
		const values: repo.NewRequest = {
			number,
			kind: input.kind,
			channel: input.channel,
			customerId: customer?.id ?? null,
			callerName: input.callerName ?? customer?.name ?? null,
			callerPhone: input.callerPhone ?? null,
			address: input.order.address ?? customer?.address ?? null,
			lon: input.order.lon ?? customer?.lon ?? null,
			lat: input.order.lat ?? customer?.lat ?? null,
			description: input.description,
			receivedBy: user.id
		};
		const requestId = await repo.insertRequest(trx, values);
		await writeAudit(trx, {
			actorId: user.id,
			entity: 'customer_request',
			entityId: requestId,
			action: 'create',
			newValues: values
		});
		const orderId = await insertNewOrder(
			trx,
			user,
			{
				type: input.order.type,
				priority: input.order.priority,
				customerId: customer?.id,
				lon: input.order.lon,
				lat: input.order.lat,
				address: input.order.address,
				description: input.description,
				dueAt: undefined
			},
			requestId
		);
		return { requestId, number, orderId };
	});
	const order = (await repo.findListRow(db, orderId))!;
	announce([{ ...order, previousAssignee: null }]);
	return { request: { id: requestId, number }, order };
}

// ---- workflow -----------------------------------------------------------------------------

/**
 * Moves an order to `to`. The idempotency key makes a replay (an offline queue sending the
 * same action again) return the order without writing anything; a stale version is a 409.
 */
export async function transitionOrder(
	db: Database,
	user: SessionUser,
	id: number,
	input: TransitionInput
): Promise<{ order: repo.OrderListRow; replayed: boolean }> {
	if ((input.lon === undefined) !== (input.lat === undefined))
		throw new WorkOrderError(400, input.lon === undefined ? 'lon' : 'lat', 'give both lon and lat');
	const change = await db.transaction().execute(async (trx) => {
		const order = await repo.findOrder(trx, id, true);
		if (!order) throw notFound(id);
		// After the lock, so a concurrent replay of the same key sees the first one's event.
		const prior = await repo.eventByKey(trx, input.idempotencyKey);
		if (prior) {
			if (Number(prior.orderId) !== id || prior.to !== input.to || prior.staffId !== user.id)
				throw new WorkOrderError(409, 'idempotencyKey', 'already used for another action');
			return null;
		}
		if (!visible(user, order)) throw notFound(id);
		if (input.version !== undefined && input.version !== order.version)
			throw new WorkOrderError(
				409,
				'version',
				`stale: the order is at version ${order.version}; reload it`
			);
		const from = order.status as WorkOrderStatus;
		const isAssignee = order.assigned_to === user.id;
		const dispatcher = isDispatcher(user);
		const actor =
			isAssignee && canTransition(from, input.to, 'assignee')
				? 'assignee'
				: dispatcher && canTransition(from, input.to, 'dispatcher')
					? 'dispatcher'
					: null;
		if (actor === null) {
			if (canTransition(from, input.to, 'dispatcher'))
				throw new WorkOrderError(403, 'to', `only a dispatcher may move it to ${input.to}`);
			if (canTransition(from, input.to, 'assignee'))
				throw new WorkOrderError(403, 'to', `only its assignee may move it to ${input.to}`);
			const refusal = transitionRefusal(from, input.to, dispatcher ? 'dispatcher' : 'assignee');
			throw new WorkOrderError(
				409,
				'to',
				refusal?.reason === 'final'
					? `the order is ${from}: it cannot change any more`
					: `cannot go from ${from} to ${input.to}`
			);
		}
		let result: unknown;
		if (input.to === 'done') {
			const checked = checkResult(order.type as WorkOrderType, input.result);
			if (!checked.ok) throw new WorkOrderError(400, checked.field, checked.reason);
			result = checked.value;
		}
		if (input.to === 'failed' && !input.note)
			throw new WorkOrderError(400, 'note', 'required: say why the work could not be done');
		await repo.updateOrder(trx, id, {
			status: input.to,
			assignedTo: order.assigned_to,
			result,
			statusChanged: true
		});
		await repo.insertEvent(trx, {
			orderId: id,
			from,
			to: input.to,
			assignedTo: order.assigned_to,
			staffId: user.id,
			note: input.note,
			lon: input.lon,
			lat: input.lat,
			idempotencyKey: input.idempotencyKey
		});
		await writeAudit(trx, {
			actorId: user.id,
			entity: 'work_order',
			entityId: id,
			action: 'transition',
			oldValues: { status: from, version: order.version },
			newValues: { status: input.to, version: order.version + 1, result, note: input.note }
		});
		return {
			id,
			number: order.number,
			status: input.to,
			assignedTo: order.assigned_to,
			previousAssignee: order.assigned_to
		};
	});
	const order = (await repo.findListRow(db, id))!;
	if (change) announce([change]);
	return { order, replayed: change === null };
}

/**
 * Assigns (staffId), reassigns or unassigns (null) orders, all or none: the first order that
 * cannot change hands is named and nothing is written.
 */
export async function assignOrders(
	db: Database,
	user: SessionUser,
	rawIds: number[],
	staffId: number | null
) {
	if (!isDispatcher(user))
		throw new WorkOrderError(403, 'staffId', 'only a dispatcher may assign orders');
	const ids = [...new Set(rawIds)];
	if (staffId !== null) {
		const staff = await repo.findStaff(db, staffId);
		if (!staff || !staff.active || staff.role !== 'field')
			throw new WorkOrderError(404, 'staffId', `no active field staff member ${staffId}`);
	}
	const changes = await db.transaction().execute(async (trx) => {
		const rows = await repo.lockOrders(trx, ids);
		const found = new Set(rows.map((r) => Number(r.id)));
		const missing = ids.find((id) => !found.has(id));
		if (missing !== undefined)
			throw new WorkOrderError(404, 'ids', `work order ${missing} not found`);
		const changes: Change[] = [];
		for (const row of rows) {
			const id = Number(row.id);
			const from = row.status as WorkOrderStatus;
			const outcome = assignment({ status: from, assignedTo: row.assigned_to }, staffId);
			if (!outcome.ok)
				throw new WorkOrderError(
					409,
					'ids',
					`${row.number} is ${from}: it can no longer be ${staffId === null ? 'unassigned' : 'reassigned'}`
				);
			if (!outcome.changed) continue;
			await repo.updateOrder(trx, id, {
				status: outcome.status,
				assignedTo: staffId,
				statusChanged: outcome.status !== from
			});
			await repo.insertEvent(trx, {
				orderId: id,
				from,
				to: outcome.status,
				assignedTo: staffId,
				staffId: user.id
			});
			await writeAudit(trx, {
				actorId: user.id,
				entity: 'work_order',
				entityId: id,
				action: staffId === null ? 'unassign' : 'assign',
				oldValues: { status: from, assigned_to: row.assigned_to },
				newValues: { status: outcome.status, assigned_to: staffId }
			});
			changes.push({
				id,
				number: row.number,
				status: outcome.status,
				assignedTo: staffId,
				previousAssignee: row.assigned_to
			});
		}
		return changes;
	});
	announce(changes);
	return { changed: changes.map((c) => c.id) };
}

/** The five best on-duty field staff for an order: nearest 50 by KNN, ranked by score. */
export async function suggestStaff(db: Database, user: SessionUser, id: number) {
	if (user.routeIds !== null)
		throw new WorkOrderError(403, 'id', 'suggestions are for dispatchers');
	const order = await repo.findOrder(db, id);
	if (!order) throw notFound(id);
	const near = await repo.nearestStaff(db, order.lon, order.lat, 50);
	return rankCandidates(order.type as WorkOrderType, near, 5);
}

export async function fieldStaff(db: Database) {
	return repo.listFieldStaff(db);
}

// ---- photos and files ---------------------------------------------------------------------

/** An attachment refusal (size, kind, empty) as a work-order refusal naming the file. */
function fromAttachment(err: unknown): never {
	if (err instanceof AttachmentError) throw new WorkOrderError(err.status, 'file', err.message);
	throw err;
}

/**
 * A photo or file on the order, streamed through the attachments service (size and kind
 * limits from config). The assignee and dispatchers may add them; the file also belongs to
 * the order's customer, so it shows in the customer's files.
 */
export async function uploadOrderFile(
	db: Database,
	user: SessionUser,
	id: number,
	file: { fileName: string; body: AsyncIterable<Uint8Array>; declaredBytes: number | null },
	storage?: AttachmentStorage
): Promise<AttachmentRow> {
	const order = await repo.findOrder(db, id);
	if (!order || !visible(user, order)) throw notFound(id);
	const row = await storeUpload(
		db,
		user,
		{ ...file, entity: 'work_order', entityId: id, customerId: order.customer_id },
		storage
	).catch(fromAttachment);
	announce([
		{
			id,
			number: order.number,
			status: order.status,
			assignedTo: order.assigned_to,
			previousAssignee: order.assigned_to
		}
	]);
	return row;
}

/** A file of an order the user may see. */
export async function openOrderFile(
	db: Database,
	user: SessionUser,
	id: number,
	attachmentId: number,
	storage?: AttachmentStorage
) {
	const order = await repo.findOrder(db, id);
	if (!order || !visible(user, order)) throw notFound(id);
	const row = (await listForEntity(db, 'work_order', id)).find((a) => a.id === attachmentId);
	if (!row) throw new WorkOrderError(404, 'attachmentId', `file ${attachmentId} not found`);
	return openFile(row, storage).catch(fromAttachment);
}

/** The customer a counter request is for (the creator sees every route). */
export async function intakeCustomer(db: Database, user: SessionUser, id: number) {
	checkCreate(user);
	const customer = await repo.findCustomer(db, id);
	if (!customer) throw new WorkOrderError(404, 'customerId', `customer ${id} not found`);
	return customer;
}
