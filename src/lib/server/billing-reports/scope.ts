/**
 * Route scope and filters as SQL fragments shared by the report queries: a scoped viewer
 * (billing clerk) sees the rows of their routes only; routeIds null means every route.
 */
import { sql, type RawBuilder } from 'kysely';

export interface ReportScope {
	/** The viewer's routes; null when the viewer is not route-scoped. */
	routeIds: number[] | null;
	/** One route asked for in the filter. */
	routeId?: number;
}

/** `column` is in the viewer's scope and, when asked for, is the one route. */
export function routeFilter(column: RawBuilder<unknown>, scope: ReportScope): RawBuilder<boolean> {
	const parts: RawBuilder<boolean>[] = [sql<boolean>`true`];
	if (scope.routeIds) parts.push(sql<boolean>`${column} = any(${scope.routeIds}::int[])`);
	if (scope.routeId !== undefined) parts.push(sql<boolean>`${column} = ${scope.routeId}`);
	return sql<boolean>`(${sql.join(parts, sql` and `)})`;
}

/** The instant a calendar day (Asia/Ho_Chi_Minh) starts, for index-friendly range filters. */
export const dayStart = (day: string) =>
	sql<Date>`(${day}::date::timestamp at time zone 'Asia/Ho_Chi_Minh')`;

/** The instant after a calendar day (Asia/Ho_Chi_Minh) ends. */
export const dayEnd = (day: string) =>
	sql<Date>`((${day}::date + 1)::timestamp at time zone 'Asia/Ho_Chi_Minh')`;
