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

/**
 * Running the reading cycle (opening, closing and locking periods, the schedule, the anomaly
 * rules, reviewing and correcting what readers brought back) is the billing side's duty: it
 * needs readings.edit and billing.edit. Readers have readings.edit only to enter readings.
 */
export function canManageReadings(matrix: PermissionMatrix): boolean {
	return can(matrix, 'readings', 'edit') && can(matrix, 'billing', 'edit');
}

/**
 * What a request needs, decided on SvelteKit's route id (the router's own, decoded choice
 * of route), never on the raw path: an encoded path such as /%61dmin resolves to the admin
 * route and is guarded as such. Route groups like (app) are ignored. A route not listed here
 * is refused (fail closed), so a new page cannot be reachable by accident.
 */
export type RouteAccess =
	| { kind: 'public' }
	| { kind: 'session' }
	| { kind: 'module'; module: Module }
	| { kind: 'no_route' }
	| { kind: 'unlisted' };

const publicRoutes = new Set(['/login', '/lang']);
const sessionRoutes = new Set(['/logout', '/start']);
const routeModules: [RegExp, Module][] = [
	[/^\/$/, 'map'],
	[/^\/(api\/)?admin(\/|$)/, 'admin'],
	[/^\/(tiles|api\/map)(\/|$)/, 'map'],
	[/^\/(api\/)?customers(\/|$)/, 'customers'],
	// Contracts and attachments (of customers and contracts) belong to the register.
	[/^\/(api\/)?(contracts|attachments)(\/|$)/, 'customers'],
	[/^\/(api\/)?meters(\/|$)/, 'meters'],
	[/^\/(api\/)?routes(\/|$)/, 'routes'],
	[/^\/(api\/)?work-orders(\/|$)/, 'work_orders'],
	// The field reading app (/field/read) and its API belong to readings; the rest of the field
	// view (mobile PWA) is the user's own work orders.
	[/^\/(api\/)?field\/read(\/|$)/, 'readings'],
	[/^\/(api\/)?field(\/|$)/, 'work_orders'],
	[/^\/(api\/)?tracking(\/|$)/, 'tracking'],
	[/^\/(api\/)?readings(\/|$)/, 'readings'],
	[/^\/(api\/)?billing(\/|$)/, 'billing'],
	[/^\/(api\/)?payments(\/|$)/, 'payments'],
	[/^\/(api\/)?nrw(\/|$)/, 'nrw']
];

export function accessForRoute(routeId: string | null): RouteAccess {
	if (routeId === null) return { kind: 'no_route' };
	const path = routeId.replace(/\/\([^)]*\)/g, '') || '/';
	if (publicRoutes.has(path)) return { kind: 'public' };
	if (sessionRoutes.has(path)) return { kind: 'session' };
	for (const [pattern, module] of routeModules)
		if (pattern.test(path)) return { kind: 'module', module };
	return { kind: 'unlisted' };
}

/**
 * The action a request needs on its module. Reads need access. A form action needs the right
 * its name begins with (createUser → create, deleteCustomers → delete, export…, print…);
 * other writes need edit, and HTTP DELETE needs delete.
 *
 * JSON endpoints (route ids under /api/) are named by their last path segment instead: one
 * ending in /export needs export whatever the method (a spreadsheet leaves the building), and
 * a POST to one ending in /query only reads (its body is too large for a query string), so
 * it needs access.
 */
export function actionForRequest(
	method: string,
	formAction: string | null,
	routeId: string | null = null
): Action {
	const m = method.toUpperCase();
	const path = (routeId ?? '').replace(/\/\([^)]*\)/g, '');
	if (formAction === null && path.startsWith('/api/')) {
		const last = path.slice(path.lastIndexOf('/') + 1);
		if (last === 'export') return 'export';
		if (last === 'query' && m === 'POST') return 'access';
	}
	if (m === 'GET' || m === 'HEAD' || m === 'OPTIONS') return 'access';
	if (m === 'DELETE') return 'delete';
	const verb = /^(create|delete|print|export)/.exec(formAction ?? '')?.[1] as Action | undefined;
	return verb ?? 'edit';
}
