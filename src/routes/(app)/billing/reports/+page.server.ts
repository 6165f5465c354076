import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

// The reports tab opens on the billing summary; the query string (a period, a route) follows.
export const load: PageServerLoad = ({ url }) => {
	redirect(307, `/billing/reports/summary${url.search}`);
};
