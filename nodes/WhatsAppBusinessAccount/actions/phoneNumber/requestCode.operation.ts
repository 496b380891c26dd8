import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { graphApiRequest } from '../../../shared/transport/graphApi';
import { getGraphId, normalizeSuccess } from '../common';
import type { OperationOption } from '../operation';

const show = { resource: ['phoneNumber'], operation: ['requestCode'] };

export const option: OperationOption = {
	name: 'Request Verification Code',
	value: 'requestCode',
	description: 'Have Meta send a verification code to a business number by SMS or voice call',
	action: 'Request verification code for phone number',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Send Code By',
		name: 'codeMethod',
		type: 'options',
		options: [
			{ name: 'SMS', value: 'SMS' },
			{ name: 'Voice Call', value: 'VOICE' },
		],
		default: 'SMS',
		description: 'How Meta sends the verification code to the number',
		displayOptions: { show },
	},
	{
		displayName: 'Language',
		name: 'language',
		type: 'string',
		required: true,
		default: 'en_US',
		placeholder: 'e.g. en_US',
		description: 'The language of the message or call, as a language and locale code',
		displayOptions: { show },
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const phoneNumberId = getGraphId(this, 'phoneNumberId', itemIndex, 'Phone Number ID');
	const codeMethod = this.getNodeParameter('codeMethod', itemIndex) as string;
	const language = (this.getNodeParameter('language', itemIndex) as string).trim();
	const answer = await graphApiRequest<IDataObject>(this, {
		method: 'POST',
		path: `/${phoneNumberId}/request_code`,
		qs: { code_method: codeMethod, language },
		itemIndex,
	});
	return normalizeSuccess(answer);
}
