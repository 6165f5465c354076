// The floor of bench:billing: one set-based INSERT … SELECT that computes, inside PostgreSQL,
// the same bills the product makes (the same customers, interval, m³, tariff codes, blocks
// per household or person, proration by days, VAT and charges from the closing decision,
// half-up rounding at the same points) and writes them into a table of its own.
import type postgres from 'postgres';

export async function floorBilling(sql: postgres.Sql, periodId: number): Promise<void> {
	await sql`drop table if exists bench_floor_invoice`;
	await sql`create unlogged table bench_floor_invoice (customer_id int primary key, consumption_m3 numeric,
		water bigint, vat bigint, env_fee bigint, drainage bigint, drainage_vat bigint, total bigint)`;
	await sql`
	insert into bench_floor_invoice
	with period as (
		select p.id, p.period_month,
			(select pp.id from reading_period pp where pp.period_month = (p.period_month - interval '1 month')::date) as prev_id
		from reading_period p where p.id = ${periodId}
	), sched as (
		select id, effective_from, lead(effective_from) over (order by effective_from) as next_from,
			vat_rate, categories, charges
		from tariff_schedule
	), dated as (
		select c.id as customer_id, t.tariff_code as code,
			c.households, c.persons,
			greatest(0, r.consumption_m3 + coalesce((select sum(b.volume_m3) from back_billing b
				where b.customer_id = c.id and b.period_id = pe.id), 0) - r.credit_m3) as q,
			coalesce((r.read_at at time zone 'Asia/Ho_Chi_Minh')::date,
				(pe.period_month + interval '1 month' - interval '1 day')::date) as cur,
			coalesce((pr.read_at at time zone 'Asia/Ho_Chi_Minh')::date, pe.period_month - 1) as prev0,
			pe.period_month
		from period pe
		join reading r on r.period_id = pe.id
		join customer c on c.id = r.customer_id
		join customer_category_tariff t on t.customer_category = c.category
		left join reading pr on pr.period_id = pe.prev_id and pr.customer_id = c.id
		where c.route_id is not null and r.kind <> 'no_access' and r.consumption_m3 is not null
			and not exists (select 1 from invoice i where i.customer_id = c.id and i.period_id = pe.id
				and i.kind = 'regular' and i.status in ('issued', 'paid'))
	), base as (
		select d.*, case when d.prev0 >= d.cur then least(d.period_month - 1, d.cur - 1) else d.prev0 end as prev
		from dated d
	), seg as (
		select b.customer_id, b.code, b.households, b.persons, b.q, b.cur - b.prev as period_days,
			s.effective_from, s.vat_rate, s.charges, s.categories -> b.code as cat,
			least(coalesce(s.next_from - 1, b.cur), b.cur) - greatest(s.effective_from, b.prev + 1) + 1 as days,
			min(s.effective_from) over (partition by b.customer_id) as first_from, b.prev
		from base b join sched s on s.effective_from <= b.cur
			and (s.next_from is null or s.next_from > b.prev + 1)
	), priced as (
		select seg.*, case when cat ->> 'basis' = 'flat' then q * (cat ->> 'price')::numeric
			else (select sum(greatest(least(q, coalesce(bound, q)) - lower_bound, 0) * price)
				from (select (blk ->> 'price')::numeric as price,
						(blk ->> 'upTo')::numeric * units as bound,
						coalesce(lag((blk ->> 'upTo')::numeric) over (order by ord), 0) * units as lower_bound
					from jsonb_array_elements(cat -> 'blocks') with ordinality as e(blk, ord),
						lateral (select case when cat ->> 'basis' = 'household' then households else persons end as units) u
				) blocks)
			end as f
		from seg
	), water as (
		select customer_id, max(code) as code, max(q) as q,
			round(sum(days * f) / max(period_days)) as water,
			(array_agg(vat_rate order by effective_from desc))[1] as vat_rate,
			(array_agg(charges order by effective_from desc))[1] as charges
		from priced
		group by customer_id
		-- Skipped as the product skips them: a code a decision in force does not price, or no
		-- decision in force on the period's first day.
		having bool_and(cat is not null) and min(first_from) <= min(prev) + 1
	), charged as (
		select w.customer_id, w.q, w.water, round(w.vat_rate * w.water) as vat,
			coalesce((select sum(round((ch ->> 'rate')::numeric * w.water))
				from jsonb_array_elements(w.charges) ch where ch ->> 'type' = 'envFee'
				and (ch -> 'categories' is null or ch -> 'categories' ? w.code)), 0) as env_fee,
			coalesce((select sum(round((ch ->> 'rate')::numeric * w.water))
				from jsonb_array_elements(w.charges) ch where ch ->> 'type' = 'drainage'
				and (ch -> 'categories' is null or ch -> 'categories' ? w.code)), 0) as drainage,
			coalesce((select sum(round(coalesce((ch ->> 'vatRate')::numeric, 0) * round((ch ->> 'rate')::numeric * w.water)))
				from jsonb_array_elements(w.charges) ch where ch ->> 'type' = 'drainage'
				and (ch -> 'categories' is null or ch -> 'categories' ? w.code)), 0) as drainage_vat
		from water w
	)
	select customer_id, q, water, vat, env_fee, drainage, drainage_vat,
		water + vat + env_fee + drainage + drainage_vat
	from charged`;
}
