import adapter from '@sveltejs/adapter-node';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	kit: {
		adapter: adapter({ out: 'build' }),
		// Forms post from the same origin; SvelteKit's CSRF check stays on.
		alias: { $server: 'src/lib/server' }
	}
};

export default config;
