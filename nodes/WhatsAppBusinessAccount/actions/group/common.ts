// What the Group operations share: the group by its ID (Meta's group IDs are base64-like text,
// not digits), Meta's limits on a group's texts, and one request shape for a group's edges.
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { graphApiRequest } from '../../../shared/transport/graphApi';

/** Meta's limits (Groups API reference, "Create group"). */
export const GROUP_LIMITS = { subject: 128, description: 2048, participantsPerRemoval: 8 } as const;

export const showFor = (operation: string) => ({ resource: ['group'], operation: [operation] });

export const GROUP_ID_OPERATIONS = [
	'get',
	'update',
	'delete',
	'getInviteLink',
	'resetInviteLink',
	'getJoinRequests',
	'approveJoinRequests',
	'rejectJoinRequests',
	'removeParticipants',
];

export const groupIdProperty: INodeProperties = {
	displayName: 'Group ID',
	name: 'groupId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. Y2FwaV9ncm91cDoxNzA1NTU1MDEzOToxMjAzNjM0MDQ2OTQyMzM4MjAZD',
	description:
		"The group's ID: the trigger's group_lifecycle_update item of its creation gives it, Group > Get Many lists it",
	displayOptions: { show: { resource: ['group'], operation: GROUP_ID_OPERATIONS } },
};

/** A group ID goes into the path: anything but its letters, digits, `_`, `-` and `=` would address another Graph node. */
export function getGroupId(context: IExecuteFunctions, itemIndex: number): string {
	const groupId = String(context.getNodeParameter('groupId', itemIndex, '') ?? '').trim();
	if (!/^[A-Za-z0-9_=-]+$/.test(groupId))
		throw new NodeOperationError(
			context.getNode(),
			`Group ID must be a WhatsApp group ID such as Y2FwaV9ncm91cDox…, got ${JSON.stringify(groupId)}`,
			{ itemIndex, description: 'Nothing was sent. Group > Get Many lists the IDs of the groups.' },
		);
	return groupId;
}

/** A text within Meta's limit, refused otherwise; `trim` as Meta trims a subject. */
export function checkedGroupText(
	context: IExecuteFunctions,
	itemIndex: number,
	label: string,
	raw: unknown,
	max: number,
): string {
	const text = String(raw ?? '').trim();
	const length = [...text].length;
	if (length > max)
		throw new NodeOperationError(
			context.getNode(),
			`${label} is ${length} characters; WhatsApp allows at most ${max}`,
			{ itemIndex },
		);
	return text;
}

/** A comma- or newline-separated list typed into one field (IDs, numbers), without blanks. */
export function splitIds(raw: unknown): string[] {
	if (Array.isArray(raw)) return raw.map((v) => String(v).trim()).filter(Boolean);
	return String(raw ?? '')
		.split(/[\s,]+/)
		.map((v) => v.trim())
		.filter(Boolean);
}

/** One request to the group or one of its edges, with `messaging_product` in a JSON body. */
export async function groupRequest(
	context: IExecuteFunctions,
	itemIndex: number,
	method: 'GET' | 'POST' | 'DELETE',
	edge: string,
	body?: IDataObject,
	qs?: IDataObject,
): Promise<IDataObject> {
	const groupId = getGroupId(context, itemIndex);
	return await graphApiRequest<IDataObject>(context, {
		method,
		path: `/${groupId}${edge ? `/${edge}` : ''}`,
		...(body ? { json: { messaging_product: 'whatsapp', ...body } } : {}),
		...(qs ? { qs } : {}),
		itemIndex,
	});
}
