import { m } from '#lib/paraglide/messages.js';
import type { Module } from '#lib/domain/access/permissions.ts';

/** The console's menu, in order; a module may have several pages. href null: planned, not built yet ("sắp có"). */
export const navItems: { module: Module; label: () => string; href: string | null }[] = [
	{ module: 'map', label: m.nav_map, href: '/' },
	{ module: 'customers', label: m.nav_customers, href: '/customers' },
	{ module: 'customers', label: m.nav_contracts, href: '/contracts' },
	{ module: 'meters', label: m.nav_meters, href: '/meters' },
	{ module: 'routes', label: m.nav_routes, href: '/routes' },
	{ module: 'work_orders', label: m.nav_work_orders, href: '/work-orders' },
	{ module: 'tracking', label: m.nav_tracking, href: '/tracking' },
	{ module: 'readings', label: m.nav_readings, href: '/readings' },
	{ module: 'readings', label: m.nav_reading_review, href: '/readings/review' },
	{ module: 'billing', label: m.nav_billing, href: '/billing' },
	{ module: 'payments', label: m.nav_payments, href: '/payments/record' },
	{ module: 'nrw', label: m.nav_nrw, href: '/nrw' },
	{ module: 'admin', label: m.nav_admin, href: '/admin' }
];

/** The menu item a path belongs to: its own page or one below it (/customers/12/history). */
export function isCurrent(pathname: string, href: string): boolean {
	return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(href + '/');
}
