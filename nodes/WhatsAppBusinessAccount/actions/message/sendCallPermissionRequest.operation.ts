import type { OperationOption } from '../operation';
import { TO_ANY_RECIPIENT } from './common';
import { textRequest } from './textRequest';

export const option: OperationOption = {
	name: 'Send Call Permission Request',
	value: 'sendCallPermissionRequest',
	description: `Ask a customer to let this number call them (interactive call_permission_request, in the customer-service window) ${TO_ANY_RECIPIENT}`,
	action: 'Send call permission request',
};

const request = textRequest({
	operation: 'sendCallPermissionRequest',
	interactiveType: 'call_permission_request',
	placeholder: 'e.g. May we call you about your order ON-12853?',
	hint: 'Why you want to call, up to 1024 characters; WhatsApp shows the allow and decline buttons under it. The answer arrives on the trigger as a call_permission_reply item.',
});

export const description = request.description;
export const execute = request.execute;
