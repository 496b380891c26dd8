import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { graphApiRequest } from '../../../shared/transport/graphApi';
import { getWabaId, normalizeSuccess } from '../common';
import type { OperationOption } from '../operation';

const show = { resource: ['subscribedApp'], operation: ['subscribe'] };

export const option: OperationOption = {
	name: 'Subscribe',
	value: 'subscribe',
	description:
		"Subscribe the token's app to this account's webhooks (the usual fix when a trigger only receives test messages)",
	action: 'Subscribe app to account',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Override Callback URL',
				name: 'overrideCallbackUri',
				type: 'string',
				default: '',
				placeholder: 'e.g. https://n8n.example.com/webhook/waba',
				description:
					"Send this account's webhooks to this URL instead of the app's own callback URL. Needs a Verify Token too. Works for messages and other message-level fields; account and template fields keep going to the app's callback.",
			},
			{
				displayName: 'Verify Token',
				name: 'verifyToken',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				description: 'The token Meta sends back when it verifies the override callback URL',
			},
		],
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const wabaId = getWabaId(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const overrideCallbackUri = String(options.overrideCallbackUri ?? '').trim();
	const verifyToken = String(options.verifyToken ?? '');
	if (Boolean(overrideCallbackUri) !== Boolean(verifyToken)) {
		throw new NodeOperationError(
			this.getNode(),
			'Override Callback URL and Verify Token go together: set both or neither',
			{ itemIndex },
		);
	}
	const body: IDataObject = overrideCallbackUri
		? { override_callback_uri: overrideCallbackUri, verify_token: verifyToken }
		: {};
	const answer = await graphApiRequest<IDataObject>(this, {
		method: 'POST',
		path: `/${wabaId}/subscribed_apps`,
		body,
		itemIndex,
	});
	return normalizeSuccess(answer);
}
