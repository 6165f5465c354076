/**
 * The one tariff function (contract: ../shared/domain/tariff.md). The billing engine, the UI's
 * quote tool and `npm run tariff -- quote` all call it. Arithmetic is exact (BigInt
 * rationals) up to the named rounding points, where it rounds half-up to whole VND:
 * water, then vat, envFee, drainage and drainageVat from the rounded water.
 */
import { dayNumber } from './days.ts';
import * as q from './rational.ts';
import type { Rational } from './rational.ts';
import { parseTariffCase, type Category, type Schedule, type TariffCase } from './tariff.schema.ts';

/**
 * One block of one schedule in force during the period, so a clerk can explain a bill.
 * Σ shareExact over all lines = the water amount before rounding; water = round(Σ shareExact).
 */
export interface QuoteLine {
	scheduleId: string;
	effectiveFrom: string;
	/** Days of the period under this schedule (d_v) and days in the period (D). */
	days: number;
	periodDays: number;
	basis: 'household' | 'person' | 'flat';
	/** households or persons scaling the block bounds; null under the flat basis. */
	units: number | null;
	/** 1-based block number; the flat basis has one block. */
	block: number;
	/** The block's bounds for this customer in m³ (upTo × units); to = null when open. */
	from: number;
	to: number | null;
	/** m³ of the consumption falling in this block. */
	m3: number;
	/** VND per m³ (before VAT). */
	price: number;
	/** m3 × price in VND, exact, not rounded (a whole month at this schedule's price). */
	amount: number;
	/** amount × days / periodDays in VND: this line's part of the water amount, for display. */
	share: number;
	/** The same share as an exact fraction "numerator/denominator" (or an integer). */
	shareExact: string;
}

export interface Quote {
	water: number;
	vat: number;
	envFee: number;
	drainage: number;
	drainageVat: number;
	total: number;
	lines: QuoteLine[];
}

/** The m³ billed: consumption, or the index difference with a dial rollover. */
export function consumedM3(c: TariffCase): Rational {
	if (!c.readings) return q.fromNumber(c.consumption!);
	const { previous, current, digits } = c.readings;
	const difference = q.sub(q.fromNumber(current), q.fromNumber(previous));
	if (q.compare(difference, q.ZERO) >= 0) return difference;
	return q.add(difference, q.fromInteger(BigInt(10) ** BigInt(digits)));
}

interface Segment {
	schedule: Schedule;
	days: number;
}

/** Days of (previous, current] under each schedule: the greatest effectiveFrom ≤ the day. */
function segments(c: TariffCase): { periodDays: number; parts: Segment[] } {
	const previous = dayNumber(c.previousReadingOn)!;
	const current = dayNumber(c.currentReadingOn)!;
	const dated = c.schedules
		.map((schedule) => ({ schedule, from: dayNumber(schedule.effectiveFrom)! }))
		.sort((a, b) => a.from - b.from);
	const parts: Segment[] = [];
	dated.forEach(({ schedule, from }, i) => {
		const until = i + 1 < dated.length ? dated[i + 1].from - 1 : current;
		const days = Math.min(until, current) - Math.max(from, previous + 1) + 1;
		if (days > 0) parts.push({ schedule, days });
	});
	return { periodDays: current - previous, parts };
}

interface BlockAmount {
	block: number;
	from: Rational;
	to: Rational | null;
	m3: Rational;
	price: Rational;
	amount: Rational;
}

/** f_v(q) block by block: the part of q above the previous bound and below this one. */
export function blockAmounts(category: Category, units: number, m3: Rational): BlockAmount[] {
	if (category.basis === 'flat') {
		const price = q.fromNumber(category.price);
		return [{ block: 1, from: q.ZERO, to: null, m3, price, amount: q.mul(m3, price) }];
	}
	const scale = q.fromInteger(units);
	let lower = q.ZERO;
	return category.blocks.map((block, i) => {
		const to = block.upTo === null ? null : q.mul(q.fromNumber(block.upTo), scale);
		const upper = to === null ? m3 : q.min(m3, to);
		const inBlock = q.max(q.sub(upper, lower), q.ZERO);
		const price = q.fromNumber(block.price);
		const line = {
			block: i + 1,
			from: lower,
			to,
			m3: inBlock,
			price,
			amount: q.mul(inBlock, price)
		};
		if (to !== null) lower = q.max(lower, to);
		return line;
	});
}

const round = (x: Rational) => q.roundHalfUp(x);

/** A VND amount at a rounding point: rate × base, half-up. */
function charged(rate: number, base: bigint): bigint {
	return round(q.mul(q.fromNumber(rate), q.fromInteger(base)));
}

/** Quotes a case that parseTariffCase already accepted. */
export function quoteParsed(c: TariffCase): Quote {
	const m3 = consumedM3(c);
	const { periodDays, parts } = segments(c);
	const { category: code, households, persons } = c.customer;
	const lines: QuoteLine[] = [];
	let exactWater = q.ZERO;
	for (const { schedule, days } of parts) {
		const category = schedule.categories[code];
		const units = category.basis === 'household' ? households : persons;
		const weight = q.rational(BigInt(days), BigInt(periodDays));
		for (const part of blockAmounts(category, units, m3)) {
			const share = q.mul(part.amount, weight);
			exactWater = q.add(exactWater, share);
			lines.push({
				scheduleId: schedule.id,
				effectiveFrom: schedule.effectiveFrom,
				days,
				periodDays,
				basis: category.basis,
				units: category.basis === 'flat' ? null : units,
				block: part.block,
				from: q.toNumber(part.from),
				to: part.to === null ? null : q.toNumber(part.to),
				m3: q.toNumber(part.m3),
				price: q.toNumber(part.price),
				amount: q.toNumber(part.amount),
				share: Number(q.toNumber(share).toFixed(4)),
				shareExact: q.toFraction(share)
			});
		}
	}
	const water = round(exactWater);
	// Rates come from the schedule in force on currentReadingOn: the last segment's.
	const closing = parts[parts.length - 1].schedule;
	const vat = charged(closing.vatRate, water);
	let envFee = BigInt(0);
	let drainage = BigInt(0);
	let drainageVat = BigInt(0);
	for (const charge of closing.charges) {
		if (charge.categories && !charge.categories.includes(code)) continue;
		if (charge.type === 'envFee') envFee += charged(charge.rate, water);
		else {
			const fee = charged(charge.rate, water);
			drainage += fee;
			drainageVat += charged(charge.vatRate ?? 0, fee);
		}
	}
	const total = water + vat + envFee + drainage + drainageVat;
	return {
		water: Number(water),
		vat: Number(vat),
		envFee: Number(envFee),
		drainage: Number(drainage),
		drainageVat: Number(drainageVat),
		total: Number(total),
		lines
	};
}

/** Validates a case (TariffCaseError names the field) and quotes it. */
export function quote(input: unknown): Quote {
	return quoteParsed(parseTariffCase(input));
}
