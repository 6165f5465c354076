// Debian's Chromium under Playwright, launched exactly as the e2e suite launches it (WebGL in
// software through SwiftShader), for benchmarks that measure what the map does in a browser.
import { chromium, type Browser, type BrowserContext } from '@playwright/test';
import playwrightConfig from '../../playwright.config.ts';
import type { Session } from './session.ts';

/** Same executable and flags as playwright.config.ts, so bench and tests see the same GPU path. */
export function launchChromium(): Promise<Browser> {
	const launch = playwrightConfig.use?.launchOptions ?? {};
	return chromium.launch({
		executablePath: launch.executablePath ?? '/usr/bin/chromium',
		args: launch.args ?? [],
		headless: true
	});
}

// A fixed window, so every page load draws the same number of pixels (software rendering
// costs grow with them).
export const viewport = { width: 1280, height: 800 };

/**
 * A fresh context (empty HTTP cache, no storage), optionally signed in. The bench's in-page
 * functions are compiled by tsx, which wraps named functions in `__name(...)`; the shim makes
 * that helper exist in the page too.
 */
export async function freshContext(
	browser: Browser,
	origin: string,
	session: Session | null
): Promise<BrowserContext> {
	const context = await browser.newContext({
		viewport,
		locale: 'vi-VN',
		timezoneId: 'Asia/Ho_Chi_Minh'
	});
	await context.addInitScript('globalThis.__name = (fn) => fn;');
	if (session)
		await context.addCookies([{ name: session.name, value: session.value, url: origin }]);
	return context;
}
