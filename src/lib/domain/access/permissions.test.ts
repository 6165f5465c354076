import { describe, expect, it } from 'vitest';
import {
	actionForMethod,
	can,
	defaultPermissions,
	moduleForPath,
	roles,
	routeScopedRoles
} from './permissions.ts';

describe('default permissions', () => {
	it('gives the admin every action on every module', () => {
		const admin = defaultPermissions('admin');
		expect(can(admin, 'admin', 'delete')).toBe(true);
		expect(can(admin, 'billing', 'export')).toBe(true);
	});

	it('keeps the admin module to admins only', () => {
		for (const role of roles.filter((r) => r !== 'admin')) {
			expect(can(defaultPermissions(role), 'admin'), role).toBe(false);
		}
	});

	it('lets a dispatcher create work orders but not touch billing', () => {
		const dispatcher = defaultPermissions('dispatcher');
		expect(can(dispatcher, 'work_orders', 'create')).toBe(true);
		expect(can(dispatcher, 'billing')).toBe(false);
		expect(can(dispatcher, 'customers', 'delete')).toBe(false);
	});

	it('scopes field and billing staff to routes', () => {
		expect(routeScopedRoles).toContain('field');
		expect(routeScopedRoles).toContain('billing_clerk');
		expect(routeScopedRoles).not.toContain('dispatcher');
	});

	it('denies an action when access itself is off', () => {
		const matrix = {
			map: { access: false, create: true, edit: true, delete: true, print: true, export: true }
		};
		expect(can(matrix, 'map', 'export')).toBe(false);
	});
});

describe('moduleForPath', () => {
	it('maps pages, JSON endpoints and tiles to their module', () => {
		expect(moduleForPath('/admin/users')).toBe('admin');
		expect(moduleForPath('/api/admin/users/3')).toBe('admin');
		expect(moduleForPath('/tiles/customers/14/1/2.mvt')).toBe('map');
		expect(moduleForPath('/billing')).toBe('billing');
	});

	it('leaves the shell and look-alike paths alone', () => {
		expect(moduleForPath('/')).toBeNull();
		expect(moduleForPath('/administrator')).toBeNull();
	});

	it('needs edit for writes and delete for DELETE', () => {
		expect(actionForMethod('GET')).toBe('access');
		expect(actionForMethod('POST')).toBe('edit');
		expect(actionForMethod('DELETE')).toBe('delete');
	});
});
