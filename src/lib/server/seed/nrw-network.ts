import type postgres from 'postgres';

/**
 * The demo zones' network data for UARL / ILI, derived from each zone's connections so it
 * scales with the register: 35–89 connections per km of main, 3–7 m of service pipe per
 * connection, 18–42 m of average pressure (a few zones below 25 m, as in Huế's hilly edges,
 * so the validity warning has real cases). Deterministic by zone id; rates keep their
 * defaults (2% meter under-registration, 0.25% unauthorized, 1.25% flushing).
 */
export async function seedZoneNetwork(tx: postgres.TransactionSql): Promise<void> {
	await tx`
		insert into zone_nrw_settings (zone_id, mains_length_km, service_length_km, avg_pressure_m)
		select z.id,
			greatest(round(coalesce(n.connections, 0)::numeric / (35 + (z.id * 37) % 55), 3), 0.5),
			round(coalesce(n.connections, 0) * (3 + (z.id * 13) % 5) / 1000.0, 3),
			18 + (z.id * 7) % 25
		from zone z
		left join (select zone_id, count(*) as connections from customer
			where status = 'active' group by zone_id) n on n.zone_id = z.id
		on conflict (zone_id) do nothing`;
}
