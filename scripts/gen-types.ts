// Regenerates src/lib/server/db/types.gen.ts from the migrations: `npm run db:types`.
// With --verify, exits non-zero when the committed file is stale (CI runs this through tests).
import { generateTypes } from '../src/lib/server/db/codegen.ts';

const verify = process.argv.includes('--verify');
const { stale } = await generateTypes({ verify });
if (verify && stale) {
	console.error('types.gen.ts is stale: run `npm run db:types` and commit the result');
	process.exit(1);
}
console.log(verify ? 'types.gen.ts is up to date' : 'wrote src/lib/server/db/types.gen.ts');
