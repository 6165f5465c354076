import { wardLabelVi } from '../../domain/map/customer-labels.ts';
import type { SessionUser } from '../auth/auth.repository.ts';
import type { Database } from '../db/connection.ts';
import * as repo from './customer-card.repository.ts';

/** Reading periods on the card (a year of monthly kỳ ghi). */
export const CARD_PERIODS = 12;
export const CARD_WORK_ORDERS = 20;

export interface CustomerCard {
	customer: {
		id: number;
		code: string;
		name: string;
		address: string;
		phone: string | null;
		category: string;
		status: string;
		ward: string;
		zone: string | null;
		route: string | null;
		lon: number;
		lat: number;
	};
	meter: {
		serial: string;
		brand: string;
		sizeMm: number;
		installedOn: string | null;
		verificationDueOn: string | null;
		overdue: boolean;
	} | null;
	contract: { number: string; signedOn: string; status: string } | null;
	/** Oldest first; m³ as numbers (3 decimals). */
	readings: {
		periodMonth: string;
		consumptionM3: number | null;
		currentIndex: number | null;
		kind: string;
	}[];
	workOrders: {
		id: number;
		number: string;
		type: string;
		status: string;
		priority: string;
		createdAt: string;
	}[];
}

export type CardOutcome =
	{ ok: true; card: CustomerCard } | { ok: false; status: 403 | 404; message: string };

const num = (x: string | number | null) => (x === null ? null : Number(x));

export async function customerCard(
	db: Database,
	user: SessionUser,
	id: number
): Promise<CardOutcome> {
	const c = await repo.findCustomer(db, id);
	if (!c) return { ok: false, status: 404, message: 'customer not found' };
	// Route-scoped staff see only their routes; a customer without a route is outside them all.
	if (user.routeIds && (c.routeId === null || !user.routeIds.includes(c.routeId)))
		return { ok: false, status: 403, message: 'customer outside your routes' };
	const [meter, contract, readings, orders] = await Promise.all([
		repo.findMeterInService(db, id),
		repo.findContract(db, id),
		repo.recentReadings(db, id, CARD_PERIODS),
		repo.recentWorkOrders(db, id, CARD_WORK_ORDERS)
	]);
	return {
		ok: true,
		card: {
			customer: {
				id: c.id,
				code: c.code,
				name: c.name,
				address: c.address,
				phone: c.phone,
				category: c.category,
				status: c.status,
				ward: wardLabelVi(c.wardName, c.wardKind),
				zone: c.zoneName,
				route: c.routeCode,
				lon: Number(c.lon),
				lat: Number(c.lat)
			},
			meter: meter ? { ...meter, overdue: Boolean(meter.overdue) } : null,
			contract: contract ?? null,
			readings: readings.reverse().map((r) => ({
				periodMonth: r.periodMonth,
				consumptionM3: num(r.consumptionM3),
				currentIndex: num(r.currentIndex),
				kind: r.kind
			})),
			workOrders: orders.map((o) => ({
				...o,
				id: Number(o.id),
				createdAt: new Date(o.createdAt).toISOString()
			}))
		}
	};
}
