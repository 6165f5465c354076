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

	it('puts the field reading app under readings and the rest of the field view under work orders', () => {
		expect(accessForRoute('/field/read')).toEqual({ kind: 'module', module: 'readings' });
		expect(accessForRoute('/api/field/read/readings')).toEqual({
			kind: 'module',
			module: 'readings'
		});
		expect(accessForRoute('/field/reader')).toEqual({ kind: 'module', module: 'work_orders' });
		expect(accessForRoute('/field/[id]')).toEqual({ kind: 'module', module: 'work_orders' });
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

	it('lets the last segment of a JSON endpoint decide: export needs export, a POST query reads', () => {
		expect(actionForRequest('POST', null, '/api/map/selection/export')).toBe('export');
		expect(actionForRequest('GET', null, '/api/map/selection/export')).toBe('export');
		expect(actionForRequest('POST', null, '/api/map/selection/query')).toBe('access');
		expect(actionForRequest('GET', null, '/api/map/customers/[id]')).toBe('access');
		// Only POST is relaxed: other writes to a /query endpoint still need their own right.
		expect(actionForRequest('PUT', null, '/api/map/selection/query')).toBe('edit');
		expect(actionForRequest('DELETE', null, '/api/map/selection/query')).toBe('delete');
		expect(actionForRequest('POST', null, '/api/map/selection')).toBe('edit');
	});

	it('keeps page routes and form actions as they were', () => {
		expect(actionForRequest('POST', null, '/(app)/reports/query')).toBe('edit');
		expect(actionForRequest('POST', 'updateUser', '/(app)/admin/export')).toBe('edit');
		expect(actionForRequest('GET', null, '/(app)/billing/export')).toBe('access');
		expect(actionForRequest('POST', null, '/api/map/queryable')).toBe('edit');
	});

	it('gives dispatchers the map export and billing clerks only the map query', () => {
		const dispatcher = defaultPermissions('dispatcher');
		const clerk = defaultPermissions('billing_clerk');
		const exportAction = actionForRequest('POST', null, '/api/map/selection/export');
		const queryAction = actionForRequest('POST', null, '/api/map/selection/query');
		expect(can(dispatcher, 'map', exportAction)).toBe(true);
		expect(can(clerk, 'map', exportAction)).toBe(false);
		expect(can(clerk, 'map', queryAction)).toBe(true);
	});
});
