import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			// The locale lives in a cookie (set by the language switcher), then the browser, then vi.
			strategy: ['cookie', 'preferredLanguage', 'baseLocale']
		}),
		sveltekit({
			adapter: adapter({ out: 'build' }),
			// The service worker serves the field view only; its layout registers it (scope /field).
			serviceWorker: { register: false }
		})
	],
	worker: { format: 'es' },
	test: {
		projects: [
			{
				extends: true,
				worker: { format: 'es' },
				test: { name: 'unit', include: ['src/**/*.test.ts'], environment: 'node' }
			},
			{
				extends: true,
				worker: { format: 'es' },
				test: {
					name: 'db',
					include: ['tests/db/**/*.test.ts'],
					environment: 'node',
					testTimeout: 120_000,
					hookTimeout: 300_000,
					// Each file owns its own database; two at a time suits a 2-core machine.
					maxWorkers: 2
				}
			}
		]
	}
});
