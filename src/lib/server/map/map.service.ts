import * as v from 'valibot';
import type { SessionUser } from '../auth/auth.repository.ts';
import type { Database } from '../db/connection.ts';
import * as repo from './map.repository.ts';

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

export function tileFor(
	db: Database,
	user: SessionUser,
	params: v.InferOutput<typeof tileParamsSchema>
) {
	return repo.tile(db, { ...params, routeIds: user.routeIds });
}

export function summaryFor(db: Database, user: SessionUser) {
	return repo.mapSummary(db, user.routeIds);
}
