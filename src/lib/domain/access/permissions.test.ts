import { describe, expect, it } from 'vitest';
import {
	accessForRoute,
	actionForRequest,
	can,
	defaultPermissions,
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

describe('accessForRoute', () => {
	it('guards routes by their SvelteKit route id, groups ignored', () => {
		expect(accessForRoute('/(app)/admin')).toEqual({ kind: 'module', module: 'admin' });
		expect(accessForRoute('/tiles/[layer]/[z]/[x]/[y].mvt')).toEqual({
			kind: 'module',
			module: 'map'
		});
		expect(accessForRoute('/(app)/billing/[period]')).toEqual({
			kind: 'module',
			module: 'billing'
		});
	});

	it('treats the map home page as the map module', () => {
		expect(accessForRoute('/(app)')).toEqual({ kind: 'module', module: 'map' });
	});

	it('lets only sign-in and language through without a session', () => {
		expect(accessForRoute('/login')).toEqual({ kind: 'public' });
		expect(accessForRoute('/lang')).toEqual({ kind: 'public' });
		expect(accessForRoute('/logout')).toEqual({ kind: 'session' });
		expect(accessForRoute('/(app)/start')).toEqual({ kind: 'session' });
	});

	it('refuses a route nobody listed, and look-alike names', () => {
		expect(accessForRoute('/(app)/secret-report')).toEqual({ kind: 'unlisted' });
		expect(accessForRoute('/administrator')).toEqual({ kind: 'unlisted' });
		expect(accessForRoute(null)).toEqual({ kind: 'no_route' });
	});
});

describe('actionForRequest', () => {
	it('needs access to read and delete for HTTP DELETE', () => {
		expect(actionForRequest('GET', null)).toBe('access');
		expect(actionForRequest('DELETE', null)).toBe('delete');
	});

	it('takes the right from the form action name', () => {
		expect(actionForRequest('POST', 'createUser')).toBe('create');
		expect(actionForRequest('POST', 'deleteCustomers')).toBe('delete');
		expect(actionForRequest('POST', 'exportSelection')).toBe('export');
		expect(actionForRequest('POST', 'updateUser')).toBe('edit');
		expect(actionForRequest('POST', null)).toBe('edit');
	});
});
