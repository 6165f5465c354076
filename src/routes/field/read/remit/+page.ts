import type { PageLoad } from './$types';
import type { ReaderRemittance, RemitData } from './types.ts';

async function reasonOf(response: Response): Promise<string> {
	const body = (await response.json().catch(() => null)) as {
		error?: { reason?: string };
		message?: string;
	} | null;
	return body?.error?.reason ?? body?.message ?? `HTTP ${response.status}`;
}

/**
 * The reader's pending collections and past remittance lists, from the JSON API (the field
 * view renders in the browser only). Offline, the page says so instead of showing stale money.
 */
export const load: PageLoad = async ({ fetch, depends }) => {
	depends('app:collections');
	const headers = { accept: 'application/json' };
	try {
		const [collections, remittances] = await Promise.all([
			fetch('/api/field/read/collections', { headers }),
			fetch('/api/field/read/remittances', { headers })
		]);
		if (!collections.ok) return { data: null, error: await reasonOf(collections) };
		if (!remittances.ok) return { data: null, error: await reasonOf(remittances) };
		const list = (await remittances.json()) as { remittances: ReaderRemittance[] };
		const data: RemitData = {
			...((await collections.json()) as Omit<RemitData, 'remittances'>),
			remittances: list.remittances
		};
		return { data, error: null };
	} catch (err) {
		return { data: null, error: (err as Error).message };
	}
};
