import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';

export default ts.config(
	{
		ignores: [
			'build/',
			'.svelte-kit/',
			'.tools/',
			'data/',
			'node_modules/',
			'src/lib/paraglide/',
			'src/lib/server/db/types.gen.ts',
			'test-results/',
			'playwright-report/',
			'tests/db/.tmp-*/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	{ languageOptions: { globals: { ...globals.browser, ...globals.node } } },
	{
		files: ['**/*.svelte', '**/*.svelte.ts'],
		languageOptions: {
			parserOptions: { projectService: true, extraFileExtensions: ['.svelte'], parser: ts.parser }
		}
	},
	{
		rules: {
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
			],
			// Links are built with resolve() where it matters; plain hrefs are fine for the shell.
			'svelte/no-navigation-without-resolve': 'off'
		}
	},
	{
		// Domain code stays pure: no database, no SvelteKit, no server modules.
		files: ['src/lib/domain/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{ patterns: ['kysely', 'postgres', '$app/*', '$env/*', '#lib/server/*', '*/server/*'] }
			]
		}
	}
);
