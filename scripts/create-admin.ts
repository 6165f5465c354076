// Creates the first administrator of a production installation:
//   WATERLINE_ADMIN_PASSWORD='…' npm run create-admin -- --username admin --name "Nguyễn Văn A"
// The password comes from the environment or standard input, never from the command line
// (which other users of the machine can read). Nothing ships with a default password.
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import * as v from 'valibot';
import {
	AdminInputError,
	createStaff,
	newStaffSchema
} from '../src/lib/server/admin/admin.service.ts';
import { bootstrap, fatal } from '../server/bootstrap.ts';

const { values } = parseArgs({
	options: { username: { type: 'string' }, name: { type: 'string' } }
});

async function readPassword(): Promise<string> {
	if (process.env.WATERLINE_ADMIN_PASSWORD) return process.env.WATERLINE_ADMIN_PASSWORD;
	const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: false });
	process.stderr.write('Password (at least 10 characters): ');
	const answer = await rl.question('');
	rl.close();
	return answer.trim();
}

const input = v.safeParse(newStaffSchema, {
	username: values.username ?? '',
	fullName: values.name ?? '',
	role: 'admin',
	password: await readPassword()
});
if (!input.success) fatal(new Error(input.issues.map((i) => i.message).join('; ')));

const runtime = await bootstrap().catch(fatal);
try {
	const id = await createStaff(runtime.db, null, input.output);
	console.log(`created administrator ${input.output.username} (id ${id})`);
} catch (error) {
	if (error instanceof AdminInputError) console.error(error.message);
	else console.error(error);
	process.exitCode = 1;
} finally {
	await runtime.shutdown();
}
