import * as v from 'valibot';
import type { SessionUser } from '../auth/auth.repository.ts';
import type { Database } from '../db/connection.ts';
import * as repo from './map.repository.ts';
import { encodeTile } from './tile-encoding.ts';

const coord = v.pipe(v.string(), v.regex(/^\d+$/, 'must be a whole number'), v.transform(Number));

export const tileParamsSchema = v.pipe(
	v.object({
		layer: v.picklist(['zones', 'master-meters', 'customers'], 'layer: unknown layer'),
		z: v.pipe(coord, v.maxValue(22, 'z: at most 22')),
		x: coord,
		y: coord
	}),
	v.check((t) => t.x < 2 ** t.z && t.y < 2 ** t.z, 'x, y: outside the tile grid for this zoom')
);

// Probed once per database handle: a PostGIS build does not change while the process runs.
const mvtSupport = new WeakMap<Database, Promise<boolean>>();

export async function tileFor(
	db: Database,
	user: SessionUser,
	params: v.InferOutput<typeof tileParamsSchema>
): Promise<Uint8Array> {
	const req = { ...params, routeIds: user.routeIds };
	if (!mvtSupport.has(db)) mvtSupport.set(db, repo.postgisHasMvt(db));
	if (await mvtSupport.get(db)) return repo.mvtTile(db, req);
	return encodeTile(repo.tileLayerNames[req.layer], await repo.tileFeatures(db, req), req);
}

export function summaryFor(db: Database, user: SessionUser) {
	return repo.mapSummary(db, user.routeIds);
}
