import { searchAllContracts } from '#lib/server/contracts/contracts.service.ts';
import { getDb } from '#lib/server/db/connection.ts';
import { loadError } from '#lib/server/meters/meters.http.ts';
import type { PageServerLoad } from './$types';

// customers.access is checked by the guard (contracts belong to the register); scope by the service.
export const load: PageServerLoad = async ({ url, locals }) =>
	searchAllContracts(getDb(), locals.user!, url.searchParams).catch(loadError);
