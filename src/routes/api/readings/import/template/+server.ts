import { getDb } from '#lib/server/db/connection.ts';
import { writtenResponse } from '#lib/server/import/downloads.ts';
import { todayVn } from '#lib/server/readings/import/readings.kind.ts';
import {
	READINGS_TEMPLATE_FILE_NAME,
	writeReadingsTemplate
} from '#lib/server/readings/import/template.ts';
import type { RequestHandler } from './$types';

/** The readings template, its example row a customer of the user's routes. */
export const GET: RequestHandler = async ({ locals }) =>
	writtenResponse(READINGS_TEMPLATE_FILE_NAME, (out) =>
		writeReadingsTemplate(getDb(), locals.user!, out, todayVn())
	);
