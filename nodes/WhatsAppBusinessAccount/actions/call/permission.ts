// A customer's call permission as Meta reports it (GET /{phone-number-id}/call_permissions):
// the permission (none, temporary until a time, permanent) and, per action (send a permission
// request, start a call), whether it can be done now and the limits that decide it.
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { normalizePhoneNumber } from '../../messaging/recipient';
import { graphApiRequest } from '../../../shared/transport/graphApi';

export interface CallPermissionLimit {
	time_period?: string;
	max_allowed?: number;
	current_usage?: number;
	limit_expiration_time?: number;
}

export interface CallPermissionAction {
	action_name?: string;
	can_perform_action?: boolean;
	limits?: CallPermissionLimit[];
}

export interface CallPermissionAnswer {
	messaging_product?: string;
	permission?: { status?: string; expiration_time?: number };
	actions?: CallPermissionAction[];
}

/**
 * The customer's WhatsApp number as Meta takes it for calls: digits, country code first. A
 * number with + may be written with spaces or dashes; one without is read as a WhatsApp ID (a
 * trigger item's wa_id), never as a local number.
 */
export function customerWaId(
	context: IExecuteFunctions,
	itemIndex: number,
	raw: unknown,
	label: string,
): string {
	const text = String(raw ?? '').trim();
	const { value, problem } = normalizePhoneNumber(text, !text.startsWith('+'));
	if (problem || !value)
		throw new NodeOperationError(context.getNode(), `${label} ${problem ?? 'is empty'}`, {
			itemIndex,
			description:
				'Nothing was sent. Give the number with its country code, such as +16505551234 (a trigger item gives it as customer.phone).',
		});
	return value.slice(1);
}

export async function readCallPermission(
	context: IExecuteFunctions,
	itemIndex: number,
	phoneNumberId: string,
	userWaId: string,
): Promise<CallPermissionAnswer> {
	return await graphApiRequest<CallPermissionAnswer>(context, {
		method: 'GET',
		path: `/${phoneNumberId}/call_permissions`,
		qs: { user_wa_id: userWaId },
		itemIndex,
	});
}

const PERIODS: Record<string, string> = { PT24H: '24 hours', P7D: '7 days' };

/** "5 of 5 in 24 hours, until 2025-04-25T23:10:00.000Z": the limits that an action ran into. */
function describeLimits(limits: CallPermissionLimit[] = []): string {
	return limits
		.filter((l) => l.max_allowed !== undefined && (l.current_usage ?? 0) >= l.max_allowed)
		.map((l) => {
			const period = PERIODS[l.time_period ?? ''] ?? l.time_period ?? 'the period';
			const until = l.limit_expiration_time
				? `, until ${new Date(l.limit_expiration_time * 1000).toISOString()}`
				: '';
			return `${l.current_usage} of ${l.max_allowed} in ${period}${until}`;
		})
		.join('; ');
}

/**
 * What Meta says about starting a call now: null when it may start, else why not, in words a
 * workflow's owner can act on.
 */
export function startCallRefusal(answer: CallPermissionAnswer): string | null {
	const start = answer.actions?.find((a) => a.action_name === 'start_call');
	if (start?.can_perform_action !== false) return null;
	const status = answer.permission?.status ?? 'unknown';
	if (status === 'no_permission')
		return 'The customer has not given this number permission to call them: send a call permission request (Message > Send Call Permission Request) and wait for their answer';
	const limits = describeLimits(start.limits);
	return `Meta does not allow a call to this customer now${limits ? ` (connected-call limit reached: ${limits})` : ''}`;
}

/** The answer, with the permission's expiry also as an ISO date for the workflow. */
export function permissionOutput(userWaId: string, answer: CallPermissionAnswer): IDataObject {
	const expires = answer.permission?.expiration_time;
	return {
		userWaId,
		...(answer as IDataObject),
		...(typeof expires === 'number'
			? { permissionExpiresAt: new Date(expires * 1000).toISOString() }
			: {}),
	};
}
