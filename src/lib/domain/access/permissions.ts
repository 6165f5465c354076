/**
 * Roles, modules and actions, and the default permission matrix a new installation starts
 * with. Admins edit the matrix afterwards (role_permission table); this file only seeds it
 * and answers "may this role do that" for a loaded matrix.
 */
export const roles = [
	'admin',
	'dispatcher',
	'supervisor',
	'engineer',
	'billing_clerk',
	'cashier',
	'customer_service',
	'field'
] as const;
export type Role = (typeof roles)[number];

export const modules = [
	'map',
	'customers',
	'meters',
	'routes',
	'work_orders',
	'tracking',
	'readings',
	'billing',
	'payments',
	'nrw',
	'admin'
] as const;
export type Module = (typeof modules)[number];

export const actions = ['access', 'create', 'edit', 'delete', 'print', 'export'] as const;
export type Action = (typeof actions)[number];

export type ModulePermissions = Record<Action, boolean>;
export type PermissionMatrix = Partial<Record<Module, ModulePermissions>>;

/** Field and billing staff see only the routes they are scoped to. */
export const routeScopedRoles: readonly Role[] = ['field', 'billing_clerk'];

export const roleNames: Record<Role, { vi: string; en: string }> = {
	admin: { vi: 'Quản trị hệ thống', en: 'Administrator' },
	dispatcher: { vi: 'Điều phối', en: 'Dispatcher' },
	supervisor: { vi: 'Giám sát', en: 'Supervisor' },
	engineer: { vi: 'Kỹ sư thất thoát', en: 'Engineer' },
	billing_clerk: { vi: 'Nhân viên hóa đơn', en: 'Billing clerk' },
	cashier: { vi: 'Thu ngân', en: 'Cashier' },
	customer_service: { vi: 'Chăm sóc khách hàng', en: 'Customer service' },
	field: { vi: 'Nhân viên ghi chỉ số / kỹ thuật', en: 'Reader / technician' }
};

// Shorthand for the defaults below: a = access, c = create, e = edit, d = delete, p = print, x = export.
const defaults: Record<Role, Partial<Record<Module, string>>> = {
	admin: Object.fromEntries(modules.map((m) => [m, 'acedpx'])),
	dispatcher: {
		map: 'ax',
		customers: 'a',
		meters: 'a',
		routes: 'a',
		work_orders: 'acedpx',
		tracking: 'a'
	},
	supervisor: {
		map: 'ax',
		customers: 'a',
		routes: 'a',
		work_orders: 'aepx',
		tracking: 'apx',
		readings: 'a'
	},
	engineer: {
		map: 'ax',
		customers: 'ax',
		meters: 'ax',
		work_orders: 'ac',
		nrw: 'acepx',
		readings: 'ax'
	},
	billing_clerk: { map: 'a', customers: 'a', readings: 'aepx', billing: 'acepx', payments: 'a' },
	cashier: { customers: 'a', billing: 'ap', payments: 'acpx' },
	customer_service: {
		map: 'ax',
		customers: 'acedpx',
		meters: 'acepx',
		routes: 'aepx',
		work_orders: 'ac',
		readings: 'a',
		billing: 'a'
	},
	field: { work_orders: 'ae', readings: 'ace' }
};

const letters: Record<Action, string> = {
	access: 'a',
	create: 'c',
	edit: 'e',
	delete: 'd',
	print: 'p',
	export: 'x'
};

export function defaultPermissions(role: Role): PermissionMatrix {
	const matrix: PermissionMatrix = {};
	for (const [module, flags] of Object.entries(defaults[role]) as [Module, string][]) {
		matrix[module] = Object.fromEntries(
			actions.map((action) => [action, flags.includes(letters[action])])
		) as ModulePermissions;
	}
	return matrix;
}

export function can(matrix: PermissionMatrix, module: Module, action: Action = 'access'): boolean {
	const entry = matrix[module];
	return Boolean(entry?.access && entry[action]);
}

export function isRole(value: string): value is Role {
	return (roles as readonly string[]).includes(value);
}

/**
 * The module a request path belongs to, for the one server-side guard. Paths not listed
 * (the shell, sign-in, language, the user's own session) need only a signed-in user.
 */
const pathModules: [RegExp, Module][] = [
	[/^\/admin(\/|$)/, 'admin'],
	[/^\/api\/admin(\/|$)/, 'admin'],
	[/^\/(tiles|api\/map)(\/|$)/, 'map'],
	[/^\/(customers|api\/customers)(\/|$)/, 'customers'],
	[/^\/(meters|api\/meters)(\/|$)/, 'meters'],
	[/^\/(routes|api\/routes)(\/|$)/, 'routes'],
	[/^\/(work-orders|api\/work-orders)(\/|$)/, 'work_orders'],
	[/^\/(tracking|api\/tracking)(\/|$)/, 'tracking'],
	[/^\/(readings|api\/readings)(\/|$)/, 'readings'],
	[/^\/(billing|api\/billing)(\/|$)/, 'billing'],
	[/^\/(payments|api\/payments)(\/|$)/, 'payments'],
	[/^\/(nrw|api\/nrw)(\/|$)/, 'nrw']
];

export function moduleForPath(pathname: string): Module | null {
	for (const [pattern, module] of pathModules) if (pattern.test(pathname)) return module;
	return null;
}

/** The action an HTTP method needs on its module: reads need access, writes need edit or more. */
export function actionForMethod(method: string): Action {
	switch (method.toUpperCase()) {
		case 'GET':
		case 'HEAD':
		case 'OPTIONS':
			return 'access';
		case 'DELETE':
			return 'delete';
		default:
			return 'edit';
	}
}
