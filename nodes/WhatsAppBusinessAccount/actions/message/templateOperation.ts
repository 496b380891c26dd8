// The Send Template operation's entry in the Message resource's list, kept apart from the
// resource's other operations so that both can grow without touching each other.
import type { INodePropertyOptions } from 'n8n-workflow';

export const sendTemplateOption: INodePropertyOptions = {
	name: 'Send Template',
	value: 'sendTemplate',
	description: 'Send an approved template, its variables filled as fields, to every input item at a set pace',
	action: 'Send template message',
};

export { description as sendTemplateDescription, executeSendTemplate, getTemplateFields } from './sendTemplate';
