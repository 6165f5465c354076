import { fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { actions as permActions, modules } from '#lib/domain/access/permissions.ts';
import {
	AdminInputError,
	createStaff,
	listRolePermissions,
	listRoutesBrief,
	listStaff,
	newStaffSchema,
	permissionSchema,
	setPermission,
	staffUpdateSchema,
	updateStaff
} from '#lib/server/admin/admin.service.ts';
import { getDb } from '#lib/server/db/connection.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	const db = getDb();
	const [staff, routes, permissions] = await Promise.all([
		listStaff(db),
		listRoutesBrief(db),
		listRolePermissions(db)
	]);
	return { staff, routes, permissions, modules: [...modules] };
};

function invalid(action: string, issues: v.BaseIssue<unknown>[] | AdminInputError) {
	const message =
		issues instanceof AdminInputError ? issues.message : issues.map((i) => i.message).join('; ');
	return fail(400, { action, error: message });
}

export const actions: Actions = {
	createUser: async ({ request, locals }) => {
		const form = await request.formData();
		const parsed = v.safeParse(newStaffSchema, {
			username: form.get('username') ?? '',
			fullName: form.get('fullName') ?? '',
			role: form.get('role') ?? '',
			password: form.get('password') ?? '',
			phone: form.get('phone') ?? ''
		});
		if (!parsed.success) return invalid('createUser', parsed.issues);
		try {
			await createStaff(getDb(), locals.user!.id, parsed.output);
		} catch (error) {
			if (error instanceof AdminInputError) return invalid('createUser', error);
			throw error;
		}
		return { action: 'createUser', created: parsed.output.username };
	},
	updateUser: async ({ request, locals }) => {
		const form = await request.formData();
		const id = Number(form.get('id'));
		const parsed = v.safeParse(staffUpdateSchema, {
			fullName: form.get('fullName') ?? '',
			role: form.get('role') ?? '',
			active: form.get('active') === 'on',
			phone: form.get('phone') ?? '',
			newPassword: form.get('newPassword') ?? '',
			routeIds: form.getAll('routeIds').map(Number)
		});
		if (!Number.isInteger(id) || id < 1)
			return invalid('updateUser', new AdminInputError('id', 'missing'));
		if (!parsed.success) return invalid('updateUser', parsed.issues);
		try {
			await updateStaff(getDb(), locals.user!.id, id, parsed.output);
		} catch (error) {
			if (error instanceof AdminInputError) return invalid('updateUser', error);
			throw error;
		}
		return { action: 'updateUser', saved: id };
	},
	setPermission: async ({ request, locals }) => {
		const form = await request.formData();
		const parsed = v.safeParse(permissionSchema, {
			role: form.get('role') ?? '',
			module: form.get('module') ?? '',
			perms: Object.fromEntries(permActions.map((a) => [a, form.get(a) === 'on']))
		});
		if (!parsed.success) return invalid('setPermission', parsed.issues);
		try {
			await setPermission(getDb(), locals.user!.id, parsed.output);
		} catch (error) {
			if (error instanceof AdminInputError) return invalid('setPermission', error);
			throw error;
		}
		return { action: 'setPermission', saved: `${parsed.output.role}:${parsed.output.module}` };
	}
};
