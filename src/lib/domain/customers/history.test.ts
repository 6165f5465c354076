import { describe, expect, it } from 'vitest';
import { describeAudit } from './history.ts';
import { actionsFrom, nextStatus, statusChangeSchema } from './status-change.ts';
import * as v from 'valibot';

describe('describeAudit', () => {
	it('shows changed fields old → new with Vietnamese labels and values', () => {
		const e = describeAudit({
			entity: 'customer',
			action: 'update',
			oldValues: { phone: '0905123456', category: 'domestic' },
			newValues: { phone: '0914000111', category: 'business' }
		});
		expect(e).toEqual({
			kind: 'changed',
			title: 'Sửa thông tin khách hàng',
			details: [
				'Điện thoại: 0905123456 → 0914000111',
				'Đối tượng sử dụng: Sinh hoạt → Kinh doanh dịch vụ'
			]
		});
	});

	it('tells a payment method change and a route move apart', () => {
		expect(
			describeAudit({
				entity: 'customer',
				action: 'update',
				oldValues: { payment_method: 'cash' },
				newValues: { payment_method: 'bank_transfer', bank_account: '123456' }
			}).kind
		).toBe('payment');
		expect(
			describeAudit({
				entity: 'customer',
				action: 'move_route',
				oldValues: { route_id: 1, route: 'S01-001', route_seq: 10 },
				newValues: { route_id: 2, route: 'S06-001', route_seq: 30, customer_id: 5 }
			}).title
		).toBe('Chuyển sang tuyến S06-001');
	});

	it('renders status changes with reason and date, contracts, meters', () => {
		expect(
			describeAudit({
				entity: 'customer_status_change',
				action: 'create',
				oldValues: null,
				newValues: { action: 'suspend', reason: 'Khách đi vắng', effective_on: '2026-11-20' }
			})
		).toEqual({
			kind: 'status',
			title: 'Tạm ngưng từ ngày 20/11/2026',
			details: ['Lý do: Khách đi vắng']
		});
		expect(
			describeAudit({
				entity: 'contract',
				action: 'create',
				oldValues: null,
				newValues: { number: 'KH00000001/02', revision: 2 }
			}).title
		).toBe('Ký lại hợp đồng KH00000001/02');
		expect(
			describeAudit({
				entity: 'meter',
				action: 'install',
				oldValues: null,
				newValues: { serial: 'AB123' }
			}).title
		).toBe('Lắp đồng hồ AB123');
	});
});

describe('status changes', () => {
	it('allows only the transitions that make sense', () => {
		expect(actionsFrom('active')).toEqual(['suspend', 'cut_off']);
		expect(actionsFrom('suspended')).toEqual(['cut_off', 'reconnect']);
		expect(actionsFrom('cut_off')).toEqual(['reconnect']);
		expect(nextStatus('reconnect', 'active').ok).toBe(false);
		expect(nextStatus('suspend', 'active')).toEqual({ ok: true, to: 'suspended' });
	});

	it('requires a reason and a real date not more than a year ahead', () => {
		const s = statusChangeSchema('2026-11-23');
		expect(
			v.safeParse(s, { action: 'suspend', reason: ' ', effective_on: '2026-11-23' }).issues?.[0]
				.message
		).toMatch(/^reason: /);
		expect(
			v.safeParse(s, { action: 'suspend', reason: 'Đi vắng', effective_on: '' }).issues?.[0].message
		).toMatch(/^effective_on: /);
		expect(
			v.safeParse(s, { action: 'suspend', reason: 'Đi vắng', effective_on: '2028-01-01' }).success
		).toBe(false);
		expect(
			v.safeParse(s, { action: 'suspend', reason: 'Đi vắng', effective_on: '2026-11-30' }).success
		).toBe(true);
	});
});
