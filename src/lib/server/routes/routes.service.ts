/**
 * Reading routes: listing (scoped), moving customers between routes, renumbering and
 * reordering. Each change runs in one transaction with the routes locked, and writes the
 * audit log there: a customer moved to another route gets a 'customer'/'route_move' entry
 * (the customer timeline reads these); number changes within a route get one 'route' entry
 * per route with the old → new map, not one per customer.
 */
import * as v from 'valibot';
import { can } from '../../domain/access/permissions.ts';
import { escapeLike } from '../../domain/search/search-query.ts';
import {
	renumbered,
	sequenceChanges,
	sequenceForOrder,
	type SequenceChange
} from '../../domain/routes/sequence.ts';
import type { SessionUser } from '../auth/auth.repository.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { Database } from '../db/connection.ts';
import * as repo from './routes.repository.ts';

export const ROUTES_PAGE_SIZE = 50;

/** Why a request was refused; the page words it. `field` names the input at fault. */
export type RouteRefusal =
	| 'route_not_found'
	| 'forbidden'
	| 'customers_missing'
	| 'after_not_on_target'
	| 'after_is_moved'
	| 'order_stale';

export type RouteOutcome<T> =
	| { ok: true; value: T }
	| { ok: false; status: 400 | 403 | 404 | 409; field: string; reason: RouteRefusal };

const refuse = (
	status: 400 | 403 | 404 | 409,
	field: string,
	reason: RouteRefusal
): RouteOutcome<never> => ({ ok: false, status, field, reason });

const inScope = (user: SessionUser, routeId: number) =>
	user.routeIds === null || user.routeIds.includes(routeId);

const id = v.pipe(v.number(), v.integer(), v.minValue(1));

export const listQuerySchema = v.object({
	q: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(100)), ''),
	sort: v.optional(v.picklist(repo.routeSorts), 'code'),
	dir: v.optional(v.picklist(['asc', 'desc']), 'asc'),
	page: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100_000)), 1)
});
export type ListQuery = v.InferOutput<typeof listQuerySchema>;

export async function listRoutesPage(db: Database, user: SessionUser, query: ListQuery) {
	const words = query.q.normalize('NFC').toLowerCase();
	const { rows, total } = await repo.listRoutes(db, {
		// Folded on the SQL side by wl_fold, as the customer search is.
		pattern: words ? `%${escapeLike(words)}%` : null,
		sort: query.sort,
		dir: query.dir,
		offset: (query.page - 1) * ROUTES_PAGE_SIZE,
		limit: ROUTES_PAGE_SIZE,
		routeIds: user.routeIds
	});
	return { rows, total, pageSize: ROUTES_PAGE_SIZE };
}

export async function routeDetail(db: Database, user: SessionUser, routeId: number) {
	if (!inScope(user, routeId)) return refuse(404, 'id', 'route_not_found');
	const route = await repo.findRoute(db, routeId);
	if (!route) return refuse(404, 'id', 'route_not_found');
	const [customers, targets] = await Promise.all([
		repo.routeCustomers(db, routeId),
		repo.routeChoices(db, user.routeIds)
	]);
	return { ok: true as const, value: { route, customers, targets } };
}

/** The route and its customers in walking order (field sheet, move dialog); null when not visible. */
export async function routeWithCustomers(db: Database, user: SessionUser, routeId: number) {
	if (!inScope(user, routeId)) return null;
	const route = await repo.findRoute(db, routeId);
	if (!route) return null;
	return { route, customers: await repo.routeCustomers(db, routeId) };
}

async function auditSequence(
	db: Database,
	actorId: number,
	routeId: number,
	action: string,
	changes: SequenceChange[]
) {
	if (!changes.length) return;
	await writeAudit(db, {
		actorId,
		entity: 'route',
		entityId: routeId,
		action,
		oldValues: { sequence: Object.fromEntries(changes.map((c) => [c.id, c.from])) },
		newValues: { sequence: Object.fromEntries(changes.map((c) => [c.id, c.to])) }
	});
}

export const moveSchema = v.object({
	customerIds: v.pipe(v.array(id), v.minLength(1), v.maxLength(5000)),
	targetRouteId: id,
	/** Put the customers after this one of the target route; null = at the end. */
	afterCustomerId: v.nullable(id)
});
export type MoveInput = v.InferOutput<typeof moveSchema>;

export interface MoveResult {
	moved: number;
	renumbered: boolean;
}

/**
 * Moves customers (from any routes the user may see, in the order given) to a route, at its
 * end or after one of its customers, taking free numbers there (10 and 20 → 15); when the gap
 * is too small the target route is renumbered in tens. Moving within one route is an insert
 * between two customers.
 */
export async function moveCustomers(
	db: Database,
	user: SessionUser,
	input: MoveInput
): Promise<RouteOutcome<MoveResult>> {
	if (!can(user.permissions, 'routes', 'edit')) return refuse(403, 'routes', 'forbidden');
	if (!inScope(user, input.targetRouteId)) return refuse(404, 'targetRouteId', 'route_not_found');
	const ids = [...new Set(input.customerIds)];
	if (input.afterCustomerId !== null && ids.includes(input.afterCustomerId))
		return refuse(400, 'afterCustomerId', 'after_is_moved');
	return db.transaction().execute(async (trx) => {
		// Routes are locked before customers, in id order, as renumber and reorder do, so two
		// changes cannot deadlock. The customers are read again under the locks: if one
		// changed route meanwhile, the request is stale.
		const seen = await repo.customersForMove(trx, ids, false);
		if (seen.length !== ids.length) return refuse(404, 'customerIds', 'customers_missing');
		if (seen.some((c) => c.routeId !== null && !inScope(user, c.routeId)))
			return refuse(403, 'customerIds', 'forbidden');
		const sources = seen.flatMap((c) => (c.routeId === null ? [] : [c.routeId]));
		const locked = await repo.lockRoutes(trx, [...new Set([input.targetRouteId, ...sources])]);
		if (!locked.includes(input.targetRouteId))
			return refuse(404, 'targetRouteId', 'route_not_found');
		const customers = await repo.customersForMove(trx, ids, true);
		const routeOf = new Map(seen.map((c) => [c.id, c.routeId]));
		if (customers.length !== ids.length || customers.some((c) => routeOf.get(c.id) !== c.routeId))
			return refuse(409, 'customerIds', 'order_stale');

		const moving = new Set(ids);
		const target = await repo.routeSequence(trx, input.targetRouteId);
		const staying = target.filter((c) => !moving.has(c.id));
		let at = staying.length;
		if (input.afterCustomerId !== null) {
			const k = staying.findIndex((c) => c.id === input.afterCustomerId);
			if (k < 0) return refuse(400, 'afterCustomerId', 'after_not_on_target');
			at = k + 1;
		}
		const byId = new Map(customers.map((c) => [c.id, c]));
		const order: { id: number; seq: number | null }[] = [
			...staying.slice(0, at),
			...ids.map((cid) => ({ id: cid, seq: null })),
			...staying.slice(at)
		];
		const plan = sequenceForOrder(order);
		const changes = sequenceChanges(order, plan.seqs);
		await repo.writeSequence(trx, input.targetRouteId, changes);

		// Within the target route: the map of numbers that changed (moves inside the route
		// and any renumbering), with the moved customers' old numbers on this route.
		const within = changes.flatMap((c) => {
			const before = byId.get(c.id);
			if (!before) return [c];
			return before.routeId === input.targetRouteId ? [{ ...c, from: before.seq }] : [];
		});
		await auditSequence(
			trx,
			user.id,
			input.targetRouteId,
			plan.renumbered ? 'renumber' : 'resequence',
			within.filter((c) => c.from !== c.to)
		);
		const targetCode = (await repo.findRoute(trx, input.targetRouteId))?.code ?? null;
		for (const c of changes) {
			const before = byId.get(c.id);
			if (!before || before.routeId === input.targetRouteId) continue;
			await writeAudit(trx, {
				actorId: user.id,
				entity: 'customer',
				entityId: c.id,
				action: 'route_move',
				oldValues: {
					customer_id: c.id,
					route_id: before.routeId,
					route_code: before.routeCode,
					route_seq: before.seq
				},
				newValues: {
					customer_id: c.id,
					route_id: input.targetRouteId,
					route_code: targetCode,
					route_seq: c.to
				}
			});
		}
		return { ok: true as const, value: { moved: ids.length, renumbered: plan.renumbered } };
	});
}

/** Renumbers a route in tens (10, 20, 30…) keeping its order. */
export async function renumberRoute(
	db: Database,
	user: SessionUser,
	routeId: number
): Promise<RouteOutcome<{ changed: number }>> {
	if (!can(user.permissions, 'routes', 'edit')) return refuse(403, 'routes', 'forbidden');
	if (!inScope(user, routeId)) return refuse(404, 'id', 'route_not_found');
	return db.transaction().execute(async (trx) => {
		if (!(await repo.lockRoutes(trx, [routeId])).length)
			return refuse(404, 'id', 'route_not_found');
		const current = await repo.routeSequence(trx, routeId);
		const changes = sequenceChanges(current, renumbered(current.length));
		await repo.writeSequence(trx, routeId, changes);
		await auditSequence(trx, user.id, routeId, 'renumber', changes);
		return { ok: true as const, value: { changed: changes.length } };
	});
}

export const reorderSchema = v.object({
	order: v.pipe(v.array(id), v.minLength(1), v.maxLength(20_000))
});

/**
 * Saves a new walking order (from drag, the up/down buttons or the map). `order` must list
 * exactly the route's customers: if someone changed the route meanwhile, nothing is written
 * and the user reloads. Keeps as many numbers as possible; renumbers in tens when needed.
 */
export async function reorderRoute(
	db: Database,
	user: SessionUser,
	routeId: number,
	order: number[]
): Promise<RouteOutcome<{ changed: number; renumbered: boolean }>> {
	if (!can(user.permissions, 'routes', 'edit')) return refuse(403, 'routes', 'forbidden');
	if (!inScope(user, routeId)) return refuse(404, 'id', 'route_not_found');
	return db.transaction().execute(async (trx) => {
		if (!(await repo.lockRoutes(trx, [routeId])).length)
			return refuse(404, 'id', 'route_not_found');
		const current = await repo.routeSequence(trx, routeId);
		const seqOf = new Map(current.map((c) => [c.id, c.seq]));
		if (
			order.length !== current.length ||
			new Set(order).size !== order.length ||
			order.some((cid) => !seqOf.has(cid))
		)
			return refuse(409, 'order', 'order_stale');
		const wanted = order.map((cid) => ({ id: cid, seq: seqOf.get(cid)! }));
		const plan = sequenceForOrder(wanted);
		const changes = sequenceChanges(wanted, plan.seqs);
		await repo.writeSequence(trx, routeId, changes);
		await auditSequence(trx, user.id, routeId, plan.renumbered ? 'renumber' : 'reorder', changes);
		return {
			ok: true as const,
			value: { changed: changes.length, renumbered: plan.renumbered }
		};
	});
}
