import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

// The payments module opens on its first tab.
export const load: PageServerLoad = () => redirect(303, '/payments/record');
