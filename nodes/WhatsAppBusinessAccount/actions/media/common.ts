import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { GRAPH_ID_REGEX } from '../../../shared/descriptions';
import { getGraphId } from '../common';

export function mediaIdProperty(operations: string[]): INodeProperties {
	return {
		displayName: 'Media ID',
		name: 'mediaId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 1037543291543636',
		description:
			"The media's ID, as in a message item of the WhatsApp Business Account Trigger (the ID of its image, document, audio, video or sticker)",
		displayOptions: { show: { resource: ['media'], operation: operations } },
		validation: [
			{
				type: 'regex',
				properties: { regex: GRAPH_ID_REGEX, errorMessage: 'A media ID is digits only' },
			},
		],
	} as INodeProperties;
}

/** The optional check that the media belongs to one business number. */
export function mediaOptionsPhoneNumber(): INodeProperties {
	return {
		displayName: 'Only for Phone Number ID',
		name: 'phoneNumberId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 106540352242922',
		description:
			'Optional: act only if the media belongs to this business phone number (its ID, not the number)',
		validation: [
			{
				type: 'regex',
				properties: { regex: GRAPH_ID_REGEX, errorMessage: 'A phone number ID is digits only' },
			},
		],
	} as INodeProperties;
}

/** `{ phone_number_id }` when the user asked for that check. */
export function phoneNumberQuery(
	context: IExecuteFunctions,
	options: IDataObject,
	itemIndex: number,
): IDataObject {
	if (!String(options.phoneNumberId ?? '').trim()) return {};
	return {
		phone_number_id: getGraphId(
			context,
			'options.phoneNumberId',
			itemIndex,
			'Only for Phone Number ID',
		),
	};
}

/** The binary field an upload reads its file from. */
export function inputBinaryFieldProperty(operation: string, description?: string): INodeProperties {
	return {
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		hint: 'The name of the input binary field containing the file to be uploaded',
		...(description ? { description } : {}),
		displayOptions: { show: { resource: ['media'], operation: [operation] } },
	};
}
