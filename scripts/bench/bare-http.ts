// A reference for what HTTP itself costs: a bare node:http server in its own process that
// answers GET /?bytes=N with N bytes, fetched by the same client as the endpoint. Endpoint time
// minus (SQL floor + this) is what the console itself adds per tile: cookie check, guard,
// validation, cache and ETag.
import { spawn, type ChildProcess } from 'node:child_process';

const serverSource = `
const http = require('node:http');
const server = http.createServer((req, res) => {
	const bytes = Number(new URL(req.url, 'http://x').searchParams.get('bytes')) || 0;
	res.writeHead(200, { 'content-type': 'application/vnd.mapbox-vector-tile' });
	res.end(Buffer.alloc(bytes));
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

export interface BareHttp {
	origin: string;
	stop(): void;
}

export function startBareHttp(): Promise<BareHttp> {
	const child: ChildProcess = spawn(process.execPath, ['-e', serverSource], {
		stdio: ['ignore', 'pipe', 'inherit']
	});
	return new Promise((resolve, reject) => {
		child.once('error', reject);
		child.stdout!.once('data', (chunk: Buffer) =>
			resolve({
				origin: `http://127.0.0.1:${chunk.toString().trim()}`,
				stop: () => child.kill('SIGTERM')
			})
		);
	});
}

/** Wall-clock ms for one GET of `bytes` bytes, body read, as fetchTile times the endpoint. */
export async function bareRoundTrip(origin: string, bytes: number): Promise<number> {
	const started = performance.now();
	const response = await fetch(`${origin}/?bytes=${bytes}`);
	await response.arrayBuffer();
	return performance.now() - started;
}
