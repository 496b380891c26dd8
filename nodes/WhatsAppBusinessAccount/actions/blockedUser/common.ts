import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { graphApiRequest } from '../../../shared/transport/graphApi';
import { getGraphId } from '../common';

/** Meta's limits of the Block Users API: users in one call, and on a number's blocklist. */
export const BLOCK_LIMITS = { usersPerCall: 1000, blocklist: 64_000 } as const;

/** The Users field of Block and Unblock. */
export function usersProperty(operation: string, description: string): INodeProperties {
	return {
		displayName: 'Users',
		name: 'users',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. +16505551234, +447700900123',
		description,
		hint: 'Phone numbers with their country code, separated by commas or new lines; up to 1,000 a call',
		displayOptions: { show: { resource: ['blockedUser'], operation: [operation] } },
	};
}

/** The phone numbers of the Users field: each one +, digits and separators, at most 1,000. */
function usersOf(context: IExecuteFunctions, itemIndex: number): string[] {
	const raw = context.getNodeParameter('users', itemIndex, '') as string | string[];
	const users = (Array.isArray(raw) ? raw.map(String) : String(raw ?? '').split(/[,;\n]/))
		.map((user) => user.trim())
		.filter(Boolean);
	const refuse = (message: string) => {
		throw new NodeOperationError(context.getNode(), message, { itemIndex });
	};
	if (!users.length) refuse('Users is empty');
	if (users.length > BLOCK_LIMITS.usersPerCall)
		refuse(
			`Users has ${users.length} phone numbers; WhatsApp takes at most ${BLOCK_LIMITS.usersPerCall} a call (split the list over several items)`,
		);
	for (const user of users)
		if (!/^\+?[0-9][0-9\s().-]{5,}$/.test(user))
			refuse(
				`Users: "${user}" is not a phone number (country code and number, such as +16505551234)`,
			);
	return users;
}

/**
 * Block (POST) or unblock (DELETE) users on a business number: one output item per user, as
 * Meta answers them (`input` as given, `wa_id`). A user Meta could not block fails the call
 * with its error 139100, whose explanation names the 24-hour rule.
 */
export async function changeBlocklist(
	context: IExecuteFunctions,
	itemIndex: number,
	method: 'POST' | 'DELETE',
): Promise<IDataObject[]> {
	const phoneNumberId = getGraphId(context, 'phoneNumberId', itemIndex, 'Phone Number ID');
	const users = usersOf(context, itemIndex);
	const answer = await graphApiRequest<{ block_users?: IDataObject }>(context, {
		method,
		path: `/${phoneNumberId}/block_users`,
		json: { messaging_product: 'whatsapp', block_users: users.map((user) => ({ user })) },
		itemIndex,
	});
	const listed = answer.block_users?.[method === 'POST' ? 'added_users' : 'removed_users'];
	return (Array.isArray(listed) ? (listed as IDataObject[]) : []).map((user) => ({
		input: user.input ?? null,
		waId: user.wa_id ?? null,
		blocked: method === 'POST',
	}));
}
