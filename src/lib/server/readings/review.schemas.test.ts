import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
	acceptSchema,
	backBillingSchema,
	correctSchema,
	reviewListSchema
} from './review.schemas.ts';

const issues = (schema: v.GenericSchema, input: unknown) =>
	v.safeParse(schema, input).issues?.map((i) => [v.getDotPath(i), i.message]) ?? [];

describe('review list query', () => {
	it('defaults every absent or empty filter', () => {
		expect(v.parse(reviewListSchema, {})).toEqual({ tab: 'flagged', page: 1 });
		expect(
			v.parse(reviewListSchema, { period: '', flag: '', route: '', reader: '', tab: 'reviewed' })
		).toEqual({ tab: 'reviewed', page: 1 });
		expect(
			v.parse(reviewListSchema, { period: '12', flag: 'rollback', route: '3', page: '2' })
		).toEqual({
			period: 12,
			flag: 'rollback',
			route: 3,
			tab: 'flagged',
			page: 2
		});
	});
	it('refuses an unknown flag, tab or page, naming the key', () => {
		expect(issues(reviewListSchema, { flag: 'weird' })[0][0]).toBe('flag');
		expect(issues(reviewListSchema, { tab: 'all' })[0][0]).toBe('tab');
		expect(issues(reviewListSchema, { page: '0' })[0][0]).toBe('page');
		expect(issues(reviewListSchema, { route: 'x' })[0][0]).toBe('route');
	});
});

describe('review forms', () => {
	it('needs a reason of at least 3 characters for a correction', () => {
		expect(issues(correctSchema, { currentIndex: '12', reason: ' a ' })[0]).toEqual([
			'reason',
			'bắt buộc nhập lý do (ít nhất 3 ký tự)'
		]);
		expect(
			v.parse(correctSchema, { currentIndex: ' ', previousIndex: '1,5', reason: 'sai số' })
		).toEqual({
			currentIndex: undefined,
			previousIndex: '1,5',
			reason: 'sai số'
		});
	});
	it('takes an accept without a note, and a correction of the previous index alone', () => {
		expect(v.parse(acceptSchema, {})).toEqual({});
		expect(v.parse(acceptSchema, { note: '' })).toEqual({ note: undefined });
		expect(v.parse(correctSchema, { previousIndex: '10', reason: 'sai số' })).toMatchObject({
			previousIndex: '10'
		});
	});
	it('reads back-billing m³ with a decimal comma and refuses zero or 4 decimals', () => {
		expect(v.parse(backBillingSchema, { volumeM3: '7,5', reason: 'chạy chậm' }).volumeM3).toBe(7.5);
		expect(issues(backBillingSchema, { volumeM3: '0', reason: 'chạy chậm' })[0][0]).toBe(
			'volumeM3'
		);
		expect(issues(backBillingSchema, { volumeM3: '1,2345', reason: 'chạy chậm' })[0][0]).toBe(
			'volumeM3'
		);
	});
});
