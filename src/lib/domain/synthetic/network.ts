/**
 * Master meters (đồng hồ tổng) at the DMA inlets. Each sits on its zone's boundary where a
 * street crosses it: 1–3 'in' meters per zone by size, and in a few zones an 'out' meter that
 * exports to the neighbouring zone across the east or north edge.
 */
import { BLOCK_H, BLOCK_W } from './grid.ts';
import type { Geography, ZonePlan } from './geography.ts';
import { rngFor, Stream } from './prng.ts';
import type { MasterMeterRow } from './types.ts';

export interface MasterMeterPlan extends MasterMeterRow {
	/** Share of the zone's inflow through this meter ('in'); 0 for 'out'. */
	share: number;
	/** Export as a fraction of the zone's billed volume ('out'); 0 for 'in'. */
	exportRatio: number;
}

type Side = 'west' | 'south' | 'east' | 'north';
const SIDE_VI: Record<Side, string> = { west: 'Tây', south: 'Nam', east: 'Đông', north: 'Bắc' };

/** DN in mm by the connections a zone serves. */
function inletSize(customers: number): number {
	if (customers < 1000) return 100;
	if (customers < 3000) return 150;
	if (customers < 8000) return 200;
	if (customers < 15000) return 250;
	if (customers < 30000) return 300;
	return 400;
}

/** Where a street crosses the middle of a zone edge (local metres). */
function edgePoint(zone: ZonePlan, side: Side): [number, number] {
	const { c0, c1, r0, r1 } = zone.rect;
	const midRow = r0 + ((r1 - r0) >> 1);
	const midCol = c0 + ((c1 - c0) >> 1);
	switch (side) {
		case 'west':
			return [c0 * BLOCK_W, (midRow + 0.5) * BLOCK_H];
		case 'east':
			return [c1 * BLOCK_W, (midRow + 0.5) * BLOCK_H];
		case 'south':
			return [midCol * BLOCK_W, r0 * BLOCK_H];
		case 'north':
			return [midCol * BLOCK_W, r1 * BLOCK_H];
	}
}

export function buildMasterMeters(geo: Geography, seed: number): MasterMeterPlan[] {
	const { grid } = geo;
	const meters: MasterMeterPlan[] = [];
	const rng = rngFor(seed, Stream.masterMeter);
	const zz = (z: ZonePlan) => String(z.id).padStart(2, '0');
	const outZones = new Set(
		geo.zones.length >= 3
			? rng
					.shuffle(geo.zones.map((z) => z.id))
					.slice(0, Math.max(1, Math.round(geo.zones.length * 0.2)))
			: []
	);
	for (const zone of geo.zones) {
		const inlets = Math.min(
			3,
			1 + (zone.customers > 1500 || rng.chance(0.3) ? 1 : 0) + (zone.customers > 15000 ? 1 : 0)
		);
		const sides = rng.shuffle<Side>(['west', 'south', 'east', 'north']).slice(0, inlets);
		const weights = sides.map(() => rng.real(0.5, 1.5));
		const total = weights.reduce((a, b) => a + b, 0);
		const used = new Set<string>();
		sides.forEach((side, k) => {
			const [x, y] = edgePoint(zone, side);
			used.add(`${x},${y}`);
			meters.push({
				id: meters.length + 1,
				serial: `MM${zz(zone)}-${k + 1}`,
				name: `Đồng hồ tổng ${zone.code} · đầu vào phía ${SIDE_VI[side]}`,
				sizeMm: inletSize(zone.customers),
				direction: 'in',
				zoneId: zone.id,
				installedOn: `${rng.int(2012, 2022)}-${String(rng.int(1, 12)).padStart(2, '0')}-15`,
				geom: grid.point(x, y),
				share: weights[k] / total,
				exportRatio: 0
			});
		});
		if (!outZones.has(zone.id)) continue;
		// Export across the east edge (bottom street) or else the north edge (first cross street).
		const { c0, c1, r0, r1 } = zone.rect;
		const candidates: [number, number, number, number][] = [];
		if (c1 < grid.cols) candidates.push([c1 * BLOCK_W, (r0 + 0.5) * BLOCK_H, c1, r0]);
		if (r1 < grid.rows) candidates.push([c0 * BLOCK_W, r1 * BLOCK_H, c0, r1]);
		const spot = candidates.find(([x, y]) => !used.has(`${x},${y}`));
		if (!spot) continue;
		const neighbour = geo.zones[geo.blockZone[grid.block(spot[2], spot[3])]];
		meters.push({
			id: meters.length + 1,
			serial: `MM${zz(zone)}-X`,
			name: `Đồng hồ tổng ${zone.code} · xuất sang ${neighbour.code}`,
			sizeMm: 100,
			direction: 'out',
			zoneId: zone.id,
			installedOn: `${rng.int(2015, 2023)}-${String(rng.int(1, 12)).padStart(2, '0')}-15`,
			geom: grid.point(spot[0], spot[1]),
			share: 0,
			exportRatio: rng.real(0.02, 0.05)
		});
	}
	return meters;
}
