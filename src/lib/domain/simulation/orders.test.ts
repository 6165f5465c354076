import { describe, expect, it } from 'vitest';
import { Rng } from '../synthetic/prng.ts';
import { checkResult } from '../work-orders/results.ts';
import { canTransition, workOrderTypes } from '../work-orders/workflow.ts';
import { isActive, simulatedResult, stepsTo } from './orders.ts';

describe('carrying out an order', () => {
	it('accepts and sets off when assigned, starts on arrival, finishes on leaving', () => {
		expect(stepsTo('assigned', 'assigned')).toEqual(['accepted', 'en_route']);
		expect(stepsTo('en_route', 'arrived')).toEqual(['in_progress']);
		expect(stepsTo('in_progress', 'finished')).toEqual(['done']);
	});

	it('catches up from wherever the order was left', () => {
		expect(stepsTo('accepted', 'arrived')).toEqual(['en_route', 'in_progress']);
		expect(stepsTo('assigned', 'finished')).toEqual([
			'accepted',
			'en_route',
			'in_progress',
			'done'
		]);
	});

	it('does nothing past the milestone or off the happy path', () => {
		expect(stepsTo('in_progress', 'assigned')).toEqual([]);
		expect(stepsTo('failed', 'finished')).toEqual([]);
		expect(stepsTo('cancelled', 'assigned')).toEqual([]);
		expect(isActive('done')).toBe(false);
		expect(isActive('new')).toBe(false);
		expect(isActive('en_route')).toBe(true);
	});

	it('only asks for moves the workflow allows an assignee', () => {
		let status = 'assigned' as const as Parameters<typeof stepsTo>[0];
		for (const to of stepsTo('assigned', 'finished')) {
			expect(canTransition(status, to, 'assignee')).toBe(true);
			status = to;
		}
		expect(status).toBe('done');
	});
});

describe('simulated results', () => {
	it('are valid for every order type', () => {
		const rng = new Rng(5);
		for (const type of workOrderTypes)
			for (let i = 0; i < 50; i++) {
				const check = checkResult(type, simulatedResult(type, rng));
				expect(check, `${type}: ${JSON.stringify(check)}`).toMatchObject({ ok: true });
			}
	});
});
