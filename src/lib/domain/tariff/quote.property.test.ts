/** Property tests over generated schedules and consumptions (fast-check). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quote } from './quote.ts';
import * as q from './rational.ts';

/** Prices in VND per m³: whole đồng or with 2 decimals. */
const price = fc.oneof(
	fc.integer({ min: 0, max: 60000 }),
	fc.integer({ min: 0, max: 6000000 }).map((c) => c / 100)
);
const rate = fc.constantFrom(0, 0.05, 0.08, 0.1, 0.15, 0.3, 0.105);

const tiered = fc
	.tuple(
		fc.constantFrom('household', 'person'),
		fc.uniqueArray(fc.integer({ min: 1, max: 400 }), { minLength: 0, maxLength: 4 }),
		fc.array(price, { minLength: 5, maxLength: 5 })
	)
	.map(([basis, bounds, prices]) => {
		// Bounds in tenths of m³ per unit, sorted; the last block is open.
		const upTos = [...bounds].sort((a, b) => a - b).map((b) => b / 10);
		const blocks = [...upTos, null].map((upTo, i) => ({ upTo, price: prices[i] }));
		return { basis, blocks };
	});
const flat = price.map((p) => ({ basis: 'flat', price: p }));

const charges = fc.oneof(
	fc.constant([]),
	rate.map((r) => [{ type: 'envFee', rate: r }]),
	fc.tuple(rate, rate).map(([r, v]) => [{ type: 'drainage', rate: r, vatRate: v }]),
	fc.tuple(rate, rate).map(([r, v]) => [
		{ type: 'envFee', rate: r, categories: ['SH'] },
		{ type: 'drainage', rate: 0.3, vatRate: v, categories: ['KD'] }
	])
);

const DAY_MS = 86_400_000;
const date = (offset: number) =>
	new Date(Date.UTC(2024, 0, 1) + offset * DAY_MS).toISOString().slice(0, 10);

/** 1–3 schedules: the first from 2023, the others starting inside 2024 at distinct days. */
const schedules = fc
	.tuple(
		fc.array(fc.tuple(fc.oneof(tiered, flat), rate, charges), { minLength: 1, maxLength: 3 }),
		fc.uniqueArray(fc.integer({ min: 0, max: 120 }), { minLength: 2, maxLength: 2 })
	)
	.map(([bodies, offsets]) =>
		bodies.map(([category, vatRate, chargeList], i) => ({
			id: `S${i}`,
			effectiveFrom: i === 0 ? '2023-01-01' : date(offsets[i - 1]),
			vatRate,
			categories: { SH: category, KD: { basis: 'flat', price: 21300 } },
			charges: chargeList
		}))
	);

const baseCase = fc.record({
	schedules,
	customer: fc.record({
		category: fc.constantFrom('SH', 'KD'),
		households: fc.integer({ min: 1, max: 6 }),
		persons: fc.integer({ min: 0, max: 12 })
	}),
	start: fc.integer({ min: 0, max: 100 }),
	length: fc.integer({ min: 1, max: 62 })
});

/** m³ with up to 3 decimals. */
const m3 = fc.integer({ min: 0, max: 300000 }).map((thousandths) => thousandths / 1000);

type Base = { schedules: unknown[]; customer: object; start: number; length: number };

function caseOf(base: Base, consumption: number): Record<string, unknown> {
	return {
		schedules: base.schedules,
		customer: base.customer,
		previousReadingOn: date(base.start),
		currentReadingOn: date(base.start + base.length),
		consumption
	};
}

const AMOUNTS = ['water', 'vat', 'envFee', 'drainage', 'drainageVat', 'total'] as const;

describe('quote properties', () => {
	it('is non-decreasing in consumption, amount by amount', () => {
		fc.assert(
			fc.property(baseCase, m3, m3, (base, a, b) => {
				const [low, high] = a <= b ? [a, b] : [b, a];
				const lower = quote(caseOf(base, low));
				const higher = quote(caseOf(base, high));
				for (const key of AMOUNTS) expect(lower[key]).toBeLessThanOrEqual(higher[key]);
			})
		);
	});

	it('water is the lines’ exact shares summed, then rounded half-up once', () => {
		fc.assert(
			fc.property(baseCase, m3, (base, consumption) => {
				const result = quote(caseOf(base, consumption));
				const exact = q.sum(result.lines.map((line) => q.parseFraction(line.shareExact)));
				expect(Number(q.roundHalfUp(exact))).toBe(result.water);
				for (const line of result.lines) {
					// amount = m3 × price; share = amount × days / periodDays, all exact.
					const amount = q.mul(q.fromNumber(line.m3), q.fromNumber(line.price));
					expect(q.fromNumber(line.amount)).toEqual(amount);
					const share = q.mul(amount, q.rational(BigInt(line.days), BigInt(line.periodDays)));
					expect(line.shareExact).toBe(q.toFraction(share));
				}
			})
		);
	});

	it('each schedule’s lines cover the whole consumption and the period’s days add up', () => {
		fc.assert(
			fc.property(baseCase, m3, (base, consumption) => {
				const { lines } = quote(caseOf(base, consumption));
				const bySchedule = Map.groupBy(lines, (line) => line.scheduleId);
				let days = 0;
				for (const group of bySchedule.values()) {
					expect(q.sum(group.map((line) => q.fromNumber(line.m3)))).toEqual(
						q.fromNumber(consumption)
					);
					days += group[0].days;
				}
				expect(days).toBe(base.length);
			})
		);
	});

	it('total = water + vat + envFee + drainage + drainageVat, all whole đồng', () => {
		fc.assert(
			fc.property(baseCase, m3, (base, consumption) => {
				const r = quote(caseOf(base, consumption));
				for (const key of AMOUNTS) expect(Number.isSafeInteger(r[key])).toBe(true);
				expect(r.total).toBe(r.water + r.vat + r.envFee + r.drainage + r.drainageVat);
			})
		);
	});

	it('readings across a rollover bill the same as the consumption they imply', () => {
		// Previous indexes in thousandths of m³ on a 4-digit dial, often close to the top.
		const previousIndex = fc.oneof(
			fc.integer({ min: 0, max: 9_999_999 }),
			fc.integer({ min: 9_700_000, max: 9_999_999 })
		);
		fc.assert(
			fc.property(baseCase, m3, previousIndex, (base, consumption, thousandths) => {
				const digits = 4;
				const previous = thousandths / 1000;
				// consumption ≤ 300 m³, so the dial turns at most once.
				const next = q.add(q.fromNumber(previous), q.fromNumber(consumption));
				const dial = q.fromInteger(10_000);
				const current = q.toNumber(q.compare(next, dial) >= 0 ? q.sub(next, dial) : next);
				const byReadings = {
					...caseOf(base, 0),
					consumption: undefined,
					readings: { previous, current, digits }
				};
				expect(quote(byReadings)).toEqual(quote(caseOf(base, consumption)));
			})
		);
	});
});
