import { describe, expect, it } from 'vitest';
import {
	assignment,
	canTransition,
	nextStatuses,
	transitionRefusal,
	workOrderStatuses
} from './workflow.ts';

describe('work order workflow', () => {
	it('lets the assignee carry the order from accepted to done or failed, one step at a time', () => {
		const path = ['assigned', 'accepted', 'en_route', 'in_progress', 'done'] as const;
		for (let i = 1; i < path.length; i++)
			expect(canTransition(path[i - 1], path[i], 'assignee')).toBe(true);
		expect(canTransition('in_progress', 'failed', 'assignee')).toBe(true);
		// No skipping ahead, no going back.
		expect(canTransition('assigned', 'in_progress', 'assignee')).toBe(false);
		expect(canTransition('accepted', 'done', 'assignee')).toBe(false);
		expect(canTransition('in_progress', 'en_route', 'assignee')).toBe(false);
	});

	it('keeps verification and cancellation for dispatchers', () => {
		expect(canTransition('done', 'verified', 'assignee')).toBe(false);
		expect(canTransition('done', 'verified', 'dispatcher')).toBe(true);
		expect(canTransition('failed', 'verified', 'dispatcher')).toBe(true);
		expect(canTransition('in_progress', 'cancelled', 'assignee')).toBe(false);
		expect(canTransition('assigned', 'accepted', 'dispatcher')).toBe(false);
		for (const s of workOrderStatuses)
			expect(canTransition(s, 'cancelled', 'dispatcher')).toBe(
				s !== 'verified' && s !== 'cancelled'
			);
	});

	it('refuses any move out of a final state, naming why', () => {
		expect(nextStatuses('verified', 'dispatcher')).toEqual([]);
		expect(nextStatuses('cancelled', 'assignee')).toEqual([]);
		expect(transitionRefusal('cancelled', 'new', 'dispatcher')).toEqual({
			reason: 'final',
			from: 'cancelled'
		});
		expect(transitionRefusal('new', 'done', 'assignee')).toMatchObject({ reason: 'not_allowed' });
		expect(transitionRefusal('in_progress', 'done', 'assignee')).toBeNull();
	});

	it('assigns, reassigns and unassigns only orders not yet started', () => {
		expect(assignment({ status: 'new', assignedTo: null }, 7)).toEqual({
			ok: true,
			status: 'assigned',
			changed: true
		});
		expect(assignment({ status: 'assigned', assignedTo: 7 }, 7)).toMatchObject({ changed: false });
		// A reassigned accepted order must be accepted again by the new assignee.
		expect(assignment({ status: 'accepted', assignedTo: 7 }, 8)).toMatchObject({
			ok: true,
			status: 'assigned'
		});
		expect(assignment({ status: 'assigned', assignedTo: 7 }, null)).toEqual({
			ok: true,
			status: 'new',
			changed: true
		});
		expect(assignment({ status: 'in_progress', assignedTo: 7 }, 8).ok).toBe(false);
		expect(assignment({ status: 'done', assignedTo: 7 }, null).ok).toBe(false);
		expect(assignment({ status: 'cancelled', assignedTo: null }, 8).ok).toBe(false);
	});
});
