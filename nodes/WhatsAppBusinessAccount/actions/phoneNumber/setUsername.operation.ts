import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { NodeOperationError } from 'n8n-workflow';

import { graphApiRequest } from '../../../shared/transport/graphApi';
import { getGraphId } from '../common';
import type { OperationOption } from '../operation';

/**
 * Meta's format rules for business usernames ("Business usernames"): 3 to 35 characters of
 * English letters, digits, periods and underscores, at least one letter, no period at either
 * end or two in a row, not starting with www, not ending with a domain suffix.
 */
export const USERNAME_RULES = {
	minLength: 3,
	maxLength: 35,
	domainSuffixes: ['.com', '.org', '.net', '.int', '.edu', '.gov', '.mil', '.us', '.in', '.html'],
} as const;

/** What is wrong with a username by Meta's rules, or undefined when it follows them. */
export function usernameProblem(username: string): string | undefined {
	const { minLength, maxLength, domainSuffixes } = USERNAME_RULES;
	if (username.length < minLength || username.length > maxLength)
		return `is ${username.length} characters; WhatsApp takes ${minLength} to ${maxLength}`;
	const other = /[^A-Za-z0-9._]/.exec(username);
	if (other)
		return `has "${other[0]}"; WhatsApp takes only English letters, digits, periods (.) and underscores (_)`;
	if (!/[A-Za-z]/.test(username)) return 'needs at least one letter';
	if (username.startsWith('.') || username.endsWith('.'))
		return 'starts or ends with a period; WhatsApp does not take that';
	if (username.includes('..')) return 'has two periods in a row; WhatsApp does not take that';
	if (/^www/i.test(username)) return 'starts with "www"; WhatsApp does not take that';
	const suffix = domainSuffixes.find((s) => username.toLowerCase().endsWith(s));
	if (suffix) return `ends with "${suffix}", like a web address; WhatsApp does not take that`;
	return undefined;
}

export const option: OperationOption = {
	name: 'Set Username',
	value: 'setUsername',
	description: "Claim or change a business number's username, which customers can search for",
	action: 'Set username of phone number',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Username',
		name: 'username',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. jaspers_market',
		description:
			'3 to 35 English letters, digits, periods and underscores, with at least one letter; no period at either end or two in a row, not starting with www or ending like a web address (.com, .org ...)',
		displayOptions: { show: { resource: ['phoneNumber'], operation: ['setUsername'] } },
	},
	{
		displayName: 'Transfer',
		name: 'transferAction',
		type: 'options',
		default: 'none',
		description:
			'What to do when another number of the same business portfolio holds this username',
		options: [
			{
				name: 'None',
				value: 'none',
				description: 'Fail, and leave the username with the other number',
			},
			{
				name: 'Force Transfer',
				value: 'force_transfer',
				description: 'Move the username from the other number to this one',
			},
		],
		displayOptions: { show: { resource: ['phoneNumber'], operation: ['setUsername'] } },
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const phoneNumberId = getGraphId(this, 'phoneNumberId', itemIndex, 'Phone Number ID');
	// customers see it as @name; Meta wants it without the @
	const username = String(this.getNodeParameter('username', itemIndex, '') ?? '')
		.trim()
		.replace(/^@/, '');
	if (!username) throw new NodeOperationError(this.getNode(), 'Username is empty', { itemIndex });
	const problem = usernameProblem(username);
	if (problem)
		throw new NodeOperationError(this.getNode(), `Username "${username}" ${problem}`, {
			itemIndex,
		});
	const transferAction = this.getNodeParameter('transferAction', itemIndex, 'none') as string;
	const answer = await graphApiRequest<IDataObject>(this, {
		method: 'POST',
		path: `/${phoneNumberId}/username`,
		json: { username, transfer_action: transferAction },
		itemIndex,
	});
	// Meta answers the status alone; the output names the username it is for
	return { username, ...answer };
}
