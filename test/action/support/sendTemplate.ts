import type { INodeParameters } from 'n8n-workflow';

import { byId } from './graph';

/** Message > Send Template's parameters: a template to the phone number in `$json.phone`, its variables as the resource mapper holds them. */
export function sendTemplateParameters(
	ids: { wabaId: string; phoneNumberId: string },
	name: string,
	values: Record<string, unknown>,
	extra: INodeParameters = {},
): INodeParameters {
	return {
		resource: 'message',
		operation: 'sendTemplate',
		wabaId: byId(ids.wabaId),
		recipientMode: 'phone',
		senderPhoneNumberId: byId(ids.phoneNumberId),
		recipientPhoneNumber: '={{ $json.phone }}',
		templateName: name,
		templateLanguage: 'en_US',
		templateParameters: {
			mappingMode: 'defineBelow',
			value: values as Record<string, string>,
			matchingColumns: [],
			schema: [],
			attemptToConvertTypes: false,
			convertFieldsToString: false,
		},
		...extra,
	};
}
