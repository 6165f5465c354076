import type postgres from 'postgres';
import { roles } from '../../domain/access/permissions.ts';
import { subscribeToMapChanges, type MapChangeFeed } from '../map/map-changes.ts';
import { publishLocal } from './publish.ts';

/**
 * Forwards the database's map-change notifications to connected screens as `map:changed`
 * { layer, xmin, ymin, xmax, ymax } (EPSG:3857 metres; no extent means the whole layer), so
 * open maps refetch the tiles that changed. Only the extent travels, never customer data, so
 * every signed-in role may hear it. After a lost connection, `layer: '*'` asks for a refetch.
 * Every app process LISTENs to the same channel, so each one tells only its own sockets.
 */
export function bridgeMapChanges(sql: postgres.Sql): Promise<MapChangeFeed> {
	const rooms = roles.map((role) => `role:${role}`);
	return subscribeToMapChanges(
		sql,
		({ layer, extent }) => {
			const ids: Record<string, string | number> = { layer };
			if (extent) [ids.xmin, ids.ymin, ids.xmax, ids.ymax] = extent;
			publishLocal(rooms, { type: 'map:changed', ids });
		},
		() => publishLocal(rooms, { type: 'map:changed', ids: { layer: '*' } })
	);
}
