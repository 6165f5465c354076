import { describe, expect, it } from 'vitest';
import { addYears, TODAY } from './calendar.ts';
import { generateAll, generateChunk } from './chunk.ts';
import { LOTS_PER_SIDE } from './grid.ts';
import { ROUTE_MAX, ROUTE_MIN } from './layout.ts';
import { createWorld, expectedCounts } from './world.ts';

describe('register', () => {
	const world = createWorld({ customers: 20_000, seed: 5 });
	const all = generateAll(world);
	const counts = expectedCounts(world);

	it('is deterministic: same seed, same rows; another seed, other rows', () => {
		const again = generateAll(createWorld({ customers: 20_000, seed: 5 }));
		expect(again.customers).toEqual(all.customers);
		expect(again.meters).toEqual(all.meters);
		expect(again.readings.slice(-500)).toEqual(all.readings.slice(-500));
		const other = generateChunk(createWorld({ customers: 20_000, seed: 6 }), 0, 200);
		expect(other.customers.map((c) => c.name)).not.toEqual(
			all.customers.slice(0, 200).map((c) => c.name)
		);
	});

	it('does not depend on the chunk size', () => {
		const pieces = [generateChunk(world, 0, 777), generateChunk(world, 777, 1500)];
		const whole = generateChunk(world, 0, 1500);
		expect(pieces.flatMap((p) => p.customers)).toEqual(whole.customers);
		expect(pieces.flatMap((p) => p.readings)).toEqual(whole.readings);
		expect(pieces.flatMap((p) => p.contracts)).toEqual(whole.contracts);
	});

	it('produces the expected counts with dense, unique ids', () => {
		expect(all.customers).toHaveLength(counts.customer);
		expect(all.meters).toHaveLength(counts.meter);
		expect(all.contracts).toHaveLength(counts.contract);
		expect(all.replacements).toHaveLength(counts.meter_replacement);
		for (const rows of [all.customers, all.meters, all.contracts, all.replacements]) {
			const ids = rows.map((r) => r.id).sort((a, b) => a - b);
			expect(ids).toEqual(ids.map((_, k) => k + 1));
		}
		expect(counts.meter_replacement).toBeGreaterThan(100);
		expect(new Set(all.meters.map((m) => m.serial)).size).toBe(all.meters.length);
	});

	it('cuts routes of 150–400 inside one zone, numbered 10, 20, 30… along the walk', () => {
		const byRoute = new Map<number, typeof all.customers>();
		for (const c of all.customers) byRoute.set(c.routeId, [...(byRoute.get(c.routeId) ?? []), c]);
		expect(byRoute.size).toBe(world.layout.routes.length);
		for (const route of world.layout.routes) {
			const members = byRoute.get(route.id)!;
			expect(members.length).toBeGreaterThanOrEqual(ROUTE_MIN);
			expect(members.length).toBeLessThanOrEqual(ROUTE_MAX);
			expect(members.map((c) => c.routeSeq)).toEqual(members.map((_, k) => 10 * (k + 1)));
			expect(members.every((c) => c.zoneId === route.zoneId)).toBe(true);
			expect(route.code).toMatch(/^S\d{2}-\d{3}$/);
		}
	});

	it('orders each zone as a walk: east on the north side, back west on the south, row by row', () => {
		const { layout, geo } = world;
		const key = (i: number) => {
			const b = layout.block[i];
			const col = b % geo.grid.cols;
			const row = Math.floor(b / geo.grid.cols);
			const side = layout.lot[i] >= LOTS_PER_SIDE ? 1 : 0;
			const along = col * LOTS_PER_SIDE + (layout.lot[i] % LOTS_PER_SIDE);
			return [row, side, side === 0 ? along : -along];
		};
		for (let i = 1; i < all.customers.length; i++) {
			if (all.customers[i].zoneId !== all.customers[i - 1].zoneId) continue;
			const [a, b] = [key(i - 1), key(i)];
			const later =
				b[0] > a[0] || (b[0] === a[0] && (b[1] > a[1] || (b[1] === a[1] && b[2] > a[2])));
			expect(later, `customer ${i + 1} after ${i}`).toBe(true);
		}
	});

	it('mixes categories like a city utility: mostly domestic, organisations for the rest', () => {
		const share = (cat: string) => all.customers.filter((c) => c.category === cat).length / 20_000;
		expect(share('domestic')).toBeGreaterThan(0.82);
		expect(share('domestic')).toBeLessThan(0.88);
		for (const cat of [
			'poor_household',
			'administrative',
			'public_service',
			'production',
			'business'
		])
			expect(share(cat)).toBeGreaterThan(0.005);
		for (const c of all.customers) {
			const home = c.category === 'domestic' || c.category === 'poor_household';
			expect(c.kind).toBe(home ? 'individual' : 'organization');
			if (!home) expect(c.industry).toBeTruthy();
		}
		expect(all.customers.some((c) => c.name.startsWith('Trường THCS '))).toBe(true);
		expect(all.customers.some((c) => c.name.startsWith('UBND phường '))).toBe(true);
		expect(
			all.customers.filter((c) => c.name.startsWith('Nguyễn ')).length / 20_000
		).toBeGreaterThan(0.25);
	});

	it('satisfies the customer table checks', () => {
		for (const c of all.customers) {
			expect(c.name.length).toBeGreaterThan(0);
			if (c.taxOrIdNumber) expect(c.taxOrIdNumber).toMatch(/^[0-9]{9,14}(-[0-9]{3})?$/);
			if (c.phone) expect(c.phone).toMatch(/^\+?[0-9]{9,12}$/);
			if (c.email) expect(c.email).toMatch(/^[^@\s]+@[^@\s]+\.[^@\s]+$/);
			if (c.paymentMethod === 'bank_transfer' || c.paymentMethod === 'auto_debit')
				expect(c.bankAccount).toMatch(/^[0-9]{10,14}$/);
			expect(c.households).toBeGreaterThanOrEqual(1);
			expect(c.persons).toBeLessThanOrEqual(8 * c.households);
			if (c.kind === 'individual') expect(c.persons).toBeGreaterThanOrEqual(1);
			expect(c.address).toMatch(/^\d+ .+, (Phường|Xã) .+, Thành phố Huế$/);
		}
		const methods = new Set(all.customers.map((c) => c.paymentMethod));
		expect(methods.size).toBe(4);
		const active = all.customers.filter((c) => c.status === 'active').length / 20_000;
		expect(active).toBeGreaterThan(0.94);
		expect(active).toBeLessThan(0.99);
	});

	it('gives each customer one meter in service and keeps removed meters unattached', () => {
		const inService = new Map<number, number>();
		for (const m of all.meters) {
			if (m.status === 'in_service') {
				expect(m.customerId).not.toBeNull();
				expect(m.zoneId).toBe(all.customers[m.customerId! - 1].zoneId);
				inService.set(m.customerId!, (inService.get(m.customerId!) ?? 0) + 1);
			} else expect(m.customerId).toBeNull();
			expect(m.verificationDueOn).toBe(addYears(m.verifiedOn, 5));
			expect(m.verifiedOn >= m.installedOn).toBe(true);
		}
		expect(inService.size).toBe(20_000);
		expect([...inService.values()].every((n) => n === 1)).toBe(true);
		const current = all.meters.filter((m) => m.status === 'in_service');
		const overdue = current.filter((m) => m.verificationDueOn < TODAY).length / current.length;
		expect(overdue).toBeGreaterThan(0.05);
		expect(overdue).toBeLessThan(0.08);
		expect(current.filter((m) => m.sizeMm === 15).length / current.length).toBeGreaterThan(0.75);
		const brands = new Set(current.map((m) => m.brand));
		expect(brands).toEqual(new Set(['Itron', 'Sensus', 'Elster', 'Zenner', 'Asahi', 'Actaris']));
	});

	it('keeps one active contract per customer; re-signed ones supersede revision 1', () => {
		const byCustomer = new Map<number, typeof all.contracts>();
		for (const k of all.contracts)
			byCustomer.set(k.customerId, [...(byCustomer.get(k.customerId) ?? []), k]);
		let resigned = 0;
		for (const list of byCustomer.values()) {
			expect(list.filter((k) => k.status === 'active')).toHaveLength(1);
			if (list.length === 2) {
				resigned++;
				const [r1, r2] = [...list].sort((a, b) => a.revision - b.revision);
				expect([r1.revision, r1.status, r2.revision, r2.status]).toEqual([
					1,
					'superseded',
					2,
					'active'
				]);
				expect(r2.signedOn > r1.signedOn).toBe(true);
			}
			for (const k of list) expect(k.handoverOn >= k.signedOn).toBe(true);
		}
		expect(resigned / 20_000).toBeGreaterThan(0.02);
		expect(resigned / 20_000).toBeLessThan(0.04);
	});

	it('records replacements: old meter removed, new one in service since that day', () => {
		for (const r of all.replacements) {
			const oldM = all.meters.find((m) => m.id === r.oldMeterId)!;
			const newM = all.meters.find((m) => m.id === r.newMeterId)!;
			expect(oldM.status).toBe('removed');
			expect(newM.customerId).toBe(r.customerId);
			expect(newM.installedOn).toBe(r.replacedOn);
			expect(r.oldFinalIndex).toBeGreaterThanOrEqual(0);
			expect(r.oldFinalIndex).toBeLessThan(10 ** oldM.dialDigits);
		}
	});
});
