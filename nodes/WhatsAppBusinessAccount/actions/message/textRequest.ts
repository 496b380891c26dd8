import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OutgoingMessage } from '../../messaging/send';
import {
	envelope,
	LIMITS,
	outgoing,
	requiredText,
	sendOptions,
	sendProperties,
	showFor,
	sending,
} from './common';

/**
 * The interactive requests that are a text and one button WhatsApp draws itself (call permission,
 * contact info): the same form and the same message, only the interactive type and the words differ.
 */
export function textRequest(settings: {
	operation: string;
	/** `interactive.type`, also the action's name as Meta writes both */
	interactiveType: string;
	placeholder: string;
	hint: string;
}) {
	const show = showFor(settings.operation);
	const description: INodeProperties[] = [
		...sendProperties(settings.operation),
		{
			displayName: 'Text',
			name: 'text',
			type: 'string',
			typeOptions: { rows: 3 },
			required: true,
			default: '',
			placeholder: settings.placeholder,
			description: settings.hint,
			displayOptions: { show },
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			displayOptions: { show },
			options: sendOptions(),
		},
	];

	async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OutgoingMessage> {
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const text = requiredText(this, itemIndex, 'text', 'Text', LIMITS.interactiveBody);
		const { target, fields } = envelope(this, itemIndex, options);
		return outgoing(target, fields, 'interactive', {
			type: settings.interactiveType,
			action: { name: settings.interactiveType },
			body: { text },
		});
	}

	return { description, execute: sending(prepare) };
}
