import { expect, test } from '@playwright/test';
import { appDatabase } from './support/database.ts';
import { login } from './support/login.ts';

// Issue 8, leads: the engineer opens a zone's leads, turns a zero-consumption lead into an
// inspection order with one click, and sees its number on the row. The zone is found from
// the demo's data: one with an active customer whose two latest actual readings, up to the
// NRW screens' default month, are 0 m³.
test('an engineer creates an inspection order from a zero-consumption lead', async ({
	page,
	baseURL
}) => {
	const db = appDatabase(baseURL);
	try {
		const [zone] = await db<{ zone_id: number }[]>`
			with month as (
				select b.period_month as m
				from (select distinct period_month from nrw_balance) b
				join reading_period p on p.period_month = b.period_month and p.status <> 'open'
				join reading_period n on n.period_month = (b.period_month + interval '1 month')::date
					and n.status <> 'open'
				order by 1 desc limit 1
			),
			periods as (
				select id from reading_period, month where period_month <= month.m
				order by period_month desc limit 7
			)
			select c.zone_id from customer c
			cross join lateral (
				select array_agg(r.consumption_m3 order by p.period_month desc) as actual
				from reading r join reading_period p on p.id = r.period_id
				where r.customer_id = c.id and r.kind = 'actual' and r.period_id in (select id from periods)
			) h
			where c.status = 'active' and c.zone_id is not null and h.actual[1] = 0 and h.actual[2] = 0
			group by c.zone_id order by count(*) desc, c.zone_id limit 1`;
		expect(zone, 'the demo has a zero-consumption lead').toBeDefined();

		await login(page, 'kysu', `/nrw/zones/${zone.zone_id}/leads?kind=zero_consumption`);
		await expect(page.getByRole('heading', { name: /^Đầu mối thất thoát/ })).toBeVisible();
		await expect(page.getByTestId('nrwl-tab-zero_consumption')).toHaveAttribute(
			'aria-current',
			'page'
		);
		const row = page
			.getByTestId('nrwl-row')
			.filter({ has: page.getByRole('button', { name: 'Tạo lệnh kiểm tra' }) })
			.first();
		const code = (await row.getAttribute('data-customer'))!;
		const target = page.locator(`tr[data-customer="${code}"]`);
		await row.getByRole('button', { name: 'Tạo lệnh kiểm tra' }).click();

		await expect(target.getByText('Đã lập phiếu kiểm tra')).toBeVisible();
		const link = target.getByTestId('nrwl-order');
		await expect(link).toHaveText(/^PCT-\d{4}-\d{6,}$/);
		const number = (await link.textContent())!.trim();

		const orders = await db<{ id: string; type: string; nrw_lead: string; code: string }[]>`
			select w.id, w.type, w.nrw_lead, c.code from work_order w
			join customer c on c.id = w.customer_id where w.number = ${number}`;
		expect(orders).toEqual([
			{ id: expect.any(String), type: 'inspection', nrw_lead: 'zero_consumption', code }
		]);
		await expect(link).toHaveAttribute('href', `/work-orders/${orders[0].id}`);
	} finally {
		await db.end();
	}
});
