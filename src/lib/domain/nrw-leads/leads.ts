/**
 * A customer's NRW leads and the m³ a month each puts at stake (an estimate, for ranking and
 * for the engineer to weigh; the basis says how it was reached).
 */
import {
	EVIDENCE_PERIODS,
	FLAT_LARGE_MIN_M3,
	FLAT_MIN_RUN,
	OVERDUE_UNDER_REGISTRATION,
	ZERO_MIN_RUN,
	actualMeanM3,
	flatRun,
	meanM3,
	suddenDrop,
	zeroRun,
	type History,
	type LeadKind
} from './rules.ts';

export interface Candidate {
	history: History;
	category: string;
	/** Active customers only can be zero, drop or flat leads (others are not supplied). */
	active: boolean;
	/** The meter in service's verification due date, 'YYYY-MM-DD'. */
	verificationDueOn: string | null;
}

export interface ZoneStats {
	/** Per customer category, the mean of active customers' actual use above 0, m³/month. */
	categoryMeanM3: Readonly<Record<string, number>>;
	/** The zone's top-2% threshold of mean use, m³/month; null when the zone has no use. */
	topShareM3: number | null;
}

/** How the m³ at stake was estimated (each has its explanation on screen). */
export type StakeBasis =
	| 'own_history' // zero: the customer's mean actual use before the meter stopped
	| 'category_mean' // zero: no use of its own on record: its category's mean in the zone
	| 'unknown' // zero: neither is known
	| 'shortfall' // drop: previous mean − latest
	| 'unmeasured' // flat: the copied figure, billed every month without a real reading
	| 'under_registration'; // overdue: OVERDUE_UNDER_REGISTRATION × mean use

export interface Lead {
	kind: LeadKind;
	stakeM3: number;
	basis: StakeBasis;
	/** The figures the explanation quotes (m³, periods, a share, a date). */
	run?: number;
	normalM3?: number;
	latestM3?: number;
	previousMeanM3?: number;
	previousCount?: number;
	valueM3?: number;
	meanM3?: number;
	share?: number;
	dueOn?: string;
}

/** The first day of the month after `month` ('YYYY-MM-01'). */
export function nextMonth(month: string): string {
	const [y, m] = month.split('-').map(Number);
	return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

/** Due before the end of the reference month: overdue by the time its readings are billed. */
export const verificationOverdue = (dueOn: string | null, month: string): boolean =>
	dueOn !== null && dueOn < nextMonth(month);

/** Large for flat_large: 50 m³/month or more, or in the zone's top 2% by mean use. */
export function isLarge(mean: number, zone: ZoneStats): boolean {
	return (
		mean >= FLAT_LARGE_MIN_M3 ||
		(zone.topShareM3 !== null && zone.topShareM3 > 0 && mean >= zone.topShareM3)
	);
}

const round = (m3: number) => Math.round(m3 * 10) / 10;

export function leadsOf(c: Candidate, zone: ZoneStats, month: string): Lead[] {
	const leads: Lead[] = [];
	if (c.active) {
		const zero = zeroRun(c.history);
		if (zero.run >= ZERO_MIN_RUN) {
			const category = zone.categoryMeanM3[c.category];
			const [basis, normal]: [StakeBasis, number] =
				zero.normalM3 !== null
					? ['own_history', zero.normalM3]
					: category !== undefined
						? ['category_mean', category]
						: ['unknown', 0];
			leads.push({
				kind: 'zero_consumption',
				stakeM3: round(normal),
				basis,
				run: zero.run,
				normalM3: round(normal)
			});
		}
		const drop = suddenDrop(c.history);
		if (drop)
			leads.push({
				kind: 'sudden_drop',
				stakeM3: round(drop.previousMeanM3 - drop.latestM3),
				basis: 'shortfall',
				latestM3: drop.latestM3,
				previousMeanM3: round(drop.previousMeanM3),
				previousCount: drop.previousCount
			});
		const flat = flatRun(c.history);
		const mean = meanM3(c.history);
		if (flat && flat.run >= FLAT_MIN_RUN && mean !== null && isLarge(mean, zone))
			leads.push({
				kind: 'flat_large',
				stakeM3: flat.valueM3,
				basis: 'unmeasured',
				valueM3: flat.valueM3,
				run: flat.run,
				meanM3: round(mean)
			});
	}
	if (verificationOverdue(c.verificationDueOn, month)) {
		const mean = actualMeanM3(c.history) ?? meanM3(c.history) ?? 0;
		leads.push({
			kind: 'verification_overdue',
			stakeM3: round(mean * OVERDUE_UNDER_REGISTRATION),
			basis: 'under_registration',
			meanM3: round(mean),
			share: OVERDUE_UNDER_REGISTRATION,
			dueOn: c.verificationDueOn!
		});
	}
	return leads;
}

/** The evidence shown with a lead: its last EVIDENCE_PERIODS periods, newest first. */
export const evidenceOf = (history: History): History => history.slice(0, EVIDENCE_PERIODS);
