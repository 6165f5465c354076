import type { Page } from '@playwright/test';

/** The demo users' shared password (npm run demo; the e2e server seeds the same users). */
export const demoPassword = 'waterline-demo';

/** Signs in through the login form and waits until the page it lands on is interactive. */
export async function login(page: Page, username: string, next: string) {
	await page.goto(`/login?next=${encodeURIComponent(next)}`);
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	await page.getByLabel('Tên đăng nhập').fill(username);
	await page.getByLabel('Mật khẩu').fill(demoPassword);
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await page.waitForURL((url) => !url.pathname.startsWith('/login'));
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
}
