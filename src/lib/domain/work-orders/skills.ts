/**
 * Skills (staff_skill.skill) an order type needs, and how well a staff member suits an order.
 * The suggestion score weighs skills first, then distance from the live position, then how
 * many open orders they already carry. Distances in metres.
 */
import type { WorkOrderType } from './workflow.ts';

export const skills = ['meter', 'pipe', 'inspection', 'reading'] as const;
export type Skill = (typeof skills)[number];

export const skillsForType: Record<WorkOrderType, readonly Skill[]> = {
	new_connection: ['pipe', 'meter'],
	meter_replacement: ['meter'],
	meter_verification: ['meter'],
	leak_repair: ['pipe'],
	complaint_investigation: ['inspection'],
	disconnection: ['meter'],
	reconnection: ['meter'],
	re_read: ['reading'],
	relocation: ['pipe', 'meter'],
	inspection: ['inspection']
};

export interface Candidate {
	staffId: number;
	distanceM: number;
	skills: readonly string[];
	openOrders: number;
}

/** Weights sum to 100: a perfect candidate (all skills, on the spot, free) scores 100. */
export const weights = { skill: 50, distance: 35, load: 15 } as const;
/** At this distance the distance part is worth half (metres). */
export const HALF_DISTANCE_M = 2_000;
/** At this many open orders the load part is worth half. */
export const HALF_LOAD = 3;

export function skillMatch(required: readonly Skill[], held: readonly string[]): number {
	if (required.length === 0) return 1;
	return required.filter((s) => held.includes(s)).length / required.length;
}

/** 0–100, higher is better, rounded to 0.1. */
export function suggestionScore(type: WorkOrderType, c: Candidate): number {
	const skill = skillMatch(skillsForType[type], c.skills);
	const distance = 1 / (1 + Math.max(0, c.distanceM) / HALF_DISTANCE_M);
	const load = 1 / (1 + Math.max(0, c.openOrders) / HALF_LOAD);
	const score = weights.skill * skill + weights.distance * distance + weights.load * load;
	return Math.round(score * 10) / 10;
}

/** Best first; ties go to the nearer, then the lower id (stable across calls). */
export function rankCandidates<C extends Candidate>(
	type: WorkOrderType,
	candidates: readonly C[],
	limit = 5
): (C & { score: number })[] {
	return candidates
		.map((c) => ({ ...c, score: suggestionScore(type, c) }))
		.sort((a, b) => b.score - a.score || a.distanceM - b.distanceM || a.staffId - b.staffId)
		.slice(0, limit);
}
