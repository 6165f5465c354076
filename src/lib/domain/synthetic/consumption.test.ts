import { describe, expect, it } from 'vitest';
import { buildPeriods, PERIOD_COUNT } from './calendar.ts';
import { generateAll, generateChunk, addBilled } from './chunk.ts';
import { masterMeterVolumes, SEASONALITY } from './consumption.ts';
import type { ReadingRow } from './types.ts';
import { createWorld } from './world.ts';

describe('reading periods', () => {
	it('covers Dec 2025 … Nov 2026: eleven locked, the last open', () => {
		const periods = buildPeriods();
		expect(periods.map((p) => p.periodMonth)).toEqual([
			'2025-12-01', '2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01', '2026-05-01',
			'2026-06-01', '2026-07-01', '2026-08-01', '2026-09-01', '2026-10-01', '2026-11-01'
		]); // prettier-ignore
		for (const p of periods.slice(0, 11)) {
			expect(p.status).toBe('locked');
			expect(p.closedAt && p.lockedAt && p.closedAt < p.lockedAt).toBeTruthy();
		}
		expect(periods[11]).toMatchObject({ status: 'open', closedAt: null, lockedAt: null });
	});
});

describe('readings', () => {
	const world = createWorld({ customers: 20_000, seed: 9 });
	const all = generateAll(world);
	const dial = new Map(all.meters.map((m) => [m.id, m.dialDigits]));
	const byCustomer: ReadingRow[][] = Array.from({ length: 20_000 }, () => []);
	for (const r of all.readings) byCustomer[r.customerId - 1].push(r);
	const replacedIn = new Map(all.replacements.map((r) => [r.customerId, r]));

	it('has one reading per customer and period, with dense ids', () => {
		expect(all.readings).toHaveLength(20_000 * PERIOD_COUNT);
		const periods = (list: ReadingRow[]) => list.map((r) => r.periodId).join(',');
		expect(byCustomer.filter((list) => periods(list) !== '1,2,3,4,5,6,7,8,9,10,11,12')).toEqual([]);
		expect(all.readings.every((r, k) => r.id === k + 1)).toBe(true);
	});

	it('chains each previous index from the last index read, wrapping at the dial', () => {
		// 240k readings: collect the faults and assert once (an expect per row takes seconds).
		const faults: string[] = [];
		let rollovers = 0;
		for (const list of byCustomer) {
			let last: number | null = null;
			for (const r of list) {
				const replaced = r.note?.startsWith('Thay đồng hồ');
				const at = `reading ${r.id}`;
				if (last !== null && !replaced && r.previousIndex !== last)
					faults.push(`${at}: previous ${r.previousIndex} ≠ last ${last}`);
				if (r.kind === 'no_access') {
					if (r.currentIndex !== null || r.consumptionM3 !== null)
						faults.push(`${at}: no access but has an index or consumption`);
					continue;
				}
				const mod = 10 ** dial.get(r.meterId)!;
				if (r.currentIndex! >= mod) faults.push(`${at}: index ${r.currentIndex} ≥ dial ${mod}`);
				if (r.consumptionM3! < 0) faults.push(`${at}: negative consumption`);
				if (!replaced && (r.previousIndex + r.consumptionM3!) % mod !== r.currentIndex)
					faults.push(`${at}: previous + consumption ≠ current (mod ${mod})`);
				if (r.currentIndex! < r.previousIndex) rollovers++;
				last = r.currentIndex;
			}
		}
		expect(faults.slice(0, 5)).toEqual([]);
		expect(rollovers).toBeGreaterThan(10);
	});

	it('reads the old meter before a replacement and the new one from its period on', () => {
		expect(replacedIn.size).toBeGreaterThan(100);
		for (const [customerId, repl] of replacedIn) {
			const list = byCustomer[customerId - 1];
			const k = list.findIndex((r) => r.meterId === repl.newMeterId);
			expect(k).toBeGreaterThan(0);
			expect(list.slice(0, k).every((r) => r.meterId === repl.oldMeterId)).toBe(true);
			expect(list.slice(k).every((r) => r.meterId === repl.newMeterId)).toBe(true);
			expect(list[k].previousIndex).toBe(repl.newInitialIndex);
		}
	});

	it('is mostly actual, with some estimated and no-access readings', () => {
		const share = (kind: string) =>
			all.readings.filter((r) => r.kind === kind).length / all.readings.length;
		expect(share('actual')).toBeGreaterThan(0.95);
		expect(share('estimated')).toBeGreaterThan(0.01);
		expect(share('no_access')).toBeGreaterThan(0.005);
	});

	it('follows the season and the household size', () => {
		const monthTotal = (p: number) =>
			all.readings
				.filter((r) => r.periodId === p + 1)
				.reduce((s, r) => s + (r.consumptionM3 ?? 0), 0);
		expect(monthTotal(6) / monthTotal(1)).toBeGreaterThan(1.2); // June vs January
		expect(SEASONALITY[6]).toBeGreaterThan(SEASONALITY[1]);
		let use = 0;
		let persons = 0;
		for (const c of all.customers)
			if (c.category === 'domestic' && c.status === 'active') {
				persons += c.persons * 12;
				use += byCustomer[c.id - 1].reduce((s, r) => s + (r.consumptionM3 ?? 0), 0);
			}
		expect(use / persons).toBeGreaterThan(3);
		expect(use / persons).toBeLessThan(5);
	});

	it('plants anomalies: idle months, ×5 spikes, rollovers', () => {
		let idle = 0;
		let spikes = 0;
		for (const list of byCustomer) {
			const c = list.map((r) => r.consumptionM3 ?? -1);
			const sorted = c.filter((x) => x >= 0).sort((a, b) => a - b);
			const median = sorted[sorted.length >> 1];
			if (median >= 5 && c.some((x) => x >= 4 * median)) spikes++;
			for (let p = 1; p + 1 < 12; p++) if (c[p] === 0 && c[p + 1] === 0 && c[p - 1] > 0) idle++;
		}
		expect(idle).toBeGreaterThan(0.01 * 20_000);
		expect(spikes).toBeGreaterThan(0.005 * 20_000);
	});
});

describe('master meter volumes', () => {
	const world = createWorld({ customers: 5_000, seed: 21 });
	const billed = new Float64Array(world.geo.zones.length * PERIOD_COUNT);
	for (let from = 0; from < 5_000; from += 1_000)
		addBilled(billed, generateChunk(world, from, from + 1_000));
	const volumes = masterMeterVolumes(world, billed);
	const meter = new Map(world.masterMeters.map((m) => [m.id, m]));

	it('has one volume per master meter and month, in m³ with 3 decimals', () => {
		expect(volumes).toHaveLength(world.masterMeters.length * PERIOD_COUNT);
		for (const v of volumes) {
			expect(v.volumeM3).toBeGreaterThanOrEqual(0);
			expect(Math.abs(v.volumeM3 * 1000 - Math.round(v.volumeM3 * 1000))).toBeLessThan(1e-6);
		}
	});

	it('makes lossy zones lose 30–45% and efficient ones 8–12% over billed use', () => {
		let lossySeen = 0;
		for (const zone of world.geo.zones)
			for (let p = 0; p < PERIOD_COUNT; p++) {
				const month = buildPeriods()[p].periodMonth;
				let net = 0;
				for (const v of volumes)
					if (v.periodMonth === month && meter.get(v.masterMeterId)!.zoneId === zone.id)
						net += meter.get(v.masterMeterId)!.direction === 'in' ? v.volumeM3 : -v.volumeM3;
				const loss = net / billed[(zone.id - 1) * PERIOD_COUNT + p] - 1;
				const [lo, hi] = zone.lossy ? [0.3, 0.45] : [0.08, 0.12];
				expect(loss).toBeGreaterThanOrEqual(lo - 1e-6);
				expect(loss).toBeLessThanOrEqual(hi + 1e-6);
				if (zone.lossy) lossySeen++;
			}
		expect(lossySeen).toBeGreaterThan(0);
		expect(world.geo.zones.some((z) => !z.lossy)).toBe(true);
	});

	it('gives out meters a small export', () => {
		const out = volumes.filter((v) => meter.get(v.masterMeterId)!.direction === 'out');
		expect(out.length).toBeGreaterThan(0);
		expect(out.every((v) => v.volumeM3 > 0)).toBe(true);
	});
});
