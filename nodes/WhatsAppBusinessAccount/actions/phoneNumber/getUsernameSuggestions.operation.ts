import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { graphApiRequest } from '../../../shared/transport/graphApi';
import { getGraphId } from '../common';
import type { OperationOption } from '../operation';

export const option: OperationOption = {
	name: 'Get Username Suggestions',
	value: 'getUsernameSuggestions',
	description: 'Get the usernames Meta has reserved for a business number, which it can claim',
	action: 'Get username suggestions of phone number',
};

export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const phoneNumberId = getGraphId(this, 'phoneNumberId', itemIndex, 'Phone Number ID');
	const answer = await graphApiRequest<{ data?: IDataObject[] }>(this, {
		method: 'GET',
		path: `/${phoneNumberId}/username_suggestions`,
		itemIndex,
	});
	// Meta answers a list of one entry holding the suggestions; none is an empty list
	const entry = Array.isArray(answer.data) ? answer.data[0] : undefined;
	const suggestions = entry?.username_suggestions;
	return { username_suggestions: Array.isArray(suggestions) ? suggestions : [] };
}
